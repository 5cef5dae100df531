"""One ledger's screen: filter bar, the table, and the actions on its records.

New (Ctrl+N), edit (Enter or double-click), delete (Del, asks first; the record becomes a
tombstone) and history. The column chooser and the table's layout are remembered per ledger.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import QualityDeskError, ValidationError
from desktop.services.changes import Changes
from desktop.services.fields import LedgerSpec
from desktop.services.ledger import LedgerService
from desktop.services.queries import LedgerQuery
from desktop.services.search_index import SearchIndex
from desktop.ui.display import ReferenceLabels
from desktop.ui.errors import ErrorReporter
from desktop.ui.filter_bar import FilterBar
from desktop.ui.form import RecordForm
from desktop.ui.history import HistoryDialog
from desktop.ui.ledger_export import (
    PRINT_LIMIT,
    ledger_html,
    print_html,
    record_html,
    shown_columns,
    shown_rows,
    write_workbook,
)
from desktop.ui.ledger_table import LedgerTable, restore_layout, set_up_table
from desktop.ui.row_delegate import RowDelegate
from desktop.ui.settings import UiSettings
from desktop.ui.shortcuts import shortcut
from desktop.ui.table_model import LedgerTableModel
from desktop.ui.tasks import TaskRunner


class LedgerView(QWidget):
    """Filter, browse, enter, edit and delete the records of one ledger."""

    records_changed = Signal(object)
    """This view wrote records: a :class:`~desktop.services.changes.Changes` (the window passes
    it to every view, see :mod:`desktop.ui.changes`)."""
    exported = Signal(object)
    """An Excel file was written (its path)."""
    selection_changed = Signal(object)
    """The selected record's id (or None)."""

    def __init__(
        self,
        spec: LedgerSpec,
        service: LedgerService,
        labels: ReferenceLabels,
        settings: UiSettings,
        runner: TaskRunner,
        errors: ErrorReporter,
        language: str = "zh",
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
        window_shortcuts: bool = True,
        search: SearchIndex | None = None,
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self.service = service
        self.labels = labels
        self.settings = settings
        self.errors = errors
        self.language = language
        self._today = today
        self.runner = runner
        self.last_export: Path | None = None
        self.preset: dict[str, Any] = {}
        """Values every new record of this view starts with (a project's progress)."""
        self.confirm: Callable[[str], bool] = self._ask
        self.open_form: RecordForm | None = None
        """The entry form opened last (tests and the screenshots read it)."""
        self.model = LedgerTableModel(
            spec, service.database, labels, runner, language, today, parent=self, search=search
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.filter_bar = FilterBar(
            spec, labels, service.office, language, warning_days=self.model.reads.warning_days()
        )
        self.filter_bar.changed.connect(self._filter)
        layout.addWidget(self.filter_bar)
        actions = QHBoxLayout()
        self.new_button = self._button(self.tr("New (Ctrl+N)"), self.new_record)
        self.edit_button = self._button(self.tr("Edit"), self.edit_selected)
        self.delete_button = self._button(self.tr("Delete"), self.delete_selected)
        self.history_button = self._button(self.tr("History"), self.show_history)
        self.restore_button = self._button(self.tr("Restore"), self.restore_selected)
        self.restore_button.setToolTip(
            self.tr("Bring the selected deleted record back (recorded in its history)")
        )
        self.restore_button.hide()
        self.columns_button = self._button(self.tr("Columns…"), self.choose_columns)
        self.excel_button = self._button(self.tr("Excel…"), self.export_excel)
        self.excel_button.setToolTip(
            self.tr("Save what the table shows (filters, columns, order) as an Excel file")
        )
        self.print_button = self._button(self.tr("Print…"), self.print_ledger)
        self.print_record_button = self._button(self.tr("Print record…"), self.print_record)
        for button in (
            self.new_button,
            self.edit_button,
            self.delete_button,
            self.restore_button,
            self.history_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        self.count_label = QLabel()
        actions.addWidget(self.count_label)
        actions.addWidget(self.columns_button)
        for button in (self.excel_button, self.print_button, self.print_record_button):
            actions.addWidget(button)
        layout.addLayout(actions)
        self.empty_hint = QLabel()
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setStyleSheet("color: #5f6368; padding: 12px;")
        self.empty_hint.hide()
        layout.addWidget(self.empty_hint)
        self.table = LedgerTable()
        self.table.setModel(self.model)
        set_up_table(self.table, spec, self.model.columns)
        self.table.setItemDelegate(RowDelegate(self.table))
        header = self.table.horizontalHeader()
        header.sortIndicatorChanged.connect(self.model.sort)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        layout.addWidget(self.table, 1)
        self._pending_select: str | None = None
        self.model.refreshed.connect(self._refreshed)
        self.model.refreshed.connect(self._select_pending)
        self.model.counted.connect(self._counted)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.selection_changed.emit(
                self.model.record_id(current.row()) if current.isValid() else None
            )
        )
        self.table.selectionModel().currentRowChanged.connect(
            lambda *_: self._update_restore_button()
        )
        self.model.modelReset.connect(self._update_restore_button)
        if window_shortcuts:
            # A view nested in another screen (a project's progress) leaves Ctrl+N and Ctrl+F
            # to the screen's main view: two matching shortcuts would cancel each other out.
            shortcut("Ctrl+N", self, self.new_record)
            shortcut("Ctrl+F", self, self.focus_filter)
        self.table.activated_row.connect(self.edit_selected)
        self.table.delete_pressed.connect(self.delete_selected)
        self._restore_layout()
        header.sectionResized.connect(lambda *_: self._save_layout())
        header.sectionMoved.connect(lambda *_: self._save_layout())
        self.model.set_query(self.filter_bar.query())

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        return button

    # ---- filter and counts ---------------------------------------------------------------------

    def _filter(self, query: LedgerQuery) -> None:
        current = self.model.query
        self.model.set_query(replace(query, sort=current.sort, descending=current.descending))

    def set_base_filter(self, **values: Any) -> None:
        """Fix extra conditions (not shown in the bar), e.g. progress of one project."""
        self.model.set_query(replace(self.filter_bar.query(), extra=dict(values)))

    def focus_filter(self) -> None:
        self.filter_bar.text.setFocus()
        self.filter_bar.text.selectAll()

    def _refreshed(self) -> None:
        if self.model.total is None:
            self.count_label.setText(self.tr("Counting…"))

    def _counted(self, total: int) -> None:
        self.count_label.setText(self.tr("{count} records").format(count=f"{total:,}"))
        hint = self._empty_text() if total == 0 else ""
        self.empty_hint.setText(hint)
        self.empty_hint.setVisible(bool(hint))

    def _empty_text(self) -> str:
        """Why the table is empty: the filters, or no record yet ('' when neither applies)."""
        query = self.model.query
        unfiltered = LedgerQuery(limit=query.limit, extra=query.extra)
        if replace(query, sort=None, descending=True, offset=0) != unfiltered:
            return self.tr(
                "No record matches the search and filters. Clear the search box or choose "
                "“All …” in the filters to see every record."
            )
        if self.new_button.isEnabled():
            return self.tr("No record yet. Click “New” (Ctrl+N) to enter the first one.")
        return ""

    def refresh(self) -> None:
        self.model.refresh()

    def apply_changes(self, changes: Changes) -> None:
        """Refresh when the write touched this ledger or a ledger whose names it shows."""
        if changes.affects(self.spec.name, self.spec.field_names):
            self.model.refresh()

    def _select_pending(self) -> None:
        """After a save: select the record just written (its row exists once refreshed)."""
        if self._pending_select and self.select_record(self._pending_select):
            self._pending_select = None
            self.table.scrollTo(self.table.currentIndex())

    def _update_restore_button(self) -> None:
        row = self.model.row_at(self.table.currentIndex().row(), wait=False)
        deleted = bool(row is not None and row.record.get("deleted"))
        self.restore_button.setVisible(deleted)
        self.edit_button.setEnabled(not deleted)
        self.delete_button.setEnabled(not deleted)

    # ---- records -------------------------------------------------------------------------------

    def selected_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.record_id(index.row()) if index.isValid() else None

    def select_record(self, record_id: str) -> bool:
        row = self.model.row_of(record_id)
        if row is None:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        return True

    def make_form(self, record: dict[str, Any] | None = None) -> RecordForm:
        self.open_form = RecordForm(
            self.spec,
            self.service,
            self.labels,
            self.settings,
            self.language,
            record=record,
            preset=dict(self.preset),
            today=self._today,
            parent=self,
        )
        return self.open_form

    def new_record(self) -> RecordForm:
        form = self.make_form()
        form.accepted.connect(lambda: self._saved(form))
        form.open()
        return form

    def edit_selected(self) -> RecordForm | None:
        record_id = self.selected_id()
        if record_id is None:
            return None
        try:
            record = self.service.get(record_id)
        except QualityDeskError as error:
            self.errors.report(error, self)
            return None
        if record.get("deleted"):
            self.errors.show_message(self.tr("This record has been deleted."), self)
            return None
        form = self.make_form(record)
        form.accepted.connect(lambda: self._saved(form))
        form.open()
        return form

    def _saved(self, form: RecordForm) -> None:
        if form.saved_record is None:
            return
        self._pending_select = str(form.saved_record["id"])
        self.records_changed.emit(Changes.from_writes(form.writes))

    def delete_selected(self) -> bool:
        record_id = self.selected_id()
        if record_id is None:
            return False
        row = self.model.row_at(self.table.currentIndex().row())
        title = str(row.record.get(self.spec.title_field) or "") if row else ""
        if not self.confirm(
            self.tr(
                "Delete “{title}”? The record is kept as deleted and can be shown again "
                "with “Show deleted”."
            ).format(title=title)
        ):
            return False
        try:
            result = self.service.delete(record_id)
        except QualityDeskError as error:
            self.errors.report(error, self)
            return False
        self.records_changed.emit(Changes.from_writes([result]))
        return True

    def restore_selected(self) -> bool:
        """Bring the selected deleted record back (a new version, audited, synced)."""
        record_id = self.selected_id()
        if record_id is None:
            return False
        try:
            result = self.service.restore(record_id)
        except ValidationError as error:
            message = "；".join(
                e.message_en if self.language == "en" else e.message_zh for e in error.errors
            )
            self.errors.show_message(message, self)
            return False
        except QualityDeskError as error:
            self.errors.report(error, self)
            return False
        self._pending_select = record_id
        self.records_changed.emit(Changes.from_writes([result]))
        return True

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Delete"), question)
        return answer == QMessageBox.StandardButton.Yes

    def show_history(self) -> HistoryDialog | None:
        record_id = self.selected_id()
        if record_id is None:
            return None
        row = self.model.row_at(self.table.currentIndex().row())
        title = str(row.record.get(self.spec.title_field) or "") if row else record_id
        dialog = HistoryDialog(
            self.spec, title, self.model.reads.history(record_id), self.language, self
        )
        dialog.open()
        return dialog

    # ---- Excel and print -----------------------------------------------------------------------

    def export_excel(self, path: Path | None = None) -> bool:
        """Save what the table shows as .xlsx (off the GUI thread)."""
        if path is None:
            default = (
                Path.home() / f"{self.spec.label(self.language)}-{self._today():%Y-%m-%d}.xlsx"
            )
            name, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Save as Excel"), str(default), self.tr("Excel workbook (*.xlsx)")
            )
            if not name:
                return False
            path = Path(name if name.lower().endswith(".xlsx") else name + ".xlsx")
        columns = shown_columns(self.model, self.table.horizontalHeader())
        model, today, spec, language = self.model, self._today(), self.spec, self.language
        target = path
        self.runner.run(
            lambda: write_workbook(target, spec, language, columns, shown_rows(model, today)),
            lambda count: self._exported(target, count),
            lambda error: self.errors.report(error, self),
        )
        return True

    def _title(self) -> str:
        """罗阳镇 抽检/检查 (the file name and the printed title carry the township's name)."""
        office = self.service.office.display_name(self.language)
        return f"{office} {self.spec.label(self.language)}".replace("/", "、")

    def _exported(self, path: Path, count: int) -> None:
        self.last_export = path
        self.exported.emit(path)
        message = self.tr("{count} rows saved to {path}").format(count=f"{count:,}", path=path)
        self.count_label.setToolTip(message)
        if self.errors.dialogs_enabled:
            QMessageBox.information(self, self.tr("Excel"), message)

    def print_ledger(self, printer: QPrinter | None = None) -> bool:
        """Print what the table shows (A4 landscape; at most PRINT_LIMIT rows)."""
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
                return False
        columns = shown_columns(self.model, self.table.horizontalHeader())
        rows = shown_rows(self.model, self._today(), PRINT_LIMIT)
        total = self.model.total
        subtitle = self.tr("{count} records · printed {day}").format(
            count=f"{total:,}" if total is not None else "?", day=self._today().isoformat()
        )
        title = (
            f"{self.service.office.display_name(self.language)} {self.spec.label(self.language)}"
        )
        print_html(ledger_html(title, subtitle, columns, rows), printer, landscape=True)
        return True

    def print_record(self, printer: QPrinter | None = None) -> bool:
        """Print the selected record as an A4 sheet (inspection record, certificate, project)."""
        row = self.model.row_at(self.table.currentIndex().row()) if self.selected_id() else None
        if row is None:
            return False
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            if QPrintDialog(printer, self).exec() != QDialog.DialogCode.Accepted:
                return False
        fields = [
            (fld.label(self.language), str(cell))
            for fld, cell in zip(self.model.columns, row.cells, strict=False)
        ]
        footer = self.tr("Entered by: {who}    Printed: {day}    Signature: ____________").format(
            who=row.record.get("created_by") or "", day=self._today().isoformat()
        )
        title = (
            f"{self.service.office.display_name(self.language)} {self.spec.label(self.language)}"
        )
        print_html(record_html(title, fields, footer), printer, landscape=False)
        return True

    # ---- columns -------------------------------------------------------------------------------

    def choose_columns(self) -> QMenu:
        menu = QMenu(self)
        header = self.table.horizontalHeader()
        for number, fld in enumerate(self.model.columns):
            action = QAction(fld.label(self.language), menu)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(number))
            action.toggled.connect(lambda shown, n=number: self.set_column_shown(n, shown))
            menu.addAction(action)
        menu.popup(self.columns_button.mapToGlobal(self.columns_button.rect().bottomLeft()))
        return menu

    def set_column_shown(self, number: int, shown: bool) -> None:
        self.table.horizontalHeader().setSectionHidden(number, not shown)
        self._save_layout()

    def _restore_layout(self) -> None:
        restore_layout(
            self.table, self.spec, self.model.columns, self.settings, self.service.office.is_county
        )

    def _save_layout(self) -> None:
        header = self.table.horizontalHeader()
        self.settings.set_header_state(self.spec.name, header.saveState())
        hidden = [
            fld.name
            for number, fld in enumerate(self.model.columns)
            if header.isSectionHidden(number)
        ]
        self.settings.set_hidden_columns(self.spec.name, hidden)
