"""What every screen receives, and the list of screens other parts of the app add to the window.

The ledgers are built in; sync, dashboard and report screens join the navigation by adding their
module to ``SCREEN_MODULES``. Each such module exposes ``create_screen(context) -> Screen | None``
(None when the screen does not apply to this office), so the window never shows an empty page.

A screen widget that writes records (an import, a conflict decision) declares
``records_changed = Signal(str)`` and emits a ledger name, ``"*"`` for any ledger, or ``""`` when
only the sync dates changed (an export): the window then refreshes the ledgers, the search index
and the status bar, as it does after an entry form.

A screen whose widget needs heavy libraries (openpyxl for reports, cryptography for sync) hands
the window a :class:`LazyScreen`: the real widget, and the libraries, are built the first time
the clerk opens that page, so the window with its ledger rows is up before them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.db import Database
from desktop.services.ledger import LedgerService
from desktop.services.office import Office
from desktop.services.search_index import SearchIndex
from desktop.ui.display import ReferenceLabels
from desktop.ui.errors import ErrorReporter
from desktop.ui.settings import UiSettings
from desktop.ui.tasks import TaskRunner

SCREEN_MODULES: tuple[str, ...] = ("desktop.ui.dashboard.screen", "desktop.ui.sync.screen")
"""Modules with ``create_screen(context: ScreenContext) -> Screen | None``."""


@dataclass(frozen=True)
class ScreenContext:
    """The one database, task helper, error reporter and settings object, handed to screens."""

    data_dir: Path
    database: Database
    office: Office
    service: LedgerService
    labels: ReferenceLabels
    settings: UiSettings
    runner: TaskRunner
    errors: ErrorReporter
    language: str
    today: Callable[[], date]
    search: SearchIndex | None = None
    """The free-text index (SQLite only); None runs searches without it."""


@dataclass(frozen=True)
class Screen:
    """A page of the main window with its navigation title."""

    key: str
    title: str
    widget: QWidget


class LazyScreen(QWidget):
    """A page that builds its real widget when it is first shown (or asked for)."""

    records_changed = Signal(str)
    """Passed on from the real widget's ``records_changed`` (see the module docstring)."""

    def __init__(self, build: Callable[[], QWidget]) -> None:
        super().__init__()
        self._build = build
        self._widget: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._widget is not None

    def widget(self) -> QWidget:
        """The real widget, built now if it was not yet."""
        if self._widget is None:
            widget = self._build()
            signal = getattr(widget, "records_changed", None)
            if signal is not None:
                signal.connect(self.records_changed)
            self._layout.addWidget(widget)
            self._widget = widget
        return self._widget

    def showEvent(self, event: QShowEvent) -> None:
        self.widget()
        super().showEvent(event)


def extra_screens(context: ScreenContext) -> list[Screen]:
    """The screens the other modules provide for this office."""
    screens = []
    for name in SCREEN_MODULES:
        screen = importlib.import_module(name).create_screen(context)
        if screen is not None:
            screens.append(screen)
    return screens
