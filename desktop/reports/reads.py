"""The figures screens' one way in for reading: every read they make, returned as plain data.

The dashboard, the drill-down, its Excel export, the issued reports' changes and the plan editor
call :class:`ReportReads` (off the GUI thread) and never open a session themselves, as the ledger
screens read through :class:`desktop.services.reads.LedgerReads`. Nothing returned holds a
session: reports, trends and records are plain data.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.reports import snapshots
from desktop.reports.indicators import DrillDown, IndicatorReport, compute_indicators
from desktop.reports.indicators import records_behind as core_records_behind
from desktop.reports.trends import Trend, pass_rate_trends
from desktop.services import plans, queries
from desktop.services.fields import LEDGERS
from desktop.services.records import record_to_dict

DRILL_LIMIT = 2000
"""Records shown in the drill-down list (the count above it is always complete)."""

EXPORT_BATCH = 1000
"""Records read per session when every record behind a figure is exported."""

TREND_MONTHS = 18
"""Months of the dashboard's pass-rate trend chart."""

ISSUED_SHOWN = 12
"""Issued reports listed with their changes (newest first)."""


@dataclass(frozen=True)
class DashboardData:
    """Indicators and trends as of one day for the county or one township."""

    report: IndicatorReport
    trends: list[Trend]
    plans: list[tuple[str, str, str]] = field(default_factory=list)
    """(id, name, window) of every plan, for the plan picker."""
    current_plan: str = ""


@dataclass(frozen=True)
class DrillRecords:
    """The records behind a figure: all their ids, and the first rows as plain data."""

    drill: DrillDown
    rows: list[dict[str, Any]]
    enterprises: dict[str, tuple[str, str]]


@dataclass(frozen=True)
class RecordBatch:
    """Some of the records behind a figure, with their enterprises' names and credit codes."""

    records: list[dict[str, Any]]
    enterprises: dict[str, tuple[str, str]]


class ReportReads:
    """Reads of one database for the figures screens."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def dashboard(
        self, as_of: date, township: str | None, plan: str | None = None
    ) -> DashboardData:
        """Every indicator of the plan (the current one by default), the trends and the plans."""
        with self.database.session() as session:
            report = compute_indicators(session, as_of, township, plan)
            trends = pass_rate_trends(session, as_of, TREND_MONTHS, township, plan)
            choices = [
                (p.id, p.name_zh, f"{p.window_start}…{p.window_end}")
                for p in plans.all_plans(session)
            ]
            current = plans.current_id(session)
        return DashboardData(report, trends, choices, current)

    def records_behind(
        self, target_id: str, as_of: date, township: str | None, plan: str | None = None
    ) -> DrillRecords:
        """The ids of every record behind a figure and the first :data:`DRILL_LIMIT` rows."""
        with self.database.session() as session:
            drill = core_records_behind(session, target_id, as_of, township, plan)
            first = _batch(session, drill.ledger, drill.ids[:DRILL_LIMIT])
        return DrillRecords(drill, first.records, first.enterprises)

    def record_batches(
        self, ledger: str, ids: list[str], batch: int = EXPORT_BATCH
    ) -> Iterator[RecordBatch]:
        """Records by id in that order, ``batch`` at a time, each batch read in its own session."""
        for start in range(0, len(ids), batch):
            with self.database.session() as session:
                found = _batch(session, ledger, ids[start : start + batch])
            yield found

    def issued_changes(self) -> list[snapshots.Changes]:
        """What changed since each issued report (newest first) — for the reports tab."""
        with self.database.session() as session:
            return [
                snapshots.changes_since(session, snapshots.get(session, info.id))
                for info in snapshots.issued(session)[:ISSUED_SHOWN]
            ]

    def plan_details(self, plan_id: str | None) -> dict[str, Any]:
        """A plan with every target as plain data (the current plan when ``plan_id`` is None)."""
        with self.database.session() as session:
            plan = plans.find(session, plan_id)
            data = plans.plan_as_dict(session, plan)
            data["all"] = [
                {"id": p.id, "name": p.name_zh, "window": f"{p.window_start}…{p.window_end}"}
                for p in plans.all_plans(session)
            ]
            data["notes"] = plan.notes
            data["issued_on"] = plan.issued_on
        return data


def _batch(session: Session, ledger: str, ids: list[str]) -> RecordBatch:
    spec = LEDGERS[ledger]
    records = [record_to_dict(spec, row) for row in queries.fetch_rows(session, spec, ids)]
    names = queries.enterprise_names(session, [str(r.get("enterprise_id") or "") for r in records])
    return RecordBatch(records, names)
