"""A finalized visit the server has but has not acknowledged is visible as such until its receipt comes."""

from __future__ import annotations

import pytest

from inspector.sync.engine import SyncEngine, sync
from tests.test_sync import finalized_visit, make_case

pytest_plugins = ["tests.servers"]


class Interrupted(Exception):
    pass


def test_visit_sent_without_its_answers_waits_for_its_receipt_visibly(server, laptop) -> None:
    """A sync that stops after the visit itself went (its answers not yet): no receipt, and the laptop
    says so; the next sync sends the rest and the receipt arrives."""
    ws = laptop(server.url)
    case = make_case(ws)
    visit_id = finalized_visit(ws, case.id)
    assert ws.sync_status().awaiting_receipt == 0  # not sent yet: that is "changes waiting"

    def stop_after_visits(stage: str, done: int, total: int) -> None:
        if stage == "push" and server.records("visits"):
            raise Interrupted

    with pytest.raises(Interrupted):
        SyncEngine(ws, batch_size=3, progress=stop_after_visits).run()
    answers = ws.db.execute("SELECT count(*) FROM answers WHERE visit_id = ?", [visit_id]).fetchone()[0]
    assert server.records("visits") and len(server.records("answers")) < answers
    assert ws.visit(visit_id).status == "finalized" and ws.visit(visit_id).receipt in ("", None)
    status = ws.sync_status()
    assert status.awaiting_receipt == 1 and status.pending > 0

    result = sync(ws)
    assert result.receipts == 1
    assert ws.visit(visit_id).status == "synced" and ws.visit(visit_id).receipt.startswith("r1.")
    assert ws.sync_status().awaiting_receipt == 0
