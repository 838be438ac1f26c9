"""A pulled page's memory goes as soon as the laptop lets go of the page (a real server): not at the
next run of Python's cyclic garbage collector, which the app runs once a second while a large pull
brings several pages of some megabytes each second."""

from __future__ import annotations

import gc
import tracemalloc

from inspector.sync.client import SyncClient
from tests.test_server import api, new_case

pytest_plugins = ["tests.servers"]

PAGES, PER_PAGE = 8, 25


def test_a_pulled_page_is_freed_when_let_go_not_at_the_next_garbage_collection(server) -> None:
    token = server.token("toezichthouder-zuid")
    cases = [new_case(f"Z-{n:04d}")[1] for n in range(PAGES * PER_PAGE)]
    for case in cases:
        case["fields"]["ground_facts"] = "Buurtsignaal over de woning; " * 140  # about 4 KB a case
    with api(server, token) as c:
        answer = c.post("/push", json={"key": "memory-1", "records": cases}).json()
        body = len(c.get("/pull", params={"limit": PER_PAGE}).content)  # one page's size on the wire
    assert {r["status"] for r in answer["results"]} == {"applied"}

    with SyncClient(server.url, token) as client:
        client.pull("", PER_PAGE)  # the connection and httpx's own first-use objects
        was_enabled = gc.isenabled()
        gc.collect()
        gc.disable()  # as in the app between two runs of its collector
        tracemalloc.start()
        try:
            cursor, sizes, pulled = "", [], 0
            for _ in range(PAGES):
                page = client.pull(cursor, PER_PAGE)
                cursor, pulled = page["cursor"], pulled + len(page["records"])
                del page
                sizes.append(tracemalloc.get_traced_memory()[0])
        finally:
            tracemalloc.stop()
            if was_enabled:
                gc.enable()
    assert pulled == PAGES * PER_PAGE and body > 100_000
    # After letting go of each page what is left hardly grows: httpx's own few objects of a request
    # (a few KB), not the page (which stayed whole, and more, until the collector ran).
    per_page = (sizes[-1] - sizes[0]) / (PAGES - 1)
    assert per_page < body / 4, (body, per_page)
