"""Record ids: time-ordered version 7 UUIDs (ids.py); ids of earlier releases (version 4) stay valid."""

from __future__ import annotations

import os
import threading
import uuid

import pytest

from inspector import ids


def test_a_new_id_is_a_version_7_uuid_with_the_time_it_was_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """The id is a standard UUID (version 7, RFC variant) whose first 48 bits are the milliseconds."""
    monkeypatch.setattr(ids, "_last", (0, 0))  # a process that made no id yet (restored afterwards)
    made = ids.uuid7(ms=1_790_000_000_123)
    assert made.version == 7 and made.variant == uuid.RFC_4122
    assert made.int >> 80 == 1_790_000_000_123
    text = ids.new_id()
    assert len(text) == 36 and text == str(uuid.UUID(text)) and uuid.UUID(text).version == 7


def test_ids_rise_in_the_order_they_are_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ids made one after another sort as text in the order they were made, also many in one
    millisecond, when the clock goes back, and when one millisecond's random part runs out."""
    made = [ids.new_id() for _ in range(20_000)]
    assert made == sorted(made) and len(set(made)) == len(made)
    monkeypatch.setattr(ids, "_last", (0, 0))  # a process that made no id yet (restored afterwards)
    later = ids.uuid7(ms=4_000_000_000_000)
    back = ids.uuid7(ms=3_000_000_000_000)  # the clock went back: still after the last one
    assert str(back) > str(later) and back.int >> 80 == 4_000_000_000_000
    monkeypatch.setattr(ids, "_last", (4_000_000_000_001, 2**74 - 1))  # a millisecond's counter at its end
    over = ids.uuid7(ms=4_000_000_000_001)
    assert over.int >> 80 == 4_000_000_000_002 and over.version == 7 and str(over) > str(back)


def test_ids_made_on_several_threads_are_all_different() -> None:
    """The database lane, the network lane and the UI each make ids: none is made twice."""
    made: list[str] = []

    def make() -> None:
        made.extend(ids.new_id() for _ in range(5_000))

    threads = [threading.Thread(target=make) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(made)) == 20_000


def test_the_short_id_is_the_random_end(monkeypatch: pytest.MonkeyPatch) -> None:
    """The short id shown in lists and file names differs between ids made in the same minute."""
    monkeypatch.setattr(ids, "_last", (0, 0))  # a process that made no id yet (restored afterwards)
    first, second = ids.uuid7(ms=5_000_000_000_000), ids.uuid7(ms=5_000_000_000_001)
    assert str(first)[:8] == str(second)[:8]
    assert ids.short_id(str(first)) != ids.short_id(str(second)) and len(ids.short_id(str(first))) == 8


def test_a_forked_process_does_not_count_on_from_its_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    """Server workers are forked: in the same millisecond, parent and child still make different ids."""
    monkeypatch.setattr(ids, "_last", (0, 0))
    parent = ids.uuid7(ms=6_000_000_000_000)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its next id of that millisecond, to the parent
        os.write(write, str(ids.uuid7(ms=6_000_000_000_000)).encode())
        os._exit(0)
    os.close(write)
    child = uuid.UUID(os.read(read, 64).decode())
    os.close(read)
    os.waitpid(pid, 0)
    assert child != ids.uuid7(ms=6_000_000_000_000) and child.int >> 80 == 6_000_000_000_000
    assert child.int != parent.int + 1
