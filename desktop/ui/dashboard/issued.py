"""Issued 月报 and what changed since: each figure that moved, and the records behind it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.reports.snapshots import COLUMN_LABELS, Changes, FigureChange


def _number(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class IssuedChangesDialog(QDialog):
    """Issued reports, newest first, with the figures that changed since each was issued."""

    def __init__(self, changes: list[Changes], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Changes since the reports were issued"))
        self.resize(980, 520)
        layout = QVBoxLayout(self)
        if not changes:
            intro = self.tr("No monthly report has been issued yet.")
        else:
            intro = self.tr(
                "Issued reports keep their figures; these are the figures today's records would "
                "give instead, and the records that entered or left them."
            )
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        rows: list[tuple[Changes, FigureChange | None]] = []
        for change in changes:
            rows.extend((change, figure) for figure in change.figures)
            if not change.figures:
                rows.append((change, None))
        self.table = QTableWidget(len(rows), 6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Period"),
                self.tr("Issued"),
                self.tr("Target"),
                self.tr("Column"),
                self.tr("As issued"),
                self.tr("Now"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        for row, (change, figure) in enumerate(rows):
            info = change.info
            added = sum(len(ids) for ids in change.added.values())
            removed = sum(len(ids) for ids in change.removed.values())
            issued = f"{info.issued_at:%Y-%m-%d %H:%M} {info.issued_by}"
            if figure is None:
                cells = [info.period, issued, self.tr("Nothing changed"), "", "", ""]
            else:
                cells = [
                    info.period,
                    issued,
                    figure.name,
                    COLUMN_LABELS[figure.column],
                    _number(figure.issued),
                    _number(figure.now),
                ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(
                    self.tr("{added} records added, {removed} no longer counted").format(
                        added=added, removed=removed
                    )
                )
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
