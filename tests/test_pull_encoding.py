"""Pull pages compressed when the laptop asks (a real server): gzip over a network, plain on loopback
where compressing costs more processor time than it saves."""

from __future__ import annotations

import gzip
import json

import httpx

from inspector.sync.client import SyncClient
from tests.test_server import api, seed_zuid

pytest_plugins = ["tests.servers"]


def test_a_pull_page_is_gzipped_only_when_asked_for(server) -> None:
    seed_zuid(server)
    token = server.token("toezichthouder-zuid")
    with api(server, token) as c:
        plain = c.get("/pull", params={"limit": 50}, headers={"Accept-Encoding": "identity"})
        refused = c.get("/pull", params={"limit": 50}, headers={"Accept-Encoding": "gzip;q=0, identity"})
        packed = c.stream("GET", "/pull", params={"limit": 50}, headers={"Accept-Encoding": "gzip"})
        with packed as answer:
            raw = b"".join(answer.iter_raw())
            encoding = answer.headers.get("content-encoding")
    assert "content-encoding" not in plain.headers and "content-encoding" not in refused.headers
    assert encoding == "gzip" and len(raw) < len(plain.content)
    page = json.loads(gzip.decompress(raw))
    assert page == plain.json() and len(page["records"]) > 0


def test_the_laptop_asks_for_gzip_except_on_loopback(server) -> None:
    seen: list[str] = []

    def note(request: httpx.Request) -> None:
        seen.append(request.headers["accept-encoding"])

    for url, expected in ((server.url, "identity"), ("https://inspectie.example.nl", "gzip")):
        with SyncClient(url, "token") as client:
            client._http.event_hooks["request"] = [note]  # noqa: SLF001
            try:
                client.pull("", 10)
            except Exception:  # noqa: BLE001 - the second server does not exist; the header was made
                pass
        assert seen.pop() == expected
