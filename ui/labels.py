"""Words for the codes the core returns (domain, status, role), and dates as dd-mm-jjjj.

The core stores codes (``sociaal``, ``in_progress``); the UI shows words in the UI language.
Visit types and outcomes come from the templates, read once off the GUI thread (``load_catalog``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from PySide6.QtCore import QCoreApplication

from inspector.validation import format_date as _format_partial_date

from .errors import ui_lang


def domain_label(code: str) -> str:
    """'sociaal' → 'Sociaal' / 'Social'."""
    labels = {
        "sociaal": QCoreApplication.translate("labels", "Social"),
        "fysiek": QCoreApplication.translate("labels", "Physical"),
        "oov": QCoreApplication.translate("labels", "Public order"),
    }
    return labels.get(code, code)


def case_status_label(code: str) -> str:
    labels = {
        "open": QCoreApplication.translate("labels", "Open"),
        "closed": QCoreApplication.translate("labels", "Closed"),
    }
    return labels.get(code, code)


def visit_status_label(code: str) -> str:
    labels = {
        "planned": QCoreApplication.translate("labels", "Planned"),
        "in_progress": QCoreApplication.translate("labels", "In progress"),
        "finalized": QCoreApplication.translate("labels", "Finalized"),
        "synced": QCoreApplication.translate("labels", "Synced"),
    }
    return labels.get(code, code)


def role_label(code: str) -> str:
    labels = {
        "client": QCoreApplication.translate("labels", "Client"),
        "partner": QCoreApplication.translate("labels", "Partner"),
        "medebewoner": QCoreApplication.translate("labels", "Co-resident"),
        "kind": QCoreApplication.translate("labels", "Child"),
        "verhuurder": QCoreApplication.translate("labels", "Landlord"),
        "tolk": QCoreApplication.translate("labels", "Interpreter"),
        "overig": QCoreApplication.translate("labels", "Other"),
    }
    return labels.get(code, code)


def format_date(iso: str) -> str:
    """'2026-11-28' (or a partial BRP date) → '28-11-2026'; '' stays ''."""
    if not iso:
        return ""
    try:
        return _format_partial_date(iso[:10])
    except Exception:  # noqa: BLE001 - a malformed stored value is shown as it is, never a crash
        return iso


# The report's default zone (inspector.snapshot.DEFAULT_TIMEZONE; a test holds them equal). Not imported
# from there: that module loads the evidence code, which the window's start does not need.
DEFAULT_TIMEZONE = "Europe/Amsterdam"
_zone: list[ZoneInfo] = []  # the municipality's time zone, once the workspace has said it


def set_time_zone(name: str) -> bool:
    """Show moments in ``name`` (the workspace's ``report_timezone``: the one the report prints in);
    False (and the default kept) when the name is unknown."""
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    _zone[:] = [zone]
    return True


def time_zone() -> ZoneInfo:
    """The zone the UI shows times in: the municipality's (Europe/Amsterdam by default), never the
    laptop's own setting, so the screen and the PDF say the same time."""
    return _zone[0] if _zone else ZoneInfo(DEFAULT_TIMEZONE)


def local(moment: datetime) -> datetime:
    """An aware moment in the municipality's zone (a naive one is taken as already local)."""
    return moment.astimezone(time_zone()) if moment.tzinfo is not None else moment


def now() -> datetime:
    return datetime.now(time_zone())


def format_datetime(value: str) -> str:
    """'2026-11-28T09:00' → '28-11-2026 09:00'; a UTC stamp ('…Z') is shown in the municipality's
    time zone."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    moment = local(moment)
    if len(value) <= 10:
        return moment.strftime("%d-%m-%Y")
    return moment.strftime("%d-%m-%Y %H:%M")


@dataclass(frozen=True)
class VisitType:
    id: str
    domain: str
    title_nl: str
    title_en: str
    outcomes: dict[str, tuple[str, str]] = field(default_factory=dict)  # code → (nl, en)

    def title(self, lang: str | None = None) -> str:
        return self.title_en if (lang or ui_lang()) == "en" else self.title_nl


@dataclass(frozen=True)
class Catalog:
    """Visit types by id, for showing titles and outcome words without touching disk."""

    types: dict[str, VisitType] = field(default_factory=dict)

    def title(self, template_id: str) -> str:
        vt = self.types.get(template_id)
        return f"{template_id} {vt.title()}" if vt else template_id

    def outcome(self, template_id: str, code: str) -> str:
        vt = self.types.get(template_id)
        if not code or vt is None or code not in vt.outcomes:
            return code
        nl, en = vt.outcomes[code]
        return en if ui_lang() == "en" else nl

    def for_domain(self, domain: str) -> list[VisitType]:
        return sorted((t for t in self.types.values() if t.domain == domain), key=lambda t: t.id)


_catalog: Catalog | None = None
_catalog_lock = threading.Lock()


def load_catalog() -> Catalog:
    """Read the visit types from the templates (disk: call it on a background lane). Cached."""
    global _catalog
    with _catalog_lock:
        if _catalog is None:
            from inspector import templates

            _catalog = Catalog({
                t.id: VisitType(t.id, t.domain, t.title.nl, t.title.en,
                                {o.code: (o.label.nl, o.label.en) for o in t.outcomes})
                for t in templates.load_templates().values()})
        return _catalog


def cached_catalog() -> Catalog:
    """The catalog when it was loaded already, else an empty one (codes are shown as they are)."""
    return _catalog or Catalog()
