"""The quickest way to a shown window: show the main window's frame first, then open the
database and fill it in the same event loop, so the clerk sees the window at once.

Only Qt and the small settings/language modules are imported before the window is shown; the
database layer (SQLAlchemy, Alembic) is imported right after. ``python -m desktop.ui`` and
``quality-desk gui`` both start here.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer

from desktop.ui.i18n import Language, pin_font
from desktop.ui.qt_app import application
from desktop.ui.settings import UiSettings
from desktop.ui.shell import MainWindow

DB_FILENAME = "quality-desk.sqlite3"
"""Same as :data:`desktop.paths.DB_FILENAME` (a test keeps them equal); importing that module
here would pull platformdirs in before the window shows."""
SHOWN_MARKER = "QUALITY_DESK_PRINT_SHOWN"
"""When this environment variable is set, print ``shown`` once the window is on screen and
``rows`` once the first ledger has painted its first rows (the start-up benchmark reads them)."""


def run(data_dir: Path, database_url: str | None = None) -> int:
    """Open the window on this data folder (first-run wizard if needed); returns the exit code."""
    app = application()
    settings = UiSettings.for_data_dir(data_dir)
    language = Language()
    language.install(app, settings.language)
    pin_font(app)
    shell: MainWindow | None = None
    if database_url or (data_dir / DB_FILENAME).exists():
        shell = MainWindow(settings, settings.language)
        shell.show()
        if os.environ.get(SHOWN_MARKER):
            app.processEvents()
            sys.stdout.write("shown\n")
            sys.stdout.flush()
    result: dict[str, object] = {}

    def load() -> None:
        from desktop.ui.app import DesktopApp

        desktop = DesktopApp(data_dir, database_url, settings=settings, language=language)
        result["desktop"] = desktop
        if not desktop.start(shell):
            app.quit()
        elif os.environ.get(SHOWN_MARKER) and desktop.window is not None:
            _print_when_rows_painted(desktop.window)

    QTimer.singleShot(0, load)
    code = int(app.exec())
    desktop = result.get("desktop")
    if desktop is not None:
        desktop.close()  # type: ignore[attr-defined]
    return code


def _print_when_rows_painted(window: MainWindow) -> None:
    """Print ``rows`` after the shown ledger's first page is on screen (see SHOWN_MARKER)."""
    views = list(window.ledger_views.values())
    if not views:
        return
    view = views[0]

    def painted() -> None:
        view.table.viewport().repaint()
        sys.stdout.write("rows\n")
        sys.stdout.flush()
        view.model.refreshed.disconnect(painted)

    view.model.refreshed.connect(painted)


def main() -> None:
    """``python -m desktop.ui [DATA_DIR]``."""
    from desktop.paths import resolve_data_dir

    target = sys.argv[1] if len(sys.argv) > 1 else None
    sys.exit(run(resolve_data_dir(target)))
