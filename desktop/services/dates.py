"""Dates and months as clerks write them, read in one place (forms and imports share it).

Accepted: ``2024-03-05``, ``2024/3/5``, ``2024.3.5``, ``2024年3月5日`` (full-width digits and
punctuation too, an optional time after the date), ``20240305``, Python dates and datetimes, and
Excel's day serials (days since 1899-12-30, the 1900 leap-year bug included) when a number lands
in the plausible years. Months: ``2024-03``, ``2024/3``, ``2024.3``, ``2024年3月``, ``202403`` or
any of the date forms (its month).

:func:`parse_loose_date` answers None for "no date" (imports decide what to do with the cell);
:func:`parse_clerk_date` (forms, the services' validation, the command line) raises a
:class:`DateTextError` that says whether the text is unreadable or names a day that does not
exist (2026-02-30: 没有这一天).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import Any

PERIOD_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$", re.ASCII)
"""A month as stored, sent in packages and typed on the command line: ``YYYY-MM``."""
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
"""A date as stored and typed in JSON: ``YYYY-MM-DD`` (then checked by ``date.fromisoformat``)."""
EXCEL_EPOCH = date(1899, 12, 30)
SERIAL_RANGE = (36526, 73050)
"""Serials read as dates: 2000-01-01 … 2099-12-31 (a plain count outside is not a date)."""

_DATE = re.compile(
    r"(\d{4})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?)"
    r"(?:[\sT]+\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?)?",
    re.ASCII,
)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})", re.ASCII)
_MONTH = re.compile(r"(\d{4})\s*(?:[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月?)", re.ASCII)
_COMPACT_MONTH = re.compile(r"(\d{4})(\d{2})", re.ASCII)


def fold(text: str) -> str:
    """Full-width to half-width (NFKC) and trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def from_serial(serial: float) -> date | None:
    """The day of an Excel serial number, or None when it is not a plausible date."""
    if not SERIAL_RANGE[0] <= serial <= SERIAL_RANGE[1]:
        return None
    return EXCEL_EPOCH + timedelta(days=int(serial))


def parse_loose_date(value: Any) -> date | None:
    """The day a cell or a typed text means, or None when it is no date in a known form."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return from_serial(value) if float(value).is_integer() else None
    if not isinstance(value, str):
        return None
    text = fold(value)
    match = _DATE.fullmatch(text)
    try:
        if match:
            year, month, day = (
                (match.group(1), match.group(2), match.group(3))
                if match.group(2)
                else (match.group(1), match.group(4), match.group(5))
            )
            return date(int(year), int(month), int(day))
        match = _COMPACT.fullmatch(text)
        if match:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    if text.isdigit() and len(text) == 5:
        return from_serial(int(text))
    return None


def typed_period(text: str) -> str | None:
    """A period typed on the command line — ``YYYY-MM`` or ``YYYY-M``, spaces around allowed —
    as ``YYYY-MM`` (None when it is not one)."""
    year, dash, month = text.strip().partition("-")
    if not (dash and month.isascii() and month.isdigit() and len(month) <= 2):
        return None
    period = f"{year}-{int(month):02d}"
    return period if PERIOD_RE.fullmatch(period) else None


def parse_loose_period(value: Any) -> str | None:
    """The month (``YYYY-MM``) a cell or text means, or None."""
    day = parse_loose_date(value)
    if day is not None:
        return f"{day.year:04d}-{day.month:02d}"
    if not isinstance(value, str):
        return None
    text = fold(value)
    match = _MONTH.fullmatch(text) or _COMPACT_MONTH.fullmatch(text)
    if not match:
        return None
    year = int(match.group(1))
    month = int(next(g for g in match.groups()[1:] if g))
    if not 1 <= month <= 12:
        return None
    return f"{year:04d}-{month:02d}"


# ---- typed by a clerk: say what is wrong ----------------------------------------------------


class DateTextError(ValueError):
    """Text that is not a date: ``reason`` is ``format``, ``no_such_day`` or ``no_such_month``."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(text)
        self.text = text
        self.reason = reason

    def message_zh(self) -> str:
        if self.reason == "no_such_day":
            return f"没有这一天：{self.text}"
        if self.reason == "no_such_month":
            return f"没有这个月份：{self.text}"
        return f"无法识别的日期：{self.text}（可写作 2026-11-21、20261121 或 2026/11/21）"

    def message_en(self) -> str:
        if self.reason == "no_such_day":
            return f"there is no such day: {self.text}"
        if self.reason == "no_such_month":
            return f"there is no such month: {self.text}"
        return f"not a date: {self.text} (write 2026-11-21, 20261121 or 2026/11/21)"


def parse_clerk_date(value: Any) -> date:
    """A date typed by a clerk (any spelling :func:`parse_loose_date` reads, but no Excel serial
    numbers: 45000 typed into a form is a mistake, not a day in 2023).

    Raises :class:`DateTextError`: ``no_such_day`` when the text has a date's shape but the day
    does not exist (2026-02-30), ``format`` otherwise.
    """
    if isinstance(value, (date, datetime)):
        return value.date() if isinstance(value, datetime) else value
    if not isinstance(value, str):
        raise DateTextError(repr(value), "format")
    text = fold(value).replace("。", ".")
    shaped = _DATE.fullmatch(text) or _COMPACT.fullmatch(text)
    if shaped is None:
        raise DateTextError(value.strip(), "format")
    day = parse_loose_date(text)
    if day is None:
        raise DateTextError(value.strip(), "no_such_day")
    return day


def parse_clerk_period(value: Any) -> str:
    """``YYYY-MM`` from 2026-11, 2026/11, 2026.11, 202611, 2026年11月 or a date.

    Raises :class:`DateTextError` (``format`` or ``no_such_month``).
    """
    if isinstance(value, date):
        return f"{value.year:04d}-{value.month:02d}"
    if not isinstance(value, str):
        raise DateTextError(repr(value), "format")
    text = fold(value).replace("。", ".")
    match = _MONTH.fullmatch(text) or _COMPACT_MONTH.fullmatch(text)
    if match is None:
        raise DateTextError(value.strip(), "format")
    month = int(next(g for g in match.groups()[1:] if g))
    if not 1 <= month <= 12:
        raise DateTextError(value.strip(), "no_such_month")
    return f"{int(match.group(1)):04d}-{month:02d}"


def normalise_date_text(text: str) -> str:
    """``YYYY-MM-DD`` for a readable date, else the text unchanged (a form shows it back)."""
    try:
        return parse_clerk_date(text).isoformat()
    except DateTextError:
        return text


def previous_month(today: date) -> str:
    """The month before ``today``'s, ``YYYY-MM`` (the month a clerk reports on)."""
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year:04d}-{month:02d}"
