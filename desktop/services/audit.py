"""Audit entries, built in one place: every write that the ledger services, a sync import, a
conflict resolution or the demo generator makes is recorded the same way.

An entry is added to the caller's session, so it commits (or rolls back) with the write itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.ids import uuid7
from desktop.models import AuditEntry
from desktop.services.office import Office
from desktop.services.records import json_ready


def audit_values(
    office: Office,
    *,
    at: datetime,
    actor: str,
    table: str,
    record_id: str,
    action: str,
    hlc: int | None = None,
    changed: Iterable[str] = (),
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    """The column values of one audit entry for a write made at this office (bulk inserts)."""
    return {
        "id": uuid7(),
        "at": at,
        "actor": actor,
        "origin": office.installation_id,
        "table_name": table,
        "record_id": record_id,
        "action": action,
        "hlc": hlc,
        "changed_fields": list(changed),
        "before": dict(before) if before is not None else None,
        "after": dict(after) if after is not None else None,
        "reason": reason,
    }


def record_audit(session: Session, office: Office, **entry: Any) -> AuditEntry:
    """Add one audit entry (the keywords of :func:`audit_values`) to ``session``; returns it."""
    row = AuditEntry(**audit_values(office, **entry))
    session.add(row)
    return row


def history(session: Session, record_id: str) -> list[dict[str, Any]]:
    """The audit trail of a record as plain data, oldest first."""
    entries = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.record_id == record_id)
        .order_by(AuditEntry.at, AuditEntry.hlc, AuditEntry.id)
    )
    return [
        {
            "at": json_ready(e.at),
            "actor": e.actor,
            "action": e.action,
            "changed_fields": e.changed_fields,
            "before": e.before,
            "after": e.after,
            "reason": e.reason,
        }
        for e in entries
    ]
