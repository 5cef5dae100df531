"""Column mappings the clerk confirmed, remembered per file layout so next month's file maps itself.

Local to this installation: layouts never travel in sync packages.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base


class ImportLayout(Base):
    """One remembered layout: a ledger and the fingerprint of a header row → the mapping."""

    __tablename__ = "import_layouts"

    ledger: Mapped[str] = mapped_column(String(40), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)
    mapping: Mapped[dict[str, Any]] = mapped_column()
    """The mapping file's JSON (see docs/import-mapping.md)."""
    headers: Mapped[list[Any]] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(DateTime)
