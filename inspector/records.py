"""THE RECORD REGISTRY: one declaration per synced entity, shared by laptop and server.

Per entity: its fields (kind, default or required, allowed values, JSON shape, checks), the path to
its case, whether it is audited, its push and apply order, which fields never change, which fields
freeze into a finalized visit's document (``evidence``: ``snapshot.py`` takes exactly those), and
whether it carries a seal (a signed document). What derives from it: the sync field lists and
defaults, the JSON and boolean columns of the model mapping, the audited tables, the scope queries,
what freezes into a document, and the validation the server applies to every pushed record
(``validate``). The local schema is append-only migrations; a test proves that
it agrees with this registry (``tests/test_records.py``).

Adding a recorded field: its entry here, a migration step (``store/migrations.py``), the UI.
Values are described as the laptop stores them and the wire carries them: JSON columns as their
canonical JSON text, booleans as 0/1.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import re
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from . import model, validation
from .errors import ValidationError

REQUIRED: Any = type("Required", (), {"__repr__": lambda self: "REQUIRED"})()
"""The default of a field that has none: it must be given when the record is created."""

TEXT_MAX = 20_000  # a free text (summary, statement, note)
NAME_MAX = 200  # a name, a label, a short code
SNAPSHOT_MAX = 4 * 1024 * 1024  # a finalized visit's frozen document
ROOM_LABEL_MAX = 80  # the name of a room added to a visit

_ID_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
_SHA_RE = re.compile(r"^[0-9a-f]{64}$")
_HEX_RE = re.compile(r"^[0-9a-f]*$")
_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_MOMENT_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
                        r"(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?$")
_TEMPLATE_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")


# --- field checks: each returns None when the value is fine, else (code, en, nl) --------------
Problem = tuple[str, str, str]
Check = Callable[[Any], "Problem | None"]


def _bsn(value: Any) -> Problem | None:
    if value == "" or (isinstance(value, str) and len(value) == 9 and validation.is_valid_bsn(value)):
        return None
    return ("invalid_bsn", "not a valid BSN (9 digits, eleven test)", "geen geldig BSN (9 cijfers, elfproef)")


def _postcode(value: Any) -> Problem | None:
    if value == "":
        return None
    try:
        ok = validation.normalize_postcode(value) == value
    except ValidationError:
        ok = False
    return None if ok else ("invalid_postcode", "not a postcode like 1234AB", "geen postcode als 1234AB")


def _house_number(value: Any) -> Problem | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 99999):
        return None
    return ("invalid_house_number", "not a house number 1-99999", "geen huisnummer 1-99999")


def _date(value: Any) -> Problem | None:
    if value == "":
        return None
    try:
        validation.PartialDate.from_iso(value)
        ok = bool(_DATE_RE.match(value))
    except ValidationError:
        ok = False
    return None if ok else ("invalid_date", "not a date yyyy-mm-dd", "geen datum jjjj-mm-dd")


def _moment(value: Any) -> Problem | None:
    if value == "" or _MOMENT_RE.match(value):
        return None
    return ("invalid_moment", "not a date and time (ISO 8601)", "geen datum en tijd (ISO 8601)")


def _one_line(value: Any) -> Problem | None:
    if isinstance(value, str) and not validation.line_problem(value):
        return None
    return ("invalid_text", "holds a control, invisible or direction-override character",
            "bevat een stuurteken, onzichtbaar teken of schrijfrichtingsteken")


def _pattern(regex: re.Pattern[str], en: str, nl: str, empty_ok: bool = True) -> Check:
    def check(value: Any) -> Problem | None:
        if (value == "" and empty_ok) or regex.match(value):
            return None
        return ("invalid_format", en, nl)
    return check


def _added_rooms(value: Any) -> Problem | None:
    rooms = json.loads(value)
    codes = [r["code"] for r in rooms]
    if len(set(codes)) != len(codes):
        return ("invalid_rooms", "a room code occurs twice", "een ruimtecode komt twee keer voor")
    for room in rooms:
        if not _ID_RE.match(room["code"]) or (room.get("kind") and not _ID_RE.match(room["kind"])):
            return ("invalid_rooms", "a room code or kind is not a code",
                    "een ruimtecode of soort is geen code")
        label = room["label"]
        if not label.strip() or len(label) > ROOM_LABEL_MAX or validation.line_problem(label):
            return ("invalid_rooms", f"a room's name is empty, longer than {ROOM_LABEL_MAX} characters or "
                    "holds a control character", f"de naam van een ruimte is leeg, langer dan "
                    f"{ROOM_LABEL_MAX} tekens of bevat een stuurteken")
    return None


_sha = _pattern(_SHA_RE, "not a SHA-256 in hex", "geen SHA-256 in hex", empty_ok=False)
_hex = _pattern(_HEX_RE, "not hexadecimal", "niet hexadecimaal")
_ref = _pattern(_ID_RE, "not a record id", "geen record-id", empty_ok=False)
_template = _pattern(_TEMPLATE_RE, "not a checklist id", "geen checklist-id", empty_ok=False)


_COLOUR_RE = re.compile(r"^#[0-9a-f]{6}$")


def _markup(value: Any) -> Problem | None:
    """Mark-up shapes: known kinds, coordinates inside the photo, a colour for what is drawn."""
    shapes = json.loads(value)
    bad = None
    if len(shapes) > model.MARKUP_MAX:
        bad = f"more than {model.MARKUP_MAX} shapes", f"meer dan {model.MARKUP_MAX} vormen"
    for s in shapes:
        if bad:
            break
        if s["kind"] not in model.MARKUP_KINDS:
            bad = (f"unknown shape {s['kind']!r} (one of {', '.join(model.MARKUP_KINDS)})",
                   f"onbekende vorm {s['kind']!r} (een van {', '.join(model.MARKUP_KINDS)})")
        elif not all(0 <= s[k] <= model.MARKUP_SCALE for k in ("x1", "y1", "x2", "y2")):
            bad = (f"a coordinate outside 0-{model.MARKUP_SCALE}",
                   f"een coördinaat buiten 0-{model.MARKUP_SCALE}")
        elif (s["colour"] != "") if s["kind"] == "blur" else not _COLOUR_RE.match(s["colour"]):
            bad = ("colour must be #rrggbb (empty for blur)", "kleur moet #rrggbb zijn (leeg bij vervaging)")
    return None if bad is None else ("invalid_markup", *bad)


# --- fields and entities ---------------------------------------------------------------------
@dataclass(frozen=True)
class Field:
    """One recorded field. ``kind``: text, int, bool, json (a JSON column), or seal (evidence bytes)."""

    name: str
    kind: str = "text"
    default: Any = ""  # as the column stores it; REQUIRED when the creator must give it
    null: bool = False  # the column may hold NULL
    choices: tuple[str, ...] = ()
    max_len: int = TEXT_MAX
    shape: Any = None  # JSON fields: a dataclass, list[dataclass], list[str], dict[str, str], or Any
    check: Check | None = None
    immutable: bool = False  # never changes once the record exists
    evidence: bool = False  # copied into a finalized visit's snapshot
    server_only: bool = False  # only the server sets it (a receipt)
    min_value: int | None = None
    max_value: int | None = None

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


@dataclass(frozen=True)
class Entity:
    """One synced entity (a table on the laptop, an envelope kind on the server)."""

    name: str
    fields: tuple[Field, ...]
    order: int  # push order: a case before anything in it, a visit before its answers and photos
    apply_order: int  # the laptop's foreign keys: an address before the case that refers to it
    audited: bool = True
    parent: tuple[str, str] | None = None  # (field, entity) leading towards the case
    sealed: bool = False  # carries a signed snapshot (finalized visit, addendum)
    model: type | None = None

    def field(self, name: str) -> Field:
        return self.by_name[name]

    @functools.cached_property
    def by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


def _f(name: str, kind: str = "text", **kw: Any) -> Field:
    return Field(name, kind, **kw)


def _text(name: str, max_len: int = TEXT_MAX, **kw: Any) -> Field:
    return Field(name, "text", max_len=max_len, **kw)


def _name(name: str, max_len: int = NAME_MAX, **kw: Any) -> Field:
    return Field(name, "text", max_len=max_len, **kw)


def _bool(name: str, **kw: Any) -> Field:
    return Field(name, "bool", default=0, **kw)


def _json(name: str, shape: Any, default: str, **kw: Any) -> Field:
    return Field(name, "json", default=default, shape=shape, max_len=TEXT_MAX * 5, **kw)


def _seal_fields() -> tuple[Field, ...]:
    """A sealed record's frozen document, its fingerprint, the device's signature, the server's receipt."""
    return (
        Field("snapshot", "seal", max_len=SNAPSHOT_MAX),
        _text("fingerprint", 100),
        _text("signature", 200, check=_hex),
        _text("signing_key", 100, check=_hex),
        _name("signing_device"),
        _text("receipt", 400, server_only=True),
    )


DELETED = _bool("deleted")

ADDRESSES = Entity("addresses", (
    _name("postcode", check=_postcode, evidence=True),
    _f("huisnummer", "int", default=None, null=True, check=_house_number, evidence=True),
    _name("huisletter", default=None, null=True, max_len=1, evidence=True),
    _name("toevoeging", default=None, null=True, max_len=4, evidence=True),
    _name("straat", evidence=True),
    _name("woonplaats", evidence=True),
    _name("bag_id", default=None, null=True, max_len=40, evidence=True),
    DELETED,
), order=1, apply_order=0, model=model.Address)

CASES = Entity("cases", (
    _name("number", default=REQUIRED, immutable=True, evidence=True, check=_one_line),
    _name("domain", default=REQUIRED, choices=tuple(d.value for d in model.Domain), evidence=True),
    _text("address_id", 64, default=None, null=True),
    _name("status", default="open", choices=tuple(s.value for s in model.CaseStatus)),
    _name("team"),
    _name("assigned_to"),
    _name("due_date", check=_date),
    _text("title", 500),
    _text("ground_facts"),
    _text("ground_source", 2000),
    _name("ground_date", check=_date),
    _text("ground_why_not_lighter"),
    DELETED,
), order=0, apply_order=1, model=model.Case)

PERSONS = Entity("persons", (
    _text("case_id", 64, default=REQUIRED, check=_ref, immutable=True),
    _name("role", default="client", choices=model.PERSON_ROLES, evidence=True),
    _name("bsn", check=_bsn, evidence=True),
    _name("voornamen", evidence=True),
    _name("voorvoegsel", evidence=True),
    _name("geslachtsnaam", default=REQUIRED, evidence=True),
    _name("birth_date", check=_date, evidence=True),
    DELETED,
), order=2, apply_order=2, parent=("case_id", "cases"), model=model.Person)

VISITS = Entity("visits", (
    _text("case_id", 64, default=REQUIRED, check=_ref, immutable=True),
    _name("template_id", default=REQUIRED, check=_template),
    _f("template_version", "int", default=REQUIRED, min_value=1, max_value=1_000_000),
    _name("status", default="planned", choices=tuple(s.value for s in model.VisitStatus)),
    _name("planned_at", check=_moment, evidence=True),
    _name("started_at", check=_moment, evidence=True),
    _name("rang_at", check=_moment, evidence=True),
    _name("entered_at", check=_moment, evidence=True),
    _name("ended_at", check=_moment, evidence=True),
    _bool("announced", evidence=True),
    _json("officers", list[model.Officer], "[]", evidence=True),
    _json("present", list[model.PresentPerson], "[]", evidence=True),
    _json("ground", model.Ground, "{}", evidence=True),
    _bool("id_shown", evidence=True),
    _name("id_shown_at", check=_moment, evidence=True),
    _json("consent", model.Consent, "{}", evidence=True),
    _json("rooms", dict[str, str], "{}", evidence=True),
    _json("room_openers", dict[str, str], "{}", evidence=True),
    _json("added_rooms", list[model.AddedRoom], "[]", evidence=True, check=_added_rooms),
    _json("caution", model.Caution, "{}", evidence=True),
    _json("statement", model.Statement, "{}", evidence=True),
    _name("outcome", evidence=True),
    _json("toe_causes", list[str], "[]", evidence=True),
    _name("lhs_cell", max_len=2, evidence=True),
    _json("referrals", list[model.Referral], "[]", evidence=True),
    _json("signals", list[model.Signal], "[]", evidence=True),
    _name("followup_date", check=_date, evidence=True),
    _text("followup_note", evidence=True),
    _text("summary", evidence=True),
    _text("conclusion", evidence=True),
    _name("finalized_at", check=_moment, evidence=True),
    _name("finalized_by", evidence=True),
    *_seal_fields(),
    DELETED,
), order=3, apply_order=3, parent=("case_id", "cases"), sealed=True, model=model.Visit)

ANSWERS = Entity("answers", (
    _text("visit_id", 64, default=REQUIRED, check=_ref, immutable=True),
    _name("item_id", default=REQUIRED, immutable=True, evidence=True),
    _name("room", immutable=True, evidence=True),
    _json("value", Any, "null", evidence=True),
    _text("note", evidence=True),
    DELETED,
), order=4, apply_order=4, parent=("visit_id", "visits"), model=model.Answer)

ATTACHMENTS = Entity("attachments", (
    _text("visit_id", 64, default=REQUIRED, check=_ref, immutable=True),
    _name("kind", default="photo", choices=("photo", "signature"), evidence=True),
    _name("item_id", evidence=True),
    _text("sha256", 64, default=REQUIRED, check=_sha, immutable=True, evidence=True),
    _name("mime", default="image/jpeg", choices=("image/jpeg", "image/png"), evidence=True),
    _f("width", "int", default=0, min_value=0, max_value=100_000, evidence=True),
    _f("height", "int", default=0, min_value=0, max_value=100_000, evidence=True),
    _text("caption", 2000, evidence=True),
    _f("number", "int", default=0, min_value=0, max_value=100_000, evidence=True),
    _name("taken_at", check=_moment, evidence=True),
    _json("markup", list[model.MarkupShape], "[]", evidence=True, check=_markup),
    DELETED,
), order=5, apply_order=5, parent=("visit_id", "visits"), model=model.Attachment)

FOLLOWUPS = Entity("followups", (
    _text("visit_id", 64, default=REQUIRED, check=_ref, immutable=True),
    _text("action", 2000, default=REQUIRED, evidence=True),
    _name("owner", default=REQUIRED, check=_one_line, evidence=True),
    _name("due_date", default=REQUIRED, check=_date, evidence=True),
    DELETED,
), order=6, apply_order=6, parent=("visit_id", "visits"), model=model.FollowUp)

ADDENDA = Entity("addenda", (
    _text("visit_id", 64, default=REQUIRED, check=_ref, immutable=True),
    _text("text", default=REQUIRED, immutable=True),
    _text("base_fingerprint", 100, default=REQUIRED, immutable=True),
    _name("author", immutable=True),
    _name("created_at", default=REQUIRED, check=_moment, immutable=True),
    *(dataclasses.replace(f, immutable=not f.server_only) for f in _seal_fields()),
    DELETED,
), order=7, apply_order=7, parent=("visit_id", "visits"), sealed=True, model=model.Addendum)

AUDIT = Entity("audit", tuple(dataclasses.replace(f, immutable=True) for f in (
    _name("at", default=REQUIRED, check=_moment),
    _name("actor", default=REQUIRED),
    _name("entity", default=REQUIRED, choices=("addresses", "cases", "persons", "visits", "answers",
                                               "attachments", "followups", "addenda")),
    _text("entity_id", 64, default=REQUIRED, check=_ref),
    _name("field", default=REQUIRED, max_len=64),
    _text("old", TEXT_MAX * 5, default=None, null=True),
    _text("new", TEXT_MAX * 5, default=None, null=True),
    _text("reason", 2000),
    DELETED,
)), order=8, apply_order=8, audited=False, parent=("entity_id", "*"), model=model.AuditEntry)

ENTITIES: dict[str, Entity] = {e.name: e for e in sorted(
    (ADDRESSES, CASES, PERSONS, VISITS, ANSWERS, ATTACHMENTS, FOLLOWUPS, ADDENDA, AUDIT),
    key=lambda e: e.order)}

# --- what derives from it --------------------------------------------------------------------
PUSH_ORDER: tuple[str, ...] = tuple(ENTITIES)
APPLY_ORDER: tuple[str, ...] = tuple(sorted(ENTITIES, key=lambda n: ENTITIES[n].apply_order))
AUDITED: frozenset[str] = frozenset(n for n, e in ENTITIES.items() if e.audited)
CONTENT: tuple[str, ...] = tuple(n for n in PUSH_ORDER if n != "audit")  # what "unsent changes" counts
SEALED: frozenset[str] = frozenset(n for n, e in ENTITIES.items() if e.sealed)
SEAL_FIELDS: tuple[str, ...] = tuple(f.name for f in _seal_fields())
FIELDS: dict[str, dict[str, Any]] = {n: {f.name: f.default for f in e.fields} for n, e in ENTITIES.items()}
"""Per entity its synced fields and their defaults (``REQUIRED`` when there is none)."""
JSON_FIELDS: dict[str, frozenset[str]] = {
    n: frozenset(f.name for f in e.fields if f.kind == "json") for n, e in ENTITIES.items()}
BOOL_FIELDS: dict[str, frozenset[str]] = {
    n: frozenset(f.name for f in e.fields if f.kind == "bool") for n, e in ENTITIES.items()}
IMMUTABLE: dict[str, frozenset[str]] = {
    n: frozenset(f.name for f in e.fields if f.immutable) for n, e in ENTITIES.items()}
SERVER_ONLY: dict[str, frozenset[str]] = {
    n: frozenset(f.name for f in e.fields if f.server_only) for n, e in ENTITIES.items()}
EVIDENCE: dict[str, tuple[str, ...]] = {
    n: tuple(f.name for f in e.fields if f.evidence) for n, e in ENTITIES.items()}
CHILDREN: dict[str, tuple[str, ...]] = {
    parent: tuple(n for n, e in ENTITIES.items() if e.parent and e.parent[1] == parent)
    for parent in ENTITIES}
"""Per entity the entities that hang directly under it (cases: persons, visits; visits: answers …)."""
VISIT_CHILDREN: tuple[str, ...] = tuple(n for n, e in ENTITIES.items() if e.parent == ("visit_id", "visits"))
"""The entities recorded under a visit (answers, attachments, follow-ups, addenda)."""
FROZEN_CHILDREN: tuple[str, ...] = tuple(n for n in VISIT_CHILDREN if not ENTITIES[n].sealed)
"""What a finalized visit's frozen document holds record by record; sync never changes them after."""


T = TypeVar("T")
_BY_MODEL: dict[type, Entity] = {e.model: e for e in ENTITIES.values() if e.model is not None}


def from_row(cls: type[T], row: Mapping[str, Any]) -> T:
    """A model object from a stored row (or a record's fields): JSON columns decoded into their
    dataclasses, 0/1 into booleans, columns the model does not know left out."""
    fields = _BY_MODEL[cls].by_name
    data: dict[str, Any] = {}
    for key, value in row.items():
        f = fields.get(key)
        if f is not None and f.kind == "json":
            data[key] = _decode(f.shape, json.loads(value) if isinstance(value, str) else value)
        elif f is not None and f.kind == "bool":
            data[key] = bool(value)
        else:
            data[key] = value
    return _build(cls, data)


def _decode(shape: Any, value: Any) -> Any:
    origin = typing.get_origin(shape)
    if origin is list:
        (inner,) = typing.get_args(shape)
        made = isinstance(inner, type) and dataclasses.is_dataclass(inner)
        return [_build(inner, v) if made else v for v in (value or [])]
    if origin is dict:
        return value if value is not None else {}
    if isinstance(shape, type) and dataclasses.is_dataclass(shape):
        return _build(shape, value or {})
    return value


def _build(cls: type[T], data: Mapping[str, Any]) -> T:
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in data.items() if k in names})


def entity(name: str) -> Entity:
    return ENTITIES[name]


def defaults(name: str) -> dict[str, Any]:
    """The synced fields of ``name`` with their defaults (``REQUIRED`` when there is none)."""
    return FIELDS[name]


# --- validation --------------------------------------------------------------------------------
class Invalid(Exception):
    """A record that breaks the registry: which field, and why in English and Dutch."""

    def __init__(self, code: str, field: str, en: str, nl: str) -> None:
        super().__init__(f"{field}: {en}")
        self.code, self.field, self.en, self.nl = code, field, en, nl


def text_problem(value: str) -> str | None:
    """Why a string cannot be stored anywhere (a NUL byte, an unpaired surrogate), or None."""
    if "\x00" in value:
        return "NUL"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "surrogate"
    return None


def _printable(name: str) -> str:
    """A field name as it can be shown and stored (a NUL or surrogate written as its escape)."""
    return name if text_problem(name) is None else ascii(name)[1:-1]


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def loads_strict(text: str) -> Any:
    """JSON without NaN or Infinity (Python's json accepts them; no other reader does)."""
    return json.loads(text, parse_constant=_reject_constant)


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def shape_problem(value: Any, shape: Any, where: str = "") -> str | None:
    """Why ``value`` (decoded JSON) does not have ``shape``, or None. Shapes: a dataclass (an object
    with at most its fields, each of its type), list[...], dict[str, ...], str, int, bool, Any, or a
    union of these."""
    if shape is Any or shape is object:
        return _plain_json_problem(value, where)
    origin = typing.get_origin(shape)
    if origin in (typing.Union, types.UnionType):
        problems = [shape_problem(value, option, where) for option in typing.get_args(shape)]
        return None if any(p is None for p in problems) else problems[0]
    if shape is type(None):
        return None if value is None else f"{where or 'value'} must be null"
    if origin is list:
        if not isinstance(value, list):
            return f"{where or 'value'} must be a list"
        (inner,) = typing.get_args(shape)
        for i, item in enumerate(value):
            if (p := shape_problem(item, inner, f"{where}[{i}]")) is not None:
                return p
        return None
    if origin is dict:
        if not isinstance(value, dict):
            return f"{where or 'value'} must be an object"
        _key, inner = typing.get_args(shape)
        for k, item in value.items():
            if (p := shape_problem(item, inner, f"{where}.{k}")) is not None:
                return p
        return None
    if dataclasses.is_dataclass(shape):
        if not isinstance(value, dict):
            return f"{where or 'value'} must be an object"
        hints = _hints(shape)  # type: ignore[arg-type]
        unknown = sorted(set(value) - set(hints))
        if unknown:
            return f"{where or 'value'} has unknown keys: {', '.join(unknown)}"
        for f in dataclasses.fields(shape):
            if f.name in value:
                if (p := shape_problem(value[f.name], hints[f.name], f"{where}.{f.name}")) is not None:
                    return p
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                return f"{where or 'value'} lacks {f.name}"
        return None
    if shape is bool:
        return None if isinstance(value, bool) else f"{where or 'value'} must be true or false"
    if shape is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else f"{where or 'value'} must be a whole number"
    if shape is str:
        if not isinstance(value, str):
            return f"{where or 'value'} must be text"
        return None if text_problem(value) is None else f"{where or 'value'} holds a NUL or a surrogate"
    return f"{where or 'value'}: unknown shape"


def _plain_json_problem(value: Any, where: str) -> str | None:
    if isinstance(value, float) and not math.isfinite(value):
        return f"{where or 'value'} is not a finite number"
    if isinstance(value, str):
        return None if text_problem(value) is None else f"{where or 'value'} holds a NUL or a surrogate"
    if isinstance(value, list):
        return next((p for i, v in enumerate(value) if (p := _plain_json_problem(v, f"{where}[{i}]"))), None)
    if isinstance(value, dict):
        return next((p for k, v in value.items() if (p := _plain_json_problem(v, f"{where}.{k}"))), None)
    return None


def check_value(f: Field, value: Any) -> None:
    """Raise ``Invalid`` when ``value`` is not a valid stored value of ``f``."""
    def bad(code: str, en: str, nl: str) -> Invalid:
        return Invalid(code, f.name, f"{f.name}: {en}", f"{f.name}: {nl}")

    if value is None:
        if f.null:
            return
        raise bad("missing_value", "may not be empty (null)", "mag niet leeg (null) zijn")
    if f.kind == "bool":
        if value not in (0, 1) or isinstance(value, float):
            raise bad("invalid_type", "must be 0 or 1", "moet 0 of 1 zijn")
        return
    if f.kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            raise bad("invalid_type", "must be a whole number", "moet een geheel getal zijn")
        low = f.min_value if f.min_value is not None else -(2**63)
        high = f.max_value if f.max_value is not None else 2**63 - 1
        if not low <= value <= high:
            raise bad("out_of_range", f"must lie between {low} and {high}",
                      f"moet tussen {low} en {high} liggen")
    elif not isinstance(value, str):
        raise bad("invalid_type", "must be text", "moet tekst zijn")
    else:
        if text_problem(value) is not None:
            raise bad("invalid_text", "holds a NUL byte or an unpaired surrogate",
                      "bevat een NUL-byte of een ongepaarde surrogaat")
        if len(value) > f.max_len:
            raise bad("too_long", f"is longer than {f.max_len} characters",
                      f"is langer dan {f.max_len} tekens")
        if f.choices and value not in f.choices:
            raise bad("invalid_choice", f"must be one of {', '.join(f.choices)}",
                      f"moet een van {', '.join(f.choices)} zijn")
        if f.kind == "json":
            try:
                decoded = loads_strict(value)
            except ValueError:
                raise bad("invalid_json", "is not valid JSON", "is geen geldige JSON") from None
            if (problem := shape_problem(decoded, f.shape)) is not None:
                raise bad("invalid_shape", problem, problem)
    if f.check is not None and (found := f.check(value)) is not None:
        raise bad(*found)


def validate(name: str, fields: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """The complete (creating) or partial record ``fields`` of entity ``name`` checked against the
    registry; returns it with defaults filled in when creating. Raises ``Invalid``."""
    ent = ENTITIES[name]
    known = ent.by_name
    unknown = sorted(_printable(name) for name in set(fields) - set(known))
    if unknown:
        raise Invalid("unknown_field", unknown[0], f"unknown fields: {', '.join(unknown)}",
                      f"onbekende velden: {', '.join(unknown)}")
    out: dict[str, Any] = {}
    for f in ent.fields:
        if f.name in fields:
            value = fields[f.name]
        elif not creating:
            continue
        elif f.required:
            raise Invalid("missing_field", f.name, f"{f.name} is required", f"{f.name} is verplicht")
        else:
            value = f.default
        check_value(f, value)
        out[f.name] = value
    return out
