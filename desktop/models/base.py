"""Declarative base and the sync identity that every ledger row carries from day one."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, MetaData, String, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from desktop.names import COUNTY_OWNER as COUNTY_OWNER
from desktop.names import SYNC_COLUMNS as SYNC_COLUMNS

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

UUID_LEN = 36
OWNER_LEN = 12


class Base(DeclarativeBase):
    """Base of every table; constraint names are stable so migrations work on SQLite and PG."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class SyncRecord(Base):
    """A ledger row that travels in sync packages.

    ``id`` is a UUIDv7 born where the record is born; ``owner`` is the township code (or
    ``county``) allowed to write it; ``hlc`` and ``origin`` order its versions; ``base_hlc`` is the
    version it was edited from; ``deleted`` is the tombstone — rows are never physically deleted.
    """

    __abstract__ = True

    id: Mapped[str] = mapped_column(String(UUID_LEN), primary_key=True)
    owner: Mapped[str] = mapped_column(String(OWNER_LEN), index=True)
    hlc: Mapped[int] = mapped_column(BigInteger, index=True)
    origin: Mapped[str] = mapped_column(String(UUID_LEN))
    base_hlc: Mapped[int | None] = mapped_column(BigInteger)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime)
