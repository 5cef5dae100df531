"""What the dashboard shows, read off the GUI thread as plain data (no Qt, no open session)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from desktop.db import Database
from desktop.reports import drill_export, plan_workbook, snapshots
from desktop.reports.indicators import DrillDown, IndicatorReport, compute_indicators
from desktop.reports.indicators import records_behind as core_records_behind
from desktop.reports.plan_workbook import PlanDraft
from desktop.reports.trends import Trend, pass_rate_trends
from desktop.services import plans, queries
from desktop.services.fields import LEDGERS, Field
from desktop.services.office import Office
from desktop.services.records import record_to_dict
from desktop.ui.display import ReferenceLabels, format_value

DRILL_LIMIT = 2000
"""Records shown in the drill-down list (the count above it is always complete)."""


@dataclass(frozen=True)
class DashboardData:
    """Indicators and trends as of one day for the county or one township."""

    report: IndicatorReport
    trends: list[Trend]
    plans: list[tuple[str, str, str]] = field(default_factory=list)
    """(id, name, window) of every plan, for the plan picker."""
    current_plan: str = ""


def load(
    database: Database, as_of: date, township: str | None, plan: str | None = None
) -> DashboardData:
    with database.session() as session:
        report = compute_indicators(session, as_of, township, plan)
        trends = pass_rate_trends(session, as_of, months=18, township=township, plan=plan)
        choices = [
            (p.id, p.name_zh, f"{p.window_start}…{p.window_end}") for p in plans.all_plans(session)
        ]
        current = plans.current_id(session)
    return DashboardData(report, trends, choices, current)


@dataclass(frozen=True)
class DrillRecords:
    """The records behind a figure: all their ids, and the first rows as plain data."""

    drill: DrillDown
    rows: list[dict[str, Any]]
    enterprises: dict[str, tuple[str, str]]


def drill_fields(ledger: str) -> tuple[Field, ...]:
    """Every field of the ledger: the drill-down shows all the columns a record has."""
    return LEDGERS[ledger].fields


def records_behind(
    database: Database,
    target_id: str,
    as_of: date,
    township: str | None,
    plan: str | None = None,
) -> DrillRecords:
    with database.session() as session:
        drill = core_records_behind(session, target_id, as_of, township, plan)
        spec = LEDGERS[drill.ledger]
        rows = [
            record_to_dict(spec, row)
            for row in queries.fetch_rows(session, spec, drill.ids[:DRILL_LIMIT])
        ]
        enterprises = queries.enterprise_names(
            session, [str(r.get("enterprise_id") or "") for r in rows]
        )
    return DrillRecords(drill, rows, enterprises)


EXPORT_BATCH = 1000


def export_records(
    database: Database,
    path: Path,
    records: DrillRecords,
    title: str,
    subtitle: str,
    labels: ReferenceLabels,
    language: str,
) -> int:
    """Every record behind a figure (all of them, in batches) to an .xlsx; the count written."""
    spec = LEDGERS[records.drill.ledger]
    fields = drill_fields(spec.name)
    headers = [f.label(language) for f in fields] + ["记录编号" if language == "zh" else "Id"]
    ids = records.drill.ids

    def rows() -> Any:
        for start in range(0, len(ids), EXPORT_BATCH):
            with database.session() as session:
                batch = [
                    record_to_dict(spec, row)
                    for row in queries.fetch_rows(session, spec, ids[start : start + EXPORT_BATCH])
                ]
                names = queries.enterprise_names(
                    session, [str(r.get("enterprise_id") or "") for r in batch]
                )
            for record in batch:
                yield [
                    format_value(f, record.get(f.name), labels, language, names) for f in fields
                ] + [str(record["id"])]

    return drill_export.write_records(path, title, subtitle, headers, rows())


def issued_changes(database: Database) -> list[snapshots.Changes]:
    """What changed since each issued report (newest first) — for the reports tab."""
    with database.session() as session:
        return [
            snapshots.changes_since(session, snapshots.get(session, info.id))
            for info in snapshots.issued(session)[:12]
        ]


# ---- plans (the county's editor) -----------------------------------------------------------


def plan_details(database: Database, plan_id: str | None) -> dict[str, Any]:
    """A plan with every target as plain data (the current plan when ``plan_id`` is None)."""
    with database.session() as session:
        plan = plans.find(session, plan_id)
        data = plans.plan_as_dict(session, plan)
        data["all"] = [
            {"id": p.id, "name": p.name_zh, "window": f"{p.window_start}…{p.window_end}"}
            for p in plans.all_plans(session)
        ]
        data["notes"] = plan.notes
        data["issued_on"] = plan.issued_on
    return data


def save_plan(
    database: Database,
    office: Office,
    plan_id: str,
    fields: dict[str, Any],
    targets: list[dict[str, Any]],
) -> str:
    """Write a plan's details and its targets' goals and category links; the plan id."""
    with database.session() as session:
        return plans.save_plan(session, office, plan_id, fields, targets).id


def copy_plan(
    database: Database, office: Office, source: str, new_id: str, fields: dict[str, Any]
) -> str:
    with database.session() as session:
        return plans.copy_plan(session, office, source, new_id, fields).id


def set_current_plan(database: Database, office: Office, plan_id: str) -> str:
    with database.session() as session:
        return plans.set_current(session, office, plan_id).id


def import_plan(database: Database, office: Office, path: Path) -> PlanDraft:
    """Read a plan workbook and, when it has no problems, write it; the draft either way."""
    with database.session() as session:
        draft = plan_workbook.read_workbook(session, path)
        if not draft.problems:
            plan_workbook.apply(session, office, draft)
    return draft
