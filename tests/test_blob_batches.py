"""Several photos to a request (``server/blob_batch.py``), through a real server and blob store: each
file verified by its hash, a damaged one refused without losing the others, an interrupted batch
resumed without sending again what arrived, and downloads handed out by scope, in parts."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import time
from typing import Any

import pytest

from inspector.attachments import ImportedImage
from inspector.errors import SyncError, SyncKind
from inspector.protocol.constants import HEADER, PROTOCOL_VERSION
from inspector.sync.client import SyncClient
from tests.test_server import api, seed_zuid
from tests.test_server_blobs import attach, own_case_with_visit
from tests.test_sync import make_case, started_visit

pytest_plugins = ["tests.servers"]


def photo(kb: int) -> ImportedImage:
    data = os.urandom(kb * 1024)
    return ImportedImage(data, hashlib.sha256(data).hexdigest(), "image/jpeg", 1600, 1200, None)


def batch_body(files: list[tuple[str, bytes]]) -> bytes:
    head = json.dumps({"files": [{"sha256": sha, "size": len(data)} for sha, data in files]}) + "\n"
    return head.encode() + b"".join(data for _, data in files)


def test_a_batch_keeps_each_verified_file_and_refuses_a_damaged_one(any_store) -> None:
    """Three photos in one request, the second with one byte changed on the way: the other two are
    kept and held by the sender, the damaged one is refused and still missing; the laptop's client
    reports the refusal as the single upload does (hash_mismatch)."""
    seed_zuid(any_store)
    files = [(p.sha256, p.data) for p in (photo(40), photo(60), photo(30))]
    damaged = [files[0], (files[1][0], b"X" + files[1][1][1:]), files[2]]
    token = any_store.token("toezichthouder-zuid")
    with api(any_store, token) as c:
        answer = c.post("/blobs/batch", content=batch_body(damaged),
                        headers={"Content-Type": "application/octet-stream"})
        assert answer.status_code == 200
        assert answer.json() == {"stored": [files[0][0], files[2][0]], "refused": [files[1][0]]}
        assert c.post("/blobs/missing", json={"hashes": [sha for sha, _ in files]}).json() == {
            "missing": [files[1][0]]}
        assert c.get(f"/blobs/{files[0][0]}/status").json()["complete"] is True
    with SyncClient(any_store.url, token) as client:
        with pytest.raises(SyncError) as refused:
            client.upload_blobs([(files[1][0], damaged[1][1])])
        assert (refused.value.code, refused.value.status) == ("hash_mismatch", 422)
        assert refused.value.nl.startswith("Een geüpload bestand klopt niet")
        client.upload_blobs(files)
        assert client.blobs_missing([sha for sha, _ in files]) == []


@pytest.mark.parametrize("body", [b'{"files": []}\n', b"no list\n",
                                  b'{"files": [{"sha256": "' + b"ab" * 32 + b'", "size": 5}]}\n123',
                                  b'{"files": [{"sha256": "' + b"ab" * 32 + b'", "size": 2}]}\n123'])
def test_a_malformed_batch_gets_a_clear_400(server, body: bytes) -> None:
    seed_zuid(server)
    with api(server, server.token("toezichthouder-zuid")) as c:
        answer = c.post("/blobs/batch", content=body, headers={"Content-Type": "application/octet-stream"})
    assert answer.status_code == 400 and answer.json()["code"] == "bad_batch"
    assert "niet goed opgebouwd" in answer.json()["message_nl"]


def test_a_batch_cut_off_keeps_what_arrived_whole(server) -> None:
    """The connection drops halfway through the second of three files: the first is kept (the laptop
    does not send it again), the second and third are missing, and the server logs no error."""
    seed_zuid(server)
    files = [(p.sha256, p.data) for p in (photo(100), photo(100), photo(100))]
    body = batch_body(files)
    token = server.token("toezichthouder-zuid")
    host, port = server.url.removeprefix("http://").split(":")
    request = (f"POST /api/v1/blobs/batch HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
               f"{HEADER}: {PROTOCOL_VERSION}\r\nContent-Type: application/octet-stream\r\n"
               f"Content-Length: {len(body)}\r\n\r\n")
    head = body.index(b"\n") + 1
    with socket.create_connection((host, int(port))) as sock:
        sock.sendall(request.encode() + body[:head + 150 * 1024])
        time.sleep(0.3)
    with SyncClient(server.url, token) as client:
        deadline = time.monotonic() + 10
        while (missing := client.blobs_missing([sha for sha, _ in files])) != sorted(
                [files[1][0], files[2][0]]) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert missing == sorted([files[1][0], files[2][0]])


def test_an_interrupted_photo_upload_resumes_with_the_photos_not_yet_sent(server, proxy, laptop) -> None:
    """A laptop's sync of 30 small photos is cut partway through its photo uploads: the next sync
    sends only what the server does not have yet, and a colleague's laptop receives every photo."""
    a = laptop(proxy.url)
    visit_id = started_visit(a, make_case(a).id)
    photos = [photo(150) for _ in range(30)]
    for n, p in enumerate(photos):
        a.visits.add_imported_photo(visit_id, p, caption=f"Foto {n + 1}")
    total = sum(len(p.data) for p in photos)
    proxy.cut(b"POST /api/v1/blobs/batch", "up", 2_000_000)  # within the first request of ~3 MB
    with pytest.raises(SyncError) as failed:
        a.sync.run()
    assert failed.value.kind is SyncKind.NETWORK
    with SyncClient(server.url, server.token("toezichthouder-zuid")) as client:
        deadline = time.monotonic() + 10
        while len(left := client.blobs_missing([p.sha256 for p in photos])) > 30 - 10 \
                and time.monotonic() < deadline:
            time.sleep(0.05)
    assert len(left) < 30  # some arrived whole before the cut and were kept
    result = a.sync.run()
    assert result.blobs_up == len(left) and result.bytes_up < total
    b = laptop(server.url, "toezichthouder-zuid-2")
    b.sync.run()
    assert sorted(b.visits.blob(p.sha256) == p.data for p in photos) == [True] * 30
    assert len(b.visits.attachments(visit_id)) == 30


def test_fetch_hands_out_files_in_scope_only_and_in_parts(any_store) -> None:
    """A download of several files names only those in the caller's teams, as many as fit the size
    asked for (the rest ``later``), each with its bytes; another team gets nothing of them."""
    # zuid's photo is tiny: it fits after the two that fill the first answer
    zuid = seed_zuid(any_store)
    shared = [(p.sha256, p.data) for p in (photo(20), photo(30), photo(25))]
    token = any_store.token("toezichthouder-zuid")
    with api(any_store, token) as c:
        case_id, visit_id = own_case_with_visit(c, "Z-0300", "Team Zuid")
        assert c.post("/blobs/batch", content=batch_body(shared)).json()["refused"] == []
        for n, (sha, _) in enumerate(shared):
            assert attach(c, f"fetch-photo-{n}", case_id, visit_id, sha)["status"] == "applied"
    wanted = [sha for sha, _ in shared] + [zuid["sha"]]
    with SyncClient(any_store.url, token) as client:
        files, later = client.fetch_blobs(wanted, max_bytes=60 * 1024)  # 20 + 30 KB, the 25 KB left over
        assert [sha for sha, _ in files] == [wanted[0], wanted[1], wanted[3]] and later == [wanted[2]]
        assert [bytes(data) for _, data in files[:2]] == [shared[0][1], shared[1][1]]
        files, later = client.fetch_blobs(later)
        assert [(sha, bytes(data)) for sha, data in files] == [shared[2]] and later == []
    with SyncClient(any_store.url, any_store.token("toezichthouder-noord")) as noord:
        assert noord.fetch_blobs(wanted) == ([], [])


def test_a_server_without_batches_gets_the_files_one_by_one(server, monkeypatch) -> None:
    """An older server (protocol 2 without the batch endpoints) answers 405 or 404: the laptop then
    sends and fetches file by file."""
    seed_zuid(server)
    files = [(p.sha256, p.data) for p in (photo(10), photo(12))]
    token = server.token("toezichthouder-zuid")
    calls: list[str] = []
    with SyncClient(server.url, token) as client:
        real = client._http.request  # noqa: SLF001

        def older(method: str, path: str, **kwargs: Any) -> Any:
            calls.append(f"{method} {path}")
            if path == "/blobs/batch":
                path = "/blobs/" + "0" * 64  # as an older server routes it: no POST there (405)
            return real(method, path, **kwargs)

        monkeypatch.setattr(client._http, "request", older)  # noqa: SLF001
        client.upload_blobs(files)
        assert client.batches is False
        assert client.blobs_missing([sha for sha, _ in files]) == []
    assert calls[:3] == ["POST /blobs/batch", f"PUT /blobs/{files[0][0]}", f"PUT /blobs/{files[1][0]}"]
