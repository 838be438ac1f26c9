"""Schemathesis over the server's OpenAPI: every operation, as a logged-in device, with generated and
with real case numbers and photo hashes; not one response of 500 or above, nor an error in the log.

``INSPECTOR_FUZZ_EXAMPLES`` sets the examples per operation (the long run: ``make api-fuzz``)."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from inspector.protocol.constants import HEADER, PROTOCOL_VERSION
from tests.test_sync import finalized_visit, make_case

pytest_plugins = ["tests.servers"]

EXAMPLES = int(os.environ.get("INSPECTOR_FUZZ_EXAMPLES", "10"))
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


def fuzz(url: str, token: str, folder: Path, name: str, *options: str) -> dict[str, Any]:
    """One schemathesis run (checks: no server error); its JSON report."""
    report = folder / f"{name}.json"
    run = subprocess.run(
        [str(SCHEMATHESIS), "--config-file", str(folder / "schemathesis.toml"), "run",
         f"{url}/openapi.json", "-H", f"Authorization: Bearer {token}",
         "-H", f"{HEADER}: {PROTOCOL_VERSION}", "--checks", "not_a_server_error",
         "--max-examples", str(EXAMPLES), "--seed", "1", "--generation-database", "none",
         "--request-timeout", "30", "--no-color", "--report", "json", "--report-json-path", str(report),
         *options], capture_output=True, text=True, timeout=1800, cwd=folder)  # its cache stays in tmp
    assert report.exists(), run.stdout[-3000:] + run.stderr[-3000:]
    result: dict[str, Any] = json.loads(report.read_text())
    result["output"] = run.stdout[-4000:]
    return result


def test_no_request_makes_the_server_fail(any_server, laptop, tmp_path, caplog) -> None:
    a = laptop(any_server.url)
    visit_id = finalized_visit(a, make_case(a, "2026-0001").id)
    north = laptop(any_server.url, "toezichthouder-noord", team="Team Noord")
    make_case(north, "2026-0002", team="Team Noord")
    a.sync.run()
    north.sync.run()
    photos = [p.sha256 for p in a.visits.attachments(visit_id)]
    real = {"path.number": ["2026-0001", "2026-0002", "2026-9999"], "path.sha256": photos,
            "body.team": ["Team Zuid", "Team Noord"], "body.inspector": ["toezichthouder-zuid"],
            "body.template_id": ["S1", "B1"], "body.planned_at": ["02-12-2026 10:30"]}
    (tmp_path / "schemathesis.toml").write_text("".join(  # half the time a value that exists
        f"[dictionaries.d{n}]\nvalues = {json.dumps(values)}\n" for n, values in enumerate(real.values()))
        + "[parameters]\n" + "".join(f'"{key}" = {{ dictionary = "d{n}", probability = 0.5 }}\n'
                                     for n, key in enumerate(real)))
    runs = {
        "inspector": fuzz(any_server.url, any_server.token("toezichthouder-zuid"), tmp_path, "inspector",
                          "--exclude-path", "/api/v1/logout"),
        "coordinator": fuzz(any_server.url, any_server.token("coordinator-zuid"), tmp_path, "coordinator",
                            "--include-tag", "planning"),
        "logout": fuzz(any_server.url, any_server.token("toezichthouder-zuid-2"), tmp_path, "logout",
                       "--include-path", "/api/v1/logout"),
    }
    for name, run in runs.items():
        cases = run["test_cases"]
        print(f"{any_server.kind} {name}: {run['operations']['tested']} operations, "
              f"{cases['generated']} requests, {cases['with_failures']} failing")
        assert (run["exit_code"], cases["with_failures"], cases["errored"]) == (0, 0, 0), run["output"]
        assert run["operations"]["tested"] == run["operations"]["selected"] > 0
    assert runs["inspector"]["operations"]["tested"] == 15  # every operation but logout
    assert sum(r["test_cases"]["generated"] for r in runs.values()) > 40 * EXAMPLES
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
