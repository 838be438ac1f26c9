"""A finalized visit the server has but has not acknowledged is visible as such until its receipt comes."""

from __future__ import annotations

import sqlalchemy as sa

from inspector.server.db import blobs
from inspector.sync.engine import SyncEngine
from tests.test_sync import finalized_visit, make_case

pytest_plugins = ["tests.servers"]


def test_visit_whose_photo_the_server_lost_waits_for_its_receipt_visibly(server, laptop) -> None:
    """The server acknowledges a finalized visit only when it holds every photo the visit's document
    names. A photo lost on the server after its upload: no receipt, and the laptop says so; the next
    sync sends the photo again and the receipt arrives."""
    ws = laptop(server.url)
    case = make_case(ws)
    visit_id = finalized_visit(ws, case.id)
    assert ws.sync.status().awaiting_receipt == 0  # not sent yet: that is "changes waiting"
    lost = ws.visits.attachments(visit_id)[0].sha256

    def lose_a_photo(stage: str, done: int, total: int) -> None:
        if stage == "blobs" and done == total:
            with server.db.write() as conn:
                conn.execute(sa.delete(blobs).where(blobs.c.sha256 == lost))

    SyncEngine(ws.sync, progress=lose_a_photo).run()
    assert ws.visits.get(visit_id).status == "finalized" and ws.visits.get(visit_id).receipt == ""
    status = ws.sync.status()
    assert status.awaiting_receipt == 1 and status.pending == 1 and status.quarantined == 0

    result = ws.sync.run()
    assert result.blobs_up == 1 and result.receipts == 1
    visit = ws.visits.get(visit_id)
    assert visit.status == "synced" and visit.receipt.startswith("r2.")
    assert ws.evidence.verify(visit_id).state("receipt") == "ok"
    assert ws.sync.status().awaiting_receipt == 0
