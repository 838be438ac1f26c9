"""The sync controller and dialogs: real widgets, a real TaskRunner, a real server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator

from inspector.server import auth
from inspector.sync import session
from inspector.sync.client import SyncClient
from inspector.workspace.sync import SyncStatus
from tests.test_sync import make_case
from ui.bus import Bus
from ui.sync_ui import ConflictsDialog, QuarantineModel, ServerSettingsDialog, SyncController
from ui.tasks import SyncTaskRunner, TaskRunner

pytest_plugins = ["tests.servers"]

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def runner(qtbot):
    r = TaskRunner()
    yield r
    r.wait(10_000)


def status(pending: int = 0, conflicts: int = 0, last: str = "2026-10-01T12:02:00Z",
           url: str = "https://inspector.example.nl", logged_in: bool = True,
           awaiting_receipt: int = 0) -> SyncStatus:
    return SyncStatus(url, "toezichthouder-zuid", logged_in, last, "", "", pending, conflicts, 0,
                      awaiting_receipt)


def test_sync_button_path_syncs_in_the_background_and_updates_the_status(server, laptop, runner,
                                                                        qtbot) -> None:
    """sync_now runs on the IO lane, reports progress and ends with "Last synced …, nothing waiting"."""
    ws = laptop(server.url)
    for n in range(3):
        make_case(ws, f"2026-03{n:02d}")
    bus = Bus()
    controller = SyncController(ws, runner, bus, auto=False, engine_options={"batch_size": 2})
    texts: list[str] = []
    steps: list[tuple[int, int]] = []
    controller.status_changed.connect(texts.append)
    controller.progress.connect(lambda done, total: steps.append((done, total)))
    qtbot.waitUntil(lambda: bool(texts) and "9 changes waiting" in texts[-1], timeout=5000)
    with qtbot.waitSignal(bus.changed, timeout=10_000), \
            qtbot.waitSignal(controller.finished, timeout=10_000) as done:
        controller.sync_now()
        assert texts[-1] == "Syncing…"
    assert done.args == [True]
    assert (6, 18) in steps  # push progress: 18 records (with their audit entries) in batches of 2
    qtbot.waitUntil(lambda: texts[-1].startswith("Last synced "), timeout=5000)
    assert texts[-1].endswith(", ") is False and "waiting" not in texts[-1]
    numbers = sorted(r["data"]["number"] for r in server.records("cases"))
    assert numbers == ["2026-0300", "2026-0301", "2026-0302"]


def test_status_line_reads_in_dutch_with_the_translation(qtbot, workspace, tmp_path) -> None:
    """The status line comes out as "Laatst gesynchroniseerd 14:02, 3 wijzigingen wachten" in Dutch."""
    qm = tmp_path / "sync_nl.qm"
    subprocess.run([str(Path(sys.executable).parent / "pyside6-lrelease"), "-silent",
                    str(ROOT / "resources" / "translations" / "sync_nl.ts"), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    try:
        controller = SyncController(workspace, SyncTaskRunner(), Bus(), auto=False)
        text = controller.status_text(status(pending=3, last=_today_utc("14:02")))
        assert text == f"Laatst gesynchroniseerd {_local('14:02')}, 3 wijzigingen wachten"
        assert controller.status_text(status(pending=1, conflicts=2, last="")) == \
            "Nog niet gesynchroniseerd, 1 wijziging wacht, 2 conflicten op te lossen"
        assert controller.status_text(status(url="")) == "Niet verbonden met een server"
        assert controller.status_text(status(last="", awaiting_receipt=2)) == \
            "Nog niet gesynchroniseerd, 2 afgeronde bezoeken zonder ontvangstbewijs"
    finally:
        QCoreApplication.removeTranslator(translator)
    english = SyncController(workspace, SyncTaskRunner(), Bus(), auto=False)
    assert english.status_text(status(pending=3, last=_today_utc("14:02"))) == \
        f"Last synced {_local('14:02')}, 3 changes waiting"


def _today_utc(hhmm: str) -> str:
    from datetime import UTC, datetime

    today = datetime.now(UTC).date().isoformat()
    return f"{today}T{hhmm}:00Z"


def _local(hhmm: str) -> str:
    from ui.sync_ui import _local_time

    return _local_time(_today_utc(hhmm))


def test_automatic_sync_when_the_server_becomes_reachable(server, proxy, laptop, runner, qtbot) -> None:
    """Pings back off while the server is away; when it answers again a sync starts by itself."""
    ws = laptop(proxy.url)
    make_case(ws)
    proxy.down = True
    bus = Bus()
    controller = SyncController(ws, runner, bus, ping_interval_ms=50, retry_ms=20, max_backoff_ms=80)
    texts: list[str] = []
    controller.status_changed.connect(texts.append)
    qtbot.waitUntil(lambda: any(t.startswith("Server not reachable, 3 changes waiting") for t in texts),
                    timeout=5000)
    assert not server.records()
    with qtbot.waitSignal(controller.finished, timeout=10_000) as done:
        proxy.down = False
    assert done.args == [True]
    assert [r["data"]["number"] for r in server.records("cases")] == ["2026-0001"]
    controller.stop()


def test_cancel_stops_at_a_safe_point_and_the_next_sync_completes(server, laptop, runner, qtbot) -> None:
    """Cancel during a sync loses nothing; the next sync sends the rest."""
    ws = laptop(server.url)
    for n in range(4):
        make_case(ws, f"2026-04{n:02d}")
    controller = SyncController(ws, runner, Bus(), auto=False, engine_options={"batch_size": 2})
    controller.progress.connect(lambda done, total: controller.cancel())
    texts: list[str] = []
    controller.status_changed.connect(texts.append)
    with qtbot.waitSignal(controller.finished, timeout=10_000) as first:
        controller.sync_now()
    assert first.args == [False]
    assert texts[-1] == "Sync cancelled; nothing was lost."
    assert 0 < len(server.records()) < 24  # 4 cases, addresses, persons and their 12 audit entries
    assert ws.sync.status().pending > 0
    controller.progress.disconnect()
    with qtbot.waitSignal(controller.finished, timeout=10_000) as second:
        controller.sync_now()
    assert second.args == [True]
    assert len(server.records()) == 24
    assert ws.sync.status().pending == 0


def test_revoked_laptop_wipes_and_says_so(server, laptop, runner, qtbot) -> None:
    """A revoked device: the controller reports it, emits device_revoked, and the data is gone."""
    ws = laptop(server.url)
    auth.revoke_device(server.db, ws.settings.get("sync_server")["device_id"])
    controller = SyncController(ws, runner, Bus(), auto=False)
    texts: list[str] = []
    controller.status_changed.connect(texts.append)
    with qtbot.waitSignal(controller.device_revoked, timeout=10_000):
        controller.sync_now()
    assert texts[-1] == "This laptop was revoked by the administrator; its data has been removed."
    assert not ws.directory.exists()


def test_server_settings_dialog_logs_in_and_out_with_inline_errors(server, workspace, runner, qtbot) -> None:
    """Wrong address and wrong password show inline; a good login and a logout say so."""
    dialog = ServerSettingsDialog(workspace, runner)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.message.text() == "Not logged in.", timeout=5000)
    dialog.url.setText("http://sync.gemeente.example")
    dialog.username.setText("toezichthouder-zuid")
    dialog.password.setText("fout-wachtwoord")
    dialog.login_button.click()
    # Messages from the core follow the app's language (Dutch by default), the dialog's own via tr().
    assert dialog.message.text() == ("Onbeveiligd http:// is alleen toegestaan naar deze computer zelf; "
                                     "gebruik https:// voor sync.gemeente.example.")
    dialog.url.setText(server.url)
    dialog.login_button.click()
    qtbot.waitUntil(lambda: dialog.login_button.isEnabled(), timeout=5000)
    assert dialog.message.text() == "Onbekende gebruikersnaam of onjuist wachtwoord."
    dialog.password.setText("wachtwoord-test-1")
    with qtbot.waitSignal(dialog.login_changed, timeout=5000):
        dialog.login_button.click()
    assert dialog.message.text() == f"Logged in as toezichthouder-zuid on {server.url}."
    assert dialog.password.text() == ""
    assert session.load_token(workspace.workspace_id) is not None
    with qtbot.waitSignal(dialog.login_changed, timeout=5000):
        dialog.logout_button.click()
    assert dialog.message.text() == "Logged out. The data on this laptop is kept."
    assert session.load_token(workspace.workspace_id) is None


def test_conflicts_dialog_shows_both_values_and_resolves_through_the_workspace(server, laptop, qtbot,
                                                                             qtmodeltester) -> None:
    """Both values side by side; "keep mine" writes mine back (audited, to be synced); refusals listed."""
    a = laptop(server.url)
    b = laptop(server.url, "toezichthouder-zuid-2")
    case = make_case(a)
    a.sync.run()
    b.sync.run()
    a.cases.update(case.id, title="Titel van laptop A")
    b.cases.update(case.id, title="Titel van laptop B")
    make_case(b, "2026-0999", team="Team Noord")
    a.sync.run()
    b.sync.run()
    bus = Bus()
    dialog = ConflictsDialog(b, SyncTaskRunner(), bus)
    qtbot.addWidget(dialog)
    model = dialog.conflicts
    qtmodeltester.check(model)
    qtmodeltester.check(dialog.quarantine)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "Case", "Record", "Field", "My value", "Server's value"]
    row = [model.index(0, c).data() for c in range(5)]
    assert row == ["2026-0001", "Case", "title", "Titel van laptop B", "Titel van laptop A"]
    reasons = [dialog.quarantine.index(r, QuarantineModel.REASON).data()
               for r in range(dialog.quarantine.rowCount())]
    assert "'Team Noord' is niet een van uw teams (de uwe: Team Zuid)." in reasons
    dialog.conflict_view.selectRow(0)
    with qtbot.waitSignal(bus.changed):
        dialog.keep_mine.click()
    assert model.rowCount() == 0
    assert b.cases.get(case.id).title == "Titel van laptop B"
    assert b.sync.status().pending == 4  # the title, and the three refused records still waiting
    dialog.quarantine_view.selectRow(0)
    dialog.retry.click()
    assert dialog.quarantine.rowCount() == 2


def test_case_of_another_team_with_refused_changes_can_be_let_go_after_confirming(server, laptop,
                                                                                  qtbot) -> None:
    """A case moved to another team while this laptop still had changes: the refusal is listed, and
    after a warning the inspector can remove the case from the laptop."""
    from PySide6.QtWidgets import QMessageBox

    a = laptop(server.url)
    new_here = make_case(a, "2026-0998", team="Team Noord")  # never on the server: not offered
    case = make_case(a, "2026-0997")
    a.sync.run()
    a.cases.update(case.id, title="Nog te versturen")
    a.visits.plan(case.id, "S1", "2026-12-01T09:00")
    with SyncClient(server.url, server.token("beheerder")) as admin:
        admin.assign("2026-0997", "Team Noord")
    a.sync.run()
    bus = Bus()
    dialog = ConflictsDialog(a, SyncTaskRunner(), bus)
    qtbot.addWidget(dialog)
    rows = {(dialog.quarantine.record(r).case_number, dialog.quarantine.record(r).entity): r
            for r in range(dialog.quarantine.rowCount())}
    dialog.quarantine_view.selectRow(rows[("2026-0998", "cases")])
    assert not dialog.let_go.isEnabled()
    dialog.quarantine_view.selectRow(rows[("2026-0997", "visits")])  # refused as "case unknown"
    assert dialog.let_go.isEnabled()
    dialog.quarantine_view.selectRow(rows[("2026-0997", "cases")])
    assert dialog.let_go.isEnabled()
    dialog.let_go.click()
    assert dialog.confirm is not None and "2026-0997" in dialog.confirm.text()
    dialog.confirm.button(QMessageBox.StandardButton.Cancel).click()
    assert a.cases.get(case.id).title == "Nog te versturen"
    dialog.let_go.click()
    with qtbot.waitSignal(bus.changed):
        dialog.confirm.button(QMessageBox.StandardButton.Yes).click()
    assert a.cases.by_number("2026-0997") is None
    assert {q.case_number for q in a.sync.quarantined()} == {"2026-0998"}
    assert a.cases.get(new_here.id).number == "2026-0998"
