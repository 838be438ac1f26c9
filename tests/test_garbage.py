"""The app's garbage collection (inspector/garbage.py): off on its own, the due generation on a timer."""

from __future__ import annotations

import gc
import weakref

from inspector.garbage import collect_due


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def test_collect_due_frees_cycles_only_when_a_generation_is_due():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        gc.collect()
        assert collect_due() is None  # nothing allocated since: nothing due, nothing collected
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        del a, b
        assert gone() is not None  # a cycle: only the collector frees it
        keep = [[] for _ in range(gc.get_threshold()[0] + 1)]  # past the youngest threshold
        assert collect_due() == 0
        assert gone() is None
        del keep
    finally:
        if was_enabled:
            gc.enable()
