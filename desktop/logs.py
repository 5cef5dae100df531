"""The application log: the standard :mod:`logging` module, configured once at each edge.

The command line (:func:`desktop.cli.main`) and the window (its
:class:`~desktop.ui.errors.ErrorReporter`) call :func:`configure` with the data folder; every
module logs to ``logging.getLogger(__name__)`` under ``desktop``. Records go to
``logs/quality-desk.log`` in the data folder, rotated at :data:`MAX_BYTES` with :data:`BACKUPS`
old files kept, so a USB stick never fills with logs. The
file (and its folder) is created only when something is logged. An unexpected error is logged
with its traceback by :func:`record_failure`, which returns the file the crash dialog and the
command line's "details in …" name.
"""

from __future__ import annotations

import logging
import tempfile
from datetime import datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path

from desktop.paths import logs_dir

LOG_FILENAME = "quality-desk.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"
ROOT = "desktop"

log = logging.getLogger(__name__)


class _LogFile(RotatingFileHandler):
    """A rotating log file that creates its folder on first use and remembers a failed write."""

    failed = False

    def _open(self):  # type: ignore[no-untyped-def]  # the stdlib signature is untyped
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()

    def handleError(self, record: logging.LogRecord) -> None:
        self.failed = True  # a full or read-only disk: the caller says so instead


_handler: _LogFile | None = None


def log_file(data_dir: Path) -> Path:
    """The log file of a data folder."""
    return logs_dir(data_dir) / LOG_FILENAME


def _install(path: Path) -> _LogFile:
    global _handler
    logger = logging.getLogger(ROOT)
    if _handler is not None:
        if Path(_handler.baseFilename) == path.absolute() and not _handler.failed:
            return _handler
        logger.removeHandler(_handler)
        _handler.close()
    handler = _LogFile(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
    handler.setFormatter(logging.Formatter(FORMAT))
    logger.addHandler(handler)
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.INFO)
    _handler = handler
    return handler


def configure(data_dir: Path) -> Path:
    """Send the application's log records to the data folder's log file; returns the file.

    Calling it again with another folder moves the log there (a window reopened elsewhere).
    """
    return Path(_install(log_file(data_dir)).baseFilename)


def close() -> None:
    """Stop writing the log file (it is opened again by the next :func:`configure`)."""
    global _handler
    if _handler is not None:
        logging.getLogger(ROOT).removeHandler(_handler)
        _handler.close()
        _handler = None


def write_report(data_dir: Path, name: str, message: str, details: str) -> Path | None:
    """Log an event the clerk is told about (a failed schema upgrade) to the application log and
    to a file of its own, ``logs/<name>-<time>.log``, that the message can name; returns it."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = logs_dir(data_dir) / f"{name}-{stamp}.log"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        handler = None
    if handler is not None:
        handler.setFormatter(logging.Formatter(FORMAT))
        log.addHandler(handler)
    try:
        log.error("%s\n%s", message, details.rstrip("\n"))
    finally:
        if handler is not None:
            log.removeHandler(handler)
            handler.close()
    return path if handler is not None and path.exists() else None


def current_file() -> Path | None:
    """The file records go to now (None before :func:`configure`)."""
    return Path(_handler.baseFilename) if _handler is not None else None


def record_failure(message: str, details: str) -> Path | None:
    """Log an unexpected error with its details; returns the file that holds it.

    When the data folder's log cannot be written (a full or write-protected stick), the record
    goes to the system's temporary folder instead; None when no file could be written at all.
    """
    for attempt in range(2):
        handler = _handler
        if handler is None or attempt == 1:
            handler = _install(Path(tempfile.gettempdir()) / LOG_FILENAME)
        handler.failed = False
        log.error("%s\n%s", message, details.rstrip("\n"))
        handler.flush()
        path = Path(handler.baseFilename)
        if not handler.failed and path.exists():
            return path
    return None
