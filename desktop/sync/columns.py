"""Row checks a column at a time: the verdicts of :mod:`desktop.sync.rows`, for a whole chunk.

Each function here builds, for one column, a check of all its values at once (a chunk of a few
thousand rows) that accepts exactly the values the row-at-a-time check of
:mod:`desktop.sync.rows` accepts and returns the same stored values. It works with C-level
passes (``map``, ``set``, ``min``/``max``, ``str.join``) and checks each *distinct* value of
columns whose values repeat (dates, codes, choices) once. When any value fails it returns
``None``, and the caller checks that chunk row by row with :mod:`desktop.sync.rows`' checks, so a
refused package names the same rows with the same messages as before; nothing is skipped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from operator import attrgetter, itemgetter, methodcaller
from typing import Any

import orjson

Bulk = Callable[[Sequence[Any]], Sequence[Any] | None]
"""All of one column's values → their stored values, or ``None`` when any value is refused."""

NONE = type(None)
TEXT_TYPES = frozenset({str})
OPTIONAL_TEXT = frozenset({str, NONE})
INT_TYPES = frozenset({int})
OPTIONAL_INT = frozenset({int, NONE})
NUMBER_TYPES = frozenset({int, float})
OPTIONAL_NUMBER = frozenset({int, float, NONE})
BOOL_TYPES = frozenset({bool})
_tzinfo = attrgetter("tzinfo")
_tenth = itemgetter(10)


def _types(values: Sequence[Any]) -> set[type]:
    return set(map(type, values))


def _present(values: Sequence[Any], types: set[type]) -> Sequence[Any]:
    """The values that are not None (the values themselves when none is)."""
    if NONE not in types:
        return values
    return [v for v in values if v is not None]


def text(max_length: int, required: bool, blank: bool = False) -> Bulk:
    """``rows._text_check``: text without NUL of at most ``max_length``; required: present and
    (unless ``blank``, as ``rows._text_any`` allows) not blank."""
    allowed = TEXT_TYPES if required else OPTIONAL_TEXT
    nonblank = required and not blank

    def check(values: Sequence[Any]) -> Sequence[Any] | None:
        types = _types(values)
        if not types <= allowed:
            return None
        strings = _present(values, types)
        if strings:
            if max(map(len, strings)) > max_length or "\x00" in "".join(strings):
                return None
            if nonblank and not all(map(str.strip, strings)):
                return None
        return values

    return check


def pattern(compiled: re.Pattern[str], required: bool) -> Bulk:
    """``rows._regex_check``: text matching ``compiled`` whole."""
    allowed = TEXT_TYPES if required else OPTIONAL_TEXT
    fullmatch = compiled.fullmatch

    def check(values: Sequence[Any]) -> Sequence[Any] | None:
        types = _types(values)
        if not types <= allowed or not all(map(fullmatch, _present(values, types))):
            return None
        return values

    return check


def integer(lo: float | None, hi: float | None, required: bool) -> Bulk:
    """``rows._int_check``: whole numbers (not booleans) within ``lo..hi``."""
    allowed = INT_TYPES if required else OPTIONAL_INT

    def check(values: Sequence[Any]) -> Sequence[Any] | None:
        types = _types(values)
        if not types <= allowed:
            return None
        numbers = _present(values, types)
        if numbers and (
            (lo is not None and min(numbers) < lo) or (hi is not None and max(numbers) > hi)
        ):
            return None
        return values

    return check


def number(lo: float | None, hi: float | None, required: bool) -> Bulk:
    """``rows._float_check``: finite numbers within ``lo..hi``, stored as floats."""
    allowed = NUMBER_TYPES if required else OPTIONAL_NUMBER

    def check(values: Sequence[Any]) -> Sequence[Any] | None:
        types = _types(values)
        if not types <= allowed:
            return None
        numbers = _present(values, types)
        if numbers:
            if not all(map(math.isfinite, numbers)):
                return None
            if (lo is not None and min(numbers) < lo) or (hi is not None and max(numbers) > hi):
                return None
        if int not in types:
            return values
        return [None if v is None else float(v) for v in values]

    return check


def boolean() -> Bulk:
    """``rows._bool_check``: true or false (never missing)."""

    def check(values: Sequence[Any]) -> Sequence[Any] | None:
        return values if _types(values) <= BOOL_TYPES else None

    return check


def _distinct(values: Sequence[Any], types: set[type]) -> set[Any]:
    distinct = set(values)
    if NONE in types:
        distinct.discard(None)
    return distinct


def day(required: bool, lo: str, hi: str, sqlite: bool) -> Bulk:
    """``rows._date_check``: ``YYYY-MM-DD`` dates within ``lo..hi`` (each distinct value once)."""
    allowed = TEXT_TYPES if required else OPTIONAL_TEXT
    parse = date.fromisoformat

    def check(values: Sequence[Any]) -> Sequence[Any] | None:
        types = _types(values)
        if not types <= allowed:
            return None
        distinct = _distinct(values, types)
        parsed: dict[str, date] = {}
        for value in distinct:
            if len(value) != 10 or not lo <= value <= hi:
                return None
            try:
                when = parse(value)
            except ValueError:
                return None
            if when.isoformat() != value:
                return None
            parsed[value] = when
        if sqlite:
            return values
        return [None if v is None else parsed[v] for v in values]

    return check


def month(compiled: re.Pattern[str], required: bool, lo: str, hi: str) -> Bulk:
    """``rows._period_check``: ``YYYY-MM`` months within ``lo..hi``."""
    shape = pattern(compiled, required)

    def check(values: Sequence[Any]) -> Sequence[Any] | None:
        if shape(values) is None:
            return None
        distinct = _distinct(values, _types(values))
        if distinct and (min(distinct) < lo or max(distinct) > hi):
            return None
        return values

    return check


def moment(latest: datetime, sqlite: bool) -> Bulk:
    """``rows._datetime_check``: ``YYYY-MM-DDTHH:MM:SS[.ffffff]``, local, from 2000 to
    ``latest``; stored as SQLite's ``YYYY-MM-DD HH:MM:SS.ffffff`` (the fraction always)."""
    parse = datetime.fromisoformat
    stored = methodcaller("isoformat", " ", "microseconds")

    def check(values: Sequence[Any]) -> Sequence[Any] | None:
        if not _types(values) <= TEXT_TYPES:
            return None
        distinct = list(set(values))
        if not distinct:
            return values
        lengths = set(map(len, distinct))
        if min(lengths) < 19 or max(lengths) > 26 or set(map(_tenth, distinct)) != {"T"}:
            return None
        try:
            parsed = list(map(parse, distinct))
        except ValueError:
            return None
        if set(map(_tzinfo, parsed)) != {None} or max(parsed) > latest:
            return None
        if min(parsed).year < 2000:
            return None
        converted = list(map(stored, parsed)) if sqlite else parsed
        lookup = dict(zip(distinct, converted, strict=True))
        return list(map(lookup.__getitem__, values))

    return check


def choice(codes: frozenset[str], required: bool) -> Bulk:
    """``rows._choice_check``: one of ``codes``."""
    allowed = TEXT_TYPES if required else OPTIONAL_TEXT

    def check(values: Sequence[Any]) -> Sequence[Any] | None:
        types = _types(values)
        if not types <= allowed or not _distinct(values, types) <= codes:
            return None
        return values

    return check


def items(sqlite: bool, row_check: Callable[[Any], Any], error: type[Exception]) -> Bulk:
    """``rows._items_check``: lists of small objects; empty ones (most rows) without a call,
    the others through ``row_check`` (which raises ``error`` for a refused value)."""
    empty = orjson.dumps([]).decode()

    def check(values: Sequence[Any]) -> Sequence[Any] | None:
        out: list[Any] = []
        append = append_to = out.append
        for value in values:
            if value is None or (type(value) is list and not value):
                append(empty if sqlite else [])
                continue
            try:
                append_to(row_check(value))
            except error:  # the chunk is checked row by row, for the message
                return None
        return out

    return check


def collect(inner: Bulk, sink: Callable[[set[Any]], None]) -> Bulk:
    """``rows._collect_check``: the checked values (but None) are handed to ``sink``."""

    def check(values: Sequence[Any]) -> Sequence[Any] | None:
        result = inner(values)
        if result is not None:
            found = set(result)
            found.discard(None)
            if found:
                sink(found)
        return result

    return check


def equal(expected: str) -> Bulk:
    """The row's owner: exactly ``expected``."""

    def check(values: Sequence[Any]) -> Sequence[Any] | None:
        return values if values.count(expected) == len(values) else None

    return check


def clock(lo: int, hi: int, required: bool) -> Bulk:
    """A clock value: a whole number with ``lo < value <= hi`` (None allowed unless required)."""
    allowed = INT_TYPES if required else OPTIONAL_INT

    def check(values: Sequence[Any]) -> Sequence[Any] | None:
        types = _types(values)
        if not types <= allowed:
            return None
        numbers = _present(values, types)
        if numbers and (min(numbers) <= lo or max(numbers) > hi):
            return None
        return values

    return check
