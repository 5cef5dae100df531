"""Sync bookkeeping: this office's keys, pinned keys of others, packages in and out, conflicts.

These tables never travel in packages. ``sync_versions`` remembers every version of a ledger row
the county has seen that is not the current row, so the merge can tell a stale copy from a
concurrent edit no matter in which order packages arrive.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, DateTime, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import OWNER_LEN, UUID_LEN, Base

HASH_LEN = 64


class SyncIdentity(Base):
    """This installation's Ed25519 signing key and X25519 decryption key (one row)."""

    __tablename__ = "sync_identity"

    singleton: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    signing_key: Mapped[str] = mapped_column(String(64))
    verify_key: Mapped[str] = mapped_column(String(64))
    box_key: Mapped[str] = mapped_column(String(64))
    box_public_key: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class SyncTrust(Base):
    """A pinned public key of another office (townships at the county, the county at a township)."""

    __tablename__ = "sync_trust"

    owner: Mapped[str] = mapped_column(String(OWNER_LEN), primary_key=True)
    verify_key: Mapped[str | None] = mapped_column(String(64))
    box_public_key: Mapped[str | None] = mapped_column(String(64))
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(16))
    pinned_at: Mapped[datetime] = mapped_column(DateTime)
    pinned_by: Mapped[str] = mapped_column(String(64))


class SyncInbox(Base):
    """A package this office imported (data at the county; reference or receipt at a township)."""

    __tablename__ = "sync_inbox"
    __table_args__ = (Index("ix_sync_inbox_owner_period", "owner", "period"),)

    manifest_sha256: Mapped[str] = mapped_column(String(HASH_LEN), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    owner: Mapped[str] = mapped_column(String(OWNER_LEN))
    installation_id: Mapped[str] = mapped_column(String(UUID_LEN))
    sequence: Mapped[int] = mapped_column(Integer)
    previous_sha256: Mapped[str | None] = mapped_column(String(HASH_LEN))
    period: Mapped[str] = mapped_column(String(7))
    nothing_to_report: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    imported_by: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(255))
    records: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[dict[str, Any]] = mapped_column(default=dict)
    key_id: Mapped[str | None] = mapped_column(String(32))
    pc_label: Mapped[str | None] = mapped_column(String(64))


class SyncOutbox(Base):
    """A package this office has written, and whether the county has acknowledged it."""

    __tablename__ = "sync_outbox"

    manifest_sha256: Mapped[str] = mapped_column(String(HASH_LEN), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    sequence: Mapped[int] = mapped_column(Integer, index=True)
    period: Mapped[str] = mapped_column(String(7))
    hlc_from: Mapped[int] = mapped_column(BigInteger)
    hlc_to: Mapped[int] = mapped_column(BigInteger)
    records: Mapped[int] = mapped_column(Integer, default=0)
    full: Mapped[bool] = mapped_column(Boolean, default=False)
    encrypted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(255))
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)


class SyncVersion(Base):
    """A version of a ledger row seen in a package that is not (or no longer) the current row."""

    __tablename__ = "sync_versions"
    __table_args__ = (Index("ix_sync_versions_owner_table", "owner", "table_name"),)

    record_id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    hlc: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    origin: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    base_hlc: Mapped[int | None] = mapped_column(BigInteger)
    table_name: Mapped[str] = mapped_column(String(40))
    owner: Mapped[str] = mapped_column(String(OWNER_LEN))


class SyncConflict(Base):
    """A losing version kept for a person to review: nothing is overwritten silently."""

    __tablename__ = "sync_conflicts"
    __table_args__ = (Index("ix_sync_conflicts_record", "record_id", "lost_hlc", "lost_origin"),)

    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(UUID_LEN))
    owner: Mapped[str] = mapped_column(String(OWNER_LEN), index=True)
    lost_hlc: Mapped[int] = mapped_column(BigInteger)
    lost_origin: Mapped[str] = mapped_column(String(UUID_LEN))
    lost_base_hlc: Mapped[int | None] = mapped_column(BigInteger)
    lost_by: Mapped[str] = mapped_column(String(64))
    lost_at: Mapped[datetime] = mapped_column(DateTime)
    lost_data: Mapped[dict[str, Any]] = mapped_column()
    winner_hlc: Mapped[int] = mapped_column(BigInteger)
    winner_origin: Mapped[str] = mapped_column(String(UUID_LEN))
    package_sha256: Mapped[str] = mapped_column(String(HASH_LEN))
    detected_at: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16), index=True)
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolution: Mapped[str | None] = mapped_column(Text)


class SyncInstallation(Base):
    """The county's roster: one township installation (PC), bound to its key and owner forever.

    ``status`` is ``active`` (its packages merge), ``pending`` (a new PC of a township that has
    one already: its packages are held until a clerk approves it), ``declined`` (its packages
    are refused) or ``retired`` (packages numbered above ``retired_after`` are refused).
    ``installation_id`` is unknown until the first package when the key was enrolled from a
    key file.
    """

    __tablename__ = "sync_installations"

    key_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    verify_key: Mapped[str] = mapped_column(String(64), unique=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    owner: Mapped[str] = mapped_column(String(OWNER_LEN), index=True)
    installation_id: Mapped[str | None] = mapped_column(String(UUID_LEN), unique=True)
    pc_label: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16))
    method: Mapped[str] = mapped_column(String(16))
    first_seen_at: Mapped[datetime] = mapped_column(DateTime)
    first_sequence: Mapped[int | None] = mapped_column(Integer)
    last_sequence: Mapped[int | None] = mapped_column(Integer)
    first_period: Mapped[str | None] = mapped_column(String(7))
    last_period: Mapped[str | None] = mapped_column(String(7))
    last_package_at: Mapped[datetime | None] = mapped_column(DateTime)
    enrolled_by: Mapped[str | None] = mapped_column(String(64))
    enrolled_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    reason: Mapped[str | None] = mapped_column(Text)
    retired_after: Mapped[int | None] = mapped_column(Integer)


class SyncHeld(Base):
    """A package of a pending installation, kept as received until the county decides."""

    __tablename__ = "sync_held"

    manifest_sha256: Mapped[str] = mapped_column(String(HASH_LEN), primary_key=True)
    key_id: Mapped[str] = mapped_column(String(32), index=True)
    owner: Mapped[str] = mapped_column(String(OWNER_LEN))
    installation_id: Mapped[str] = mapped_column(String(UUID_LEN))
    sequence: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(7))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    received_at: Mapped[datetime] = mapped_column(DateTime)
    received_by: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(255))
    records: Mapped[int] = mapped_column(Integer, default=0)
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(16))
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    reason: Mapped[str | None] = mapped_column(Text)
