"""The reports screen: write the monthly report (月报) and import an enterprise list from Excel.

Both run the same core code as the command line (``desktop.reports.workbook`` and
``desktop.services.ledger_import``) on the task helper's thread. The import shows the column
mapping, a preview of the good rows and every refused row with its reason before anything is
written; "Import" then writes all good rows in one transaction.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.reports.edits import ReportEdits
from desktop.reports.monthly import Period, parse_period
from desktop.reports.reads import ReportReads
from desktop.reports.snapshots import Changes
from desktop.reports.workbook import ReportSummary
from desktop.services import import_writer, ledger_import
from desktop.services.fields import ENTERPRISES
from desktop.services.import_mapping import target_label
from desktop.services.ledger_import import ImportCheck
from desktop.ui.dashboard.issued import IssuedChangesDialog
from desktop.ui.screens import ScreenContext

PREVIEW_ROWS = 200


class ReportsView(QWidget):
    """月报 export and enterprise-list import, for clerks who do not use the command line."""

    records_changed = Signal(str)
    """"enterprises" after an enterprise list was imported (see desktop.ui.screens)."""

    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.checked: ImportCheck | None = None
        self.last_report: ReportSummary | None = None
        self.changes_dialog: IssuedChangesDialog | None = None
        self.imported = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self._report_box())
        layout.addWidget(self._import_box(), 1)

    # ---- 月报 -----------------------------------------------------------------------------------

    def _report_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Monthly report (Excel)"))
        form = QFormLayout(box)
        # a month and a township need no 1,100-pixel-wide fields
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.period = QDateEdit()
        self.period.setDisplayFormat("yyyy-MM")
        self.period.setCalendarPopup(True)
        today = self.context.today()
        previous = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)
        self.period.setDate(QDate(previous.year, previous.month, 1))
        form.addRow(self.tr("Period"), self.period)
        self.report_township = QComboBox()
        if self.context.office.township_code:
            self.report_township.addItem(
                self.context.office.display_name(), self.context.office.township_code
            )
            self.report_township.setEnabled(False)
        else:
            self.report_township.addItem(self.tr("Whole county, with a sheet per township"), None)
            for code in self.context.labels.townships:
                label = self.context.labels.township(code, self.context.language)
                self.report_township.addItem(label, code)
        form.addRow(self.tr("Scope"), self.report_township)
        row = QHBoxLayout()
        self.report_button = QPushButton(self.tr("Write monthly report…"))
        self.report_button.clicked.connect(self.ask_write_report)
        row.addWidget(self.report_button)
        self.issue_check = QCheckBox(self.tr("Issue and freeze it"))
        self.issue_check.setToolTip(
            self.tr(
                "Keep the workbook, its figures and the records behind them as issued: re-opened "
                "later, the report gives the same numbers even after late packages arrive."
            )
        )
        self.changes_button = QPushButton(self.tr("Changes since issued…"))
        self.changes_button.clicked.connect(self.show_changes)
        if self.context.office.is_county:
            row.addWidget(self.issue_check)
            row.addWidget(self.changes_button)
        else:
            self.issue_check.hide()
            self.changes_button.hide()
        self.report_status = QLabel()
        self.report_status.setWordWrap(True)
        row.addWidget(self.report_status, 1)
        form.addRow(row)
        return box

    def selected_period(self) -> Period:
        value = self.period.date()
        return parse_period(f"{value.year():04d}-{value.month():02d}", self.context.today())

    def ask_write_report(self) -> None:
        period = self.selected_period()
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the monthly report"),
            f"质量提升月报{period.code}.xlsx",
            "Excel (*.xlsx)",
        )
        if path:
            self.write_report(Path(path))

    def write_report(self, path: Path) -> None:
        """Write the 月报 of the chosen period and scope to ``path`` (in the background)."""
        period = self.selected_period()
        township = self.report_township.currentData()
        office, database, today = self.context.office, self.context.database, self.context.today()
        issue = self.issue_check.isChecked() and office.is_county

        def work() -> ReportSummary:
            scope = str(township) if township else None
            return ReportEdits(database, office).write_monthly(
                path, period, today, township=scope, issue=issue
            )

        self.report_status.setText(self.tr("Writing…"))
        self.context.runner.run(work, self._report_written, self._report_failed)

    def _report_written(self, summary: ReportSummary) -> None:
        self.last_report = summary
        if summary.issued:
            self.report_status.setText(
                self.tr("Issued and frozen: {path}").format(path=summary.path)
            )
            return
        self.report_status.setText(
            self.tr("Written: {path} ({sheets} sheets)").format(
                path=summary.path, sheets=len(summary.sheets)
            )
        )

    def show_changes(self) -> None:
        """List the issued reports and what changed in the records since each was issued."""
        database = self.context.database

        def show(changes: list[Changes]) -> None:
            self.changes_dialog = IssuedChangesDialog(changes, self)
            self.changes_dialog.open()

        self.context.runner.run(
            lambda: ReportReads(database).issued_changes(), show, self.context.errors.report
        )

    def _report_failed(self, error: BaseException) -> None:
        self.report_status.setText("")
        self.context.errors.report(error, self)

    # ---- enterprise import ---------------------------------------------------------------------

    def _import_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Import an enterprise list (Excel)"))
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.choose_button = QPushButton(self.tr("Choose workbook…"))
        self.choose_button.clicked.connect(self.ask_choose_workbook)
        row.addWidget(self.choose_button)
        self.import_button = QPushButton(self.tr("Import the good rows"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_good_rows)
        row.addWidget(self.import_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.import_summary = QLabel(
            self.tr(
                "Columns are matched by their header (统一社会信用代码, 企业名称, 所属乡镇, 行业, "
                "企业类型, 地址, 联系人, 联系电话, 备注). Nothing is written before you confirm."
            )
        )
        self.import_summary.setWordWrap(True)
        layout.addWidget(self.import_summary)
        self.preview = QTableWidget(0, 4)
        self.preview.setHorizontalHeaderLabels(
            [self.tr("Row"), self.tr("Credit code"), self.tr("Name"), self.tr("Check")]
        )
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().setVisible(False)
        self.preview.horizontalHeader().setStretchLastSection(True)
        self.preview.setColumnWidth(0, 60)
        self.preview.setColumnWidth(1, 180)
        self.preview.setColumnWidth(2, 300)
        layout.addWidget(self.preview, 1)
        return box

    def ask_choose_workbook(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose an enterprise list"), "", "Excel (*.xlsx)"
        )
        if path:
            self.check_workbook(Path(path))

    def check_workbook(self, path: Path) -> None:
        """Read and check a list (nothing is written); shows the preview when done."""
        database, office = self.context.database, self.context.office

        def work() -> ImportCheck:
            layout = ledger_import.detect_layout(path, "enterprises")
            mapping = ledger_import.mapping_for(database, "enterprises", layout)
            return ledger_import.run_check(
                database, office, path, "enterprises", [(layout, mapping)]
            )

        self.import_button.setEnabled(False)
        self.import_summary.setText(self.tr("Checking {name}…").format(name=path.name))
        self.context.runner.run(work, self._checked, self._import_failed)

    def _checked(self, checked: ImportCheck) -> None:
        self.checked = checked
        sheet = checked.sheets[0]
        headers, columns = sheet.layout.headers, sheet.mapping.columns
        spec = ENTERPRISES
        mapping = "、".join(
            f"{headers[index]}→{target_label(spec, name)}"
            for index, name in sorted(columns.items())
        )
        bad = len(checked.refused) + len(checked.duplicates)
        self.import_summary.setText(
            self.tr(
                "{rows} rows: {good} can be imported, {bad} refused. Columns: {mapping}"
            ).format(rows=checked.rows, good=len(checked.good), bad=bad, mapping=mapping)
        )
        code_at = next((i for i, n in columns.items() if n == "credit_code"), -1)
        name_at = next((i for i, n in columns.items() if n == "name"), -1)

        def cell(values: list[object], index: int) -> str:
            value = values[index] if 0 <= index < len(values) else None
            return "" if value is None else str(value)

        lines: list[tuple[int, str, str, str]] = [
            (p.row, cell(p.values, code_at), cell(p.values, name_at), "；".join(p.reasons))
            for p in checked.refused
        ]
        lines += [(d.row, "", d.summary, d.reason) for d in checked.duplicates]
        ok = self.tr("OK")
        positions = {name: i for i, name in enumerate(checked.columns)}
        lines += [
            (
                row,
                str(values[positions["credit_code"]] or ""),
                str(values[positions["name"]] or ""),
                ok,
            )
            for (_sheet, row), values in zip(checked.good_rows, checked.good, strict=True)
        ]
        lines = sorted(lines)[:PREVIEW_ROWS]
        self.preview.setRowCount(len(lines))
        for index, line in enumerate(lines):
            for column, value in enumerate(line):
                self.preview.setItem(index, column, QTableWidgetItem(str(value)))
        self.import_button.setText(
            self.tr("Import the {count} good rows").format(count=len(checked.good))
        )
        self.import_button.setEnabled(bool(checked.good))

    def import_good_rows(self) -> None:
        if self.checked is None or not self.checked.good:
            return
        database, office, checked = self.context.database, self.context.office, self.checked

        def work() -> int:
            return import_writer.run_write(database, office, checked).total

        self.import_button.setEnabled(False)
        self.context.runner.run(work, self._imported, self._import_failed)

    def _imported(self, count: int) -> None:
        self.imported = count
        self.checked = None
        if count:
            self.records_changed.emit("enterprises")  # the 企业名录 ledger shows them at once
        self.import_summary.setText(self.tr("{count} enterprises imported.").format(count=count))

    def _import_failed(self, error: BaseException) -> None:
        self.import_summary.setText("")
        self.context.errors.report(error, self)
