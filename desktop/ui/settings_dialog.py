"""设置 → 操作员: who is entering records at this PC now.

Several clerks share one PC; each change is recorded under the name chosen here. The names used
before are offered (last one first) and the last one is remembered for the next start; the login
name of the PC (``root``, ``Administrator``) is never offered.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.geometry import fit_window
from desktop.ui.settings import UiSettings

MAX_NAME = 64


class OperatorDialog(QDialog):
    """Choose or type the operator's name."""

    def __init__(
        self, settings: UiSettings, current: str, office_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Operator"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("Records you enter or change from now on are signed with this name.")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.addRow(self.tr("Office"), QLabel(office_name))
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        names = settings.operators()
        if current and current not in names:
            names.insert(0, current)
        self.name.addItems(names)
        self.name.setCurrentText(current)
        line = self.name.lineEdit()
        assert line is not None
        line.setMaxLength(MAX_NAME)
        line.selectAll()
        form.addRow(self.tr("Operator name"), self.name)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_window(self, 420, 200)
        self.name.setFocus()

    def chosen(self) -> str:
        return self.name.currentText().strip()

    def accept(self) -> None:
        if not self.chosen():
            self.error.setText(self.tr("Type your name."))
            self.error.show()
            return
        super().accept()
