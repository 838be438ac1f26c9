"""A sync with nothing to do, against a real uvicorn server on PostgreSQL: the laptop asks the server
only for the changes since its cursor; it reports its figures (unsent, refused) when they changed, for
a device that has not reported yet, and otherwise once an hour."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from inspector.server.app import create_app
from inspector.server.db import devices
from inspector.sync import session
from tests.test_retention import an_hour_later
from tests.test_sync import make_case

pytest_plugins = ["tests.servers"]
PULL, STATUS = "GET /api/v1/pull", "POST /api/v1/device/status"


@pytest.fixture
def counted(pg_cluster: Any, tmp_path: Any) -> Iterator[tuple[str, Any, list[str]]]:
    """A server that notes every request it answers (method and path): its URL, database and notes."""
    from tests.servers import ServerThread, _seed

    app = create_app(pg_cluster.create_database("nothing_to_do"), blob_store=str(tmp_path / "blobs"))
    _seed(app.state.db)
    paths: list[str] = []

    async def noting(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            paths.append(f"{scope['method']} {scope['path']}")
        await app(scope, receive, send)

    thread = ServerThread(noting).start()
    try:
        yield thread.url, app.state.db, paths
    finally:
        thread.stop()
        app.state.db.dispose()


def _reported(db: Any) -> list[tuple[Any, ...]]:
    with db.read() as conn:
        return [tuple(r) for r in conn.execute(
            sa.select(devices.c.unsent, devices.c.quarantined, devices.c.status_at)
            .where(devices.c.status_at.is_not(None)).order_by(devices.c.created_at))]


def test_a_sync_with_nothing_to_do_only_asks_for_changes(counted, laptop) -> None:
    """After a sync that sent a case, the next one makes a single request, the pull (no key
    registration, no push of an empty outbox, no status report), and is still noted as a sync,
    without leaving the workspace's edits less durable."""
    url, _, paths = counted
    ws = laptop(url)
    make_case(ws, "2026-1401")
    assert ws.sync.run().pushed == 3
    assert "POST /api/v1/push" in paths and STATUS in paths
    paths.clear()
    result = ws.sync.run()
    assert paths == [PULL]
    assert (result.pushed, result.pulled, result.pending) == (0, 0, 0)
    assert ws.sync.status().last_sync_at
    # noting the sync's time did not wait for the disk, and left the inspector's edits durable
    assert ws.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_figures_are_reported_when_they_change_and_otherwise_once_an_hour(counted, laptop,
                                                                          monkeypatch) -> None:
    """A refused case changes the laptop's figures: the next sync reports them; the sync after that
    does not; an hour later the same figures are reported again; a new login (a new device) reports
    at its first sync."""
    url, db, paths = counted
    ws = laptop(url)
    ws.sync.run()
    [(unsent, refused, first_at)] = _reported(db)
    assert (unsent, refused) == (0, 0)
    make_case(ws, "2026-1402", team="Team Noord")  # not one of the user's teams: refused, 3 records
    paths.clear()
    assert ws.sync.run().rejected == 3
    assert paths[-1] == STATUS
    assert [r[:2] for r in _reported(db)] == [(0, 3)]
    paths.clear()
    ws.sync.run()
    assert paths == [PULL]
    an_hour_later(monkeypatch)
    paths.clear()
    ws.sync.run()
    assert paths == [PULL, STATUS]
    from tests.servers import PASSWORD

    session.login(ws.sync, url, "toezichthouder-zuid", PASSWORD, device_name="laptop again")
    paths.clear()
    ws.sync.run()
    assert paths == [PULL, STATUS]
    assert [r[:2] for r in _reported(db)] == [(0, 3), (0, 3)]


def test_a_quiet_team_does_not_read_other_teams_changes_again(counted, laptop) -> None:
    """While Team Noord works, a Team Zuid laptop with nothing new gets a cursor at the server's newest
    revision (so its next pull starts there, not at Team Zuid's last change); a later change of its
    own team still arrives, and nothing of Team Noord does."""
    from inspector.server.db import records

    url, db, _ = counted
    zuid, noord = laptop(url), laptop(url, "toezichthouder-noord", team="Team Noord")
    make_case(zuid, "2026-1501")
    zuid.sync.run()
    own = zuid.sync.cursor()
    for n in range(3):
        make_case(noord, f"2026-16{n:02d}", team="Team Noord")
    assert noord.sync.run().pushed == 9
    assert zuid.sync.run().pulled == 0
    with db.read() as conn:
        newest = conn.execute(sa.select(sa.func.max(records.c.rev))).scalar_one()
    assert zuid.sync.cursor() == f"{newest}.{own.split('.')[1]}" != own
    colleague = laptop(url, "toezichthouder-zuid-2")
    assert colleague.sync.run().pulled == 3  # the first case, its address and its person
    make_case(colleague, "2026-1502")
    colleague.sync.run()
    assert zuid.sync.run().pulled == 3
    assert sorted(c.number for c in zuid.cases.find()) == ["2026-1501", "2026-1502"]


def test_the_device_token_is_read_from_the_keyring_once(counted, laptop, memory_keyring,
                                                        monkeypatch) -> None:
    """A read of a real keyring (Secret Service over D-Bus) costs tens of milliseconds: the token is
    read at the first sync after a start only, not at every sync or status line; after the server
    refused it, the next sync reads the keyring again."""
    from inspector.errors import SyncError
    from inspector.server import auth

    url, db, _ = counted
    ws = laptop(url)
    session.drop_cached(ws.workspace_id)  # as after a restart of the app
    reads: list[str] = []
    original = memory_keyring.get_password

    def counting(service: str, name: str) -> str | None:
        reads.append(name)
        return original(service, name)

    monkeypatch.setattr(memory_keyring, "get_password", counting)
    token_name = f"device-token:{ws.workspace_id}"
    for _ in range(3):
        ws.sync.run()
        assert ws.sync.status().logged_in
    assert reads.count(token_name) == 1
    with db.read() as conn:
        device_id = conn.execute(sa.select(devices.c.id)).scalar_one()
    auth.logout_device(db, device_id)  # its token no longer works
    with pytest.raises(SyncError) as refused:
        ws.sync.run()
    assert refused.value.code == "token_invalid"
    with pytest.raises(SyncError):
        ws.sync.run()
    assert reads.count(token_name) == 2


def test_syncs_and_pings_keep_one_connection_while_the_server_keeps_it_open(server, proxy, laptop) -> None:
    """A sync, a ping and the syncs after them go over one connection, also after a pause longer
    than uvicorn's own keep-alive (5 s): no new connection, over HTTPS no new TLS handshake. When the
    server goes away the next sync says so, and once it is back a new connection carries on."""
    from inspector.errors import SyncError, SyncKind

    ws = laptop(proxy.url)  # logging in used a connection of its own
    make_case(ws, "2026-1405")
    assert ws.sync.run().pushed == 3
    first = proxy.connections
    ws.sync.run()
    assert ws.sync.ping(proxy.url)
    time.sleep(6)
    ws.sync.run()
    assert proxy.connections == first
    proxy.down = True
    with pytest.raises(SyncError) as away:
        ws.sync.run()
    assert away.value.kind is SyncKind.NETWORK
    proxy.down = False
    make_case(ws, "2026-1406")
    assert ws.sync.run().pushed == 3
    assert proxy.connections == first + 1
