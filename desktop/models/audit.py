"""The audit trail: who changed which record when, with the values before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import UUID_LEN, Base


class AuditEntry(Base):
    """One write to one record. Written in the same transaction as the write itself."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_record", "record_id", "at"),)

    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(64))
    origin: Mapped[str] = mapped_column(String(UUID_LEN))
    table_name: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(UUID_LEN))
    action: Mapped[str] = mapped_column(String(16))
    hlc: Mapped[int | None] = mapped_column(BigInteger)
    changed_fields: Mapped[list[Any]] = mapped_column(default=list)
    before: Mapped[dict[str, Any] | None] = mapped_column()
    after: Mapped[dict[str, Any] | None] = mapped_column()
    reason: Mapped[str | None] = mapped_column(String(200))
