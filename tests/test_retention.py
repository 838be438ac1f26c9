"""Retention on a real server (PostgreSQL and SQLite) with real laptop workspaces: the server removes
finalized visits past their visit type's period (never one without a receipt) with what belongs only
to them, a case with nothing left, and photo files no longer referred to, leaving a log without
personal data; laptops remove their own copy after the server's laptop period, never a draft or a visit
without receipt, with a line in their own log; each laptop reports its unsent and refused records."""

from __future__ import annotations

import io
import json
import random
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from PIL import Image

from inspector.attachments import ImportedImage, sha256_hex
from inspector.errors import WorkflowError
from inspector.server import __main__ as server_cli
from inspector.server import retention
from inspector.server.db import blobs, devices, receipts, removals, visit_counts, visit_facts
from inspector.sync.engine import SyncEngine
from inspector.workspace import Workspace
from tests.test_sync import finalized_visit, make_case

pytest_plugins = ["tests.servers"]
BSN = "999993653"


def unique_photo(seed: int) -> ImportedImage:
    """A small JPEG no other visit has."""
    rnd = random.Random(seed)
    img = Image.frombytes("RGB", (64, 48), rnd.randbytes(64 * 48 * 3))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    data = buf.getvalue()
    return ImportedImage(data, sha256_hex(data), "image/jpeg", 64, 48, None)


def visit_with_photo(ws: Workspace, case_id: str, seed: int) -> tuple[str, str]:
    """A finalized S1 visit (finalized 01-10-2026) with the shared demo photos and one of its own."""
    photo = unique_photo(seed)
    visit_id = finalized_visit(ws, case_id, lambda vid: ws.visits.add_imported_photo(vid, photo))
    return visit_id, photo.sha256


def losing(server: Any, sha: str) -> Callable[[str, int, int], None]:
    """A progress hook that loses one photo on the server right after the upload (so no receipt)."""
    def hook(stage: str, done: int, total: int) -> None:
        if stage == "blobs" and done == total:
            with server.db.write() as conn:
                conn.execute(sa.delete(blobs).where(blobs.c.sha256 == sha))
    return hook


def an_hour_later(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Move the sync's clock an hour ahead (a laptop reports unchanged figures once an hour); returns
    a function that moves it another hour."""
    from datetime import UTC, datetime

    from inspector.sync import engine

    ahead = [engine.STATUS_EVERY]

    def later() -> str:
        return (datetime.now(UTC) + ahead[0]).strftime("%Y-%m-%dT%H:%M:%SZ")

    def another_hour() -> None:
        ahead[0] += engine.STATUS_EVERY

    monkeypatch.setattr(engine, "utc_now", later)
    return another_hour


def _gone(ws: Workspace, visit_id: str) -> bool:
    try:
        ws.visits.get(visit_id)
    except WorkflowError:
        return True
    return False


def test_server_removes_visits_past_their_period_and_laptops_follow(any_server, laptop, monkeypatch,
                                                                     capsys) -> None:
    """With S1 kept 1 month: the dry run only counts; --apply removes the acknowledged visit with its
    answers, photos, follow-ups and audit entries, its photo file no other visit uses, and its case (now
    empty), which the team's laptops then drop; the visit waiting for its receipt stays, with its case.
    The removal log and the kept receipt hold ids and fingerprints, never a name or a BSN."""
    a = laptop(any_server.url)
    b = laptop(any_server.url, "toezichthouder-zuid-2", name="Toezichthouder Twee")
    done_case = make_case(a, "2026-1001")
    done_id, own_photo = visit_with_photo(a, done_case.id, 1)
    waiting_case = make_case(a, "2026-1002")
    waiting_id, lost_photo = visit_with_photo(a, waiting_case.id, 2)
    staying = make_case(a, "2026-1003")  # a finalized visit past its period, and one still planned
    old_id = finalized_visit(a, staying.id)
    planned = a.visits.plan(staying.id, "S1", "2026-12-20T09:00")
    SyncEngine(a.sync, progress=losing(any_server, lost_photo)).run()
    assert a.visits.get(done_id).receipt and not a.visits.get(waiting_id).receipt
    b.sync.run()
    assert b.cases.by_number("2026-1001") is not None

    retention.set_rule(any_server.db, "visits", "S1", 1, "beheerder")

    def run(*args: str) -> str:
        monkeypatch.setenv("INSPECTOR_LANG", "en")
        assert server_cli.main(["--database", any_server.db.url, "--blobs", any_server.store.location,
                                "retention", *args]) == 0
        return capsys.readouterr().out

    before = len(any_server.records())
    dry = run()
    assert "S1: 1 months" in dry and "2 visits, 1 cases, 1 photo files" in dry
    assert "2 visits to remove (dry run; --apply removes), 1 waiting for a receipt" in dry
    assert len(any_server.records()) == before  # a dry run removes nothing
    with any_server.db.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(removals)).scalar_one() == 0

    def facts() -> tuple[set[str], list[tuple[Any, ...]]]:
        with any_server.db.read() as conn:
            return ({r[0] for r in conn.execute(sa.select(visit_facts.c.visit_id))},
                    sorted(tuple(r) for r in conn.execute(sa.select(visit_counts))))

    facts_before, counts_before = facts()
    assert {done_id, old_id} <= facts_before
    applied = run("--apply")
    assert "2 visits removed, 1 waiting for a receipt (kept)" in applied
    facts_after, counts_after = facts()
    # the team overview no longer lists them; the management figures of their month stay as reported
    assert done_id not in facts_after and old_id not in facts_after and waiting_id in facts_after
    assert counts_after == counts_before
    kept_ids = {r["id"] for r in any_server.records()}
    assert old_id not in kept_ids and planned.id in kept_ids and staying.id in kept_ids
    [note] = [r["data"] for r in any_server.records("audit")
              if r["case_id"] == staying.id and r["data"]["field"] == "visit"]
    assert (note["entity"], note["old"], note["new"], note["actor"]) == ("cases", old_id, None, "retention")
    assert note["reason"].startswith("removed after its retention period (S1: 1 months; fingerprint ")
    left = any_server.records()
    assert not [r for r in left if r["case_id"] == done_case.id and r["entity"] != "departures"]
    assert {r["entity"] for r in left if r["case_id"] == waiting_case.id} >= {
        "cases", "persons", "addresses", "visits", "answers", "attachments", "audit"}
    assert [r["data"]["reason"] for r in left if r["entity"] == "departures"] == ["retention"]
    with any_server.db.read() as conn:
        files = {r[0] for r in conn.execute(sa.select(blobs.c.sha256))}
        kept = conn.execute(sa.select(receipts).where(receipts.c.record_id == done_id)).one()
        log = [dict(r._mapping) for r in conn.execute(sa.select(removals).order_by(removals.c.id))]
    assert own_photo not in files and not any_server.store.exists(own_photo)
    shared = [p.sha256 for p in a.visits.attachments(waiting_id) if p.sha256 != lost_photo]
    assert shared and all(h in files for h in shared)  # still used by the waiting visit
    assert kept.fingerprint == a.visits.get(done_id).fingerprint
    visits_line = next(e for e in log if e["kind"] == "visits")
    assert (visits_line["rule"], visits_line["count"], visits_line["by"]) == \
        ("S1: 1 months", 2, "inspector-server retention")
    assert {"id": done_id, "fingerprint": kept.fingerprint, "case_id": done_case.id} in \
        json.loads(visits_line["detail"])
    assert [e["count"] for e in log if e["kind"] == "cases"] == [1]
    text = json.dumps(log, default=str)
    assert BSN not in text and "Berg" not in text and "2026-1001" not in text and "Kerkstraat" not in text

    assert "0 visits removed" in run("--apply")  # nothing twice
    assert b.sync.run().removed == []  # removed, not "moved to another team"
    assert b.cases.by_number("2026-1001") is None and b.cases.by_number("2026-1002") is not None
    SyncEngine(a.sync, progress=losing(any_server, lost_photo)).run()
    assert a.cases.by_number("2026-1001") is None
    assert a.visits.get(waiting_id).status == "finalized"


def test_laptop_removes_its_copy_after_the_laptop_period_never_without_receipt(any_server, laptop,
                                                                              monkeypatch) -> None:
    """Laptop period 0 days: at its next report (its figures unchanged: an hour after the last) the
    laptop removes the acknowledged visit (in one transaction, with a line in its own log), keeps the
    visit waiting for its receipt and the planned visit, and reports what waits unsent; the server
    keeps everything."""
    a = laptop(any_server.url)
    case = make_case(a, "2026-1101")
    done_id, own_photo = visit_with_photo(a, case.id, 3)
    waiting_id, lost_photo = visit_with_photo(a, case.id, 4)
    planned = a.visits.plan(case.id, "S1", "2026-12-20T09:00")
    SyncEngine(a.sync, progress=losing(any_server, lost_photo)).run()
    assert a.sync.retention_log() == []  # no laptop period yet: nothing removed
    assert a.visits.get(done_id).receipt
    with any_server.db.read() as conn:
        row = conn.execute(sa.select(devices.c.unsent, devices.c.quarantined)).one()
    assert (row.unsent, row.quarantined) == (1, 0)  # the lost photo's record waits

    retention.set_rule(any_server.db, "laptop", "", 0, "beheerder")
    audit_before = a.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    # within the hour, with the same figures, the laptop does not report, so it does not know yet
    assert SyncEngine(a.sync, progress=losing(any_server, lost_photo)).run().purged == 0
    clock = an_hour_later(monkeypatch)
    result = SyncEngine(a.sync, progress=losing(any_server, lost_photo)).run()
    assert result.purged == 1
    assert _gone(a, done_id)
    assert a.visits.get(waiting_id).status == "finalized" and not a.visits.get(waiting_id).receipt
    assert a.visits.get(planned.id).status == "planned"
    assert a.cases.by_number("2026-1101") is not None  # the case stays: the server still has it
    for table in ("answers", "attachments", "followups", "addenda"):
        assert a.db.execute(f"SELECT count(*) FROM [{table}] WHERE visit_id = ?",
                            [done_id]).fetchone()[0] == 0
    assert a.db.execute("SELECT count(*) FROM audit WHERE entity_id = ?", [done_id]).fetchone()[0] == 0
    assert a.db.execute("SELECT count(*) FROM audit").fetchone()[0] < audit_before
    assert a.db.execute("SELECT count(*) FROM blobs WHERE sha256 = ?", [own_photo]).fetchone()[0] == 0
    [line] = a.sync.retention_log()
    assert (line["visits"], line["photos"], line["rule"]) == (1, 1, "laptop: 0 dagen na ontvangstbewijs")
    fingerprint = next(r["data"]["fingerprint"] for r in any_server.records("visits") if r["id"] == done_id)
    assert json.loads(line["detail"]) == [{"id": done_id, "fingerprint": fingerprint,
                                           "rule": "laptop: 0 dagen na ontvangstbewijs"}]
    assert BSN not in json.dumps(line) and "Berg" not in json.dumps(line)
    assert any(r["id"] == done_id for r in any_server.records("visits"))  # the server keeps it
    clock()
    assert a.sync.run().purged == 0  # nothing twice
    assert len(a.sync.retention_log()) == 1


@pytest.mark.parametrize("amount", [0, 1201])
def test_a_period_out_of_range_is_refused(any_server, amount: int) -> None:
    """A visit type's period is 1 to 1200 months; nothing is stored otherwise."""
    with pytest.raises(retention.RuleError) as refused:
        retention.set_rule(any_server.db, "visits", "S1", amount, "beheerder")
    assert refused.value.nl == "Een termijn is 1 tot 1200 maanden."
    assert retention.rules(any_server.db).months == {}


def test_the_administrator_sets_periods_on_the_retention_page(any_server, laptop) -> None:
    """The page lists every visit type with what the next run would remove; the administrator sets S1 to
    60 months and laptops to 30 days (logged in the access log), a wrong value is refused and changes
    nothing, a coordinator may not see the page, and the laptops learn the periods at their next sync."""
    from tests.test_beheer import BackOffice, messages

    admin_bo, coordinator = BackOffice(any_server.url), BackOffice(any_server.url)
    try:
        assert admin_bo.login("beheerder").status_code == 303
        page = admin_bo.get("/beheer/bewaartermijnen")
        assert page.status_code == 200 and "S1 · " in page.text and "O3 · " in page.text
        assert "niet ingesteld: bewaard" in page.text
        r = admin_bo.post("/beheer/bewaartermijnen", {"months_S1": "60", "laptop_days": "30"})
        assert messages(r) == ["De bewaartermijnen zijn opgeslagen."] and "= 5 jaar" in r.text
        found = retention.rules(any_server.db)
        assert (found.months, found.laptop_days) == ({"S1": 60}, 30)
        r = admin_bo.post("/beheer/bewaartermijnen",
                          {"months_S1": "0", "months_S2": "12", "laptop_days": "30"})
        assert r.status_code == 400 and messages(r) == ["S1: een termijn is een heel aantal maanden van 1 "
                                                        "tot 1200, of leeg om dit bezoektype te bewaren."]
        assert retention.rules(any_server.db).months == {"S1": 60}
        with any_server.db.read() as conn:
            from inspector.server.beheer.tables import access_log

            logged = conn.execute(sa.select(access_log.c.username, access_log.c.detail).where(
                access_log.c.action == "set_retention")).all()
        assert [tuple(r) for r in logged] == [("beheerder", "S1:60; laptop:30")]
        assert coordinator.login("coordinator-zuid").status_code == 303
        assert coordinator.get("/beheer/bewaartermijnen").status_code == 403
        assert "bewaartermijnen" not in coordinator.get("/beheer/zaken").text
    finally:
        admin_bo.close()
        coordinator.close()
    ws = laptop(any_server.url)
    from inspector.sync import session
    from inspector.sync.client import SyncClient

    with SyncClient(any_server.url, session.load_token(ws.workspace_id)) as client:
        assert client.report_status(0, 0) == {"keep_days": 30, "retention_months": {"S1": 60}}


def test_a_laptop_syncs_with_a_server_that_predates_the_status_call(tmp_path, laptop) -> None:
    """Against a server without POST /device/status (an older release) the sync succeeds and the
    laptop removes nothing."""
    from inspector.server.app import create_app
    from tests.servers import ServerThread, _seed

    app = create_app(f"sqlite:///{tmp_path / 'old-server.db'}", blob_store=str(tmp_path / "blobs"))
    _seed(app.state.db)
    retention.set_rule(app.state.db, "laptop", "", 0, "beheerder")  # would remove, if the laptop knew

    async def older(scope: Any, receive: Any, send: Any) -> None:
        """The server as before the call existed: an unknown path is 404 (FastAPI's answer)."""
        if scope["type"] == "http" and scope["path"] == "/api/v1/device/status":
            await send({"type": "http.response.start", "status": 404,
                        "headers": [(b"content-type", b"application/json")]})
            await send({"type": "http.response.body", "body": b'{"detail":"Not Found"}'})
            return
        await app(scope, receive, send)

    thread = ServerThread(older).start()
    try:
        ws = laptop(thread.url)
        visit_id = finalized_visit(ws, make_case(ws, "2026-1301").id)
        result = ws.sync.run()
        assert result.receipts == 1 and result.purged == 0
        assert ws.sync.run().purged == 0 and ws.visits.get(visit_id).receipt
    finally:
        thread.stop()
        app.state.db.dispose()


def test_laptop_finds_the_visits_past_their_visit_types_period(any_server, laptop) -> None:
    """The laptop's check reads only acknowledged visits a period can have reached (its index), and
    finds a visit finalized on 01-10-2026 10:00 past a one-month S1 period from 01-11-2026 10:00 on,
    not a minute before, and not under another type's period or none."""
    from datetime import UTC, datetime

    from inspector.store import retention as own_copy

    a = laptop(any_server.url)
    visit_id = finalized_visit(a, make_case(a, "2026-1251").id)
    a.sync.run()
    assert a.visits.get(visit_id).receipt

    def due(months: dict[str, int], at: datetime) -> list[str]:
        return [v[0] for v in own_copy.due(a.sync.repo, None, months, at)]

    assert due({"S1": 1}, datetime(2026, 11, 1, 9, 59, tzinfo=UTC)) == []
    assert due({"S1": 1}, datetime(2026, 11, 1, 10, 1, tzinfo=UTC)) == [visit_id]
    assert due({"W1": 1}, datetime(2027, 1, 1, tzinfo=UTC)) == due({}, datetime(2027, 1, 1, tzinfo=UTC)) == []
    plan = a.db.execute("EXPLAIN QUERY PLAN SELECT id FROM visits WHERE receipt != '' AND finalized_at < ? "
                        "AND status IN ('finalized', 'synced') AND dirty = 0", ["2027"]).fetchall()
    assert "visits_receipted" in str(plan)
