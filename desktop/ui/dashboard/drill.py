"""The records behind a figure, listed in a dialog (the exact ids the engine counted)."""

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

from desktop.services.fields import LEDGERS
from desktop.ui.dashboard.data import DRILL_LIMIT, DrillRecords
from desktop.ui.display import ReferenceLabels, format_value, table_fields

MAX_COLUMNS = 9


class DrillDownDialog(QDialog):
    """A read-only table of the records behind one figure, with their count."""

    def __init__(
        self,
        title: str,
        records: DrillRecords,
        labels: ReferenceLabels,
        language: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(1000, 560)
        spec = LEDGERS[records.drill.ledger]
        total = len(records.drill.ids)
        layout = QVBoxLayout(self)
        summary = self.tr("{count} records in “{ledger}” lie behind this figure.").format(
            count=total, ledger=spec.label(language)
        )
        if total > DRILL_LIMIT:
            summary += " " + self.tr("The first {shown} are listed.").format(shown=DRILL_LIMIT)
        for ledger, ids in records.drill.supporting.items():
            summary += " " + self.tr("Supporting {ledger}: {count}.").format(
                ledger=LEDGERS[ledger].label(language), count=len(ids)
            )
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        fields = table_fields(spec)[:MAX_COLUMNS]
        self.table = QTableWidget(len(records.rows), len(fields))
        self.table.setHorizontalHeaderLabels([f.label(language) for f in fields])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        for row, record in enumerate(records.rows):
            for column, fld in enumerate(fields):
                text = format_value(
                    fld, record.get(fld.name), labels, language, records.enterprises
                )
                item = QTableWidgetItem(text)
                item.setToolTip(str(record["id"]))
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
