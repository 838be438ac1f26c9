"""Standard text blocks for the report's summary and conclusion, maintained by the municipality.

The blocks are data (``resources/textblocks.json``, or the file named by the workspace setting
``textblocks_path``): per block the visit types (``templates``) or ``domains`` it is meant for,
a title and a text in Dutch and English with placeholders such as ``{client_name}``. ``fill``
replaces the placeholders it knows and leaves any other one visible, so a typo in the file
shows up in the text instead of crashing the app.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import templates, validation
from .display import format_address
from .errors import InspectorError, ValidationError
from .report.data import format_moment, report_zone
from .snapshot import DEFAULT_TIMEZONE

if TYPE_CHECKING:
    from .workspace import Workspace

BLOCKS_PATH = Path(__file__).resolve().parent.parent / "resources" / "textblocks.json"
PLACEHOLDERS = ("client_name", "address", "date", "case_number", "inspector", "visit_type",
                "municipality")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
FIELDS = ("summary", "conclusion", "any")


@dataclass(frozen=True)
class TextBlock:
    """One block in one language."""

    id: str
    title: str
    text: str
    field: str = "any"  # the editor it is meant for: summary, conclusion or any


def _invalid(name: str, nl: str, en: str) -> ValidationError:
    return ValidationError("textblocks_invalid", f"{name}: {nl}", f"{name}: {en}", field="textblocks")


def _check(raw: Any, name: str) -> list[dict[str, Any]]:
    if not isinstance(raw, dict) or not isinstance(raw.get("blocks"), list):
        raise _invalid(name, "verwacht een object met een lijst 'blocks'.",
                       "expected an object with a list 'blocks'.")
    seen: set[str] = set()
    for i, block in enumerate(raw["blocks"], start=1):
        where_nl, where_en = f"blok {i}", f"block {i}"
        if not isinstance(block, dict) or not isinstance(block.get("id"), str) or not block["id"]:
            raise _invalid(name, f"{where_nl} heeft geen 'id'.", f"{where_en} has no 'id'.")
        if block["id"] in seen:
            raise _invalid(name, f"id '{block['id']}' komt meer dan eens voor.",
                           f"id '{block['id']}' is used more than once.")
        seen.add(block["id"])
        for key in ("title", "text"):
            value = block.get(key)
            complete = isinstance(value, dict) and all(isinstance(value.get(x), str) for x in ("nl", "en"))
            if not complete:
                raise _invalid(name, f"'{block['id']}' mist '{key}' in nl en en.",
                               f"'{block['id']}' lacks '{key}' in nl and en.")
        if block.get("field", "any") not in FIELDS:
            raise _invalid(name, f"'{block['id']}': 'field' moet summary, conclusion of any zijn.",
                           f"'{block['id']}': 'field' must be summary, conclusion or any.")
        for key in ("templates", "domains"):
            if key in block and not (isinstance(block[key], list)
                                     and all(isinstance(x, str) for x in block[key])):
                raise _invalid(name, f"'{block['id']}': '{key}' moet een lijst met tekst zijn.",
                               f"'{block['id']}': '{key}' must be a list of strings.")
    return list(raw["blocks"])


@lru_cache(maxsize=8)
def _load(path: str, mtime_ns: int) -> tuple[dict[str, Any], ...]:
    name = Path(path).name
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise _invalid(name, f"kan niet gelezen worden ({exc}).", f"cannot be read ({exc}).") from exc
    except json.JSONDecodeError as exc:
        raise _invalid(name, f"geen geldige JSON (regel {exc.lineno}): {exc.msg}.",
                       f"not valid JSON (line {exc.lineno}): {exc.msg}.") from exc
    return tuple(_check(raw, name))


def load_blocks(path: str | Path | None = None) -> list[dict[str, Any]]:
    """Every block of the file (raw, both languages). Raises ValidationError ``textblocks_invalid``."""
    p = Path(path) if path else BLOCKS_PATH
    try:
        mtime = p.stat().st_mtime_ns
    except OSError as exc:
        raise _invalid(p.name, "bestand niet gevonden.", "file not found.") from exc
    return list(_load(str(p.resolve()), mtime))


def _domain(template_id: str) -> str:
    try:
        return templates.get_template(template_id).domain
    except InspectorError:
        return ""


def list_blocks(template_id: str, lang: str = "nl", path: str | Path | None = None) -> list[TextBlock]:
    """The blocks meant for visit type ``template_id``, in ``lang``, in file order."""
    lang = "en" if lang == "en" else "nl"
    domain = _domain(template_id)
    out = []
    for block in load_blocks(path):
        for_templates, for_domains = block.get("templates"), block.get("domains")
        if for_templates is None and for_domains is None:
            wanted = True
        else:
            wanted = template_id in (for_templates or []) or (bool(domain) and domain in (for_domains or []))
        if wanted:
            out.append(TextBlock(block["id"], block["title"][lang], block["text"][lang],
                                 block.get("field", "any")))
    return out


def fill(block: TextBlock | str, context: Mapping[str, object]) -> str:
    """The block's text with known placeholders filled in; unknown or empty ones stay as they are."""
    source = block.text if isinstance(block, TextBlock) else str(block)

    def replace(match: re.Match[str]) -> str:
        value = context.get(match.group(1))
        return match.group(0) if value is None or value == "" else str(value)

    return _PLACEHOLDER.sub(replace, source)


def blocks_path(ws: Workspace) -> str | None:
    """The municipality's own blocks file when the workspace names one."""
    value = ws.settings.get("textblocks_path", None)
    return str(value) if value else None


def context_for(ws: Workspace, visit_id: str, lang: str = "nl") -> dict[str, str]:
    """Placeholder values for a visit: client, address, date, case number, inspector, visit type."""
    visit = ws.visits.get(visit_id)
    case = ws.cases.get(visit.case_id)
    persons = ws.cases.persons(case.id)
    client = next((p for p in persons if p.role == "client"), persons[0] if persons else None)
    tz = report_zone(str(ws.settings.get("report_timezone", DEFAULT_TIMEZONE)))
    when = format_moment(visit.started_at or visit.planned_at or "", tz)[:10]
    inspector = visit.officers[0].name if visit.officers else ws.settings.profile().name
    municipality = (ws.settings.get("municipality", None) or {}).get("name", "")
    try:
        visit_type = ws.visits.template(visit).title.get(lang)
    except InspectorError:
        visit_type = visit.template_id
    return {
        "client_name": validation.PersonName(client.voornamen, client.voorvoegsel,
                                             client.geslachtsnaam).display() if client else "",
        "address": format_address(ws.cases.address(case.address_id)),
        "date": when,
        "case_number": case.number,
        "inspector": inspector,
        "visit_type": visit_type,
        "municipality": str(municipality or ""),
    }
