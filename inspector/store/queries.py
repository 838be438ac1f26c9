"""The read queries behind the lists: cases (with client, next visit, follow-ups), visits, audit trail."""

from __future__ import annotations

from typing import Any

from .. import validation
from ..display import format_address, name_forms
from ..model import CaseRow, VisitRow
from . import search
from .repository import Repository


def list_cases(repo: Repository, text: str = "", limit: int = 100_000) -> list[CaseRow]:
    """Cases for the case list; ``text`` searches names, BSN, address and case number."""
    where, params = "c.deleted = 0", []
    ids: list[str] | None = None
    if text.strip():
        ids = search.search_cases(repo.db, text, limit=limit)
        if not ids:
            return []
        where += f" AND c.id IN ({','.join('?' * len(ids))})"
        params = list(ids)
    sql = f"""
        SELECT c.*, a.postcode, a.huisnummer, a.huisletter, a.toevoeging, a.straat, a.woonplaats
        FROM cases c LEFT JOIN addresses a ON a.id = c.address_id
        WHERE {where} ORDER BY c.number LIMIT {int(limit)}"""
    case_rows = repo.query(sql, params)
    extra = _case_extras(repo, ids)
    for r in case_rows:
        r["client"], r["next_visit"], r["followups"] = extra.get(r["id"], ("", "", 0))
    rows = [_case_row(r) for r in case_rows]
    if ids is not None:
        order = {cid: i for i, cid in enumerate(ids)}
        rows.sort(key=lambda r: order.get(r.id, 0))
    return rows


def _case_extras(repo: Repository, ids: list[str] | None) -> dict[str, tuple[str, str, int]]:
    """Per case: first person (client first), next planned visit, open follow-ups."""
    where_p = where_v = ""
    params: list[str] = []
    if ids is not None:
        marks = ",".join("?" * len(ids))
        where_p, where_v, params = f" AND case_id IN ({marks})", f" AND case_id IN ({marks})", ids
    out: dict[str, list[Any]] = {}
    for r in repo.db.execute(
            "SELECT case_id, voornamen || '|' || voorvoegsel || '|' || geslachtsnaam || '|' || bsn "
            f"FROM persons WHERE deleted = 0{where_p} ORDER BY role != 'client' DESC, rowid DESC",
            params):
        out.setdefault(r[0], ["", "", 0])[0] = r[1]  # the last write is the first person
    for r in repo.db.execute(
            "SELECT case_id, min(CASE WHEN status IN ('planned', 'in_progress') THEN planned_at END), "
            "sum(followup_date != '' AND status IN ('finalized', 'synced')) "
            f"FROM visits WHERE deleted = 0{where_v} GROUP BY case_id", params):
        entry = out.setdefault(r[0], ["", "", 0])
        entry[1], entry[2] = r[1] or "", r[2] or 0
    return {k: (v[0], v[1], v[2]) for k, v in out.items()}


def _case_row(r: dict[str, Any]) -> CaseRow:
    client = sort = masked = ""
    if r["client"]:
        voornamen, voorvoegsel, achternaam, bsn = r["client"].split("|")
        client, sort = name_forms(voornamen, voorvoegsel, achternaam)
        masked = "******" + bsn[-3:] if len(bsn) == 9 else validation.mask_bsn(bsn)
    return CaseRow(r["id"], r["number"], r["domain"], r["status"], r["title"], client, sort,
                   masked, format_address(r), r["postcode"] or "", r["team"], r["assigned_to"],
                   r["due_date"], r["next_visit"] or "", r["followups"], r["modified_at"])


def list_visits(repo: Repository, *, case_id: str | None = None, date_from: str | None = None,
                date_to: str | None = None, statuses: tuple[str, ...] = ()) -> list[VisitRow]:
    """Visits, optionally of one case, planned within [date_from, date_to) or of some statuses."""
    where, params = ["v.deleted = 0"], []
    if case_id:
        where.append("v.case_id = ?")
        params.append(case_id)
    if date_from:
        where.append("v.planned_at >= ?")
        params.append(date_from)
    if date_to:
        where.append("v.planned_at < ?")
        params.append(date_to)
    if statuses:
        where.append(f"v.status IN ({','.join('?' * len(statuses))})")
        params += list(statuses)
    sql = f"""
        SELECT v.id, v.case_id, c.number, v.template_id, v.status, v.planned_at, v.started_at,
          v.finalized_at, v.outcome, v.followup_date, a.postcode, a.huisnummer, a.huisletter,
          a.toevoeging, a.straat, a.woonplaats,
          (SELECT p.voornamen || '|' || p.voorvoegsel || '|' || p.geslachtsnaam FROM persons p
             WHERE p.case_id = c.id AND p.deleted = 0 ORDER BY p.role != 'client', p.rowid
             LIMIT 1) AS client
        FROM visits v JOIN cases c ON c.id = v.case_id
        LEFT JOIN addresses a ON a.id = c.address_id
        WHERE {' AND '.join(where)} ORDER BY v.planned_at, c.number"""
    out = []
    for r in repo.query(sql, params):
        client = ""
        if r["client"]:
            client = name_forms(*r["client"].split("|"))[0]
        out.append(VisitRow(r["id"], r["case_id"], r["number"], r["template_id"], r["status"],
                            r["planned_at"], r["started_at"], r["finalized_at"], client,
                            format_address(r), r["outcome"], r["followup_date"]))
    return out


def audit_trail(repo: Repository, entity_id: str) -> list[dict[str, Any]]:
    return repo.query("SELECT at, actor, entity, field, old, new, reason FROM audit "
                      "WHERE entity_id = ? ORDER BY at, rowid", [entity_id])


def audit_of(repo: Repository, entity_ids: list[str]) -> list[dict[str, Any]]:
    """Every audit entry about these records, oldest first (without the sync bookkeeping)."""
    out: list[dict[str, Any]] = []
    for start in range(0, len(entity_ids), 500):
        part = entity_ids[start:start + 500]
        out += repo.query("SELECT id, at, actor, entity, entity_id, field, old, new, reason FROM audit "
                          f"WHERE entity_id IN ({','.join('?' * len(part))})", part)
    return sorted(out, key=lambda a: a["at"])


def visit_ids(repo: Repository) -> list[str]:
    return [r["id"] for r in repo.query("SELECT id FROM visits WHERE deleted = 0")]


def next_number(repo: Repository, visit_id: str, kind: str) -> int:
    """The number the next attachment of ``kind`` of a visit gets."""
    return int(repo.query("SELECT coalesce(max(number), 0) + 1 AS n FROM attachments WHERE visit_id = ? "
                          "AND kind = ?", [visit_id, kind])[0]["n"])


def case_number_taken(repo: Repository, number: str) -> bool:
    return bool(repo.query("SELECT 1 FROM cases WHERE number = ?", [number]))


def has_synced(repo: Repository) -> bool:
    """Whether anything of this workspace has been on the server."""
    return bool(repo.query("SELECT 1 FROM cases WHERE rev > 0 LIMIT 1"))
