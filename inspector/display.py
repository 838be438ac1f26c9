"""How an address and a person's name are written (lists, the report, the case detail)."""

from __future__ import annotations

from typing import Any

from . import validation
from .model import Address


def format_address(a: dict[str, Any] | Address | None) -> str:
    """"Kerkstraat 12A bis, 3511 AB Utrecht" from stored (already normalised) address fields."""
    if a is None:
        return ""
    d = a if isinstance(a, dict) else a.__dict__
    street, pc, town = d.get("straat") or "", d.get("postcode") or "", d.get("woonplaats") or ""
    if not street and not pc:
        return ""
    number = ""
    if d.get("huisnummer"):
        number = f"{d['huisnummer']}{d.get('huisletter') or ''}"
        if d.get("toevoeging"):
            number += f" {d['toevoeging']}"
    pc_text = f"{pc[:4]} {pc[4:]}" if len(pc) == 6 else pc
    first = f"{street} {number}".strip()
    second = f"{pc_text} {town}".strip()
    return f"{first}, {second}" if first and second else first or second


def name_forms(voornamen: str, voorvoegsel: str, geslachtsnaam: str) -> tuple[str, str]:
    """(display, sort name) of a person: ("D. van den Berg", "Berg, D. van den")."""
    name = validation.PersonName(voornamen, voorvoegsel, geslachtsnaam)
    initials = name.initials()
    prefix = voorvoegsel or ""
    display_prefix = prefix[0].upper() + prefix[1:] if prefix and not initials else prefix
    display = " ".join(p for p in (initials, display_prefix, geslachtsnaam) if p)
    rest = " ".join(p for p in (initials, prefix) if p)
    return display, (f"{geslachtsnaam}, {rest}" if rest else geslachtsnaam)
