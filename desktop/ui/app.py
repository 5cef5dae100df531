"""One run of the window: settings, language, error handling, the first-run wizard, the main
window and the search index, for one data folder.

:class:`DesktopApp` owns the one database, task helper, error reporter and settings object of
this run and hands them to the window; choosing another language rebuilds the window so no
screen mixes languages. :func:`run` (in :mod:`desktop.ui.launch`) shows the window first and
then calls :meth:`DesktopApp.start`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from desktop import backup
from desktop.db import Database, is_known_revision, sqlite_file, upgrade
from desktop.errors import QualityDeskError
from desktop.services import auto_backup
from desktop.services import clock as clock_service
from desktop.services import office as office_service
from desktop.services.ledger import LedgerService
from desktop.services.office import NotInitialisedError, Office
from desktop.services.search_index import SearchIndex
from desktop.ui.backup_dialog import BackupDialog, choose_backup, confirm_restore
from desktop.ui.display import ReferenceLabels
from desktop.ui.errors import ErrorReporter
from desktop.ui.i18n import Language, pin_font
from desktop.ui.main_window import MainWindow, Workspace
from desktop.ui.qt_app import application
from desktop.ui.screens import ScreenContext
from desktop.ui.search import IndexKeeper
from desktop.ui.settings import UiSettings
from desktop.ui.tasks import ImmediateTaskRunner, TaskRunner
from desktop.ui.wizard import FirstRunWizard

log = logging.getLogger(__name__)


class DesktopApp:
    """One run of the window over one data folder."""

    def __init__(
        self,
        data_dir: Path,
        database_url: str | None = None,
        dialogs: bool = True,
        runner: TaskRunner | None = None,
        today: Callable[[], date] = date.today,
        settings: UiSettings | None = None,
        language: Language | None = None,
    ) -> None:
        self.app = application()
        self.data_dir = data_dir
        self.database_url = database_url
        self.settings = settings or UiSettings.for_data_dir(data_dir)
        if language is None:
            language = Language()
            language.install(self.app, self.settings.language)
            pin_font(self.app)
        self.language = language
        self.errors = ErrorReporter(data_dir, self.settings.language, dialogs_enabled=dialogs)
        self.runner = runner or TaskRunner(on_unhandled=self.errors.report)
        if self.runner.on_unhandled is None:
            self.runner.on_unhandled = self.errors.report
        self.maintenance = (
            ImmediateTaskRunner() if isinstance(self.runner, ImmediateTaskRunner) else TaskRunner()
        )
        self._today = today
        self.search: SearchIndex | None = None
        self.keeper: IndexKeeper | None = None
        self.database: Database | None = None
        self.office: Office | None = None
        self.window: MainWindow | None = None
        self.backup_dialog: BackupDialog | None = None
        self.auto_backup = True
        """Make the daily backup when closing (the tests' throw-away folders skip it)."""

    def start(self, shell: MainWindow | None = None) -> bool:
        """Open (or create, through the wizard) the database and fill the window.

        Returns False when the clerk closed the wizard without creating an office.
        """
        self.errors.install()
        try:
            if not self.open_database():
                if shell is not None:
                    shell.hide()
                wizard = self.first_run()
                if not wizard.exec():
                    return False
                self.adopt(wizard)
            window = self.build_window(shell)
        except Exception as exc:  # shown to the clerk once, here at the edge
            self.errors.report(exc, shell)
            return False
        window.show()
        self.greet(window)
        return True

    def greet(self, window: MainWindow) -> None:
        """What a clerk is told as the filled window opens: a wrong clock, then 今日待办 when
        something waits (overdue rectifications, expiring certificates, the month's export)."""
        self.warn_about_clock(window)
        workspace = window.workspace
        if isinstance(workspace, Workspace):
            workspace.show_todo(only_when_busy=True)

    def warn_about_clock(self, window: MainWindow) -> None:
        """Tell the clerk at start when this PC's clock looks wrong (desktop.services.clock)."""
        if self.database is None:
            return
        try:
            found = clock_service.warning(self.database)
        except Exception as exc:  # shown to the clerk once, here at the edge
            self.errors.report(exc, window)
            return
        if found is not None:
            self.errors.show_message(found.message(self.settings.language), window)

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
        if self.database is None or sqlite_file(self.database) is None:
            return
        self.search = SearchIndex(self.database)
        self.keeper = IndexKeeper(self.search, self.maintenance)
        self.keeper.start()

    def first_run(self) -> FirstRunWizard:
        return FirstRunWizard(self.data_dir, self.settings.language)

    def adopt(self, wizard: FirstRunWizard) -> None:
        """Take the database the wizard created."""
        self.database, self.office = wizard.database, wizard.office
        if self.office is not None:
            self.settings.operator = self.office.operator  # the first clerk of this PC
        self._start_index()

    def build_window(self, shell: MainWindow | None = None) -> MainWindow:
        """Fill ``shell`` (or a new main window) with this office's screens."""
        assert self.database is not None and self.office is not None
        language = self.settings.language
        self.errors.language = language
        context = ScreenContext(
            data_dir=self.data_dir,
            database=self.database,
            office=self.office,
            # the clerk who worked here last (设置 → 操作员), else the name given at the first run
            service=LedgerService(
                self.database, self.office, actor=self.settings.operator or None, today=self._today
            ),
            labels=ReferenceLabels.load(self.database),
            settings=self.settings,
            runner=self.runner,
            errors=self.errors,
            language=language,
            today=self._today,
            search=self.search,
        )
        window = shell or MainWindow(self.settings, language)
        Workspace(window, context)
        window.language_changed.connect(self.switch_language)
        window.backup_requested.connect(self.show_backup)
        window.restore_requested.connect(self.ask_restore)
        if self.keeper is not None:
            keeper = self.keeper
            window.changes_applied.connect(
                lambda changes: keeper.schedule() if changes.records else None
            )
            keeper.busy.connect(window.index_label.setVisible)
            window.index_label.setVisible(keeper.running)
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

    # ---- backups -------------------------------------------------------------------------------

    def database_file(self) -> Path | None:
        return sqlite_file(self.database) if self.database is not None else None

    def show_backup(self) -> BackupDialog | None:
        """文件 → 备份."""
        path = self.database_file()
        if path is None or self.office is None:
            self.errors.show_message(self._sqlite_only(), self.window)
            return None
        dialog = BackupDialog(path, self.office, self.errors.report, self.window)
        self.backup_dialog = dialog
        dialog.open()
        return dialog

    def ask_restore(self) -> bool:
        """文件 → 恢复: pick a backup, confirm, restore and reopen."""
        if self.window is None or self.database_file() is None:
            self.errors.show_message(self._sqlite_only(), self.window)
            return False
        chosen = choose_backup(self.window, self.data_dir)
        if chosen is None:
            return False
        try:
            info = backup.inspect_database(chosen, is_known_revision)
        except QualityDeskError as error:
            self.errors.report(error, self.window)
            return False
        if not confirm_restore(self.window, info):
            return False
        return self.restore_from(chosen)

    def restore_from(self, source: Path) -> bool:
        """Put a backup in place of this PC's database (saved first) and reopen the window."""
        target = self.database_file()
        if target is None or self.database is None:
            return False
        old = self.window
        self.runner.wait(5000)
        if self.keeper is not None:
            self.keeper.stop()
            self.keeper = None
        if old is not None and old.hub is not None:
            old.hub.stop()
        self.database.dispose()
        try:
            backup.restore_database(source, target, is_known_revision)
            upgraded = Database.for_data_dir(self.data_dir)
            try:
                upgrade(upgraded)
            finally:
                upgraded.dispose()
        except QualityDeskError as error:
            self.errors.report(error, old)
        self.open_database()
        window = self.build_window()
        if old is not None:
            window.restoreGeometry(old.saveGeometry())
            old.hide()
            old.deleteLater()
        window.show()
        self.greet(window)
        return True

    def _sqlite_only(self) -> str:
        return (
            "Backups here are of the local SQLite database; use pg_dump for PostgreSQL."
            if self.settings.language == "en"
            else "此处的备份只适用于本机 SQLite 数据库；PostgreSQL 请用 pg_dump。"
        )

    def close(self) -> None:
        self.runner.wait(5000)
        if self.keeper is not None:
            self.keeper.stop()
        if self.window is not None:
            self.window.close()
        if self.database is not None:
            self.database.dispose()
            self._daily_backup()

    def _daily_backup(self) -> None:
        """One automatic backup a day, made on closing (the last ten are kept)."""
        path = self.database_file()
        if path is None or not self.auto_backup:
            return
        code = self.office.township_code if self.office else None
        try:
            auto_backup.daily_backup(path, code or "county")
        except (QualityDeskError, OSError):
            log.warning("the automatic backup failed", exc_info=True)
