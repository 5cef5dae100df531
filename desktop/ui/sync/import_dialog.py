"""Import packages: choose files, see a dry run's counts per package, then import for real.

Both passes run on the task helper with a progress dialog that can be cancelled at any stage:
each package is merged in one transaction, and cancelling rolls the current one back, so a
cancel never leaves half a package.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.sync import importer
from desktop.sync.importer import ImportResult
from desktop.ui.screens import ScreenContext

REJECTED_COLOUR = "#c62828"


def import_job(
    context: ScreenContext, paths: list[Path], dry_run: bool
) -> Generator[tuple[int, int], None, list[ImportResult]]:
    """Import (or dry-run) the packages one after another, yielding progress between them."""
    results: list[ImportResult] = []
    total = len(paths) * importer.STAGES
    for number, path in enumerate(paths):
        yield number * importer.STAGES, total
        steps = importer.import_steps(context.database, context.office, path, dry_run=dry_run)
        while True:
            try:
                stage = next(steps)
            except StopIteration as finished:
                results.append(finished.value)
                break
            yield number * importer.STAGES + stage, total
    yield total, total
    return results


class ImportDialog(QDialog):
    """The county's import: preview first, then commit."""

    imported = Signal()
    """Emitted after a real import merged at least one package."""
    held = Signal()
    """Packages of a new PC were kept for approval (the installations tab shows them)."""

    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.paths: list[Path] = []
        self.results: list[ImportResult] = []
        self.committed = False
        self.setWindowTitle(self.tr("Import packages"))
        self.resize(1000, 420)
        layout = QVBoxLayout(self)
        chooser = QHBoxLayout()
        self.choose_button = QPushButton(self.tr("Choose package files…"))
        self.choose_button.clicked.connect(self.choose_files)
        self.files_label = QLabel(self.tr("No files chosen"))
        chooser.addWidget(self.choose_button)
        chooser.addWidget(self.files_label, 1)
        layout.addLayout(chooser)
        self.table = QTableWidget(0, 11)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("File"),
                self.tr("From"),
                self.tr("No."),
                self.tr("Period"),
                self.tr("Status"),
                self.tr("Created"),
                self.tr("Updated"),
                self.tr("Unchanged"),
                self.tr("Deleted"),
                self.tr("Conflicts"),
                self.tr("Reason"),
            ]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(10, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)
        self.summary = QLabel(
            self.tr("Packages are checked first (a dry run); nothing is saved until you import.")
        )
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.commit)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)

    def choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Choose package files"),
            str(Path.home()),
            self.tr("Quality Desk packages (*.qdpkg *.zip);;All files (*)"),
        )
        if names:
            self.set_paths([Path(n) for n in names])

    def set_paths(self, paths: list[Path]) -> None:
        """Take these files and start the dry run."""
        self.paths = list(paths)
        self.committed = False
        self.files_label.setText(self.tr("%n file(s) chosen", "", len(self.paths)))
        self.import_button.setEnabled(False)
        self.context.runner.run_with_progress(
            self,
            self.tr("Checking packages…"),
            lambda: import_job(self.context, self.paths, dry_run=True),
            self._show_preview,
            self._failed,
        )

    def commit(self) -> None:
        """Import the previewed packages for real (rejected ones are skipped by themselves)."""
        paths = [
            Path(r.path)
            for r in self.results
            if r.status in (importer.STATUS_DRY_RUN, importer.STATUS_HELD)
        ]
        if not paths:
            return
        self.import_button.setEnabled(False)
        self.context.runner.run_with_progress(
            self,
            self.tr("Importing packages…"),
            lambda: import_job(self.context, paths, dry_run=False),
            self._show_committed,
            self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        self.context.errors.report(error, self)

    def _show_preview(self, results: list[ImportResult]) -> None:
        self._show(results)
        ready = sum(1 for r in results if r.status == importer.STATUS_DRY_RUN)
        held = self._count(results, importer.STATUS_HELD)
        self.import_button.setEnabled(ready + held > 0)
        self.summary.setText(
            self.tr("Dry run: %1 package(s) ready to import, %2 already imported, %3 rejected.")
            .replace("%1", str(ready))
            .replace("%2", str(self._count(results, importer.STATUS_ALREADY)))
            .replace("%3", str(self._count(results, importer.STATUS_REJECTED)))
            + (
                " "
                + self.tr("%1 from a new PC will be held for approval (终端登记).").replace(
                    "%1", str(held)
                )
                if held
                else ""
            )
        )

    def _show_committed(self, results: list[ImportResult]) -> None:
        self.committed = True
        self._show(results)
        merged = self._count(results, importer.STATUS_MERGED)
        conflicts = sum(r.totals.conflicts for r in results)
        held = self._count(results, importer.STATUS_HELD)
        self.summary.setText(
            self.tr("Imported %1 package(s); %2 conflict(s) wait for review.")
            .replace("%1", str(merged))
            .replace("%2", str(conflicts))
            + (
                " "
                + self.tr(
                    "%1 package(s) from a new PC are held: approve or decline the PC under "
                    "Installations after confirming its fingerprint by phone."
                ).replace("%1", str(held))
                if held
                else ""
            )
        )
        self.summary.setText(self.summary.text() + self.duplicates_text(results))
        if held:
            self.held.emit()
        if merged:
            self.imported.emit()

    def duplicates_text(self, results: list[ImportResult]) -> str:
        """Enterprises two PCs of one township each entered (same credit code): kept, shown."""
        found = {(d["credit_code"], d["name"]) for r in results for d in r.duplicates}
        if not found:
            return ""
        listed = "、".join(f"{name}（{code}）" for code, name in sorted(found)[:5])
        return "\n" + self.tr(
            "Likely duplicates (the same credit code entered on two PCs): %1"
        ).replace("%1", listed)

    @staticmethod
    def _count(results: list[ImportResult], status: str) -> int:
        return sum(1 for r in results if r.status == status)

    def status_text(self, result: ImportResult) -> str:
        return {
            importer.STATUS_DRY_RUN: self.tr("Ready to import"),
            importer.STATUS_MERGED: self.tr("Imported"),
            importer.STATUS_ALREADY: self.tr("Already imported"),
            importer.STATUS_REJECTED: self.tr("Rejected"),
            importer.STATUS_HELD: self.tr("Held: new PC awaits approval"),
        }[result.status]

    def _show(self, results: list[ImportResult]) -> None:
        self.results = results
        self.table.setRowCount(len(results))
        english = self.context.language == "en"
        for row, result in enumerate(results):
            totals = result.totals
            reason = (result.reason_en if english else result.reason_zh) or ""
            if result.key == "first_use" and result.fingerprint:
                trusted = (
                    self.tr("New key, would be trusted on import: %1 (dry run; confirm by phone)")
                    if result.status == importer.STATUS_DRY_RUN
                    else self.tr("New key trusted: %1 (confirm by phone)")
                )
                reason = trusted.replace("%1", result.fingerprint)
            if result.status == importer.STATUS_HELD:
                reason = (
                    self.tr("New PC “%1”, fingerprint %2: nothing merged until it is approved")
                    .replace("%1", result.pc_label or "")
                    .replace("%2", result.fingerprint or "")
                )
            cells = [
                Path(result.path).name,
                self.context.labels.township(result.owner, self.context.language)
                if result.owner
                else "",
                str(result.sequence or ""),
                result.period or "",
                self.status_text(result),
                str(totals.created),
                str(totals.updated),
                str(totals.unchanged),
                str(totals.deleted),
                str(totals.conflicts),
                reason,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (2, 5, 6, 7, 8, 9):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if result.status == importer.STATUS_REJECTED:
                    item.setForeground(QBrush(QColor(REJECTED_COLOUR)))
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
