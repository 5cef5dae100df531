"""This installation: which office it is, who operates it, and its clock state."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import UUID_LEN, Base
from desktop.names import OFFICE_COUNTY as OFFICE_COUNTY
from desktop.names import OFFICE_TOWNSHIP as OFFICE_TOWNSHIP


class Installation(Base):
    """The single row describing this database's office. ``id`` is the sync ``origin``."""

    __tablename__ = "installation"

    singleton: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    id: Mapped[str] = mapped_column(String(UUID_LEN), unique=True)
    office_kind: Mapped[str] = mapped_column(String(16))
    township_code: Mapped[str | None] = mapped_column(String(12))
    operator: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    hlc_last: Mapped[int] = mapped_column(BigInteger, default=0)
    pc_label: Mapped[str] = mapped_column(String(64), default="", server_default="")
    """The name the clerk gave this PC at ``init`` (default: the computer's name); packages carry
    it so the county can tell a township's PCs apart."""
