"""The entry form of a record, built from the ledger's field declarations.

Keyboard first: fields in reading order, Enter or Ctrl+S saves, Esc cancels. Values go to the
services layer unchanged; its field errors are shown in red under the field they concern and
nothing is written until every problem is fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import QualityDeskError, ValidationError
from desktop.services.fields import LEDGERS, Field, Kind, LedgerSpec
from desktop.services.ledger import LedgerService
from desktop.services.reads import LedgerReads
from desktop.ui.display import ReferenceLabels
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


class ItemsEditor(QTableWidget):
    """A small table for list fields (failing items, milestones): one row per item."""

    def __init__(self, fld: Field, language: str, parent: QWidget | None = None) -> None:
        super().__init__(3, len(fld.item_keys), parent)
        self.keys = fld.item_keys
        self.setHorizontalHeaderLabels(
            [ITEM_LABELS.get(k, (k, k))[1 if language == "en" else 0] for k in self.keys]
        )
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setVisible(False)
        self.setTabKeyNavigation(False)
        self.setMaximumHeight(110)

    def set_items(self, items: list[dict[str, Any]]) -> None:
        self.setRowCount(max(3, len(items) + 1))
        for row, item in enumerate(items):
            for column, key in enumerate(self.keys):
                value = item.get(key)
                self.setItem(row, column, QTableWidgetItem("" if value is None else str(value)))

    def item_list(self) -> list[dict[str, str]]:
        result = []
        for row in range(self.rowCount()):
            item = {}
            for column, key in enumerate(self.keys):
                cell = self.item(row, column)
                text = cell.text().strip() if cell else ""
                if text:
                    item[key] = text
            if item:
                result.append(item)
        return result


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
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self.service = service
        self.labels = labels
        self.settings = settings
        self.language = language
        self.record = record
        self.saved_record: dict[str, Any] | None = None
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
        # as tall as the fields need plus two error lines (no empty half-dialog), at most 760
        needed = body.sizeHint().height() + self.buttons.sizeHint().height() + 88
        self.resize(620, max(320, min(760, needed)))
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
            return ItemsEditor(fld, self.language)
        edit = QLineEdit()
        edit.setMaxLength(fld.max_length if kind in (Kind.TEXT, Kind.CREDIT_CODE) else 40)
        if kind is Kind.DATE:
            edit.setPlaceholderText("YYYY-MM-DD")
        elif kind is Kind.PERIOD:
            edit.setPlaceholderText("YYYY-MM")
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
                values[fld.name] = today.strftime("%Y-%m")
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

    # ---- saving --------------------------------------------------------------------------------

    def save(self) -> None:
        self.clear_errors()
        picker_problem = self._unmatched_enterprise()
        if picker_problem:
            self.show_field_error("enterprise_id", picker_problem)
            return
        try:
            if self.record is None:
                result = self.service.create(self.spec.name, self.changes())
            else:
                changes = self.changes()
                if not changes:
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
        for name in self.spec.remembered:
            if name in self.spec.field_names:
                self.settings.set_last_value(self.spec.name, name, result.record.get(name))
        self.accept()

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
