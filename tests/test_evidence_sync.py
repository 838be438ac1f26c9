"""Sync never alters a finalized visit, and the server takes only evidence that holds (real laptops, a
real server on PostgreSQL or SQLite)."""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from inspector import evidence
from inspector.model import utc_now
from inspector.server.app import create_app
from inspector.server.db import records as server_records
from inspector.sync import session
from inspector.sync.client import SyncClient
from inspector.workspace import Workspace
from tests.test_sync import finalized_visit, make_case, started_visit

pytest_plugins = ["tests.servers"]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "release_0_1"


def holds(ws: Workspace, visit_id: str) -> dict[str, str]:
    """What verify says of a visit, per claim."""
    verdict = ws.evidence.verify(visit_id, photos=True)
    return {c.name: c.state for c in verdict.checks}


def push(server: Any, ws: Workspace, key: str, records: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Push hand-made records as ``ws``'s device; (status, code) per record."""
    with SyncClient(server.url, session.load_token(ws.workspace_id)) as client:
        answer = client.push(key, records)
    return [(r["status"], r["code"]) for r in answer["results"]]


def server_visit(server: Any, visit_id: str) -> dict[str, Any]:
    [row] = [r for r in server.records("visits") if r["id"] == visit_id]
    return row


def test_corrections_of_the_case_on_another_laptop_leave_fingerprint_and_receipt_intact(any_server,
                                                                                        laptop) -> None:
    """Laptop B corrects the address and the client's name after A finalized and got its receipt: on both
    laptops and the server the visit keeps its fingerprint, signature and receipt, and its report."""
    a = laptop(any_server.url)
    b = laptop(any_server.url, "toezichthouder-zuid-2", name="Toezichthouder Twee")
    case = make_case(a)
    visit_id = finalized_visit(a, case.id)
    a.sync.run()
    report = a.reports.build(visit_id)
    b.sync.run()
    b.cases.update_address(case.id, huisnummer=14, straat="Kerkplein")
    b.cases.update_person(b.cases.persons(case.id)[0].id, geslachtsnaam="Bergen")
    assert b.sync.run().rejected == 0
    a.sync.run()
    assert a.cases.persons(case.id)[0].geslachtsnaam == "Bergen"
    for ws in (a, b):
        assert holds(ws, visit_id) == {"fingerprint": "ok", "signature": "ok", "receipt": "ok",
                                       "photos": "ok"}
        assert ws.reports.build(visit_id) == report
    assert server_visit(any_server, visit_id)["data"]["status"] == "synced"


def test_a_case_renamed_after_an_offline_clash_keeps_its_finalized_visit(server, laptop) -> None:
    """Both laptops create case 2026-0001 offline; A finalizes a visit in it; B syncs first. A's case is
    renamed to a free number and sent again; the finalized visit keeps its document (with the number it
    was recorded under) and gets its receipt."""
    a = laptop(server.url)
    b = laptop(server.url, "toezichthouder-zuid-2")
    make_case(b)
    b.sync.run()
    case = make_case(a)
    visit_id = finalized_visit(a, case.id)
    fingerprint = a.visits.get(visit_id).fingerprint
    a.sync.run()
    a.sync.run()
    renamed = a.cases.get(case.id).number
    assert renamed.startswith("2026-0001-") and a.sync.quarantined() == []
    visit = a.visits.get(visit_id)
    assert (visit.fingerprint, visit.status) == (fingerprint, "synced")
    assert holds(a, visit_id)["receipt"] == "ok"
    assert a.evidence.frozen(visit_id)["case"]["number"] == "2026-0001"


def test_the_same_question_answered_on_two_laptops_ends_with_the_finalized_answer_and_a_conflict(
        any_server, laptop) -> None:
    """B answers an item and syncs; A, without pulling, answers the same item otherwise, finalizes and
    syncs. The server keeps A's finalized answer and sets B's aside; A sees B's value as a conflict it
    can turn into an addendum; both laptops end with A's values and a visit that verifies."""
    a = laptop(any_server.url)
    b = laptop(any_server.url, "toezichthouder-zuid-2", name="Toezichthouder Twee")
    case = make_case(a)
    visit_id = started_visit(a, case.id)
    a.sync.run()
    b.sync.run()
    b.visits.answer(visit_id, "voertuig", "ja", note="Auto van partner voor de deur")
    b.sync.run()
    a.visits.answer(visit_id, "voertuig", "nee")
    visit_id_done = finalized_visit_from_started(a, visit_id)
    result = a.sync.run()
    assert result.rejected == 0 and result.receipts == 1
    assert holds(a, visit_id_done) == {"fingerprint": "ok", "signature": "ok", "receipt": "ok",
                                       "photos": "ok"}
    [conflict] = [c for c in a.sync.conflicts() if c.entity == "answers"]
    assert (conflict.kind, conflict.field, conflict.visit_id) == ("superseded", "*", visit_id)
    assert conflict.server_value["value"] == '"ja"' and conflict.locked
    live = [r for r in any_server.records("answers") if r["data"]["item_id"] == "voertuig"]
    assert sorted((r["data"]["value"], r["data"]["deleted"]) for r in live) == [('"ja"', 1), ('"nee"', 0)]
    b.sync.run()
    assert b.visits.get(visit_id).status == "synced"
    assert b.visits.answer_map(visit_id)["voertuig"] == "nee"
    assert holds(b, visit_id)["fingerprint"] == "ok" and holds(b, visit_id)["receipt"] == "ok"
    a.sync.to_addendum(conflict.id, "Een tweede toezichthouder noteerde: auto van partner voor de deur.")
    assert a.sync.conflicts() == [] and all(v.ok for v in a.evidence.verify_addenda(visit_id))
    a.sync.run()
    b.sync.run()
    assert [x.text for x in b.evidence.addenda(visit_id)] == [
        "Een tweede toezichthouder noteerde: auto van partner voor de deur."]
    assert all(v.ok and v.state("receipt") == "ok" for v in b.evidence.verify_addenda(visit_id))


def finalized_visit_from_started(ws: Workspace, visit_id: str) -> str:
    """Complete a started S1 visit (the rest of the checklist, statement, outcome) and finalize it."""
    from inspector import templates
    from tests.test_report import _sample

    ws.visits.set_rooms(visit_id, {"woonkamer": "viewed", "slaapkamer_1": "not_applicable"})
    ws.visits.set_room_openers(visit_id, {"woonkamer": "Demo A van den Berg"})
    ws.visits.record_moment(visit_id, "ended_at", "2026-10-01T09:50:00Z")
    ws.visits.record_caution(visit_id, False, not_needed_reason="Geen verhoor met het oog op een boete.")
    tpl = templates.get_template("S1")
    for item in tpl.items:
        if item.id in ws.visits.answer_map(visit_id) or item.type == "photo":
            continue
        if templates.is_relevant(item, ws.visits.answer_map(visit_id)):
            for room in (["woonkamer"] if item.per_room else [""]):
                ws.visits.answer(visit_id, item.id, _sample(item, []), room=room)
    ws.visits.record_statement(visit_id, "Ik woon hier alleen.", read_back=True, not_signed_reason="Nee")
    ws.visits.set_outcome(visit_id, "niets_gevonden")
    ws.visits.finalize(visit_id)
    return visit_id


def test_a_finalized_visit_on_the_server_never_changes(server, laptop) -> None:
    """After the receipt, a push that edits the visit, sets it back to in progress, brings a document with
    a recomputed fingerprint, or one signed by a key the server does not know, is refused."""
    a = laptop(server.url)
    case = make_case(a)
    visit_id = finalized_visit(a, case.id)
    a.sync.run()
    stored = server_visit(server, visit_id)
    rev = int(stored["rev"])

    def visit_push(fields: dict[str, Any]) -> dict[str, Any]:
        return {"entity": "visits", "id": visit_id, "case_id": case.id, "base_rev": rev, "fields": fields}

    forged = stored["data"]["snapshot"].replace('"summary":"', '"summary":"Niet gezegd. ', 1)
    refused = push(server, a, "finalized-1", [
        visit_push({"summary": "Achteraf aangepast"}),
        visit_push({"status": "in_progress"}),
        visit_push({"snapshot": forged, "fingerprint": evidence.fingerprint_of(forged.encode())})])
    assert refused == [("rejected", "visit_finalized")] * 3
    assert server_visit(server, visit_id)["rev"] == rev

    stranger = evidence.new_private_key()
    other_case = make_case(a, "2026-0002")
    other = finalized_visit(a, other_case.id)
    row = a.repo.get("visits", other)
    resealed = evidence.seal(json.loads(row["snapshot"]), stranger, "Onbekende laptop")
    a.db.execute("UPDATE visits SET signature = ?, signing_key = ?, signing_device = ? WHERE id = ?",
                 [resealed.signature, resealed.signing_key, resealed.signing_device, other])
    a.sync.run()
    [held] = [q for q in a.sync.quarantined() if q.entity == "visits"]
    assert (held.reason_code, held.entity_id) == ("key_unknown", other)
    assert held.reason("nl").startswith("De laptop die dit ondertekende, is niet bekend bij de server.")
    assert other not in {r["id"] for r in server.records("visits")}


def test_poison_records_are_refused_one_by_one_and_the_team_keeps_syncing(any_server, laptop) -> None:
    """Records that would break a laptop (no case number, no surname, consent or officers that are no
    JSON of their shape, NaN in an answer) are refused each with its reason, never stored; the good
    record of the same batch is taken, and every laptop of the team syncs and opens the case."""
    a = laptop(any_server.url)
    case_id, visit_id = str(uuid.uuid4()), str(uuid.uuid4())

    def rec(entity: str, fields: dict[str, Any], record_id: str | None = None, case: str = case_id) -> dict:
        return {"entity": entity, "id": record_id or str(uuid.uuid4()), "case_id": case, "base_rev": 0,
                "fields": fields}

    bad_case = str(uuid.uuid4())
    answer = push(any_server, a, "poison-1", [
        rec("cases", {"number": "2026-0900", "domain": "sociaal", "team": "Team Zuid"}, case_id),
        rec("cases", {"number": None, "domain": "sociaal", "team": "Team Zuid"}, bad_case, bad_case),
        rec("persons", {"case_id": case_id, "geslachtsnaam": None}),
        rec("visits", {"case_id": case_id, "template_id": "S1", "template_version": 1,
                       "consent": "{niet-json"}),
        rec("visits", {"case_id": case_id, "template_id": "S1", "template_version": 1, "officers": '"Jan"'}),
        rec("visits", {"case_id": case_id, "template_id": "S1", "template_version": 1}, visit_id),
        rec("answers", {"visit_id": visit_id, "item_id": "bedden", "value": "NaN"}),
        rec("persons", {"case_id": case_id, "geslachtsnaam": "Berg", "bsn": "123456789"})])
    assert answer == [("applied", ""), ("rejected", "missing_value"), ("rejected", "missing_value"),
                      ("rejected", "invalid_json"), ("rejected", "invalid_shape"), ("applied", ""),
                      ("rejected", "invalid_json"), ("rejected", "invalid_bsn")]
    assert {r["entity"] for r in any_server.records()} == {"cases", "visits"}
    b = laptop(any_server.url, "toezichthouder-zuid-2")
    result = b.sync.run()
    assert result.rejected == 0 and result.pulled == 2
    assert b.cases.detail(case_id).visits[0].id == visit_id
    assert b.reports.build(visit_id)[:4] == b"%PDF"


def test_a_pulled_finalized_visit_whose_seal_does_not_hold_is_not_taken(server, laptop) -> None:
    """The server's copy of a finalized visit was changed behind its back: the other laptop does not
    take it, and shows it as a conflict instead of an error."""
    a = laptop(server.url)
    case = make_case(a)
    visit_id = finalized_visit(a, case.id)
    a.sync.run()
    stored = server_visit(server, visit_id)
    data = dict(stored["data"], summary="Achteraf aangepast",
                snapshot=stored["data"]["snapshot"].replace('"summary":"', '"summary":"Achteraf. ', 1))
    with server.db.write() as conn:
        conn.execute(sa.update(server_records).where(server_records.c.entity == "visits",
                                                     server_records.c.id == visit_id)
                     .values(data=json.dumps(data, ensure_ascii=False)))
    b = laptop(server.url, "toezichthouder-zuid-2")
    result = b.sync.run()
    assert result.conflicts >= 1
    assert b.repo.get("visits", visit_id) is None
    [conflict] = [c for c in b.sync.conflicts() if c.entity == "visits"]
    assert (conflict.kind, conflict.entity_id) == ("seal_invalid", visit_id)
    assert b.cases.by_number("2026-0001") is not None  # the rest of the case came


def test_a_server_and_laptop_of_release_0_1_upgrade_without_losing_a_receipt(tmp_path: Path,
                                                                             memory_keyring) -> None:
    """The server database and the laptop workspace release 0.1 made, opened by this release: the
    receipted visit keeps its receipt, and the two visits release 0.1 finalized but never sent get a
    signed receipt now (they were finalized before signatures were required)."""
    from tests.servers import ServerThread

    shutil.copytree(FIXTURE, tmp_path / "release")
    manifest = json.loads((tmp_path / "release" / "manifest.json").read_text())
    app = create_app(f"sqlite:///{tmp_path / 'release' / 'server.db'}")
    thread = ServerThread(app).start()
    try:
        ws = Workspace.open(tmp_path / "release" / "workspace", manifest["passphrase"])
        # The same server, here on another port than when the fixture was made.
        ws.settings.set("sync_server", {**ws.settings.get("sync_server"), "url": thread.url})
        session.login(ws.sync, thread.url, manifest["username"], manifest["password"], "upgraded laptop")
        result = ws.sync.run()
        assert result.rejected == 0 and result.receipts == 2, ws.sync.quarantined()
        for name, visit in manifest["visits"].items():
            verdict = ws.evidence.verify(visit["id"], photos=True)
            assert verdict.ok and verdict.fingerprint == visit["fingerprint"], name
            expected = "unchecked" if name == "receipted" else "ok"
            assert verdict.state("receipt") == expected, name
        receipted = manifest["visits"]["receipted"]
        assert ws.visits.get(receipted["id"]).receipt == receipted["receipt"]
        ws.close()
    finally:
        thread.stop()
        app.state.db.dispose()


def test_a_visit_finalized_unsigned_after_the_upgrade_is_refused(server, laptop) -> None:
    """Only visits finalized before the server required signatures may come without one (a visit
    finalized now without a signature: a laptop of release 0.1 that was not updated, or a forgery)."""
    a = laptop(server.url)
    case = make_case(a)
    visit_id = finalized_visit(a, case.id)
    a.db.execute("UPDATE visits SET finalized_at = ? WHERE id = ?", [utc_now(), visit_id])
    row = a.repo.get("visits", visit_id)
    content = evidence.v1_content(row, a.repo.get("cases", case.id), None, [], [])
    a.db.execute("UPDATE visits SET snapshot = ?, fingerprint = ?, signature = '', signing_key = '' "
                 "WHERE id = ?", [content.decode(), hashlib.sha256(content).hexdigest(), visit_id])
    a.sync.run()
    [held] = [q for q in a.sync.quarantined() if q.entity == "visits"]
    assert held.reason_code == "signature_missing"
    assert held.reason("en") == ("A visit finalized now must be signed by the laptop; update Inspector "
                                 "on that laptop.")
