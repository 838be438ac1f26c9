"""Back office figures on PostgreSQL (issue 12): the team overview, the case list, a search, the week
planning and a case page with 10 000 cases of one team (each with an address, a client and two visits),
served by a real uvicorn on loopback and fetched as a logged-in coordinator (median of ``--runs``;
target for the team overview < 200 ms). The team overview is timed right after a change of the team
(a visit planned through the back office, so nothing is kept from the view before) and unchanged.

The management figures (target < 300 ms) are timed as the administrator over ``--finalized`` finalized
visits of another team (100 000 cases with two visits each, all finalized in 2026 with outcomes,
causes, LHS cells, referrals, signals and follow-up dates): the year 2026 (every visit counted), one
month, and the year as CSV. The visits' facts are written by migration 0006's backfill
(``visit_facts.rebuild``), which is timed too.

    .venv/bin/python benchmarks/bench_beheer.py [--cases 10000] [--finalized 200000] [--runs 9]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from tests.servers import PASSWORD, running_pg_cluster, start_server  # noqa: E402


def copy_records(url: str, rows: list[tuple[object, ...]], rev: int) -> None:
    import psycopg

    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo) as conn, conn.cursor() as cur:
        with cur.copy("COPY records (entity, id, case_id, team_id, rev, deleted, parent_id, ref, data, "
                      "field_revs, field_writers, modified_at, modified_by) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cur.execute("UPDATE counters SET value = %s WHERE name = 'rev'", (rev,))


def seed_finalized(url: str, team_id: int, visits: int, first_rev: int) -> int:
    """Finalized visits of many types and outcomes (two per case), straight into the records table;
    returns the last revision used."""
    import random

    from inspector import templates
    from inspector.server.records import dumps, with_defaults

    rnd = random.Random(12)
    types = list(templates.load_templates().values())
    kinds = ["schuldhulpverlening", "werkcoach", "wmo_wijkteam", "veilig_thuis", "ggd"]
    targets = ["brp", "brandweer", "wonen", "riec", "politie"]
    rev, rows = first_rev, []
    for n in range(visits // 2):
        case_id, tpl = str(uuid.uuid4()), types[n % len(types)]
        rev += 1
        data, _ = with_defaults("cases", {"number": f"2026-F{n:07d}", "domain": tpl.domain})
        rows.append(("cases", case_id, case_id, team_id, rev, False, None, data["number"], dumps(data), "{}",
                     "{}", "2026-11-01T08:00:00Z", "bench"))
        for k in range(2):
            month, day = 1 + rnd.randrange(12), 1 + rnd.randrange(28)
            refused = rnd.random() < 0.06
            fields = {
                "case_id": case_id, "template_id": tpl.id, "template_version": tpl.version,
                "status": "synced",
                "planned_at": f"2026-{month:02d}-{day:02d}T09:00",
                "finalized_at": f"2026-{month:02d}-{day:02d}T{10 + k}:00:00Z", "receipt": "bench",
                "outcome": rnd.choice(tpl.outcomes).code,
                "consent": dumps({"status": "refused" if refused else "given"}),
                "toe_causes": dumps(rnd.sample([f"T{i}" for i in range(1, 12)], rnd.randrange(3))),
                "lhs_cell": f"{rnd.choice('ABCD')}{rnd.randrange(1, 5)}" if tpl.uses_lhs else "",
                "referrals": dumps([{"kind": rnd.choice(kinds), "consent_handover": rnd.random() < 0.7}
                                    for _ in range(rnd.randrange(3))]),
                "signals": dumps([{"target": rnd.choice(targets)} for _ in range(rnd.random() < 0.3)]),
                "followup_date": f"2026-{month:02d}-{day:02d}" if k == 0 and n % 3 == 0 else ""}
            data, _ = with_defaults("visits", fields)
            rev += 1
            rows.append(("visits", str(uuid.uuid4()), case_id, team_id, rev, False, case_id, None,
                         dumps(data), "{}", "{}", "2026-11-01T08:00:00Z", "bench"))
    copy_records(url, rows, rev)
    return rev


def backfill(url: str) -> float:
    """Migration 0006's backfill over everything seeded; seconds."""
    import sqlalchemy as sa

    from inspector.server import visit_facts
    from inspector.server.db import Database, records

    db = Database(url)
    start = time.perf_counter()
    with db.write() as conn:
        for table in (visit_facts.visit_counts, visit_facts.visit_fact_items, visit_facts.visit_facts):
            conn.execute(sa.delete(table))
        visit_facts.rebuild(conn, records)
    with db.write() as conn:
        conn.exec_driver_sql("ANALYZE")
    db.dispose()
    return time.perf_counter() - start


def login(server_url: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=server_url, timeout=60)
    page = client.get("/beheer/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    client.post("/beheer/login", data={"csrf": token, "username": username, "password": PASSWORD,
                                       "next": "/beheer/zaken"})
    return client


def timed(client: httpx.Client, path: str, runs: int, before: object = None) -> list[float]:
    times = []
    for _ in range(runs):
        if callable(before):
            before()
        start = time.perf_counter()
        r = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert r.status_code == 200, (path, r.status_code)
    return times


def seed(url: str, team_id: int, cases: int) -> int:
    """Cases with an address, a client and two visits, straight into the records table (COPY)."""
    from inspector import validation
    from inspector.server.records import dumps, with_defaults

    rev = 0
    rows = []

    def add(entity: str, record_id: str, case_id: str, parent: str | None, ref: str | None,
            fields: dict[str, object]) -> None:
        nonlocal rev
        rev += 1
        data, _ = with_defaults(entity, fields)
        rows.append((entity, record_id, case_id, team_id, rev, False, parent, ref, dumps(data), "{}", "{}",
                     "2026-11-01T08:00:00Z", "bench"))

    for n in range(cases):
        case_id, address_id = str(uuid.uuid4()), str(uuid.uuid4())
        add("addresses", address_id, case_id, case_id, None,
            {"postcode": "3511AB", "huisnummer": 1 + n % 300, "straat": f"Straat {n % 97}",
             "woonplaats": "Utrecht"})
        number = f"2026-{n:06d}"
        add("cases", case_id, case_id, None, number, {
            "number": number, "domain": "sociaal", "team": "Team Zuid", "address_id": address_id,
            "title": "Intake", "assigned_to": f"toezichthouder-{n % 12}"})
        add("persons", str(uuid.uuid4()), case_id, case_id, None,
            {"case_id": case_id, "geslachtsnaam": f"Naam{n}", "bsn": validation.make_test_bsn(n % 5000)})
        for k in range(2):
            day = 1 + (n + k * 3) % 28
            add("visits", str(uuid.uuid4()), case_id, case_id, None,
                {"case_id": case_id, "template_id": "S1", "template_version": 1,
                 "status": "planned" if k else "in_progress",
                 "planned_at": f"2026-12-{day:02d}T{9 + n % 8:02d}:00",
                 "followup_date": f"2026-12-{day:02d}" if n % 5 == 0 else ""})
    copy_records(url, rows, rev)
    return rev


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--finalized", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with running_pg_cluster() as cluster:
        url = cluster.create_database("bench_beheer")
        server = start_server(url, "postgresql")
        try:
            rev = seed(url, 1, args.cases)
            seed_finalized(url, 2, args.finalized, rev)
            figures: dict[str, float | int] = {"cases": args.cases, "finalized_visits": args.finalized}
            seconds = backfill(url)
            figures["backfill_visits_per_s"] = round((args.finalized + 2 * args.cases) / seconds)
            print(f"{'backfill of the visit facts (migration 0006)':52s} {seconds:8.1f} s  "
                  f"({figures['backfill_visits_per_s']} visits/s)")
            client = login(server.url, "coordinator-zuid")
            case_id = re.search(r'href="/beheer/zaken/([0-9a-f-]{36})"',
                                client.get("/beheer/zaken?q=2026-000123").text).group(1)
            plan_page = f"/beheer/zaken/{case_id}"
            token = re.search(r'name="csrf" value="([^"]+)"', client.get(plan_page).text).group(1)
            planned = iter(range(10_000))

            def change() -> None:  # a visit planned through the back office: the team changed
                day = 1 + next(planned) % 28
                r = client.post(f"{plan_page}/bezoeken", data={
                    "csrf": token, "template": "S1", "planned_at": f"2027-01-{day:02d}T09:00"})
                assert r.status_code in (200, 303), r.status_code

            times = timed(client, "/beheer/team", args.runs, change)
            figures["team_overview_ms"] = round(statistics.median(times), 1)
            print(f"{'/beheer/team (after a change)':52s} median {figures['team_overview_ms']:8.1f} ms  "
                  f"(min {min(times):.1f}, max {max(times):.1f})")
            admin = login(server.url, "beheerder")
            pages = [(client, "team_overview_unchanged_ms", "/beheer/team"),
                     (client, "case_list_ms", "/beheer/zaken"),
                     (client, "search_ms", "/beheer/zaken?q=naam4711"),
                     (client, "week_planning_ms", "/beheer/planning?week=2026-12-07"),
                     (client, "case_page_ms", f"/beheer/zaken/{case_id}"),
                     (admin, "figures_page_ms", "/beheer/cijfers?periode=jaar&datum=2026-01-01"),
                     (admin, "figures_month_ms", "/beheer/cijfers?periode=maand&datum=2026-06-01"),
                     (admin, "figures_csv_ms", "/beheer/cijfers.csv?periode=jaar&datum=2026-01-01")]
            for who, name, path in pages:
                times = timed(who, path, args.runs)
                figures[name] = round(statistics.median(times), 1)
                print(f"{path:52s} median {figures[name]:8.1f} ms  (min {min(times):.1f}, "
                      f"max {max(times):.1f})")
            page = admin.get("/beheer/cijfers?periode=jaar&datum=2026-01-01").text
            counted = re.search(r'Afgeronde bezoeken</th>\s*<td class="num">(\d+)<', page)
            assert counted and int(counted.group(1)) == args.finalized, "the year counts every visit"
        finally:
            server.thread.stop()
            server.db.dispose()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
