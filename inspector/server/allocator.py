"""How the C library's allocator treats freed memory in a server process.

glibc's malloc gives memory back to the operating system soon after it is freed: blocks above a
threshold that adapts up to 32 MB are mapped on their own and unmapped when freed, and the heap's free
top is trimmed once it exceeds twice that threshold. A process that builds and drops pages of records
of several megabytes (a pull: the server encodes them, the laptop decodes and writes them) then takes
them fresh from the kernel each time, zero-filled, one page fault per 4 KB. Measured on the server
during a pull of 60 000 records into a new laptop: 85 000 page faults and 0.2–0.8 s of kernel time a
pull; with freed memory kept for reuse as below, 17 000 and 0.07–0.3 s (docs/server.md).

Not in the app: on the laptop the same setting saved less (a pull's page faults 70 000 → 50 000) and
raised the peak of a report whose print versions are made on demand (213 → 251 MB at 12 MP): a
laptop's memory is worth more than that.
"""

from __future__ import annotations

import ctypes
import os
import sys

M_TRIM_THRESHOLD = -1  # glibc's mallopt parameters (malloc.h)
M_MMAP_THRESHOLD = -3
KEEP_FREE = 64 * 1024 * 1024  # bytes of freed memory at a heap's top kept for reuse
MAP_FROM = 32 * 1024 * 1024  # blocks from this size are mapped on their own (glibc's adaptive maximum)


def keep_freed_memory() -> bool:
    """Have glibc's malloc keep up to ``KEEP_FREE`` freed bytes for reuse and serve blocks below
    ``MAP_FROM`` from its heaps (for this process; the memory stays bounded by the process's peak).
    False, and nothing changed, where the allocator is not glibc's or the operator has set its
    options in the environment (``GLIBC_TUNABLES``, ``MALLOC_*``): that choice stands."""
    if not sys.platform.startswith("linux"):
        return False
    if "glibc.malloc." in os.environ.get("GLIBC_TUNABLES", "") or any(
            name.startswith("MALLOC_") for name in os.environ):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc (musl has a stub, which answers 0 below)
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return int(mallopt(M_MMAP_THRESHOLD, MAP_FROM)) == 1 and int(mallopt(M_TRIM_THRESHOLD, KEEP_FREE)) == 1
