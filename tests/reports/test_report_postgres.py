"""The indicator engine and the 月报 on a real PostgreSQL county store (portable SQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from report_dataset import AS_OF, EXPECTED, B, build

from desktop.db import Database
from desktop.reports import snapshots
from desktop.reports.indicators import (
    compute_indicators,
    records_behind,
    report_as_dict,
    township_list,
)
from desktop.reports.monthly import Period
from desktop.reports.trends import pass_rate_trends
from desktop.reports.workbook import write_monthly_report
from desktop.services import demo, plans
from desktop.services.ledger import LedgerService
from desktop.services.office import Office, init_office

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_database(pg_url: str) -> Iterator[Database]:
    database = Database(pg_url)
    yield database
    database.dispose()


def test_indicators_and_report_on_postgresql(pg_database: Database, tmp_path: Path) -> None:
    office = init_office(pg_database, county=True, operator="县办李四")
    data = build(pg_database, office)
    with pg_database.session() as session:
        report = compute_indicators(session, AS_OF)
        for target_id, (value, by_township) in EXPECTED.items():
            indicator = report.get(target_id)
            assert indicator.total.value == pytest.approx(value), target_id
            for code, expected in by_township.items():
                assert indicator.by_township[code].value == pytest.approx(expected)
        behind = records_behind(session, "performance_excellence_adopters", AS_OF)
        assert set(behind.ids) == data.of("c1", "c2", "c3")
        trend = pass_rate_trends(session, AS_OF, months=7)[0]
        assert {p.period: p.sampled for p in trend.points if p.sampled} == {
            "2021-12": 4,
            "2022-03": 10,
            "2022-04": 5,
        }
        path = tmp_path / "pg.xlsx"
        write_monthly_report(
            session, path, Period(2022, 6), AS_OF, unit="县质量强县办", preparer="李四"
        )
    assert load_workbook(path, read_only=True).sheetnames[:2] == ["目录", "月报"]


def test_plans_and_issued_reports_on_postgresql(pg_database: Database, tmp_path: Path) -> None:
    """Two plans with their own windows, and an issued report frozen against a late record."""
    office = init_office(pg_database, county=True, operator="县办李四")
    data = build(pg_database, office)
    with pg_database.session() as session:
        info = snapshots.issue_report(
            session,
            office,
            Period(2022, 6),
            date(2022, 7, 10),
            unit="县质量强县办",
            preparer="李四",
        )[1]
        plans.copy_plan(
            session,
            office,
            "2018",
            "2023",
            {
                "name_zh": "2023—2025年规划",
                "window_start": "2023-01-01",
                "window_end": "2025-12-31",
            },
        )
    town_b = Office(office.installation_id, "township", B, "百丈镇", "百丈镇办")
    service = LedgerService(pg_database, town_b, actor="乙")
    for title, day in (("迟到的证书", "2022-06-20"), ("2024 年的证书", "2024-03-01")):
        service.create(
            "certifications",
            {
                "category_code": "MGMT_PERFORMANCE_EXCELLENCE",
                "enterprise_id": data.ids["e3"],
                "title": title,
                "level": "county",
                "awarded_date": day,
            },
        )
    day = date(2024, 6, 30)
    with pg_database.session() as session:
        old = compute_indicators(session, day, plan="2018").get("performance_excellence_adopters")
        new = compute_indicators(session, day, plan="2023").get("performance_excellence_adopters")
        assert (old.total.value, new.total.value) == (4, 1)  # e1, e2, e4 (c5), e3 (late)
        row = snapshots.get(session, info.id)
        frozen = {r["target_id"]: r for r in row.figures["rows"]}
        assert frozen["performance_excellence_adopters"]["plan_to_date"] == 2
        changes = snapshots.changes_since(session, row)
        assert len(changes.added["performance_excellence_adopters"]) == 1


def test_postgresql_gives_sqlites_figures_on_demo_data(
    pg_database: Database, tmp_path: Path
) -> None:
    """The same demo records in both stores: every indicator, township and plan equal."""
    sqlite = Database.for_data_dir(tmp_path / "sqlite")
    try:
        reports = []
        for database in (pg_database, sqlite):
            office = init_office(database, county=True, operator="县办")
            demo.generate(database, office, 80, seed=11, today=date(2024, 12, 31))
            with database.session() as session:
                towns = [code for code, _ in township_list(session)]
                reports.append(
                    [
                        report_as_dict(compute_indicators(session, day, township, plan.id))
                        for plan in plans.all_plans(session)
                        for day in (date(2022, 6, 30), date(2024, 12, 31))
                        for township in (None, towns[0])
                    ]
                )
        on_pg, on_sqlite = reports
        assert any(ind["records"] for report in on_sqlite for ind in report["indicators"])
        for report in on_pg + on_sqlite:  # the demo's county statistics get fresh ids
            for indicator in report["indicators"]:
                for entry in (indicator["manual"], indicator["previous"]):
                    if entry is not None:
                        entry.pop("record_id")
        assert on_pg == on_sqlite
    finally:
        sqlite.dispose()
