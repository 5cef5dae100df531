"""今日待办: what needs the clerk's attention today, counted from the records (no Qt).

- overdue rectifications (整改中, past the deadline),
- certificates expiring within the warning days of the setting (or expired),
- the monthly package of the reporting month (last month) not exported yet (townships),
- ongoing projects without progress for the reporting month.

Each count comes with the ledger and filter that list its records, so the window can open them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import exists, func, select

from desktop.db import Database
from desktop.models import Project, ProjectProgress, SyncOutbox
from desktop.services.dates import previous_month
from desktop.services.fields import LEDGERS
from desktop.services.office import Office
from desktop.services.queries import LedgerQuery
from desktop.services.reads import LedgerReads


@dataclass(frozen=True)
class TodoItem:
    """One line of the panel: what, how many, and where its records are."""

    key: str
    count: int
    ledger: str
    query: LedgerQuery = field(default_factory=LedgerQuery)
    period: str = ""
    project_ids: tuple[str, ...] = ()


def today_work(database: Database, office: Office, today: date) -> list[TodoItem]:
    """The lines of 今日待办 that have something to do (count > 0)."""
    reads = LedgerReads(database)
    period = previous_month(today)
    items = [
        TodoItem(
            "overdue_rectifications",
            int(
                reads.count(LEDGERS["inspections"], LedgerQuery(rectification="overdue"), today)
                or 0
            ),
            "inspections",
            LedgerQuery(rectification="overdue"),
        ),
        TodoItem(
            "expiring_certificates",
            int(
                reads.count(LEDGERS["certifications"], LedgerQuery(expiring_only=True), today) or 0
            ),
            "certifications",
            LedgerQuery(expiring_only=True),
        ),
    ]
    with database.session() as session:
        if not office.is_county:
            exported = session.scalar(
                select(func.count())
                .select_from(SyncOutbox)
                .where(SyncOutbox.period == period, SyncOutbox.kind == "data")  # KIND_DATA
            )
            items.append(TodoItem("export_missing", 0 if exported else 1, "", period=period))
        has_progress: Any = exists().where(
            ProjectProgress.project_id == Project.id,
            ProjectProgress.period == period,
            ProjectProgress.deleted.is_(False),
        )
        missing = tuple(
            session.scalars(
                select(Project.id).where(
                    Project.deleted.is_(False),
                    Project.status == "ongoing",
                    Project.owner == office.owner,
                    Project.start_date <= today,
                    ~has_progress,
                )
            )
        )
    items.append(
        TodoItem("progress_missing", len(missing), "projects", period=period, project_ids=missing)
    )
    return [item for item in items if item.count]
