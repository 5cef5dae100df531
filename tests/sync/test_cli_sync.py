"""The issue's "done when", through real subprocesses and real data folders.

Two townships and a county: both export; the county imports, re-imports, and a second county
imports in reverse order — same ledgers; a tampered copy exits 3 with one line on stderr and the
database file unchanged; a restored township backup puts a conflict in the queue, settled with
``conflicts resolve`` and audited; completeness names a missing month; a receipt closes the loop.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import shutil
import sqlite3
from pathlib import Path

from desktop.cli import main
from desktop.paths import database_path
from tests.cli_runner import run_cli as run
from tests.sync.helpers import TOWNSHIP_A, TOWNSHIP_B


def call(data_dir: Path, *args: str) -> tuple[int, str, str]:
    """The same ``main`` in this process (quicker than a subprocess for the many set-up steps)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--data-dir", str(data_dir), *args])
    return code, out.getvalue(), err.getvalue()


def ok(data_dir: Path, *args: str) -> str:
    code, out, err = call(data_dir, *args)
    assert code == 0, err
    return out


def ok_subprocess(data_dir: Path, *args: str) -> str:
    result = run(data_dir, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def sha(folder: Path) -> str:
    return hashlib.sha256(database_path(folder).read_bytes()).hexdigest()


def ledgers(folder: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(database_path(folder)) as connection:
        return [
            row
            for table in ("enterprises", "inspections", "certifications", "projects")
            for row in connection.execute(f"SELECT * FROM {table} ORDER BY id")
        ]


def test_two_townships_and_a_county(tmp_path: Path) -> None:
    a, b, county, county2 = (tmp_path / n for n in ("a", "b", "county", "county2"))
    out = tmp_path / "usb"
    ok(a, "init", "--township", TOWNSHIP_A)
    ok(b, "init", "--township", TOWNSHIP_B)
    ok(county, "init", "--county")
    ok(a, "demo", "--records", "60")
    ok(b, "demo", "--records", "40", "--seed", "2")
    shutil.copytree(a, tmp_path / "a-backup")
    package_a = json.loads(
        ok_subprocess(a, "export", "--out", str(out), "--period", "2026-09", "--json")
    )
    package_b = json.loads(ok(b, "export", "--out", str(out), "--period", "2026-09", "--json"))
    paths = [package_a["path"], package_b["path"]]

    dry = json.loads(ok(county, "import", *paths, "--dry-run", "--json"))
    assert [r["status"] for r in dry] == ["dry_run", "dry_run"]
    first = json.loads(ok_subprocess(county, "import", *paths, "--json"))
    assert [r["status"] for r in first] == ["merged", "merged"]
    assert [r["totals"] for r in dry] == [r["totals"] for r in first]
    assert ok(county, "import", *paths).count("already imported") == 2
    ok(county2, "init", "--county")
    ok(county2, "import", *reversed(paths))
    assert ledgers(county) == ledgers(county2)

    tampered = tmp_path / "tampered.qdpkg"
    data = bytearray(Path(paths[0]).read_bytes())
    data[len(data) // 2] ^= 0xFF
    tampered.write_bytes(bytes(data))
    before = sha(county)
    rejected = run(county, "import", str(tampered))
    assert rejected.returncode == 3
    assert len(rejected.stderr.strip().splitlines()) == 1 and "rejected" in rejected.stderr
    assert sha(county) == before

    # Township A edits a record; then restores the old backup and edits the same record again.
    record = json.loads(ok(a, "record", "list", "enterprises", "--json", "--limit", "1"))[
        "records"
    ][0]["id"]
    edit = tmp_path / "edit.json"
    edit.write_text(json.dumps({"name": "原电脑改名有限公司"}), encoding="utf-8")
    ok(a, "record", "edit", record, "--json", str(edit))
    later = json.loads(ok(a, "export", "--out", str(out), "--period", "2026-10", "--json"))
    restored = tmp_path / "a-restored"
    shutil.copytree(tmp_path / "a-backup", restored)
    edit.write_text(json.dumps({"name": "恢复备份后改名有限公司"}), encoding="utf-8")
    ok(restored, "record", "edit", record, "--json", str(edit))
    fork = json.loads(ok(restored, "export", "--out", str(tmp_path / "usb2"), "--json"))
    ok(county, "import", later["path"], fork["path"])
    queue = json.loads(ok(county, "conflicts", "--json"))
    assert len(queue) == 1 and queue[0]["record_id"] == record
    assert {queue[0]["current"]["name"], queue[0]["lost"]["name"]} == {
        "原电脑改名有限公司",
        "恢复备份后改名有限公司",
    }
    assert queue[0]["differing_fields"] == ["name"]
    lost_name = queue[0]["lost"]["name"]
    ok(county, "conflicts", "resolve", queue[0]["id"], "--keep", "theirs")
    shown = json.loads(ok(county, "record", "show", record, "--json", "--history"))
    assert shown["name"] == lost_name
    assert shown["history"][-1]["action"] == "resolve"
    assert json.loads(ok(county, "conflicts", "--json")) == []

    grid = json.loads(ok(county, "completeness", "--json", "--from", "2026-08", "--to", "2026-10"))
    cells = {t["code"]: t["cells"] for t in grid["townships"]}
    assert cells[TOWNSHIP_B]["2026-10"] in ("missing", "not_due")
    assert cells[TOWNSHIP_A]["2026-08"] == "missing"
    assert cells[TOWNSHIP_A]["2026-09"] in ("received", "late")
    assert any(i["kind"] == "fork" for i in grid["issues"])

    receipt = tmp_path / "receipt.qdpkg"
    ok(county, "receipt", TOWNSHIP_A, "--out", str(receipt))
    shown_receipt = ok(a, "import", str(receipt))
    assert "county holds 2 packages" in shown_receipt


def test_keys_encryption_and_enrolment(tmp_path: Path) -> None:
    a, county = tmp_path / "a", tmp_path / "county"
    ok(a, "init", "--township", TOWNSHIP_A)
    ok(county, "init", "--county")
    fingerprint = ok(a, "keys", "show", "--json")
    county_key = tmp_path / "county.key"
    ok(county, "keys", "export-county", str(county_key))
    ok(a, "keys", "import-county", str(county_key))
    sealed = json.loads(ok(a, "export", "--out", str(tmp_path), "--json"))
    assert sealed["sealed"] and not Path(sealed["path"]).read_bytes().startswith(b"PK")
    assert "key trusted on first use" in ok(county, "import", sealed["path"])

    # The township's PC is replaced: a new installation with a new key.
    ok(tmp_path / "a-new", "init", "--township", TOWNSHIP_A)
    ok(tmp_path / "a-new", "keys", "import-county", str(county_key))
    new = json.loads(ok(tmp_path / "a-new", "export", "--out", str(tmp_path / "new"), "--json"))
    assert new["sealed"]  # enrolment reads the key from a sealed package too
    code, out, err = call(county, "import", new["path"])
    assert code == 4 and "held" in out and new["path"] not in err  # a second PC: held
    assert "merged" in ok(county, "keys", "enrol", TOWNSHIP_A, new["path"])  # its held package
    assert "already imported" in ok(county, "import", new["path"])
    roster = json.loads(ok(county, "keys", "show", "--json"))["installations"]
    assert {r["status"] for r in roster} == {"active"} and len(roster) == 2
    assert {r["method"] for r in roster} == {"first_use", "enrolled"}
    assert json.loads(fingerprint)["fingerprint"] in {r["fingerprint"] for r in roster}
    ok(county, "keys", "enrol", TOWNSHIP_A, "--reset")
    assert json.loads(ok(county, "keys", "show", "--json"))["trusted"][0]["fingerprint"] is None
    roster = json.loads(ok(county, "keys", "list", "--json"))
    assert {r["status"] for r in roster} == {"retired"}


def test_county_export_to_a_file_writes_the_reference_package_as_before(tmp_path: Path) -> None:
    """`export --out FILE.qdpkg` at the county keeps the earlier release's meaning (command-line
    contract): one reference package, printed as one JSON object, that any township imports."""
    county, township = tmp_path / "county", tmp_path / "township"
    ok(county, "init", "--county")
    ok(township, "init", "--township", TOWNSHIP_A)
    target = tmp_path / "reference.qdpkg"
    written = json.loads(ok(county, "export", "--out", str(target), "--json"))
    assert written["kind"] == "reference"
    assert Path(written["path"]) == target and target.is_file()
    assert written["records"]["targets"] == 34
    ok(township, "import", str(target))
    folder = tmp_path / "outbox"
    per_township = json.loads(ok(county, "export", "--out", str(folder), "--json"))
    assert isinstance(per_township, list) and len(per_township) >= 19


def test_package_file_names_carry_the_township_name(tmp_path: Path) -> None:
    """A clerk finds the monthly file on a USB stick by the township's name, not only its code."""
    township = tmp_path / "township"
    ok(township, "init", "--township", TOWNSHIP_A)
    written = json.loads(ok(township, "export", "--out", str(tmp_path / "usb"), "--json"))
    name = Path(written["path"]).name
    assert name.startswith(f"qd-data-{TOWNSHIP_A}-罗阳镇-"), name
    assert not set(name) & set('\\/:*?"<>|')
