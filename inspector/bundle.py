"""Self-contained visit bundles: one ZIP with ``bundle.json`` and the photos.

Schema (``format`` "inspector-visit-bundle", ``version`` 2)::

    {
      "format": "inspector-visit-bundle", "version": 2, "exported_at": "…Z",
      "template": {…the checklist template the visit was recorded with…},
      "case": {…row…}, "address": {…row…} | null, "persons": [{…row…}],
      "visit": {…row, with its frozen document, fingerprint, signature and receipt…},
      "answers": [{…}], "attachments": [{…, "sha256": "…"}], "followups": [{…}],
      "addenda": [{…sealed…}], "audit": [{…every audit entry of the visit and its records…}],
      "server_key": "…the server's public key, to check receipts…" | ""
    }

Rows are the store's columns (JSON columns decoded) without the sync bookkeeping. Every attachment's
bytes are in ``attachments/<sha256>``. Version 1 (release 0.1) bundles are still read.

A bundle comes from outside (a mail, a USB stick), so reading one trusts nothing: only
``bundle.json`` and ``attachments/<sha256>`` may be in it, each once; sizes and compression ratios are
judged from the ZIP's directory before anything is unpacked (a lying directory fails the CRC);
``bundle.json`` must have the shape of a bundle whose parts belong together; every file must belong
to an attachment. Each refusal is a ``ValidationError`` saying why, in Dutch and English.

``check`` says what holds of a bundle (``inspector verify BUNDLE.zip``); ``import_bundle`` refuses one
that does not hold: a damaged photo, a finalized visit whose document does not match its fingerprint
or its laptop's signature, rows that do not agree with that document, a visit set back to "in
progress" after it was finalized, an addendum out of its chain, a receipt the server did not sign.
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import evidence, records, snapshot, templates
from .attachments import sha256_hex
from .errors import ValidationError
from .evidence import Verdict
from .model import utc_now
from .store import search
from .store.queries import audit_of

if TYPE_CHECKING:
    from .workspace import Workspace

FORMAT = "inspector-visit-bundle"
VERSION = 2
DROP = {"rev", "dirty", "dirty_fields", "modified_at", "modified_by"}
MAX_JSON_BYTES = 64 * 1024 * 1024  # bundle.json, unpacked
MAX_FILE_BYTES = 60_000_000  # one attachment, unpacked (ImportSettings.max_bytes: no photo is larger)
MAX_TOTAL_BYTES = 1024 ** 3  # everything in the ZIP, unpacked (it is read into memory)
MAX_MEMBERS = 10_000
MAX_RATIO = 200  # unpacked / packed size of a member over 1 MB: more is a decompression bomb, not a visit
FINALIZED = ("finalized", "synced")
ROW_LISTS = ("persons", *records.VISIT_CHILDREN, "audit")
_ATTACHMENT_NAME = re.compile(r"attachments/([0-9a-f]{64})")


def _plain(table: str, row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None:
        return None
    json_fields = records.JSON_FIELDS.get(table, ())
    return {k: json.loads(v) if k in json_fields and isinstance(v, str) else v
            for k, v in row.items() if k not in DROP}


def _stored(table: str, row: dict[str, Any]) -> dict[str, Any]:
    json_fields = records.JSON_FIELDS.get(table, ())
    return {k: (json.dumps(v, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                if k in json_fields else v) for k, v in row.items()}


def _bad(reason_nl: str, reason_en: str) -> ValidationError:
    return ValidationError("bundle_invalid", f"Dit bundelbestand is niet bruikbaar: {reason_nl}",
                           f"This bundle file cannot be used: {reason_en}", field="bundle")


def export_visit(ws: Workspace, visit_id: str, out: Path | str) -> Path:
    """Write the visit with its case, persons, answers, photos, addenda and audit trail to ``out``."""
    visit = ws.repo.get("visits", visit_id)
    if visit is None or visit["deleted"]:
        ws.visits.get(visit_id)  # raises the standard not-found error
    assert visit is not None
    case = ws.repo.get("cases", visit["case_id"])
    assert case is not None
    tpl = templates.get_template(visit["template_id"], visit["template_version"])
    children = {t: ws.repo.find(t, visit_id=visit_id) for t in records.VISIT_CHILDREN}
    ids = [visit_id, *(r["id"] for rows in children.values() for r in rows)]
    doc = {
        "format": FORMAT, "version": VERSION, "exported_at": utc_now(),
        "template": templates.template_to_dict(tpl),
        "case": _plain("cases", case),
        "address": _plain("addresses", ws.repo.get("addresses", case["address_id"] or "")),
        "persons": [_plain("persons", p) for p in ws.repo.find("persons", case_id=case["id"])],
        "visit": _plain("visits", visit),
        **{t: [_plain(t, r) for r in rows] for t, rows in children.items()},
        "audit": audit_of(ws.repo, ids),
        "server_key": ws.evidence.server_key(),
    }
    path = Path(out)
    tmp = path.with_name(path.name + ".part")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("bundle.json", json.dumps(doc, ensure_ascii=False, indent=1))
            for att in children["attachments"]:
                data = ws.visits.blob(att["sha256"])
                if data is not None:
                    zf.writestr(f"attachments/{att['sha256']}", data, zipfile.ZIP_STORED)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        from .store.db import storage_error

        raise storage_error(exc, path) from exc
    return path


def _shown(name: str) -> str:
    """A member name as it can be printed: odd characters escaped, at most 80 characters."""
    text = name.encode("unicode_escape", "backslashreplace").decode("ascii")
    return text if len(text) <= 80 else text[:77] + "..."


def _members(zf: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The ZIP's members, refused when they are not what an exported bundle holds or unpack to far
    more than they weigh (judged from the ZIP's directory, before anything is unpacked)."""
    members = zf.infolist()
    if len(members) > MAX_MEMBERS:
        raise _bad(f"het bevat te veel bestanden ({len(members)}).",
                   f"it holds too many files ({len(members)}).")
    names = [m.filename for m in members]
    for name in names:
        if name != "bundle.json" and not _ATTACHMENT_NAME.fullmatch(name):
            raise _bad(f"het bevat een bestand dat niet in een bundel hoort: '{_shown(name)}'.",
                       f"it holds a file that does not belong in a bundle: '{_shown(name)}'.")
    if len(set(names)) != len(names):
        twice = next(n for n in names if names.count(n) > 1)
        raise _bad(f"het bevat '{_shown(twice)}' twee keer.", f"it holds '{_shown(twice)}' twice.")
    if "bundle.json" not in names:
        raise _bad("bundle.json ontbreekt.", "bundle.json is missing.")
    total = sum(m.file_size for m in members)
    if total > MAX_TOTAL_BYTES or any(m.file_size > 1_000_000 and m.file_size > MAX_RATIO * max(
            m.compress_size, 1) for m in members):
        raise _bad("het pakt uit tot veel meer dan het weegt (een 'zip-bom'); er is niets uitgepakt.",
                   "it unpacks to far more than it weighs (a 'zip bomb'); nothing was unpacked.")
    for m in members:
        limit = MAX_JSON_BYTES if m.filename == "bundle.json" else MAX_FILE_BYTES
        if m.file_size > limit:
            raise _bad(f"{_shown(m.filename)} is te groot ({m.file_size // 1_000_000} MB).",
                       f"{_shown(m.filename)} is too large ({m.file_size // 1_000_000} MB).")
    return members


def _shape_problem(doc: Any) -> tuple[str, str] | None:
    """Where bundle.json lacks the shape every bundle has (objects, lists of objects, text ids)."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return "onbekend formaat.", "unknown format."
    if not isinstance(doc.get("version"), int) or isinstance(doc["version"], bool) or doc["version"] < 1:
        return "onbekend formaat.", "unknown format."
    if doc["version"] > VERSION:
        return ("gemaakt door een nieuwere versie van Inspector; werk Inspector bij.",
                "made by a newer version of Inspector; update Inspector.")
    missing = ("er ontbreken onderdelen in bundle.json of ze hebben een verkeerde vorm.",
               "parts of bundle.json are missing or have the wrong shape.")
    objects = [doc.get("case"), doc.get("visit"), doc.get("template")]
    if doc.get("address") is not None:
        objects.append(doc["address"])
    rows = [doc.get(name, []) for name in ROW_LISTS]
    if not all(isinstance(o, dict) for o in objects) or not all(isinstance(r, list) for r in rows):
        return missing
    every = [doc["case"], doc["visit"], *(row for r in rows for row in r)]
    if doc.get("address") is not None:
        every.append(doc["address"])
    if not all(isinstance(row, dict) and isinstance(row.get("id"), str) and row["id"] for row in every):
        return missing
    if not isinstance(doc["case"].get("number"), str) or not isinstance(doc["visit"].get("status"), str):
        return missing
    if not all(isinstance(a.get("sha256"), str) for a in doc.get("attachments", [])):
        return missing
    if not isinstance(doc.get("server_key", ""), str):
        return missing
    case_id, visit_id = doc["case"]["id"], doc["visit"]["id"]
    if doc["visit"].get("case_id") != case_id or any(p.get("case_id") != case_id for p in doc["persons"]) \
            or any(row.get("visit_id") != visit_id for t in records.VISIT_CHILDREN
                   for row in doc.get(t, [])):
        return ("de onderdelen van bundle.json horen niet bij elkaar (een ander bezoek of een andere zaak).",
                "the parts of bundle.json do not belong together (another visit or another case).")
    if records.shape_problem(doc, Any) is not None:
        return ("bundle.json bevat een teken dat niet kan worden bewaard (een NUL-teken of een losse "
                "surrogaat).", "bundle.json holds a character that cannot be stored (a NUL character "
                "or an unpaired surrogate).")
    return None


def read_bundle(path: Path | str) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The bundle's document and files, within size limits; raises ValidationError when unusable."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = _members(zf)
            doc = records.loads_strict(zf.read("bundle.json").decode("utf-8"))
            blobs = {m.filename.split("/", 1)[1]: zf.read(m) for m in members if m.filename != "bundle.json"}
    except FileNotFoundError as exc:
        raise _bad("het bestand bestaat niet.", "the file does not exist.") from exc
    except (zipfile.BadZipFile, ValueError, OSError, UnicodeDecodeError, RecursionError) as exc:
        raise _bad("het is geen geldige bundel (ZIP met bundle.json).",
                   "it is not a valid bundle (ZIP with bundle.json).") from exc
    problem = _shape_problem(doc)
    if problem is not None:
        raise _bad(*problem)
    return doc, blobs


@dataclass
class BundleCheck:
    """What holds of a bundle: one verdict per sealed document, and every problem found."""

    visit_id: str
    case_number: str
    status: str
    verdicts: list[Verdict] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (nl, en)

    @property
    def ok(self) -> bool:
        return not self.problems and all(v.ok for v in self.verdicts)


def check(doc: dict[str, Any], blobs: dict[str, bytes]) -> BundleCheck:
    """Check a read bundle: photos, the visit's seal and its agreement with the rows, addenda, receipts."""
    visit = doc["visit"]
    out = BundleCheck(str(visit["id"]), str(doc["case"]["number"]), str(visit["status"]))

    def problem(nl: str, en: str) -> None:
        out.problems.append((nl, en))

    listed = {att["sha256"] for att in doc.get("attachments", [])}
    for sha, data in blobs.items():
        if sha256_hex(data) != sha:
            problem(f"bijlage {sha[:12]}… is beschadigd.", f"attachment {sha[:12]}… is damaged.")
        if sha not in listed:
            problem(f"bestand attachments/{sha[:12]}… hoort bij geen bijlage in bundle.json.",
                    f"file attachments/{sha[:12]}… belongs to no attachment in bundle.json.")
    for att in doc.get("attachments", []):
        if att["sha256"] not in blobs:
            problem(f"bijlage {att['sha256'][:12]}… ontbreekt.",
                    f"attachment {att['sha256'][:12]}… is missing.")
    sealed = any(visit.get(name) for name in ("fingerprint", "snapshot", "signature"))
    finalized_in_audit = any(a.get("entity_id") == visit["id"] and a.get("field") == "status"
                             and a.get("new") in FINALIZED for a in doc.get("audit", []))
    if visit["status"] not in FINALIZED:
        if sealed or finalized_in_audit:
            problem("het bezoek was afgerond en is teruggezet naar 'niet afgerond'.",
                    "the visit was finalized and has been set back to 'not finalized'.")
        return out
    fields = dict(visit)
    if not visit.get("snapshot") and evidence.fingerprint_format(str(visit.get("fingerprint") or "")) == 1:
        fields["snapshot"] = visit["snapshot"] = _v1_from_rows(doc)  # a bundle of release 0.1
    server_key = str(doc.get("server_key") or "")
    verdict = evidence.verdict(evidence.KIND_VISIT, out.visit_id, fields, server_key=server_key,
                               expect_receipt=visit["status"] == "synced")
    out.verdicts.append(verdict)
    if verdict.format >= 2 and verdict.state("fingerprint") == evidence.OK:
        frozen = json.loads(visit["snapshot"])
        hashes = evidence.blob_hashes(frozen)
        verdict.checks.append(evidence.check_blobs(hashes, {h: blobs.get(h) for h in hashes}))
        for nl, en in _disagreements(frozen, doc):
            problem(nl, en)
    before = str(visit.get("fingerprint") or "")
    for addendum in doc.get("addenda", []):
        a = evidence.verdict(evidence.KIND_ADDENDUM, str(addendum.get("id")), addendum, server_key=server_key)
        if a.state("fingerprint") == evidence.OK:
            a.checks.append(evidence.check_addendum_record(addendum))
        follows = addendum.get("base_fingerprint") == before
        a.checks.append(evidence.Check("chain", evidence.OK if follows else evidence.FAILED,
                                       "Sluit aan op de vorige vingerafdruk." if follows else
                                       "Sluit niet aan op de vorige vingerafdruk.",
                                       "Follows the previous fingerprint." if follows else
                                       "Does not follow the previous fingerprint."))
        out.verdicts.append(a)
        before = str(addendum.get("fingerprint") or "")
    return out


def _v1_from_rows(doc: dict[str, Any]) -> str:
    """What release 0.1 fingerprinted, from the rows of a bundle it exported."""
    return evidence.v1_content(
        _stored("visits", doc["visit"]), doc["case"], doc.get("address"),
        [_stored("answers", a) for a in doc.get("answers", []) if not a.get("deleted")],
        [_stored("attachments", a) for a in doc.get("attachments",
                                                    []) if not a.get("deleted")]).decode("utf-8")


def _disagreements(frozen: dict[str, Any], doc: dict[str, Any]) -> list[tuple[str, str]]:
    """Where the bundle's rows say something else than the visit's frozen document."""
    out = []
    fields = snapshot.visit_differences(frozen, doc["visit"])
    if fields:
        out.append((f"het bezoek in de bundel wijkt af van het vastgelegde bezoek ({', '.join(fields)}).",
                    f"the visit in the bundle differs from the recorded visit ({', '.join(fields)})."))
    children = [(t, row) for t in records.FROZEN_CHILDREN for row in doc.get(t, [])]
    ids = {row["id"] for _t, row in children if not row.get("deleted")}
    missing = {a["id"] for a in frozen.get("answers", [])} | {p["id"] for p in frozen.get("photos", [])} \
        | {f["id"] for f in frozen.get("followups", [])}
    sealed = snapshot.Children(frozen)
    if any(sealed.differences(t, row) for t, row in children) or not missing <= ids:
        out.append(("de antwoorden, foto's of vervolgacties in de bundel wijken af van het vastgelegde "
                    "bezoek.",
                    "the answers, photos or follow-up actions in the bundle differ from the recorded "
                    "visit."))
    return out


@dataclass(frozen=True)
class Imported:
    visit_id: str
    case_number: str
    new: bool  # False: the visit was already here, nothing was changed


def import_bundle(ws: Workspace, path: Path | str) -> Imported:
    """Import a bundle. Importing the same bundle twice changes nothing (``new`` False)."""
    doc, blobs = read_bundle(path)
    templates.template_from_dict(doc["template"], source=Path(path).name)
    checked = check(doc, blobs)
    failed = checked.problems + [(c.nl, c.en) for v in checked.verdicts for c in v.checks
                                 if c.state == evidence.FAILED]
    if failed:
        raise _bad(" ".join(nl for nl, _ in failed[:3]), " ".join(en for _, en in failed[:3]))
    visit = doc["visit"]
    if ws.repo.get("visits", visit["id"]) is not None:
        return Imported(str(visit["id"]), checked.case_number, False)
    taken = [row["id"] for table in records.VISIT_CHILDREN for row in doc.get(table, [])
             if ws.repo.get(table, row["id"]) is not None]
    if taken:
        raise _bad("het bevat antwoorden of bijlagen die hier al bij een ander bezoek horen.",
                   "it holds answers or attachments that belong to another visit here.")
    actor = ws.settings.actor
    with ws.repo.transaction():
        case = doc["case"]
        if ws.repo.get("cases", case["id"]) is None:
            if ws.cases.by_number(case["number"]) is not None:
                raise _bad(f"zaaknummer {case['number']} bestaat hier al als andere zaak.",
                           f"case number {case['number']} already exists here as another case.")
            if doc["address"] and ws.repo.get("addresses", doc["address"]["id"]) is None:
                _insert(ws, "addresses", doc["address"])
            _insert(ws, "cases", case)
            for person in doc["persons"]:
                if ws.repo.get("persons", person["id"]) is not None:
                    raise _bad("het bevat personen die hier al bij een andere zaak horen.",
                               "it holds persons who belong to another case here.")
                _insert(ws, "persons", person)
        for sha, data in blobs.items():
            mime = next((a["mime"] for a in doc["attachments"] if a["sha256"] == sha), "")
            ws.repo.put_blob(sha, data, mime)
        _insert(ws, "visits", visit)
        for table in records.VISIT_CHILDREN:
            for row in doc.get(table, []):
                _insert(ws, table, row)
        for entry in doc.get("audit", []):
            if ws.repo.get("audit", entry["id"]) is None:
                _insert(ws, "audit", {**entry, "deleted": 0})
        ws.repo.audit("visits", visit["id"], "*", None, "imported from bundle", actor, Path(path).name)
        search.reindex_case(ws.db, case["id"])
    return Imported(str(visit["id"]), checked.case_number, True)


def _insert(ws: Workspace, table: str, row: dict[str, Any]) -> None:
    known = records.FIELDS[table]
    stored = {k: v for k, v in _stored(table, row).items() if k in known or k == "id"}
    try:
        stored = {"id": row["id"], **records.validate(table, {k: v for k, v in stored.items() if k != "id"},
                                                      creating=True)}
    except records.Invalid as exc:
        raise _bad(f"{table}: {exc.nl}", f"{table}: {exc.en}") from exc
    stored.update(dirty=1, rev=0, dirty_fields="[]")
    ws.db.table(table).insert(stored)
