"""After a clock that ran ahead is corrected: re-stamp the versions the county never accepted.

A PC whose clock ran ahead (to 2030, say) wrote clock values in the future; the county refuses
packages whose clock range lies beyond its own clock (docs/sync-format.md §5.5), and a plain
hybrid logical clock would go on issuing values after those forever — every later package
refused until real time caught up. At each export this module looks for that situation and
repairs it, in the export's transaction:

- It applies only when the PC's clock is not provably behind — not earlier than the county's
  last signed time nor than :data:`desktop.ids.CLOCK_FLOOR` (a clock that is behind needs no
  repair: the counter carries on and the county accepts the values).
- The *line* is one day (the receiver's tolerance) past the present; values beyond it cannot
  have been accepted by a county whose clock is right, nor can any value in a package the
  county's receipt lists as held be beyond it (the line is raised to cover those).
- Each row this office owns with a clock value past the line gets a fresh value from a clock
  rewound to the highest value at or before the line; its ``base_hlc``, when it names a
  version past the line, becomes the last version at or before it (the version the county can
  know); its ``created_at`` / ``updated_at``, when past the present, become the present. In the
  audit trail the current version takes the new value and earlier versions past
  the line lose theirs (they never travelled). Outbox packages whose range lies past the line
  are void: the export watermark ignores them (:func:`desktop.sync.outbox.watermark`), so the
  re-stamped rows travel again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, case, func, select, update
from sqlalchemy.orm import Session

from desktop.ids import CLOCK_FLOOR, HybridLogicalClock, hlc_from_datetime
from desktop.models import LEDGER_MODELS, AuditEntry, Installation, SyncOutbox
from desktop.services import clock as clock_service


@dataclass(frozen=True)
class Restamped:
    """What a repair did: rows given new clock values, and the line they were past."""

    rows: int
    line: int


def _max(session: Session, column: ColumnElement[Any], line: int) -> int:
    value = session.scalar(select(func.max(column)).where(column <= line))
    return int(value or 0)


def restamp_future_versions(session: Session, owner: str, now: datetime) -> Restamped | None:
    """Repair clock values a corrected clock left in the future; ``None`` when nothing to do."""
    county = clock_service.county_time(session)
    if now < CLOCK_FLOOR or (county is not None and now < county - clock_service.SKEW):
        return None  # the clock is behind now: values past it are genuine, keep them
    line = hlc_from_datetime(now + clock_service.SKEW)
    held = session.scalar(
        select(func.max(SyncOutbox.hlc_to)).where(SyncOutbox.acknowledged_at.is_not(None))
    )
    line = max(line, int(held or 0))
    last = int(session.scalar(select(Installation.hlc_last)) or 0)
    if last <= line:
        return None
    tables: list[Table] = [m.__table__ for m in LEDGER_MODELS.values()]  # type: ignore[misc]
    floor = max(
        [_max(session, t.c.hlc, line) for t in tables]
        + [
            _max(session, AuditEntry.__table__.c.hlc, line),
            _max(session, SyncOutbox.__table__.c.hlc_to, line),
        ]
    )
    clock = HybridLogicalClock(floor, lambda: int(now.timestamp() * 1000))
    count = 0
    for name, table in zip(LEDGER_MODELS, tables, strict=True):
        rows = session.execute(
            select(table.c.id, table.c.hlc, table.c.base_hlc)
            .where(table.c.owner == owner, table.c.hlc > line)
            .order_by(table.c.hlc)
        ).all()
        for record_id, old, base in rows:
            new = clock.tick()
            if base is not None and base > line:
                base = session.scalar(
                    select(func.max(AuditEntry.hlc)).where(
                        AuditEntry.table_name == name,
                        AuditEntry.record_id == record_id,
                        AuditEntry.hlc <= line,
                    )
                )
            stamped = now.replace(microsecond=0)
            session.execute(
                update(table)
                .where(table.c.id == record_id)
                .values(
                    hlc=new,
                    base_hlc=base,
                    # times written by the clock that ran ahead are as wrong as its clock values
                    created_at=case(
                        (table.c.created_at > stamped, stamped), else_=table.c.created_at
                    ),
                    updated_at=case(
                        (table.c.updated_at > stamped, stamped), else_=table.c.updated_at
                    ),
                )
            )
            trail = (AuditEntry.table_name == name, AuditEntry.record_id == record_id)
            session.execute(update(AuditEntry).where(*trail, AuditEntry.hlc == old).values(hlc=new))
            session.execute(
                update(AuditEntry).where(*trail, AuditEntry.hlc > line).values(hlc=None)
            )
            count += 1
    session.execute(update(Installation).values(hlc_last=clock.last))
    session.flush()
    return Restamped(count, line)
