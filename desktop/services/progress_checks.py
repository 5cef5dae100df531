"""Warnings (not refusals) for a project's monthly progress: figures that fall from the month
before, or investment beyond the plan. The clerk may be right (a correction, a plan that grew),
so the form asks before saving instead of refusing. No Qt."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from desktop.db import Database
from desktop.models import Project, ProjectProgress


@dataclass(frozen=True)
class Warning:
    field: str
    message_zh: str
    message_en: str


def _number(value: Any) -> float | None:
    try:
        return None if value in (None, "") else float(value)
    except (TypeError, ValueError):
        return None


def progress_warnings(
    database: Database, values: Mapping[str, Any], own_id: str | None = None
) -> list[Warning]:
    """What looks wrong in a progress entry about to be saved."""
    project_id, period = values.get("project_id"), str(values.get("period") or "")
    if not project_id or not period:
        return []
    percent = _number(values.get("percent_complete"))
    invested = _number(values.get("investment_to_date"))
    with database.session() as session:
        planned = session.scalar(select(Project.planned_investment).where(Project.id == project_id))
        before = session.execute(
            select(
                ProjectProgress.period,
                ProjectProgress.percent_complete,
                ProjectProgress.investment_to_date,
            )
            .where(
                ProjectProgress.project_id == project_id,
                ProjectProgress.deleted.is_(False),
                ProjectProgress.period < period,
                ProjectProgress.id != (own_id or ""),
            )
            .order_by(ProjectProgress.period.desc())
            .limit(1)
        ).first()
    warnings = []
    if before is not None:
        last_period, last_percent, last_invested = before
        if percent is not None and last_percent is not None and percent < last_percent:
            warnings.append(
                Warning(
                    "percent_complete",
                    f"完成进度 {percent:g}% 低于 {last_period} 的 {last_percent:g}%",
                    f"percent complete {percent:g}% is below {last_period}'s {last_percent:g}%",
                )
            )
        if invested is not None and last_invested is not None and invested < last_invested:
            warnings.append(
                Warning(
                    "investment_to_date",
                    f"累计投资 {invested:g} 万元少于 {last_period} 的 {last_invested:g} 万元",
                    f"investment to date {invested:g} is below {last_period}'s {last_invested:g}",
                )
            )
    if invested is not None and planned and invested > planned:
        warnings.append(
            Warning(
                "investment_to_date",
                f"累计投资 {invested:g} 万元超过计划投资 {planned:g} 万元",
                f"investment to date {invested:g} exceeds the planned {planned:g}",
            )
        )
    return warnings
