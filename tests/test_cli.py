"""The inspector command: demo, list, planning import, bundles; exit codes scripts rely on."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from inspector import cli, planning
from inspector.validation import make_test_bsn
from inspector.workspace import Workspace


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_dir(tmp_path: Path, capsys) -> Path:
    """A workspace folder seeded by `inspector demo`."""
    folder = tmp_path / "demo"
    code, out, _ = run(capsys, "--workspace", str(folder), "demo", "--cases", "14")
    assert code == 0 and "14 demozaken" in out
    return folder


def test_demo_then_list_json(demo_dir: Path, capsys) -> None:
    """`inspector list --json` gives ids, case numbers, visit types and statuses of the demo."""
    code, out, _ = run(capsys, "--workspace", str(demo_dir), "list", "--json")
    visits = json.loads(out)
    assert code == 0 and len(visits) == 14
    assert {v["visit_type"] for v in visits} == {"S1", "S2", "S3", "F2", "F3", "O2", "O3"}
    assert {"planned", "in_progress", "finalized"} <= {v["status"] for v in visits}
    assert all(v["case_number"].startswith("DEMO-") and len(v["id"]) == 36 for v in visits)


def test_demo_uses_test_bsns_and_photos(demo_dir: Path) -> None:
    """Demo persons have BSNs from the 9999xxxxx range; finalized visits have photos."""
    ws = Workspace.open(demo_dir)
    bsns = [r["bsn"] for r in ws.repo.query("SELECT bsn FROM persons")]
    assert bsns and all(b.startswith("9999") for b in bsns)
    finalized = [v for v in ws.visits.find() if v.status == "finalized"]
    assert finalized and any(ws.visits.attachments(v.id) for v in finalized)
    ws.close()


def test_list_table_is_readable(demo_dir: Path, capsys) -> None:
    """The table for people has Dutch headers and a count line."""
    code, out, _ = run(capsys, "--workspace", str(demo_dir), "list", "--status", "finalized")
    lines = out.splitlines()
    assert code == 0 and lines[0].split()[:4] == ["BEZOEK", "ZAAK", "TYPE", "STATUS"]
    assert lines[-1].endswith("bezoeken.")


def test_import_planning_reports_bad_rows(tmp_path: Path, capsys) -> None:
    """Bad rows are reported by line number; good rows are imported; a rerun imports nothing new."""
    good = make_test_bsn(3)
    csv_file = tmp_path / "planning.csv"
    csv_file.write_text(
        "zaaknummer;domein;bezoektype;gepland;geslachtsnaam;bsn;postcode;huisnummer;grond_feiten\n"
        f"Z-1;sociaal;S1;02-12-2026 10:00;Jansen;{good};3511 AB;12;Post van derden\n"
        "Z-2;sociaal;S1;02-12-2026 11:00;Bakker;123456789;3511 AB;14;\n"
        "Z-3;fysiek;F2;31-02-2026 09:00;;;;;\n"
        "Z-4;fysiek;F9;03-12-2026 09:00;;;;;\n"
        "Z-5;oov;O2;03-12-2026 13:30;de Vries;;1234 sa;3;\n"
        "Z-6;fysiek;F2;04-12-2026 09:00;;;3511AB;7;\n", "utf-8")
    folder = str(tmp_path / "ws")
    code, out, err = run(capsys, "--workspace", folder, "import-planning", str(csv_file))
    assert code == cli.EXIT_PARTIAL
    assert "2 bezoeken geïmporteerd" in out
    lines = [line.split(":")[0] for line in err.splitlines()]
    assert lines == ["regel 3", "regel 4", "regel 5", "regel 6", "Let op"]  # no profile: no officer
    assert "123456789" not in err
    ws = Workspace.open(folder)
    assert sorted(v.case_number for v in ws.visits.find()) == ["Z-1", "Z-6"]
    assert ws.cases.by_number("Z-2") is None  # nothing half-written
    ws.close()
    code, out, _ = run(capsys, "--workspace", folder, "import-planning", str(csv_file))
    assert "0 bezoeken geïmporteerd, 2 al aanwezig" in out


def test_import_planning_example_and_missing_columns(tmp_path: Path, capsys) -> None:
    """The documented example imports; a file without required columns is refused clearly."""
    example = tmp_path / "example.csv"
    example.write_text(planning.example_csv(), "utf-8")
    code, _, _ = run(capsys, "--workspace", str(tmp_path / "ws"), "import-planning", str(example))
    assert code == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("naam;datum\nx;y\n", "utf-8")
    code, _, err = run(capsys, "--workspace", str(tmp_path / "ws"), "import-planning", str(bad))
    assert code == cli.EXIT_INPUT and "Verplichte kolommen ontbreken" in err


def test_bundle_round_trip(demo_dir: Path, tmp_path: Path, capsys) -> None:
    """A finalized visit exported as a bundle imports into another workspace with its photos (the
    visit named by the short id the table shows)."""
    _, out, _ = run(capsys, "--workspace", str(demo_dir), "list", "--json", "--status", "finalized")
    visit = next(v for v in json.loads(out))
    _, table, _ = run(capsys, "--workspace", str(demo_dir), "list", "--status", "finalized")
    shown = [line.split()[0] for line in table.splitlines()[1:-1]]
    assert visit["id"][-8:] in shown
    bundle = tmp_path / "visit.zip"
    code, _, _ = run(capsys, "--workspace", str(demo_dir), "export", visit["id"][-8:], "--out", str(bundle))
    assert code == 0
    with zipfile.ZipFile(bundle) as zf:
        doc = json.loads(zf.read("bundle.json"))
        assert doc["format"] == "inspector-visit-bundle" and doc["visit"]["id"] == visit["id"]
        assert len([n for n in zf.namelist() if n.startswith("attachments/")]) == len(
            {a["sha256"] for a in doc["attachments"]})
    other = str(tmp_path / "other")
    assert run(capsys, "--workspace", other, "import-bundle", str(bundle))[0] == 0
    assert run(capsys, "--workspace", other, "import-bundle", str(bundle))[0] == 0
    ws = Workspace.open(other)
    assert ws.visits.ids() == [visit["id"]]
    assert ws.evidence.verify(visit["id"]).ok
    photos = ws.visits.attachments(visit["id"])
    assert all(ws.visits.blob(p.sha256) for p in photos)
    ws.close()


def test_tampered_bundle_refused(demo_dir: Path, tmp_path: Path, capsys) -> None:
    """A bundle whose finalized content was edited is refused: the fingerprint no longer matches."""
    _, out, _ = run(capsys, "--workspace", str(demo_dir), "list", "--json", "--status", "finalized")
    visit_id = json.loads(out)[0]["id"]
    bundle = tmp_path / "visit.zip"
    run(capsys, "--workspace", str(demo_dir), "export", visit_id, "--out", str(bundle))
    with zipfile.ZipFile(bundle) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    doc = json.loads(files["bundle.json"])
    doc["visit"]["outcome"] = doc["visit"]["outcome"] + "_x"
    files["bundle.json"] = json.dumps(doc).encode()
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(tampered, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    code, _, err = run(capsys, "--workspace", str(tmp_path / "o"), "import-bundle", str(tampered))
    assert code == cli.EXIT_INPUT and "wijkt af van het vastgelegde bezoek (outcome)" in err
    not_zip = tmp_path / "not.zip"
    not_zip.write_text("hello")
    code, _, err = run(capsys, "--lang", "en", "--workspace", str(tmp_path / "o"), "import-bundle",
                       str(not_zip))
    assert code == cli.EXIT_INPUT and "not a valid bundle" in err


def test_unknown_visit_and_usage_exit_codes(demo_dir: Path, capsys) -> None:
    """An unknown visit id exits 1 with a hint; a usage error exits 2."""
    code, _, err = run(capsys, "--workspace", str(demo_dir), "export", "ffffffff", "--out", "/tmp/x.zip")
    assert code == cli.EXIT_INPUT and "inspector list" in err
    with pytest.raises(SystemExit) as info:
        cli.main(["--workspace", str(demo_dir), "nonsense"])
    assert info.value.code == 2


def test_passphrase_from_stdin_without_keyring(tmp_path: Path) -> None:
    """Without a secure keyring the CLI reads the passphrase from stdin; a wrong one exits 3."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHON_KEYRING_BACKEND":
           "keyring.backends.fail.Keyring"}
    base = [sys.executable, "-m", "inspector.cli", "--workspace", str(tmp_path / "ws")]
    first = subprocess.run(base + ["demo", "--cases", "3"], input="een lange wachtwoordzin\n",
                           capture_output=True, text=True, env=env, cwd=Path(__file__).parent.parent)
    assert first.returncode == 0, first.stderr
    assert "geen beveiligde sleutelbos" in first.stdout
    listed = subprocess.run(base + ["list", "--json"], input="een lange wachtwoordzin\n",
                            capture_output=True, text=True, env=env, cwd=Path(__file__).parent.parent)
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 3
    wrong = subprocess.run(base + ["list"], input="een verkeerde wachtwoordzin\n", capture_output=True,
                           text=True, env=env, cwd=Path(__file__).parent.parent)
    assert wrong.returncode == cli.EXIT_STORAGE and "wachtwoordzin klopt niet" in wrong.stderr


def test_core_never_imports_qt() -> None:
    """Importing every inspector module pulls in neither PySide6 nor ui."""
    code = ("import importlib, pkgutil, sys, inspector\n"
            "for m in pkgutil.walk_packages(inspector.__path__, 'inspector.'):\n"
            "    if '.migrations.' in m.name: continue\n"
            "    importlib.import_module(m.name)\n"
            "bad = [n for n in sys.modules if n.startswith(('PySide6', 'ui.')) or n == 'ui']\n"
            "print(','.join(bad))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=Path(__file__).parent.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
