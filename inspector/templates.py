"""Checklist templates: load and validate ``resources/templates/*.json``, evaluate skip logic.

A template is data, one file per visit type (``S1.json``). A released version is never edited in
place: it is kept as ``S1.v1.json`` so that a visit is always shown and reported with the template
version it was started with.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jsonschema

from inspector.errors import ValidationError

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "resources" / "templates"
SCHEMA_PATH = TEMPLATES_DIR / "schema.json"
ITEM_TYPES = ("yesno", "choice", "multichoice", "number", "text", "date", "datetime", "photo")
YESNO_VALUES = ("ja", "nee", "onbekend")
NOT_APPLICABLE = "n.v.t."
"""The answer "niet van toepassing", the same for every item type (checklist.py: "alle overige punten")."""
_CHOICE_TYPES = ("choice", "multichoice")
_FILE_RE = re.compile(r"^(?P<id>[A-Za-z][A-Za-z0-9_-]*?)(?:\.v(?P<version>[0-9]+))?\.json$")
Problem = tuple[str | None, str, str]  # (item id or None, Dutch text, English text)


@dataclass(frozen=True)
class Text:
    nl: str
    en: str

    def get(self, lang: str = "nl") -> str:
        """The text in ``lang``; any language other than English gets Dutch."""
        return self.en if lang.lower().startswith("en") else self.nl


@dataclass(frozen=True)
class Option:
    code: str
    label: Text
    exclusive: bool = False  # "geen": not together with another option


@dataclass(frozen=True)
class Item:
    id: str
    type: str
    label: Text
    required: bool
    help: Text | None
    regulation: str
    options: tuple[Option, ...] = ()
    per_room: bool = False
    relevant: dict[str, Any] | None = None
    min: float | None = None
    max: float | None = None
    not_in_rooms: tuple[str, ...] = ()  # per-room item: rooms where it is not asked (no beds in a hall)

    def option_codes(self) -> tuple[str, ...]:
        return tuple(o.code for o in self.options)


@dataclass(frozen=True)
class Room:
    code: str
    label: Text


@dataclass(frozen=True)
class Outcome:
    code: str
    label: Text
    needs: str = ""  # what finalizing asks for with it: "referral", "signal" or "sanction"


@dataclass(frozen=True)
class Template:
    id: str
    version: int
    domain: str
    title: Text
    requires_ground: bool
    consent_with_ground: Text
    consent_without_ground: Text
    caution_text: Text
    rooms: tuple[Room, ...]
    outcomes: tuple[Outcome, ...]
    uses_lhs: bool
    items: tuple[Item, ...]

    def item(self, item_id: str) -> Item:
        """The item with ``item_id``; ValidationError ``unknown_item`` when there is none."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise ValidationError("unknown_item", f"Sjabloon {self.id} kent item '{item_id}' niet.",
                              f"Template {self.id} has no item '{item_id}'.", field=item_id)

    def consent_text(self, has_ground: bool) -> Text:
        """The exact consent text to read: the variant with or without a reasonable ground."""
        return self.consent_with_ground if has_ground else self.consent_without_ground

    def outcome(self, code: str) -> Outcome:
        """The outcome with ``code``; ValidationError ``unknown_outcome`` when there is none."""
        for outcome in self.outcomes:
            if outcome.code == code:
                return outcome
        raise ValidationError("unknown_outcome", f"Uitkomst '{code}' hoort niet bij sjabloon {self.id}.",
                              f"Outcome '{code}' does not belong to template {self.id}.", field="outcome")


def with_added_rooms(tpl: Template, added: Sequence[Any]) -> Template:
    """``tpl`` as one visit uses it: its rooms, then the rooms added to the visit (``model.AddedRoom``:
    code, label, kind). An added room is asked the per-room items its kind is asked (a room of no
    listed kind: all of them), so everything that goes by the template's rooms (checklist, what is
    missing, the document and the report) goes by the added rooms too."""
    if not added:
        return tpl
    rooms = tpl.rooms + tuple(Room(a.code, Text(a.label, a.label)) for a in added)
    items = tuple(dataclasses.replace(item, not_in_rooms=item.not_in_rooms + tuple(
        a.code for a in added if a.kind and a.kind in item.not_in_rooms)) if item.per_room else item
        for item in tpl.items)
    return dataclasses.replace(tpl, rooms=rooms, items=items)


def next_room_label(tpl: Template, kind: str, lang: str = "nl") -> str:
    """The name a new room of ``kind`` gets by default: the kind's name with the first number no room
    has yet ("Badkamer 2", "Slaapkamer 3" beside "Slaapkamer 1" and "Slaapkamer 2")."""
    label = next(r.label.get(lang) for r in tpl.rooms if r.code == kind)
    base = re.sub(r"\s+\d+$", "", label)
    taken = {r.label.get(lang).casefold() for r in tpl.rooms}
    number = 2
    while f"{base} {number}".casefold() in taken:
        number += 1
    return f"{base} {number}"


class TemplateError(ValidationError):
    """A template that breaks the schema or a semantic rule; the message names file, item and problem."""

    def __init__(self, source: str, nl: str, en: str, item_id: str | None = None,
                 details: object = None) -> None:
        at = f"{source}, item '{item_id}'" if item_id else source
        super().__init__("template_invalid", f"{at}: {nl}", f"{at}: {en}", field=item_id, details=details)
        self.source = source
        self.item_id = item_id


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    import jsonschema  # imported on first use: it is slow to import and only needed to load templates

    return jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def _schema_problem(err: jsonschema.ValidationError, data: Any) -> Problem:
    """Turn a jsonschema error into a readable problem; a path inside "items" becomes the item id."""
    path, item_id = list(err.absolute_path), None
    if len(path) >= 2 and path[0] == "items" and isinstance(path[1], int):
        raw = data["items"][path[1]]
        item_id = raw["id"] if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"#{path[1] + 1}"
        path = path[2:]
    name = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    value, v, pre = err.instance, err.validator_value, f"{name}: " if name else ""
    if err.validator == "enum":
        allowed = ", ".join(str(x) for x in v)
        return (item_id, f"{name} '{value}' is onbekend (toegestaan: {allowed})",
                f"{name} '{value}' is unknown (allowed: {allowed})")
    if err.validator == "required":
        missing = next(p for p in v if p not in value)
        return item_id, f"{pre}'{missing}' ontbreekt", f"{pre}'{missing}' is missing"
    if err.validator == "additionalProperties":
        extra = sorted(k for k in value if k not in err.schema.get("properties", {}))[0]
        return item_id, f"{pre}onbekend veld '{extra}'", f"{pre}unknown field '{extra}'"
    if err.validator in ("minItems", "minLength") and not value:
        return item_id, f"{name} is leeg", f"{name} is empty"
    if err.validator == "type":
        return item_id, f"{name or 'sjabloon'} moet {v} zijn", f"{name or 'template'} must be {v}"
    if err.validator == "pattern":
        return (item_id, f"{name} '{value}' heeft een ongeldige vorm ({v})",
                f"{name} '{value}' has an invalid form ({v})")
    if err.validator == "oneOf":
        hint = "{item, equals}, {item, in}, {item, answered}, {all: [...]}, {any: [...]}"
        return (item_id, f"{name} is geen geldige voorwaarde ({hint})",
                f"{name} is not a valid condition ({hint})")
    return item_id, f"{pre}{err.message}", f"{pre}{err.message}"


def _conditions(cond: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """The leaf conditions ({"item": …}) inside ``cond``."""
    for sub in [*cond.get("all", ()), *cond.get("any", ())]:
        yield from _conditions(sub)
    if "item" in cond:
        yield cond


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _doubles(codes: list[str]) -> list[str]:
    return sorted({c for c in codes if codes.count(c) > 1})


def _semantic_problems(data: Mapping[str, Any]) -> list[Problem]:
    """The rules JSON Schema cannot express: unique ids and codes, skip-logic references, options, min/max."""
    problems: list[Problem] = [
        (None, f"{key}: code '{c}' komt meer dan eens voor", f"{key}: code '{c}' is used more than once")
        for key in ("rooms", "outcomes") for c in _doubles([e["code"] for e in data[key]])]
    items = {raw["id"]: raw for raw in data["items"]}
    for iid in _doubles([raw["id"] for raw in data["items"]]):
        problems.append((iid, "id komt meer dan eens voor", "id is used more than once"))
    for raw in data["items"]:
        iid, kind, codes = raw["id"], raw["type"], [o["code"] for o in raw.get("options", ())]
        if kind in _CHOICE_TYPES and not codes:
            problems.append((iid, f"type '{kind}' heeft 'options' nodig", f"type '{kind}' needs 'options'"))
        if codes and kind not in _CHOICE_TYPES:
            problems.append((iid, f"'options' passen niet bij type '{kind}'",
                             f"'options' do not fit type '{kind}'"))
        problems += [(iid, f"optiecode '{c}' komt meer dan eens voor",
                      f"option code '{c}' is used more than once") for c in _doubles(codes)]
        if kind != "number" and ("min" in raw or "max" in raw):
            problems.append((iid, f"'min'/'max' passen niet bij type '{kind}'",
                             f"'min'/'max' do not fit type '{kind}'"))
        if "min" in raw and "max" in raw and raw["min"] > raw["max"]:
            lo, hi = raw["min"], raw["max"]
            problems.append((iid, f"min {lo} is groter dan max {hi}", f"min {lo} is greater than max {hi}"))
        for cond in _conditions(raw.get("relevant") or {}):
            problems += _condition_problems(iid, cond, items)
        problems += _room_rule_problems(iid, raw, {r["code"] for r in data["rooms"]})
    return problems or _loop_problems(items)


def _room_rule_problems(iid: str, raw: Mapping[str, Any], rooms: set[str]) -> list[Problem]:
    skipped = raw.get("not_in_rooms")
    if skipped is None:
        return []
    if not raw.get("per_room"):
        return [(iid, "'not_in_rooms' past alleen bij een vraag per ruimte (per_room)",
                 "'not_in_rooms' only fits a question asked per room (per_room)")]
    return [(iid, f"not_in_rooms: onbekende ruimte '{c}'", f"not_in_rooms: unknown room '{c}'")
            for c in skipped if c not in rooms]


def _condition_problems(iid: str, cond: Mapping[str, Any], items: Mapping[str, Any]) -> list[Problem]:
    ref = cond["item"]
    if ref == iid:
        return [(iid, "relevant verwijst naar het item zelf", "relevant refers to the item itself")]
    if ref not in items:
        return [(iid, f"relevant verwijst naar onbekend item '{ref}'",
                 f"relevant refers to unknown item '{ref}'")]
    kind = items[ref]["type"]
    allowed = YESNO_VALUES if kind == "yesno" else tuple(o["code"] for o in items[ref].get("options", ()))
    problems: list[Problem] = []
    for value in [cond["equals"]] if "equals" in cond else cond.get("in", []):
        if kind in ("yesno", *_CHOICE_TYPES) and value not in allowed:
            ok = ", ".join(allowed)
            problems.append((iid, f"relevant: '{value}' is geen antwoord van '{ref}' (toegestaan: {ok})",
                             f"relevant: '{value}' is not an answer of '{ref}' (allowed: {ok})"))
        elif kind == "number" and not _is_number(value):
            problems.append((iid, f"relevant: '{value}' is geen getal",
                             f"relevant: '{value}' is not a number"))
    return problems


def _loop_problems(items: Mapping[str, Any]) -> list[Problem]:
    """Skip logic that depends on itself through other items (a → b → a) can never be evaluated."""
    refs = {iid: [c["item"] for c in _conditions(raw.get("relevant") or {})] for iid, raw in items.items()}

    def loop_from(iid: str, trail: list[str]) -> list[str] | None:
        if iid in trail:
            return trail[trail.index(iid):] + [iid]
        return next((found for ref in refs[iid] if (found := loop_from(ref, trail + [iid]))), None)

    for iid in refs:
        if found := loop_from(iid, []):
            text = " → ".join(found)
            return [(found[0], f"sprongregels vormen een kring: {text}", f"skip logic forms a loop: {text}")]
    return []


def _text(raw: Mapping[str, Any]) -> Text:
    return Text(nl=raw["nl"], en=raw["en"])


def template_from_dict(data: Any, source: str = "template") -> Template:
    """Validate ``data`` (JSON Schema first, then the semantic rules) and build the Template.

    ``source`` names the file or record in error messages. Raises TemplateError."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: [str(p).zfill(6) for p in e.absolute_path])
    problems = [_schema_problem(errors[0], data)] if errors else _semantic_problems(data)
    if problems:
        item_id, nl, en = problems[0]
        raise TemplateError(source, nl, en, item_id, details=[p[2] for p in problems])
    items = tuple(Item(
        id=raw["id"], type=raw["type"], label=_text(raw["label"]), required=raw["required"],
        help=_text(raw["help"]) if "help" in raw else None, regulation=raw["regulation"],
        options=tuple(Option(o["code"], _text(o), o.get("exclusive", False))
                      for o in raw.get("options", ())),
        per_room=raw.get("per_room", False), relevant=copy.deepcopy(raw.get("relevant")),
        min=float(raw["min"]) if "min" in raw else None, max=float(raw["max"]) if "max" in raw else None,
        not_in_rooms=tuple(raw.get("not_in_rooms", ())),
    ) for raw in data["items"])
    return Template(
        id=data["id"], version=data["version"], domain=data["domain"], title=_text(data["title"]),
        requires_ground=data["requires_ground"], caution_text=_text(data["caution_text"]),
        consent_with_ground=_text(data["consent"]["with_ground"]),
        consent_without_ground=_text(data["consent"]["without_ground"]),
        rooms=tuple(Room(r["code"], _text(r)) for r in data["rooms"]),
        outcomes=tuple(Outcome(o["code"], _text(o), o.get("needs", "")) for o in data["outcomes"]),
        uses_lhs=data["uses_lhs"], items=items)


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def _text_dict(x: Text) -> dict[str, str]:
    return {"nl": x.nl, "en": x.en}


def template_to_dict(t: Template) -> dict[str, Any]:
    """The JSON form of ``t`` (as in a template file); ``template_from_dict`` rebuilds an equal Template."""
    def item(i: Item) -> dict[str, Any]:
        d = {"id": i.id, "type": i.type, "label": _text_dict(i.label), "required": i.required,
             "help": _text_dict(i.help) if i.help else None, "regulation": i.regulation,
             "options": [{"code": o.code, **_text_dict(o.label),
                          **({"exclusive": True} if o.exclusive else {})} for o in i.options] or None,
             "per_room": i.per_room or None, "min": None if i.min is None else _num(i.min),
             "max": None if i.max is None else _num(i.max), "relevant": copy.deepcopy(i.relevant),
             "not_in_rooms": list(i.not_in_rooms) or None}
        return {k: v for k, v in d.items() if v is not None}

    return {
        "id": t.id, "version": t.version, "domain": t.domain, "title": _text_dict(t.title),
        "requires_ground": t.requires_ground,
        "consent": {"with_ground": _text_dict(t.consent_with_ground),
                    "without_ground": _text_dict(t.consent_without_ground)},
        "caution_text": _text_dict(t.caution_text),
        "rooms": [{"code": r.code, **_text_dict(r.label)} for r in t.rooms],
        "outcomes": [{"code": o.code, **_text_dict(o.label), **({"needs": o.needs} if o.needs else {})}
                     for o in t.outcomes],
        "uses_lhs": t.uses_lhs, "items": [item(i) for i in t.items],
    }


@lru_cache(maxsize=128)
def _load_cached(path: Path, mtime_ns: int, size: int) -> Template:
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(path.name, f"kan niet gelezen worden ({exc})", f"cannot be read ({exc})") from exc
    except json.JSONDecodeError as exc:
        at_nl, at_en = f"regel {exc.lineno}, kolom {exc.colno}", f"line {exc.lineno}, column {exc.colno}"
        raise TemplateError(path.name, f"geen geldige JSON ({at_nl}): {exc.msg}",
                            f"not valid JSON ({at_en}): {exc.msg}") from exc
    return template_from_dict(data, path.name)


def load_template_file(path: str | Path) -> Template:
    """Load and validate one template file (cached while the file is unchanged). Raises TemplateError."""
    p = Path(path).resolve()
    try:
        stat = p.stat()
    except OSError as exc:
        raise TemplateError(p.name, "bestand niet gevonden", "file not found") from exc
    return _load_cached(p, stat.st_mtime_ns, stat.st_size)


def _versions(directory: Path, template_id: str) -> dict[int, Template]:
    """Every version of ``template_id`` in ``directory``: ``ID.json`` plus the ``ID.vN.json`` files."""
    found: dict[int, Template] = {}
    paths = sorted(directory.glob(f"{template_id}.json")) + sorted(directory.glob(f"{template_id}.v*.json"))
    for path in paths:
        match = _FILE_RE.match(path.name)
        if match is None or match["id"] != template_id:
            continue
        t = load_template_file(path)
        if t.id != template_id:
            raise TemplateError(path.name, f"id '{t.id}' past niet bij de bestandsnaam",
                                f"id '{t.id}' does not match the file name")
        if match["version"] is not None and int(match["version"]) != t.version:
            raise TemplateError(path.name, f"versie {t.version} past niet bij de bestandsnaam",
                                f"version {t.version} does not match the file name")
        if t.version in found:
            raise TemplateError(path.name, f"versie {t.version} staat ook in een ander bestand",
                                f"version {t.version} is also in another file")
        found[t.version] = t
    return found


def load_templates(directory: str | Path = TEMPLATES_DIR) -> dict[str, Template]:
    """The latest version of every template in ``directory``, by id. Raises TemplateError."""
    directory, ids = Path(directory), set()
    for path in directory.glob("*.json"):
        match = _FILE_RE.match(path.name)
        if match is None:
            raise TemplateError(path.name, "onbekende bestandsnaam (verwacht ID.json of ID.vN.json)",
                                "unrecognised file name (expected ID.json or ID.vN.json)")
        if path.name != SCHEMA_PATH.name:
            ids.add(match["id"])
    return {tid: versions[max(versions)] for tid in sorted(ids) if (versions := _versions(directory, tid))}


def get_template(template_id: str, version: int | None = None,
                 directory: str | Path = TEMPLATES_DIR) -> Template:
    """Template ``template_id`` in ``version`` (the latest when None).

    Raises ValidationError ``template_not_found``, or TemplateError for a broken file."""
    versions = _versions(Path(directory), template_id) if _FILE_RE.match(f"{template_id}.json") else {}
    wanted = max(versions, default=None) if version is None else version
    if wanted in versions:
        return versions[wanted]
    label = template_id if version is None else f"{template_id} v{version}"
    raise ValidationError("template_not_found", f"Sjabloon {label} is niet gevonden.",
                          f"Template {label} was not found.", field="template")


def _missing(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, list | tuple | set | Mapping) and not value)


def _matches(cond: Mapping[str, Any], value: object) -> bool:
    if "answered" in cond:
        return (not _missing(value)) == bool(cond["answered"])
    if _missing(value):
        return False
    wanted = [cond["equals"]] if "equals" in cond else cond["in"]
    values = value if isinstance(value, list | tuple | set) else [value]
    return any(v == w and isinstance(v, bool) == isinstance(w, bool) for v in values for w in wanted)


def _holds(cond: Mapping[str, Any], answers: Mapping[str, object], room: str | None) -> bool:
    if "all" in cond:
        return all(_holds(c, answers, room) for c in cond["all"])
    if "any" in cond:
        return any(_holds(c, answers, room) for c in cond["any"])
    value = answers.get(cond["item"])
    if not isinstance(value, Mapping):
        return _matches(cond, value)
    if room is not None:  # a per-room answer, looked at for one room
        return _matches(cond, value.get(room))
    if "answered" in cond:
        return _matches(cond, [v for v in value.values() if not _missing(v)])
    return any(_matches(cond, v) for v in value.values())


def is_relevant(item: Item, answers: Mapping[str, object], room: str | None = None) -> bool:
    """Whether ``item`` is asked, given ``answers`` (item_id -> value; room_code -> value for per-room
    items). A condition on a per-room item holds when any room satisfies it, or with ``room`` that room.
    A per-room item is never asked in a room of its ``not_in_rooms``."""
    if room is not None and room in item.not_in_rooms:
        return False
    return item.relevant is None or _holds(item.relevant, answers, room)


def relevant_ids(template: Template, answers: Mapping[str, object]) -> set[str]:
    """Ids of the items that are asked. An answer to a skipped item counts as no answer, so an item that
    depends on a skipped item is judged as if that item were unanswered."""
    state: dict[str, bool] = {}

    def relevant(item: Item) -> bool:
        if item.id not in state:
            refs = {c["item"] for c in _conditions(item.relevant or {})}
            asked = {r: answers.get(r) for r in refs if relevant(template.item(r))}
            state[item.id] = is_relevant(item, asked)
        return state[item.id]

    return {item.id for item in template.items if relevant(item)}


def missing_required(template: Template, answers: Mapping[str, object],
                     rooms: Sequence[str]) -> list[tuple[str, str | None]]:
    """(item_id, room_code or None) for every required, relevant item without a value; a per-room item
    must have a value for each room in ``rooms`` (where relevant for that room)."""
    ids = relevant_ids(template, answers)
    effective = {k: v for k, v in answers.items() if k in ids}
    missing: list[tuple[str, str | None]] = []
    for item in (i for i in template.items if i.required and i.id in ids):
        value = answers.get(item.id)
        if item.per_room:
            per_room = value if isinstance(value, Mapping) else {}
            missing += [(item.id, room) for room in rooms
                        if is_relevant(item, effective, room) and _missing(per_room.get(room))]
        elif _missing(value):
            missing.append((item.id, None))
    return missing


def _invalid(item: Item, nl: str, en: str) -> ValidationError:
    return ValidationError("answer_invalid", f"{item.label.nl}: {nl}", f"{item.label.en}: {en}",
                           field=item.id)


def _fmt(x: float | None, lang: str) -> str:
    s = "…" if x is None else str(_num(x))
    return s.replace(".", ",") if lang == "nl" else s


def _number(item: Item, value: object) -> int | float:
    if isinstance(value, str):  # Dutch "1.234,5" as well as "1234.5"
        s = value.strip().replace(" ", "")
        try:
            value = float(s.replace(".", "").replace(",", ".") if "," in s else s)
        except ValueError:
            raise _invalid(item, "geen geldig getal", "not a valid number") from None
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise _invalid(item, "geen geldig getal", "not a valid number")
    if (item.min is not None and value < item.min) or (item.max is not None and value > item.max):
        raise _invalid(item, f"moet tussen {_fmt(item.min, 'nl')} en {_fmt(item.max, 'nl')} liggen",
                       f"must be between {_fmt(item.min, 'en')} and {_fmt(item.max, 'en')}")
    return _num(value)


def _moment(item: Item, value: object) -> str:
    """A date (ISO or dd-mm-jjjj), or for "datetime" a date and time, as an ISO string."""
    timed = item.type == "datetime"
    if isinstance(value, datetime):
        return value.isoformat() if timed else value.date().isoformat()
    if isinstance(value, date) and not timed:
        return value.isoformat()
    dutch = "%d-%m-%Y %H:%M" if timed else "%d-%m-%Y"
    for parse in (datetime.fromisoformat, lambda s: datetime.strptime(s, dutch)):
        try:
            moment = parse(value.strip()) if isinstance(value, str) else None
        except ValueError:
            continue
        if moment is not None and (timed or moment.time() == datetime.min.time()):
            return moment.isoformat() if timed else moment.date().isoformat()
    if timed:
        raise _invalid(item, "geen geldig tijdstip (dd-mm-jjjj uu:mm)",
                       "not a valid date and time (yyyy-mm-dd hh:mm)")
    raise _invalid(item, "geen geldige datum (dd-mm-jjjj)", "not a valid date (yyyy-mm-dd)")


def _codes(item: Item, values: object) -> list[str]:
    if not isinstance(values, list | tuple | set) or not all(isinstance(v, str) for v in values):
        raise _invalid(item, "kies uit de opties", "choose from the options")
    chosen, codes = {v.strip() for v in values}, item.option_codes()
    if unknown := sorted(chosen - set(codes)):
        raise _invalid(item, f"'{unknown[0]}' is geen optie (toegestaan: {', '.join(codes)})",
                       f"'{unknown[0]}' is not an option (allowed: {', '.join(codes)})")
    return [code for code in codes if code in chosen]


def _coerce(item: Item, value: object) -> object:
    if item.type == "number":
        return _number(item, value)
    if item.type in ("date", "datetime"):
        return _moment(item, value)
    if item.type == "multichoice":
        return _codes(item, [value] if isinstance(value, str) else value)
    if item.type == "photo":  # attachment ids
        photos = [value] if isinstance(value, str) else value
        if not isinstance(photos, list | tuple) or not all(isinstance(v, str) and v.strip() for v in photos):
            raise _invalid(item, "verwacht een lijst met foto-id's", "expected a list of photo ids")
        return [v.strip() for v in photos]
    if item.type == "yesno" and isinstance(value, bool):
        return "ja" if value else "nee"
    if not isinstance(value, str):
        raise _invalid(item, "moet tekst zijn", "must be text")
    if item.type == "choice":
        return _codes(item, [value])[0]
    if item.type == "yesno":
        answer = value.strip().lower()
        answer = {"yes": "ja", "no": "nee", "unknown": "onbekend"}.get(answer, answer)
        if answer not in YESNO_VALUES:
            raise _invalid(item, "kies ja, nee of onbekend", "choose yes, no or unknown")
        return answer
    return value.strip()


def validate_answer(item: Item, value: object) -> object:
    """Check and normalise ``value`` for ``item``: None for an empty answer; yesno "ja"/"nee"/"onbekend";
    choice a code; multichoice a list of codes in option order; number int or float ("3,5" accepted);
    date "YYYY-MM-DD"; datetime ISO; text stripped; photo a list of ids. For a per-room item a dict
    room_code -> value is checked room by room. Raises ValidationError ``answer_invalid``."""
    if item.per_room and isinstance(value, Mapping):
        checked = {str(room): validate_answer(item, v) for room, v in value.items()}
        return {room: v for room, v in checked.items() if v is not None}
    if _missing(value) or (isinstance(value, str) and not value.strip()):
        return None
    if value == NOT_APPLICABLE:
        return NOT_APPLICABLE
    return _coerce(item, value)
