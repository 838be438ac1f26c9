"""Self-contained visit bundles: one ZIP with ``bundle.json`` and the attachments.

Schema (``format`` "inspector-visit-bundle", ``version`` 1)::

    {
      "format": "inspector-visit-bundle", "version": 1, "exported_at": "…Z",
      "template": {…the checklist template the visit was recorded with…},
      "case": {…row…}, "address": {…row…} | null, "persons": [{…row…}],
      "visit": {…row…}, "answers": [{…}], "attachments": [{…, "sha256": "…"}],
      "addenda": [{…}], "audit": [{…}]
    }

Rows are the store's columns (JSON columns decoded) without the sync bookkeeping
(``rev``, ``dirty``, ``dirty_fields``). Every attachment's bytes are in ``attachments/<sha256>``.
Importing checks each file's SHA-256 and, for a finalized visit, the fingerprint.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import fingerprint, templates
from .attachments import sha256_hex
from .errors import ValidationError
from .model import utc_now
from .store import search

if TYPE_CHECKING:
    from .workspace import Workspace

FORMAT = "inspector-visit-bundle"
VERSION = 1
DROP = {"rev", "dirty", "dirty_fields"}
JSON_COLUMNS = {"officers", "present", "ground", "consent", "rooms", "caution", "statement",
                "toe_causes", "referrals", "signals", "value"}


def _plain(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    out = {}
    for key, value in row.items():
        if key in DROP:
            continue
        out[key] = json.loads(value) if key in JSON_COLUMNS and isinstance(value, str) else value
    return out


def _stored(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (json.dumps(v, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                if k in JSON_COLUMNS else v) for k, v in row.items()}


def _bad(reason_nl: str, reason_en: str) -> ValidationError:
    return ValidationError("bundle_invalid", f"Dit bundelbestand is niet bruikbaar: {reason_nl}",
                           f"This bundle file cannot be used: {reason_en}", field="bundle")


def export_visit(ws: Workspace, visit_id: str, out: Path | str) -> Path:
    """Write the visit with its case, persons, answers, photos and audit trail to ``out``."""
    visit = ws.repo.get("visits", visit_id)
    if visit is None or visit["deleted"]:
        ws.visit(visit_id)  # raises the standard not-found error
    assert visit is not None
    case = ws.repo.get("cases", visit["case_id"])
    assert case is not None
    tpl = templates.get_template(visit["template_id"], visit["template_version"])
    atts = ws.repo.rows("attachments", "visit_id = ?", [visit_id])
    doc = {
        "format": FORMAT, "version": VERSION, "exported_at": utc_now(),
        "template": templates.template_to_dict(tpl),
        "case": _plain(case), "address": _plain(ws.repo.get("addresses", case["address_id"] or "")),
        "persons": [_plain(p) for p in ws.repo.rows("persons", "case_id = ?", [case["id"]])],
        "visit": _plain(visit),
        "answers": [_plain(a) for a in ws.repo.rows("answers", "visit_id = ?", [visit_id])],
        "attachments": [_plain(a) for a in atts],
        "addenda": [_plain(a) for a in ws.repo.rows("addenda", "visit_id = ?", [visit_id])],
        "audit": ws.repo.query("SELECT id, at, actor, entity, entity_id, field, old, new, reason "
                               "FROM audit WHERE entity_id = ? ORDER BY at, rowid", [visit_id]),
    }
    path = Path(out)
    tmp = path.with_name(path.name + ".part")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("bundle.json", json.dumps(doc, ensure_ascii=False, indent=1))
            for att in atts:
                data = ws.blob(att["sha256"])
                if data is not None:
                    zf.writestr(f"attachments/{att['sha256']}", data, zipfile.ZIP_STORED)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        from .store.db import storage_error

        raise storage_error(exc, path) from exc
    return path


def read_bundle(path: Path | str) -> tuple[dict[str, Any], dict[str, bytes]]:
    try:
        with zipfile.ZipFile(path) as zf:
            doc = json.loads(zf.read("bundle.json"))
            blobs = {n.split("/", 1)[1]: zf.read(n) for n in zf.namelist()
                     if n.startswith("attachments/") and not n.endswith("/")}
    except FileNotFoundError as exc:
        raise _bad("het bestand bestaat niet.", "the file does not exist.") from exc
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise _bad("het is geen geldige bundel (ZIP met bundle.json).",
                   "it is not a valid bundle (ZIP with bundle.json).") from exc
    if doc.get("format") != FORMAT:
        raise _bad("onbekend formaat.", "unknown format.")
    if doc.get("version", 0) > VERSION:
        raise _bad("gemaakt door een nieuwere versie van Inspector; werk Inspector bij.",
                   "made by a newer version of Inspector; update Inspector.")
    for sha, data in blobs.items():
        if sha256_hex(data) != sha:
            raise _bad(f"bijlage {sha[:12]}… is beschadigd.", f"attachment {sha[:12]}… is damaged.")
    for att in doc.get("attachments", []):
        if att["sha256"] not in blobs:
            raise _bad(f"bijlage {att['sha256'][:12]}… ontbreekt.",
                       f"attachment {att['sha256'][:12]}… is missing.")
    return doc, blobs


def import_bundle(ws: Workspace, path: Path | str) -> str:
    """Import a bundle; returns the visit id. Importing the same bundle twice changes nothing."""
    doc, blobs = read_bundle(path)
    templates.template_from_dict(doc["template"], source=Path(path).name)
    visit = doc["visit"]
    if ws.repo.get("visits", visit["id"]) is not None:
        return str(visit["id"])
    if visit.get("fingerprint"):
        content = fingerprint.canonical_content(_stored(visit), doc["case"], doc["address"],
                                                [_stored(a) for a in doc["answers"]],
                                                [_stored(a) for a in doc["attachments"]])
        if fingerprint.fingerprint(content) != visit["fingerprint"]:
            raise _bad("de vingerafdruk van het afgeronde bezoek klopt niet; de inhoud is gewijzigd.",
                       "the fingerprint of the finalized visit does not match; the content was changed.")
    actor = ws.actor
    with ws.repo.transaction():
        case = doc["case"]
        if ws.repo.get("cases", case["id"]) is None:
            if ws.case_by_number(case["number"]) is not None:
                raise _bad(f"zaaknummer {case['number']} bestaat hier al als andere zaak.",
                           f"case number {case['number']} already exists here as another case.")
            if doc["address"] and ws.repo.get("addresses", doc["address"]["id"]) is None:
                _insert(ws, "addresses", doc["address"], actor)
            _insert(ws, "cases", case, actor)
            for person in doc["persons"]:
                _insert(ws, "persons", person, actor)
        for sha, data in blobs.items():
            mime = next((a["mime"] for a in doc["attachments"] if a["sha256"] == sha), "")
            ws.repo.put_blob(sha, data, mime)
        _insert(ws, "visits", visit, actor)
        for table in ("answers", "attachments", "addenda"):
            for row in doc[table]:
                _insert(ws, table, row, actor)
        search.reindex_case(ws.db, case["id"])
    return str(visit["id"])


def _insert(ws: Workspace, table: str, row: dict[str, Any], actor: str) -> None:
    stored = _stored(row)
    stored["dirty"] = 1
    stored["rev"] = 0
    stored["dirty_fields"] = "[]"
    ws.db.table(table).insert(stored)
    ws.repo._audit(table, row["id"], "*", None, "imported from bundle", actor, "")  # noqa: SLF001
