"""Render the main views offscreen to PNG files, from a deterministic demonstration database.

``quality-desk screenshot --out DIR`` writes one picture per ledger with data, the project
progress chart, an entry form showing a validation error and the first-run wizard. The demo data
and the date are fixed, so the pictures only change when the window does.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from desktop.db import Database
from desktop.services import demo
from desktop.services.office import init_office
from desktop.ui.tasks import ImmediateTaskRunner

SCREENSHOT_DAY = date(2022, 6, 30)
TOWNSHIP = "330329100000"
WINDOW_SIZE = (1350, 688)
"""What a 1366×768 screen leaves a maximised window beside a Windows taskbar."""


def _settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def _save(widget: QWidget, app: QApplication, path: Path) -> Path:
    _settle(app)
    widget.grab().save(str(path))
    return path


def render(out_dir: Path, records: int = 400, language: str = "zh") -> list[Path]:
    """Write the screenshots into ``out_dir``; returns the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop.ui.app import DesktopApp

    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="quality-desk-shots-") as scratch:
        data_dir = Path(scratch) / "data"
        database = Database.for_data_dir(data_dir)
        office = init_office(database, township_code=TOWNSHIP, operator="张三")
        demo.generate(database, office, records=records, seed=7, today=SCREENSHOT_DAY)
        database.dispose()
        today: Callable[[], date] = lambda: SCREENSHOT_DAY  # noqa: E731
        desktop = DesktopApp(data_dir, dialogs=False, runner=ImmediateTaskRunner(), today=today)
        desktop.settings.language = language
        desktop.language.install(desktop.app, language)
        app = desktop.app
        wizard = DesktopApp(Path(scratch) / "fresh", dialogs=False).first_run()
        wizard.resize(600, 400)
        wizard.show()
        written.append(_save(wizard, app, out_dir / "wizard.png"))
        wizard.close()
        assert desktop.open_database()
        window = desktop.build_window()
        window.resize(*WINDOW_SIZE)
        window.show()
        for key in ("inspections", "certifications", "enterprises"):
            window.show_screen(key)
            written.append(_save(window, app, out_dir / f"{key}.png"))
        window.show_screen("projects")
        projects = window.ledger_views["projects"]
        projects.table.selectRow(projects.model.rowCount() - 1)
        written.append(_save(window, app, out_dir / "projects.png"))
        window.show_screen("enterprises")
        form = window.ledger_views["enterprises"].new_record()
        name = form.widgets["name"]
        code = form.widgets["credit_code"]
        assert isinstance(name, QLineEdit) and isinstance(code, QLineEdit)
        name.setText("泰顺县罗阳新茗茶业有限公司")
        code.setText("91330329MA2H0000X1")
        form.save()
        written.append(_save(form, app, out_dir / "entry-form-error.png"))
        form.discard()
        window.show_screen("inspections")
        form = window.ledger_views["inspections"].new_record()
        written.append(_save(form, app, out_dir / "inspection-form.png"))
        form.discard()
        window.close()
        desktop.close()
    return written
