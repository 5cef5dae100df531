"""Start Qt: settings, language, font, error handling, the first-run wizard, the main window.

:class:`DesktopApp` owns the one database, task helper, error reporter and settings object of
this run and hands them to the window; choosing another language rebuilds the window so no
screen mixes languages.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from desktop.db import Database
from desktop.services import office as office_service
from desktop.services.ledger import LedgerService
from desktop.services.office import NotInitialisedError, Office
from desktop.services.search_index import SearchIndex, sqlite_path
from desktop.ui.display import ReferenceLabels
from desktop.ui.errors import ErrorReporter
from desktop.ui.i18n import Language, pin_font
from desktop.ui.main_window import MainWindow
from desktop.ui.screens import ScreenContext
from desktop.ui.search import IndexKeeper
from desktop.ui.settings import UiSettings
from desktop.ui.tasks import ImmediateTaskRunner, TaskRunner
from desktop.ui.wizard import FirstRunWizard


def application() -> QApplication:
    """The process's QApplication (created once)."""
    existing = QCoreApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName("QualityDesk")
    app.setOrganizationName("QualityDesk")
    return app


class DesktopApp:
    """One run of the window over one data folder."""

    def __init__(
        self,
        data_dir: Path,
        database_url: str | None = None,
        dialogs: bool = True,
        runner: TaskRunner | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.app = application()
        self.data_dir = data_dir
        self.database_url = database_url
        self.settings = UiSettings.for_data_dir(data_dir)
        self.language = Language()
        self.language.install(self.app, self.settings.language)
        self.font_family = pin_font(self.app)
        self.errors = ErrorReporter(data_dir, self.settings.language, dialogs_enabled=dialogs)
        self.runner = runner or TaskRunner(on_unhandled=self.errors.report)
        if runner is not None and runner.on_unhandled is None:
            runner.on_unhandled = self.errors.report
        self._today = today
        self.maintenance = (
            ImmediateTaskRunner() if isinstance(self.runner, ImmediateTaskRunner) else TaskRunner()
        )
        self.search: SearchIndex | None = None
        self.keeper: IndexKeeper | None = None
        self.database: Database | None = None
        self.office: Office | None = None
        self.window: MainWindow | None = None

    def open_database(self) -> bool:
        """Open this office's database; False when the data folder has none yet."""
        try:
            database = (
                Database(self.database_url)
                if self.database_url
                else office_service.open_database(self.data_dir)
            )
        except NotInitialisedError:
            return False
        self.database = database
        self.office = office_service.open_office(database)
        self._start_index()
        return True

    def _start_index(self) -> None:
        """Keep the free-text index of a SQLite database up to date in the background."""
        if self.database is None or sqlite_path(self.database) is None:
            return
        self.search = SearchIndex(self.database)
        self.keeper = IndexKeeper(self.search, self.maintenance)
        self.keeper.start()

    def first_run(self) -> FirstRunWizard:
        return FirstRunWizard(self.data_dir, self.settings.language)

    def adopt(self, wizard: FirstRunWizard) -> None:
        """Take the database the wizard created."""
        self.database, self.office = wizard.database, wizard.office
        self._start_index()

    def build_window(self) -> MainWindow:
        assert self.database is not None and self.office is not None
        language = self.settings.language
        self.errors.language = language
        context = ScreenContext(
            data_dir=self.data_dir,
            database=self.database,
            office=self.office,
            service=LedgerService(self.database, self.office, today=self._today),
            labels=ReferenceLabels.load(self.database),
            settings=self.settings,
            runner=self.runner,
            errors=self.errors,
            language=language,
            today=self._today,
            search=self.search,
        )
        window = MainWindow(context)
        window.language_changed.connect(self.switch_language)
        if self.keeper is not None:
            keeper = self.keeper
            window.records_written.connect(lambda _ledger: keeper.schedule())
        self.window = window
        return window

    def switch_language(self, code: str) -> None:
        """Rebuild the window in the other language, on the same screen."""
        old = self.window
        current = old.navigation.currentRow() if old else 0
        self.language.install(self.app, code)
        window = self.build_window()
        window.navigation.setCurrentRow(current)
        if old is not None:
            window.restoreGeometry(old.saveGeometry())
            window.show()
            old.hide()
            old.deleteLater()

    def close(self) -> None:
        self.runner.wait(5000)
        if self.keeper is not None:
            self.keeper.stop()
        if self.window is not None:
            self.window.close()
        if self.database is not None:
            self.database.dispose()


def run(data_dir: Path, database_url: str | None = None) -> int:
    """Open the window on this data folder (first-run wizard if needed); returns the exit code."""
    desktop = DesktopApp(data_dir, database_url)
    desktop.errors.install()
    try:
        if not desktop.open_database():
            wizard = desktop.first_run()
            if not wizard.exec():
                return 0
            desktop.adopt(wizard)
        window = desktop.build_window()
    except Exception as exc:  # shown to the clerk once, here at the edge
        desktop.errors.report(exc)
        return 1
    window.show()
    code = int(desktop.app.exec())
    desktop.close()
    return code
