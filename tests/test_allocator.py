"""Freed memory kept for reuse (inspector/server/allocator.py): what the kernel sees of a process
that builds and drops pages of a few megabytes again and again, as the server does during a pull."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# 20 rounds of forty 1 MB values made and dropped, as pages of a pull are; the page faults of the
# rounds after the first (the first grows the heap either way).
ROUNDS = """
import json, resource, sys
sys.path.insert(0, sys.argv[1])
from inspector.server.allocator import keep_freed_memory
kept = keep_freed_memory() if sys.argv[2] == "keep" else None

def page():
    values = [b"x" * (1 << 20) for _ in range(40)]
    del values

page()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(20):
    page()
print(json.dumps({"kept": kept, "faults": resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before}))
"""


def run(mode: str, **env: str) -> dict[str, object]:
    environment = {k: v for k, v in os.environ.items()
                   if k != "GLIBC_TUNABLES" and not k.startswith("MALLOC_")}
    environment.update(env)
    out = subprocess.run([sys.executable, "-c", ROUNDS, str(ROOT), mode], env=environment, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.splitlines()[-1])


def test_freed_pages_are_reused_instead_of_taken_from_the_kernel_again() -> None:
    default = run("default")
    kept = run("keep")
    assert kept["kept"] is True
    # 20 rounds × 40 MB is about 200 000 pages of 4 KB faulted in again by default
    assert int(default["faults"]) > 100_000
    assert int(kept["faults"]) < int(default["faults"]) / 20


def test_an_operators_malloc_setting_stands() -> None:
    tuned = run("keep", GLIBC_TUNABLES="glibc.malloc.trim_threshold=1000")
    assert tuned["kept"] is False
    assert int(tuned["faults"]) > 100_000  # glibc as the operator set it: trimmed after every page
    assert run("keep", MALLOC_ARENA_MAX="2")["kept"] is False
