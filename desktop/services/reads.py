"""The window's one way into the ledgers: every read a screen makes, returning plain typed rows.

Table models, forms, pickers, history dialogs, reference labels and the status bar call
:class:`LedgerReads` (off the GUI thread
where the read can be slow) and never see a session, a model class or a SQL statement, so what a
filter, a count or a search means is decided here and in :mod:`desktop.services.queries` only.
Pages are read by keyset after the page before them where the sort allows it, else by offset;
free text uses the search index when one is given and fresh (results are the same either way).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Select, func, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from desktop.db import Database
from desktop.models import Enterprise, Project, ProjectProgress, SyncInbox, SyncOutbox
from desktop.services import audit, expiry, queries, reference, search_terms, stats
from desktop.services.fields import LedgerSpec
from desktop.services.queries import LedgerQuery
from desktop.services.search_index import SearchIndex

PICKER_SUGGESTIONS = 20
PROJECT_CHOICES = 2000
"""Projects offered in a form's project list (a project beyond them is added when shown)."""

Interrupt = Callable[[], None]
"""Stops a running statement (SQLite's ``interrupt``)."""


@dataclass(frozen=True)
class RecordPage:
    """One page of records as plain data, with what the table shows beside them."""

    records: list[dict[str, Any]]
    enterprises: dict[str, tuple[str, str]]
    """Enterprise id → (name, credit code) for the page's records."""
    projects: dict[str, str]
    """Project id → name for the page's records."""
    warning_days: int
    """The expiry rule's setting when the page was read (for the row states)."""


@dataclass(frozen=True)
class EnterpriseChoice:
    """An enterprise offered by the picker."""

    id: str
    name: str
    credit_code: str

    @property
    def label(self) -> str:
        return f"{self.name}({self.credit_code})"


@dataclass(frozen=True)
class ProjectChoice:
    id: str
    name: str


@dataclass(frozen=True)
class ProgressPoint:
    """A project's progress in one month."""

    period: str
    percent_complete: float
    investment_to_date: float


@dataclass(frozen=True)
class ReferenceNames:
    """Reference data by code: township names, category (group, zh, en), target (zh, en)."""

    townships: dict[str, str]
    categories: dict[str, tuple[str, str, str]]
    targets: dict[str, tuple[str, str]]


@dataclass(frozen=True)
class StatusFigures:
    """What the status bar shows: live records per ledger and the last export and import."""

    counts: dict[str, int]
    last_export: str | None
    """``YYYY-MM-DD HH:MM`` or None (never)."""
    last_import: str | None


class LedgerReads:
    """Reads of one database for the window (``search``: the free-text index, SQLite only)."""

    def __init__(self, database: Database, search: SearchIndex | None = None) -> None:
        self.database = database
        self.search = search

    # ---- pages and counts ----------------------------------------------------------------------

    def _conditions(
        self, spec: LedgerSpec, query: LedgerQuery, counting: bool = False
    ) -> tuple[LedgerQuery, list[ColumnElement[bool]], bool]:
        """The query left for :mod:`queries`, extra conditions, and whether the index is used."""
        table = spec.model.__table__
        extra: list[ColumnElement[bool]] = [
            table.c[name] == value for name, value in query.extra.items()
        ]
        plan = (
            self.search.plan(spec, query.text, exact=counting)
            if self.search and query.text
            else None
        )
        if plan is None:
            return query, extra, False
        extra.append(plan.verify)
        if plan.count_by_candidates if counting else not plan.dense:
            extra.append(plan.candidates)
        return replace(query, text=""), extra, True

    def _attach(self, session: Session, indexed: bool) -> None:
        if indexed and self.search is not None:
            self.search.attach(session.connection())

    def page_statement(
        self,
        spec: LedgerSpec,
        query: LedgerQuery,
        today: date,
        after: dict[str, Any] | None = None,
        warning_days: int = expiry.EXPIRY_WARNING_DAYS,
    ) -> tuple[Select[str], bool]:
        """The SELECT of one page's ids, and whether it reads the search index.

        ``after`` is the last record of the page before (keyset paging; see :meth:`can_follow`).
        """
        rest, extra, indexed = self._conditions(spec, query)
        if after is not None:
            rest = rest.page(0, rest.limit)
            extra.append(queries.after_condition(spec, query, after))
        statement = queries.select_ids(spec, rest, today, warning_days).where(*extra)
        return statement, indexed

    @staticmethod
    def can_follow(spec: LedgerSpec, query: LedgerQuery, record: dict[str, Any]) -> bool:
        """Whether the page after ``record`` can be read by keyset (else by offset)."""
        return queries.keyset_value(spec, query, record) is not None

    def page(
        self,
        spec: LedgerSpec,
        query: LedgerQuery,
        today: date,
        after: dict[str, Any] | None = None,
    ) -> RecordPage:
        """One page of ``query`` (``after``: the last record of the page before it)."""
        with self.database.session() as session:
            days = expiry.warning_days(session)
            statement, indexed = self.page_statement(spec, query, today, after, days)
            self._attach(session, indexed)
            ids = list(session.scalars(statement))
            records = queries.fetch_records(session, spec, ids)
            enterprises = queries.enterprise_names(
                session, [str(r.get("enterprise_id") or "") for r in records]
            )
            projects: dict[str, str] = {}
            if "project_id" in spec.field_names and records:
                wanted = {str(r["project_id"]) for r in records if r.get("project_id")}
                projects = _project_names(session, wanted)
        return RecordPage(records, enterprises, projects, days)

    def count(
        self,
        spec: LedgerSpec,
        query: LedgerQuery,
        today: date,
        started: Callable[[Interrupt | None], bool] | None = None,
    ) -> int | None:
        """Rows matching ``query``.

        ``started`` is told, just before the count runs, how to interrupt it (None where the
        database cannot be interrupted); when it answers False the count is not run (None).
        """
        rest, extra, indexed = self._conditions(spec, query, counting=True)
        with self.database.session() as session:
            days = expiry.warning_days(session)
            statement = (
                select(func.count())
                .select_from(spec.model)
                .where(*queries.conditions_for(spec, rest, today, days), *extra)
            )
            self._attach(session, indexed)
            driver = session.connection().connection.driver_connection
            interrupt = driver.interrupt if isinstance(driver, sqlite3.Connection) else None
            if started is not None and not started(interrupt):
                return None
            return int(session.scalar(statement) or 0)

    def warning_days(self) -> int:
        """The expiry rule's setting (days before expiry that a certificate is expiring)."""
        with self.database.session() as session:
            return expiry.warning_days(session)

    def history(self, record_id: str) -> list[dict[str, Any]]:
        """A record's audit trail, oldest first (as ``quality-desk record show --history``)."""
        with self.database.session() as session:
            return audit.history(session, record_id)

    def reference_names(self) -> ReferenceNames:
        """Names of townships, categories and targets by code, for labels beside codes."""
        with self.database.session() as session:
            townships = {t.code: t.name_zh for t in reference.townships(session)}
            categories = {
                c.code: (c.group, c.label_zh, c.label_en) for c in reference.categories(session)
            }
            targets = {t.id: (t.name_zh, t.name_en) for t in reference.targets(session)}
        return ReferenceNames(townships, categories, targets)

    # ---- pickers -------------------------------------------------------------------------------

    def enterprises(self, text: str, limit: int = PICKER_SUGGESTIONS) -> list[EnterpriseChoice]:
        """Live enterprises whose name or credit code contains ``text`` (as one term), by name."""
        term = text.strip()
        statement = select(Enterprise.id, Enterprise.name, Enterprise.credit_code).where(
            Enterprise.deleted.is_(False)
        )
        if term:
            statement = statement.where(search_terms.enterprise_matches(term))
        statement = statement.order_by(Enterprise.name).limit(limit)
        with self.database.session() as session:
            return [EnterpriseChoice(*row) for row in session.execute(statement)]

    def enterprise_label(self, enterprise_id: str) -> str:
        """``name(credit code)`` of an enterprise, or its id when there is none."""
        with self.database.session() as session:
            row = session.get(Enterprise, enterprise_id)
            return (
                EnterpriseChoice(row.id, row.name, row.credit_code).label if row else enterprise_id
            )

    def projects(self, limit: int = PROJECT_CHOICES) -> list[ProjectChoice]:
        """Live projects by name, for a form's project list."""
        statement = (
            select(Project.id, Project.name)
            .where(Project.deleted.is_(False))
            .order_by(Project.name)
            .limit(limit)
        )
        with self.database.session() as session:
            return [ProjectChoice(*row) for row in session.execute(statement)]

    def project_name(self, project_id: str) -> str | None:
        with self.database.session() as session:
            return _project_names(session, {project_id}).get(project_id)

    def progress_series(self, project_id: str) -> list[ProgressPoint]:
        """A project's live monthly progress, by month."""
        statement = (
            select(
                ProjectProgress.period,
                ProjectProgress.percent_complete,
                ProjectProgress.investment_to_date,
            )
            .where(ProjectProgress.project_id == project_id, ProjectProgress.deleted.is_(False))
            .order_by(ProjectProgress.period)
        )
        with self.database.session() as session:
            rows = session.execute(statement).all()
        return [ProgressPoint(period, float(pct), float(inv or 0)) for period, pct, inv in rows]

    # ---- the status bar ------------------------------------------------------------------------

    def status(self, ledgers: Iterable[str]) -> StatusFigures:
        """Live records of ``ledgers`` (as ``quality-desk stats`` counts them) and sync dates."""
        with self.database.session() as session:
            totals = stats.record_counts(session)["total"]
        counts = {name: int(totals.get(name, 0)) for name in ledgers}
        tables = set(inspect(self.database.engine).get_table_names())
        values: list[str | None] = []
        for column in (SyncOutbox.created_at, SyncInbox.imported_at):
            if column.class_.__tablename__ not in tables:
                values.append(None)
                continue
            with self.database.session() as session:
                value = session.scalar(select(func.max(column)))
            values.append(str(value)[:16] if value else None)
        return StatusFigures(counts, values[0], values[1])


def _project_names(session: Session, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    statement = select(Project.id, Project.name).where(Project.id.in_(ids))
    return {row.id: row.name for row in session.execute(statement)}
