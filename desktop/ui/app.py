"""Start Qt, open this office's database and show the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from desktop import APP_TITLE_ZH
from desktop.db import Database
from desktop.services import office as office_service
from desktop.services import stats


def run(data_dir: Path, database_url: str | None = None) -> int:
    """Open the window on an initialised data folder; returns the exit code."""
    app = QApplication.instance() or QApplication(sys.argv)
    database = Database(database_url) if database_url else office_service.open_database(data_dir)
    office = office_service.open_office(database)
    with database.session() as session:
        counts = stats.record_counts(session)["total"]
    window = QMainWindow()
    window.setWindowTitle(f"{APP_TITLE_ZH} — {office.display_name()}")
    window.setCentralWidget(
        QLabel("\n".join(f"{name}: {number}" for name, number in counts.items()))
    )
    window.resize(900, 600)
    window.show()
    return int(app.exec())
