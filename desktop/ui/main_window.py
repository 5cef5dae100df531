"""Fill the main window for one office: the ledgers (and screens other parts add) and a status
bar with office, operator, record counts and the last export and import."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from desktop.db import sqlite_file
from desktop.services.changes import Changes
from desktop.services.fields import LEDGERS
from desktop.services.reads import LedgerReads, StatusFigures
from desktop.services.todo import TodoItem, today_work
from desktop.ui.changes import ChangeHub
from desktop.ui.geometry import keep_on_screen
from desktop.ui.import_wizard import add_import_action
from desktop.ui.ledger_view import LedgerView
from desktop.ui.projects_view import ProjectsView
from desktop.ui.screens import Screen, ScreenContext, extra_screens
from desktop.ui.shell import LEDGER_PAGES, MainWindow
from desktop.ui.shortcuts import shortcut
from desktop.ui.todo_panel import TodoDialog

__all__ = ["LEDGER_PAGES", "MainWindow", "Workspace"]

STATUS_LEDGERS = ("inspections", "certifications", "projects", "enterprises")


class Workspace(QObject):
    """Puts one office's screens into a :class:`MainWindow` and keeps its status bar current."""

    def __init__(self, window: MainWindow, context: ScreenContext) -> None:
        super().__init__(window)
        self.window = window
        self.context = context
        window.context = context
        window.setWindowTitle(
            QCoreApplication.translate("MainWindow", "Quality Desk — {office}").format(
                office=context.office.display_name(context.language)
            )
        )
        window.build_menu()
        self.hub = ChangeHub(self)
        """The one change notification of this window (see :mod:`desktop.ui.changes`)."""
        window.hub = self.hub
        add_import_action(  # 文件 → 导入 Excel 台账… (issue 13's wizard)
            window,
            context.database,
            context.office,
            context.runner,
            context.errors,
            context.language,
            self._screen_wrote,
        )
        for screen in self._screens():
            window.add_screen(screen.key, screen.title, screen.widget)
        window.closing.connect(lambda: context.runner.wait(5000))
        window.closing.connect(self.hub.stop)
        self.hub.changed.connect(self._apply)
        window.operator_changed.connect(lambda _name: self.update_status())
        # F5: read everything again (after a change made elsewhere the watcher has not seen yet)
        shortcut("F5", window, lambda: self.hub.notify(Changes.unknown()))
        window.todo_requested.connect(self.show_todo)
        window.workspace = self
        self.hub.watch(sqlite_file(context.database))
        keep_on_screen(window)  # the screens' minimum sizes are known now
        self.update_status()

    def _screens(self) -> list[Screen]:
        c = self.context
        views = self.window.ledger_views
        common = (c.service, c.labels, c.settings, c.runner, c.errors, c.language, c.today)
        screens = []
        for name in LEDGER_PAGES:
            if name == "projects":
                projects = ProjectsView(*common, search=c.search)
                views["projects"] = projects.projects
                views["project_progress"] = projects.progress
                screens.append(Screen(name, LEDGERS[name].label(c.language), projects))
                continue
            view = LedgerView(LEDGERS[name], *common, search=c.search)
            views[name] = view
            screens.append(Screen(name, LEDGERS[name].label(c.language), view))
        if c.office.is_county:
            view = LedgerView(LEDGERS["manual_statistics"], *common, search=c.search)
            views["manual_statistics"] = view
            screens.append(Screen("manual_statistics", view.spec.label(c.language), view))
        for view in views.values():
            view.records_changed.connect(self.hub.notify)
            self.hub.changed.connect(view.apply_changes)
        extras = extra_screens(c)
        for screen in extras:
            signal = getattr(screen.widget, "records_changed", None)
            if signal is not None:  # see desktop.ui.screens: imports refresh the ledgers too
                signal.connect(self._screen_wrote)
            apply = getattr(screen.widget, "apply_changes", None)
            if apply is not None:
                self.hub.changed.connect(apply)
        return screens + extras

    def _screen_wrote(self, changes: object) -> None:
        """A screen announced a write: a :class:`Changes`, or (older screens) a ledger name,
        ``"*"`` or ``""``."""
        if isinstance(changes, Changes):
            self.hub.notify(changes)
        else:
            self.hub.notify_name(str(changes))

    def _apply(self, changes: Changes) -> None:
        """Every write, once: the window's own signal, then the status bar."""
        self.window.changes_applied.emit(changes)
        QTimer.singleShot(0, self.update_status)

    # ---- 今日待办 ----------------------------------------------------------------------------

    def show_todo(self, only_when_busy: bool = False) -> TodoDialog | None:
        """The day's work. Asked for (文件 → 今日待办) it opens at once; at start
        (``only_when_busy``) it is counted off the GUI thread — a million-row ledger must not
        hold the first window back — and opens only when there is something to do."""
        c = self.context
        if only_when_busy:
            c.runner.run(lambda: today_work(c.database, c.office, c.today()), self._todo_counted)
            return None
        return self._open_todo_dialog(today_work(c.database, c.office, c.today()))

    def _todo_counted(self, items: list[TodoItem]) -> None:
        if items:
            self._open_todo_dialog(items)

    def _open_todo_dialog(self, items: list[TodoItem]) -> TodoDialog:
        dialog = TodoDialog(items, self.open_todo, self.window)
        self.window.todo_dialog = dialog
        dialog.show()
        return dialog

    def open_todo(self, item: TodoItem) -> None:
        """Show the records behind a line of 今日待办."""
        window = self.window
        if item.key == "export_missing":
            if "sync" in window.screens:
                window.show_screen("sync")
            return
        window.show_screen(item.ledger)
        view = window.ledger_views[item.ledger]
        bar = view.filter_bar
        if item.key == "overdue_rectifications" and bar.rectification is not None:
            bar.rectification.setCurrentIndex(bar.rectification.findData("overdue"))
        elif item.key == "expiring_certificates" and bar.expiring is not None:
            bar.expiring.setChecked(True)
        elif item.project_ids:
            bar.text.clear()
            view.select_record(item.project_ids[0])
        view.table.setFocus()

    # ---- status bar ----------------------------------------------------------------------------

    def update_status(self) -> None:
        """Office and operator now; record counts and sync dates from a background read."""
        c, window = self.context, self.window
        window.office_label.setText(
            QCoreApplication.translate(
                "MainWindow", "Office: {office}   Operator: {operator}"
            ).format(office=c.office.display_name(c.language), operator=c.service.actor)
        )
        c.runner.run(self._read_status, self._show_status)

    def _read_status(self) -> StatusFigures:
        return LedgerReads(self.context.database).status(STATUS_LEDGERS)

    def _show_status(self, status: StatusFigures) -> None:
        counts, exported, imported = status.counts, status.last_export, status.last_import
        c, window = self.context, self.window
        parts = [f"{LEDGERS[n].label(c.language)} {counts.get(n, 0):,}" for n in STATUS_LEDGERS]
        window.counts_label.setText("  ·  ".join(parts))
        never = QCoreApplication.translate("MainWindow", "never")
        window.sync_label.setText(
            QCoreApplication.translate(
                "MainWindow", "Last export: {exported}   Last import: {imported}"
            ).format(exported=exported or never, imported=imported or never)
        )
