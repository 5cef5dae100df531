"""Keeps the search index up to date in the background, on its own queue of the task helper.

The index is brought up to date when the window opens, after every save, and within a few
seconds when something else (the command line, a sync import, another window) has changed the
database — checking costs one ``PRAGMA``. Until it is up to date, searches simply run without
it; a first page still being read then is read again with it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.services.search_index import SearchIndex
from desktop.ui.tasks import TaskRunner

CHECK_INTERVAL_MS = 3_000


class IndexKeeper(QObject):
    """Schedules :meth:`SearchIndex.update` so that at most one runs at a time."""

    updated = Signal(int)
    """The index is up to date; the number of rows (re)indexed."""
    busy = Signal(bool)
    """An update started (True) or ended (False)."""

    def __init__(
        self, index: SearchIndex, runner: TaskRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.index = index
        self.runner = runner
        self._running = False
        self._again = False
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self._check)

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        self.schedule()
        self.timer.start()

    def schedule(self) -> None:
        if self._running:
            self._again = True
            return
        self._running = True
        self.busy.emit(True)
        self.runner.run(self.index.update_all, self._done, self._failed)

    def _check(self) -> None:
        if not self.index.is_fresh():
            self.schedule()

    def _done(self, rows: int) -> None:
        self._running = False
        self.busy.emit(self._again)
        self.updated.emit(rows)
        if self._again:
            self._again = False
            self.schedule()

    def _failed(self, _error: BaseException) -> None:
        # The index is only an accelerator: searches keep working (without it) when it fails.
        self._running = False
        self._again = False
        self.busy.emit(False)

    def stop(self) -> None:
        self.timer.stop()
        self.index.stop()
        self.runner.wait(60_000)
        self.index.close()
