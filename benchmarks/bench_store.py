"""Store benchmark: bulk import, FTS search latency and workspace open time.

On a workspace with 10 000 cases (with addresses and persons) and 50 000 visits:
- bulk import rate through ``Repository.insert_many`` against raw ``executemany`` of the same rows
  on the same kind of SQLCipher connection (target: at least half of raw);
- FTS search median and p95 latency (target: median under 20 ms);
- ``Workspace.open`` time (target: under 200 ms).
Prints figures; asserts nothing. Run: .venv/bin/python benchmarks/bench_store.py
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import keyring  # noqa: E402

from inspector.model import new_id, utc_now  # noqa: E402
from inspector.store import search  # noqa: E402
from inspector.store.db import connect  # noqa: E402
from inspector.store.migrations import migrations  # noqa: E402
from inspector.validation import make_test_bsn  # noqa: E402
from inspector.workspace import Workspace  # noqa: E402
from tests.memory_keyring import MemoryKeyring  # noqa: E402

CASES, VISITS = 10_000, 50_000
SURNAMES = ["Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "Öztürk",
            "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Dijk", "Çelik"]
STREETS = ["Coördinatiestraat", "Kerkstraat", "Dorpsweg", "Stationsplein", "Lindelaan", "IJsselkade"]


def make_rows(rnd: random.Random) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    addresses, cases, persons, visits = [], [], [], []
    for i in range(CASES):
        aid, cid = new_id(), new_id()
        addresses.append({"id": aid, "postcode": f"{1000 + i % 8999}AB", "huisnummer": 1 + i % 300,
                          "huisletter": None, "toevoeging": None, "straat": rnd.choice(STREETS),
                          "woonplaats": "Utrecht", "bag_id": None})
        cases.append({"id": cid, "number": f"B-{i:06d}", "domain": ("sociaal", "fysiek", "oov")[i % 3],
                      "address_id": aid, "status": "open", "team": "Team Centrum", "assigned_to": "",
                      "due_date": "", "title": "Benchmark", "ground_facts": "", "ground_source": "",
                      "ground_date": "", "ground_why_not_lighter": ""})
        prefix, _, surname = rnd.choice(SURNAMES).rpartition(" ")
        persons.append({"id": new_id(), "case_id": cid, "role": "client", "bsn": make_test_bsn(i % 9000),
                        "voornamen": "Demo", "voorvoegsel": prefix, "geslachtsnaam": surname,
                        "birth_date": "1980-01-01"})
    for j in range(VISITS):
        case = cases[j % CASES]
        tpl = {"sociaal": "S1", "fysiek": "F2", "oov": "O2"}[case["domain"]]
        visits.append({"id": new_id(), "case_id": case["id"], "template_id": tpl, "template_version": 1,
                       "status": "planned", "planned_at": f"2026-{1 + j % 12:02d}-{1 + j % 28:02d}T10:00"})
    return addresses, cases, persons, visits


def raw_insert(db_path: Path, key: bytes, tables: list[tuple[str, list[dict]]]) -> float:
    """executemany of the same rows (with the same sync columns) on a bare connection."""
    db = connect(db_path, key, create=True)
    migrations.apply(db)
    conn = db.conn
    now = utc_now()
    start = time.perf_counter()
    conn.execute("BEGIN")
    for table, rows in tables:
        cols = list(rows[0]) + ["rev", "dirty", "deleted", "modified_at", "modified_by", "dirty_fields"]
        sql = f"INSERT INTO {table} ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})"
        conn.executemany(sql, [list(r.values()) + [0, 1, 0, now, "bench", "[]"] for r in rows])
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - start
    db.close()
    return elapsed


def main() -> None:
    keyring.set_keyring(MemoryKeyring())
    rnd = random.Random(1)
    addresses, cases, persons, visits = make_rows(rnd)
    total = len(addresses) + len(cases) + len(persons) + len(visits)
    tables = [("addresses", addresses), ("cases", cases), ("persons", persons), ("visits", visits)]
    with tempfile.TemporaryDirectory() as tmp:
        raw_s = raw_insert(Path(tmp) / "raw.db", bytes(32), tables)

        ws = Workspace.open(Path(tmp) / "ws")
        ws.settings.set_profile("Toezichthouder Test", "TH-1", "Team Centrum")
        start = time.perf_counter()
        for table, rows in tables:
            ws.repo.insert_many(table, rows, "bench", audit=False)
        ours_s = time.perf_counter() - start
        start = time.perf_counter()
        with ws.repo.transaction():
            search.reindex_all(ws.db)
        index_s = time.perf_counter() - start
        start = time.perf_counter()
        ws2_rows = [dict(r, id=new_id(), case_id=r["case_id"]) for r in visits[:10_000]]
        ws.repo.insert_many("visits", ws2_rows, "bench", audit=True)
        audited_s = time.perf_counter() - start

        print(f"rows: {total} ({CASES} cases, {CASES} addresses, {CASES} persons, {VISITS} visits)")
        print(f"raw executemany (SQLCipher):      {total / raw_s:10.0f} rows/s ({raw_s:.2f} s)")
        print(f"Repository.insert_many:           {total / ours_s:10.0f} rows/s ({ours_s:.2f} s)"
              f"  = {raw_s / ours_s:.0%} of raw (target >= 50%)")
        print(f"insert_many with audit entries:   {10_000 / audited_s:10.0f} rows/s (10 000 visits)")
        print(f"search index build for {CASES} cases: {index_s:.2f} s")

        queries = ["berg", "coordinatie", "ozturk utrecht", "B-0042", "9999", "kerkstraat 12", "celik",
                   "vries", "3511", "lindelaan"]
        latencies = []
        for _ in range(20):
            for q in queries:
                t = time.perf_counter()
                ws.cases.find(q, limit=200)
                latencies.append((time.perf_counter() - t) * 1000)
        fts = []
        for _ in range(20):
            for q in queries:
                t = time.perf_counter()
                search.search_cases(ws.db, q, limit=200)
                fts.append((time.perf_counter() - t) * 1000)
        p95 = statistics.quantiles(latencies, n=20)[18]
        print(f"FTS search (ids only):      median {statistics.median(fts):6.2f} ms, "
              f"p95 {statistics.quantiles(fts, n=20)[18]:6.2f} ms")
        print(f"case list search (rows):    median {statistics.median(latencies):6.2f} ms, p95 {p95:6.2f} ms"
              "  (target median < 20 ms)")
        start = time.perf_counter()
        rows = ws.cases.find()
        list_ms = (time.perf_counter() - start) * 1000
        print(f"full case list ({len(rows)} rows): {list_ms:.0f} ms")
        ws.close()

        opens = []
        for _ in range(7):
            t = time.perf_counter()
            w = Workspace.open(Path(tmp) / "ws")
            w.settings.profile()
            opens.append((time.perf_counter() - t) * 1000)
            w.close()
        figures = {"insert_rows_per_s": round(total / ours_s), "raw_rows_per_s": round(total / raw_s),
                   "index_build_s": round(index_s, 2),
                   "search_p50_ms": round(statistics.median(latencies), 2),
                   "search_p95_ms": round(p95, 2), "case_list_ms": round(list_ms),
                   "open_ms": round(statistics.median(opens))}
        print(f"Workspace.open (keyring key): median {statistics.median(opens):.0f} ms, "
              f"max {max(opens):.0f} ms  (target < 200 ms)")
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
