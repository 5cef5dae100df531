"""The report commands as county IT scripts call them: real subprocesses, real data folders."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desktop.db import Database
from desktop.services.office import init_office
from tests.cli_runner import run_cli as run

TOWNSHIP = "330329100000"


@pytest.fixture(scope="module")
def county_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("county")
    database = Database.for_data_dir(folder)
    init_office(database, county=True, operator="县办")
    database.dispose()
    result = run(folder, "demo", "--records", "120", "--seed", "3")
    assert result.returncode == 0, result.stderr
    return folder


def test_indicators_json_has_every_target_with_townships(county_demo: Path) -> None:
    result = run(county_demo, "indicators", "--as-of", "2022-06-30", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["indicators"]) == 34
    computable = [i for i in data["indicators"] if i["computable"]]
    assert len(computable) == 21
    assert all(len(i["by_township"]) == 19 for i in computable)
    adopters = next(i for i in data["indicators"] if i["id"] == "county_mayor_quality_award")
    drill = run(
        county_demo,
        "indicators",
        "--as-of",
        "2022-06-30",
        "--records",
        "county_mayor_quality_award",
        "--json",
    )
    assert len(json.loads(drill.stdout)["ids"]) == adopters["records"]


def test_indicators_text_and_bad_input(county_demo: Path) -> None:
    text = run(county_demo, "indicators", "--as-of", "2022-06-30", "--township", TOWNSHIP)
    assert text.returncode == 0 and "罗阳镇" in text.stdout and "(八)" in text.stdout
    bad_date = run(county_demo, "indicators", "--as-of", "2022-02-30")
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr
    unknown = run(county_demo, "indicators", "--township", "330329999999")
    assert unknown.returncode == 2 and "330329999999" in unknown.stderr
    target = run(county_demo, "indicators", "--records", "no_such_target")
    assert target.returncode == 2 and "no_such_target" in target.stderr


def test_report_command_and_its_errors(county_demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "月报 2022-06.xlsx"
    result = run(county_demo, "report", "--period", "2022-06", "--out", str(out))
    assert result.returncode == 0, result.stderr
    book = load_workbook(out, read_only=True)
    assert len(book.sheetnames) == 1 + 1 + 19 + 4  # 目录, 月报, townships, details
    book.close()
    for args, message in (
        (["--period", "2999-01", "--out", str(tmp_path / "a.xlsx")], "future"),
        (["--period", "2022-6x", "--out", str(tmp_path / "a.xlsx")], "malformed"),
        (["--period", "2022-06", "--out", str(tmp_path / "no" / "a.xlsx")], "does not exist"),
        (
            ["--period", "2022-06", "--out", str(tmp_path / "a.xlsx"), "--township", "33"],
            "unknown township",
        ),
    ):
        failed = run(county_demo, "report", *args)
        assert failed.returncode == 2, failed.stderr
        assert message in failed.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["月报 2022-06.xlsx"]


def test_township_office_reports_only_itself(tmp_path: Path) -> None:
    folder = tmp_path / "town"
    assert run(folder, "init", "--township", TOWNSHIP, "--operator", "王五").returncode == 0
    other = run(folder, "indicators", "--township", "330329102000")
    assert other.returncode == 2 and "own township" in other.stderr
    out = tmp_path / "town.xlsx"
    assert run(folder, "report", "--period", "2022-06", "--out", str(out)).returncode == 0
    book = load_workbook(out, read_only=True)
    assert book.sheetnames[:2] == ["目录", "月报"] and "罗阳镇" not in book.sheetnames
    book.close()


def test_import_enterprises_dry_run_then_real(tmp_path: Path) -> None:
    folder = tmp_path / "town"
    assert run(folder, "init", "--township", TOWNSHIP).returncode == 0
    book = Workbook()
    sheet = book.active
    sheet.append(["企业名称", "统一社会信用代码", "联系电话"])
    sheet.append(["甲公司", "91330329MA2H00006J", "0577-1"])
    sheet.append(["乙公司", "91330329MA2H00006K", ""])
    sheet.append(["", "92330329MA2H00014A", ""])
    source = tmp_path / "名录.xlsx"
    book.save(source)
    dry = run(folder, "import-enterprises", str(source), "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    report = json.loads(dry.stdout)
    assert (report["good"], report["bad"], report["written"]) == (1, 2, 0)
    assert [e["row"] for e in report["errors"]] == [3, 4]
    errors = tmp_path / "errors.xlsx"
    real = run(folder, "import-enterprises", str(source), "--errors-out", str(errors))
    assert real.returncode == 0 and "已导入 / imported: 1" in real.stdout
    assert load_workbook(errors).active.max_row == 3
    listing = json.loads(run(folder, "record", "list", "enterprises", "--json").stdout)
    assert [r["name"] for r in listing["records"]] == ["甲公司"]


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_reads_the_report(county_demo: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.xlsx"
    assert run(county_demo, "report", "--period", "2022-06", "--out", str(out)).returncode == 0
    profile = tmp_path / "lo-profile"
    converted = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert converted.returncode == 0, converted.stderr
    pdf = tmp_path / "report.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000
    assert pdf.read_bytes().startswith(b"%PDF")
