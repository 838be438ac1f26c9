"""Sync between laptops (real SQLCipher workspaces) through a real uvicorn server on PostgreSQL/SQLite."""

from __future__ import annotations

import io
import os
import random
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from inspector import demo, ids, records, templates
from inspector.attachments import ImportedImage, sha256_hex
from inspector.errors import SyncError, SyncKind
from inspector.model import PresentPerson
from inspector.server import auth
from inspector.sync import session
from inspector.sync.client import SyncClient
from inspector.sync.engine import SyncEngine, batch_key
from inspector.workspace import Workspace

pytest_plugins = ["tests.servers"]

GROUND = {"ground_facts": "Post op naam van een niet-ingeschreven persoon.",
          "ground_source": "Melding Landelijke Aanpak Adreskwaliteit", "ground_date": "2026-09-01",
          "ground_why_not_lighter": "Een gesprek op kantoor gaf geen uitsluitsel."}


def make_case(ws: Workspace, number: str = "2026-0001", team: str = "Team Zuid") -> Any:
    case = ws.cases.create(number, "sociaal", postcode="3511AB", huisnummer=12, straat="Kerkstraat",
                          woonplaats="Utrecht", team=team, title="Intake", **GROUND)
    ws.cases.add_person(case.id, "Berg", voorvoegsel="van den", voornamen="Demo A", bsn="999993653")
    return case


def finalized_visit(ws: Workspace, case_id: str, before_finalizing: Any = None) -> str:
    """A complete S1 visit with three photos and a statement, finalized (``before_finalizing(visit_id)``
    records more first)."""
    visit = ws.visits.plan(case_id, "S1", "2026-10-01T09:00")
    at = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
    demo._run_visit(ws, visit.id, templates.get_template("S1"), at, random.Random(7),  # noqa: SLF001
                    photos=True, refuse=False)
    statement = ws.visits.get(visit.id).statement
    ws.visits.record_statement(visit.id, statement.text, read_back=True, signed=True,
                               signature_png=signature(),
                        copy_given=True)
    if before_finalizing is not None:
        before_finalizing(visit.id)
    ws.visits.finalize(visit.id, at="2026-10-01T10:00:00Z")
    return visit.id


def signature() -> bytes:
    img = Image.new("RGBA", (400, 120), (255, 255, 255, 0))
    img.paste((0, 0, 0, 255), (40, 60, 360, 64))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()


def table(ws: Workspace, name: str) -> dict[str, dict[str, Any]]:
    """A table's synced content by id (without the local bookkeeping)."""
    skip = {"rev", "dirty", "dirty_fields", "modified_at", "modified_by"}
    return {r["id"]: {k: v for k, v in r.items() if k not in skip}
            for r in ws.db.query(f"SELECT * FROM [{name}]")}


def same_data(a: Workspace, b: Workspace, tables: tuple[str, ...] = records.PUSH_ORDER) -> None:
    for name in tables:
        assert table(a, name) == table(b, name), name


def test_round_trip_cases_visits_photos_statements_and_receipts(any_server, laptop) -> None:
    """What one laptop records arrives complete on the other; finalized visits get a receipt."""
    a = laptop(any_server.url)
    b = laptop(any_server.url, "toezichthouder-zuid-2", name="Toezichthouder Twee")
    case = make_case(a)
    done_id = finalized_visit(a, case.id)
    open_visit = a.visits.plan(case.id, "S1", "2026-10-08T09:00")
    result = a.sync.run()
    assert result.rejected == 0 and result.blobs_up == 4  # three photos and a signature
    assert a.visits.get(done_id).status == "synced"
    assert a.visits.get(done_id).receipt.startswith("r2.")
    assert a.evidence.verify(done_id).ok
    assert a.sync.status().pending == 0

    got = b.sync.run()
    assert got.blobs_down == 4
    assert b.cases.by_number("2026-0001") is not None
    assert b.visits.get(done_id).fingerprint == a.visits.get(done_id).fingerprint
    assert b.visits.get(done_id).status == "synced"
    assert b.evidence.verify(done_id).ok
    assert b.visits.get(open_visit.id).status == "planned"
    assert [p.geslachtsnaam for p in b.cases.persons(case.id)] == ["Berg"]
    assert b.visits.get(done_id).statement.text.startswith("Ik woon hier sinds twee jaar")
    photos = b.visits.attachments(done_id)
    assert len(photos) == 3 and all(b.visits.blob(p.sha256) == a.visits.blob(p.sha256) for p in photos)
    assert b.cases.find("Berg")[0].number == "2026-0001"
    assert len(b.visits.audit_trail(done_id)) == len(a.visits.audit_trail(done_id)) > 10
    assert b.sync.status().pending == 0
    a.sync.run()
    same_data(a, b)

    report = b.reports.build(done_id)  # the finalized report, printed on the other laptop
    assert report == a.reports.build(done_id)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(report)).pages)
    assert a.visits.get(done_id).fingerprint[:16] in text.replace("\n", "") and "CONCEPT" not in text


def test_planned_visit_from_coordinator_appears_on_laptop(server, laptop) -> None:
    """A coordinator plans a visit on the server; it appears on the inspector's laptop."""
    ws = laptop(server.url)
    with SyncClient(server.url, server.token("coordinator-zuid")) as coordinator:
        planned = coordinator.plan("2026-0100", "S3", "02-12-2026 10:30", "Team Zuid")
    ws.sync.run()
    case = ws.cases.by_number("2026-0100")
    assert case is not None and case.team == "Team Zuid" and case.domain == "sociaal"
    visits = ws.visits.find(case_id=case.id)
    assert [(v.id, v.template_id, v.planned_at, v.status) for v in visits] == [
        (planned["visit_id"], "S3", "2026-12-02T10:30", "planned")]
    assert ws.sync.status().pending == 0


def test_same_field_on_two_laptops_is_a_visible_conflict(server, laptop) -> None:
    """The same field edited offline on both laptops: the server's value stays, both are kept."""
    a = laptop(server.url)
    b = laptop(server.url, "toezichthouder-zuid-2")
    case = make_case(a)
    visit = a.visits.plan(case.id, "S1", "2026-10-01T09:00")
    a.sync.run()
    b.sync.run()
    a.visits.set_report_text(visit.id, summary="Samenvatting van laptop A")
    b.visits.set_report_text(visit.id, summary="Samenvatting van laptop B")
    a.sync.run()
    result = b.sync.run()
    assert result.conflicts == 1
    assert b.visits.get(visit.id).summary == "Samenvatting van laptop A"
    [conflict] = b.sync.conflicts()
    assert (conflict.entity, conflict.field, conflict.case_number) == ("visits", "summary", "2026-0001")
    assert (conflict.local_value, conflict.server_value) == ("Samenvatting van laptop B",
                                                             "Samenvatting van laptop A")
    b.sync.resolve(conflict.id, "mine")
    assert b.sync.conflicts() == []
    b.sync.run()
    a.sync.run()
    assert a.visits.get(visit.id).summary == "Samenvatting van laptop B"
    assert b.visits.audit_trail(visit.id)[-1]["reason"] == "conflict opgelost: eigen waarde behouden"


def test_different_fields_on_two_laptops_merge(server, laptop) -> None:
    """Different fields edited offline on both laptops are merged without a conflict."""
    a = laptop(server.url)
    b = laptop(server.url, "toezichthouder-zuid-2")
    case = make_case(a)
    visit = a.visits.plan(case.id, "S1", "2026-10-01T09:00")
    a.sync.run()
    b.sync.run()
    a.visits.set_report_text(visit.id, summary="Samenvatting van laptop A")
    b.visits.set_report_text(visit.id, conclusion="Conclusie van laptop B")
    b.cases.update(case.id, title="Nieuwe titel")
    assert a.sync.run().conflicts == 0
    assert b.sync.run().conflicts == 0
    a.sync.run()
    for ws in (a, b):
        v = ws.visits.get(visit.id)
        assert (v.summary, v.conclusion) == ("Samenvatting van laptop A", "Conclusie van laptop B")
        assert ws.cases.get(case.id).title == "Nieuwe titel"
        assert ws.sync.conflicts() == []
    same_data(a, b)


def noise_photo(width: int = 2000, height: int = 1500) -> ImportedImage:
    """A real JPEG of a few MB (noise does not compress)."""
    rnd = random.Random(3)
    img = Image.frombytes("RGB", (width, height), rnd.randbytes(width * height * 3))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=95)
    data = buf.getvalue()
    return ImportedImage(data, sha256_hex(data), "image/jpeg", width, height, None)


def started_visit(ws: Workspace, case_id: str) -> str:
    visit = ws.visits.plan(case_id, "S1", "2026-10-01T09:00")
    ws.visits.start(visit.id, at="2026-10-01T09:00:00Z")
    ws.visits.record_moment(visit.id, "rang_at", "2026-10-01T09:00:00Z")
    ws.visits.record_id_shown(visit.id, at="2026-10-01T09:01:00Z")
    ws.visits.set_present(visit.id, [PresentPerson("Demo A van den Berg", "client")])
    ws.visits.record_consent(visit.id, "given", "Demo A van den Berg", understood=True, form_signed=True,
                             photo_consent=True)
    ws.visits.record_moment(visit.id, "entered_at", "2026-10-01T09:02:00Z")
    return visit.id


def test_large_photo_upload_resumes_after_the_connection_drops(server, proxy, laptop) -> None:
    """A photo upload cut halfway continues from the bytes the server has, not from zero."""
    a = laptop(proxy.url)
    visit_id = started_visit(a, make_case(a).id)
    photo = noise_photo()
    assert len(photo.data) > 3_000_000
    a.visits.add_imported_photo(visit_id, photo, caption="Woonkamer")
    proxy.cut(b"PUT /api/v1/blobs/", "up", 1_300_000)
    with pytest.raises(SyncError) as failed:
        a.sync.run()
    assert failed.value.kind is SyncKind.NETWORK
    with SyncClient(server.url, server.token("toezichthouder-zuid")) as client:
        assert client.blob_status(photo.sha256)["received"] == 1_048_576  # one whole piece of 1 MiB
    before = proxy.bytes_up
    result = a.sync.run()
    assert result.bytes_up == len(photo.data) - 1_048_576
    assert proxy.bytes_up - before < len(photo.data) - 1_000_000
    b = laptop(server.url, "toezichthouder-zuid-2")
    b.sync.run()
    assert b.visits.blob(photo.sha256) == photo.data
    assert [p.caption for p in b.visits.attachments(visit_id)] == ["Woonkamer"]


@pytest.mark.parametrize("direction", ["up", "down"])
def test_push_cut_midway_then_next_sync_completes_without_duplicates(server, proxy, laptop,
                                                                     direction: str) -> None:
    """A push cut in the request (not applied) or in the answer (applied) completes next time, once."""
    a = laptop(proxy.url)
    case = make_case(a)
    visit_id = started_visit(a, case.id)
    a.visits.set_report_text(visit_id, summary="Tussentijdse samenvatting")
    proxy.cut(b"POST /api/v1/push", direction, 3000 if direction == "up" else 200)
    with pytest.raises(SyncError) as failed:
        a.sync.run()
    assert failed.value.kind is SyncKind.NETWORK
    applied_before = len(server.records())
    assert applied_before == (0 if direction == "up" else a.sync.pending() + len(
        a.repo.query("SELECT id FROM audit WHERE dirty = 1")))
    result = a.sync.run()
    assert result.rejected == 0 and result.conflicts == 0
    assert a.sync.status().pending == 0
    stored = server.records()
    assert len(stored) == len({(r["entity"], r["id"]) for r in stored})
    assert {(r["entity"], r["id"]) for r in stored} == {
        (t, i) for t in records.PUSH_ORDER for i in table(a, t)}
    b = laptop(server.url, "toezichthouder-zuid-2")
    b.sync.run()
    same_data(a, b)


def test_pull_cut_midway_resumes_from_the_last_page(server, proxy, laptop) -> None:
    """A pull cut in the middle keeps the pages already applied and completes at the next sync."""
    a = laptop(server.url)
    for n in range(3):
        case = make_case(a, f"2026-00{n + 10}")
        visit_id = started_visit(a, case.id)
        a.visits.set_report_text(visit_id, summary=f"Bezoek {n}")
    a.sync.run()
    b = laptop(proxy.url, "toezichthouder-zuid-2")
    proxy.cut(b"GET /api/v1/pull", "down", 30_000)
    with pytest.raises(SyncError) as failed:
        SyncEngine(b.sync, page_size=20).run()
    assert failed.value.kind is SyncKind.NETWORK
    assert proxy.cuts == 1
    assert b.sync.cursor() != ""  # the first page stayed applied
    SyncEngine(b.sync, page_size=20).run()
    same_data(a, b)
    assert sorted(c.number for c in b.cases.find()) == ["2026-0010", "2026-0011", "2026-0012"]


def test_pull_writes_pages_together_and_a_pull_stopped_between_groups_resumes(server, laptop) -> None:
    """Pages fetched ahead are written several to a transaction, each with its cursor: a pull stopped
    after the first group keeps that group's records and cursor, and the next sync brings the rest."""
    a = laptop(server.url)
    for n in range(6):
        make_case(a, f"2026-00{30 + n}")
    a.sync.run()
    b = laptop(server.url, "toezichthouder-zuid-2")

    class Stopped(Exception):
        pass

    seen: list[int] = []

    def stop_after_first_group(stage: str, done: int, total: int) -> None:
        if stage == "pull":
            seen.append(done)
            raise Stopped

    with pytest.raises(Stopped):  # as if the laptop were switched off right after a commit
        SyncEngine(b.sync, page_size=4, group_records=8, progress=stop_after_first_group).run()
    assert seen == [8]  # two pages of 4 records, written in one transaction
    assert sum(len(table(b, name)) for name in records.PUSH_ORDER) == 8
    assert b.sync.cursor() != ""
    SyncEngine(b.sync, page_size=4, group_records=8).run()
    same_data(a, b)
    assert sorted(c.number for c in b.cases.find()) == [f"2026-00{30 + n}" for n in range(6)]


def test_pulled_persons_are_findable_also_from_a_later_page(server, laptop) -> None:
    """After a pull, search finds a case by its persons' names and BSN, also by a person that came in
    a later page than the case, and a changed name replaces the old one in the search."""
    a = laptop(server.url)
    first = make_case(a, "2026-0020")
    for n in range(3):
        make_case(a, f"2026-00{21 + n}")
    a.sync.run()
    later = a.cases.add_person(first.id, "Öztürk", voornamen="Test", bsn="111222333")
    a.sync.run()
    b = laptop(server.url, "toezichthouder-zuid-2")
    SyncEngine(b.sync, page_size=3).run()  # the case and its second person in different pages
    assert [r.number for r in b.cases.find("ozturk")] == ["2026-0020"]
    assert [r.number for r in b.cases.find("111222333")] == ["2026-0020"]
    assert sorted(r.number for r in b.cases.find("van den berg 999993653")) == [
        "2026-0020", "2026-0021", "2026-0022", "2026-0023"]
    a.cases.update_person(later.id, geslachtsnaam="Jansen")
    a.sync.run()
    b.sync.run()
    assert b.cases.find("ozturk") == []
    assert [r.number for r in b.cases.find("jansen 111222333")] == ["2026-0020"]
    assert b.db.execute("SELECT count(*) FROM search").fetchone()[0] == 4  # one document per case


def test_ids_of_an_earlier_release_sync_beside_time_ordered_ids(server, laptop, monkeypatch) -> None:
    """Records made with random ids (version 4, earlier releases) and with time-ordered ids (version 7,
    laptop and server now) sync both ways side by side, and are changed and found the same way."""
    a = laptop(server.url)
    with monkeypatch.context() as earlier:
        earlier.setattr(ids, "uuid7", uuid.uuid4)  # the ids an earlier release made
        old = make_case(a, "2026-0050")
        old_visit = a.visits.plan(old.id, "S1", "2026-12-01T09:00")
    new = make_case(a, "2026-0051")
    a.sync.run()
    with SyncClient(server.url, server.token("coordinator-zuid")) as coordinator:
        planned = coordinator.plan("2026-0052", "S3", "02-12-2026 10:30", "Team Zuid")
    b = laptop(server.url, "toezichthouder-zuid-2")
    b.sync.run()
    versions = {n: uuid.UUID(c.id).version for n, c in ((c.number, c) for c in b.cases.find())}
    assert versions == {"2026-0050": 4, "2026-0051": 7, "2026-0052": 7}
    assert uuid.UUID(old_visit.id).version == 4 and uuid.UUID(planned["visit_id"]).version == 7
    b.cases.update(old.id, title="Heronderzoek")
    b.visits.plan(old.id, "S1", "2026-12-03T09:00")
    a.cases.update(new.id, title="Tweede bezoek")
    b.sync.run()
    a.sync.run()
    b.sync.run()
    same_data(a, b)
    assert [c.number for c in a.cases.find("heronderzoek")] == ["2026-0050"]
    assert sorted(uuid.UUID(v.id).version for v in a.visits.find(case_id=old.id)) == [4, 7]
    assert b.cases.get(new.id).title == "Tweede bezoek"


def test_replaying_a_push_batch_changes_nothing(server, laptop) -> None:
    """The same batch sent twice gets the same answer and no new revisions."""
    a = laptop(server.url)
    make_case(a)
    batch = a.sync.batch(a.sync.pending_keys())
    key = batch_key(a.workspace_id, batch)
    with SyncClient(server.url, session.load_token(a.workspace_id)) as client:
        first = client.push(key, batch)
        rev, count = server.max_rev(), len(server.records())
        again = client.push(key, batch)
        assert again == first
        assert (server.max_rev(), len(server.records())) == (rev, count)
        fresh = client.push("another-key-1", batch)
    assert {r["status"] for r in fresh["results"]} == {"applied"}
    assert [r["rev"] for r in fresh["results"]] == [r["rev"] for r in first["results"]]
    assert (server.max_rev(), len(server.records())) == (rev, count)


def test_rejected_records_wait_in_quarantine_without_blocking_the_rest(server, laptop) -> None:
    """A record the server refuses waits with its reason; the others sync; it is not resent blindly."""
    a = laptop(server.url)
    make_case(a, "2026-0200", team="Team Noord")
    make_case(a, "2026-0201")
    result = a.sync.run()
    assert result.rejected == 3  # the case of another team, its address and its person
    assert [c.number for c in laptop(server.url, "toezichthouder-zuid-2").cases.find()] == []  # not yet
    held = a.sync.quarantined()
    assert sorted((q.entity, q.reason_code) for q in held) == [
        ("addresses", "case_unknown"), ("cases", "forbidden"), ("persons", "case_unknown")]
    case_row = next(q for q in held if q.entity == "cases")
    assert case_row.case_number == "2026-0200"
    assert case_row.reason("en") == "'Team Noord' is not one of your teams (yours: Team Zuid)."
    assert case_row.reason("nl") == "'Team Noord' is niet een van uw teams (de uwe: Team Zuid)."
    assert [r["data"]["number"] for r in server.records("cases")] == ["2026-0201"]
    assert a.sync.run().rejected == 0  # waiting, not resent
    assert a.sync.status().quarantined == 3
    a.sync.retry()
    assert a.sync.run().rejected == 3


def test_change_to_a_visit_finalized_elsewhere_is_refused_and_kept(server, laptop) -> None:
    """Editing a visit another laptop finalized: refused by the server, the local value kept visibly."""
    a = laptop(server.url)
    b = laptop(server.url, "toezichthouder-zuid-2")
    case = make_case(a)
    visit_id = started_visit(a, case.id)
    a.sync.run()
    b.sync.run()
    a.visits.set_report_text(visit_id, summary="Samenvatting A", conclusion="Conclusie A")

    finish(a, visit_id)
    a.sync.run()
    b.visits.set_report_text(visit_id, conclusion="Conclusie B")
    b.visits.answer(visit_id, "id_gezien", "ja")
    result = b.sync.run()
    assert result.rejected == 2
    assert b.visits.get(visit_id).status == "synced"
    assert b.evidence.verify(visit_id).ok
    assert b.sync.quarantined() == []
    conflicts = {(c.entity, c.field): c for c in b.sync.conflicts()}
    assert conflicts[("visits", "conclusion")].local_value == "Conclusie B"
    assert conflicts[("visits", "conclusion")].server_value == "Conclusie A"
    assert conflicts[("answers", "*")].local_value["item_id"] == "id_gezien"
    from inspector.errors import WorkflowError

    with pytest.raises(WorkflowError) as refused:
        b.sync.resolve(conflicts[("visits", "conclusion")].id, "mine")
    assert refused.value.code == "visit_locked"
    b.sync.resolve(conflicts[("visits", "conclusion")].id, "server")
    assert len(b.sync.conflicts()) == 1


def finish(ws: Workspace, visit_id: str) -> None:
    """Complete a running S1 visit (as the demo data does) and finalize it."""
    tpl = templates.get_template("S1")
    ws.visits.set_rooms(visit_id, {r.code: "viewed" for r in tpl.rooms[:3]})
    ws.visits.set_room_openers(visit_id, {r.code: "Demo A van den Berg" for r in tpl.rooms[:3]})
    ws.visits.record_moment(visit_id, "ended_at", "2026-10-01T09:50:00Z")
    ws.visits.record_caution(visit_id, False, not_needed_reason="Geen verhoor met het oog op een boete.")
    demo._fill_checklist(ws, visit_id, random.Random(5))  # noqa: SLF001
    ws.visits.record_statement(ws.visits.get(visit_id).id, "Ik woon hier alleen.", read_back=True,
                               signed=False,
                        not_signed_reason="Wilde eerst overleggen.", copy_given=True)
    ws.visits.set_outcome(visit_id, tpl.outcomes[0].code, toe_causes=["T1"])
    ws.visits.finalize(visit_id)


def test_revoked_device_is_told_so_and_wipes_its_workspace(server, laptop) -> None:
    """A revoked laptop gets a clear answer and removes its local data."""
    a = laptop(server.url)
    make_case(a)
    a.sync.run()
    device_id = a.settings.get("sync_server")["device_id"]
    assert auth.revoke_device(server.db, device_id) is True
    folder = a.directory
    with pytest.raises(SyncError) as revoked:
        a.sync.run()
    assert (revoked.value.kind, revoked.value.code, revoked.value.status) == (
        SyncKind.REVOKED, "device_revoked", 401)
    assert not folder.exists()
    assert session.load_token(a.workspace_id) is None


def test_cli_login_and_sync_from_a_script(server, tmp_path, monkeypatch, capsys) -> None:
    """`inspector login URL USER` with the password on stdin, then `inspector sync`, exit 0."""
    from inspector import cli

    folder = str(tmp_path / "ws")
    ws = Workspace.open(folder)
    ws.settings.set_profile("Toezichthouder Test", "TH-0001", "Team Zuid")
    make_case(ws)
    ws.close()
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{'wachtwoord-test-1'}\n"))
    assert cli.main(["--workspace", folder, "--lang", "en", "login", server.url, "toezichthouder-zuid"]) == 0
    assert cli.main(["--workspace", folder, "--lang", "en", "sync"]) == 0
    out = capsys.readouterr().out
    assert "Logged in as toezichthouder-zuid" in out
    assert "Synced: 3 sent, 0 refused, 0 received" in out
    assert [r["data"]["number"] for r in server.records("cases")] == ["2026-0001"]
    monkeypatch.setattr("sys.stdin", io.StringIO("wrong-password\n"))
    assert cli.main(["--workspace", folder, "--lang", "en", "login", server.url, "toezichthouder-zuid"]) == 6
    assert "Unknown username or wrong password." in capsys.readouterr().err
    assert cli.main(["--workspace", folder, "logout"]) == 0
    assert cli.main(["--workspace", folder, "--lang", "en", "sync"]) == 6
    assert "Log in to the server again to sync." in capsys.readouterr().err


def test_plain_http_to_another_host_is_refused(workspace) -> None:
    """Plain HTTP is only allowed to loopback; anything else gets a clear message."""
    with pytest.raises(SyncError) as refused:
        session.login(workspace.sync, "http://sync.gemeente.example", "toezichthouder-zuid", "x")
    assert refused.value.code == "insecure_url"
    assert "use https:// for sync.gemeente.example" in refused.value.en
    assert os.environ.get("INSPECTOR_WORKSPACE") is None
