"""Issued reports: frozen workbook, figures and record ids; the same after late records arrive."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from report_dataset import B, Dataset

from desktop.db import Database
from desktop.errors import UsageError
from desktop.reports import snapshots
from desktop.reports.monthly import Period
from desktop.services.ledger import LedgerService
from desktop.services.office import Office

County = tuple[Database, Office, Dataset]
TODAY = date(2022, 7, 10)


def _issue(database: Database, office: Office, out: Path) -> snapshots.IssuedInfo:
    with database.session() as session:
        return snapshots.issue_report(
            session,
            office,
            Period(2022, 6),
            TODAY,
            unit="县质量强县办",
            preparer="李四",
            out=out,
            now=datetime(2022, 7, 10, 9, 30),
        )[1]


def _late_record(database: Database, office: Office, data: Dataset) -> str:
    """A township's package arriving after the report was issued, with a June certificate."""
    town_b = Office(office.installation_id, "township", B, "百丈镇", "百丈镇办")
    return str(
        LedgerService(database, town_b, actor="乙")
        .create(
            "certifications",
            {
                "category_code": "MGMT_PERFORMANCE_EXCELLENCE",
                "enterprise_id": data.ids["e3"],
                "title": "迟到的卓越绩效证书",
                "level": "county",
                "awarded_date": "2022-06-20",
            },
        )
        .record["id"]
    )


def test_an_issued_report_reproduces_its_numbers_after_later_imports(
    county: County, tmp_path: Path
) -> None:
    database, office, data = county
    out = tmp_path / "issued.xlsx"
    info = _issue(database, office, out)
    issued_bytes = out.read_bytes()
    assert info.workbook_sha256 == hashlib.sha256(issued_bytes).hexdigest()
    with database.session() as session:
        row = snapshots.get(session, info.id)
        frozen = {r["target_id"]: r for r in row.figures["rows"]}
        assert frozen["performance_excellence_adopters"]["plan_to_date"] == 2
        ids = row.record_ids["performance_excellence_adopters"]["ids"]
        assert set(ids) == data.of("c1", "c2", "c3")
        assert snapshots.changes_since(session, row).unchanged
    late = _late_record(database, office, data)
    with database.session() as session:
        row = snapshots.get(session, "2022-06")
        assert row.id == info.id
        again = {r["target_id"]: r for r in row.figures["rows"]}
        assert again == frozen  # the same numbers, read from the issued report
        assert row.workbook == issued_bytes
        changes = snapshots.changes_since(session, row)
    moved = {(c.target_id, c.column): (c.issued, c.now) for c in changes.figures}
    assert moved[("performance_excellence_adopters", "plan_to_date")] == (2, 3)
    assert moved[("performance_excellence_adopters", "this_month")] == (0, 1)
    assert changes.added == {"performance_excellence_adopters": [late]}
    assert not changes.removed
    again_out = tmp_path / "again.xlsx"
    with database.session() as session:
        snapshots.save_workbook(snapshots.get(session, info.id), again_out)
    assert again_out.read_bytes() == issued_bytes
    sheet = load_workbook(again_out, data_only=True)["月报"]
    names = {r[1]: r for r in sheet.iter_rows(min_row=7, max_row=40, values_only=True)}
    assert names["组织推动企业导入卓越绩效管理模式"][8] == 2  # as issued, not today's 3


def test_only_the_county_issues_and_unknown_reports_are_clear(
    county: County, tmp_path: Path
) -> None:
    database, office, _ = county
    township = Office(office.installation_id, "township", B, "百丈镇", "百丈镇办")
    with database.session() as session, pytest.raises(UsageError):
        snapshots.issue_report(
            session, township, Period(2022, 6), TODAY, unit="百丈镇", preparer="乙"
        )
    _issue(database, office, tmp_path / "a.xlsx")
    _issue(database, office, tmp_path / "b.xlsx")
    with database.session() as session:
        listed = snapshots.issued(session)
        assert [i.period for i in listed] == ["2022-06", "2022-06"]
        with pytest.raises(Exception, match="2021-01"):
            snapshots.get(session, "2021-01")
