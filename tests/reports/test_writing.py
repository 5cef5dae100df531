"""The one write-or-issue step of the command line and the window: who reports, what is written,
what is frozen; the same records give the same workbook bytes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from report_dataset import A, B, Dataset

from desktop.db import Database
from desktop.errors import UsageError
from desktop.reports import snapshots
from desktop.reports.monthly import Period
from desktop.reports.writing import reporting_unit, write_or_issue
from desktop.services.office import Office

County = tuple[Database, Office, Dataset]
TODAY = date(2022, 7, 10)
PERIOD = Period(2022, 6)


def test_the_unit_names_the_township_of_a_county_report(county: County) -> None:
    database, office, _ = county
    township = Office(office.installation_id, "township", B, "百丈镇", "百丈镇办")
    with database.session() as session:
        assert reporting_unit(session, office, None) == office.display_name()
        assert reporting_unit(session, office, A) == f"{office.display_name()}（罗阳镇）"
        assert reporting_unit(session, township, B) == township.display_name()


def test_write_then_issue(county: County, tmp_path: Path) -> None:
    database, office, _ = county
    plain, issued = tmp_path / "plain.xlsx", tmp_path / "issued.xlsx"
    with database.session() as session:
        written = write_or_issue(session, office, plain, PERIOD, TODAY, township=A)
        assert written.issued is None and written.summary.path == plain
        assert written.summary.detail_rows["抽检检查明细"] == 2
        frozen = write_or_issue(session, office, issued, PERIOD, TODAY, township=A, issue=True)
        assert frozen.issued is not None
        assert frozen.summary.issued == frozen.issued.id and frozen.summary.path == issued
        assert frozen.summary.sheets == written.summary.sheets
        row = snapshots.get(session, frozen.issued.id)
        assert row.workbook == issued.read_bytes() and row.township_code == A
    sheet = load_workbook(issued)["月报"]
    assert sheet["A4"].value == f"填报单位：{office.display_name()}（罗阳镇）"
    assert plain.read_bytes() == issued.read_bytes()  # the same report, the same bytes


def test_a_township_office_cannot_issue(county: County, tmp_path: Path) -> None:
    database, office, _ = county
    township = Office(office.installation_id, "township", B, "百丈镇", "百丈镇办")
    with database.session() as session, pytest.raises(UsageError):
        write_or_issue(session, township, tmp_path / "x.xlsx", PERIOD, TODAY, issue=True)
    assert not (tmp_path / "x.xlsx").exists()
