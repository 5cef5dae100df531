"""Reference data the county owns and can push down: townships, categories, plan targets.

They are data (loaded from ``resources/reference/*.csv`` and later from county packages), never
constants in code. ``hlc`` versions each row so a newer county package wins.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base


class Township(Base):
    """A township (乡/镇) of the county, by its 12-digit statistical code."""

    __tablename__ = "townships"

    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    code9: Mapped[str] = mapped_column(String(9))
    name_zh: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    hlc: Mapped[int] = mapped_column(BigInteger, default=0)


class Category(Base):
    """A record category: inspection kind, certification/brand/standard/award, project, ..."""

    __tablename__ = "categories"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    group: Mapped[str] = mapped_column("category_group", String(32), index=True)
    label_zh: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(300))
    section: Mapped[str] = mapped_column(String(64), default="")
    related_target_ids: Mapped[str] = mapped_column(String(400), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    hlc: Mapped[int] = mapped_column(BigInteger, default=0)


class Target(Base):
    """One of the plan's targets (2022 figures), with how it is computed."""

    __tablename__ = "targets"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(300))
    measure_type: Mapped[str] = mapped_column(String(40))
    unit: Mapped[str] = mapped_column(String(20))
    comparison: Mapped[str] = mapped_column(String(8))
    target_value: Mapped[float | None] = mapped_column(Float)
    target_text: Mapped[str] = mapped_column(String(64), default="")
    deadline_year: Mapped[int | None] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(String(64))
    responsible_units: Mapped[str] = mapped_column(Text, default="")
    responsibility_note: Mapped[str] = mapped_column(Text, default="")
    record_source: Mapped[str] = mapped_column(String(20))
    record_source_note: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    hlc: Mapped[int] = mapped_column(BigInteger, default=0)


class Setting(Base):
    """A county-editable setting (counting window, report due day, ...), stored as text."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    hlc: Mapped[int] = mapped_column(BigInteger, default=0)
