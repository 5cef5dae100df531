"""One helper runs database work off the GUI thread; its callbacks land on the main thread.

``TaskRunner.run(work, on_done, on_error)`` runs ``work()`` on a worker of a thread pool and calls
``on_done(result)`` or ``on_error(exc)`` on the GUI thread. Long jobs are core generators that
yield ``(done, total)``; :meth:`TaskRunner.run_with_progress` shows a progress dialog after about
half a second and lets the clerk cancel. :class:`ImmediateTaskRunner` runs everything at once on
the calling thread, for tests.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

Work = Callable[[], Any]
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]
Progress = Generator[tuple[int, int], None, Any]
"""A long job: yields (done, total) and returns its result through StopIteration."""

PROGRESS_DELAY_MS = 500


class CancelledError(Exception):
    """The clerk cancelled a long job."""


class _Relay(QObject):
    """Tells the GUI thread that a worker's outcome is ready (queued signal delivery).

    The outcome itself stays a Python attribute: PySide6 6.12 can miscount references of
    Python objects sent through cross-thread ``Signal(object)`` and crash, so the signals carry
    no Python objects.
    """

    finished = Signal()
    failed = Signal()
    progressed = Signal(int, int)

    def __init__(self) -> None:
        super().__init__()
        self.outcome: Any = None


class _Job(QRunnable):
    def __init__(self, work: Work, relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as exc:  # delivered to the GUI thread, never lost
            self._relay.outcome = exc
            self._relay.failed.emit()
            return
        self._relay.outcome = result
        self._relay.finished.emit()


class TaskRunner(QObject):
    """Runs work on one background thread (one writer suits SQLite) and reports back."""

    def __init__(self, parent: QObject | None = None, on_unhandled: Failed | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()
        self.on_unhandled = on_unhandled

    def run(self, work: Work, on_done: Done | None = None, on_error: Failed | None = None) -> None:
        """Run ``work`` off the GUI thread; callbacks run on the GUI thread."""
        relay = _Relay()
        self._relays.add(relay)

        def finished() -> None:
            self._relays.discard(relay)
            result, relay.outcome = relay.outcome, None
            if on_done is not None:
                on_done(result)

        def failed() -> None:
            self._relays.discard(relay)
            exc, relay.outcome = relay.outcome, None
            handler = on_error or self.on_unhandled
            if handler is None:
                raise exc
            handler(exc)

        relay.finished.connect(finished, Qt.ConnectionType.QueuedConnection)
        relay.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
        self._pool.start(_Job(work, relay))

    def run_with_progress(
        self,
        parent: QWidget | None,
        label: str,
        job: Callable[[], Progress],
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Run a generator job with a cancellable progress dialog shown after ~0.5 s."""
        cancel = threading.Event()
        relay = _Relay()
        self._relays.add(relay)
        dialog = QProgressDialog(label, self.tr("Cancel"), 0, 0, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(cancel.set)
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(dialog.show)
        timer.start(PROGRESS_DELAY_MS)

        def work() -> Any:
            return drive(job(), cancel, relay.progressed.emit)

        def progressed(done: int, total: int) -> None:
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done, total) if total else 0)

        def close() -> None:
            self._relays.discard(relay)
            timer.stop()
            timer.deleteLater()
            dialog.close()
            dialog.deleteLater()

        relay.progressed.connect(progressed, Qt.ConnectionType.QueuedConnection)

        def finished(result: Any) -> None:
            close()
            if on_done is not None:
                on_done(result)

        def failed(exc: BaseException) -> None:
            close()
            handler = on_error or self.on_unhandled
            if handler is None:
                raise exc
            handler(exc)

        self.run(work, finished, failed)

    def wait(self, timeout_ms: int = 30000) -> bool:
        """Block until every queued job has run (used on close and in tests)."""
        return bool(self._pool.waitForDone(timeout_ms))


def drive(job: Progress, cancel: threading.Event, report: Callable[[int, int], None]) -> Any:
    """Run a progress generator to its end; raise :class:`CancelledError` when cancelled."""
    while True:
        if cancel.is_set():
            job.close()
            raise CancelledError()
        try:
            done, total = next(job)
        except StopIteration as stop:
            return stop.value
        report(done, total)


class ImmediateTaskRunner(TaskRunner):
    """Runs work synchronously on the calling thread: deterministic tests, no waiting."""

    def run(self, work: Work, on_done: Done | None = None, on_error: Failed | None = None) -> None:
        try:
            result = work()
        except BaseException as exc:
            handler = on_error or self.on_unhandled
            if handler is None:
                raise
            handler(exc)
            return
        if on_done is not None:
            on_done(result)

    def run_with_progress(
        self,
        parent: QWidget | None,
        label: str,
        job: Callable[[], Progress],
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        self.run(lambda: drive(job(), threading.Event(), lambda _d, _t: None), on_done, on_error)
