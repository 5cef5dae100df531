"""Stopping a read that a newer question made pointless, from another thread.

The window reads a ledger's first page and its count off the GUI thread. When the clerk types
the next key, the read still running for the previous text is worth nothing: a
:class:`ReadCancel` handed to the read lets the GUI thread stop it at once — SQLite's
``interrupt()`` on the read's connection, PostgreSQL's cancel request for the running
statement. A read asked to stop raises :class:`ReadCancelledError` (never shown to the clerk).

The stop is only ever sent while the read holds its connection (a lock covers both), so it can
never reach a statement that another read or a save runs later on the same pooled connection.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

CANCEL_TIMEOUT_S = 2.0
"""How long a PostgreSQL cancel request may take before it is given up (the read then ends)."""


class ReadCancelledError(Exception):
    """A read was stopped because a newer one replaced it."""


def stopper(session: Session) -> Callable[[], None] | None:
    """How to stop the statement running on a session's connection (None: it cannot be)."""
    driver: Any = session.connection().connection.driver_connection
    if isinstance(driver, sqlite3.Connection):
        return driver.interrupt
    cancel_safe = getattr(driver, "cancel_safe", None)  # psycopg 3
    if cancel_safe is not None:
        return lambda: cancel_safe(timeout=CANCEL_TIMEOUT_S)
    return None


class ReadCancel:
    """One read's stop switch: :meth:`cancel` from any thread, :meth:`running` around the read."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stop: Callable[[], None] | None = None
        self._cancelled = False

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def cancel(self) -> None:
        """Stop the read: now if it is running, else as soon as it starts."""
        with self._lock:
            self._cancelled = True
            if self._stop is not None:
                # a failed cancel only lets the read run to its end
                with contextlib.suppress(Exception):
                    self._stop()

    def check(self) -> None:
        """Raise :class:`ReadCancelledError` when the read was cancelled."""
        if self._cancelled:
            raise ReadCancelledError()

    @contextmanager
    def running(self, session: Session) -> Iterator[None]:
        """Around the statements of a read on ``session``: they can be stopped meanwhile."""
        stop = stopper(session)
        with self._lock:
            self.check()
            self._stop = stop
        try:
            yield
        finally:
            with self._lock:
                self._stop = None


@contextmanager
def cancellable(cancel: ReadCancel | None) -> Iterator[None]:
    """Turn whatever a cancelled read failed with into :class:`ReadCancelledError`."""
    try:
        yield
    except ReadCancelledError:
        raise
    except Exception:
        if cancel is not None and cancel.cancelled:
            raise ReadCancelledError() from None
        raise
