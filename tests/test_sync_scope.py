"""What a laptop holds follows its user's teams: cases moved away or out of reach are removed (unless
they hold unsent work), and a case number taken on the server while offline is renamed, not lost."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from inspector.server.db import memberships, teams, users
from inspector.sync.client import SyncClient
from inspector.workspace import Workspace
from tests.test_sync import finalized_visit, make_case

pytest_plugins = ["tests.servers"]


def assign(server: Any, number: str, team: str) -> None:
    with SyncClient(server.url, server.token("beheerder")) as admin:
        admin.assign(number, team)


def holds_nothing_of(ws: Workspace, case_id: str, visit_ids: list[str], hashes: list[str]) -> None:
    """No row of the case is left: not the case, its persons, visits, photos, audit or search text."""
    assert ws.db.execute("SELECT count(*) FROM cases WHERE id = ?", [case_id]).fetchone()[0] == 0
    assert ws.db.execute("SELECT count(*) FROM persons WHERE case_id = ?", [case_id]).fetchone()[0] == 0
    marks = ",".join("?" * len(visit_ids))
    for name in ("answers", "attachments", "addenda"):
        assert ws.db.execute(f"SELECT count(*) FROM {name} WHERE visit_id IN ({marks})",
                             visit_ids).fetchone()[0] == 0, name
    assert ws.db.execute(f"SELECT count(*) FROM visits WHERE id IN ({marks})", visit_ids).fetchone()[0] == 0
    assert ws.db.execute("SELECT count(*) FROM audit WHERE entity_id IN (?, ?)",
                         [case_id, *visit_ids[:1]]).fetchone()[0] == 0
    assert all(ws.visits.blob(sha) is None for sha in hashes)
    assert all(c.id != case_id for c in ws.cases.find("Berg"))


def test_case_moved_to_another_team_leaves_the_old_teams_laptops(any_server, laptop) -> None:
    """The old team's laptops remove the case at their next sync; one with unsent changes keeps it
    (its push is refused and waits visibly); the new team gets it whole; moved back, it returns."""
    server = any_server
    a = laptop(server.url)
    b = laptop(server.url, "toezichthouder-zuid-2")
    moved = make_case(a, "2026-0301")
    visit_id = finalized_visit(a, moved.id)
    busy = make_case(a, "2026-0302")
    stays = make_case(a, "2026-0303")
    a.sync.run()
    b.sync.run()
    hashes = [p.sha256 for p in a.visits.attachments(visit_id)]
    assert b.cases.by_number("2026-0302") is not None and all(b.visits.blob(h) for h in hashes)
    b.cases.update(busy.id, title="Nog te versturen")

    assign(server, "2026-0301", "Team Noord")
    assign(server, "2026-0302", "Team Noord")
    result = a.sync.run()
    assert sorted(result.removed) == ["2026-0301", "2026-0302"]
    assert [c.number for c in a.cases.find()] == ["2026-0303"]
    holds_nothing_of(a, moved.id, [visit_id], hashes)
    assert a.sync.status().pending == 0 and a.sync.quarantined() == []

    result = b.sync.run()
    assert result.removed == ["2026-0301"]
    assert b.cases.get(busy.id).title == "Nog te versturen"  # unsent work is never dropped
    assert [(q.case_number, q.reason_code) for q in b.sync.quarantined()] == [("2026-0302", "forbidden")]
    assert b.cases.by_number("2026-0303") is not None

    noord = laptop(server.url, "toezichthouder-noord", team="Team Noord")
    noord.sync.run()
    assert sorted(c.number for c in noord.cases.find()) == ["2026-0301", "2026-0302"]
    assert noord.evidence.verify(visit_id).ok and all(noord.visits.blob(h) for h in hashes)

    assign(server, "2026-0301", "Team Zuid")
    assert a.sync.run().removed == []
    assert a.cases.by_number("2026-0301") is not None
    assert a.evidence.verify(visit_id).ok and all(a.visits.blob(h) == noord.visits.blob(h) for h in hashes)
    assert noord.sync.run().removed == ["2026-0301"]
    assert stays.id in {c.id for c in a.cases.find()}
    with SyncClient(server.url, server.token("beheerder")) as admin:  # an administrator sees every team
        assert "departures" not in {r["entity"] for r in admin.pull("", 1000)["records"]}


@pytest.fixture
def zuid_2_teams(server: Any) -> Iterator[Any]:
    """Change toezichthouder-zuid-2's teams for one test (restored after: users outlive a test)."""
    def set_teams(*names: str) -> None:
        with server.db.write() as conn:
            user_id = conn.execute(sa.select(users.c.id).where(
                users.c.username == "toezichthouder-zuid-2")).scalar_one()
            conn.execute(sa.delete(memberships).where(memberships.c.user_id == user_id))
            for name in names:
                team_id = conn.execute(sa.select(teams.c.id).where(teams.c.name == name)).scalar_one()
                conn.execute(sa.insert(memberships).values(user_id=user_id, team_id=team_id))

    yield set_teams
    set_teams("Team Zuid")


def test_user_moved_to_another_team_keeps_only_that_teams_cases(server, laptop, zuid_2_teams) -> None:
    """After the user's teams change, the next sync starts over and removes what is out of reach, even
    when that pull is interrupted and finished by a later sync."""
    zuid = laptop(server.url)
    make_case(zuid, "2026-0401")
    make_case(zuid, "2026-0402")
    zuid.sync.run()
    noord = laptop(server.url, "toezichthouder-noord", team="Team Noord")
    make_case(noord, "2026-0411", team="Team Noord")
    make_case(noord, "2026-0412", team="Team Noord")
    noord.sync.run()
    b = laptop(server.url, "toezichthouder-zuid-2")
    local_only = make_case(b, "2026-0420")  # created here and not yet sent: stays whatever happens
    b.sync.run(page_size=3)
    assert sorted(c.number for c in b.cases.find()) == ["2026-0401", "2026-0402", "2026-0420"]
    b.cases.update(local_only.id, title="Nog niet verstuurd")

    zuid_2_teams("Team Noord")
    from inspector.sync.engine import SyncEngine

    class StopAfterFirstPage(Exception):
        pass

    seen: list[int] = []

    def stop_early(stage: str, done: int, total: int) -> None:
        if stage == "pull":
            seen.append(done)
            raise StopAfterFirstPage

    with pytest.raises(StopAfterFirstPage):
        SyncEngine(b.sync, page_size=3, group_records=3, progress=stop_early).run()
    assert seen == [3]
    assert b.cases.by_number("2026-0401") is not None  # not decided until the pull is complete
    result = b.sync.run(page_size=3)
    assert sorted(result.removed) == ["2026-0401", "2026-0402"]
    numbers = sorted(c.number for c in b.cases.find())
    assert numbers == ["2026-0411", "2026-0412", "2026-0420"]
    assert b.sync.run().removed == []


def test_case_number_taken_on_the_server_while_offline_is_renamed_and_sent(server, laptop) -> None:
    """Two laptops create the same case number offline: the second is renamed, then both are synced."""
    a = laptop(server.url)
    b = laptop(server.url, "toezichthouder-zuid-2")
    first = make_case(a, "2026-0501")
    second = make_case(b, "2026-0501")
    a.sync.run()
    result = b.sync.run()
    renamed = b.cases.get(second.id).number
    assert renamed.startswith("2026-0501-") and renamed != "2026-0501"
    assert b.cases.get(first.id).number == "2026-0501"
    b.sync.run()
    assert b.sync.quarantined() == [] and b.sync.status().pending == 0
    assert sorted(r["data"]["number"] for r in server.records("cases")) == ["2026-0501", renamed]
    a.sync.run()
    assert a.cases.get(second.id).number == renamed
    assert [p.geslachtsnaam for p in a.cases.persons(second.id)] == ["Berg"]
    assert result.rejected == 3  # the case (number taken), and its address and person with it


def test_case_shown_while_a_sync_removes_it_gives_way_to_the_placeholder(qtbot, workspace) -> None:
    """The case detail that was showing a case removed by a sync shows its placeholder, not an error."""
    from inspector.store import scope
    from ui.bus import Bus
    from ui.case_detail import CaseDetailPanel
    from ui.tasks import TaskRunner

    case = make_case(workspace, "2026-0601")
    runner, bus = TaskRunner(), Bus()
    errors: list[str] = []
    bus.status_message.connect(errors.append)
    panel = CaseDetailPanel(workspace, runner, bus)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.show_case(case.id)
    assert panel.stack.currentWidget() is panel.page
    workspace.db.execute("UPDATE cases SET rev = 7, dirty = 0")
    for name in ("addresses", "persons", "audit"):
        workspace.db.execute(f"UPDATE {name} SET rev = 7, dirty = 0")
    with workspace.repo.transaction():
        assert scope.forget_case(workspace.repo, case.id)
    panel.reload()
    qtbot.waitUntil(lambda: panel.stack.currentWidget() is panel.placeholder, timeout=10_000)
    runner.wait()
    assert errors == [] and panel.detail is None
