"""The main window: navigation between the ledgers (and screens other parts add), a status bar
with office, operator, record counts and the last export and import."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)
from sqlalchemy import inspect, text

from desktop import __version__
from desktop.services import stats
from desktop.services.fields import LEDGERS
from desktop.ui.ledger_view import LedgerView
from desktop.ui.projects_view import ProjectsView
from desktop.ui.screens import Screen, ScreenContext, extra_screens

LEDGER_PAGES = ("inspections", "certifications", "projects", "enterprises")
"""Ledger pages in navigation order; county statistics join them at the county office."""


class MainWindow(QMainWindow):
    """Navigation on the left, the chosen screen on the right, the status bar below."""

    language_changed = Signal(str)
    """The clerk chose another language (the application rebuilds the window)."""
    records_written = Signal(str)
    """A record was saved or deleted in this window (its ledger)."""

    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(
            self.tr("Quality Desk — {office}").format(
                office=context.office.display_name(context.language)
            )
        )
        self.screens: dict[str, QWidget] = {}
        self.ledger_views: dict[str, LedgerView] = {}
        self.navigation = QListWidget()
        self.navigation.setIconSize(QSize(0, 0))
        self.navigation.setMaximumWidth(180)
        self.navigation.setStyleSheet(
            "QListWidget { border: none; background: #f1f4f8; font-size: 11pt; }"
            "QListWidget::item { padding: 10px 12px; }"
            "QListWidget::item:selected { background: #1f6fb2; color: white; }"
        )
        self.stack = QStackedWidget()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([160, 1100])
        self.setCentralWidget(splitter)
        for screen in self._screens():
            self.add_screen(screen)
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.navigation.setCurrentRow(0)
        self._build_menu()
        self.office_label = QLabel()
        self.counts_label = QLabel()
        self.sync_label = QLabel()
        for label in (self.office_label, self.counts_label, self.sync_label):
            self.statusBar().addWidget(label)
            label.setContentsMargins(6, 0, 12, 0)
        self.update_status()
        geometry = context.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 780)

    # ---- screens -------------------------------------------------------------------------------

    def _screens(self) -> list[Screen]:
        c = self.context
        common = (c.service, c.labels, c.settings, c.runner, c.errors, c.language, c.today)
        screens = []
        for name in LEDGER_PAGES:
            if name == "projects":
                projects = ProjectsView(*common, search=c.search)
                self.ledger_views["projects"] = projects.projects
                self.ledger_views["project_progress"] = projects.progress
                screens.append(Screen(name, LEDGERS[name].label(c.language), projects))
                continue
            view = LedgerView(LEDGERS[name], *common, search=c.search)
            self.ledger_views[name] = view
            screens.append(Screen(name, LEDGERS[name].label(c.language), view))
        if c.office.is_county:
            view = LedgerView(LEDGERS["manual_statistics"], *common, search=c.search)
            self.ledger_views["manual_statistics"] = view
            screens.append(Screen("manual_statistics", view.spec.label(c.language), view))
        for view in self.ledger_views.values():
            view.records_changed.connect(self._records_changed)
        return screens + extra_screens(c)

    def add_screen(self, screen: Screen) -> None:
        self.screens[screen.key] = screen.widget
        self.stack.addWidget(screen.widget)
        item = QListWidgetItem(screen.title)
        item.setData(Qt.ItemDataRole.UserRole, screen.key)
        self.navigation.addItem(item)

    def show_screen(self, key: str) -> QWidget:
        widget = self.screens[key]
        self.navigation.setCurrentRow(self.stack.indexOf(widget))
        return widget

    def navigation_titles(self) -> list[str]:
        return [self.navigation.item(i).text() for i in range(self.navigation.count())]

    def _records_changed(self, ledger: str) -> None:
        self.records_written.emit(ledger)
        if ledger == "enterprises":
            for view in self.ledger_views.values():
                if "enterprise_id" in view.spec.field_names:
                    view.refresh()
        QTimer.singleShot(0, self.update_status)

    # ---- menu ----------------------------------------------------------------------------------

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        quit_action = QAction(self.tr("Quit"), self)
        quit_action.setShortcut("Ctrl+Q")
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        settings_menu = self.menuBar().addMenu(self.tr("&Settings"))
        language_menu = settings_menu.addMenu(self.tr("Language"))
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, label in (("zh", "简体中文"), ("en", "English")):
            action = QAction(label, self)
            action.setCheckable(True)
            action.setChecked(code == self.context.language)
            action.triggered.connect(lambda _checked=False, c=code: self.choose_language(c))
            group.addAction(action)
            language_menu.addAction(action)
            self.language_actions[code] = action
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("About"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def choose_language(self, code: str) -> None:
        if code == self.context.language:
            return
        self.context.settings.language = code
        self.language_changed.emit(code)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About"),
            self.tr(
                "Quality Desk {version}\nLedger of the county's Quality Improvement Action."
            ).format(version=__version__),
        )

    # ---- status bar ----------------------------------------------------------------------------

    def update_status(self) -> None:
        c = self.context
        self.office_label.setText(
            self.tr("Office: {office}   Operator: {operator}").format(
                office=c.office.display_name(c.language), operator=c.service.actor
            )
        )
        with c.database.session() as session:
            totals = stats.record_counts(session)["total"]
        parts = [
            f"{LEDGERS[name].label(c.language)} {totals.get(name, 0):,}"
            for name in ("inspections", "certifications", "projects", "enterprises")
        ]
        self.counts_label.setText("  ·  ".join(parts))
        exported, imported = self._last_sync()
        never = self.tr("never")
        self.sync_label.setText(
            self.tr("Last export: {exported}   Last import: {imported}").format(
                exported=exported or never, imported=imported or never
            )
        )

    def _last_sync(self) -> tuple[str | None, str | None]:
        """When a package was last exported and imported (empty before sync exists)."""
        database = self.context.database
        tables = set(inspect(database.engine).get_table_names())
        values: list[str | None] = []
        for table, column in (("sync_outbox", "created_at"), ("sync_inbox", "imported_at")):
            if table not in tables:
                values.append(None)
                continue
            with database.session() as session:
                value = session.execute(text(f"SELECT max({column}) FROM {table}")).scalar()
            values.append(str(value)[:16] if value else None)
        return values[0], values[1]

    def closeEvent(self, event: QCloseEvent) -> None:
        self.context.settings.set_geometry(self.saveGeometry())
        self.context.settings.sync()
        self.context.runner.wait(5000)
        super().closeEvent(event)
