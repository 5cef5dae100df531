"""One error classification for the window: known problems get a message, bugs a crash dialog.

``QualityDeskError`` (including the storage errors the database layer classifies: disk full,
locked, read-only media) is shown as a plain message in the chosen language. Any other exception is
a bug: it is logged with its traceback to ``logs/quality-desk.log`` in the data folder
(:mod:`desktop.logs`) and a crash dialog names that file and offers to copy the details.
``ErrorReporter.dialogs_enabled = False`` (tests) records instead of showing dialogs.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop import logs, storage_errors
from desktop.errors import QualityDeskError
from desktop.ui.geometry import fit_window


def classify(exc: BaseException) -> QualityDeskError | None:
    """A known, user-fixable problem as a :class:`QualityDeskError`; ``None`` for a bug."""
    if isinstance(exc, QualityDeskError):
        return exc
    return storage_errors.classify(exc)


def write_crash_log(data_dir: Path, details: str) -> Path | None:
    """Log the details of a bug (:mod:`desktop.logs`); returns the log file that holds them."""
    logs.configure(data_dir)
    return logs.record_failure("unexpected error in the window", details)


class CrashDialog(QDialog):
    """Says that something went wrong, where the log is, and lets the clerk copy the details."""

    def __init__(self, details: str, log_path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Unexpected error"))
        self.details = details
        layout = QVBoxLayout(self)
        where = str(log_path) if log_path else self.tr("(the log could not be written)")
        message = QLabel(
            self.tr(
                "Sorry, an unexpected error occurred. Your saved records are safe.\n"
                "Please send the details below to the county office. Log file: {path}"
            ).format(path=where)
        )
        message.setWordWrap(True)
        layout.addWidget(message)
        text = QPlainTextEdit(details)
        text.setReadOnly(True)
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(self.tr("Copy details"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_window(self, 640, 420)

    def copy_details(self) -> None:
        QApplication.clipboard().setText(self.details)


class ErrorReporter:
    """Shows known errors as messages and bugs in a crash dialog (or records them in tests)."""

    def __init__(self, data_dir: Path, language: str = "zh", dialogs_enabled: bool = True) -> None:
        self.data_dir = data_dir
        logs.configure(data_dir)  # the window's edge: its log goes to this data folder
        self.language = language
        self.dialogs_enabled = dialogs_enabled
        self.shown: list[str] = []
        """Messages shown (or that would have been shown): tests read this."""
        self.crash_logs: list[Path] = []

    def report(self, exc: BaseException, parent: QWidget | None = None) -> None:
        known = classify(exc)
        if known is not None:
            self.show_message(known.message(self.language), parent)
            return
        details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        self.report_bug(details, parent)

    def show_message(self, message: str, parent: QWidget | None = None) -> None:
        self.shown.append(message)
        if self.dialogs_enabled:
            QMessageBox.warning(
                parent, QCoreApplication.translate("ErrorReporter", "Quality Desk"), message
            )

    def report_bug(self, details: str, parent: QWidget | None = None) -> None:
        path = write_crash_log(self.data_dir, details)
        if path is not None:
            self.crash_logs.append(path)
        self.shown.append(details)
        sys.stderr.write(details)
        if self.dialogs_enabled:
            CrashDialog(details, path, parent).exec()

    def excepthook(
        self,
        kind: type[BaseException],
        value: BaseException,
        trace: TracebackType | None,
    ) -> None:
        """``sys.excepthook`` for exceptions escaping Qt slots."""
        if value.__traceback__ is None and trace is not None:
            value = value.with_traceback(trace)
        self.report(value, QApplication.activeWindow())

    def install(self) -> None:
        sys.excepthook = self.excepthook
