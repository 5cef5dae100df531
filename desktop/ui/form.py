"""The entry form of a record, built from the ledger's field declarations.

Keyboard first: fields in reading order, Enter or Ctrl+S saves, Esc cancels. Values go to the
services layer unchanged; its field errors are shown in red under the field they concern and
nothing is written until every problem is fixed.

Nothing typed is lost: closing a changed form (Esc, 取消, the window's ×) asks 保存 / 不保存 /
取消, and what the form holds is written as a draft (:mod:`desktop.services.drafts`) a moment
after each change, so after a crash or a power cut the next form of that ledger (or the start of
the window) brings it back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import QualityDeskError, ValidationError
from desktop.services.dates import DateTextError, parse_clerk_date, previous_month
from desktop.services.drafts import Draft, DraftStore
from desktop.services.fields import LEDGERS, Field, Kind, LedgerSpec
from desktop.services.ledger import LedgerService, WriteResult
from desktop.services.progress_checks import progress_warnings
from desktop.services.reads import LedgerReads
from desktop.ui.combos import make_searchable
from desktop.ui.date_edit import DateEdit
from desktop.ui.display import ReferenceLabels
from desktop.ui.geometry import fit_window
from desktop.ui.pickers import EnterprisePicker
from desktop.ui.settings import UiSettings
from desktop.ui.shortcuts import shortcut

ERROR_STYLE = "color: #c0392b;"
ITEM_LABELS = {
    "item": ("项目", "Item"),
    "measured": ("检测值", "Measured"),
    "limit": ("标准值", "Limit"),
    "unit": ("单位", "Unit"),
    "name": ("名称", "Name"),
    "due": ("计划日期", "Due"),
    "done": ("完成", "Done"),
}
DRAFT_DELAY_MS = 400
"""How soon after a change the draft is written (a burst of typing writes once)."""
SEARCHABLE_AT = 8
"""Combo boxes with more entries than this take type-to-search."""


class _ItemDelegate(QStyledItemDelegate):
    """Cell editors that hand every keystroke to the table (Esc or a closing form never drops
    a typed cell) and give Tab to the table, which decides whether to leave the grid."""

    def __init__(self, table: ItemsEditor) -> None:
        super().__init__(table)
        self.table = table

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.textEdited.connect(lambda _text, e=editor: self.commitData.emit(e))
        return editor

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and isinstance(editor, QWidget):
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                forward = key == Qt.Key.Key_Tab and not (
                    event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                )
                self.table.move_on(forward)
                return True
            if key == Qt.Key.Key_Escape and isinstance(editor, QWidget):
                # keep what was typed; a second Esc reaches the form (which asks before closing)
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(editor, QWidget):
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                return False  # the form sees Enter too: it saves
        return super().eventFilter(editor, event)


class ItemsEditor(QTableWidget):
    """A small table for list fields (failing items, milestones): one row per item.

    Typing goes straight into a cell; Tab moves to the next cell and leaves the grid after the
    last one, or from the first cell of an empty row (the clerk is done); Shift+Tab goes back the
    same way. Every keystroke reaches the table at once, so nothing typed is lost to Esc or to a
    save while a cell is being edited. A new empty row appears when the last one gets text.
    """

    edited = Signal()

    def __init__(
        self,
        fld: Field,
        language: str,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(3, len(fld.item_keys), parent)
        self.keys = fld.item_keys
        self._today = today
        self.setHorizontalHeaderLabels(
            [ITEM_LABELS.get(k, (k, k))[1 if language == "en" else 0] for k in self.keys]
        )
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setVisible(False)
        self.setTabKeyNavigation(False)
        self.setItemDelegate(_ItemDelegate(self))
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.done_columns = {n for n, k in enumerate(self.keys) if k == "done"}
        self.setMaximumHeight(130)
        self.itemChanged.connect(self._item_changed)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() in self.done_columns:
            # 完成 is a tick; the day it was ticked is kept as its value (older records hold
            # the completion date there)
            checked = item.checkState() == Qt.CheckState.Checked
            text = item.text() if checked and item.text() else ""
            if checked and not text:
                text = self._today().isoformat()
            if text != item.text():
                self.blockSignals(True)
                item.setText(text)
                self.blockSignals(False)
        last = self.rowCount() - 1
        if any(self._text(last, c) for c in range(self.columnCount())):
            self.insertRow(self.rowCount())
            for column in self.done_columns:
                self._put_check(self.rowCount() - 1, column, "")
        self.edited.emit()

    def _put_check(self, row: int, column: int, value: str) -> None:
        self.blockSignals(True)
        checked = _truthy(value)
        cell = QTableWidgetItem(value if checked else "")
        cell.setFlags(
            Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
        )
        cell.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.setItem(row, column, cell)
        self.blockSignals(False)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if not self.currentIndex().isValid() and self.rowCount():
            self.setCurrentCell(0, 0)

    def event(self, event: QEvent) -> bool:
        # Tab reaches keyPressEvent (Qt would move the focus before it); Ctrl+Tab still leaves
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.keyPressEvent(event)
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self.move_on(
                key == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            return
        if key == Qt.Key.Key_Space and self.currentColumn() in self.done_columns:
            cell = self.item(self.currentRow(), self.currentColumn())
            if cell is not None:
                checked = cell.checkState() == Qt.CheckState.Checked
                cell.setCheckState(Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked)
                return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
            event.ignore()  # the form: Enter saves, Esc asks before closing
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentIndex().isValid():
            cell = self.item(self.currentRow(), self.currentColumn())
            if cell is not None and self.currentColumn() not in self.done_columns:
                cell.setText("")
            return
        super().keyPressEvent(event)

    def move_on(self, forward: bool) -> None:
        """Tab / Shift+Tab: the next cell, or out of the grid at either end."""
        row, column = self.currentRow(), self.currentColumn()
        row_empty = not any(self._text(row, c) for c in range(self.columnCount()))
        if forward:
            leaving = (row, column) == (self.rowCount() - 1, self.columnCount() - 1) or (
                column == 0 and row_empty and row > 0
            )
            target = (row, column + 1) if column + 1 < self.columnCount() else (row + 1, 0)
        else:
            leaving = (row, column) == (0, 0) or row < 0
            target = (row, column - 1) if column > 0 else (row - 1, self.columnCount() - 1)
        if leaving:
            self.clearSelection()
            QWidget.focusNextPrevChild(self, forward)
            return
        self.setCurrentCell(*target)

    def _text(self, row: int, column: int) -> str:
        cell = self.item(row, column)
        if cell is None or column in self.done_columns:
            return ""
        return cell.text().strip()

    def set_items(self, items: list[dict[str, Any]]) -> None:
        self.blockSignals(True)
        self.clearContents()
        self.setRowCount(max(3, len(items) + 1))
        self.blockSignals(False)
        for row in range(self.rowCount()):
            item = items[row] if row < len(items) else {}
            for column, key in enumerate(self.keys):
                if column in self.done_columns:
                    self._put_check(row, column, str(item.get(key) or ""))
                    continue
                value = item.get(key)
                if value is not None and value != "":
                    self.blockSignals(True)
                    self.setItem(row, column, QTableWidgetItem(str(value)))
                    self.blockSignals(False)

    def item_list(self) -> list[dict[str, Any]]:
        result = []
        for row in range(self.rowCount()):
            item: dict[str, Any] = {}
            for column, key in enumerate(self.keys):
                text = self._text(row, column)
                if text:
                    item[key] = text
            if item:
                for column in self.done_columns:
                    cell = self.item(row, column)
                    checked = cell is not None and cell.checkState() == Qt.CheckState.Checked
                    if checked and cell is not None:
                        item[self.keys[column]] = cell.text() or self._today().isoformat()
                    else:
                        item[self.keys[column]] = ""
                result.append(item)
        return result


_FALSE_WORDS = frozenset({"", "0", "false", "no", "n", "否", "未完成"})


def _truthy(value: str) -> bool:
    """A 完成 cell is ticked when it holds a date or a yes-word (older free text)."""
    return value.strip().lower() not in _FALSE_WORDS


class RecordForm(QDialog):
    """Create or edit one record of a ledger."""

    def __init__(
        self,
        spec: LedgerSpec,
        service: LedgerService,
        labels: ReferenceLabels,
        settings: UiSettings,
        language: str = "zh",
        record: dict[str, Any] | None = None,
        preset: dict[str, Any] | None = None,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
        draft: Draft | None = None,
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self.service = service
        self.labels = labels
        self.settings = settings
        self.language = language
        self.record = record
        self.saved_record: dict[str, Any] | None = None
        self.writes: list[WriteResult] = []
        """Every write this form made (the record, and enterprises added through 新建…)."""
        self.unsaved_prompt: QMessageBox | None = None
        """The 保存 / 不保存 / 取消 question while it is shown (tests press its keys)."""
        self.drafts = DraftStore.for_data_dir(settings.folder)
        self.confirm_warnings: Callable[[list[str]], bool] = self._ask_warnings
        """Asked before saving figures that look wrong (tests answer it)."""
        self._record_id = str(record["id"]) if record else None
        self._today = today
        self.widgets: dict[str, QWidget] = {}
        self.error_labels: dict[str, QLabel] = {}
        title = spec.label(language)
        self.setWindowTitle(
            self.tr("Edit — {ledger}").format(ledger=title)
            if record
            else self.tr("New — {ledger}").format(ledger=title)
        )
        outer = QVBoxLayout(self)
        self.draft_bar = QWidget()
        draft_layout = QHBoxLayout(self.draft_bar)
        draft_layout.setContentsMargins(6, 2, 6, 2)
        self.draft_label = QLabel()
        self.draft_label.setWordWrap(True)
        self.draft_label.setStyleSheet("color: #7a5a00;")
        draft_layout.addWidget(self.draft_label, 1)
        self.discard_draft_button = QPushButton(self.tr("Discard the draft"))
        self.discard_draft_button.setAutoDefault(False)
        self.discard_draft_button.clicked.connect(self.discard_draft)
        draft_layout.addWidget(self.discard_draft_button)
        self.draft_bar.setStyleSheet("background: #fff4d6;")
        self.draft_bar.hide()
        outer.addWidget(self.draft_bar)
        self.general_error = QLabel()
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        outer.addWidget(self.general_error)
        body = QWidget()
        form = QFormLayout(body)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for fld in spec.fields:
            widget = self._widget_for(fld)
            if isinstance(widget, QComboBox) and widget.count() > SEARCHABLE_AT:
                make_searchable(widget)
            if isinstance(widget, QComboBox):
                # a long English category must not widen the form past the window (the fields
                # were cut off behind a horizontal scroll bar); the list still shows it whole
                widget.setSizeAdjustPolicy(
                    QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
                )
                widget.setMinimumContentsLength(20)
                widget.view().setTextElideMode(Qt.TextElideMode.ElideNone)
                widget.view().setMinimumWidth(widget.view().sizeHintForColumn(0) + 24)
                widget.setToolTip(widget.currentText())  # the whole text on hover
                widget.currentTextChanged.connect(widget.setToolTip)
            self.widgets[fld.name] = widget
            column = QWidget()
            column_layout = QVBoxLayout(column)
            column_layout.setContentsMargins(0, 0, 0, 0)
            column_layout.setSpacing(2)
            column_layout.addWidget(widget)
            error = QLabel()
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.hide()
            column_layout.addWidget(error)
            self.error_labels[fld.name] = error
            label = fld.label(language) + (" *" if fld.required else "")
            form.addRow(label, column)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a Tab stop of its own
        outer.addWidget(scroll, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save_button.setText(self.tr("Save (Ctrl+S)"))
        save_button.setDefault(True)
        cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel_button.setText(self.tr("Cancel (Esc)"))
        cancel_button.setAutoDefault(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        shortcut("Ctrl+S", self, self.save)
        self._fill(record or self._defaults(preset or {}))
        self._initial = self._snapshot()
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.write_draft)
        self._watch_changes()
        self._follow_batch_counts()
        if draft is None:
            draft = self.drafts.load(spec.name, self._record_id)
        if draft is not None and draft.values:
            self._restore(draft)
        # as tall as the fields need plus two error lines (no empty half-dialog), but never
        # taller than the screen: the fields scroll, 保存 stays visible
        needed = body.sizeHint().height() + self.buttons.sizeHint().height() + 88
        fit_window(self, 620, max(320, min(760, needed)))
        first = next(iter(self.widgets.values()))
        first.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter saves from any field, also after Tab went past "Cancel" (which took the dialog's
        default button away, so Qt's own Enter handling did nothing); Enter on a button presses it.
        """
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            focus = self.focusWidget()
            if isinstance(focus, QPushButton):
                focus.click()
            else:
                self.save()
            return
        super().keyPressEvent(event)

    # ---- widgets -------------------------------------------------------------------------------

    def _widget_for(self, fld: Field) -> QWidget:
        kind = fld.kind
        if kind is Kind.BOOL:
            return QCheckBox()
        if kind is Kind.CHOICE:
            combo = QComboBox()
            if not fld.required:
                combo.addItem("", None)
            for choice in fld.choices:
                combo.addItem(
                    choice.label_en if self.language == "en" else choice.label_zh, choice.code
                )
            return combo
        if kind is Kind.CATEGORY:
            combo = QComboBox()
            for code, label in self.labels.categories_of(fld.category_group, self.language):
                combo.addItem(label, code)
            return combo
        if kind is Kind.TOWNSHIP:
            combo = QComboBox()
            for code, names in self.labels.townships.items():
                combo.addItem(names[1] if self.language == "en" else names[0], code)
            if self.service.office.township_code:
                combo.setEnabled(False)
            return combo
        if kind is Kind.TARGET:
            combo = QComboBox()
            for target_id, names in self.labels.targets.items():
                combo.addItem(names[1] if self.language == "en" else names[0], target_id)
            return combo
        if kind is Kind.PROJECT:
            combo = QComboBox()
            for project in LedgerReads(self.service.database).projects():
                combo.addItem(project.name, project.id)
            return combo
        if kind is Kind.ENTERPRISE:
            return EnterprisePicker(self.service.database, self._add_enterprise)
        if kind is Kind.ITEMS:
            return ItemsEditor(fld, self.language, self._today)
        if kind is Kind.DATE:
            date_edit = DateEdit()
            date_edit.editingFinished.connect(lambda name=fld.name: self._check_date(name))
            return date_edit
        edit = QLineEdit()
        edit.setMaxLength(fld.max_length if kind in (Kind.TEXT, Kind.CREDIT_CODE) else 40)
        if kind is Kind.PERIOD:
            edit.setPlaceholderText(self.tr("YYYY-MM, e.g. 202611"))
        elif kind is Kind.CREDIT_CODE:
            edit.setPlaceholderText(self.tr("18 characters"))
        return edit

    def _add_enterprise(self, typed: str) -> str | None:
        """Open the enterprise form over this one; returns the new enterprise's id."""
        preset: dict[str, Any] = {}
        if typed:
            key = (
                "credit_code"
                if len(typed) == 18 and typed.isalnum() and typed.isascii()
                else "name"
            )
            preset[key] = typed
        form = RecordForm(
            LEDGERS["enterprises"],
            self.service,
            self.labels,
            self.settings,
            self.language,
            preset=preset,
            today=self._today,
            parent=self,
        )
        if form.exec() and form.saved_record:
            self.writes.extend(form.writes)
            return str(form.saved_record["id"])
        return None

    # ---- values --------------------------------------------------------------------------------

    def _defaults(self, preset: dict[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        today = self._today()
        for fld in self.spec.fields:
            if fld.kind is Kind.DATE and fld.required:
                values[fld.name] = today.isoformat()
            elif fld.kind is Kind.PERIOD:
                # the month being reported on: last month (as the monthly export)
                values[fld.name] = previous_month(today)
            elif fld.kind is Kind.TOWNSHIP and self.service.office.township_code:
                values[fld.name] = self.service.office.township_code
            if fld.name in self.spec.remembered:
                last = self.settings.last_value(self.spec.name, fld.name)
                if last:
                    values[fld.name] = last
        for name, value in self.spec.defaults:
            values.setdefault(name, value)
        values.update(preset)
        return values

    def _fill(self, values: dict[str, Any]) -> None:
        for fld in self.spec.fields:
            widget = self.widgets[fld.name]
            value = values.get(fld.name)
            if fld.kind is Kind.PROJECT and value and isinstance(widget, QComboBox):
                self._offer_project(widget, str(value))
            set_value(widget, fld, value)

    def _offer_project(self, combo: QComboBox, project_id: str) -> None:
        """Make sure a project beyond the combo's first names can still be shown."""
        if combo.findData(project_id) >= 0:
            return
        name = LedgerReads(self.service.database).project_name(project_id)
        combo.insertItem(0, name or project_id, project_id)

    def values(self) -> dict[str, Any]:
        """What the form holds, as the services layer takes it."""
        return {fld.name: get_value(self.widgets[fld.name], fld) for fld in self.spec.fields}

    def changes(self) -> dict[str, Any]:
        """For an edit: only the fields that differ from the stored record."""
        current = self.values()
        if self.record is None:
            return {k: v for k, v in current.items() if v not in (None, "", [])}
        return {
            name: value
            for name, value in current.items()
            if _normal(value) != _normal(self.record.get(name))
        }

    # ---- nothing typed is lost -----------------------------------------------------------------

    def _snapshot(self) -> dict[str, Any]:
        values = {name: _normal(value) for name, value in self.values().items()}
        picker = self.widgets.get("enterprise_id")
        if isinstance(picker, EnterprisePicker):
            values["enterprise_id:text"] = picker.pending_text()
        return values

    def is_dirty(self) -> bool:
        """Whether the form holds something not saved."""
        return self._snapshot() != self._initial

    def _watch_changes(self) -> None:
        for widget in self.widgets.values():
            if isinstance(widget, QCheckBox):
                widget.toggled.connect(self._changed)
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(self._changed)
            elif isinstance(widget, EnterprisePicker):
                widget.changed.connect(self._changed)
            elif isinstance(widget, ItemsEditor):
                widget.edited.connect(self._changed)
            elif isinstance(widget, QLineEdit):
                widget.textChanged.connect(self._changed)

    def _changed(self, *_args: object) -> None:
        self._draft_timer.start()

    def write_draft(self) -> None:
        """Keep what the form holds on disk (or drop the draft when it holds nothing new)."""
        self._draft_timer.stop()
        if self.saved_record is not None:
            return
        if self.is_dirty():
            values = self.values()
            picker = self.widgets.get("enterprise_id")
            if isinstance(picker, EnterprisePicker) and picker.pending_text():
                values["enterprise_id:text"] = picker.pending_text()
            self.drafts.save(self.spec.name, self._record_id, values)
        else:
            self.drafts.discard(self.spec.name, self._record_id)

    def _restore(self, draft: Draft) -> None:
        values = dict(draft.values)
        typed = values.pop("enterprise_id:text", None)
        for fld in self.spec.fields:
            if fld.name in values:
                widget = self.widgets[fld.name]
                if fld.kind is Kind.PROJECT and values[fld.name] and isinstance(widget, QComboBox):
                    self._offer_project(widget, str(values[fld.name]))
                set_value(widget, fld, values[fld.name])
        picker = self.widgets.get("enterprise_id")
        if typed and isinstance(picker, EnterprisePicker) and not picker.enterprise_id:
            picker.edit.setText(str(typed))
        self.draft_label.setText(
            self.tr(
                "Restored what was typed here on {time} and not saved (the program was closed "
                "or the power went off). Check it and save, or discard it."
            ).format(time=draft.saved_at.strftime("%Y-%m-%d %H:%M"))
        )
        self.draft_bar.show()

    def discard_draft(self) -> None:
        """Drop the restored draft and start again from the record (or the defaults)."""
        self.drafts.discard(self.spec.name, self._record_id)
        self._fill(self.record or self._defaults({}))
        self._draft_timer.stop()
        self.draft_bar.hide()

    def reject(self) -> None:
        """Esc, 取消 or ×: ask first when something typed is not saved."""
        if self.saved_record is None and self.is_dirty():
            answer = self.ask_unsaved()
            if answer == "cancel":
                return
            if answer == "save":
                self.save()
                return
        self.discard()

    def discard(self) -> None:
        """不保存: close without saving and forget the draft."""
        self._draft_timer.stop()
        self.drafts.discard(self.spec.name, self._record_id)
        super().reject()

    def ask_unsaved(self) -> str:
        """保存 / 不保存 / 取消: ``save``, ``discard`` or ``cancel`` (also for Esc)."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.windowTitle())
        box.setText(self.tr("Save what you typed?"))
        box.setInformativeText(
            self.tr("“Don't save” throws it away; “Cancel” goes back to the form.")
        )
        save = box.addButton(self.tr("&Save"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("&Don't save"), QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(cancel)
        self.unsaved_prompt = box
        try:
            box.exec()
        finally:
            self.unsaved_prompt = None
        clicked = box.clickedButton()
        if clicked is save:
            return "save"
        if clicked is discard:
            return "discard"
        return "cancel"

    def _check_date(self, name: str) -> None:
        """Say at once when a typed date cannot be read or the day does not exist."""
        widget = self.widgets[name]
        if not isinstance(widget, QLineEdit) or not widget.text().strip():
            self.error_labels[name].hide()
            return
        try:
            parse_clerk_date(widget.text())
        except DateTextError as error:
            message = error.message_en() if self.language == "en" else error.message_zh()
            self.show_field_error(name, message)
            return
        if self.error_labels[name].text() and not self.error_labels[name].isHidden():
            self.error_labels[name].hide()

    def _follow_batch_counts(self) -> None:
        """检查结论 follows the batch counts as they are typed (合格 while all batches passed,
        不合格 as soon as one failed), so the form never waits for 保存 to refuse it."""
        sampled = self.widgets.get("batches_sampled")
        passed = self.widgets.get("batches_passed")
        result = self.widgets.get("result")
        if not (
            isinstance(sampled, QLineEdit)
            and isinstance(passed, QLineEdit)
            and isinstance(result, QComboBox)
        ):
            return

        def follow() -> None:
            try:
                n_sampled, n_passed = int(sampled.text()), int(passed.text())
            except ValueError:
                return
            current = result.currentData()
            if n_passed < n_sampled and current in ("pass", "no_problem", None):
                result.setCurrentIndex(result.findData("fail"))
            elif n_passed >= n_sampled and current == "fail":
                result.setCurrentIndex(result.findData("pass"))

        sampled.textChanged.connect(follow)
        passed.textChanged.connect(follow)

    # ---- saving --------------------------------------------------------------------------------

    def save(self) -> None:
        self.clear_errors()
        picker_problem = self._unmatched_enterprise()
        if picker_problem:
            self.show_field_error("enterprise_id", picker_problem)
            return
        if not self._warnings_accepted():
            return
        try:
            if self.record is None:
                result = self.service.create(self.spec.name, self.changes())
            else:
                changes = self.changes()
                if not changes:
                    self.drafts.discard(self.spec.name, self._record_id)
                    self.accept()
                    return
                result = self.service.update(str(self.record["id"]), changes)
        except ValidationError as error:
            for problem in error.errors:
                message = problem.message_en if self.language == "en" else problem.message_zh
                if problem.field in self.error_labels:
                    self.show_field_error(problem.field, message)
                else:
                    self._show_general(message)
            self._focus_first_error()
            return
        except QualityDeskError as error:
            self._show_general(error.message(self.language))
            return
        self.saved_record = result.record
        self.writes.append(result)
        self._draft_timer.stop()
        self.drafts.discard(self.spec.name, self._record_id)
        for name in self.spec.remembered:
            if name in self.spec.field_names:
                self.settings.set_last_value(self.spec.name, name, result.record.get(name))
        self.accept()

    def _warnings_accepted(self) -> bool:
        """Falling progress or investment, or investment over the plan: say so, let the clerk
        save anyway (a correction, a plan that grew) or go back."""
        if self.spec.name != "project_progress":
            return True
        values = {**(self.record or {}), **self.values()}
        warnings = progress_warnings(self.service.database, values, self._record_id)
        if not warnings:
            return True
        messages = [w.message_en if self.language == "en" else w.message_zh for w in warnings]
        for warning, message in zip(warnings, messages, strict=True):
            self.show_field_error(warning.field, message)
        return self.confirm_warnings(messages)

    def _ask_warnings(self, messages: list[str]) -> bool:
        answer = QMessageBox.question(
            self,
            self.windowTitle(),
            "\n".join(messages) + "\n\n" + self.tr("Save anyway?"),
        )
        return answer == QMessageBox.StandardButton.Yes

    def _unmatched_enterprise(self) -> str | None:
        widget = self.widgets.get("enterprise_id")
        if isinstance(widget, EnterprisePicker) and widget.pending_text():
            return self.tr("Choose an enterprise from the list, or add it with “New…”.")
        return None

    def clear_errors(self) -> None:
        self.general_error.hide()
        for label in self.error_labels.values():
            label.clear()
            label.hide()

    def show_field_error(self, name: str, message: str) -> None:
        label = self.error_labels[name]
        label.setText(message)
        label.show()

    def field_error(self, name: str) -> str:
        """The error shown under a field ('' when none)."""
        label = self.error_labels[name]
        return label.text() if not label.isHidden() else ""

    def _show_general(self, message: str) -> None:
        self.general_error.setText(message)
        self.general_error.show()

    def _focus_first_error(self) -> None:
        for name, label in self.error_labels.items():
            if not label.isHidden():
                self.widgets[name].setFocus()
                return


def _normal(value: Any) -> Any:
    if value in ("", None, []):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return value.strip()
        return str(int(number)) if number.is_integer() else str(number)
    return value


def set_value(widget: QWidget, fld: Field, value: Any) -> None:
    """Show a stored value in a field's widget."""
    if isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QComboBox):
        position = widget.findData(value)
        if position >= 0:
            widget.setCurrentIndex(position)
    elif isinstance(widget, EnterprisePicker):
        widget.set_enterprise(str(value) if value else None)
    elif isinstance(widget, ItemsEditor):
        widget.set_items(value if isinstance(value, list) else [])
    elif isinstance(widget, QLineEdit):
        if value is None:
            widget.clear()
        elif isinstance(value, float) and value.is_integer():
            widget.setText(str(int(value)))
        else:
            widget.setText(str(value))


def get_value(widget: QWidget, fld: Field) -> Any:
    """Read a field's widget as the services layer takes it (text stays text)."""
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, EnterprisePicker):
        return widget.enterprise_id
    if isinstance(widget, ItemsEditor):
        return widget.item_list()
    if isinstance(widget, QLineEdit):
        text = widget.text().strip()
        return text or None
    raise TypeError(type(widget))
