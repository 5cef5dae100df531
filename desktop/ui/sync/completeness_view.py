"""Completeness: townships × months, each cell received / nothing to report / late / missing,
with sequence gaps, forks and hash-chain breaks named below the grid."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.sync import completeness as completeness_service
from desktop.sync.completeness import Completeness
from desktop.ui.screens import ScreenContext

COLOURS = {
    completeness_service.RECEIVED: "#c8e6c9",
    completeness_service.NOTHING: "#e3f2fd",
    completeness_service.LATE: "#ffe0b2",
    completeness_service.MISSING: "#ffcdd2",
    completeness_service.NOT_DUE: "#f5f5f5",
}
SYMBOLS = {
    completeness_service.RECEIVED: "✓",
    completeness_service.NOTHING: "○",
    completeness_service.LATE: "!",
    completeness_service.MISSING: "✗",
    completeness_service.NOT_DUE: "·",
}


class CompletenessView(QWidget):
    """The grid, its legend and the chain issues."""

    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.grid: Completeness | None = None
        layout = QVBoxLayout(self)
        self.legend = QLabel(
            " ".join(
                f"{SYMBOLS[state]} {self.state_name(state)}"
                for state in completeness_service.STATES
            )
        )
        layout.addWidget(self.legend)
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 3)
        self.issues_label = QLabel(self.tr("Sequence gaps, forks and hash-chain breaks"))
        layout.addWidget(self.issues_label)
        self.issues = QListWidget()
        layout.addWidget(self.issues, 1)

    def state_name(self, state: str) -> str:
        return {
            completeness_service.RECEIVED: self.tr("received"),
            completeness_service.NOTHING: self.tr("nothing to report"),
            completeness_service.LATE: self.tr("late"),
            completeness_service.MISSING: self.tr("missing"),
            completeness_service.NOT_DUE: self.tr("not yet due"),
        }[state]

    def issue_text(self, kind: str) -> str:
        return {
            "gap": self.tr("packages never imported"),
            "fork": self.tr(
                "two different packages with the same number (restored backup or copy)"
            ),
            "chain_break": self.tr("previous-package hash does not match"),
        }.get(kind, kind)

    def refresh(self) -> None:
        database, today = self.context.database, self.context.today()
        self.context.runner.run(
            lambda: completeness_service.completeness(database, today=today),
            self._show,
            lambda error: self.context.errors.report(error, self),
        )

    def _show(self, grid: Completeness) -> None:
        self.grid = grid
        self.table.setRowCount(len(grid.townships))
        self.table.setColumnCount(len(grid.months))
        self.table.setHorizontalHeaderLabels(grid.months)
        self.table.setVerticalHeaderLabels([name for _code, name in grid.townships])
        for row, (code, _name) in enumerate(grid.townships):
            for column, month in enumerate(grid.months):
                state = grid.cells[code][month]
                item = QTableWidgetItem(SYMBOLS[state])
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setBackground(QBrush(QColor(COLOURS[state])))
                tip = self.tr("{month}: {state}").format(month=month, state=self.state_name(state))
                waiting = grid.waiting_for(code, month)
                if waiting:
                    tip += "\n" + self.tr("Waiting for: %1").replace("%1", "、".join(waiting))
                item.setToolTip(tip)
                item.setData(Qt.ItemDataRole.UserRole, state)
                self.table.setItem(row, column, item)
        names = dict(grid.townships)
        self.issues.clear()
        for issue in grid.issues:
            self.issues.addItem(
                self.tr("{township} ({pc}): {problem} — {numbers}").format(
                    township=names.get(issue.owner, issue.owner),
                    pc=issue.label,
                    problem=self.issue_text(issue.kind),
                    numbers=issue.numbers(self.tr(", ", "between package numbers")),
                )
            )
        if not grid.issues:
            self.issues.addItem(self.tr("No gaps or breaks."))
