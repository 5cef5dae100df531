"""The window's first page before the full layer has loaded, and its hand-over to the real one.

Importing SQLAlchemy and the models and building every screen takes several times as long as
showing a window, so the launcher (:mod:`desktop.ui.launch`) fills the frame at once from a
read-only ``sqlite3`` read (:mod:`desktop.services.first_page`): the navigation, the office in
the title and status bar, the menus, and the first ledger with its real filter bar, buttons and
newest rows in the clerk's own column layout. The full layer loads behind it.

The page is usable meanwhile: the clerk scrolls (the next rows are read the same way), types in
the filter, sorts, resizes columns, chooses another page or presses a button. What needs the
full layer — the filter's rows, a form, a dialog, another page — waits for it with a busy
cursor and happens, in order, the moment it is up (:meth:`QuickStart.hand_over`), nothing lost:
the real ledger takes over the rows already shown, the filter, the sort and column layout, the
selected record and the scroll position.

Imports only Qt, the ledger specs and the plain-data services, never SQLAlchemy (a test checks
this in a real process).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QCursor, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.services.fields import LEDGERS, Kind, LedgerSpec, row_state_text
from desktop.services.first_page import PAGE_ROWS, FirstPage, QuickReader, read_first_page
from desktop.ui.display import ReferenceLabels, format_value
from desktop.ui.filter_bar import FilterBar
from desktop.ui.ledger_table import (
    DELETED_COLOUR,
    EXPIRING_COLOUR,
    OVERDUE_COLOUR,
    LedgerTable,
    header_data,
    restore_layout,
    set_up_table,
)
from desktop.ui.settings import UiSettings
from desktop.ui.shell import LEDGER_PAGES, MainWindow
from desktop.ui.shortcuts import shortcut

log = logging.getLogger(__name__)

FIRST_LEDGER = LEDGER_PAGES[0]

Index = QModelIndex | QPersistentModelIndex


class QuickRow:
    """One record as the table shows it."""

    __slots__ = ("cells", "flag", "record", "warning_days")

    def __init__(
        self, record: dict[str, Any], cells: tuple[str, ...], flag: str | None, days: int
    ) -> None:
        self.record = record
        self.cells = cells
        self.flag = flag
        self.warning_days = days


class QuickModel(QAbstractTableModel):
    """The newest rows of one ledger, read a page at a time as the clerk scrolls down."""

    def __init__(
        self,
        spec: LedgerSpec,
        first: FirstPage,
        reader: QuickReader,
        labels: ReferenceLabels,
        language: str,
        today: date,
    ) -> None:
        super().__init__()
        self.spec = spec
        self.columns = spec.table_fields
        self.labels = labels
        self.language = language
        self.today = today
        self.warning_days = first.warning_days
        self.reader: QuickReader | None = reader
        self.rows: list[QuickRow] = []
        self.enterprises: dict[str, tuple[str, str]] = {}
        self.projects: dict[str, str] = {}
        """Names of the enterprises and projects of every row read so far."""
        self.more = True
        """Whether rows beyond those read so far may exist."""
        self._append(first.page.records, first.page.enterprises, first.page.projects)

    def _append(
        self,
        records: list[dict[str, Any]],
        enterprises: dict[str, tuple[str, str]],
        projects: dict[str, str],
    ) -> None:
        self.enterprises.update(enterprises)
        self.projects.update(projects)
        for record in records:
            cells = tuple(
                format_value(
                    fld, record.get(fld.name), self.labels, self.language, enterprises, projects
                )
                for fld in self.columns
            )
            flag = self.spec.state(record, self.today, self.warning_days)
            self.rows.append(QuickRow(record, cells, flag, self.warning_days))
        if len(records) < PAGE_ROWS:
            self.more = False

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.more and self.reader is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self.reader is None or not self.rows:
            return
        try:
            page = self.reader.page(self.spec, after=self.rows[-1].record)
        except sqlite3.Error:
            log.info(
                "quick read: the next page failed; the full ledger will show it", exc_info=True
            )
            self.more = False
            return
        if not page.records:
            self.more = False
            return
        start = len(self.rows)
        self.beginInsertRows(QModelIndex(), start, start + len(page.records) - 1)
        self._append(page.records, page.enterprises, page.projects)
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return header_data(self.columns, self.language, section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """As :meth:`desktop.ui.table_model.LedgerTableModel.data` (a test compares them)."""
        if not index.isValid() or not 0 <= index.column() < len(self.columns):
            return None
        if not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
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
            return row_state_text(row.flag, self.language, row.warning_days)
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


BUTTONS = (
    ("new_button", "New (Ctrl+N)", "new_record"),
    ("edit_button", "Edit", "edit_selected"),
    ("delete_button", "Delete", "delete_selected"),
    ("history_button", "History", "show_history"),
    ("columns_button", "Columns…", "choose_columns"),
    ("excel_button", "Excel…", "export_excel"),
    ("print_button", "Print…", "print_ledger"),
    ("print_record_button", "Print record…", "print_record"),
)
"""The ledger screen's buttons (:class:`desktop.ui.ledger_view.LedgerView`, the same words in
its translation context) and the method each one calls there."""


class QuickLedger(QWidget):
    """The first ledger's page as :class:`~desktop.ui.ledger_view.LedgerView` lays it out."""

    def __init__(
        self,
        spec: LedgerSpec,
        first: FirstPage,
        reader: QuickReader,
        settings: UiSettings,
        language: str,
        today: date,
        wait: Callable[[str], None],
    ) -> None:
        super().__init__()
        self.spec = spec
        labels = ReferenceLabels(
            {code: (name, name) for code, name in first.reference.townships.items()},
            first.reference.categories,
            first.reference.targets,
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.filter_bar = FilterBar(
            spec, labels, first.office, language, warning_days=first.warning_days
        )
        layout.addWidget(self.filter_bar)
        actions = QHBoxLayout()
        buttons: dict[str, QPushButton] = {}
        for name, text, method in BUTTONS:
            button = QPushButton(QCoreApplication.translate("LedgerView", text))
            button.clicked.connect(lambda _checked=False, m=method: wait(m))
            buttons[name] = button
        for name in ("new_button", "edit_button", "delete_button", "history_button"):
            actions.addWidget(buttons[name])
        actions.addStretch(1)
        self.count_label = QLabel()
        actions.addWidget(self.count_label)
        for name in ("columns_button", "excel_button", "print_button", "print_record_button"):
            actions.addWidget(buttons[name])
        layout.addLayout(actions)
        self.model = QuickModel(spec, first, reader, labels, language, today)
        self.table = LedgerTable()
        self.table.setModel(self.model)
        set_up_table(self.table, spec, self.model.columns)
        self.table.doubleClicked.connect(lambda _index: wait("edit_selected"))
        self.table.activated_row.connect(lambda: wait("edit_selected"))
        self.table.delete_pressed.connect(lambda: wait("delete_selected"))
        layout.addWidget(self.table, 1)
        restore_layout(self.table, spec, self.model.columns, settings, first.office.is_county)
        header = self.table.horizontalHeader()
        self.restored_sort = (header.sortIndicatorSection(), header.sortIndicatorOrder())
        """The sort mark as restored: a click changes it, and the full ledger then sorts so."""
        # the filter applies once the full layer is up; say so meanwhile
        self.filter_bar.changed.connect(
            lambda _query: self.count_label.setText(
                QCoreApplication.translate("MainWindow", "Opening the ledger…")
            )
        )
        self.table.horizontalHeader().sortIndicatorChanged.connect(
            lambda *_: self.filter_bar.changed.emit(self.filter_bar.query())
        )
        shortcut("Ctrl+N", self, lambda: wait("new_record"))
        shortcut("Ctrl+F", self, self.focus_filter)

    def focus_filter(self) -> None:
        self.filter_bar.text.setFocus()
        self.filter_bar.text.selectAll()

    def selected_id(self) -> str | None:
        current = self.table.currentIndex()
        if not current.isValid() or current.row() >= len(self.model.rows):
            return None
        return str(self.model.rows[current.row()].record["id"])


class Waiting(QWidget):
    """A page other than the first, chosen before the full layer is up (it shows then)."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        label = QLabel(QCoreApplication.translate("MainWindow", "Opening the ledger…"))
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(label)


class FirstPaint(QObject):
    """Says ``painted`` once, right after ``widget`` was first painted on screen (a window is
    exposed, and so painted, some time after ``show()``, later still under a window manager);
    ``fallback_ms`` later at the latest, should the window never be painted (minimised)."""

    painted = Signal()

    def __init__(self, widget: QWidget, fallback_ms: int = 2000) -> None:
        super().__init__(widget)
        self._done = False
        widget.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self._say)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._say)  # once this paint is done and on screen
        return False

    def _say(self) -> None:
        if not self._done:
            self._done = True
            self.painted.emit()


WINDOW_SIGNALS = ("todo_requested", "backup_requested", "restore_requested")
"""Menu signals the full layer answers; one sent before it is up is sent again then."""


class QuickStart(QObject):
    """The first page in ``window``, and everything the clerk asked of it while waiting."""

    def __init__(
        self,
        window: MainWindow,
        settings: UiSettings,
        reader: QuickReader,
        first: FirstPage,
        today: date | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.reader = reader
        self.first = first
        language = window.language
        office = first.office
        self.pending: list[tuple[str, Any]] = []
        """What the clerk asked for meanwhile, in order: ("view", method name),
        ("signal", name) and ("language", code)."""
        self.spec = LEDGERS[FIRST_LEDGER]
        self.page = QuickLedger(
            self.spec,
            first,
            reader,
            settings,
            language,
            today or date.today(),
            lambda method: self._wait("view", method),
        )
        window.setWindowTitle(
            QCoreApplication.translate("MainWindow", "Quality Desk — {office}").format(
                office=office.display_name(language)
            )
        )
        window.office_label.setText(
            QCoreApplication.translate(
                "MainWindow", "Office: {office}   Operator: {operator}"
            ).format(
                office=office.display_name(language), operator=settings.operator or office.operator
            )
        )
        for key, title in page_titles(office.is_county, language):
            window.add_screen(key, title, self.page if key == FIRST_LEDGER else Waiting())
        self.chosen: str | None = None
        window.navigation.currentRowChanged.connect(self._chosen)
        window.build_menu()
        self._recorders: list[tuple[Any, Callable[..., None]]] = []
        for name in WINDOW_SIGNALS:
            self._record(getattr(window, name), lambda n=name: self._wait("signal", n))
        self._record(window.language_changed, lambda code: self._wait("language", code))
        self.first_paint = FirstPaint(self.page.table.viewport())
        """``painted`` once the rows are on screen (the launcher loads the full layer then)."""

    @classmethod
    def open(
        cls, window: MainWindow, settings: UiSettings, database: Path, today: date | None = None
    ) -> QuickStart | None:
        """The first page from ``database``; None when only the full path can open it (an
        older schema to upgrade, a locked or unreadable file, no office yet)."""
        found = read_first_page(database, LEDGERS[FIRST_LEDGER])
        if found is None:
            return None
        reader, first = found
        return cls(window, settings, reader, first, today)

    def _record(self, signal: Any, slot: Callable[..., None]) -> None:
        signal.connect(slot)
        self._recorders.append((signal, slot))

    def _chosen(self, row: int) -> None:
        keys = list(self.window.screens)
        self.chosen = keys[row] if 0 <= row < len(keys) else None

    def _wait(self, kind: str, value: Any) -> None:
        """Keep an action for the full layer; the cursor says the window is busy with it."""
        if not self.pending:
            QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BusyCursor))
        self.pending.append((kind, value))

    def detach(self) -> None:
        """Take the first page's screens out of the window (the full layer adds its own)."""
        for signal, slot in self._recorders:
            signal.disconnect(slot)
        self._recorders.clear()
        self.window.navigation.currentRowChanged.disconnect(self._chosen)
        # widths and order the clerk changed meanwhile: the real ledger restores them from here
        header = self.page.table.horizontalHeader()
        self.settings.set_header_state(self.spec.name, header.saveState())
        for page in self.window.clear_screens():
            if page is not self.page:
                page.deleteLater()

    def hand_over(self, window: MainWindow) -> None:
        """Give the real window what this page showed and was asked meanwhile."""
        from desktop.ui.ledger_view import LedgerView

        view = window.ledger_views.get(FIRST_LEDGER)
        if isinstance(view, LedgerView):
            self._hand_over_ledger(view)
        if self.chosen is not None and self.chosen in window.screens:
            window.show_screen(self.chosen)
        if self.pending:
            QGuiApplication.restoreOverrideCursor()
        pending, self.pending = self.pending, []
        for kind, value in pending:
            if kind == "view" and isinstance(view, LedgerView):
                getattr(view, value)()
            elif kind == "signal":
                getattr(window, value).emit()
            elif kind == "language":
                window.language_changed.emit(value)
        self.close()

    def _hand_over_ledger(self, view: Any) -> None:
        shown = self.page.model
        view.model.show_records(
            [row.record for row in shown.rows],
            shown.enterprises,
            shown.projects,
            shown.warning_days,
            complete=not shown.more,
        )
        header = self.page.table.horizontalHeader()
        sort = (header.sortIndicatorSection(), header.sortIndicatorOrder())
        if sort != self.page.restored_sort:  # the clerk clicked a column title meanwhile
            view.table.horizontalHeader().setSortIndicator(*sort)  # (restored with the layout)
            view.model.sort(*sort)
        copy_filters(self.page.filter_bar, view.filter_bar)
        selected = self.page.selected_id()
        if selected is not None:
            view.select_record(selected)
        bar = self.page.table.verticalScrollBar().value()
        view.table.verticalScrollBar().setValue(bar)
        if self.page.filter_bar.text.hasFocus():
            view.filter_bar.text.setFocus()
            view.filter_bar.text.setCursorPosition(self.page.filter_bar.text.cursorPosition())
        elif self.page.table.hasFocus():
            view.table.setFocus()

    def close(self) -> None:
        if self.page.model.reader is not None:
            self.page.model.reader = None
            self.reader.close()
        self.page.deleteLater()


def copy_filters(source: FilterBar, target: FilterBar) -> None:
    """Put what the clerk chose in ``source`` into ``target`` (each change refreshes it)."""
    if target.text.text() != source.text.text():
        target.text.setText(source.text.text())
    for name in ("category", "township", "result", "rectification"):
        mine, theirs = getattr(source, name), getattr(target, name)
        if mine is not None and theirs is not None and theirs.currentIndex() != mine.currentIndex():
            theirs.setCurrentIndex(mine.currentIndex())
    for name in ("date_from", "date_to"):
        mine, theirs = getattr(source, name), getattr(target, name)
        if mine is not None and theirs is not None and theirs.date() != mine.date():
            theirs.setDate(mine.date())
    for name in ("expiring", "deleted"):
        mine, theirs = getattr(source, name), getattr(target, name)
        if mine is not None and theirs is not None and theirs.isChecked() != mine.isChecked():
            theirs.setChecked(mine.isChecked())


def page_titles(is_county: bool, language: str) -> list[tuple[str, str]]:
    """The navigation's pages in order, as the full window lists them
    (:class:`desktop.ui.main_window.Workspace`; a test keeps them equal)."""
    keys = [*LEDGER_PAGES, "manual_statistics"] if is_county else list(LEDGER_PAGES)
    titles = [(key, LEDGERS[key].label(language)) for key in keys]
    titles.append(("dashboard", QCoreApplication.translate("Dashboard", "Targets and reports")))
    titles.append(("sync", QCoreApplication.translate("SyncScreen", "Sync packages")))
    return titles
