"""Write the good rows of an import: one transaction, set-based, audited, with sync identity.

Every record gets what :class:`desktop.services.ledger.LedgerService` gives one typed in a form:
a UUIDv7, this office as owner, a fresh hybrid-logical-clock value (so it travels in the next
package), the operator as creator, and a ``create`` entry in the audit trail naming the file.
Enterprises the check decided to create go in first, in the same transaction. The layout's
mapping is remembered in the same transaction too, so a failed import remembers nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import JSON, Date, DateTime, Table, insert
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.ids import owned_id
from desktop.models import AuditEntry, Enterprise, ImportLayout
from desktop.services import office as office_service
from desktop.services.audit import audit_values
from desktop.services.fields import ENTERPRISES, LEDGERS
from desktop.services.ledger_import import ImportCheck
from desktop.services.office import Office
from desktop.services.records import json_ready

CHUNK = 5000


@dataclass(frozen=True)
class WriteSummary:
    """What went in: records per ledger (enterprises created along included)."""

    written: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.written.values())


def write(
    database: Database,
    office: Office,
    check: ImportCheck,
    actor: str | None = None,
    now: datetime | None = None,
) -> Generator[tuple[int, int], None, WriteSummary]:
    """Insert every good row (and new enterprise) in one transaction; yields progress."""
    actor = actor or office.operator
    stamp = (now or datetime.now()).replace(microsecond=0)
    spec = LEDGERS[check.ledger]
    reason = f"从 {check.path.name} 导入"
    total = len(check.good) + len(check.new_enterprises)
    written: dict[str, int] = {}
    if not total:  # nothing new (a file imported before): leave the records and clock alone
        with database.session() as session:
            _remember(session, check, stamp)
        yield 0, 0
        return WriteSummary(written)
    with database.session() as session:
        hlc = office_service.next_hlc(session)
        first = hlc
        sync = {
            "owner": office.owner,
            "origin": office.installation_id,
            "base_hlc": None,
            "deleted": False,
            "created_by": actor,
            "created_at": stamp,
            "updated_by": actor,
            "updated_at": stamp,
        }
        done = 0
        if check.new_enterprises:
            columns = ENTERPRISES.field_names
            rows = []
            for new in check.new_enterprises:
                rows.append({**sync, "id": new["id"], "hlc": hlc, **{c: new[c] for c in columns}})
                hlc += 1
            for chunk in _chunks(rows):
                _insert(
                    session,
                    office,
                    Enterprise,
                    ENTERPRISES.name,
                    chunk,
                    columns,
                    actor,
                    stamp,
                    reason,
                )
                done += len(chunk)
                yield done, total
            written["enterprises"] = len(rows)
        columns = check.columns
        model = spec.model
        batch: list[dict[str, Any]] = []
        for values in check.good:
            batch.append(
                {
                    **sync,
                    "id": owned_id(office.owner),
                    "hlc": hlc,
                    **dict(zip(columns, values, strict=True)),
                }
            )
            hlc += 1
            if len(batch) >= CHUNK:
                _insert(session, office, model, spec.name, batch, columns, actor, stamp, reason)
                done += len(batch)
                batch = []
                yield done, total
        if batch:
            _insert(session, office, model, spec.name, batch, columns, actor, stamp, reason)
            done += len(batch)
        if check.good:
            written[spec.name] = written.get(spec.name, 0) + len(check.good)
        if hlc > first:
            office_service.observe_hlc(session, hlc)
        _remember(session, check, stamp)
        yield done, total
    return WriteSummary(written)


def _insert(
    session: Session,
    office: Office,
    model: Any,
    table: str,
    rows: list[dict[str, Any]],
    columns: tuple[str, ...],
    actor: str,
    stamp: datetime,
    reason: str,
) -> None:
    connection = session.connection()
    sqlite = connection.dialect.name == "sqlite"
    # orjson writes dates itself on SQLite; SQLAlchemy's JSON (PostgreSQL) needs them as text.
    take = itemgetter(*columns)

    def after(row: dict[str, Any]) -> dict[str, Any]:
        if sqlite:
            return dict(zip(columns, take(row), strict=True))
        return {c: json_ready(row[c]) for c in columns}

    audits = [
        audit_values(
            office,
            at=stamp,
            actor=actor,
            table=table,
            record_id=row["id"],
            action="create",
            hlc=row["hlc"],
            changed=columns,
            after=after(row),
            reason=reason,
        )
        for row in rows
    ]
    if not sqlite:
        session.execute(insert(model), rows)
        session.execute(insert(AuditEntry), audits)
        return
    # SQLite: one executemany per table on the driver's cursor, values in the forms SQLAlchemy
    # itself stores (ISO dates, JSON text) — about twice as fast as Core for 100,000 rows.
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    audit_table: Table = AuditEntry.__table__  # type: ignore[assignment]
    try:
        for target, batch in ((model.__table__, rows), (audit_table, audits)):
            names, values = _sqlite_rows(target, batch)
            marks = ", ".join("?" * len(names))
            cursor.executemany(
                f"INSERT INTO {target.name} ({', '.join(names)}) VALUES ({marks})", values
            )
    finally:
        cursor.close()


def _sqlite_rows(table: Table, rows: list[dict[str, Any]]) -> tuple[list[str], list[list[Any]]]:
    """Column names and value lists, converted only where SQLite needs it (dates, JSON)."""
    names = [str(c.name) for c in table.columns if not rows or c.name in rows[0]]
    special: list[tuple[int, Callable[[Any], Any]]] = []
    for index, name in enumerate(names):
        kind = table.c[name].type
        if isinstance(kind, JSON):
            special.append((index, lambda v: orjson.dumps(v).decode()))
        elif isinstance(kind, DateTime):
            special.append((index, _stored_datetime))
        elif isinstance(kind, Date):
            special.append((index, lambda v: v.isoformat()))
    take = itemgetter(*names)
    out = []
    for row in rows:
        values = list(take(row))
        for index, convert in special:
            value = values[index]
            if value is not None:
                values[index] = convert(value)
        out.append(values)
    return names, out


@lru_cache(maxsize=64)
def _stored_datetime(value: datetime) -> str:
    """As SQLAlchemy stores a DateTime on SQLite (every row of an import shares one stamp)."""
    return value.isoformat(" ", "microseconds")


def _remember(session: Session, check: ImportCheck, stamp: datetime) -> None:
    """Remember each sheet's mapping under its layout, for next month's file."""
    for sheet in check.sheets:
        layout, mapping = sheet.layout, sheet.mapping
        existing = session.get(ImportLayout, (check.ledger, layout.fingerprint))
        content = mapping.to_json(layout.headers)
        if existing is not None and existing.mapping == content:
            continue
        if existing is None:
            session.add(
                ImportLayout(
                    ledger=check.ledger,
                    fingerprint=layout.fingerprint,
                    mapping=content,
                    headers=[None if h is None else str(h) for h in layout.headers],
                    updated_at=stamp,
                )
            )
        else:
            existing.mapping = content
            existing.updated_at = stamp
        session.flush()


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def run_write(
    database: Database, office: Office, check: ImportCheck, actor: str | None = None
) -> WriteSummary:
    """:func:`write` to its end, for callers without a progress display."""
    job = write(database, office, check, actor)
    while True:
        try:
            next(job)
        except StopIteration as stop:
            result: WriteSummary = stop.value
            return result
