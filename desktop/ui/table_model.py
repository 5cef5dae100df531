"""One table model per ledger: rows come page by page from SQL, sorted and filtered there.

The model never holds every row. A refresh runs off the GUI thread and brings the first page;
the number of matching rows follows in a second step, so the first rows show at once even on a
million-row ledger. Later pages are read on demand (``LIMIT``/``OFFSET``) when the view asks for
them and kept in a small cache of recently used pages.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
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

from desktop.db import Database
from desktop.services.expiry import EXPIRY_WARNING_DAYS
from desktop.services.fields import Field, Kind, LedgerSpec, row_state_text
from desktop.services.queries import LedgerQuery
from desktop.services.reads import Interrupt, LedgerReads
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
    warning_days: int = EXPIRY_WARNING_DAYS
    """The expiry rule's setting the flag was decided with (the tooltip names it)."""


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
        self.reads = LedgerReads(database, search)
        """Every read of the model goes through the services' read facade."""
        self._counter = (
            ImmediateTaskRunner() if isinstance(runner, ImmediateTaskRunner) else TaskRunner(self)
        )
        """Counts run on their own queue so that page reads never wait behind them."""
        self._count_lock = threading.Lock()
        self._counting: tuple[int, Interrupt | None] | None = None

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

    def _first_page(self, generation: int, query: LedgerQuery, today: date) -> FirstPage | None:
        if generation != self._generation:
            # The clerk typed on while this waited in the queue: its rows would never be shown,
            # so the next keystroke's read starts now instead of after this one.
            return None
        rows = self._read(query.page(0, PAGE_SIZE), today)
        return FirstPage(generation, rows, len(rows) < PAGE_SIZE)

    def _show_first(self, page: FirstPage | None) -> None:
        if page is None or page.generation != self._generation:
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

    def _count(self, generation: int, query: LedgerQuery, today: date) -> int | None:
        """Rows matching ``query``; None when a newer query made it pointless (interrupted)."""
        if generation != self._generation:
            return None

        def started(interrupt: Interrupt | None) -> bool:
            with self._count_lock:
                self._counting = (generation, interrupt)
            return generation == self._generation

        try:
            return self.reads.count(self.spec, query, today, started)
        finally:
            with self._count_lock:
                self._counting = None

    def _interrupt_count(self) -> None:
        """Stop a count that a newer query has made pointless (SQLite only)."""
        with self._count_lock:
            if self._counting is not None:
                generation, interrupt = self._counting
                if generation != self._generation and interrupt is not None:
                    interrupt()

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
        page = self.reads.page(self.spec, query, today, after)
        return [
            self._row(record, page.enterprises, page.projects, today, page.warning_days)
            for record in page.records
        ]

    def _row(
        self,
        record: dict[str, Any],
        enterprises: dict[str, tuple[str, str]],
        projects: dict[str, str],
        today: date,
        warning_days: int,
    ) -> Row:
        cells = tuple(
            format_value(
                fld, record.get(fld.name), self.labels, self.language, enterprises, projects
            )
            for fld in self.columns
        )
        return Row(record, cells, row_flag(self.spec, record, today, warning_days), warning_days)

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
        if after is not None and not self.reads.can_follow(self.spec, self._query, after):
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
            return flag_text(row.flag, self.language, row.warning_days)
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


def row_flag(
    spec: LedgerSpec,
    record: dict[str, Any],
    today: date,
    warning_days: int = EXPIRY_WARNING_DAYS,
) -> str | None:
    """Why a row needs attention: the ledger spec's row state (overdue, expiring, expired)."""
    return spec.state(record, today, warning_days)


def flag_text(
    flag: str | None, language: str, warning_days: int = EXPIRY_WARNING_DAYS
) -> str | None:
    return row_state_text(flag, language, warning_days)
