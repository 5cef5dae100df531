"""Issued reports: a 月报 frozen when the county issues it, and what changed since.

Issuing writes the workbook as usual and stores, in one row of ``issued_reports``: the period,
plan, scope, who and when, the workbook's bytes (and SHA-256), every printed figure and the ids
of the records behind each target's figure. Re-opening an issued report reads those, never the
ledgers, so it gives the same numbers after late packages arrive; :func:`changes_since`
recomputes the same report from today's records and lists each figure that moved and the
records that entered or left it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop import files
from desktop.errors import NotFoundError, UsageError
from desktop.ids import uuid7
from desktop.models import IssuedReport
from desktop.reports import xlsx
from desktop.reports.indicators import records_behind
from desktop.reports.monthly import MonthlyFigures, MonthlyRow, Period, compute_monthly
from desktop.reports.workbook import ReportSummary, write_monthly_report
from desktop.services.office import Office

FIGURE_COLUMNS = (
    "this_month",
    "year_to_date",
    "last_year_to_date",
    "change",
    "plan_to_date",
    "progress",
)
COLUMN_LABELS = {
    "this_month": "本月数",
    "year_to_date": "本年累计",
    "last_year_to_date": "上年同期累计",
    "change": "同比增减",
    "plan_to_date": "规划期累计",
    "progress": "完成进度",
}


def _row(row: MonthlyRow) -> dict[str, Any]:
    return {
        "number": row.number,
        "target_id": row.target.id,
        "name": row.target.name_zh,
        "unit": row.target.unit,
        "goal": row.goal_text,
        **{name: getattr(row, name) for name in FIGURE_COLUMNS},
        "status": row.status.value,
        "remarks": row.remarks,
    }


def figures_as_dict(figures: MonthlyFigures) -> dict[str, Any]:
    """Every printed figure of a 月报 as JSON-ready data."""
    return {
        "period": figures.period.code,
        "as_of": figures.as_of.isoformat(),
        "township": figures.township,
        "plan": figures.indicators.plan.as_dict(),
        "rows": [_row(row) for row in figures.rows],
        "townships": {
            code: [_row(row) for row in rows] for code, rows in figures.by_township.items()
        },
    }


def _record_ids(session: Session, figures: MonthlyFigures) -> dict[str, Any]:
    plan = figures.indicators.plan.id
    result: dict[str, Any] = {}
    for row in figures.rows:
        drill = records_behind(session, row.target.id, figures.as_of, figures.township, plan)
        result[row.target.id] = {
            "ledger": drill.ledger,
            "ids": drill.ids,
            "supporting": drill.supporting,
        }
    return result


@dataclass(frozen=True)
class IssuedInfo:
    """An issued report without its workbook bytes."""

    id: str
    period: str
    plan_id: str
    township: str | None
    issued_by: str
    issued_at: datetime
    as_of: str
    workbook_name: str
    workbook_sha256: str

    @classmethod
    def of(cls, row: IssuedReport) -> IssuedInfo:
        return cls(
            row.id,
            row.period,
            row.plan_id,
            row.township_code,
            row.issued_by,
            row.issued_at,
            row.as_of,
            row.workbook_name,
            row.workbook_sha256,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "period": self.period,
            "plan": self.plan_id,
            "township": self.township,
            "issued_by": self.issued_by,
            "issued_at": self.issued_at.isoformat(sep=" "),
            "as_of": self.as_of,
            "workbook": self.workbook_name,
            "sha256": self.workbook_sha256,
        }


def issue_report(
    session: Session,
    office: Office,
    period: Period,
    today: date,
    *,
    unit: str,
    preparer: str,
    township: str | None = None,
    plan: str | None = None,
    out: Path | None = None,
    now: datetime | None = None,
) -> tuple[ReportSummary, IssuedInfo]:
    """Write the 月报 (to ``out`` if given), then freeze it: workbook, figures and record ids;
    returns what the workbook holds (its sheets and rows) and the issued report."""
    if not office.is_county:
        raise UsageError("只有县级可以签发月报", "only the county office issues reports")
    folder = Path(tempfile.mkdtemp(prefix="qd-issue-"))
    path = folder / f"月报-{period.code}.xlsx"
    try:
        summary = write_monthly_report(
            session,
            path,
            period,
            today,
            unit=unit,
            preparer=preparer,
            township=township,
            plan=plan,
        )
        content = path.read_bytes()
    finally:
        if path.exists():
            path.unlink()
        os.rmdir(folder)
    figures = summary.figures
    assert figures is not None
    name = out.name if out is not None else path.name
    row = IssuedReport(
        id=uuid7(),
        period=period.code,
        plan_id=figures.indicators.plan.id,
        township_code=township,
        issued_by=office.operator,
        issued_at=(now or datetime.now()).replace(microsecond=0),
        as_of=figures.as_of.isoformat(),
        figures=figures_as_dict(figures),
        record_ids=_record_ids(session, figures),
        workbook=content,
        workbook_name=name,
        workbook_sha256=hashlib.sha256(content).hexdigest(),
        notes="",
    )
    session.add(row)
    session.flush()
    if out is not None:
        save_workbook(row, out)
    summary.path = out if out is not None else path
    summary.issued = row.id
    return summary, IssuedInfo.of(row)


def save_workbook(row: IssuedReport, out: Path) -> None:
    """Write the issued workbook's bytes to ``out`` (atomically, like any report)."""
    xlsx.check_output_path(out)
    files.write_bytes(out, row.workbook)


def issued(session: Session) -> list[IssuedInfo]:
    """Every issued report, newest first."""
    rows = session.execute(
        select(
            IssuedReport.id,
            IssuedReport.period,
            IssuedReport.plan_id,
            IssuedReport.township_code,
            IssuedReport.issued_by,
            IssuedReport.issued_at,
            IssuedReport.as_of,
            IssuedReport.workbook_name,
            IssuedReport.workbook_sha256,
        ).order_by(IssuedReport.issued_at.desc(), IssuedReport.id.desc())
    )
    return [IssuedInfo(*row) for row in rows]


def get(session: Session, key: str) -> IssuedReport:
    """An issued report by id (or its unique beginning), or the latest one of a period."""
    key = key.strip()
    row = session.get(IssuedReport, key)
    if row is None:
        matches = list(
            session.scalars(
                select(IssuedReport)
                .where((IssuedReport.id.startswith(key)) | (IssuedReport.period == key))
                .order_by(IssuedReport.issued_at.desc())
            )
        )
        by_period = [m for m in matches if m.period == key]
        if by_period:
            row = by_period[0]
        elif len(matches) == 1:
            row = matches[0]
    if row is None:
        raise NotFoundError(f"找不到已签发的月报 {key}", f"no issued report {key}")
    return row


@dataclass
class FigureChange:
    """One printed figure that differs between the issued report and today's records."""

    target_id: str
    name: str
    column: str
    issued: float | None
    now: float | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "target_id": self.target_id,
            "name": self.name,
            "column": self.column,
            "label": COLUMN_LABELS[self.column],
            "issued": self.issued,
            "now": self.now,
        }


@dataclass
class Changes:
    """What changed since a report was issued."""

    info: IssuedInfo
    figures: list[FigureChange] = field(default_factory=list)
    added: dict[str, list[str]] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)

    @property
    def unchanged(self) -> bool:
        return not (self.figures or self.added or self.removed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "report": self.info.as_dict(),
            "unchanged": self.unchanged,
            "figures": [change.as_dict() for change in self.figures],
            "records_added": self.added,
            "records_removed": self.removed,
        }


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(float(a) - float(b)) < 1e-9
    return bool(a == b)


def changes_since(session: Session, row: IssuedReport) -> Changes:
    """Recompute the issued report from today's records and compare, figure by figure."""
    period_year, period_month = (int(part) for part in row.period.split("-"))
    live = compute_monthly(
        session,
        Period(period_year, period_month),
        date.fromisoformat(row.as_of),
        row.township_code,
        row.plan_id,
    )
    now = figures_as_dict(live)
    result = Changes(IssuedInfo.of(row))
    frozen = {r["target_id"]: r for r in row.figures["rows"]}
    for current in now["rows"]:
        before = frozen.get(current["target_id"])
        for column in FIGURE_COLUMNS:
            old = before[column] if before else None
            if not _same(old, current[column]):
                result.figures.append(
                    FigureChange(
                        current["target_id"], current["name"], column, old, current[column]
                    )
                )
    live_ids = _record_ids(session, live)
    for target_id, ids in live_ids.items():
        old_ids = set(row.record_ids.get(target_id, {}).get("ids", []))
        new_ids = set(ids["ids"])
        if new_ids - old_ids:
            result.added[target_id] = sorted(new_ids - old_ids)
        if old_ids - new_ids:
            result.removed[target_id] = sorted(old_ids - new_ids)
    return result
