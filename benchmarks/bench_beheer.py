"""Back office figures on PostgreSQL (issue 12): the team overview, the case list, a search, the week
planning and a case page with 10 000 cases of one team (each with an address, a client and two visits),
served by a real uvicorn on loopback and fetched as a logged-in coordinator (median of ``--runs``;
target for the team overview < 200 ms). The team overview is timed once cold (counted from the records)
and then unchanged (kept until a record of the team changes).

    .venv/bin/python benchmarks/bench_beheer.py [--cases 10000] [--runs 9]
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


def seed(url: str, team_id: int, cases: int) -> None:
    """Cases with an address, a client and two visits, straight into the records table (COPY)."""
    import psycopg

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
    conninfo = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo) as conn, conn.cursor() as cur:
        with cur.copy("COPY records (entity, id, case_id, team_id, rev, deleted, parent_id, ref, data, "
                      "field_revs, field_writers, modified_at, modified_by) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cur.execute("UPDATE counters SET value = %s WHERE name = 'rev'", (rev,))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with running_pg_cluster() as cluster:
        url = cluster.create_database("bench_beheer")
        server = start_server(url, "postgresql")
        try:
            seed(url, 1, args.cases)
            client = httpx.Client(base_url=server.url, timeout=60)
            page = client.get("/beheer/login").text
            token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
            client.post("/beheer/login", data={"csrf": token, "username": "coordinator-zuid",
                                               "password": PASSWORD, "next": "/beheer/zaken"})
            case_id = re.search(r'href="/beheer/zaken/([0-9a-f-]{36})"',
                                client.get("/beheer/zaken?q=2026-000123").text).group(1)
            pages = {"team_overview_unchanged_ms": "/beheer/team", "case_list_ms": "/beheer/zaken",
                     "search_ms": "/beheer/zaken?q=naam4711",
                     "week_planning_ms": "/beheer/planning?week=2026-12-07",
                     "case_page_ms": f"/beheer/zaken/{case_id}"}
            figures: dict[str, float | int] = {"cases": args.cases}
            start = time.perf_counter()
            client.get("/beheer/team")
            figures["team_overview_cold_ms"] = round((time.perf_counter() - start) * 1000, 1)
            print(f"{'/beheer/team (first view, counted)':52s} {figures['team_overview_cold_ms']:8.1f} ms")
            for name, path in pages.items():
                times = []
                for _ in range(args.runs):
                    start = time.perf_counter()
                    r = client.get(path)
                    times.append((time.perf_counter() - start) * 1000)
                    assert r.status_code == 200, (path, r.status_code)
                figures[name] = round(statistics.median(times), 1)
                print(f"{path:52s} median {figures[name]:8.1f} ms  (min {min(times):.1f}, "
                      f"max {max(times):.1f})")
        finally:
            server.thread.stop()
            server.db.dispose()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
