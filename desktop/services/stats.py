"""Record counts per ledger and township (live rows only), for the CLI and the status bar.

Plain, portable SQL run through whatever connection the caller has: a SQLAlchemy session (any
database) or a bare ``sqlite3`` connection (the command line's quick read, which skips
importing SQLAlchemy).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from desktop.names import LEDGER_TABLES

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

Execute = Callable[[str], Iterable[Sequence[Any]]]
"""Runs one parameterless SELECT and returns its rows."""


def count_sql(table: str) -> str:
    """Live rows of one ledger per owner, in plain SQL every supported database runs."""
    return f"SELECT owner, count(*) FROM {table} WHERE NOT deleted GROUP BY owner ORDER BY owner"


def counts_from(execute: Execute) -> dict[str, Any]:
    """``{"total": {ledger: n}, "by_owner": {owner: {ledger: n}}}`` over live rows."""
    totals: dict[str, int] = {}
    by_owner: dict[str, dict[str, int]] = {}
    for name in LEDGER_TABLES:
        totals[name] = 0
        for owner, number in execute(count_sql(name)):
            totals[name] += int(number)
            by_owner.setdefault(str(owner), {n: 0 for n in LEDGER_TABLES})[name] = int(number)
    return {"total": totals, "by_owner": by_owner}


def township_names_from(execute: Execute) -> dict[str, str]:
    """Every township's Chinese name by code (inactive ones too: their rows still count)."""
    return {str(code): str(name) for code, name in execute("SELECT code, name_zh FROM townships")}


def sqlite_execute(connection: sqlite3.Connection) -> Execute:
    """:data:`Execute` over a plain ``sqlite3`` connection."""
    return lambda sql: connection.execute(sql).fetchall()


def session_execute(session: Session) -> Execute:
    """:data:`Execute` over a session's connection."""
    connection = session.connection()
    return lambda sql: connection.exec_driver_sql(sql).all()


def record_counts(session: Session) -> dict[str, Any]:
    """:func:`counts_from` over a session."""
    return counts_from(session_execute(session))
