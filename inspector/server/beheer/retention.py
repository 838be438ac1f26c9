"""Retention periods for the administrator: per visit type how long the server keeps a finalized visit,
and how long laptops keep their copy after its receipt; what the next run of ``inspector-server
retention --apply`` would remove (counts only) and what earlier runs removed (``server/retention.py``).
The page shows no personal data; each change of a period is written to the access log (who, what, when)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from ... import templates
from .. import retention
from .web import PREFIX, PageError, Poster, Viewer, Web

routes = APIRouter(prefix=PREFIX, include_in_schema=False)


def _admin(web: Web) -> None:
    if not web.caller.is_admin:
        raise PageError(403, "Only an administrator sets retention periods.",
                        "Alleen een beheerder stelt bewaartermijnen in.", "No access", "Geen toegang")


def _page(web: Web, status: int = 200, notice: str = "", problem: str = "",
          values: dict[str, str] | None = None) -> Response:
    rules = retention.rules(web.db)
    types = [(t.id, t.title.get(web.lang)) for t in templates.load_templates().values()]
    preview = retention.run(web.db, None, apply=False, by=web.caller.username)
    shown = values if values is not None else {
        **{f"months_{tid}": str(rules.months[tid]) for tid, _title in types if tid in rules.months},
        "laptop_days": "" if rules.laptop_days is None else str(rules.laptop_days)}
    return web.render("retention.html", status, rules=rules, types=types, values=shown, notice=notice,
                      problem=problem, preview={r.template_id: r for r in preview.per_rule},
                      outcome=preview, history=retention.history(web.db, 30))


@routes.get("/bewaartermijnen")
def periods(web: Viewer) -> Response:
    _admin(web)
    return _page(web)


def _number(text: str) -> int | None:
    return int(text) if text.isdigit() and len(text) <= 6 else None


@routes.post("/bewaartermijnen")
def set_periods(web: Poster) -> Response:
    """Set every period of the form at once; a wrong one refuses the whole form and changes nothing."""
    _admin(web)
    rules = retention.rules(web.db)
    types = [t.id for t in templates.load_templates().values()]
    values = {f"months_{tid}": web.field(f"months_{tid}") for tid in types}
    values["laptop_days"] = web.field("laptop_days")
    wanted: list[tuple[str, str, int | None]] = []
    for tid in types:
        text = values[f"months_{tid}"]
        amount = _number(text) if text else None
        if text and (amount is None or not 1 <= amount <= retention.MAX_MONTHS):
            return _page(web, 400, problem=web.pick(
                f"{tid}: a period is a whole number of months from 1 to {retention.MAX_MONTHS}, or empty to "
                "keep this visit type.", f"{tid}: een termijn is een heel aantal maanden van 1 tot "
                f"{retention.MAX_MONTHS}, of leeg om dit bezoektype te bewaren."), values=values)
        if amount != rules.months.get(tid):
            wanted.append((retention.VISITS, tid, amount))
    text = values["laptop_days"]
    days = _number(text) if text else None
    if text and (days is None or days > retention.MAX_DAYS):
        return _page(web, 400, problem=web.pick(
            f"Laptops: a period is a whole number of days from 0 to {retention.MAX_DAYS}, or empty to let "
            "laptops keep their copy.", f"Laptops: een termijn is een heel aantal dagen van 0 tot "
            f"{retention.MAX_DAYS}, of leeg om laptops hun kopie te laten bewaren."), values=values)
    if days != rules.laptop_days:
        wanted.append((retention.LAPTOP, "", days))
    for kind, tid, amount in wanted:
        retention.set_rule(web.db, kind, tid, amount, web.caller.username)
    if wanted:
        web.log("set_retention", "retention", "; ".join(
            f"{tid or 'laptop'}:{'-' if amount is None else amount}" for _k, tid, amount in wanted))
    notice = web.pick("The retention periods are saved.", "De bewaartermijnen zijn opgeslagen.") if wanted \
        else web.pick("Nothing changed.", "Er is niets gewijzigd.")
    return _page(web, notice=notice)
