"""The quickest way to a usable window: show the frame with the first ledger's rows at once, then
load the full layer behind it.

On a SQLite office already at this release's schema the frame is filled before it shows from a
plain read-only ``sqlite3`` read (:mod:`desktop.ui.quick_start`): menus, navigation, the office,
and the inspection ledger's filter bar and newest rows. SQLAlchemy, the models and the screens
are then imported on a thread (the window stays responsive: Qt's painting and sqlite3's reads
release the interpreter's lock) and the full window takes over on the GUI thread, with whatever
the clerk did meanwhile. Anything else — a first start (the wizard), an older schema (upgraded,
with its backup and progress), a locked or unreadable database, PostgreSQL — shows the empty
frame and takes the full path as before. ``python -m desktop.ui`` and ``quality-desk gui`` both
start here.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer

from desktop.ui.i18n import Language, pin_font
from desktop.ui.qt_app import application
from desktop.ui.settings import UiSettings
from desktop.ui.shell import MainWindow

log = logging.getLogger(__name__)

DB_FILENAME = "quality-desk.sqlite3"
"""Same as :data:`desktop.paths.DB_FILENAME` (a test keeps them equal); importing that module
here would pull platformdirs in before the window shows."""
SHOWN_MARKER = "QUALITY_DESK_PRINT_SHOWN"
"""When this environment variable is set, print ``shown`` once the window is on screen, ``rows``
once the first ledger has painted its first rows (then ``cpu`` and the CPU seconds used until
then) and ``ready`` once the full layer has taken over (the start-up benchmark reads them)."""
FULL_LAYER = "desktop.ui.app"
"""The module that brings in the full layer (SQLAlchemy, the models, the services, the screens)."""
POLL_MS = 15
"""How often the GUI thread looks whether the work behind the window is done."""


def run(data_dir: Path, database_url: str | None = None) -> int:
    """Open the window on this data folder (first-run wizard if needed); returns the exit code."""
    app = application()
    settings = UiSettings.for_data_dir(data_dir)
    language = Language()
    language.install(app, settings.language)
    pin_font(app)
    shell: MainWindow | None = None
    quick = None
    behind = False
    """The database's schema is behind this release's: it is upgraded before anything reads."""
    marker = bool(os.environ.get(SHOWN_MARKER))
    if database_url or (data_dir / DB_FILENAME).exists():
        shell = MainWindow(settings, settings.language)
        if not database_url:
            from desktop.services.first_page import schema_behind
            from desktop.ui.quick_start import QuickStart

            quick = QuickStart.open(shell, settings, data_dir / DB_FILENAME)
            behind = quick is None and schema_behind(data_dir / DB_FILENAME)
            if behind:
                shell.show_progress(
                    QCoreApplication.translate(
                        "MainWindow", "Backing up and upgrading the database, please wait…"
                    )
                )
        shell.show()
        if marker:
            app.processEvents()
            _say("shown")
    result: dict[str, object] = {}
    failed: list[BaseException] = []

    def load() -> None:
        from desktop.ui.app import DesktopApp

        desktop = DesktopApp(data_dir, database_url, settings=settings, language=language)
        result["desktop"] = desktop
        if shell is not None:
            shell.hide_progress()
        if failed:  # the upgrade behind the window: told once, here at the edge, as start() would
            desktop.errors.install()
            desktop.errors.report(failed[0], shell)
            app.quit()
            return
        if quick is not None:
            quick.detach()
        if not desktop.start(shell):
            if quick is not None:
                quick.close()
            app.quit()
            return
        if quick is not None and desktop.window is not None:
            quick.hand_over(desktop.window)
        elif marker and desktop.window is not None:
            _print_when_rows_painted(desktop.window)
        if marker:
            _say("ready")

    if behind:
        _behind(lambda: _upgrade(data_dir, failed), load)
    elif quick is None:
        QTimer.singleShot(0, load)
    else:

        def painted() -> None:
            if marker:
                _say("rows")
                _say(f"cpu {time.process_time():.3f}")  # seconds of CPU until then
            _behind(_import_full_layer, load)  # after the first paint, not holding it back

        quick.first_paint.painted.connect(painted)
    code = int(app.exec())
    desktop = result.get("desktop")
    if desktop is not None:
        desktop.close()  # type: ignore[attr-defined]
    return code


def _import_full_layer() -> None:
    """An import that fails here is left to ``load``: it imports again and reports as usual."""
    try:
        importlib.import_module(FULL_LAYER)
    except Exception:
        log.warning("importing the full layer in the background failed", exc_info=True)


def _upgrade(data_dir: Path, failed: list[BaseException]) -> None:
    """Bring an older schema to this release's (issue 10's atomic upgrade, backup first) while
    the window shows that it does; a failure is kept for the GUI thread to report."""
    try:
        from desktop.db import Database, upgrade

        database = Database.for_data_dir(data_dir)
        try:
            upgrade(database)
        finally:
            database.dispose()
    except Exception as exc:
        failed.append(exc)
    _import_full_layer()


def _behind(work: Callable[[], None], then: Callable[[], None]) -> None:
    """Run ``work`` on a thread (the window stays responsive), then ``then`` on the GUI thread."""
    thread = threading.Thread(target=work, name="full-layer", daemon=True)
    thread.start()
    timer = QTimer(QCoreApplication.instance())
    timer.setInterval(POLL_MS)

    def check() -> None:
        if thread.is_alive():
            return
        timer.stop()
        timer.deleteLater()
        then()

    timer.timeout.connect(check)
    timer.start()


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _print_when_rows_painted(window: MainWindow) -> None:
    """Print ``rows`` after the shown ledger's first page is on screen (see SHOWN_MARKER)."""
    views = list(window.ledger_views.values())
    if not views:
        return
    view = views[0]

    def painted() -> None:
        view.table.viewport().repaint()
        _say("rows")
        view.model.refreshed.disconnect(painted)

    view.model.refreshed.connect(painted)


def main() -> None:
    """``python -m desktop.ui [DATA_DIR]``."""
    from desktop.paths import resolve_data_dir

    target = sys.argv[1] if len(sys.argv) > 1 else None
    sys.exit(run(resolve_data_dir(target)))
