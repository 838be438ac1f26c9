"""Enforcement frameworks from ``resources/frameworks.json``: Tafel van Elf, the LHS matrix, referral
kinds and signal targets.

The data are configurable (a municipality edits the JSON file); the module-level constants hold the
shipped file, and ``load_frameworks(path)`` reads another one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from inspector.errors import ValidationError
from inspector.templates import Text

FRAMEWORKS_PATH = Path(__file__).resolve().parent.parent / "resources" / "frameworks.json"
_CELL_RE = re.compile(r"^([A-D])([1-4])$")
T = TypeVar("T")


@dataclass(frozen=True)
class Code:
    """A code with its label, e.g. a referral kind, an LHS behaviour or an intervention."""
    code: str
    label: Text


@dataclass(frozen=True)
class TafelDimension:
    code: str      # "T1" … "T11"
    group: str     # "spontane_naleving", "controle" or "sanctie"
    label: Text


@dataclass(frozen=True)
class SignalTarget:
    code: str
    label: Text
    legal_basis: Text   # the default legal basis; the inspector may state a more specific one


@dataclass(frozen=True)
class Frameworks:
    tafel_groups: dict[str, Code]
    tafel_van_elf: dict[str, TafelDimension]
    lhs_consequences: dict[str, Code]
    lhs_behaviours: dict[str, Code]
    lhs_interventions: dict[str, Code]
    lhs_matrix: dict[str, str]          # cell ("B4") -> intervention code
    referral_kinds: dict[str, Code]
    signal_targets: dict[str, SignalTarget]

    def lhs_cell_valid(self, cell: str) -> bool:
        """Whether ``cell`` is an LHS cell: behaviour A–D followed by consequence 1–4, e.g. "B4"."""
        return isinstance(cell, str) and _CELL_RE.match(cell) is not None

    def lhs_intervention(self, cell: str) -> Text:
        """The intervention configured for ``cell``; ValidationError ``lhs_cell_invalid`` otherwise."""
        if not self.lhs_cell_valid(cell):
            raise ValidationError(
                "lhs_cell_invalid", f"'{cell}' is geen geldige LHS-cel (gedrag A–D en gevolg 1–4, bijv. B4).",
                f"'{cell}' is not a valid LHS cell (behaviour A–D and consequence 1–4, e.g. B4).",
                field="lhs_cell")
        return self.lhs_interventions[self.lhs_matrix[cell]].label

    def tafel_dimension(self, code: str) -> TafelDimension:
        return _lookup(self.tafel_van_elf, code, "tafel_van_elf", "Tafel van Elf-dimensie",
                       "Table of Eleven dimension")

    def referral_kind(self, code: str) -> Code:
        return _lookup(self.referral_kinds, code, "referral_kind", "soort doorverwijzing", "referral kind")

    def signal_target(self, code: str) -> SignalTarget:
        return _lookup(self.signal_targets, code, "signal_target", "signaalontvanger", "signal target")

    def default_legal_basis(self, target: SignalTarget | str, lang: str = "nl") -> str:
        """The default legal basis text of a signal target (given as object or code) in ``lang``."""
        info = self.signal_target(target) if isinstance(target, str) else target
        return info.legal_basis.get(lang)


def _lookup(table: dict[str, T], code: str, field: str, nl: str, en: str) -> T:
    if code not in table:
        raise ValidationError(f"unknown_{field}", f"Onbekende {nl}: '{code}'.", f"Unknown {en}: '{code}'.",
                              field=field)
    return table[code]


def _text(raw: dict[str, Any]) -> Text:
    return Text(nl=raw["nl"], en=raw["en"])


def _codes(entries: list[dict[str, Any]]) -> dict[str, Code]:
    return {e["code"]: Code(e["code"], _text(e)) for e in entries}


def load_frameworks(path: str | Path = FRAMEWORKS_PATH) -> Frameworks:
    """Read and check a frameworks file; ValidationError ``frameworks_invalid`` when it is incomplete."""
    name = Path(path).name
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        lhs = data["lhs"]
        result = Frameworks(
            tafel_groups=_codes(data["tafel_van_elf"]),
            tafel_van_elf={d["code"]: TafelDimension(d["code"], g["code"], _text(d))
                           for g in data["tafel_van_elf"] for d in g["dimensions"]},
            lhs_consequences=_codes(lhs["consequences"]), lhs_behaviours=_codes(lhs["behaviours"]),
            lhs_interventions=_codes(lhs["interventions"]), lhs_matrix=dict(lhs["matrix"]),
            referral_kinds=_codes(data["referral_kinds"]),
            signal_targets={s["code"]: SignalTarget(s["code"], _text(s), _text(s["legal_basis"]))
                            for s in data["signal_targets"]})
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValidationError("frameworks_invalid", f"{name}: kan niet gelezen worden ({exc!r}).",
                              f"{name}: cannot be read ({exc!r}).") from exc
    cells = {f"{b}{c}" for b in "ABCD" for c in "1234"}
    problems = [f"LHS cell {cell} has no intervention" for cell in sorted(cells - set(result.lhs_matrix))]
    problems += [f"LHS cell {cell} refers to unknown intervention '{code}'"
                 for cell, code in sorted(result.lhs_matrix.items()) if code not in result.lhs_interventions]
    problems += [f"'{cell}' is not an LHS cell" for cell in sorted(set(result.lhs_matrix) - cells)]
    if set(result.tafel_van_elf) != {f"T{n}" for n in range(1, 12)}:
        problems.append("Tafel van Elf needs exactly T1 … T11")
    if problems:
        raise ValidationError("frameworks_invalid", f"{name}: {problems[0]}.", f"{name}: {problems[0]}.",
                              details=problems)
    return result


FRAMEWORKS = load_frameworks()
TAFEL_GROUPS = FRAMEWORKS.tafel_groups
TAFEL_VAN_ELF = FRAMEWORKS.tafel_van_elf
LHS_CONSEQUENCES = FRAMEWORKS.lhs_consequences
LHS_BEHAVIOURS = FRAMEWORKS.lhs_behaviours
LHS_INTERVENTIONS = FRAMEWORKS.lhs_interventions
REFERRAL_KINDS = FRAMEWORKS.referral_kinds
SIGNAL_TARGETS = FRAMEWORKS.signal_targets
lhs_cell_valid = FRAMEWORKS.lhs_cell_valid
lhs_intervention = FRAMEWORKS.lhs_intervention
tafel_dimension = FRAMEWORKS.tafel_dimension
referral_kind = FRAMEWORKS.referral_kind
signal_target = FRAMEWORKS.signal_target
default_legal_basis = FRAMEWORKS.default_legal_basis
