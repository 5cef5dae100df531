"""The records behind a figure, listed in a dialog (the exact ids the engine counted).

Every column of the ledger is shown; a double-click (or Enter) opens the record in its form;
"Export to Excel…" writes every record behind the figure (not only those listed) to an .xlsx.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.reports.reads import DRILL_LIMIT, DrillRecords
from desktop.services.fields import LEDGERS
from desktop.ui.dashboard.data import drill_fields
from desktop.ui.display import ReferenceLabels, format_value

ID_ROLE = Qt.ItemDataRole.UserRole + 2


class DrillDownDialog(QDialog):
    """A read-only table of the records behind one figure, with their count."""

    def __init__(
        self,
        title: str,
        records: DrillRecords,
        labels: ReferenceLabels,
        language: str,
        parent: QWidget | None = None,
        open_record: Callable[[str, str], object] | None = None,
        export: Callable[[Path], None] | None = None,
        subtitle: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(1100, 600)
        self.records = records
        self.open_record = open_record
        self.export = export
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
        if open_record is not None:
            summary += " " + self.tr("Double-click a record to open it.")
        if subtitle:
            summary = f"{subtitle}\n{summary}"
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        fields = drill_fields(spec.name)
        self.fields = fields
        self.table = QTableWidget(len(records.rows), len(fields))
        self.table.setHorizontalHeaderLabels([f.label(language) for f in fields])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        for row, record in enumerate(records.rows):
            for column, fld in enumerate(fields):
                text = format_value(
                    fld, record.get(fld.name), labels, language, records.enterprises
                )
                item = QTableWidgetItem(text)
                item.setToolTip(text if len(text) > 30 else str(record["id"]))
                item.setData(ID_ROLE, str(record["id"]))
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        for column in range(len(fields)):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 260))
        header.setStretchLastSection(True)
        self.table.cellDoubleClicked.connect(lambda row, _column: self.open_row(row))
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = QPushButton(self.tr("Export to Excel…"))
        self.export_button.setEnabled(export is not None and total > 0)
        self.export_button.clicked.connect(self.ask_export)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.status = QLabel()
        layout.addWidget(self.status)

    def record_id(self, row: int) -> str | None:
        item = self.table.item(row, 0)
        value = item.data(ID_ROLE) if item is not None else None
        return str(value) if value else None

    def open_row(self, row: int) -> None:
        """Open the record of a row in its form (the ledger's own entry form)."""
        record_id = self.record_id(row)
        if record_id and self.open_record is not None:
            self.open_record(self.records.drill.ledger, record_id)

    def ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export records to Excel"), f"{self.windowTitle()}.xlsx", "Excel (*.xlsx)"
        )
        if path and self.export is not None:
            self.export(Path(path))

    def exported(self, path: Path, count: int) -> None:
        self.status.setText(
            self.tr("{count} records written to {name}").format(count=count, name=path.name)
        )
        self.status.setToolTip(str(path))
