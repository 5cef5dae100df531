"""帮助 → 使用说明 (F1): the user guide inside the app, in the window's language.

The guide is an HTML page with the screenshots beside it in ``resources/help/`` (shipped with the
bundle and the wheel), shown in a ``QTextBrowser``: first start, entry, keys, drafts, the monthly
export, backups, the county's import, conflicts and reports. Links inside it jump to its sections.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop.resources import resources_dir
from desktop.ui.geometry import fit_window


def guide_name(language: str) -> str:
    return "guide_en.html" if language == "en" else "guide_zh.html"


class HelpDialog(QDialog):
    """The user guide."""

    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("User guide"))
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        folder = resources_dir() / "help"
        self.browser.setSearchPaths([str(folder)])
        self.browser.setSource(QUrl.fromLocalFile(str(folder / guide_name(language))))
        layout.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_window(self, 900, 700)
