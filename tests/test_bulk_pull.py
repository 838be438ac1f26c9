"""A large pull into a workspace holding less than it brings sets the screens' indexes aside and builds
them at its end (store/bulk.py), against a real server: afterwards, also after a pull cut short or
killed, the workspace has every index it had, as it had it, and the pulled records are all there."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest

from inspector.errors import SyncError
from inspector.store import bulk
from inspector.workspace import Workspace
from tests.test_server import api, new_case

pytest_plugins = ["tests.servers"]

CASES = 60


def _indexes(ws: Workspace) -> dict[str, str]:
    return dict(ws.db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                              ).fetchall())


def _seed(server: Any) -> None:
    """``CASES`` Team Zuid cases on the server, each with a person (the pull brings cases, persons and
    their audit entries: tables with indexes the pull sets aside)."""
    records = []
    for n in range(CASES):
        case_id, case = new_case(f"B-{n:04d}")
        records += [case, {"entity": "persons", "id": str(uuid.uuid4()), "case_id": case_id, "base_rev": 0,
                           "fields": {"case_id": case_id, "geslachtsnaam": f"Bulk {n}"}}]
    with api(server, server.token("toezichthouder-zuid")) as c:
        answer = c.post("/push", json={"key": "bulk-seed-1", "records": records}).json()
    assert {r["status"] for r in answer["results"]} == {"applied"}


def test_a_large_pull_builds_the_screens_indexes_at_its_end(server, laptop, tmp_path) -> None:
    _seed(server)
    ws = laptop(server.url)
    before = _indexes(ws)
    assert set(bulk.SET_ASIDE) <= set(before)
    during: list[set[str]] = []
    result = ws.sync.run(page_size=20, group_records=20, bulk_records=50,
                         progress=lambda stage, done, total: during.append(set(_indexes(ws))))
    assert result.pulled == 2 * CASES
    assert during and all(not (set(bulk.SET_ASIDE) & names) for names in during)  # aside while pulling
    assert _indexes(ws) == before  # all back, each as it was
    assert ws.db.execute("SELECT count(*) FROM persons INDEXED BY persons_case").fetchone()[0] == CASES
    assert ws.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert ws.repo.setting("indexes_set_aside") is None
    assert len(ws.cases.find()) == CASES and len(ws.cases.find("Bulk 7")) == 1

    # The next pull is small (and the workspace holds more than it brings): nothing is set aside.
    _, case = new_case("B-9999")
    with api(server, server.token("toezichthouder-zuid")) as c:
        assert c.post("/push", json={"key": "bulk-seed-2", "records": [case]}).json()["results"]
    during.clear()
    assert ws.sync.run(page_size=20, group_records=20, bulk_records=1,
                       progress=lambda stage, done, total: during.append(set(_indexes(ws)))).pulled == 1
    assert during and all(set(bulk.SET_ASIDE) <= names for names in during)


def test_a_large_pull_cut_short_puts_the_indexes_back_and_the_next_one_completes(server, laptop) -> None:
    _seed(server)
    ws = laptop(server.url)
    before = _indexes(ws)
    cancel = threading.Event()
    with pytest.raises(SyncError) as cut:
        ws.sync.run(page_size=20, group_records=20, bulk_records=50, cancel=cancel,
                    progress=lambda stage, done, total: cancel.set())
    assert cut.value.code == "cancelled"
    assert _indexes(ws) == before and ws.repo.setting("indexes_set_aside") is None
    pulled = ws.db.execute("SELECT count(*) FROM cases").fetchone()[0]
    assert 0 < pulled < CASES  # part of it was written, with its cursor
    ws.sync.run(page_size=20, group_records=20, bulk_records=50)
    assert ws.db.execute("SELECT count(*) FROM cases").fetchone()[0] == CASES
    assert _indexes(ws) == before


def test_indexes_a_killed_pull_left_aside_are_back_at_the_next_opening(tmp_path) -> None:
    """A process killed mid-pull leaves the indexes aside, with the statements that make them in the
    database: opening the workspace builds them again, before anything else reads it."""
    ws = Workspace.open(tmp_path / "ws")
    ws.settings.set_profile("Toezichthouder Test", "TH-1", "Team Zuid")
    before = _indexes(ws)
    assert bulk.set_aside(ws.repo, incoming=1, least=1)
    assert not set(bulk.SET_ASIDE) & set(_indexes(ws))
    ws.close()  # as a kill: nothing put back

    again = Workspace.open(tmp_path / "ws")
    try:
        assert _indexes(again) == before
        assert again.repo.setting("indexes_set_aside") is None
    finally:
        again.close()


def test_a_workspace_holding_more_than_a_pull_brings_keeps_its_indexes(workspace: Workspace) -> None:
    """Building the indexes again would cost more than the pull saves: they stay."""
    workspace.cases.create("2026-0301", "sociaal", straat="Laan", woonplaats="Utrecht")
    before = _indexes(workspace)
    held = sum(workspace.db.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0]
               for t in ("visits", "persons", "audit"))
    assert held > 1
    assert not bulk.set_aside(workspace.repo, incoming=held - 1, least=1)
    assert not bulk.set_aside(workspace.repo, incoming=held, least=held + 1)  # below the pull size
    assert _indexes(workspace) == before


def test_finalized_visits_a_large_pull_brings_verify(server, laptop) -> None:
    """Evidence is not touched by setting indexes aside: a finalized visit with photos and a statement,
    pulled by another laptop in a pull that set them aside, keeps its fingerprint, signature and
    receipt there, and its report is the same bytes."""
    from tests.test_evidence_sync import holds
    from tests.test_sync import finalized_visit, make_case

    a = laptop(server.url)
    visit_id = finalized_visit(a, make_case(a).id)
    a.sync.run()
    report = a.reports.build(visit_id)
    b = laptop(server.url, "toezichthouder-zuid-2", name="Toezichthouder Twee")
    during: list[set[str]] = []
    b.sync.run(page_size=5, group_records=5, bulk_records=10,
               progress=lambda stage, done, total: during.append(set(_indexes(b))))
    assert during and not set(bulk.SET_ASIDE) & during[0]  # the pull did set them aside
    assert set(bulk.SET_ASIDE) <= set(_indexes(b))
    assert holds(b, visit_id) == {"fingerprint": "ok", "signature": "ok", "receipt": "ok", "photos": "ok"}
    assert b.reports.build(visit_id) == report
