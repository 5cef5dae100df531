"""What went in and out: the inbox and outbox as plain rows for screens and reports."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from desktop.db import Database
from desktop.models import SyncInbox, SyncOutbox
from desktop.sync import keys


def inbox(database: Database, limit: int = 500) -> list[dict[str, Any]]:
    """Imported packages, newest first."""
    with database.session() as session:
        rows = session.scalars(
            select(SyncInbox).order_by(SyncInbox.imported_at.desc(), SyncInbox.owner).limit(limit)
        )
        return [
            {
                "kind": r.kind,
                "owner": r.owner,
                "sequence": r.sequence,
                "period": r.period,
                "records": r.records,
                "nothing_to_report": r.nothing_to_report,
                "created_at": r.created_at.isoformat(sep=" "),
                "imported_at": r.imported_at.isoformat(sep=" "),
                "imported_by": r.imported_by,
                "file_name": r.file_name,
            }
            for r in rows
        ]


def outbox(database: Database, limit: int = 500) -> list[dict[str, Any]]:
    """Written packages, newest first, with whether the county has acknowledged them."""
    with database.session() as session:
        rows = session.scalars(
            select(SyncOutbox)
            .order_by(SyncOutbox.created_at.desc(), SyncOutbox.sequence.desc())
            .limit(limit)
        )
        return [
            {
                "kind": r.kind,
                "sequence": r.sequence,
                "period": r.period,
                "records": r.records,
                "encrypted": r.encrypted,
                "created_at": r.created_at.isoformat(sep=" "),
                "file_name": r.file_name,
                "acknowledged_at": r.acknowledged_at.isoformat(sep=" ")
                if r.acknowledged_at
                else None,
            }
            for r in rows
        ]


def fingerprint(database: Database) -> str:
    """This office's key fingerprint (the keys are created on first use)."""
    with database.session() as session:
        return keys.ensure_identity(session).fingerprint
