"""Rows from the database to the wire: JSON-lines bytes with every column of the table."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import JSON, Boolean, DateTime, Table

from desktop.services.records import json_ready


def row_dict(columns: Sequence[str], row: Sequence[Any]) -> dict[str, Any]:
    """A database row as the JSON-ready object written on the wire."""
    return {name: json_ready(value) for name, value in zip(columns, row, strict=True)}


def encode_lines(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> tuple[bytes, int]:
    """JSON-lines bytes of ``rows`` and their count (orjson writes dates as ISO text itself)."""
    dumps = orjson.dumps
    parts = [dumps(dict(zip(columns, row, strict=True))) for row in rows]
    if not parts:
        return b"", 0
    return b"\n".join(parts) + b"\n", len(parts)


def _stored_datetime(value: Any) -> Any:
    """SQLite's stored ``YYYY-MM-DD HH:MM:SS.ffffff`` as the wire's ``YYYY-MM-DDTHH:MM:SS``."""
    if value is None:
        return None
    if len(value) == 26 and value.endswith(".000000"):
        return f"{value[:10]}T{value[11:19]}"
    return json_ready(datetime.fromisoformat(value))


def _stored_json(value: Any) -> Any:
    return None if value is None else orjson.Fragment(value)


def sqlite_converters(
    table: Table, columns: Sequence[str]
) -> list[tuple[int, Callable[[Any], Any]]]:
    """For rows read with the raw SQLite cursor: which columns need converting to wire values.

    Dates are stored as ISO text already; booleans are 0/1; JSON is stored as JSON text and is
    embedded as is (``orjson.Fragment``), without parsing it.
    """
    converters: list[tuple[int, Callable[[Any], Any]]] = []
    for index, name in enumerate(columns):
        kind = table.c[name].type
        if isinstance(kind, Boolean):
            converters.append((index, lambda v: None if v is None else bool(v)))
        elif isinstance(kind, DateTime):
            converters.append((index, _stored_datetime))
        elif isinstance(kind, JSON):
            converters.append((index, _stored_json))
    return converters
