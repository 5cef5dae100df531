"""First run: say which office this is (county or one of the townships), who works here, and
where the data is kept. Later starts open straight into the main window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.db import Database
from desktop.errors import QualityDeskError
from desktop.services import reference
from desktop.services.office import Office, init_office
from desktop.ui.combos import make_searchable
from desktop.ui.geometry import fit_window


class OfficePage(QWizardPage):
    """County office or a township, chosen from the county's townships."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Which office is this?"))
        self.setSubTitle(
            self.tr("A township office records its own township; the county office merges all.")
        )
        layout = QVBoxLayout(self)
        self.township_button = QRadioButton(self.tr("Township office"))
        self.county_button = QRadioButton(self.tr("County office"))
        # nothing chosen for the clerk: "下一步" waits for a township or the county, so nobody
        # is registered as the first township in the list by clicking through
        group = QButtonGroup(self)
        group.addButton(self.township_button)
        group.addButton(self.county_button)
        layout.addWidget(self.township_button)
        self.township = QComboBox()
        for row in reference.township_rows():
            if row.get("active", True):
                self.township.addItem(f"{row['name_zh']}  {row['code']}", row["code"])
        make_searchable(self.township)
        self.township.setCurrentIndex(-1)
        line = self.township.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("Choose your township (type to search)"))
        layout.addWidget(self.township)
        layout.addWidget(self.county_button)
        self.hint = QLabel(self.tr("Choose the township of this office, or the county office."))
        self.hint.setStyleSheet("color: #5f6368;")
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.county_button.toggled.connect(lambda county: self.township.setEnabled(not county))
        self.township_button.toggled.connect(self.completeChanged)
        self.county_button.toggled.connect(self.completeChanged)
        self.township.currentIndexChanged.connect(self._township_chosen)

    def _township_chosen(self, index: int) -> None:
        if index >= 0 and not self.county_button.isChecked():
            self.township_button.setChecked(True)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        if self.county_button.isChecked():
            return True
        return self.township_button.isChecked() and self.township.currentIndex() >= 0


class OperatorPage(QWizardPage):
    """Who enters the records (written on every change)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Who works here?"))
        self.setSubTitle(self.tr("Your name is recorded with every record you enter or change."))
        layout = QFormLayout(self)
        self.operator = QLineEdit()
        self.operator.setMaxLength(64)
        layout.addRow(self.tr("Operator name"), self.operator)
        self.operator.setPlaceholderText(self.tr("Your name, e.g. 张三"))
        self.registerField("operator*", self.operator)
        # no login name offered: on office PCs it is "Administrator" or "root", not a clerk


class FolderPage(QWizardPage):
    """Shows where the database will be kept."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Data folder"))
        self.setSubTitle(self.tr("The ledger is kept in this folder. Back it up regularly."))
        layout = QVBoxLayout(self)
        folder = QLabel(str(data_dir))
        folder.setWordWrap(True)
        folder.setStyleSheet("font-family: monospace; padding: 6px; background: #f4f6f8;")
        layout.addWidget(folder)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        layout.addStretch(1)


class FirstRunWizard(QWizard):
    """Creates this office's database; ``office`` is set when it finishes."""

    def __init__(self, data_dir: Path, language: str = "zh", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.language = language
        self.office: Office | None = None
        self.database: Database | None = None
        self.setWindowTitle(self.tr("Quality Desk — first start"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.office_page = OfficePage(language)
        self.operator_page = OperatorPage()
        self.folder_page = FolderPage(data_dir)
        self.addPage(self.office_page)
        self.addPage(self.operator_page)
        self.addPage(self.folder_page)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Create"))
        fit_window(self, 560, 380)

    def validateCurrentPage(self) -> bool:
        if self.currentPage() is not self.folder_page:
            return True
        return self.create_office()

    def create_office(self) -> bool:
        county = self.office_page.county_button.isChecked()
        township = None if county else str(self.office_page.township.currentData())
        operator = self.operator_page.operator.text().strip()
        database = Database.for_data_dir(self.data_dir)
        try:
            self.office = init_office(
                database, township_code=township, county=county, operator=operator
            )
        except (QualityDeskError, OSError) as error:
            database.dispose()
            message = (
                error.message(self.language) if isinstance(error, QualityDeskError) else str(error)
            )
            self.folder_page.error.setText(message)
            return False
        self.database = database
        return True
