"""The conflict queue: both versions of a record side by side, and a choice which to keep."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.fields import LEDGERS, Kind
from desktop.sync import conflicts as conflict_service
from desktop.sync.conflicts import ConflictView
from desktop.ui.screens import ScreenContext

DIFFERENT_BACKGROUND = "#fff3cd"


class ConflictsView(QWidget):
    """List of open conflicts; the selected one is compared field by field."""

    changed = Signal()

    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.conflicts: list[ConflictView] = []
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.list = QTableWidget(0, 4)
        self.list.setHorizontalHeaderLabels(
            [self.tr("Ledger"), self.tr("Record"), self.tr("Township"), self.tr("Found")]
        )
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.list.verticalHeader().setVisible(False)
        self.list.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.list.itemSelectionChanged.connect(self.show_selected)
        splitter.addWidget(self.list)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        self.compare = QTableWidget(0, 3)
        self.compare.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.compare.verticalHeader().setVisible(False)
        self._plain_compare_headers()
        header = self.compare.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        detail_layout.addWidget(self.compare, 1)
        buttons = QHBoxLayout()
        self.keep_mine = QPushButton(self.tr("Keep the current version"))
        self.keep_theirs = QPushButton(self.tr("Keep the other version"))
        self.keep_mine.clicked.connect(lambda: self.resolve("mine"))
        self.keep_theirs.clicked.connect(lambda: self.resolve("theirs"))
        buttons.addStretch(1)
        buttons.addWidget(self.keep_mine)
        buttons.addWidget(self.keep_theirs)
        detail_layout.addLayout(buttons)
        splitter.addWidget(detail)
        splitter.setSizes([140, 460])
        layout.addWidget(splitter, 1)
        self._enable(False)

    def refresh(self) -> None:
        database = self.context.database
        self.context.runner.run(
            lambda: conflict_service.list_conflicts(database), self._show, self._failed
        )

    def _failed(self, error: BaseException) -> None:
        self.context.errors.report(error, self)

    def _enable(self, enabled: bool) -> None:
        self.keep_mine.setEnabled(enabled)
        self.keep_theirs.setEnabled(enabled)

    def _show(self, conflicts: list[ConflictView]) -> None:
        self.conflicts = conflicts
        self.summary.setText(
            self.tr(
                "%1 conflict(s) wait for a decision. Nothing was overwritten silently: "
                "the other version is kept here until you choose."
            ).replace("%1", str(len(conflicts)))
            if conflicts
            else self.tr("No conflicts wait for a decision.")
        )
        self.list.setRowCount(len(conflicts))
        labels = self.context.labels
        for row, conflict in enumerate(conflicts):
            spec = LEDGERS[conflict.table]
            title = conflict.current.get(spec.title_field) or conflict.record_id
            cells = [
                spec.label(self.context.language),
                str(title),
                labels.township(conflict.owner, self.context.language),
                conflict.detected_at.replace("T", " "),
            ]
            for column, text in enumerate(cells):
                self.list.setItem(row, column, QTableWidgetItem(text))
        self.list.resizeColumnToContents(3)
        self.compare.setRowCount(0)
        self._enable(False)
        if conflicts:
            self.list.selectRow(0)

    def _plain_compare_headers(self) -> None:
        """Column titles while no conflict is chosen (Qt would show 1, 2, 3)."""
        self.compare.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("Current version"), self.tr("Other version")]
        )

    def selected(self) -> ConflictView | None:
        rows = self.list.selectionModel().selectedRows() if self.list.selectionModel() else []
        if not rows or rows[0].row() >= len(self.conflicts):
            return None
        return self.conflicts[rows[0].row()]

    def show_selected(self) -> None:
        conflict = self.selected()
        if conflict is None:
            self.compare.setRowCount(0)
            self._plain_compare_headers()
            self._enable(False)
            return
        current, lost = conflict.current, conflict.lost
        self.compare.setHorizontalHeaderLabels(
            [
                self.tr("Field"),
                self.tr("Current version — %1, %2")
                .replace("%1", str(current["updated_by"]))
                .replace("%2", str(current["updated_at"]).replace("T", " ")),
                self.tr("Other version — %1, %2")
                .replace("%1", str(lost["updated_by"]))
                .replace("%2", str(lost["updated_at"]).replace("T", " ")),
            ]
        )
        spec = LEDGERS[conflict.table]
        language = self.context.language
        rows: list[tuple[str, Any, Any]] = [
            (
                f.label(language),
                self._value(f.name, conflict, current),
                self._value(f.name, conflict, lost),
            )
            for f in spec.fields
        ]
        rows.append(
            (self.tr("Deleted"), self._yes_no(current["deleted"]), self._yes_no(lost["deleted"]))
        )
        rows.sort(key=lambda r: r[1] == r[2])  # the differences first, then the rest
        self.compare.setRowCount(len(rows))
        bold = QFont()
        bold.setBold(True)
        for row, (label, mine, theirs) in enumerate(rows):
            different = mine != theirs
            for column, text in enumerate((label, mine, theirs)):
                item = QTableWidgetItem(str(text))
                if different:
                    item.setBackground(QBrush(QColor(DIFFERENT_BACKGROUND)))
                    item.setFont(bold)
                self.compare.setItem(row, column, item)
        self._enable(True)

    def _yes_no(self, value: Any) -> str:
        return self.tr("Yes") if value else self.tr("No")

    def _value(self, name: str, conflict: ConflictView, version: dict[str, Any]) -> str:
        field = LEDGERS[conflict.table].field(name)
        value = version.get(name)
        if value is None:
            return ""
        language = self.context.language
        if field.choices:
            return field.choice_label(str(value), language)
        if field.kind is Kind.CATEGORY:
            return self.context.labels.category(str(value), language)
        if field.kind is Kind.TOWNSHIP:
            return self.context.labels.township(str(value), language)
        if field.kind in (Kind.ENTERPRISE, Kind.PROJECT):
            return conflict.names.get(str(value), str(value))
        if isinstance(value, bool):
            return self._yes_no(value)
        if isinstance(value, list):
            return "; ".join(" ".join(str(v) for v in item.values()) for item in value)
        return str(value)

    def resolve(self, keep: str) -> None:
        conflict = self.selected()
        if conflict is None:
            return
        self._enable(False)
        database, office = self.context.database, self.context.office
        self.context.runner.run(
            lambda: conflict_service.resolve(database, office, conflict.id, keep),
            self._resolved,
            self._failed,
        )

    def _resolved(self, _outcome: object) -> None:
        self.refresh()
        self.changed.emit()
