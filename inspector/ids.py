"""Record ids: time-ordered UUIDs (version 7, RFC 9562), made by laptops and the server alike.

A record's id is its primary key on every laptop. Random ids (version 4, what earlier releases made
and what stays valid everywhere: an id is any text of up to 64 characters) put each new record at a
random place in every index keyed by it, so writing a few thousand records touched nearly every page
of those indexes, and a pull slowed as the workspace grew: each transaction wrote each touched page
once more, encrypted. A version 7 id starts with the time it was made in milliseconds, so records
made one after another (and pulled in the order the server took them) go to the end of those
indexes. Within one millisecond the ids of this process still rise (RFC 9562 §6.2, method 2: the
random part of the previous id plus one); the 74 random bits keep ids of different laptops apart.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

_RANDOM_BITS = 74  # rand_a (12) + rand_b (62)
_lock = threading.Lock()
_last = (0, 0)  # (milliseconds, random part) of the id made last


def _forget_last() -> None:
    """A forked process (a server worker) counts on from fresh random bits, never from its parent's."""
    global _last
    _last = (0, 0)


os.register_at_fork(after_in_child=_forget_last)


def uuid7(ms: int | None = None) -> uuid.UUID:
    """A new version 7 UUID, greater than every one this process made before (``ms``: the time to
    put in it, for tests; the clock's by default)."""
    global _last
    now = time.time_ns() // 1_000_000 if ms is None else ms
    with _lock:
        last_ms, last_rand = _last
        if now > last_ms:
            stamp, rand = now, int.from_bytes(os.urandom(10)) >> (80 - _RANDOM_BITS)
        else:  # the same millisecond, or the clock went back: count on from the last id
            stamp, rand = last_ms, last_rand + 1
            if rand >> _RANDOM_BITS:
                stamp, rand = last_ms + 1, 0
        _last = (stamp, rand)
    value = (stamp << 80) | (0x7 << 76) | ((rand >> 62) << 64) | (0b10 << 62) | (rand & (2**62 - 1))
    return uuid.UUID(int=value)


def new_id() -> str:
    """A new record id: a version 7 UUID as text (36 characters, lower case)."""
    return str(uuid7())


def short_id(record_id: str) -> str:
    """The part of an id to show a person or put in a file name: its last 8 characters. They are
    random in both versions; the first ones of a version 7 id are its time, the same for all ids
    made within a minute."""
    return record_id[-8:]
