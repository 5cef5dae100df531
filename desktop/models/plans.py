"""Plans (规划) as data: each round of the county's quality plan, its targets and its links.

A :class:`Plan` is one round of the 质量提升 plan: its name, issuing document and number, and its
counting window. A :class:`PlanTarget` says what one target is in that plan (comparison, figure,
deadline) and which categories count toward it. The target's definition (name, unit, how it is
measured) stays in ``targets``, shared by every plan, so a county statistic entered once serves
all plans. Plans are county reference data: versioned by ``hlc``, carried down in the reference
package. An issued report (:class:`IssuedReport`) freezes one 月报 at the county: workbook,
figures and the record ids behind them, so it reads the same after late packages arrive.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, DateTime, Float, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base


class Plan(Base):
    """One round of the county's quality plan, with its counting window (YYYY-MM-DD text)."""

    __tablename__ = "plans"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(300), default="")
    document: Mapped[str] = mapped_column(String(300), default="")
    document_number: Mapped[str] = mapped_column(String(100), default="")
    issuer: Mapped[str] = mapped_column(String(200), default="")
    issued_on: Mapped[str] = mapped_column(String(10), default="")
    window_start: Mapped[str] = mapped_column(String(10))
    window_end: Mapped[str] = mapped_column(String(10))
    notes: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    hlc: Mapped[int] = mapped_column(BigInteger, default=0)


class PlanTarget(Base):
    """What one target is in one plan, and the categories (``;``-separated) that count toward it.

    ``id`` is ``<plan id>:<target id>`` so reference packages merge it by one key; ``active``
    False takes a target out of a plan (reference rows are never deleted).
    """

    __tablename__ = "plan_targets"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    plan_id: Mapped[str] = mapped_column(String(32), index=True)
    target_id: Mapped[str] = mapped_column(String(64))
    comparison: Mapped[str] = mapped_column(String(8))
    target_value: Mapped[float | None] = mapped_column(Float)
    target_text: Mapped[str] = mapped_column(String(64), default="")
    deadline_year: Mapped[int | None] = mapped_column(Integer)
    category_codes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    hlc: Mapped[int] = mapped_column(BigInteger, default=0)


class IssuedReport(Base):
    """A 月报 the county issued and froze: who, when, which plan, the workbook and its figures."""

    __tablename__ = "issued_reports"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    period: Mapped[str] = mapped_column(String(7), index=True)
    plan_id: Mapped[str] = mapped_column(String(32))
    township_code: Mapped[str | None] = mapped_column(String(12))
    issued_by: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    as_of: Mapped[str] = mapped_column(String(10))
    figures: Mapped[dict[str, Any]]
    record_ids: Mapped[dict[str, Any]]
    workbook: Mapped[bytes] = mapped_column(LargeBinary)
    workbook_name: Mapped[str] = mapped_column(String(200))
    workbook_sha256: Mapped[str] = mapped_column(String(64))
    notes: Mapped[str] = mapped_column(Text, default="")
