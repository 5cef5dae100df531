"""Errors of the sync layer: a rejected package (exit 3) carries a short reason code."""

from __future__ import annotations

from desktop.errors import QualityDeskError


class PackageRejectedError(QualityDeskError):
    """The package was refused as a whole; nothing in the database changed.

    ``code`` is a stable machine-readable reason (``bad_signature``, ``zip_bomb``, ...);
    ``row_problems`` lists up to a few offending rows when rows were at fault.
    """

    exit_code = 3

    def __init__(
        self, code: str, message_zh: str, message_en: str, row_problems: list[str] | None = None
    ) -> None:
        super().__init__(
            f"包被拒收（{code}）：{message_zh}", f"package rejected ({code}): {message_en}"
        )
        self.code = code
        self.row_problems = list(row_problems or [])


def reject(code: str, zh: str, en: str, rows: list[str] | None = None) -> PackageRejectedError:
    """Build a :class:`PackageRejectedError` to ``raise``."""
    return PackageRejectedError(code, zh, en, rows)
