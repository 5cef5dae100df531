"""Rows from the database to the wire: JSON-lines bytes with every column of the table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import orjson
from sqlalchemy import JSON, Boolean, DateTime, Float, Table

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


def sqlite_wire_sql(table: Table, column: str) -> str:
    """SQL (SQLite) giving a stored column's wire value inside ``json_object``: what
    :func:`json_ready` and ``orjson`` make of the column's Python value, without a Python step
    per row.

    Booleans become ``true``/``false``; ``YYYY-MM-DD HH:MM:SS.ffffff`` becomes
    ``YYYY-MM-DDTHH:MM:SS`` (the fraction kept when it is not zero); JSON text is embedded as
    JSON (minified, as orjson writes it); floats keep all 17 digits (``json_object`` alone
    would round them to 15).
    """
    kind = table.c[column].type
    if isinstance(kind, Boolean):
        return (
            f"CASE WHEN {column} IS NULL THEN NULL "
            f"WHEN {column} THEN json('true') ELSE json('false') END"
        )
    if isinstance(kind, DateTime):
        return (
            f"CASE WHEN {column} IS NULL THEN NULL "
            f"WHEN length({column}) = 19 OR substr({column}, 20) = '.000000' "
            f"THEN substr({column}, 1, 10) || 'T' || substr({column}, 12, 8) "
            f"ELSE substr({column}, 1, 10) || 'T' || substr({column}, 12) END"
        )
    if isinstance(kind, JSON):
        return f"json({column})"
    if isinstance(kind, Float):
        return f"CASE WHEN {column} IS NULL THEN NULL ELSE json(printf('%!.17g', {column})) END"
    return column


def sqlite_json_object(table: Table, columns: Sequence[str]) -> str:
    """``json_object(...)`` of a row's wire object, keys in ``columns`` order."""
    pairs = ", ".join(f"'{name}', {sqlite_wire_sql(table, name)}" for name in columns)
    return f"json_object({pairs})"
