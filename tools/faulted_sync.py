"""The long faulted-sync campaign (``make faulted-sync``): several campaigns of many rounds, three
laptops, through a connection-breaking proxy, on PostgreSQL and on SQLite (see tests/faulted_sync.py
for what is done and what must hold). Prints one line per campaign, the totals, and a JSON line; exits
1 when anything did not hold."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402

from tests.faulted_sync import Campaign, Figures  # noqa: E402
from tests.memory_keyring import MemoryKeyring  # noqa: E402
from tests.servers import running_pg_cluster, start_server  # noqa: E402

ADDED = ("syncs", "failed_syncs", "edits", "cases", "photos", "finalized", "conflicts", "lost",
         "duplicated", "photos_differing", "without_receipt", "unverified", "seconds")


def line(f: Figures, seed: int) -> str:
    faults = ", ".join(f"{n} {kind}" for kind, n in sorted(f.faults.items())) or "none"
    return (f"{f.backend:<10} seed {seed:>3}: {f.rounds} rounds, {f.syncs} syncs ({f.failed_syncs} broken "
            f"off; faults: {faults}), {f.edits} edits, {f.photos} photos, {f.finalized} finalized, "
            f"{f.conflicts} conflicts kept — lost {f.lost}, duplicated {f.duplicated}, photos differing "
            f"{f.photos_differing}, without receipt {f.without_receipt}, unverified {f.unverified} "
            f"({f.seconds} s)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--campaigns", type=int, default=4, help="campaigns per backend (seeds 1..N)")
    parser.add_argument("--rounds", type=int, default=40, help="rounds per campaign")
    parser.add_argument("--laptops", type=int, default=3)
    parser.add_argument("--rate", type=float, default=0.7, help="share of connections given a fault")
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())
    totals: dict[str, dict[str, float]] = {}
    problems: list[str] = []
    with running_pg_cluster() as pg, tempfile.TemporaryDirectory(prefix="inspector-campaign-") as tmp:
        servers = [start_server(pg.create_database("inspector_campaign"), "postgresql"),
                   start_server(f"sqlite:///{tmp}/server.db", "sqlite")]
        for server in servers:
            total = totals.setdefault(server.kind, dict.fromkeys(ADDED, 0))
            for seed in range(1, args.campaigns + 1):
                server.reset()
                folder = Path(tmp) / f"{server.kind}-{seed}"
                folder.mkdir()
                campaign = Campaign(server, folder, laptops=args.laptops, rounds=args.rounds, seed=seed,
                                    rate=args.rate)
                try:
                    figures = campaign.run()
                finally:
                    campaign.close()
                print(line(figures, seed), flush=True)
                for problem in figures.problems[:10]:
                    print("    " + problem)
                problems += figures.problems
                for key in ADDED:
                    total[key] += getattr(figures, key)
            server.thread.stop()
            server.db.dispose()
    for kind, total in totals.items():
        print(f"{kind}: {args.campaigns} campaigns × {args.rounds} rounds × {args.laptops} laptops: "
              f"{total['syncs']} syncs, {total['failed_syncs']} broken off; lost {total['lost']}, "
              f"duplicated {total['duplicated']}, without receipt {total['without_receipt']}, "
              f"unverified {total['unverified']} ({total['seconds']:.0f} s)")
    print(json.dumps({"held": not problems, "campaigns": args.campaigns, "rounds": args.rounds,
                      "laptops": args.laptops, **{k: {n: round(v, 1) for n, v in t.items()}
                                                  for k, t in totals.items()}}))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
