"""Errors with user-readable Chinese and English messages.

Every error the user can cause or fix is a :class:`QualityDeskError`. The CLI and the window catch
them once at their edge and show ``message_zh`` (or ``message_en``); anything else is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass


class QualityDeskError(Exception):
    """Base of all errors that carry a message meant for the user.

    ``exit_code`` is what the command line exits with (2: bad usage or bad input).
    """

    exit_code = 2

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(f"{message_zh} / {message_en}")
        self.message_zh = message_zh
        self.message_en = message_en

    def message(self, language: str = "zh") -> str:
        """Return the message in ``language`` ("zh" or "en")."""
        return self.message_en if language == "en" else self.message_zh

    def one_line(self) -> str:
        """Both languages on one line, for the command line and log files."""
        return f"{self.message_zh} / {self.message_en}"


@dataclass(frozen=True)
class FieldError:
    """One problem with one field of a record.

    ``overridable`` problems (such as a credit code whose check digit fails) may be accepted when
    the clerk records a reason; the others must be corrected.
    """

    field: str
    code: str
    message_zh: str
    message_en: str
    overridable: bool = False

    def one_line(self) -> str:
        return f"{self.field}: {self.message_zh} / {self.message_en}"


class ValidationError(QualityDeskError):
    """A record was refused; ``errors`` says which fields and why. Nothing was written."""

    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = list(errors)
        zh = "；".join(f"{e.field}：{e.message_zh}" for e in self.errors)
        en = "; ".join(f"{e.field}: {e.message_en}" for e in self.errors)
        super().__init__(f"数据有误 — {zh}", f"Invalid data — {en}")

    def for_field(self, name: str) -> list[FieldError]:
        """The problems of one field."""
        return [e for e in self.errors if e.field == name]

    @property
    def only_overridable(self) -> bool:
        """True when every problem can be accepted with a recorded reason."""
        return bool(self.errors) and all(e.overridable for e in self.errors)


class NotFoundError(QualityDeskError):
    """A record, township or category that was asked for does not exist."""


class UsageError(QualityDeskError):
    """The request itself is wrong (bad option, bad JSON, wrong kind of office)."""


class StorageError(QualityDeskError):
    """The database or the disk refused (locked, full, read-only, newer schema)."""


class SchemaTooNewError(StorageError):
    """The database was written by a newer release of the app than this one."""
