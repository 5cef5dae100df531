"""The indicator engine and the 月报 on a real PostgreSQL county store (portable SQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from report_dataset import AS_OF, EXPECTED, build

from desktop.db import Database
from desktop.reports.indicators import compute_indicators, records_behind
from desktop.reports.monthly import Period
from desktop.reports.trends import pass_rate_trends
from desktop.reports.workbook import write_monthly_report
from desktop.services.office import init_office

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
