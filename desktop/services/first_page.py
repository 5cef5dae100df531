"""The window's first page without the full database layer: plain ``sqlite3``, no SQLAlchemy.

A clerk starting the window waits for the first ledger's rows; importing SQLAlchemy, building the
models and opening the services takes several times longer than showing a window. So the
launcher reads what the first page shows — who the office is, the reference names, the expiry
setting and the newest :data:`PAGE_ROWS` records with their enterprises' and projects' names —
through this module, paints it, and loads the full layer behind it.

It answers only a SQLite database already at this release's schema (:data:`SCHEMA_HEAD`) and
opens it read-only; anything else (an older schema that must be upgraded first, a locked or
unreadable file, no office yet) returns None and the full path runs, with its upgrade, backup
and messages. PostgreSQL always takes the full path. The rows equal the full path's
(:meth:`desktop.services.reads.LedgerReads.page` of an unfiltered :class:`LedgerQuery`, sorted by
the ledger's date): the same order, the same values as the table formats them; a test compares
the two on every ledger.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.migrations.heads import SCHEMA_HEAD
from desktop.names import SYNC_COLUMNS
from desktop.services.expiry import SETTING as WARNING_SETTING
from desktop.services.expiry import parse_days
from desktop.services.fields import Kind, LedgerSpec
from desktop.services.office import Office

log = logging.getLogger(__name__)

PAGE_ROWS = 50
"""Rows in one page (the table model's page size). More than a ledger table shows at once
(about 30 rows at 780 pixels): a keystroke's first page is read and shown sooner (100 rows took
about a third longer to find at 1.5 M rows); the rows below come by keyset as the clerk
scrolls."""
TIMES = ("created_at", "updated_at")
STORED_TIME = "%Y-%m-%d %H:%M:%S.%f"
"""How SQLAlchemy stores a time in SQLite."""
OPEN_TIMEOUT_S = 1.0
"""How long a read may wait for a writer's lock before giving up to the full path."""


@dataclass(frozen=True)
class Reference:
    """Names of townships, categories and targets by code (as the window labels codes)."""

    townships: dict[str, str]
    """code → name, in the county's order (active townships)."""
    categories: dict[str, tuple[str, str, str]]
    """code → (group, zh, en), in stored order (active categories)."""
    targets: dict[str, tuple[str, str]]
    """id → (zh, en), in the plan's order."""


@dataclass(frozen=True)
class Records:
    """One page of a ledger as the table shows it (the full path's :class:`RecordPage`)."""

    records: list[dict[str, Any]]
    enterprises: dict[str, tuple[str, str]]
    projects: dict[str, str]


@dataclass(frozen=True)
class FirstPage:
    """What the window shows before its full layer has loaded."""

    office: Office
    reference: Reference
    warning_days: int
    ledger: str
    page: Records


class QuickReader:
    """A read-only ``sqlite3`` connection to one office's database, for the first pages.

    :meth:`open` returns None unless the database is SQLite at :data:`SCHEMA_HEAD` with an
    office; every read may raise :class:`sqlite3.Error` (callers fall back to the full path).
    """

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    @classmethod
    def open(cls, path: Path) -> QuickReader | None:
        if not path.is_file():
            return None
        try:
            connection = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=OPEN_TIMEOUT_S
            )
        except sqlite3.Error:
            log.info("quick read: cannot open %s", path, exc_info=True)
            return None
        reader = cls(connection)
        try:
            if reader.revision() != SCHEMA_HEAD:
                reader.close()
                return None
        except sqlite3.Error:
            log.info("quick read: cannot read %s", path, exc_info=True)
            reader.close()
            return None
        return reader

    def close(self) -> None:
        self.connection.close()

    def _all(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return list(self.connection.execute(sql, parameters))

    def revision(self) -> str | None:
        tables = self._all(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        )
        if not tables:
            return None
        rows = self._all("SELECT version_num FROM alembic_version")
        return str(rows[0][0]) if len(rows) == 1 else None

    def office(self) -> Office | None:
        """This installation (as :func:`desktop.services.office.load_office` describes it)."""
        rows = self._all(
            "SELECT installation.id, office_kind, installation.township_code, townships.name_zh,"
            " operator, pc_label FROM installation"
            " LEFT JOIN townships ON townships.code = installation.township_code"
        )
        if not rows:
            return None
        ident, kind, township, name, operator, pc_label = rows[0]
        return Office(ident, kind, township, name, operator, pc_label or "")

    def reference(self) -> Reference:
        townships = self._all(
            "SELECT code, name_zh FROM townships WHERE active IS 1 ORDER BY sort_order"
        )
        categories = self._all(
            "SELECT code, category_group, label_zh, label_en FROM categories"
            " WHERE active IS 1 ORDER BY sort_order"
        )
        targets = self._all("SELECT id, name_zh, name_en FROM targets ORDER BY sort_order")
        return Reference(
            {code: name for code, name in townships},
            {code: (group, zh, en) for code, group, zh, en in categories},
            {ident: (zh, en) for ident, zh, en in targets},
        )

    def warning_days(self) -> int:
        rows = self._all('SELECT value FROM settings WHERE "key" = ?', (WARNING_SETTING,))
        return parse_days(rows[0][0] if rows else None)

    def page(
        self, spec: LedgerSpec, after: dict[str, Any] | None = None, limit: int = PAGE_ROWS
    ) -> Records:
        """Live records newest first (the ledger's date, then id, both descending), as the
        unfiltered table sorts them; ``after``: the last record of the page before (keyset)."""
        table = _name(spec.name)  # each ledger's table is named after it
        order = spec.date_field or "updated_at"
        where = ["deleted IS 0"]
        parameters: list[Any] = []
        if after is not None:
            where.append(f"({_name(order)} < ? OR ({_name(order)} = ? AND id < ?))")
            value = after[order]
            if order in TIMES:  # back to the stored form the column compares with
                value = datetime.fromisoformat(str(value)).strftime(STORED_TIME)
            parameters += [value, value, after["id"]]
        names = _record_columns(spec)
        convert = _converters(spec)
        ids = [
            row[0]
            for row in self._all(
                f"SELECT id FROM {table} WHERE {' AND '.join(where)}"
                f" ORDER BY {_name(order)} DESC, id DESC LIMIT ?",
                (*parameters, limit),
            )
        ]
        found: dict[str, dict[str, Any]] = {}
        if ids:
            marks = ", ".join("?" for _ in ids)
            columns = ", ".join(_name(name) for name in names)
            for row in self._all(
                f"SELECT {columns} FROM {table} WHERE id IN ({marks})", tuple(ids)
            ):
                record: dict[str, Any] = {"ledger": spec.name}
                for name, value in zip(names, row, strict=True):
                    change = convert.get(name)
                    record[name] = (
                        change(value) if change is not None and value is not None else value
                    )
                found[record["id"]] = record
        records = [found[i] for i in ids if i in found]
        return Records(records, self._enterprises(records), self._projects(spec, records))

    def _enterprises(self, records: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
        wanted = sorted({str(r.get("enterprise_id") or "") for r in records} - {""})
        if not wanted:
            return {}
        marks = ", ".join("?" for _ in wanted)
        rows = self._all(
            f"SELECT id, name, credit_code FROM enterprises WHERE id IN ({marks})", tuple(wanted)
        )
        return {ident: (name, code) for ident, name, code in rows}

    def _projects(self, spec: LedgerSpec, records: list[dict[str, Any]]) -> dict[str, str]:
        if "project_id" not in spec.field_names:
            return {}
        wanted = sorted({str(r["project_id"]) for r in records if r.get("project_id")})
        if not wanted:
            return {}
        marks = ", ".join("?" for _ in wanted)
        rows = self._all(f"SELECT id, name FROM projects WHERE id IN ({marks})", tuple(wanted))
        return {ident: name for ident, name in rows}

    def first_page(self, spec: LedgerSpec) -> FirstPage | None:
        """Everything the first page shows; None when the database has no office yet."""
        office = self.office()
        if office is None:
            return None
        return FirstPage(office, self.reference(), self.warning_days(), spec.name, self.page(spec))


def _record_columns(spec: LedgerSpec) -> tuple[str, ...]:
    """The columns of a record as the full path reads them (sync columns, then the fields)."""
    return (*SYNC_COLUMNS, *spec.field_names)


def _converters(spec: LedgerSpec) -> dict[str, Callable[[Any], Any]]:
    """How a stored value becomes the full path's JSON-ready value, for the columns that differ
    from what ``sqlite3`` returns (booleans, times, item lists, floats)."""
    found: dict[str, Callable[[Any], Any]] = {
        "deleted": bool,
        **{name: _stored_time for name in TIMES},
    }
    for fld in spec.fields:
        if fld.kind is Kind.BOOL:
            found[fld.name] = bool
        elif fld.kind is Kind.ITEMS:
            found[fld.name] = _stored_json
        elif fld.kind is Kind.FLOAT:
            found[fld.name] = float
    return found


def _stored_time(value: Any) -> str:
    """A time as SQLAlchemy stores it in SQLite, in the one JSON form
    (:func:`desktop.services.records.json_ready`)."""
    moment = datetime.fromisoformat(str(value))
    return moment.isoformat(timespec="microseconds" if moment.microsecond else "seconds")


def _stored_json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _name(identifier: str) -> str:
    """A table or column name from the ledger specs, quoted for SQL."""
    return '"' + identifier.replace('"', '""') + '"'


def schema_behind(path: Path) -> bool:
    """Whether ``path`` is a SQLite database whose schema is not this release's (the full path
    upgrades it first — or refuses one written by a newer release)."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.1)
    except sqlite3.Error:
        return False
    try:
        revision = QuickReader(connection).revision()
    except sqlite3.Error:
        return False
    finally:
        connection.close()
    return revision is not None and revision != SCHEMA_HEAD


def read_first_page(path: Path, spec: LedgerSpec) -> tuple[QuickReader, FirstPage] | None:
    """Open ``path`` and read the first page of ``spec``'s ledger; None: take the full path.

    The reader stays open for the next pages (the clerk may scroll before the full layer is
    up); close it when done.
    """
    reader = QuickReader.open(path)
    if reader is None:
        return None
    try:
        page = reader.first_page(spec)
    except sqlite3.Error:
        log.info("quick read: first page of %s failed", path, exc_info=True)
        page = None
    if page is None:
        reader.close()
        return None
    return reader, page
