"""The one way a 月报 is written or issued, for the command line and the window alike.

Both ask for a period, a scope and whether to issue; this module says who the report is from
(填报单位: the office, and at the county the township a one-township report covers, by its
Chinese name as the report is Chinese) and either writes the workbook or issues and freezes it
(:mod:`desktop.reports.snapshots`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from desktop.reports import snapshots
from desktop.reports.indicators import township_list
from desktop.reports.monthly import Period
from desktop.reports.workbook import ReportSummary, write_monthly_report
from desktop.services.office import Office


def reporting_unit(session: Session, office: Office, township: str | None) -> str:
    """The 填报单位 line: the office, with the township a county report of one township covers."""
    unit = office.display_name()
    if township and office.is_county:
        unit = f"{unit}（{dict(township_list(session, township))[township]}）"
    return unit


@dataclass(frozen=True)
class Written:
    """A 月报 written to a file, and what was issued when it was issued."""

    summary: ReportSummary
    issued: snapshots.IssuedInfo | None = None


def write_or_issue(
    session: Session,
    office: Office,
    out: Path,
    period: Period,
    today: date,
    *,
    township: str | None = None,
    plan: str | None = None,
    issue: bool = False,
) -> Written:
    """Write the 月报 to ``out``; with ``issue``, also freeze it as an issued report (county)."""
    unit = reporting_unit(session, office, township)
    if issue:
        summary, info = snapshots.issue_report(
            session,
            office,
            period,
            today,
            unit=unit,
            preparer=office.operator,
            township=township,
            plan=plan,
            out=out,
        )
        return Written(summary, info)
    summary = write_monthly_report(
        session,
        out,
        period,
        today,
        unit=unit,
        preparer=office.operator,
        township=township,
        plan=plan,
    )
    return Written(summary)
