"""What the dashboard shows, read off the GUI thread as plain data (no Qt, no open session)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.db import Database
from desktop.reports.indicators import DrillDown, IndicatorReport, compute_indicators
from desktop.reports.indicators import records_behind as core_records_behind
from desktop.reports.trends import Trend, pass_rate_trends
from desktop.services import queries
from desktop.services.fields import LEDGERS
from desktop.services.records import record_to_dict

DRILL_LIMIT = 2000
"""Records shown in the drill-down list (the count above it is always complete)."""


@dataclass(frozen=True)
class DashboardData:
    """Indicators and trends as of one day for the county or one township."""

    report: IndicatorReport
    trends: list[Trend]


def load(database: Database, as_of: date, township: str | None) -> DashboardData:
    with database.session() as session:
        report = compute_indicators(session, as_of, township)
        trends = pass_rate_trends(session, as_of, months=18, township=township)
    return DashboardData(report, trends)


@dataclass(frozen=True)
class DrillRecords:
    """The records behind a figure: all their ids, and the first rows as plain data."""

    drill: DrillDown
    rows: list[dict[str, Any]]
    enterprises: dict[str, tuple[str, str]]


def records_behind(
    database: Database, target_id: str, as_of: date, township: str | None
) -> DrillRecords:
    with database.session() as session:
        drill = core_records_behind(session, target_id, as_of, township)
        spec = LEDGERS[drill.ledger]
        rows = [
            record_to_dict(spec, row)
            for row in queries.fetch_rows(session, spec, drill.ids[:DRILL_LIMIT])
        ]
        enterprises = queries.enterprise_names(
            session, [str(r.get("enterprise_id") or "") for r in rows]
        )
    return DrillRecords(drill, rows, enterprises)
