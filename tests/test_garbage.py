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


def test_a_pull_outside_the_app_defers_collection_to_its_end():
    from inspector.garbage import deferred

    was_enabled = gc.isenabled()
    try:
        gc.enable()
        with deferred():
            assert not gc.isenabled()  # nothing scans the heap while a pull keeps pages alive
        assert gc.isenabled()
        gc.disable()  # the app: collection already off, collected by its GUI timer
        with deferred():
            assert not gc.isenabled()
        assert not gc.isenabled()  # left as the app set it
        gc.enable()
        try:
            with deferred():
                raise RuntimeError("connection lost")
        except RuntimeError:
            pass
        assert gc.isenabled()  # a pull cut short switches it on again
    finally:
        (gc.enable if was_enabled else gc.disable)()
