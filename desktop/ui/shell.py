"""The main window's frame: navigation, the page stack, menus and status bar — no database.

It imports nothing but Qt classes (not even the ``Qt`` namespace, whose first import costs tens
of milliseconds), so the launcher can show it at once and fill it (screens, record counts) a
moment later; :mod:`desktop.ui.main_window` does the filling.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QColor, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from desktop.ui.geometry import fit_window, keep_on_screen
from desktop.ui.settings import UiSettings

if TYPE_CHECKING:
    from desktop.ui.changes import ChangeHub
    from desktop.ui.ledger_view import LedgerView
    from desktop.ui.screens import ScreenContext

LEDGER_PAGES = ("inspections", "certifications", "projects", "enterprises")
"""Ledger pages in navigation order; county statistics join them at the county office."""


class MainWindow(QMainWindow):
    """Navigation on the left, the chosen screen on the right, the status bar below."""

    language_changed = Signal(str)
    """The clerk chose another language (the application rebuilds the window)."""
    changes_applied = Signal(object)
    """Something was written (a :class:`~desktop.services.changes.Changes`), here or by another
    process; every view has been told."""
    closing = Signal()
    operator_changed = Signal(str)
    backup_requested = Signal()
    todo_requested = Signal()
    restore_requested = Signal()

    def __init__(self, settings: UiSettings, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.language = language
        self.context: ScreenContext | None = None
        self.hub: ChangeHub | None = None
        self.operator_dialog: QWidget | None = None
        self.help_dialog: QWidget | None = None
        self.todo_dialog: QWidget | None = None
        self.workspace: object | None = None
        self.setWindowTitle(self.tr("Quality Desk"))
        self.screens: dict[str, QWidget] = {}
        self.ledger_views: dict[str, LedgerView] = {}
        self.navigation = QListWidget()
        self.navigation.setIconSize(QSize(0, 0))
        self.navigation.setMaximumWidth(180)
        # A palette, not a style sheet: parsing one costs ~13 ms before the window can show.
        self.navigation.setFrameShape(QFrame.Shape.NoFrame)
        palette = self.navigation.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor("#f1f4f8"))
        palette.setColor(QPalette.ColorRole.Highlight, QColor("#1f6fb2"))
        palette.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
        self.navigation.setPalette(palette)
        font = self.navigation.font()
        font.setPointSize(11)
        self.navigation.setFont(font)
        self.navigation.setSpacing(2)
        self.stack = QStackedWidget()
        splitter = QSplitter()  # horizontal; the Qt namespace is not imported here (slow)
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([160, 1100])
        splitter.setCollapsible(0, False)
        # on a small or scaled screen (1366×768 at 150 % leaves 911×512) the pages scroll instead
        # of pushing the window past the screen's edge
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(splitter)
        self.setCentralWidget(scroll)
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.language_actions: dict[str, QAction] = {}
        self.office_label = QLabel(self.tr("Opening the ledger…"))
        self.counts_label = QLabel()
        self.sync_label = QLabel()
        for label in (self.office_label, self.counts_label, self.sync_label):
            self.statusBar().addWidget(label)
            label.setContentsMargins(6, 0, 12, 0)
        self.index_label = QLabel(self.tr("Updating the search index…"))
        self.index_label.setToolTip(
            self.tr("Searches work meanwhile; they get faster once the index is up to date.")
        )
        self.index_label.hide()
        self.statusBar().addPermanentWidget(self.index_label)
        self.progress: QProgressBar | None = None
        """A busy bar while the database is prepared (an upgrade at start)."""
        geometry = settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
            keep_on_screen(self)  # saved on a larger screen, or before the scaling changed
        else:
            fit_window(self, 1280, 780)  # 1366×768 with a taskbar: 1350×688 is what there is

    def show_progress(self, text: str) -> None:
        """Say in the status bar what the window waits for, with a busy bar beside it."""
        self.office_label.setText(text)
        if self.progress is None:
            self.progress = QProgressBar()
            self.progress.setRange(0, 0)  # busy: the upgrade cannot say how far it is
            self.progress.setMaximumWidth(160)
            self.statusBar().addWidget(self.progress)
        self.progress.show()

    def hide_progress(self) -> None:
        if self.progress is not None:
            self.progress.hide()
        self.office_label.setText(self.tr("Opening the ledger…"))

    # ---- screens -------------------------------------------------------------------------------

    def add_screen(self, key: str, title: str, widget: QWidget) -> None:
        self.screens[key] = widget
        self.stack.addWidget(widget)
        item = QListWidgetItem("  " + title)
        item.setSizeHint(QSize(150, 40))
        self.navigation.addItem(item)
        # a narrow window squeezes the pages, never the titles ("Inspecti…", "Certifica…")
        needed = self.navigation.sizeHintForColumn(0) + 2 * self.navigation.frameWidth() + 8
        self.navigation.setMinimumWidth(min(needed, self.navigation.maximumWidth()))
        if self.navigation.currentRow() < 0:
            self.navigation.setCurrentRow(0)

    def clear_screens(self) -> list[QWidget]:
        """Take every page out (the first page shown before the full layer, see
        :mod:`desktop.ui.quick_start`); returns them, the caller's to keep or delete."""
        self.navigation.blockSignals(True)
        self.navigation.clear()
        self.navigation.blockSignals(False)
        pages = list(self.screens.values())
        while (page := self.stack.widget(0)) is not None:
            self.stack.removeWidget(page)
        self.screens.clear()
        self.ledger_views.clear()
        return pages

    def show_screen(self, key: str) -> QWidget:
        """Show a page; returns its widget (a page built on first use is built now)."""
        widget = self.screens[key]
        self.navigation.setCurrentRow(self.stack.indexOf(widget))
        from desktop.ui.screens import LazyScreen  # loaded with the screens by now

        return widget.widget() if isinstance(widget, LazyScreen) else widget

    def navigation_titles(self) -> list[str]:
        return [self.navigation.item(i).text().strip() for i in range(self.navigation.count())]

    # ---- menu ----------------------------------------------------------------------------------

    def build_menu(self) -> None:
        """Add the menus (once). Not done in the constructor: the first key sequence makes
        PySide build Qt's key enums, tens of milliseconds the launcher spends after showing."""
        if self.language_actions:
            return
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        todo_action = QAction(self.tr("Today's work"), self)
        todo_action.setShortcut("Ctrl+T")
        todo_action.triggered.connect(self.todo_requested)
        file_menu.addAction(todo_action)
        backup_action = QAction(self.tr("Back up…"), self)
        backup_action.triggered.connect(self.backup_requested)
        file_menu.addAction(backup_action)
        restore_action = QAction(self.tr("Restore from a backup…"), self)
        restore_action.triggered.connect(self.restore_requested)
        file_menu.addAction(restore_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("Quit"), self)
        quit_action.setShortcut("Ctrl+Q")
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        settings_menu = self.menuBar().addMenu(self.tr("&Settings"))
        operator_action = QAction(self.tr("Operator…"), self)
        operator_action.triggered.connect(self.change_operator)
        settings_menu.addAction(operator_action)
        language_menu = settings_menu.addMenu(self.tr("Language"))
        group = QActionGroup(self)
        for code, label in (("zh", "简体中文"), ("en", "English")):
            action = QAction(label, self)
            action.setCheckable(True)
            action.setChecked(code == self.language)
            action.triggered.connect(lambda _checked=False, c=code: self.choose_language(c))
            group.addAction(action)
            language_menu.addAction(action)
            self.language_actions[code] = action
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        guide = QAction(self.tr("User guide"), self)
        guide.setShortcut("F1")
        guide.triggered.connect(self.show_help)
        help_menu.addAction(guide)
        about = QAction(self.tr("About"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def change_operator(self) -> bool:
        """设置 → 操作员: the name written on the records entered from now on."""
        from desktop.ui.settings_dialog import OperatorDialog

        if self.context is None:
            return False
        service = self.context.service
        dialog = OperatorDialog(
            self.settings, service.actor, self.context.office.display_name(self.language), self
        )
        self.operator_dialog = dialog
        if not dialog.exec():
            return False
        self.set_operator(dialog.chosen())
        return True

    def set_operator(self, name: str) -> None:
        if self.context is None or not name:
            return
        self.context.service.actor = name
        self.settings.operator = name
        self.settings.sync()
        self.operator_changed.emit(name)

    def choose_language(self, code: str) -> None:
        if code == self.language:
            return
        self.settings.language = code
        self.language_changed.emit(code)

    def show_help(self) -> QWidget:
        """F1: the user guide, in the window's language."""
        from desktop.ui.help import HelpDialog

        dialog = HelpDialog(self.language, self)
        self.help_dialog = dialog
        dialog.show()
        return dialog

    def _about(self) -> None:
        from desktop import __version__

        QMessageBox.about(
            self,
            self.tr("About"),
            self.tr(
                "Quality Desk {version}\nLedger of the county's Quality Improvement Action."
            ).format(version=__version__),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.set_geometry(self.saveGeometry())
        self.settings.sync()
        self.closing.emit()
        super().closeEvent(event)
