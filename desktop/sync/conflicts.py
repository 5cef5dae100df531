"""The conflict queue: list the losing versions beside the current ones, and settle them.

``keep mine`` keeps the current version; ``keep theirs`` (or a version's clock value) writes the
chosen version's fields as a new version at this office, edited from the current one, so it wins
everywhere the county's data goes. Every settlement is in the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, select
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.errors import NotFoundError, UsageError
from desktop.models import Enterprise, Project, SyncConflict, SyncVersion
from desktop.services import office as office_service
from desktop.services.audit import record_audit
from desktop.services.fields import LEDGERS, Kind
from desktop.services.office import Office
from desktop.sync.merge import OPEN, RESOLVED
from desktop.sync.rows import ledger_columns, ledger_table
from desktop.sync.wire import row_dict


@dataclass(frozen=True)
class ConflictView:
    """One open conflict with both versions as plain data."""

    id: str
    table: str
    record_id: str
    owner: str
    status: str
    detected_at: str
    current: dict[str, Any]
    lost: dict[str, Any]
    differing: tuple[str, ...]
    names: dict[str, str] = field(default_factory=dict)
    """Names of the enterprises and projects either version refers to, by id."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "table": self.table,
            "record_id": self.record_id,
            "owner": self.owner,
            "status": self.status,
            "detected_at": self.detected_at,
            "differing_fields": list(self.differing),
            "current": self.current,
            "lost": self.lost,
            "names": self.names,
        }


def _current(session: Session, table: str, record_id: str) -> dict[str, Any]:
    columns = ledger_columns(table)
    model_table = ledger_table(table)
    row = session.execute(
        select(*(model_table.c[c] for c in columns)).where(model_table.c.id == record_id)
    ).one()
    return row_dict(columns, row)


def _view(session: Session, conflict: SyncConflict) -> ConflictView:
    current = _current(session, conflict.table_name, conflict.record_id)
    names = (*LEDGERS[conflict.table_name].field_names, "deleted")
    differing = tuple(n for n in names if current.get(n) != conflict.lost_data.get(n))
    return ConflictView(
        names=_reference_names(session, conflict.table_name, current, conflict.lost_data),
        id=conflict.id,
        table=conflict.table_name,
        record_id=conflict.record_id,
        owner=conflict.owner,
        status=conflict.status,
        detected_at=conflict.detected_at.isoformat(),
        current=current,
        lost=dict(conflict.lost_data),
        differing=differing,
    )


def _reference_names(session: Session, table: str, *versions: dict[str, Any]) -> dict[str, str]:
    names: dict[str, str] = {}
    for fld in LEDGERS[table].fields:
        if fld.kind not in (Kind.ENTERPRISE, Kind.PROJECT):
            continue
        model = Enterprise if fld.kind is Kind.ENTERPRISE else Project
        for version in versions:
            record_id = version.get(fld.name)
            if isinstance(record_id, str) and record_id not in names:
                name = session.scalar(select(model.name).where(model.id == record_id))
                if name:
                    names[record_id] = name
    return names


def list_conflicts(database: Database, include_resolved: bool = False) -> list[ConflictView]:
    """Open conflicts (and settled ones when asked), oldest first."""
    with database.session() as session:
        query = select(SyncConflict).order_by(SyncConflict.detected_at, SyncConflict.id)
        if not include_resolved:
            query = query.where(SyncConflict.status == OPEN)
        return [_view(session, c) for c in session.scalars(query)]


def resolve(
    database: Database,
    office: Office,
    conflict_id: str,
    keep: str,
    actor: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Settle one conflict; ``keep`` is ``mine``, ``theirs`` or the ``hlc`` of a version."""
    actor = actor or office.operator
    now = (now or datetime.now()).replace(microsecond=0)
    with database.session() as session:
        conflict = session.get(SyncConflict, conflict_id)
        if conflict is None:
            raise NotFoundError(f"找不到冲突 {conflict_id}", f"no conflict with id {conflict_id}")
        if conflict.status != OPEN:
            raise UsageError("该冲突已处理", "this conflict has already been settled")
        current = _current(session, conflict.table_name, conflict.record_id)
        choice = keep
        if keep.isdigit():
            if int(keep) == current["hlc"]:
                choice = "mine"
            elif int(keep) == conflict.lost_hlc:
                choice = "theirs"
            else:
                raise UsageError(
                    f"版本 {keep} 不是此冲突的任一方（当前 {current['hlc']}，另一方 "
                    f"{conflict.lost_hlc}）",
                    f"version {keep} is neither side (current {current['hlc']}, other "
                    f"{conflict.lost_hlc})",
                )
        if choice not in ("mine", "theirs"):
            raise UsageError(
                "--keep 应为 mine、theirs 或版本号", "--keep must be mine, theirs or a version"
            )
        after = current
        if choice == "theirs":
            after = _write_theirs(session, office, conflict, current, actor, now)
        conflict.status = RESOLVED
        conflict.resolved_by = actor
        conflict.resolved_at = now
        conflict.resolution = choice
        spec = LEDGERS[conflict.table_name]
        record_audit(
            session,
            office,
            at=now,
            actor=actor,
            table=conflict.table_name,
            record_id=conflict.record_id,
            action="resolve",
            hlc=after["hlc"],
            changed=[n for n in spec.field_names if current[n] != after[n]],
            before={n: current[n] for n in spec.field_names},
            after={n: after[n] for n in spec.field_names},
            reason=f"conflict {conflict.id}: kept {choice}",
        )
        return {"conflict": conflict.id, "kept": choice, "record": after}


def _write_theirs(
    session: Session,
    office: Office,
    conflict: SyncConflict,
    current: dict[str, Any],
    actor: str,
    now: datetime,
) -> dict[str, Any]:
    """The losing version's fields become a new version edited from the current one."""
    table = ledger_table(conflict.table_name)
    spec = LEDGERS[conflict.table_name]
    lost = conflict.lost_data
    model = spec.model
    row = session.get(model, conflict.record_id)
    assert row is not None
    session.add(
        SyncVersion(
            record_id=row.id,
            hlc=row.hlc,
            origin=row.origin,
            base_hlc=row.base_hlc,
            table_name=conflict.table_name,
            owner=row.owner,
        )
    )
    hlc = office_service.next_hlc(session)
    values: dict[str, Any] = {}
    for name in spec.field_names:
        column = table.c[name]
        value = lost.get(name)
        if isinstance(value, str) and isinstance(column.type, Date):
            value = date.fromisoformat(value)
        values[name] = value
    for name, value in values.items():
        setattr(row, name, value)
    row.deleted = bool(lost.get("deleted"))
    row.base_hlc = row.hlc
    row.hlc = hlc
    row.origin = office.installation_id
    row.updated_by = actor
    row.updated_at = now
    session.flush()
    return _current(session, conflict.table_name, conflict.record_id)
