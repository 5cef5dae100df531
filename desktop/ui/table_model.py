"""One table model per ledger: rows come page by page from SQL, sorted and filtered there.

The model never holds every row. A refresh runs off the GUI thread and brings the first page;
the number of matching rows follows in a second step, so the first rows show at once even on a
million-row ledger. Later pages are read on demand (``LIMIT``/``OFFSET``) when the view asks for
them and kept in a small cache of recently used pages.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from desktop.db import Database
from desktop.models import SYNC_COLUMNS, Project
from desktop.services import queries
from desktop.services.fields import Field, Kind, LedgerSpec
from desktop.services.queries import LedgerQuery
from desktop.services.records import json_ready
from desktop.services.search_index import SearchIndex
from desktop.ui.display import ReferenceLabels, format_value, table_fields
from desktop.ui.tasks import ImmediateTaskRunner, TaskRunner

PAGE_SIZE = 100
CACHED_PAGES = 30
SYNC_OFFSET_ROWS = 20 * PAGE_SIZE
"""Pages further down than this, reached by jumping rather than scrolling, load in background."""
OVERDUE_COLOUR = QColor("#fde2e1")
EXPIRING_COLOUR = QColor("#fff1cc")
DELETED_COLOUR = QColor("#9a9a9a")

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Row:
    """One record as the table shows it."""

    record: dict[str, Any]
    cells: tuple[str, ...]
    flag: str | None
    """``overdue``, ``expiring``, ``expired`` or None."""


@dataclass(frozen=True)
class FirstPage:
    generation: int
    rows: list[Row]
    complete: bool
    """True when the page holds every match (so no count is needed)."""


class LedgerTableModel(QAbstractTableModel):
    """Rows of one ledger for a :class:`LedgerQuery`, read lazily from the database."""

    refreshed = Signal()
    """The first page of a new query is shown."""
    counted = Signal(int)
    """The number of rows the query matches is known."""

    def __init__(
        self,
        spec: LedgerSpec,
        database: Database,
        labels: ReferenceLabels,
        runner: TaskRunner,
        language: str = "zh",
        today: Callable[[], date] = date.today,
        parent: QObject | None = None,
        search: SearchIndex | None = None,
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self.database = database
        self.labels = labels
        self.runner = runner
        self.language = language
        self._today = today
        self.columns: tuple[Field, ...] = table_fields(spec)
        self._query = LedgerQuery(limit=PAGE_SIZE)
        self._rows = 0
        self._total: int | None = None
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        self._generation = 0
        self._loading: set[int] = set()
        self.search = search
        self._counter = (
            ImmediateTaskRunner() if isinstance(runner, ImmediateTaskRunner) else TaskRunner(self)
        )
        """Counts run on their own queue so that page reads never wait behind them."""
        self._count_lock = threading.Lock()
        self._counting: tuple[int, sqlite3.Connection | None] | None = None

    # ---- the query -----------------------------------------------------------------------------

    @property
    def query(self) -> LedgerQuery:
        return self._query

    @property
    def total(self) -> int | None:
        """Rows matching the query, once counted."""
        return self._total

    def set_query(self, query: LedgerQuery) -> None:
        self._query = replace(query, offset=0, limit=PAGE_SIZE)
        self.refresh()

    def set_language(self, language: str) -> None:
        self.language = language
        self.refresh()

    def refresh(self) -> None:
        """Read the first page again (after a filter change or a write), off the GUI thread."""
        self._generation += 1
        self._interrupt_count()
        generation, query, today = self._generation, self._query, self._today()
        self.runner.run(lambda: self._first_page(generation, query, today), self._show_first)

    def _first_page(self, generation: int, query: LedgerQuery, today: date) -> FirstPage:
        rows = self._read(query.page(0, PAGE_SIZE), today)
        return FirstPage(generation, rows, len(rows) < PAGE_SIZE)

    def _show_first(self, page: FirstPage) -> None:
        if page.generation != self._generation:
            return
        self.beginResetModel()
        self._pages.clear()
        self._loading.clear()
        self._pages[0] = page.rows
        self._rows = len(page.rows)
        self._total = len(page.rows) if page.complete else None
        self.endResetModel()
        self.refreshed.emit()
        if page.complete:
            self.counted.emit(self._rows)
            return
        generation, query, today = self._generation, self._query, self._today()
        self._counter.run(
            lambda: (generation, self._count(generation, query, today)),
            self._show_count,
            lambda error: self._count_failed(generation, error),
        )

    def _extra(self, query: LedgerQuery) -> list[ColumnElement[bool]]:
        """Equality conditions fixed by the screen (e.g. the progress of one project)."""
        table = self.spec.model.__table__
        return [table.c[name] == value for name, value in query.extra.items()]

    def _conditions(
        self, query: LedgerQuery, counting: bool = False
    ) -> tuple[LedgerQuery, list[ColumnElement[bool]], bool]:
        """The query left for :mod:`queries`, extra conditions, and whether the index is used."""
        plan = (
            self.search.plan(self.spec, query.text, exact=counting)
            if self.search and query.text
            else None
        )
        if plan is None:
            return query, self._extra(query), False
        conditions = [*self._extra(query), plan.verify]
        if plan.count_by_candidates if counting else not plan.dense:
            conditions.append(plan.candidates)
        return replace(query, text=""), conditions, True

    def _session_for(self, session: Session, indexed: bool) -> None:
        if indexed and self.search is not None:
            self.search.attach(session.connection())

    def _count(self, generation: int, query: LedgerQuery, today: date) -> int | None:
        """Rows matching ``query``; None when a newer query made it pointless (interrupted)."""
        if generation != self._generation:
            return None
        model = self.spec.model
        rest, extra, indexed = self._conditions(query, counting=True)
        statement = (
            select(func.count())
            .select_from(model)
            .where(*queries.conditions_for(self.spec, rest, today), *extra)
        )
        with self.database.session() as session:
            self._session_for(session, indexed)
            driver = session.connection().connection.driver_connection
            interruptible = driver if isinstance(driver, sqlite3.Connection) else None
            with self._count_lock:
                self._counting = (generation, interruptible)
            try:
                if generation != self._generation:
                    return None
                return int(session.scalar(statement) or 0)
            finally:
                with self._count_lock:
                    self._counting = None

    def _interrupt_count(self) -> None:
        """Stop a count that a newer query has made pointless (SQLite only)."""
        with self._count_lock:
            if self._counting is not None:
                generation, connection = self._counting
                if generation != self._generation and connection is not None:
                    connection.interrupt()

    def _count_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return  # interrupted or outdated: a newer query is on its way
        handler = self.runner.on_unhandled
        if handler is None:
            raise error
        handler(error)

    def _show_count(self, result: tuple[int, int | None]) -> None:
        generation, total = result
        if generation != self._generation or total is None:
            return
        self._total = total
        if total > self._rows:
            self.beginInsertRows(QModelIndex(), self._rows, total - 1)
            self._rows = total
            self.endInsertRows()
        elif total < self._rows:
            self.beginRemoveRows(QModelIndex(), total, self._rows - 1)
            self._rows = total
            self.endRemoveRows()
        self.counted.emit(total)

    # ---- reading pages -------------------------------------------------------------------------

    def _read(
        self, query: LedgerQuery, today: date, after: dict[str, Any] | None = None
    ) -> list[Row]:
        """One page; ``after`` is the last record of the previous page (keyset paging)."""
        spec = self.spec
        statement, indexed = self.page_statement(query, today, after)
        with self.database.session() as session:
            self._session_for(session, indexed)
            ids = list(session.scalars(statement))
            records = _fetch_records(session, spec, ids)
            enterprises = queries.enterprise_names(
                session, [str(r.get("enterprise_id") or "") for r in records]
            )
            projects: dict[str, str] = {}
            if "project_id" in spec.field_names and records:
                wanted = {str(r["project_id"]) for r in records if r.get("project_id")}
                names = select(Project.id, Project.name).where(Project.id.in_(wanted))
                projects = {row.id: row.name for row in session.execute(names)}
        return [self._row(record, enterprises, projects, today) for record in records]

    def page_statement(
        self, query: LedgerQuery, today: date, after: dict[str, Any] | None = None
    ) -> tuple[Select[str], bool]:
        """The SELECT of one page's ids, and whether it reads the search index."""
        rest, extra, indexed = self._conditions(query)
        if after is not None:
            rest = rest.page(0, rest.limit)
            extra.append(self._after(query, after))
        return queries.select_ids(self.spec, rest, today).where(*extra), indexed

    def _sort_name(self, query: LedgerQuery) -> str:
        spec = self.spec
        sort = query.sort or spec.date_field or "updated_at"
        if sort not in spec.field_names and sort not in ("updated_at", "created_at", "hlc"):
            sort = spec.date_field or "updated_at"
        return sort

    def _keyset_value(self, query: LedgerQuery, record: dict[str, Any]) -> Any:
        """The sort value of a record as a bind value, or None when keyset paging cannot help."""
        name = self._sort_name(query)
        value = record.get(name)
        if value is None or self.spec.model.__table__.c[name].nullable:
            return None  # NULLs sort apart from the values: only offsets find them
        if name in ("updated_at", "created_at"):
            return datetime.fromisoformat(str(value))
        if name in self.spec.field_names:
            kind = self.spec.field(name).kind
            if kind is Kind.DATE:
                return date.fromisoformat(str(value))
            if kind is Kind.ITEMS:
                return None
        return value

    def _after(self, query: LedgerQuery, record: dict[str, Any]) -> ColumnElement[bool]:
        """Rows that sort after ``record`` (same order as ``queries.select_ids``)."""
        table = self.spec.model.__table__
        column = table.c[self._sort_name(query)]
        value = self._keyset_value(query, record)
        ident = table.c.id
        if query.descending:
            return or_(column < value, and_(column == value, ident < record["id"]))
        return or_(column > value, and_(column == value, ident > record["id"]))

    def _row(
        self,
        record: dict[str, Any],
        enterprises: dict[str, tuple[str, str]],
        projects: dict[str, str],
        today: date,
    ) -> Row:
        cells = tuple(
            format_value(
                fld, record.get(fld.name), self.labels, self.language, enterprises, projects
            )
            for fld in self.columns
        )
        return Row(record, cells, row_flag(self.spec, record, today))

    def _page(self, number: int, wait: bool = True) -> list[Row] | None:
        """Page ``number``: cached, read by keyset after the page before it, or by offset.

        Offset reads far into a big ledger are slow, so unless ``wait`` they run in the
        background and the rows appear when they arrive.
        """
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        previous = self._pages.get(number - 1)
        after = previous[-1].record if previous else None
        if after is not None and self._keyset_value(self._query, after) is None:
            after = None
        query, today = self._query.page(number * PAGE_SIZE, PAGE_SIZE), self._today()
        if after is None and not wait and number * PAGE_SIZE > SYNC_OFFSET_ROWS:
            self._load_later(number, query, today)
            return None
        page = self._read(query, today, after)
        self._store(number, page)
        return page

    def _store(self, number: int, page: list[Row]) -> None:
        self._pages[number] = page
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)

    def _load_later(self, number: int, query: LedgerQuery, today: date) -> None:
        if number in self._loading:
            return
        self._loading.add(number)
        generation = self._generation

        def done(page: list[Row]) -> None:
            self._loading.discard(number)
            if generation != self._generation:
                return
            self._store(number, page)
            first = number * PAGE_SIZE
            last = min(self._rows, first + len(page)) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.columns) - 1))

        self.runner.run(lambda: self._read(query, today), done)

    def row_at(self, row: int, wait: bool = True) -> Row | None:
        if not 0 <= row < self._rows:
            return None
        page = self._page(row // PAGE_SIZE, wait)
        if page is None:
            return None
        offset = row % PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def record_id(self, row: int) -> str | None:
        found = self.row_at(row)
        return str(found.record["id"]) if found else None

    def row_of(self, record_id: str) -> int | None:
        """Row number of a record among the cached pages (None when not loaded)."""
        for number, page in self._pages.items():
            for offset, row in enumerate(page):
                if row.record["id"] == record_id:
                    return number * PAGE_SIZE + offset
        return None

    @property
    def cached_pages(self) -> int:
        return len(self._pages)

    # ---- Qt model interface --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].label(self.language)
            if role == Qt.ItemDataRole.UserRole:
                return self.columns[section].name
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.column() < len(self.columns):
            return None
        row = self.row_at(index.row(), wait=False)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return row.cells[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return row.record["id"]
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.flag == "overdue" or row.flag == "expired":
                return QBrush(OVERDUE_COLOUR)
            if row.flag == "expiring":
                return QBrush(EXPIRING_COLOUR)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and row.record.get("deleted"):
            return QBrush(DELETED_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole:
            return flag_text(row.flag, self.language)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            kind = self.columns[index.column()].kind
            if kind in (Kind.INT, Kind.FLOAT):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.set_query(
            replace(
                self._query,
                sort=self.columns[column].name,
                descending=order == Qt.SortOrder.DescendingOrder,
            )
        )


def _fetch_records(session: Session, spec: LedgerSpec, ids: list[str]) -> list[dict[str, Any]]:
    """Records for ids, in that order, as plain data (a Core select: no ORM objects to build)."""
    if not ids:
        return []
    table = spec.model.__table__
    names = (*SYNC_COLUMNS, *spec.field_names)
    statement = select(*(table.c[name] for name in names)).where(table.c.id.in_(ids))
    found = {}
    for row in session.execute(statement):
        record: dict[str, Any] = {"ledger": spec.name}
        record.update(zip(names, (json_ready(value) for value in row), strict=True))
        found[record["id"]] = record
    return [found[i] for i in ids if i in found]


def row_flag(spec: LedgerSpec, record: dict[str, Any], today: date) -> str | None:
    """Why a row needs attention: an overdue rectification or a certification about to expire."""
    if spec.name == "inspections" and record.get("rectification_status") == "pending":
        deadline = record.get("rectification_deadline")
        if deadline and str(deadline) < today.isoformat():
            return "overdue"
    if spec.name == "certifications" and record.get("expiry_date"):
        expiry = str(record["expiry_date"])
        if expiry < today.isoformat():
            return "expired"
        if expiry <= (today + timedelta(days=queries.EXPIRY_WARNING_DAYS)).isoformat():
            return "expiring"
    return None


def flag_text(flag: str | None, language: str) -> str | None:
    texts = {
        "overdue": ("整改已逾期", "Rectification overdue"),
        "expired": ("证书已过期", "Expired"),
        "expiring": ("60天内到期", "Expires within 60 days"),
    }
    if flag not in texts:
        return None
    zh, en = texts[flag]
    return en if language == "en" else zh
