"""Photos are served by scope, not by hash (real server, PostgreSQL and SQLite, real HTTP): a hash alone
grants nothing, status and "missing" tell nothing of other teams' files, uploads of the same file at
once all get a clean answer, and abandoned uploads are removed."""

from __future__ import annotations

import hashlib
import os
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from inspector.server.db import blob_chunks, blob_holders, blob_uploads, blobs, server_meta
from tests.test_server import api, new_case, seed_zuid
from tests.test_sync import finalized_visit, make_case

pytest_plugins = ["tests.servers"]
PHOTO = b"\xff\xd8 demo photo bytes \xff\xd9"  # the photo seed_zuid uploads
ABSENT = {"size": 0, "received": 0, "complete": False}


def own_case_with_visit(c: httpx.Client, number: str, team: str) -> tuple[str, str]:
    """Push a new case with a visit; returns (case id, visit id)."""
    case_id, case = new_case(number, team)
    visit_id = str(uuid.uuid4())
    answer = c.post("/push", json={"key": f"own-{number}", "records": [case, {
        "entity": "visits", "id": visit_id, "case_id": case_id, "base_rev": 0,
        "fields": {"case_id": case_id, "template_id": "S1", "template_version": 1}}]}).json()
    assert [r["status"] for r in answer["results"]] == ["applied", "applied"]
    return case_id, visit_id


def attach(c: httpx.Client, key: str, case_id: str, visit_id: str, sha: str) -> dict[str, Any]:
    """Push a new photo record referring to ``sha``; the push result."""
    return c.post("/push", json={"key": key, "records": [{
        "entity": "attachments", "id": str(uuid.uuid4()), "case_id": case_id, "base_rev": 0,
        "fields": {"visit_id": visit_id, "sha256": sha}}]}).json()["results"][0]  # type: ignore[no-any-return]


def what_is_told(c: httpx.Client, sha: str) -> tuple[Any, ...]:
    """Everything the blob endpoints say about ``sha`` (its own hash taken out of the answers)."""
    status = c.get(f"/blobs/{sha}/status")
    got = c.get(f"/blobs/{sha}")
    missing = c.post("/blobs/missing", json={"hashes": [sha]}).json()["missing"]
    return (status.status_code, {k: v for k, v in status.json().items() if k != "sha256"},
            got.status_code, got.content, missing == [sha])


def count(server: Any, table: sa.Table, **where: Any) -> int:
    with server.db.read() as conn:
        query = sa.select(sa.func.count()).select_from(table)
        for name, value in where.items():
            query = query.where(table.c[name] == value)
        return int(conn.execute(query).scalar_one())


def test_a_hash_alone_grants_nothing_and_uploading_the_bytes_proves_possession(any_store) -> None:
    """Team Noord refers to Team Zuid's photo by its hash: refused as blob_missing, exactly as for a
    file that does not exist, and status, missing and download tell it nothing. After Noord uploads the
    same bytes itself (stored once, checked against the hash) the record is taken and Noord may fetch
    it; a Zuid colleague who never uploaded it has it in scope."""
    zuid = seed_zuid(any_store)
    nowhere = hashlib.sha256(b"a photo nobody has").hexdigest()
    with api(any_store, any_store.token("toezichthouder-noord")) as noord:
        case_id, visit_id = own_case_with_visit(noord, "N-0100", "Team Noord")
        for sha in (zuid["sha"], nowhere):
            result = attach(noord, f"steal-{sha[:8]}", case_id, visit_id, sha)
            assert (result["status"], result["code"], result["record"]) == ("rejected", "blob_missing", None)
        assert what_is_told(noord, zuid["sha"]) == what_is_told(noord, nowhere) == (
            200, ABSENT, 404, noord.get(f"/blobs/{nowhere}").content, True)
        assert count(any_store, blobs) == 1 and len(any_store.records("attachments")) == 1

        put = noord.put(f"/blobs/{zuid['sha']}", params={"offset": 0, "total": len(PHOTO)}, content=PHOTO)
        assert put.json() == {"sha256": zuid["sha"], "size": len(PHOTO), "received": len(PHOTO),
                              "complete": True}
        assert noord.post("/blobs/missing", json={"hashes": [zuid["sha"]]}).json() == {"missing": []}
        assert noord.get(f"/blobs/{zuid['sha']}").status_code == 404  # held, but no record refers to it yet
        assert attach(noord, "own-photo-1", case_id, visit_id, zuid["sha"])["status"] == "applied"
        assert noord.get(f"/blobs/{zuid['sha']}").content == PHOTO
    assert count(any_store, blobs) == 1 and count(any_store, blob_holders) == 2
    with api(any_store, any_store.token("toezichthouder-zuid-2")) as colleague:
        assert colleague.get(f"/blobs/{zuid['sha']}/status").json()["complete"] is True
        assert colleague.post("/blobs/missing", json={"hashes": [zuid["sha"]]}).json() == {"missing": []}
        result = attach(colleague, "colleague-1", zuid["case_id"], zuid["visit_id"], zuid["sha"])
        assert result["status"] == "applied"


def test_uploads_in_progress_are_per_user_and_resume_where_that_user_stopped(any_store) -> None:
    """Another user's upload of the same file is invisible (status: nothing arrived) and independent:
    each resumes at its own offset; a piece at the wrong offset still gets 409 with where to go on."""
    data = os.urandom(3000)
    sha = hashlib.sha256(data).hexdigest()
    with api(any_store, any_store.token("toezichthouder-zuid")) as zuid, \
            api(any_store, any_store.token("toezichthouder-noord")) as noord:
        assert zuid.put(f"/blobs/{sha}", params={"offset": 0, "total": 3000}, content=data[:1000]).json()[
            "received"] == 1000
        assert {k: v for k, v in noord.get(f"/blobs/{sha}/status").json().items() if k != "sha256"} == ABSENT
        assert noord.put(f"/blobs/{sha}", params={"offset": 0, "total": 3000}, content=data[:2000]).json()[
            "received"] == 2000
        r = zuid.put(f"/blobs/{sha}", params={"offset": 2000, "total": 3000}, content=data[2000:])
        assert (r.status_code, r.json()["code"], r.json()["detail"]) == (409, "offset_mismatch",
                                                                          {"received": 1000})
        assert zuid.get(f"/blobs/{sha}/status").json() == {"sha256": sha, "size": 3000, "received": 1000,
                                                           "complete": False}
        assert zuid.put(f"/blobs/{sha}", params={"offset": 1000, "total": 3000},
                        content=data[1000:]).json()["complete"] is True
        assert zuid.get(f"/blobs/{sha}/status").json()["complete"] is True
        assert noord.get(f"/blobs/{sha}/status").json() == {"sha256": sha, "size": 3000, "received": 2000,
                                                            "complete": False}
        assert noord.put(f"/blobs/{sha}", params={"offset": 2000, "total": 3000},
                         content=data[2000:]).json()["complete"] is True
    assert count(any_store, blobs) == 1 and count(any_store, blob_holders) == 2
    assert count(any_store, blob_uploads) == 0 and count(any_store, blob_chunks) == 0
    assert b"".join(any_store.store.open(sha)) == data


def test_simultaneous_first_uploads_of_the_same_file_all_succeed(any_store) -> None:
    """8 requests at once storing the same new file, 5 times over (as one user and as three users; in one
    piece and in pieces): never a 500; every whole upload completes, a piece gets 200 or 409."""
    tokens = [any_store.token(u) for u in ("toezichthouder-zuid", "toezichthouder-zuid-2",
                                            "toezichthouder-noord")]
    for round_ in range(5):
        data = os.urandom(200_000)
        sha = hashlib.sha256(data).hexdigest()

        def whole(i: int, data: bytes = data, sha: str = sha, one_user: bool = bool(round_ % 2)
                  ) -> tuple[int, Any]:
            token = tokens[0] if one_user else tokens[i % 3]
            with api(any_store, token) as c:
                r = c.put(f"/blobs/{sha}", params={"offset": 0, "total": len(data)}, content=data)
            return r.status_code, r.json()

        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(whole, range(8)))
        assert answers == [(200, {"sha256": sha, "size": 200_000, "received": 200_000, "complete": True})] * 8
        assert count(any_store, blobs, sha256=sha) == 1
        assert count(any_store, blob_holders, sha256=sha) == (1 if round_ % 2 else 3)

    data = os.urandom(300_000)
    sha = hashlib.sha256(data).hexdigest()

    def first_piece(_: int) -> int:
        with api(any_store, tokens[1]) as c:
            return c.put(f"/blobs/{sha}", params={"offset": 0, "total": len(data)},
                         content=data[:100_000]).status_code

    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(first_piece, range(8)))
    assert sorted(set(codes)) in ([200], [200, 409]) and codes.count(200) >= 1
    with api(any_store, tokens[1]) as c:
        at = c.get(f"/blobs/{sha}/status").json()["received"]
        assert at % 100_000 == 0 and at > 0
        assert c.put(f"/blobs/{sha}", params={"offset": at, "total": len(data)},
                     content=data[at:]).json()["complete"] is True


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_uploads_idle_for_a_week_are_removed_at_most_once_an_hour(any_store) -> None:
    """An upload untouched for over 7 days is removed (its pieces too) when the next upload starts, if the
    last sweep is over an hour old; a recent one stays; within the hour nothing is swept."""
    now = datetime.now(UTC)
    files = [os.urandom(3000) for _ in range(4)]
    shas = [hashlib.sha256(f).hexdigest() for f in files]
    with api(any_store, any_store.token("toezichthouder-zuid")) as c:
        for data, sha in zip(files[:3], shas[:3], strict=True):
            assert c.put(f"/blobs/{sha}", params={"offset": 0, "total": 3000}, content=data[:1000]
                         ).status_code == 200

        def age(sha: str, days: float) -> None:
            with any_store.db.write() as conn:
                conn.execute(sa.update(blob_uploads).where(blob_uploads.c.sha256 == sha)
                             .values(updated_at=stamp(now - timedelta(days=days))))

        def last_sweep(at: datetime) -> None:
            with any_store.db.write() as conn:
                conn.execute(sa.update(server_meta).where(server_meta.c.key == "uploads_swept_at")
                             .values(value=stamp(at)))

        age(shas[0], 8)
        age(shas[1], 6)
        with any_store.db.read() as conn:
            abandoned = [r[0] for r in conn.execute(sa.select(blob_chunks.c.piece).where(
                blob_chunks.c.sha256 == shas[0]))]
        assert len(abandoned) == 1 and b"".join(any_store.store.open(abandoned[0])) == files[0][:1000]
        last_sweep(now - timedelta(minutes=30))
        assert c.put(f"/blobs/{shas[3]}", params={"offset": 0, "total": 3000}, content=files[3][:1000]
                     ).status_code == 200
        assert count(any_store, blob_uploads, sha256=shas[0]) == 1  # swept less than an hour ago
        c.put(f"/blobs/{shas[3]}", params={"offset": 0, "total": 3001}, content=b"x")  # a new upload again
        assert count(any_store, blob_uploads, sha256=shas[0]) == 1

        last_sweep(now - timedelta(hours=2))
        c.put(f"/blobs/{shas[3]}", params={"offset": 0, "total": 3000}, content=files[3][:1000])
        assert count(any_store, blob_uploads, sha256=shas[0]) == 0
        assert count(any_store, blob_chunks, sha256=shas[0]) == 0
        with pytest.raises(FileNotFoundError):  # its piece is gone from the blob store too
            any_store.store.open(abandoned[0])
        assert {k: v for k, v in c.get(f"/blobs/{shas[0]}/status").json().items() if k != "sha256"} == ABSENT
        assert c.get(f"/blobs/{shas[1]}/status").json()["received"] == 1000
        assert c.get(f"/blobs/{shas[2]}/status").json()["received"] == 1000
        with any_store.db.read() as conn:
            swept = conn.execute(sa.select(server_meta.c.value).where(
                server_meta.c.key == "uploads_swept_at")).scalar_one()
        assert swept >= stamp(now)


def test_a_laptop_proves_it_holds_a_photo_another_team_has_before_its_visit_is_acknowledged(
        any_store, laptop) -> None:
    """Two teams' laptops hold the same photo bytes. Zuid syncs first. Noord's laptop is told the
    photos are missing although the server has them, uploads them (stored once) and its finalized visit
    gets its receipt. A laptop that skips the upload (its photos marked as sent) gets blob_missing for
    them and no receipt, until it uploads them at its next sync."""
    zuid = laptop(any_store.url)
    finalized_visit(zuid, make_case(zuid, "Z-0300").id)
    assert zuid.sync.run().rejected == 0
    stored = count(any_store, blobs)

    noord = laptop(any_store.url, "toezichthouder-noord", team="Team Noord")
    visit_id = finalized_visit(noord, make_case(noord, "N-0300", team="Team Noord").id)
    hashes = [r[0] for r in noord.db.execute("SELECT sha256 FROM blobs").fetchall()]
    noord.db.execute("UPDATE blobs SET uploaded = 1")  # as if sent, so this sync skips the upload
    result = noord.sync.run()
    assert (result.blobs_up, result.receipts) == (0, 0)
    visit = next(r for r in any_store.records("visits") if r["id"] == visit_id)
    assert (visit["data"]["status"], visit["data"]["receipt"]) == ("finalized", "")
    assert not [r for r in any_store.records("attachments") if r["data"]["visit_id"] == visit_id]
    with api(any_store, any_store.token("toezichthouder-noord")) as c:
        assert {c.get(f"/blobs/{sha}").status_code for sha in hashes} == {404}

    result = noord.sync.run()
    assert (result.blobs_up, result.rejected) == (len(hashes), 0)
    assert noord.visits.get(visit_id).status == "synced"
    assert count(any_store, blobs) == stored
    with api(any_store, any_store.token("toezichthouder-noord")) as c:
        assert {c.get(f"/blobs/{sha}").status_code for sha in hashes} == {200}


def test_what_a_crashed_request_left_in_the_folder_store_goes_after_a_week(server) -> None:
    """A piece no upload refers to (the server stopped between storing and recording it) is removed by
    the sweep once it is 7 days old; a newer one and a piece of an upload in progress stay."""
    store = server.store
    left = [store.writer(None), store.writer(None)]
    for writer in left:
        writer.write(b"half a photo")
    old, new = (w.commit().name for w in left)
    data = os.urandom(3000)
    sha = hashlib.sha256(data).hexdigest()
    with api(server, server.token("toezichthouder-zuid")) as c:
        assert c.put(f"/blobs/{sha}", params={"offset": 0, "total": 3000}, content=data[:1000]
                     ).status_code == 200
    with server.db.read() as conn:
        in_progress = conn.execute(sa.select(blob_chunks.c.piece)).scalar_one()
    week_ago = (datetime.now(UTC) - timedelta(days=8)).timestamp()
    for name in (old, in_progress):
        os.utime(store.path(name), (week_ago, week_ago))
    with server.db.write() as conn:
        conn.execute(sa.update(server_meta).where(server_meta.c.key == "uploads_swept_at")
                     .values(value=stamp(datetime.now(UTC) - timedelta(hours=2))))
    other = os.urandom(2000)
    with api(server, server.token("toezichthouder-zuid")) as c:  # an upload starts: the sweep is due
        assert c.put(f"/blobs/{hashlib.sha256(other).hexdigest()}", params={"offset": 0, "total": 2000},
                     content=other[:500]).status_code == 200
    assert not store.path(old).exists()
    assert store.path(new).exists() and store.path(in_progress).exists()


def test_a_file_sent_without_a_length_is_assembled_and_checked(any_store) -> None:
    """A body in chunked encoding (no Content-Length) is stored as a piece; the one that completes the
    file has it assembled from its pieces and checked: right bytes kept, wrong bytes refused (422)."""
    data = os.urandom(300_000)
    sha = hashlib.sha256(data).hexdigest()

    def chunked(part: bytes) -> Any:
        yield part[:100_000]
        yield part[100_000:]

    with api(any_store, any_store.token("toezichthouder-zuid")) as c:
        assert c.put(f"/blobs/{sha}", params={"offset": 0, "total": len(data)},
                     content=chunked(data[:200_000])).json()["received"] == 200_000
        r = c.put(f"/blobs/{sha}", params={"offset": 200_000, "total": len(data)},
                  content=chunked(data[200_000:]))
        assert r.json()["complete"] is True
        bad = os.urandom(3000)
        wrong = c.put(f"/blobs/{'0' * 64}", params={"offset": 0, "total": 3000}, content=chunked(bad))
        assert (wrong.status_code, wrong.json()["code"]) == (422, "hash_mismatch")
    assert b"".join(any_store.store.open(sha)) == data
    assert count(any_store, blob_uploads) == 0 and count(any_store, blob_chunks) == 0


def test_the_folder_store_keeps_a_file_at_its_address_and_flushes_the_folders_made_for_it(tmp_path) -> None:
    """A checked file is renamed to ``ab/cd/<sha256>`` in folders only the server's user can open; the
    folders made for it are named for flushing with it (the leaf's parent, and the root for a new
    ``ab``), and a second file in an existing folder changes no folder."""
    from inspector.server.storage.files import FileStore

    store = FileStore(tmp_path / "blobs")
    data = os.urandom(5000)
    sha = hashlib.sha256(data).hexdigest()
    target = store.path(sha)
    assert store.folders(target) == [target.parent.parent, store.root]
    assert store.folders(target) == []  # made now
    sibling = target.parent / ("0" * 64)
    assert store.folders(sibling) == []
    other = store.path(sha[:2] + ("f" if sha[2] != "f" else "e") + sha[3:])
    assert store.folders(other) == [other.parent.parent]  # only the leaf was missing
    writer = store.writer(sha)
    writer.write(data)
    assert writer.commit().name == sha
    assert target.read_bytes() == data
    assert {(p.stat().st_mode & 0o777) for p in (target.parent, target.parent.parent)} == {0o700}
    assert not list((store.root / "incoming").iterdir())
