"""Rows from the database to the wire: JSON-lines bytes with every column of the table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

import orjson


def json_value(value: Any) -> Any:
    """Dates as ``YYYY-MM-DD``, times as ``YYYY-MM-DDTHH:MM:SS``; everything else unchanged."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds" if not value.microsecond else "microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def row_dict(columns: Sequence[str], row: Sequence[Any]) -> dict[str, Any]:
    """A database row as the JSON-ready object written on the wire."""
    return {name: json_value(value) for name, value in zip(columns, row, strict=True)}


def encode_lines(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> tuple[bytes, int]:
    """JSON-lines bytes of ``rows`` and their count (orjson writes dates as ISO text itself)."""
    dumps = orjson.dumps
    parts = [dumps(dict(zip(columns, row, strict=True))) for row in rows]
    if not parts:
        return b"", 0
    return b"\n".join(parts) + b"\n", len(parts)
