"""文件 → 导入 Excel 台账…: a wizard that brings a township's own spreadsheet into a ledger.

File → sheet → mapping → preview → import. Every step that reads the file or the database runs
on the task helper's thread; checking and writing are the core generators of
``desktop.services.ledger_import`` and ``desktop.services.import_writer``, shown with a
cancellable progress dialog. Nothing is written before the last step (a preview is a dry run: it
does not even remember the mapping); the import writes every good row in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.db import Database
from desktop.services import import_writer, ledger_import, spreadsheet
from desktop.services.fields import LEDGERS
from desktop.services.import_mapping import DERIVATIONS, Mapping, target_label, targets
from desktop.services.import_values import as_text
from desktop.services.ledger_import import ImportCheck, SheetLayout
from desktop.services.office import Office
from desktop.ui.errors import ErrorReporter
from desktop.ui.tasks import TaskRunner

PREVIEW_LIMIT = 500
SAMPLE_ROWS = 3
FILE_FILTER = "Excel / WPS / CSV (*.xlsx *.xlsm *.csv *.txt)"


class ImportWizard(QWizard):
    """The import wizard; ``records_changed`` names the ledger after a successful import."""

    records_changed = Signal(str)

    def __init__(
        self,
        database: Database,
        office: Office,
        runner: TaskRunner,
        errors: ErrorReporter,
        language: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.office = office
        self.runner = runner
        self.errors = errors
        self.language = language
        self.path: Path | None = None
        self.sheets: list[spreadsheet.SheetInfo] = []
        self.layouts: list[SheetLayout] = []
        self.all_sheets = False
        """Also import the other sheets whose header has the same layout."""
        self.mapping: Mapping | None = None
        self.check: ImportCheck | None = None
        self.summary: import_writer.WriteSummary | None = None
        self.setWindowTitle(self.tr("Import an Excel ledger"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.file_page = FilePage(self)
        self.sheet_page = SheetPage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        for page in (self.file_page, self.sheet_page, self.mapping_page, self.preview_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Import"))
        self.resize(980, 640)

    @property
    def ledger(self) -> str:
        return self.file_page.ledger()

    def fail(self, error: BaseException) -> None:
        if type(error).__name__ == "CancelledError":
            return
        self.errors.report(error, self)

    def accept(self) -> None:
        """The last step: write the checked rows (with progress), then close."""
        check = self.check
        if check is None:
            return
        database, office = self.database, self.office

        def done(summary: import_writer.WriteSummary) -> None:
            self.summary = summary
            self.records_changed.emit("*" if len(summary.written) > 1 else check.ledger)
            self.preview_page.show_written(summary)
            super(ImportWizard, self).accept()

        self.runner.run_with_progress(
            self,
            self.tr("Importing…"),
            lambda: import_writer.write(database, office, check),
            done,
            self.fail,
        )


class FilePage(QWizardPage):
    """Step 1: which ledger, which file."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.owner = wizard
        self.setTitle(self.tr("File"))
        self.setSubTitle(
            self.tr(
                "Choose the ledger and the office's own spreadsheet (.xlsx from Excel or WPS, "
                "or .csv). Nothing is written until the last step."
            )
        )
        form = QFormLayout(self)
        self.ledger_box = QComboBox()
        for name, spec in LEDGERS.items():
            if name == "manual_statistics" and not wizard.office.is_county:
                continue
            self.ledger_box.addItem(spec.label(wizard.language), name)
        self.ledger_box.setCurrentIndex(max(0, self.ledger_box.findData("inspections")))
        form.addRow(self.tr("Ledger"), self.ledger_box)
        row = QHBoxLayout()
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText(self.tr("Path of the file"))
        self.file_edit.textChanged.connect(self.completeChanged)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self.browse)
        row.addWidget(self.file_edit, 1)
        row.addWidget(browse)
        form.addRow(self.tr("File"), row)

    def ledger(self) -> str:
        return str(self.ledger_box.currentData())

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a spreadsheet"), self.file_edit.text(), FILE_FILTER
        )
        if path:
            self.file_edit.setText(path)

    def isComplete(self) -> bool:
        return bool(self.file_edit.text().strip())

    def validatePage(self) -> bool:
        path = Path(self.file_edit.text().strip()).expanduser()
        if not path.is_file():
            self.owner.errors.show_message(
                self.tr("There is no file {path}.").format(path=path), self
            )
            return False
        self.owner.path = path
        return True


class SheetPage(QWizardPage):
    """Step 2: which sheet (or all sheets with the same layout), and where its header is."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.owner = wizard
        self.ready = False
        self.setTitle(self.tr("Sheet"))
        self.setSubTitle(
            self.tr("The header row is found by its column names; correct it if it is wrong.")
        )
        form = QFormLayout(self)
        self.sheet_box = QComboBox()
        self.sheet_box.currentIndexChanged.connect(self.detect)
        form.addRow(self.tr("Sheet"), self.sheet_box)
        self.all_sheets = QCheckBox(self.tr("Also every other sheet with the same header"))
        form.addRow("", self.all_sheets)
        self.header_row = QSpinBox()
        self.header_row.setRange(1, 1000)
        self.header_row.editingFinished.connect(lambda: self.detect(manual=True))
        form.addRow(self.tr("Header row"), self.header_row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        form.addRow(self.status)

    def initializePage(self) -> None:
        self.ready = False
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        self.sheet_box.blockSignals(False)
        path = self.owner.path
        assert path is not None
        self.status.setText(self.tr("Reading {name}…").format(name=path.name))

        def listed(sheets: list[spreadsheet.SheetInfo]) -> None:
            self.owner.sheets = sheets
            self.sheet_box.blockSignals(True)
            for info in sheets:
                self.sheet_box.addItem(info.name)
            self.sheet_box.blockSignals(False)
            self.all_sheets.setEnabled(len(sheets) > 1)
            self.detect()

        self.owner.runner.run(lambda: spreadsheet.list_sheets(path), listed, self._failed)

    def detect(self, _index: int = 0, manual: bool = False) -> None:
        path, ledger = self.owner.path, self.owner.ledger
        sheet = self.sheet_box.currentText()
        if path is None or not sheet:
            return
        row = self.header_row.value() if manual else None
        self.ready = False
        self.completeChanged.emit()

        def found(layout: SheetLayout) -> None:
            self.owner.layouts = [layout]
            self.header_row.setValue(layout.header_row)
            names = "、".join(str(h) for h in layout.headers if h)
            self.status.setText(
                self.tr("Header on row {row}: {names}").format(row=layout.header_row, names=names)
            )
            self.ready = True
            self.completeChanged.emit()

        self.owner.runner.run(
            lambda: ledger_import.detect_layout(path, ledger, sheet, row), found, self._failed
        )

    def _failed(self, error: BaseException) -> None:
        self.status.setText(str(error))
        self.ready = False
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.ready

    def validatePage(self) -> bool:
        self.owner.all_sheets = self.all_sheets.isChecked()
        return True


class MappingPage(QWizardPage):
    """Step 3: which column is which field; defaults and derivations for what the file lacks."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.owner = wizard
        self.setTitle(self.tr("Columns"))
        self.setSubTitle(
            self.tr(
                "Each column of the file and the field it goes to (proposed from the header, or "
                "as last time for this layout). Choose “—” to leave a column out."
            )
        )
        layout = QVBoxLayout(self)
        self.source = QLabel()
        layout.addWidget(self.source)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Column in the file"), self.tr("First values"), self.tr("Field")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 200)
        self.table.setColumnWidth(2, 240)
        layout.addWidget(self.table, 1)
        self.defaults_box = QGroupBox(self.tr("Where the file has no value"))
        self.defaults_form = QFormLayout(self.defaults_box)
        layout.addWidget(self.defaults_box)
        self.combos: dict[int, QComboBox] = {}
        self.default_edits: dict[str, QLineEdit] = {}
        self.derive_boxes: dict[str, QCheckBox] = {}

    def initializePage(self) -> None:
        wizard = self.owner
        layout = wizard.layouts[0]
        path = wizard.path
        assert path is not None
        spec = LEDGERS[wizard.ledger]

        def loaded(result: tuple[Mapping, list[list[Any]]]) -> None:
            mapping, samples = result
            wizard.mapping = mapping
            self._fill(spec, layout, mapping, samples)

        def load() -> tuple[Mapping, list[list[Any]]]:
            mapping = ledger_import.mapping_for(wizard.database, wizard.ledger, layout)
            return mapping, ledger_import.sample_rows(path, layout, SAMPLE_ROWS)

        wizard.runner.run(load, loaded, wizard.fail)

    def _fill(
        self, spec: Any, layout: SheetLayout, mapping: Mapping, samples: list[list[Any]]
    ) -> None:
        language = self.owner.language
        self.source.setText(
            self.tr("Mapping remembered from the last import of this layout.")
            if mapping.source == "remembered"
            else self.tr("Mapping proposed from the header texts.")
        )
        self.table.setRowCount(len(layout.headers))
        self.combos.clear()
        choices: list[tuple[str | None, str]] = [(None, "—")]
        for name in targets(spec):
            choices.append((name, target_label(spec, name, language)))
        for row, header in enumerate(layout.headers):
            self.table.setItem(row, 0, QTableWidgetItem("" if header is None else str(header)))
            values = [as_text(s[row]) for s in samples if row < len(s) and s[row] is not None]
            self.table.setItem(row, 1, QTableWidgetItem("；".join(values)))
            combo = QComboBox()
            for choice, label in choices:
                combo.addItem(label, choice)
            combo.setCurrentIndex(max(0, combo.findData(mapping.columns.get(row))))
            self.table.setCellWidget(row, 2, combo)
            self.combos[row] = combo
        while self.defaults_form.rowCount():
            self.defaults_form.removeRow(0)
        self.default_edits.clear()
        self.derive_boxes.clear()
        for fld in spec.fields:
            if not fld.required or fld.name in ("enterprise_id", "project_id"):
                continue
            if fld.name == "township_code" and self.owner.office.township_code:
                continue
            if fld.name in mapping.columns.values() and fld.name not in mapping.defaults:
                continue  # the file has the column: only what it lacks needs a value
            edit = QLineEdit(str(mapping.defaults.get(fld.name, "")))
            edit.setPlaceholderText(self.tr("value for rows without one"))
            self.defaults_form.addRow(fld.label(language), edit)
            self.default_edits[fld.name] = edit
        for name, (rule, meaning) in DERIVATIONS.get(spec.name, {}).items():
            box = QCheckBox(
                self.tr("{field}: {meaning}").format(
                    field=spec.field(name).label(language), meaning=meaning
                )
            )
            box.setChecked(mapping.derive.get(name) == rule)
            self.defaults_form.addRow(box)
            self.derive_boxes[name] = box

    def validatePage(self) -> bool:
        wizard = self.owner
        mapping = wizard.mapping
        if mapping is None:
            return False
        columns: dict[int, str] = {}
        for row, combo in self.combos.items():
            target = combo.currentData()
            if target is None:
                continue
            if target in columns.values():
                wizard.errors.show_message(
                    self.tr("“{field}” is chosen for two columns.").format(
                        field=combo.currentText()
                    ),
                    self,
                )
                return False
            columns[row] = str(target)
        rules = DERIVATIONS.get(wizard.ledger, {})
        wizard.mapping = Mapping(
            wizard.ledger,
            columns,
            {n: e.text().strip() for n, e in self.default_edits.items() if e.text().strip()},
            {n: rules[n][0] for n, b in self.derive_boxes.items() if b.isChecked()},
            mapping.values,
            mapping.header_row,
            mapping.source,
        )
        return True


class PreviewPage(QWizardPage):
    """Step 4: the dry run — what would be created, the duplicates, every refused row."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.owner = wizard
        self.setTitle(self.tr("Preview"))
        self.setSubTitle(self.tr("Nothing has been written yet. “Import” writes the good rows."))
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Result"), self.tr("Sheet"), self.tr("Row"), self.tr("Record or reason")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 90)
        self.table.setColumnWidth(1, 120)
        self.table.setColumnWidth(2, 60)
        layout.addWidget(self.table, 1)
        self.errors_button = QPushButton(self.tr("Save the refused rows as a workbook…"))
        self.errors_button.clicked.connect(self.save_refused)
        layout.addWidget(self.errors_button, 0, Qt.AlignmentFlag.AlignLeft)

    def initializePage(self) -> None:
        wizard = self.owner
        wizard.check = None
        self.completeChanged.emit()
        self.summary.setText(self.tr("Checking every row…"))
        self.table.setRowCount(0)
        path, mapping = wizard.path, wizard.mapping
        assert path is not None and mapping is not None
        database, office, ledger = wizard.database, wizard.office, wizard.ledger
        first, every = wizard.layouts[0], wizard.all_sheets

        def job() -> ledger_import.Progress:
            layouts = ledger_import.same_layout_sheets(path, ledger, first) if every else [first]
            plan = [(layout, mapping) for layout in layouts]
            return ledger_import.check(database, office, path, ledger, plan)

        wizard.runner.run_with_progress(
            wizard,
            self.tr("Checking {name}…").format(name=path.name),
            job,
            self.show_check,
            self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        self.summary.setText(self.tr("The check stopped: {reason}").format(reason=error))
        self.owner.fail(error)

    def show_check(self, check: ImportCheck) -> None:
        wizard = self.owner
        wizard.check = check
        spec = LEDGERS[check.ledger]
        counts = check.counts()[check.ledger]
        text = self.tr(
            "{created} new records, {duplicate} duplicates skipped, {refused} refused "
            "({skipped} blank or subtotal rows skipped)."
        ).format(**counts, skipped=check.skipped)
        if check.new_enterprises:
            text += " " + self.tr("{count} enterprises will be created.").format(
                count=len(check.new_enterprises)
            )
        if check.derived:
            text += " " + self.tr("Defaults or derived values: {fields}.").format(
                fields="、".join(
                    f"{spec.field(n).label(wizard.language)} × {c}"
                    for n, c in check.derived.items()
                )
            )
        self.summary.setText(text)
        lines: list[tuple[str, str, int, str]] = []
        refused, duplicate, good = self.tr("Refused"), self.tr("Duplicate"), self.tr("New")
        lines += [(refused, r.sheet, r.row, "；".join(r.reasons)) for r in check.refused]
        lines += [(duplicate, d.sheet, d.row, f"{d.summary}：{d.reason}") for d in check.duplicates]
        for item in check.preview:
            title = item.get(spec.title_field)
            day = item.get(spec.date_field) if spec.date_field else None
            summary = " ".join(as_text(v) for v in (title, day) if v not in (None, ""))
            lines.append((good, str(item["sheet"]), int(item["row"]), summary))
        lines = lines[:PREVIEW_LIMIT]
        self.table.setRowCount(len(lines))
        for index, line in enumerate(lines):
            for column, value in enumerate(line):
                self.table.setItem(index, column, QTableWidgetItem(str(value)))
        self.errors_button.setEnabled(bool(check.refused))
        self.completeChanged.emit()

    def show_written(self, summary: import_writer.WriteSummary) -> None:
        self.summary.setText(self.tr("{count} records imported.").format(count=summary.total))

    def isComplete(self) -> bool:
        check = self.owner.check
        return check is not None and bool(check.good or check.new_enterprises)

    def save_refused(self, path: str | None = None) -> None:
        check = self.owner.check
        if check is None:
            return
        if not path:
            suggested = str(check.path.with_name(f"{check.path.stem}-未导入.xlsx"))
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save the refused rows"), suggested, "Excel (*.xlsx)"
            )
        if not path:
            return
        target = Path(path)

        def saved(count: int) -> None:
            self.summary.setText(
                self.tr("{count} refused rows written to {path}.").format(count=count, path=target)
            )

        from desktop.reports.import_errors import write_error_report  # openpyxl: not at start

        self.owner.runner.run(lambda: write_error_report(target, check), saved, self.owner.fail)


def add_import_action(
    window: QMainWindow,
    database: Database,
    office: Office,
    runner: TaskRunner,
    errors: ErrorReporter,
    language: str,
    on_imported: Callable[[str], None],
) -> QAction:
    """Put 导入 Excel 台账… in the window's File menu (before Quit)."""
    menu = window.menuBar().actions()[0].menu()
    assert isinstance(menu, QMenu)  # the File menu that MainWindow.build_menu made first
    action = QAction(QCoreApplication.translate("ImportWizard", "Import Excel ledger…"), window)
    action.setShortcut("Ctrl+I")

    def open_wizard() -> None:
        wizard = ImportWizard(database, office, runner, errors, language, window)
        wizard.records_changed.connect(on_imported)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.open()

    action.triggered.connect(open_wizard)
    existing = menu.actions()
    if existing:  # before Quit, with a separator between
        menu.insertAction(existing[0], action)
        menu.insertSeparator(existing[0])
    else:
        menu.addAction(action)
    return action
