"""The management figures: summed by the database from the visits' counts per month (``visit_counts``)
and facts (``visit_facts``, both kept by ``visit_facts.py``) within the user's teams, a period, and
optionally one team and visit type.

Every figure is a count of finalized visits (or of their causes, referrals, signals) and never shows a
person. In the fine breakdowns a count from 1 to 4 is shown as "< 5" (``SMALL``), so a rare cell
cannot point at one household. The figures come as ``Section`` tables that the page and the CSV
both show, so the two always agree.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa

from ... import frameworks, templates
from ...protocol.constants import FINALIZED_STATUSES
from ..auth import Caller
from ..db import Database, application_decisions, server_meta, visit_counts, visit_facts
from . import i18n

SMALL = 5  # counts below this (and above 0) show as "< 5" in a fine breakdown
PREVENTED = ("aanvraag_ingetrokken", "afgewezen")  # S1 outcomes at the door that stop the application
DECISIONS = {"toegekend": "granted", "toegekend_met_aanpassing": "granted with an adjustment",
             "afgewezen": "rejected", "ingetrokken": "withdrawn"}  # recorded later (decisions.py)
PREVENTING = ("afgewezen", "ingetrokken")  # decisions that mean the application was prevented
NOTHING_FOUND = ("niets_gevonden", "geen_overtreding", "adres_juist", "voldoet")  # per the shipped templates
KINDS = {"month": "maand", "quarter": "kwartaal", "year": "jaar"}  # the URL says it in Dutch
BENEFIT = "figures_benefit_per_month"
MONTHS = "figures_duration_months"


# --- the period --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    kind: str  # month, quarter, year
    start: date
    end: date  # the first day after it

    def label(self, lang: str) -> str:
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "quarter":
            q = (self.start.month - 1) // 3 + 1
            return f"Q{q} {self.start.year}" if lang == "en" else f"{q}e kwartaal {self.start.year}"
        months = i18n.MONTHS_EN if lang == "en" else i18n.MONTHS_NL
        return f"{months[self.start.month - 1]} {self.start.year}"

    @property
    def previous(self) -> Period:
        return period(self.kind, self.start - timedelta(days=1))

    @property
    def following(self) -> Period:
        return period(self.kind, self.end)


def period(kind: str, day: date) -> Period:
    """The month, quarter or year holding ``day``."""
    if kind == "year":
        return Period(kind, date(day.year, 1, 1), date(day.year + 1, 1, 1))
    first = day.month if kind == "month" else (day.month - 1) // 3 * 3 + 1
    length = 1 if kind == "month" else 3
    start = date(day.year, first, 1)
    last = date(day.year, first + length - 1, calendar.monthrange(day.year, first + length - 1)[1])
    return Period(kind, start, last + timedelta(days=1))


# --- the municipality's parameters --------------------------------------------------------------
@dataclass(frozen=True)
class Parameters:
    benefit: Decimal | None  # average benefit per month, euros
    months: Decimal | None  # average duration of a benefit, months


def parameters(db: Database) -> Parameters:
    with db.read() as conn:
        kept = {r.key: r.value for r in conn.execute(sa.select(server_meta).where(
            server_meta.c.key.in_([BENEFIT, MONTHS])))}
    return Parameters(_decimal(kept.get(BENEFIT)), _decimal(kept.get(MONTHS)))


def _decimal(text: str | None) -> Decimal | None:
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


def parse_amount(text: str, most: int) -> Decimal | None:
    """A number as a Dutch user types it ("1.234,50", "1234.5", "8,5"), 0 to ``most`` with at most
    two decimals; None when it is not one."""
    cleaned = text.strip().replace("€", "").replace(" ", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite() or value < 0 or value > most or value != value.quantize(Decimal("0.01")):
        return None
    return value.quantize(Decimal("0.01")).normalize()


def save_parameters(db: Database, benefit: Decimal, months: Decimal) -> None:
    with db.write() as conn:
        conn.execute(sa.delete(server_meta).where(server_meta.c.key.in_([BENEFIT, MONTHS])))
        conn.execute(sa.insert(server_meta), [{"key": BENEFIT, "value": str(benefit)},
                                              {"key": MONTHS, "value": str(months)}])


# --- the figures as tables ----------------------------------------------------------------------
@dataclass
class Cell:
    n: int | None  # a count (None: a text such as a share or a parameter)
    text: str

    @property
    def bar(self) -> int:
        """The length a chart may show: nothing for a count hidden as "< 5"."""
        return self.n if self.n is not None and not self.text.startswith("<") else 0


@dataclass
class Section:
    key: str
    title: str
    headers: list[str]
    rows: list[tuple[str, list[Cell]]] = field(default_factory=list)
    note: str = ""
    chart: bool = False  # bars of the first count column
    # headers[0] names the row labels' column

    @property
    def most(self) -> int:
        return max((cells[0].bar for _, cells in self.rows if cells), default=0)

    @property
    def most_cell(self) -> int:
        return max((c.bar for _, cells in self.rows for c in cells), default=0)


def count(n: int, fine: bool = False) -> Cell:
    return Cell(n, f"< {SMALL}" if fine and 0 < n < SMALL else str(n))


def share(part: int, whole: int, fine: bool = False) -> Cell:
    """``part`` as a percentage of ``whole``; in a fine breakdown not for a part or whole hidden as
    "< 5" (the share would tell it)."""
    if fine and (0 < part < SMALL or 0 < whole < SMALL):
        return Cell(None, "")
    return Cell(None, f"{round(100 * part / whole)}%" if whole else "—")


@dataclass(frozen=True)
class Filters:
    period: Period
    teams: list[int] | None  # None: every team (an administrator's "all teams")
    template: str  # "" for every visit type


def compute(db: Database, f: Filters, lang: str, today: str) -> list[Section]:
    """Every figure for ``f``, in the language ``lang``: the sums of the period's months
    (``visit_counts``) and the follow-ups due in it (``visit_facts``), two indexed queries."""
    c = visit_counts
    where = [c.c.month >= f.period.start.isoformat()[:7], c.c.month < f.period.end.isoformat()[:7]]
    if f.teams is not None:
        where.append(c.c.team_id.in_(f.teams or [-1]))
    if f.template:
        where.append(c.c.template_id == f.template)
    keys = (c.c.kind, c.c.code, c.c.flag, c.c.template_id, c.c.domain)
    sums = sa.select(*keys, sa.func.sum(c.c.n).label("n")).where(*where).group_by(*keys)
    with db.read() as conn:
        rows: list[Any] = [r for r in conn.execute(sums) if r.n]
        follow = _followups(conn, f, today)
        decided = _decisions(conn, f)
    t = _Texts(lang)
    visits, intake, decision, saving, outcomes, lhs = _visit_sections(rows, t, parameters(db), decided)
    causes, referrals, signals = _item_sections(rows, t)
    return [visits, intake, decision, saving, outcomes, follow_section(follow, t), causes, lhs, referrals,
            signals]


def _decisions(conn: sa.Connection, f: Filters) -> dict[tuple[str, str], int]:
    """The recorded decisions on the applications of the period's S1 visits: (decision, outcome at the
    door) -> how many (read from the decisions, which are few, joined to their visits)."""
    if f.template not in ("", "S1"):
        return {}
    d, v = application_decisions, visit_facts
    where = [v.c.template_id == "S1", v.c.status.in_(FINALIZED_STATUSES),
             v.c.finalized_on >= f.period.start.isoformat(), v.c.finalized_on < f.period.end.isoformat()]
    if f.teams is not None:
        where.append(v.c.team_id.in_(f.teams or [-1]))
    query = (sa.select(d.c.decision, v.c.outcome, sa.func.count().label("n"))
             .select_from(d.join(v, v.c.visit_id == d.c.visit_id)).where(*where)
             .group_by(d.c.decision, v.c.outcome))
    return {(str(r.decision), str(r.outcome)): int(r.n) for r in conn.execute(query)}


def _followups(conn: sa.Connection, f: Filters, today: str) -> dict[str, int]:
    """Follow-up dates falling in the period, by whether a later visit of the case was finalized by
    that date (on time), after it (late), or not yet (overdue, or not due yet)."""
    v = visit_facts
    where = [v.c.followup_date >= f.period.start.isoformat(), v.c.followup_date < f.period.end.isoformat(),
             v.c.status.in_(FINALIZED_STATUSES)]
    if f.teams is not None:
        where.append(v.c.team_id.in_(f.teams or [-1]))
    if f.template:
        where.append(v.c.template_id == f.template)
    state = sa.case(((v.c.followup_done_on == "") & (v.c.followup_date < today), "overdue"),
                    (v.c.followup_done_on == "", "open"),
                    (v.c.followup_done_on <= v.c.followup_date, "on_time"), else_="late")
    found = dict.fromkeys(("on_time", "late", "overdue", "open"), 0)
    for row in conn.execute(sa.select(state.label("state"), sa.func.count().label("n")).where(*where)
                            .group_by(state)):
        found[str(row.state)] = int(row.n)
    return found


class _Texts:
    """Labels of codes in one language, from the shipped templates and frameworks."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.templates = templates.load_templates()

    def t(self, text: str) -> str:
        return i18n.translate(text, self.lang)

    def outcome(self, template_id: str, code: str) -> str:
        if not code:
            return self.t("no outcome recorded")
        tpl = self.templates.get(template_id)
        found = next((o for o in tpl.outcomes if o.code == code), None) if tpl else None
        return found.label.get(self.lang) if found else code

    def template(self, template_id: str) -> str:
        tpl = self.templates.get(template_id)
        return f"{template_id} {tpl.title.get(self.lang)}" if tpl else template_id

    def code(self, table: dict[str, frameworks.Code] | dict[str, frameworks.TafelDimension]
             | dict[str, frameworks.SignalTarget], code: str) -> str:
        found = table.get(code)
        return found.label.get(self.lang) if found else code


def _visit_sections(rows: list[Any], t: _Texts, params: Parameters,
                    decided: dict[tuple[str, str], int]) -> list[Section]:
    visits = [r for r in rows if r.kind == "visit"]  # one per finalized visit: outcome, refused
    total = sum(int(r.n) for r in visits)
    refused = sum(int(r.n) for r in visits if r.flag)
    per_type: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    lhs: dict[str, int] = defaultdict(int)
    for r in visits:
        per_type[r.template_id][r.code] += int(r.n)
    for r in rows:
        if r.kind == "lhs":
            lhs[r.code] += int(r.n)
    summary = Section("visits", t.t("Visits"), ["", t.t("Number"), t.t("Share")], rows=[
        (t.t("Finalized visits"), [count(total), Cell(None, "")]),
        (t.t("Refusals at the door (consent refused)"), [count(refused), share(refused, total)]),
        (t.t("Nothing found or compliant"),
         [count(n := sum(c for o in per_type.values() for k, c in o.items() if k in NOTHING_FOUND)),
          share(n, total)])])
    s1 = per_type.get("S1", {})
    s1_total = sum(s1.values())
    codes = [o.code for o in t.templates["S1"].outcomes] if "S1" in t.templates else []
    intake = Section("intake", t.t("S1 intake visits: outcome at the door"),
                     [t.t("Outcome"), t.t("Number"), t.t("Share")],
                     note=t.t("The outcome the inspector recorded at the door; the decision on the "
                              "application, recorded afterwards by a coordinator, is in the next table."),
                     chart=True)
    for code in [*codes, *sorted(set(s1) - set(codes))]:
        n = s1.get(code, 0)
        intake.rows.append((t.outcome("S1", code), [count(n), share(n, s1_total)]))
    intake.rows.append((t.t("S1 intake visits"), [count(s1_total), Cell(None, "")]))
    decision = Section("decisions", t.t("S1 intake visits: decision on the application"),
                       [t.t("Decision"), t.t("Number"), t.t("Share")], chart=True)
    for code, label in DECISIONS.items():
        n = sum(c for (d, _), c in decided.items() if d == code)
        decision.rows.append((t.t(label), [count(n), share(n, s1_total)]))
    undecided = s1_total - sum(decided.values())
    decision.rows.append((t.t("no decision recorded"), [count(undecided), share(undecided, s1_total)]))
    by_decision = sum(c for (d, _), c in decided.items() if d in PREVENTING)
    at_door = sum(s1.get(code, 0) for code in PREVENTED) \
        - sum(c for (_, o), c in decided.items() if o in PREVENTED)  # those without a decision
    prevented = by_decision + at_door
    saving = Section("prevention", t.t("Prevented applications and estimated saving"), ["", t.t("Value")],
                     note=t.t("An estimate: prevented applications × average benefit per month × average "
                              "duration in months, with the parameters the administrator set."))
    saving.rows.append((t.t("Prevented applications (by the decision, else the outcome at the door)"),
                        [count(prevented)]))
    saving.rows.append((t.t("of which counted from a recorded decision"), [count(by_decision)]))
    if params.benefit is None or params.months is None:
        saving.rows.append((t.t("Estimated saving"), [Cell(None, t.t("not set: the administrator sets the "
                                                                   "parameters"))]))
    else:
        saving.rows += [
            (t.t("Average benefit per month"), [Cell(None, i18n.euros(params.benefit))]),
            (t.t("Average duration in months"), [Cell(None, i18n.number(params.months))]),
            (t.t("Estimated saving"), [Cell(None, i18n.euros(prevented * params.benefit * params.months))])]
    outcomes = Section("outcomes", t.t("Outcomes per visit type"),
                       [t.t("Visit type"), t.t("Outcome"), t.t("Number"), t.t("Share of the type")])
    for tid in sorted(per_type):
        found = per_type[tid]
        whole = sum(found.values())
        outcomes.rows.append((t.template(tid), [Cell(None, t.t("all outcomes")), count(whole),
                                                share(whole, whole)]))
        for code, n in sorted(found.items(), key=lambda kv: (-kv[1], kv[0])):
            outcomes.rows.append(("", [Cell(None, t.outcome(tid, code)), count(n, fine=True),
                                       share(n, whole, fine=True)]))
    legend = " · ".join(f"{c} {t.code(frameworks.LHS_CONSEQUENCES, c)}" for c in frameworks.LHS_CONSEQUENCES)
    matrix = Section("lhs", t.t("LHS cells (behaviour × consequence)"),
                     [t.t("Behaviour"), *frameworks.LHS_CONSEQUENCES],
                     note=f"{t.t('Consequences:')} {legend}")
    for b in frameworks.LHS_BEHAVIOURS:
        matrix.rows.append((f"{b} {t.code(frameworks.LHS_BEHAVIOURS, b)}",
                            [count(lhs.get(b + c, 0), fine=True) for c in frameworks.LHS_CONSEQUENCES]))
    return [summary, intake, decision, saving, outcomes, matrix]


def _item_sections(rows: list[Any], t: _Texts) -> list[Section]:
    causes: dict[str, int] = defaultdict(int)
    referrals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    signals: dict[tuple[str, str], int] = defaultdict(int)
    for r in rows:
        if r.kind == "cause":
            causes[r.code] += int(r.n)
        elif r.kind == "referral":
            referrals[r.code][0] += int(r.n)
            referrals[r.code][1] += int(r.n) if r.flag else 0
        elif r.kind == "signal":
            signals[(r.domain, r.code)] += int(r.n)
    toe = Section("causes", t.t("Tafel van Elf: causes of violations"), [t.t("Cause"), t.t("Number")],
                  chart=True)
    for code in [*frameworks.TAFEL_VAN_ELF, *sorted(set(causes) - set(frameworks.TAFEL_VAN_ELF))]:
        toe.rows.append((f"{code} {t.code(frameworks.TAFEL_VAN_ELF, code)}",
                         [count(causes.get(code, 0), True)]))
    ref = Section("referrals", t.t("Referrals by kind"),
                  [t.t("Kind"), t.t("Number"), t.t("With a warm handover"),
                   t.t("Share with a warm handover")], chart=True)
    for code in [*frameworks.REFERRAL_KINDS, *sorted(set(referrals) - set(frameworks.REFERRAL_KINDS))]:
        n, warm = referrals.get(code, [0, 0])
        ref.rows.append((t.code(frameworks.REFERRAL_KINDS, code),
                         [count(n, True), count(warm, True), share(warm, n, fine=True)]))
    all_n, all_warm = sum(x[0] for x in referrals.values()), sum(x[1] for x in referrals.values())
    ref.rows.append((t.t("All referrals"), [count(all_n), count(all_warm), share(all_warm, all_n)]))
    targets = [*frameworks.SIGNAL_TARGETS, *sorted({c for _, c in signals} - set(frameworks.SIGNAL_TARGETS))]
    sig = Section("signals", t.t("Signals between domains (from → to)"),
                  [t.t("From domain"), *(t.code(frameworks.SIGNAL_TARGETS, c) for c in targets)])
    for domain in [*i18n.DOMAINS, *sorted({d for d, _ in signals} - set(i18n.DOMAINS))]:
        sig.rows.append((t.t(i18n.DOMAINS.get(domain, domain or "unknown")),
                         [count(signals.get((domain, c), 0), True) for c in targets]))
    return [toe, ref, sig]


def follow_section(found: dict[str, int], t: _Texts) -> Section:
    due = found["on_time"] + found["late"] + found["overdue"]
    headers = ["", t.t("Number"), t.t("Share")]
    return Section("followups", t.t("Follow-ups due in this period"), headers, rows=[
        (t.t("Done on time"), [count(found["on_time"]), share(found["on_time"], due)]),
        (t.t("Done late"), [count(found["late"]), share(found["late"], due)]),
        (t.t("Not done, overdue"), [count(found["overdue"]), share(found["overdue"], due)]),
        (t.t("Not done, not yet due"), [count(found["open"]), Cell(None, "")])],
        note=t.t("A follow-up is done when a later visit of the same case is finalized; on time when "
                 "that is on or before the follow-up date."), chart=True)


def outcome_label(template_id: str, code: str, lang: str) -> str:
    return _Texts(lang).outcome(template_id, code)


def visit_types() -> list[tuple[str, str, str]]:
    """(id, Dutch title, English title) of the shipped visit types."""
    return [(tid, tpl.title.nl, tpl.title.en) for tid, tpl in templates.load_templates().items()]


def scope(caller: Caller, team_id: int | None) -> list[int] | None:
    """The teams counted: one (the caller may see it: checked by the page), else all of the caller's."""
    if team_id is not None:
        return [team_id]
    return None if caller.is_admin else sorted(caller.team_ids)
