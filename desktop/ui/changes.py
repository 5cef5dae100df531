"""One change notification for the whole window.

Every write the window makes (a form, an enterprise added inline, a delete or restore, an import,
a conflict settled, an export) ends in :meth:`ChangeHub.notify` with a
:class:`~desktop.services.changes.Changes`; the hub emits ``changed`` once, and each ledger, the
status bar, the search index and any screen with an ``apply_changes(changes)`` method decide for
themselves what to refresh (as Anki's views do with ``OpChanges``).

Writes by another process — the command line, a sync import in a second window — are seen
through SQLite's ``PRAGMA data_version``, which changes whenever *another* connection commits:
:class:`DataVersionWatcher` reads it on a connection of its own every second or two (a read of
one page header, microseconds) and notifies ``Changes.unknown()`` when it moved. After the
window's own writes the watcher is told to take the new version as seen, so a save refreshes once.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.services.changes import Changes

POLL_MS = 1500
log = logging.getLogger(__name__)


class DataVersionWatcher(QObject):
    """Notices commits by other processes to one SQLite database file."""

    moved = Signal()

    def __init__(self, path: Path, interval_ms: int = POLL_MS, parent: QObject | None = None):
        super().__init__(parent)
        self.path = path
        self._connection: sqlite3.Connection | None = None
        self._seen: int | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self._seen = self._version()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _version(self) -> int | None:
        try:
            if self._connection is None:
                # never writes; not mode=ro, which cannot open a WAL database's shared memory
                self._connection = sqlite3.connect(str(self.path), check_same_thread=False)
            row = self._connection.execute("PRAGMA data_version").fetchone()
        except sqlite3.Error:
            log.debug("data_version unreadable for %s", self.path, exc_info=True)
            return None
        return int(row[0]) if row else None

    def absorb(self) -> None:
        """The window wrote itself and has refreshed: the new version is seen."""
        self._seen = self._version()

    def check(self) -> bool:
        """Emit ``moved`` when someone else committed since the last look."""
        version = self._version()
        if version is None or version == self._seen:
            return False
        self._seen = version
        self.moved.emit()
        return True


class ChangeHub(QObject):
    """Where every write of the window is announced, once."""

    changed = Signal(object)
    """A :class:`Changes`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.watcher: DataVersionWatcher | None = None

    def watch(self, path: Path | None, interval_ms: int = POLL_MS) -> None:
        """Also announce writes by other processes to this SQLite file (None: PostgreSQL, where
        the county's other writers are imports run from this window)."""
        if path is None:
            return
        self.watcher = DataVersionWatcher(path, interval_ms, self)
        self.watcher.moved.connect(lambda: self.changed.emit(Changes.unknown()))
        self.watcher.start()

    def notify(self, changes: Changes) -> None:
        if not changes:
            return
        self.changed.emit(changes)
        if self.watcher is not None:
            self.watcher.absorb()

    def notify_name(self, name: str) -> None:
        """For screens that still announce a ledger name, ``"*"`` or ``""``."""
        self.notify(Changes.from_name(name))

    def stop(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
