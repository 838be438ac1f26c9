"""When Python's cyclic garbage collector runs in the app: not on its own, but once a second on the
GUI thread, the oldest generation that is due (``ui/app.py``).

Left automatic, a collection can start on a worker thread and destroy Qt objects there. It also
costs a large pull dearly: the pull keeps tens of thousands of objects alive for a while, so the
collector scans the whole heap again and again (2.5 of 24 seconds of a 600 000-record pull, against
0.2 s run once a second). ``benchmarks/bench_sync.py`` pulls under the same regime as the app, and
a pull elsewhere (the command line, scripts) defers automatic collection to its end (``deferred``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def collect_due() -> int | None:
    """Collect the oldest generation whose count has passed its threshold (as the automatic collector
    would have, at most one a call); the generation collected, or None when none was due."""
    counts, thresholds = gc.get_count(), gc.get_threshold()
    for generation in (2, 1, 0):
        if counts[generation] > thresholds[generation]:
            gc.collect(generation)
            return generation
    return None


@contextmanager
def deferred() -> Iterator[None]:
    """Automatic collection held off inside the block and one collection of what is due after it;
    nothing changes where it is off already (the app). Safe with blocks on several threads: the
    block that switched it off switches it on again."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        collect_due()
