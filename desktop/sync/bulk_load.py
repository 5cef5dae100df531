"""Index upkeep of a merge that brings a table more rows than it holds (a county's first package).

A row merged into a ledger is written into the table and into each of its secondary indexes.
Row by row, each index is updated at a place of its own in its B-tree; when a package brings at
least as many rows as the table already has — the first full package a new county PC imports,
a township PC filled again from the county — building those indexes once after the rows are in
(one sort each) costs less than keeping them up to date row by row: 100,000 inspections into an
empty county take 1 s less here (5.1 → 4.1 s, ``benchmarks/bench_sync.py``), and a county
holding one township's 100,000 takes the next 100,000 in 6.5 s instead of 8.2 s. Holding twice
what arrives, both ways cost the same (7.5 s), so the rule is "no more rows held than arrive"
(``benchmarks/bench_bulk_load.py`` measures both sides of it).

Only on SQLite, only indexes that enforce nothing (not unique, not a primary key or UNIQUE
constraint), and all inside the merge's one transaction: the indexes are dropped and created
again from their own stored definitions, so a rolled-back, rejected, dry-run or interrupted
import (power cut) leaves them exactly as they were, and other connections never see a table
without them. The merge's own reads go by primary key (which stays) while the indexes are
down; the rest of the import runs after they are back.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import TypeVar

from sqlalchemy import Connection

Chunk = TypeVar("Chunk")

log = logging.getLogger(__name__)

BULK_ROWS = 5_000
"""Fewer incoming rows than this always keep the indexes up to date row by row."""


def _deferrable(connection: Connection, table: str) -> list[tuple[str, str]]:
    """``(name, CREATE statement)`` of the table's indexes that enforce nothing."""
    listed = connection.exec_driver_sql(f'PRAGMA index_list("{table}")').all()
    plain = {name for _, name, unique, origin, *_ in listed if not unique and origin == "c"}
    stored = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
        "AND sql IS NOT NULL ORDER BY name",
        (table,),
    ).all()
    return [(name, sql) for name, sql in stored if name in plain]


def worth_deferring(connection: Connection, table: str, incoming: int) -> bool:
    """Whether building ``table``'s indexes after ``incoming`` rows beats keeping them up to
    date: SQLite, a bulk of rows, and no more rows in the table than are coming."""
    if connection.dialect.name != "sqlite" or incoming < BULK_ROWS:
        return False
    # max(rowid) is one step down the table's B-tree; it bounds the rows the table holds.
    held = connection.exec_driver_sql(f'SELECT max(rowid) FROM "{table}"').scalar()
    return int(held or 0) <= incoming


def indexes_built_after(
    connection: Connection, table: str, incoming: int, chunks: Iterator[Chunk]
) -> Iterator[Chunk]:
    """``chunks`` of the ``incoming`` rows the caller merges into ``table`` in its transaction;
    when that is cheaper, the table's plain indexes are down while they are handed over and
    built again once the last has been merged.

    When the caller stops early (its import is being rejected or cancelled), the indexes are
    left to its rollback, which restores them.
    """
    if not worth_deferring(connection, table, incoming):
        yield from chunks
        return
    indexes = _deferrable(connection, table)
    for name, _ in indexes:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    log.debug("merging %d rows into %s: %d indexes built after", incoming, table, len(indexes))
    yield from chunks
    for _, create in indexes:
        connection.exec_driver_sql(create)
