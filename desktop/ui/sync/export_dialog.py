"""Export the month's package at a township (or the reference package at the county)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.sync import export
from desktop.sync.completeness import month_after
from desktop.sync.export import ExportResult
from desktop.sync.outbox import previous_month
from desktop.ui.file_actions import FileDoneBar
from desktop.ui.screens import ScreenContext

MONTHS_OFFERED = 13


def recent_months(today: date, count: int = MONTHS_OFFERED) -> list[str]:
    """This month and the ones before it, newest first."""
    first = f"{today.year - 1:04d}-{today.month:02d}"
    months: list[str] = []
    current = first
    while len(months) < count:
        months.append(current)
        current = month_after(current)
    return list(reversed(months))


class ExportDialog(QDialog):
    """Period, "all records", destination folder; the export runs off the GUI thread."""

    exported = Signal(object)

    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.written: ExportResult | None = None
        county = context.office.is_county
        self.setWindowTitle(
            self.tr("Export reference data") if county else self.tr("Export monthly package")
        )
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.period = QComboBox()
        today = context.today()
        months = recent_months(today)
        self.period.addItems(months)
        default = f"{today:%Y-%m}" if county else previous_month(today)
        self.period.setCurrentIndex(months.index(default) if default in months else 0)
        form.addRow(self.tr("Reporting month"), self.period)
        self.full = QCheckBox(self.tr("All records, not only the changes since the last export"))
        self.full.setVisible(not county)
        self.summary = QCheckBox(self.tr("Also write a readable Excel summary beside it"))
        self.summary.setChecked(not county)
        self.summary.setVisible(not county)
        if not county:
            form.addRow("", self.full)
            form.addRow("", self.summary)
        folder_row = QHBoxLayout()
        self.folder = QLineEdit(str(context.data_dir / "outbox"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self.choose_folder)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        form.addRow(self.tr("Save to folder"), folder_row)
        layout.addLayout(form)
        self.message = QLabel(
            self.tr("The package holds every change since the last export and is signed.")
        )
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.done_bar = FileDoneBar()  # 打开文件夹 / 复制到U盘 once the package is written
        layout.addWidget(self.done_bar)
        buttons = QDialogButtonBox()
        self.export_button = buttons.addButton(
            self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.clicked.connect(self.start)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)  # room for a real folder path

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Save to folder"), self.folder.text()
        )
        if folder:
            self.folder.setText(folder)

    def start(self) -> None:
        self.export_button.setEnabled(False)
        context, period, full = self.context, self.period.currentText(), self.full.isChecked()
        summary = self.summary.isChecked()
        out = Path(self.folder.text())
        self.message.setText(self.tr("Writing the package…"))
        if context.office.is_county:
            context.runner.run(
                lambda: export.export_all(context.database, context.office, out, period),
                self._done_all,
                self._failed,
            )
            return
        context.runner.run(
            lambda: export.export_data(
                context.database, context.office, out, period, full, summary=summary
            ),
            self._done,
            self._failed,
        )

    def _done_all(self, results: list[ExportResult]) -> None:
        """County: one reference package per township, each with that township's own records."""
        self.export_button.setEnabled(True)
        if not results:
            return
        self.written = results[-1]
        self.message.setText(
            self.tr("%1 reference packages written to %2 (one per township, with its records).")
            .replace("%1", str(len(results)))
            .replace("%2", str(results[0].path.parent))
        )
        self.exported.emit(results[-1])

    def _failed(self, error: BaseException) -> None:
        self.export_button.setEnabled(True)
        self.message.setText("")
        self.context.errors.report(error, self)

    def _done(self, result: ExportResult) -> None:
        self.written = result
        self.export_button.setEnabled(True)
        if result.nothing_to_report:
            what = self.tr("Nothing changed: the package says \u201cnothing to report\u201d.")
        else:
            what = self.tr("%1 record(s).").replace("%1", str(sum(result.records.values())))
        sealed = self.tr(" Encrypted to the county.") if result.sealed else ""
        self.message.setText(
            self.tr("Package No. %1 written: %2")
            .replace("%1", str(result.sequence))
            .replace("%2", str(result.path))
            + "\n"
            + what
            + sealed
            + (
                "\n" + self.tr("Summary: %1").replace("%1", str(result.summary_path))
                if result.summary_path
                else ""
            )
        )
        self.done_bar.show_file(result.path)
        self.exported.emit(result)
