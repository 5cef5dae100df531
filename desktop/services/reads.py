"""The window's one way into the ledgers: every read a screen makes, returning plain typed rows.

Table models, forms, pickers, history dialogs, reference labels and the status bar call
:class:`LedgerReads` (off the GUI thread
where the read can be slow) and never see a session, a model class or a SQL statement, so what a
filter, a count or a search means is decided here and in :mod:`desktop.services.queries` only.
Pages are read by keyset after the page before them where the sort allows it, else by offset;
free text uses the search index when one is given and fresh (results are the same either way).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Select, Table, func, inspect, literal_column, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from desktop.db import Database, sqlite_file
from desktop.models import Enterprise, Project, ProjectProgress, SyncInbox, SyncOutbox
from desktop.services import audit, expiry, queries, reference, search_terms, stats
from desktop.services.cancel import ReadCancel, cancellable
from desktop.services.fields import LedgerSpec
from desktop.services.first_page import Reference
from desktop.services.narrowing import NARROW_ROWS, Matches, Narrowing, rowid_condition
from desktop.services.queries import LedgerQuery
from desktop.services.search_index import SearchIndex, SearchPlan, exact_condition

PICKER_SUGGESTIONS = 20
READ_CACHE_KIB = 16384
"""Page cache of a connection that has read ledger pages or counts (KiB; SQLite: 2000).
Measured at 1.5 M rows: a keystroke's first page 12.0 → 10.2 ms CPU."""
_CACHE_SIZED = "quality_desk_read_cache_kib"
PROJECT_CHOICES = 2000
"""Projects offered in a form's project list (a project beyond them is added when shown)."""


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
        return f"{self.name}（{self.credit_code}）"


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
class StatusFigures:
    """What the status bar shows: live records per ledger and the last export and import."""

    counts: dict[str, int]
    last_export: str | None
    """``YYYY-MM-DD HH:MM`` or None (never)."""
    last_import: str | None


class LedgerReads:
    """Reads of one database for the window (``search``: the free-text index, SQLite only).

    On a SQLite file the matches of a text are remembered when they are few
    (:mod:`desktop.services.narrowing`), so the next keystroke that extends the text reads
    only those rows; so are the last counts, until the next commit. Connections that read pages
    and counts keep :data:`READ_CACHE_KIB` of the database's pages (SQLite's default is 2 MB):
    the newest rows in display order, which every search walks first, stay in memory.
    """

    def __init__(self, database: Database, search: SearchIndex | None = None) -> None:
        self.database = database
        self.search = search
        path = sqlite_file(database)
        self.narrowing = Narrowing(path) if path is not None else None
        self._known_days: tuple[int, int] | None = None
        """(data_version, the expiry rule's setting) as last read."""

    # ---- pages and counts ----------------------------------------------------------------------

    def _conditions(
        self,
        spec: LedgerSpec,
        query: LedgerQuery,
        counting: bool = False,
        narrowed: Matches | None = None,
    ) -> tuple[LedgerQuery, list[ColumnElement[bool]], SearchPlan | None]:
        """The query left for :mod:`queries`, extra conditions, and the index's plan if used."""
        table = spec.model.__table__
        extra: list[ColumnElement[bool]] = [
            table.c[name] == value for name, value in query.extra.items()
        ]
        words = search_terms.search_words(query.text)
        if narrowed is not None and words:
            extra.append(exact_condition(spec, words))
            extra.append(rowid_condition(spec.model.__tablename__, narrowed.rowids))
            return replace(query, text=""), extra, None
        plan = (
            self.search.plan(
                spec, query.text, ordered_page=not counting and _ordered_by_index(spec, query)
            )
            if self.search and words
            else None
        )
        if plan is None:
            return query, extra, None
        if counting:
            extra.extend(plan.count_conditions())
        else:
            extra.extend(plan.page_conditions(ordered=_ordered_by_index(spec, query)))
        return replace(query, text=""), extra, plan

    def _attach(self, session: Session, plan: SearchPlan | None) -> None:
        if plan is not None and self.search is not None:
            self.search.attach(session.connection())

    def page_statement(
        self,
        spec: LedgerSpec,
        query: LedgerQuery,
        today: date,
        after: dict[str, Any] | None = None,
        warning_days: int = expiry.EXPIRY_WARNING_DAYS,
        narrowed: Matches | None = None,
    ) -> tuple[Select[Any], bool]:
        """The SELECT of one page's ids, and whether it reads the search index.

        ``after`` is the last record of the page before (keyset paging; see :meth:`can_follow`);
        ``narrowed`` the remembered matches of a text this one extends.
        """
        rest, extra, plan = self._conditions(spec, query, narrowed=narrowed)
        if after is not None:
            rest = rest.page(0, rest.limit)
            extra.append(queries.after_condition(spec, query, after))
        statement = queries.select_ids(spec, rest, today, warning_days).where(*extra)
        return statement, plan is not None

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
        cancel: ReadCancel | None = None,
    ) -> RecordPage:
        """One page of ``query`` (``after``: the last record of the page before it).

        ``cancel`` lets another thread stop the read (it then raises
        :class:`~desktop.services.cancel.ReadCancelledError`).
        """
        with cancellable(cancel):
            page = self._page(spec, query, today, after, cancel, narrow=True)
            if page is None:  # the database changed under a narrowed read: read it again
                page = self._page(spec, query, today, after, cancel, narrow=False)
            assert page is not None
            return page

    def _page(
        self,
        spec: LedgerSpec,
        query: LedgerQuery,
        today: date,
        after: dict[str, Any] | None,
        cancel: ReadCancel | None,
        narrow: bool,
    ) -> RecordPage | None:
        words = search_terms.search_words(query.text)
        narrowing = self.narrowing if words else None
        version = self.narrowing.version() if self.narrowing is not None else 0
        with self.database.session() as session:
            self._keep_pages(session)
            days = self._warning_days(session, version)
            key = _narrow_key(spec, query, today, days)
            narrowed = (
                narrowing.find(key, words, version) if narrowing is not None and narrow else None
            )
            statement, indexed = self.page_statement(spec, query, today, after, days, narrowed)
            # The whole records in the one statement that finds them (no second read by id).
            table = spec.model.__table__
            names = queries.record_names(spec)
            columns: list[Any] = [table.c[name] for name in names]
            firm = _SHOWN_FIRM if "enterprise_id" in spec.field_names else None
            if firm is not None:  # the enterprise's name and code beside each record
                columns += [firm.c.name, firm.c.credit_code]
            if narrowing is not None:  # SQLite: the rowids, to remember the matches by
                columns.append(literal_column(f"{spec.model.__tablename__}.rowid"))
            statement = statement.with_only_columns(*columns)
            if firm is not None:
                statement = statement.outerjoin(firm, firm.c.id == table.c.enterprise_id)
            if indexed and self.search is not None:
                self.search.attach(session.connection())
            with cancel.running(session) if cancel is not None else nullcontext():
                # plain Core rows: the ORM's result layer adds nothing to a list of columns
                found = session.connection().execute(statement).all()
                records = [queries.record_of(spec, names, row[: len(names)]) for row in found]
                enterprises: dict[str, tuple[str, str]] = {}
                if firm is not None:
                    width = len(names)
                    for record, row in zip(records, found, strict=True):
                        if row[width] is not None:
                            enterprises[str(record["enterprise_id"])] = (row[width], row[width + 1])
                projects: dict[str, str] = {}
                if "project_id" in spec.field_names and records:
                    wanted = {str(r["project_id"]) for r in records if r.get("project_id")}
                    projects = _project_names(session, wanted)
        if narrowing is not None:
            if narrowing.version() != version:
                if narrowed is not None:
                    return None
            elif after is None and query.offset == 0 and len(found) < query.limit:
                # the page holds every match: the next keystroke reads only these rows
                narrowing.remember(key, words, [int(row[-1]) for row in found], version)
        return RecordPage(records, enterprises, projects, days)

    def count(
        self,
        spec: LedgerSpec,
        query: LedgerQuery,
        today: date,
        cancel: ReadCancel | None = None,
    ) -> int:
        """Rows matching ``query``; ``cancel`` lets another thread stop it (as :meth:`page`)."""
        with cancellable(cancel):
            total = self._count(spec, query, today, cancel, narrow=True)
            if total is None:  # the database changed under a narrowed count
                total = self._count(spec, query, today, cancel, narrow=False)
            assert total is not None
            return total

    def _count(
        self,
        spec: LedgerSpec,
        query: LedgerQuery,
        today: date,
        cancel: ReadCancel | None,
        narrow: bool,
    ) -> int | None:
        words = search_terms.search_words(query.text)
        narrowing = self.narrowing if words else None
        version = self.narrowing.version() if self.narrowing is not None else 0
        listed: list[int] | None = None
        with self.database.session() as session:
            self._keep_pages(session)
            days = self._warning_days(session, version)
            key = _narrow_key(spec, query, today, days)
            counted_key = (key, tuple(words))
            if self.narrowing is not None:  # counted a moment ago, and nobody wrote since
                known = self.narrowing.counted(counted_key, version)
                if known is not None:
                    return known
            narrowed = (
                narrowing.find(key, words, version) if narrowing is not None and narrow else None
            )
            rest, extra, plan = self._conditions(spec, query, True, narrowed)
            conditions = [*queries.conditions_for(spec, rest, today, days), *extra]
            self._attach(session, plan)
            # Few matches expected: list them (the next keystroke is narrowed to them).
            listing = narrowing is not None and (
                narrowed is not None or (plan is not None and plan.mode == "lookup")
            )
            with cancel.running(session) if cancel is not None else nullcontext():
                if listing:
                    rowid: ColumnElement[int] = literal_column(f"{spec.model.__tablename__}.rowid")
                    statement = (
                        select(rowid)
                        .select_from(spec.model)
                        .where(*conditions)
                        .limit(NARROW_ROWS + 1)
                    )
                    listed = [int(value) for value in session.scalars(statement)]
                if listed is not None and len(listed) <= NARROW_ROWS:
                    total = len(listed)
                else:
                    listed = None
                    statement = select(func.count()).select_from(spec.model).where(*conditions)
                    total = int(session.scalar(statement) or 0)
        if self.narrowing is not None:
            if self.narrowing.version() != version:
                if narrowed is not None:
                    return None
            else:
                self.narrowing.remember_count(counted_key, total, version)
                if narrowing is not None and listed is not None:
                    narrowing.remember(key, words, listed, version)
        return total

    def _keep_pages(self, session: Session) -> None:
        """Give the session's SQLite connection a page cache of READ_CACHE_KIB (once)."""
        if self.narrowing is None:
            return
        connection = session.connection()
        info = connection.info
        if info.get(_CACHE_SIZED) != READ_CACHE_KIB:
            connection.exec_driver_sql(f"PRAGMA main.cache_size = -{READ_CACHE_KIB}")
            info[_CACHE_SIZED] = READ_CACHE_KIB

    def _warning_days(self, session: Session, version: int) -> int:
        """The expiry rule's setting, read again only after a commit (on SQLite, where
        ``version`` is the database's ``data_version``; elsewhere on every read)."""
        known = self._known_days
        if self.narrowing is not None and known is not None and known[0] == version:
            return known[1]
        days = expiry.warning_days(session)
        if self.narrowing is not None:
            self._known_days = (version, days)
        return days

    def warning_days(self) -> int:
        """The expiry rule's setting (days before expiry that a certificate is expiring)."""
        with self.database.session() as session:
            return expiry.warning_days(session)

    def history(self, record_id: str) -> list[dict[str, Any]]:
        """A record's audit trail, oldest first (as ``quality-desk record show --history``)."""
        with self.database.session() as session:
            return audit.history(session, record_id)

    def reference_names(self) -> Reference:
        """Names of townships, categories and targets by code, for labels beside codes."""
        with self.database.session() as session:
            townships = {t.code: t.name_zh for t in reference.townships(session)}
            categories = {
                c.code: (c.group, c.label_zh, c.label_en) for c in reference.categories(session)
            }
            targets = {t.id: (t.name_zh, t.name_en) for t in reference.targets(session)}
        return Reference(townships, categories, targets)

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


_SHOWN_FIRM = Enterprise.__table__.alias("shown_firm")
"""The enterprise a page's record belongs to, joined to show its name (an alias: the search
conditions look enterprises up on their own)."""


def _ordered_by_index(spec: LedgerSpec, query: LedgerQuery) -> bool:
    """Whether an index of the ledger leads with the column the query sorts by."""
    name = queries.sort_name(spec, query)
    table: Table = spec.model.__table__  # type: ignore[assignment]
    return any(index.columns and next(iter(index.columns)).name == name for index in table.indexes)


def _narrow_key(spec: LedgerSpec, query: LedgerQuery, today: date, days: int) -> Hashable:
    """Everything but the text that decides which rows a query matches (not order or page)."""
    return (
        spec.name,
        today,
        days,
        query.category,
        query.township,
        query.date_from,
        query.date_to,
        query.result,
        query.rectification,
        query.expiring_only,
        query.include_deleted,
        tuple(sorted((name, repr(value)) for name, value in query.extra.items())),
    )


def _project_names(session: Session, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    statement = select(Project.id, Project.name).where(Project.id.in_(ids))
    return {row.id: row.name for row in session.execute(statement)}
