"""The document of a visit: everything its report prints, as plain JSON-ready data.

Finalizing freezes it (``evidence.seal``); a draft report is rendered from one built on the spot
(``ws.evidence.document`` gathers the records, ``visit_document`` makes the document: pure). It
holds what the living records cannot promise to keep: the case number, address and persons as they
were, the checklist's texts and regulations as shown (in both languages), the labels of outcome,
Tafel van Elf, LHS and referral kinds as configured then, the municipality's header and logo, the
report settings, and the photos and signature by content hash. ``report.data.from_document`` renders
it without reading anything else.

Which fields of a case, address, person and photo go in is declared in the record registry
(``records.EVIDENCE``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import evidence, frameworks, records, templates
from .model import Answer, Attachment, FollowUp, RoomState, Visit, to_jsonable

DEFAULT_TIMEZONE = "Europe/Amsterdam"
PHOTO_MAX_SIDE = 1600
PHOTO_QUALITY = 80
LOGO_MAX_BYTES = 512 * 1024


def _text(t: templates.Text) -> dict[str, str]:
    return {"nl": t.nl, "en": t.en}


def _pick(row: dict[str, Any] | None, entity: str, *extra: str) -> dict[str, Any] | None:
    if row is None:
        return None
    return {name: row.get(name) for name in (*extra, *records.EVIDENCE[entity])}


def municipality_header(raw: dict[str, Any] | None, logo: bytes | None) -> dict[str, Any]:
    """The municipality's header as the report prints it, from its setting and its logo file's bytes."""
    raw = raw or {}
    lines = raw.get("address_lines") or raw.get("address") or []
    if isinstance(lines, str):
        lines = lines.splitlines()
    return {"name": str(raw.get("name") or "").strip(),
            "address_lines": [str(x) for x in lines if str(x).strip()],
            "logo": evidence.encode_logo(logo) if logo and len(logo) <= LOGO_MAX_BYTES else ""}


def report_settings(get: Callable[[str, Any], Any]) -> dict[str, Any]:
    """The report settings a document keeps (``get``: a setting by key, with a default)."""
    return {"timezone": str(get("report_timezone", DEFAULT_TIMEZONE)),
            "show_bsn": bool(get("report_show_bsn", False)),
            "photo_max_side": int(get("report_photo_max_side", PHOTO_MAX_SIDE)),
            "photo_quality": int(get("report_photo_quality", PHOTO_QUALITY)),
            # The single "Vervolg" line beside the follow-up actions only for a visit that has that date or
            # note (documents frozen before this key print the line always, as they did).
            "single_followup": False}


@dataclass
class VisitRecords:
    """What a visit's document is made of, as the records hold it now."""

    visit: Visit
    template: templates.Template
    case: dict[str, Any]
    address: dict[str, Any] | None
    persons: list[dict[str, Any]]
    answers: list[Answer]
    answer_map: dict[str, Any]
    photos: list[Attachment]
    signature: Attachment | None
    municipality: dict[str, Any]
    report: dict[str, Any]
    followups: list[FollowUp] = dataclasses.field(default_factory=list)


def _item(item: templates.Item) -> dict[str, Any]:
    return {"label": _text(item.label), "type": item.type, "regulation": item.regulation,
            "required": item.required, "options": {o.code: _text(o.label) for o in item.options}}


def _observations(visit: Visit, tpl: templates.Template, answers: dict[tuple[str, str], Answer],
                  amap: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The observation lines the report prints, grouped (the visit as a whole, then per room), and
    the texts of the items they print."""
    asked = templates.relevant_ids(tpl, amap)
    effective = {k: v for k, v in amap.items() if k in asked}
    used: dict[str, Any] = {}

    def line(item: templates.Item, room: str) -> dict[str, Any] | None:
        a = answers.get((item.id, room))
        if (a is None or a.value in (None, "", [])) and not item.required and not (a and a.note):
            return None
        used[item.id] = _item(item)
        return {"item": item.id, "answer": a.id if a else None}

    groups = []
    general = [ln for item in tpl.items if not item.per_room and item.id in asked
               if (ln := line(item, "")) is not None]
    if general:
        groups.append({"room": "", "lines": general})
    viewed = {code for code, state in visit.rooms.items() if state == RoomState.VIEWED.value}
    answered_rooms = {room for (_, room) in answers if room}
    for room in tpl.rooms:
        if room.code not in viewed | answered_rooms:
            continue
        lines = [ln for item in tpl.items if item.per_room and item.id in asked
                 and templates.is_relevant(item, effective, room.code)
                 if (ln := line(item, room.code)) is not None]
        if lines:
            groups.append({"room": room.code, "lines": lines})
    return groups, used


# The visit's fields the document holds with their labels as configured then (rooms, outcome, causes,
# referrals, signals); every other field the registry marks as evidence goes in as it is.
LABELLED = frozenset({"rooms", "outcome", "toe_causes", "referrals", "signals"})
PLAIN = tuple(name for name in records.EVIDENCE["visits"] if name not in LABELLED)


def _child(record: Answer | Attachment | FollowUp, entity: str) -> dict[str, Any]:
    fields = records.EVIDENCE[entity]
    return {"id": record.id, **{name: to_jsonable(getattr(record, name)) for name in fields}}


def visit_document(r: VisitRecords) -> dict[str, Any]:
    """The document of a visit as its records say now (what finalizing freezes)."""
    visit, tpl = r.visit, r.template
    answers = {(a.item_id, a.room): a for a in r.answers}
    observations, items = _observations(visit, tpl, answers, r.answer_map)
    order = {room.code: i for i, room in enumerate(tpl.rooms)}
    labels = {room.code: _text(room.label) for room in tpl.rooms}
    added = {a.code: {"added": True, "kind": a.kind} for a in visit.added_rooms}
    return {
        "format": evidence.FORMAT,
        "kind": evidence.KIND_VISIT,
        "visit_id": visit.id,
        "case_id": visit.case_id,
        "case": _pick(r.case, "cases"),
        "address": _pick(r.address, "addresses"),
        "persons": [_pick(p, "persons", "id") for p in r.persons],
        "municipality": r.municipality,
        "report": r.report,
        "template": {"id": tpl.id, "version": tpl.version, "domain": tpl.domain, "title": _text(tpl.title),
                     "requires_ground": tpl.requires_ground, "uses_lhs": tpl.uses_lhs},
        "visit": _visit_fields(visit, tpl),
        "rooms": [{"code": code, "label": labels.get(code, {"nl": code, "en": code}), "state": state,
                   **added.get(code, {})}
                  for code, state in sorted(visit.rooms.items(), key=lambda kv: (order.get(kv[0], 999),
                                                                                 kv[0]))],
        "items": items,
        "observations": observations,
        "answers": [_child(a, "answers") for a in sorted(r.answers, key=lambda a: (a.item_id, a.room))],
        "photos": [_child(p, "attachments") for p in r.photos],
        "signature": {"id": r.signature.id, "sha256": r.signature.sha256} if r.signature else None,
        "followups": [_child(f, "followups") for f in sorted(r.followups, key=lambda f: (f.due_date, f.id))],
    }


def _visit_fields(visit: Visit, tpl: templates.Template) -> dict[str, Any]:
    fw = frameworks.FRAMEWORKS
    outcome = next((o for o in tpl.outcomes if o.code == visit.outcome), None)
    lhs = None
    if visit.lhs_cell and fw.lhs_cell_valid(visit.lhs_cell):
        cell = visit.lhs_cell
        lhs = {"cell": cell, "behaviour": _text(fw.lhs_behaviours[cell[0]].label),
               "consequence": _text(fw.lhs_consequences[cell[1]].label),
               "intervention": _text(fw.lhs_intervention(cell))}
    causes = []
    for code in visit.toe_causes:
        dim = fw.tafel_van_elf.get(code)
        causes.append({"code": code, "label": _text(dim.label) if dim else {"nl": code, "en": code},
                       "group": _text(fw.tafel_groups[dim.group].label) if dim else {"nl": "", "en": ""}})
    plain = to_jsonable({f.name: getattr(visit, f.name) for f in dataclasses.fields(visit)})
    kinds = fw.referral_kinds
    targets = fw.signal_targets
    return {
        **{k: plain[k] for k in PLAIN},
        "outcome": {"code": outcome.code, "label": _text(outcome.label)} if outcome else None,
        "toe_causes": causes,
        "lhs": lhs,
        "referrals": [{**to_jsonable(r), "label": _text(kinds[r.kind].label) if r.kind in kinds
                       else {"nl": r.kind, "en": r.kind}} for r in visit.referrals],
        "signals": [{**to_jsonable(s), "label": _text(targets[s.target].label) if s.target in targets
                     else {"nl": s.target, "en": s.target}} for s in visit.signals],
    }


def addendum_document(visit_id: str, addendum_id: str, text: str, author: str, created_at: str,
                      base_fingerprint: str) -> dict[str, Any]:
    """The document of an addendum: its words, who and when, and the fingerprint it follows."""
    return {"format": evidence.FORMAT, "kind": evidence.KIND_ADDENDUM, "visit_id": visit_id,
            "addendum_id": addendum_id, "text": text, "author": author, "created_at": created_at,
            "base_fingerprint": base_fingerprint}


def visit_differences(doc: dict[str, Any], visit: dict[str, Any]) -> list[str]:
    """The fields of a visit row (as stored, or with its JSON columns decoded) that say something else
    than its document."""
    model = records.from_row(Visit, {k: val for k, val in visit.items() if k in records.FIELDS["visits"]
                                     or k == "id"} | {"case_id": visit.get("case_id", ""),
                                                      "template_id": visit.get("template_id", ""),
                                                      "template_version": visit.get("template_version", 0)})
    visit = to_jsonable({f.name: getattr(model, f.name) for f in dataclasses.fields(model)})
    v = doc["visit"]
    # A document frozen before a field existed holds it as the field's default (rang_at, room_openers).
    out = [name for name in PLAIN
           if _plain(visit.get(name)) != _plain(v[name] if name in v else _DEFAULTS.get(name))]
    if (visit.get("outcome") or "") != ((v.get("outcome") or {}).get("code") or ""):
        out.append("outcome")
    if list(visit.get("toe_causes") or []) != [c["code"] for c in v.get("toe_causes", [])]:
        out.append("toe_causes")
    for name in ("referrals", "signals"):
        recorded = [{k: x[k] for k in x if k != "label"} for x in v.get(name, [])]
        if [_plain(x) for x in visit.get(name) or []] != recorded:
            out.append(name)
    if dict(visit.get("rooms") or {}) != {r["code"]: r["state"] for r in doc.get("rooms", [])}:
        out.append("rooms")
    return out


_EMPTY = Visit("", "", 0)
_DEFAULTS: dict[str, Any] = to_jsonable({name: getattr(_EMPTY, name) for name in PLAIN})
_ANSWER_FIELDS = records.EVIDENCE["answers"]
_PHOTO_FIELDS = records.EVIDENCE["attachments"]
# A photo's fields a document frozen before they existed holds as their default (mark-up: none).
_PHOTO_DEFAULTS: dict[str, Any] = {"markup": []}


class Children:
    """A visit document's answers, photos and signature by record id, to check many rows against it."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.answers = {a["id"]: a for a in doc.get("answers", [])}
        self.photos = {p["id"]: p for p in doc.get("photos", [])}
        self.followups = {f["id"]: f for f in doc.get("followups", [])}
        signature = doc.get("signature") or {}
        self.signature_id = signature.get("id")
        self.signature = {"id": signature.get("id"), "sha256": signature.get("sha256")}

    def differences(self, entity: str, row: dict[str, Any]) -> list[str]:
        """The fields of an answer or attachment row (JSON decoded) that disagree with the document: a
        live child must be in the document as it is, a deleted one must not be in it."""
        names: tuple[str, ...]
        if entity == "answers":
            sealed, names = self.answers.get(row["id"]), _ANSWER_FIELDS
        elif entity == "followups":
            sealed, names = self.followups.get(row["id"]), records.EVIDENCE["followups"]
        elif row.get("kind") == "signature":
            sealed = self.signature if self.signature_id == row["id"] else None
            names = ("sha256",)
        else:
            sealed, names = self.photos.get(row["id"]), _PHOTO_FIELDS
        if row.get("deleted"):
            return ["deleted"] if sealed is not None else []
        if sealed is None:
            return ["*"]
        # Plain JSON values on both sides: compared as they are.
        return [name for name in names if row.get(name) != sealed.get(name, _PHOTO_DEFAULTS.get(name))]


def child_differences(doc: dict[str, Any], entity: str, row: dict[str, Any]) -> list[str]:
    """``Children(doc).differences(entity, row)`` for a single row."""
    return Children(doc).differences(entity, row)


def _plain(value: Any) -> Any:
    """A value compared the way the document holds it (dataclasses as dicts, None and "" apart)."""
    return to_jsonable(value)
