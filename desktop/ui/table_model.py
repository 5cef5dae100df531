"""One table model per ledger: rows come page by page from SQL, sorted and filtered there.

The model never holds every row. A refresh runs off the GUI thread and brings the first page;
the number of matching rows follows in a second step, so the first rows show at once even on a
million-row ledger. Later pages are read on demand (``LIMIT``/``OFFSET``) when the view asks for
them and kept in a small cache of recently used pages.
"""

from __future__ import annotations

import weakref
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
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush

from desktop.db import Database
from desktop.services.cancel import ReadCancel, ReadCancelledError
from desktop.services.expiry import EXPIRY_WARNING_DAYS
from desktop.services.fields import Field, Kind, LedgerSpec, row_state_text
from desktop.services.first_page import PAGE_ROWS
from desktop.services.queries import LedgerQuery
from desktop.services.reads import LedgerReads
from desktop.services.search_index import SearchIndex
from desktop.ui.display import ReferenceLabels, format_value, table_fields
from desktop.ui.ledger_table import (
    DELETED_COLOUR,
    EXPIRING_COLOUR,
    OVERDUE_COLOUR,
    header_data,
)
from desktop.ui.tasks import ImmediateTaskRunner, TaskRunner

PAGE_SIZE = PAGE_ROWS
CACHED_PAGES = 30
COUNT_DELAY_MS = 200
"""A new text is counted once no key has come for this long (typing at 150 ms a key)."""
SYNC_OFFSET_ROWS = 20 * PAGE_SIZE
"""Pages further down than this, reached by jumping rather than scrolling, load in background."""

Index = QModelIndex | QPersistentModelIndex

_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_USER = int(Qt.ItemDataRole.UserRole.value)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_ANSWERED = frozenset({_DISPLAY, _USER, _BACKGROUND, _FOREGROUND, _TOOLTIP, _ALIGNMENT})
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
OVERDUE_BRUSH = QBrush(OVERDUE_COLOUR)
EXPIRING_BRUSH = QBrush(EXPIRING_COLOUR)
DELETED_BRUSH = QBrush(DELETED_COLOUR)


class Row:
    """One record as the table shows it.

    Its cells are formatted when first asked for (when they are painted or exported): a first
    page is read with a hundred rows and all their columns, of which a screen shows about
    thirty rows and a dozen columns; formatting the rest would only delay the screen after a
    keystroke.
    """

    __slots__ = ("_cells", "_format", "flag", "record", "warning_days", "width")

    def __init__(
        self,
        record: dict[str, Any],
        cells: tuple[str, ...] | CellFormat,
        flag: str | None,
        warning_days: int = EXPIRY_WARNING_DAYS,
    ) -> None:
        self.record = record
        self.flag = flag
        """``overdue``, ``expiring``, ``expired`` or None."""
        self.warning_days = warning_days
        """The expiry rule's setting the flag was decided with (the tooltip names it)."""
        if isinstance(cells, tuple):
            self._cells: list[str | None] = list(cells)
            self._format: CellFormat | None = None
        else:
            self._cells = [None] * len(cells.columns)
            self._format = cells
        self.width = len(self._cells)
        """Cells of the row (one per table column)."""

    def cell(self, column: int) -> str:
        """The value of one column as the clerk reads it."""
        text = self._cells[column]
        if text is None:
            assert self._format is not None
            text = self._cells[column] = self._format(self.record, column)
        return text

    @property
    def cells(self) -> tuple[str, ...]:
        """The record's values as the clerk reads them, one per table column."""
        return tuple(self.cell(column) for column in range(self.width))

    def with_cells(self, cells: tuple[str, ...]) -> Row:
        """The same record shown with other cells."""
        return Row(self.record, cells, self.flag, self.warning_days)


class CellFormat:
    """Formats the cells of one page's rows (the names of its enterprises and projects)."""

    __slots__ = ("columns", "enterprises", "labels", "language", "projects")

    def __init__(
        self,
        columns: tuple[Field, ...],
        labels: ReferenceLabels,
        language: str,
        enterprises: dict[str, tuple[str, str]],
        projects: dict[str, str],
    ) -> None:
        self.columns = columns
        self.labels = labels
        self.language = language
        self.enterprises = enterprises
        self.projects = projects

    def __call__(self, record: dict[str, Any], column: int) -> str:
        fld = self.columns[column]
        return format_value(
            fld, record.get(fld.name), self.labels, self.language, self.enterprises, self.projects
        )


@dataclass(frozen=True)
class FirstPage:
    generation: int
    rows: list[Row]
    complete: bool
    """True when the page holds every match (so no count is needed)."""
    cancel: ReadCancel


class LedgerTableModel(QAbstractTableModel):
    """Rows of one ledger for a :class:`LedgerQuery`, read lazily from the database."""

    refreshed = Signal()
    """The first page of a new query is shown."""
    counted = Signal(int)
    """The number of rows the query matches is known."""
    _index_fresh = Signal()
    """The search index caught up (emitted on the index keeper's thread)."""

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
        self.right_aligned = tuple(fld.kind in (Kind.INT, Kind.FLOAT) for fld in self.columns)
        """Per column: numbers, shown right-aligned."""
        self._query = LedgerQuery(limit=PAGE_SIZE)
        self._rows = 0
        self._total: int | None = None
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        self._generation = 0
        self._loading: set[int] = set()
        self.search = search
        self.reads = LedgerReads(database, search)
        """Every read of the model goes through the services' read facade."""
        immediate = isinstance(runner, ImmediateTaskRunner)
        self._reader = ImmediateTaskRunner() if immediate else TaskRunner(self)
        """First pages and far pages run on a queue of their own: never behind a save, an
        import or another screen's work on the window's queue."""
        self._counter = ImmediateTaskRunner() if immediate else TaskRunner(self)
        """Counts run on their own queue so that page reads never wait behind them."""
        self._cancels: list[ReadCancel] = []
        """Stop switches of the reads running or queued for the current query."""
        self._shown_generation = 0
        self._counted_text: str | None = None
        """The text of the last query counted (a new text is counted when typing pauses)."""
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.timeout.connect(self._start_count)
        if search is not None:
            self._index_fresh.connect(self._index_caught_up)
            search.add_listener(_listener(self))

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
        """Read the first page again (after a filter change or a write), off the GUI thread.

        Whatever still runs for the previous query (its first page, its count, far pages) is
        stopped at once: its rows would never be shown.
        """
        self._generation += 1
        self._count_timer.stop()
        self._cancel_reads()
        generation, query, today = self._generation, self._query, self._today()
        cancel = self._new_cancel()
        self._reader.run(
            lambda: self._first_page(generation, query, today, cancel),
            self._show_first,
            lambda error: self._failed(generation, error),
        )

    def show_records(
        self,
        records: list[dict[str, Any]],
        enterprises: dict[str, tuple[str, str]],
        projects: dict[str, str],
        warning_days: int,
        complete: bool,
    ) -> None:
        """Show records read elsewhere as the current query's first pages (the launcher's first
        page and what the clerk scrolled through, read before this model existed:
        :mod:`desktop.services.first_page`); ``complete``: they are every match. A read still on
        its way for the query is stopped; the count follows as after any first page."""
        self._generation += 1
        self._count_timer.stop()
        self._cancel_reads()
        today = self._today()
        rows = [self._row(record, enterprises, projects, today, warning_days) for record in records]
        self._show_first(FirstPage(self._generation, rows, complete, self._new_cancel()))

    def _index_caught_up(self) -> None:
        """A first page still being read for a text may be searching without the index (it was
        stale: someone wrote meanwhile); read it again with the index, which is far quicker."""
        if self._shown_generation != self._generation and self._query.text.strip():
            self.refresh()

    def wait(self, timeout_ms: int = 30000) -> bool:
        """Block until the model's queued reads and counts have run (on close and in tests)."""
        return self._reader.wait(timeout_ms) and self._counter.wait(timeout_ms)

    def _new_cancel(self) -> ReadCancel:
        cancel = ReadCancel()
        self._cancels.append(cancel)
        return cancel

    def _cancel_reads(self) -> None:
        cancels, self._cancels = self._cancels, []
        for cancel in cancels:
            cancel.cancel()

    def _done_with(self, cancel: ReadCancel) -> None:
        if cancel in self._cancels:
            self._cancels.remove(cancel)

    def _first_page(
        self, generation: int, query: LedgerQuery, today: date, cancel: ReadCancel
    ) -> FirstPage | None:
        if generation != self._generation or cancel.cancelled:
            # The clerk typed on while this waited in the queue: its rows would never be shown,
            # so the next keystroke's read starts now instead of after this one.
            return None
        try:
            rows = self._read(query.page(0, PAGE_SIZE), today, cancel=cancel)
        except ReadCancelledError:
            return None
        return FirstPage(generation, rows, len(rows) < PAGE_SIZE, cancel)

    def _show_first(self, page: FirstPage | None) -> None:
        if page is None:
            return
        self._done_with(page.cancel)
        if page.generation != self._generation:
            return
        self._shown_generation = page.generation
        self.beginResetModel()
        self._pages.clear()
        self._loading.clear()
        for start in range(0, max(len(page.rows), 1), PAGE_SIZE):  # one page, unless handed more
            self._pages[start // PAGE_SIZE] = page.rows[start : start + PAGE_SIZE]
        self._rows = len(page.rows)
        self._total = len(page.rows) if page.complete else None
        self.endResetModel()
        self.refreshed.emit()
        if page.complete:
            self.counted.emit(self._rows)
            return
        if self._query.text != self._counted_text and not isinstance(
            self._counter, ImmediateTaskRunner
        ):
            # The clerk is typing: count once the typing pauses, so that counts of texts about
            # to change do not take the processor from the next keystroke's page.
            self._count_timer.start(COUNT_DELAY_MS)
            return
        self._start_count()

    def _start_count(self) -> None:
        if self._shown_generation != self._generation:
            return  # a newer query is being read; it counts when shown
        generation, query, today = self._generation, self._query, self._today()
        self._counted_text = query.text
        cancel = self._new_cancel()
        self._counter.run(
            lambda: (generation, self._count(generation, query, today, cancel), cancel),
            self._show_count,
            lambda error: self._failed(generation, error),
        )

    def _count(
        self, generation: int, query: LedgerQuery, today: date, cancel: ReadCancel
    ) -> int | None:
        """Rows matching ``query``; None when a newer query made it pointless (stopped)."""
        if generation != self._generation or cancel.cancelled:
            return None
        try:
            return self.reads.count(self.spec, query, today, cancel)
        except ReadCancelledError:
            return None

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return  # outdated: a newer query is on its way
        handler = self.runner.on_unhandled
        if handler is None:
            raise error
        handler(error)

    def _show_count(self, result: tuple[int, int | None, ReadCancel]) -> None:
        generation, total, cancel = result
        self._done_with(cancel)
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
        self,
        query: LedgerQuery,
        today: date,
        after: dict[str, Any] | None = None,
        cancel: ReadCancel | None = None,
    ) -> list[Row]:
        """One page; ``after`` is the last record of the previous page (keyset paging)."""
        page = self.reads.page(self.spec, query, today, after, cancel)
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
        cells = CellFormat(self.columns, self.labels, self.language, enterprises, projects)
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
        cancel = self._new_cancel()

        def read() -> list[Row] | None:
            if generation != self._generation or cancel.cancelled:
                return None
            try:
                return self._read(query, today, cancel=cancel)
            except ReadCancelledError:
                return None

        def done(page: list[Row] | None) -> None:
            self._done_with(cancel)
            if generation != self._generation or page is None:
                return
            self._loading.discard(number)
            self._store(number, page)
            first = number * PAGE_SIZE
            last = min(self._rows, first + len(page)) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.columns) - 1))

        self._reader.run(read, done, lambda error: self._failed(generation, error))

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
        return header_data(self.columns, self.language, section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every visible cell and role at each paint: roles are compared as plain
        # integers and unanswered roles leave first (Qt's enum lookups cost more than the rest).
        role = int(role)
        if role not in _ANSWERED or not index.isValid():
            return None
        column = index.column()
        if not 0 <= column < len(self.columns):
            return None
        row = self.row_at(index.row(), wait=False)
        if row is None:
            return None
        if role == _DISPLAY:
            return row.cell(column)
        if role == _USER:
            return row.record["id"]
        if role == _BACKGROUND:
            if row.flag == "overdue" or row.flag == "expired":
                return OVERDUE_BRUSH
            if row.flag == "expiring":
                return EXPIRING_BRUSH
            return None
        if role == _FOREGROUND:
            return DELETED_BRUSH if row.record.get("deleted") else None
        if role == _TOOLTIP:
            return flag_text(row.flag, self.language, row.warning_days)
        # the text alignment
        return _RIGHT if self.right_aligned[column] else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else _NO_FLAGS

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


def _listener(model: LedgerTableModel) -> Callable[[], bool]:
    """Tells ``model`` (by a queued signal) that the index caught up, while the model lives."""
    alive = weakref.ref(model)

    def tell() -> bool:
        target = alive()
        if target is None:
            return False
        try:
            target._index_fresh.emit()
        except RuntimeError:  # the Qt object is already deleted
            return False
        return True

    return tell


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
