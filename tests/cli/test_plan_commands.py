"""``plans list/show/import/current/copy`` and ``indicators --plan``, as county IT calls them."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from desktop.db import Database
from desktop.services.office import init_office
from tests.cli_runner import run_cli as run


def _office(folder: Path, county: bool = True) -> Path:
    database = Database.for_data_dir(folder)
    if county:
        init_office(database, county=True, operator="县办")
    else:
        init_office(database, township_code="330329100000", operator="罗阳镇办")
    database.dispose()
    return folder


def test_a_county_adds_a_plan_from_a_workbook_and_marks_it_current(tmp_path: Path) -> None:
    folder = _office(tmp_path / "county")
    listed = json.loads(run(folder, "plans", "list", "--json").stdout)
    assert [(p["id"], p["window"]["start"], p["current"]) for p in listed] == [
        ("2018", "2019-01-01", True)
    ]
    template = tmp_path / "plan.xlsx"
    shown = run(folder, "plans", "show", "2018", "--out", str(template))
    assert shown.returncode == 0, shown.stderr
    assert "2019-01-01…2022-12-31" in shown.stdout
    book = load_workbook(template)
    values = {
        "规划编号": "2023",
        "规划名称": "三年行动(2023—2025年)",
        "文号": "泰质强办〔2023〕1号",
        "计数期开始": "2023-01-01",
        "计数期结束": "2025-12-31",
    }
    for row in book["规划"].iter_rows(min_row=2):
        if row[0].value in values:
            row[1].value = values[str(row[0].value)]
    targets = book["目标"]
    header = [cell.value for cell in targets[1]]
    for row in targets.iter_rows(min_row=2):
        if row[0].value == "performance_excellence_adopters":
            row[header.index("目标值")].value = 10
    bad = tmp_path / "bad.xlsx"
    targets.cell(row=2, column=header.index("计入类别") + 1).value = "NO_SUCH_CATEGORY"
    book.save(bad)
    targets.cell(
        row=2, column=header.index("计入类别") + 1
    ).value = "INS_PRODUCT_QUALITY_SPOT_CHECK"
    good = tmp_path / "good.xlsx"
    book.save(good)

    refused = run(folder, "plans", "import", str(bad))
    assert refused.returncode == 2 and "NO_SUCH_CATEGORY" in refused.stdout
    dry = json.loads(run(folder, "plans", "import", str(good), "--dry-run", "--json").stdout)
    assert dry["targets"] == 34 and dry["problems"] == [] and dry["dry_run"]
    assert len(json.loads(run(folder, "plans", "list", "--json").stdout)) == 1
    imported = run(folder, "plans", "import", str(good))
    assert imported.returncode == 0, imported.stderr
    assert run(folder, "plans", "current", "2023").returncode == 0
    listed = json.loads(run(folder, "plans", "list", "--json").stdout)
    assert [(p["id"], p["current"]) for p in listed] == [("2018", False), ("2023", True)]
    plan = json.loads(run(folder, "plans", "show", "2023", "--json").stdout)
    assert plan["document_number"] == "泰质强办〔2023〕1号"
    goals = {t["id"]: t["target_value"] for t in plan["targets"]}
    assert goals["performance_excellence_adopters"] == 10
    report = json.loads(run(folder, "indicators", "--as-of", "2024-06-30", "--json").stdout)
    assert report["plan"]["id"] == "2023" and report["window_note"] == ""
    old = json.loads(
        run(folder, "indicators", "--as-of", "2024-06-30", "--plan", "2018", "--json").stdout
    )
    assert old["plan"]["id"] == "2018" and "2022-12-31" in old["window_note"]
    unknown = run(folder, "indicators", "--plan", "1999")
    assert unknown.returncode == 2 and "1999" in unknown.stderr


def test_a_township_reads_plans_but_cannot_change_them(tmp_path: Path) -> None:
    folder = _office(tmp_path / "town", county=False)
    assert "2018" in run(folder, "plans", "list").stdout
    refused = run(folder, "plans", "current", "2018")
    assert refused.returncode == 2 and "县级" in refused.stderr
