"""The figures screens' writes: plans and the 月报 file, each in one transaction."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from report_dataset import AS_OF, Dataset

from desktop.db import Database
from desktop.reports import plan_workbook, snapshots
from desktop.reports.edits import ReportEdits
from desktop.reports.monthly import Period
from desktop.reports.reads import ReportReads
from desktop.services import plans
from desktop.services.office import Office

County = tuple[Database, Office, Dataset]


def test_copy_save_and_mark_a_plan_current(county: County) -> None:
    database, office, _ = county
    edits = ReportEdits(database, office)
    fields = {"name_zh": "三年行动", "window_start": "2023-01-01", "window_end": "2025-12-31"}
    assert edits.copy_plan("2018", "2023", fields) == "2023"
    target = {"target_id": "performance_excellence_adopters", "target_value": 10.0}
    assert edits.save_plan("2023", {"issuer": "县办"}, [target]) == "2023"
    assert edits.set_current_plan("2023") == "2023"
    details = ReportReads(database).plan_details(None)
    assert details["id"] == "2023" and details["issuer"] == "县办"
    goals = {t["id"]: t["target_value"] for t in details["targets"]}
    assert goals["performance_excellence_adopters"] == 10.0


def test_a_plan_workbook_with_problems_writes_nothing(county: County, tmp_path: Path) -> None:
    database, office, _ = county
    path = tmp_path / "plan.xlsx"
    with database.session() as session:
        plan_workbook.write_workbook(session, plans.find(session, "2018"), path)
    book = load_workbook(path)
    for cell in book[plan_workbook.TARGET_SHEET][1]:
        cell.value = None  # the 目标 sheet without its header row
    book.save(path)
    draft = ReportEdits(database, office).import_plan(path)
    assert draft.problems
    with database.session() as session:
        assert [p.id for p in plans.all_plans(session)] == ["2018"]


def test_write_and_issue_the_monthly_report(county: County, tmp_path: Path) -> None:
    database, office, _ = county
    edits = ReportEdits(database, office)
    written = edits.write_monthly(tmp_path / "a.xlsx", Period(2022, 6), AS_OF)
    assert written.issued is None and "月报" in written.sheets
    assert "月报" in load_workbook(written.path, read_only=True).sheetnames
    issued = edits.write_monthly(tmp_path / "b.xlsx", Period(2022, 6), AS_OF, issue=True)
    assert issued.issued is not None and issued.path.exists()
    with database.session() as session:
        assert [info.id for info in snapshots.issued(session)] == [issued.issued]
