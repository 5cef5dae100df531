"""The ledgers township clerks keep: enterprises, inspections, certifications, projects.

Every class is a :class:`SyncRecord` (UUIDv7 key, owner, HLC, tombstone). References between
ledger rows are plain indexed columns, not foreign keys: rows arrive at the county in packages
whose order is not guaranteed, and the services layer checks references instead. References to
reference data (townships, categories) are real foreign keys.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import UUID_LEN, SyncRecord

CATEGORY_FK = "categories.code"
TOWNSHIP_FK = "townships.code"


class Enterprise(SyncRecord):
    """An enterprise or other entity, identified by its 18-character 统一社会信用代码."""

    __tablename__ = "enterprises"
    __table_args__ = (
        # Covers the standard-adoption rate (enterprises of a tier, per township, by code).
        Index("ix_enterprises_tier", "tier", "deleted", "township_code", "credit_code"),
    )

    credit_code: Mapped[str] = mapped_column(String(18), index=True)
    credit_code_override_reason: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200), index=True)
    township_code: Mapped[str] = mapped_column(ForeignKey(TOWNSHIP_FK), index=True)
    industry: Mapped[str | None] = mapped_column(String(64))
    tier: Mapped[str | None] = mapped_column(String(32))
    address: Mapped[str | None] = mapped_column(String(300))
    contact_person: Mapped[str | None] = mapped_column(String(64))
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    notes: Mapped[str | None] = mapped_column(Text)


class Inspection(SyncRecord):
    """An inspection or sampling check of an enterprise or product, with its rectification.

    The enterprise is the inspected (sampled) unit; in retail-stage sampling the producer named on
    the label differs from it and is kept as text (``producer_name``, ``producer_address``).
    """

    __tablename__ = "inspections"
    __table_args__ = (
        Index("ix_inspections_owner_date", "owner", "inspection_date"),
        # The window's order (newest first, ties by id): a page is read straight off it.
        Index("ix_inspections_date_id", "inspection_date", "id"),
        # Covers the pass rates (batches by kind, date and township) as well as category filters.
        Index(
            "ix_inspections_category_date",
            "category_code",
            "inspection_date",
            "deleted",
            "township_code",
            "batches_sampled",
            "batches_passed",
        ),
    )

    category_code: Mapped[str] = mapped_column(ForeignKey(CATEGORY_FK))
    inspection_date: Mapped[date] = mapped_column(Date)
    township_code: Mapped[str] = mapped_column(ForeignKey(TOWNSHIP_FK), index=True)
    enterprise_id: Mapped[str | None] = mapped_column(String(UUID_LEN), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    specification: Mapped[str | None] = mapped_column(String(100))
    trademark: Mapped[str | None] = mapped_column(String(100))
    batch: Mapped[str | None] = mapped_column(String(100))
    batches_sampled: Mapped[int] = mapped_column(Integer, default=1)
    batches_passed: Mapped[int] = mapped_column(Integer, default=1)
    batches_passed_labelling: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[str] = mapped_column(String(32), index=True)
    failing_items: Mapped[list[Any]] = mapped_column(default=list)
    inspecting_body: Mapped[str | None] = mapped_column(String(200))
    task_source: Mapped[str | None] = mapped_column(String(200))
    notice_number: Mapped[str | None] = mapped_column(String(100))
    announcement_date: Mapped[date | None] = mapped_column(Date)
    producer_name: Mapped[str | None] = mapped_column(String(200))
    producer_address: Mapped[str | None] = mapped_column(String(300))
    food_category: Mapped[str | None] = mapped_column(String(100))
    sampling_stage: Mapped[str | None] = mapped_column(String(16))
    report_number: Mapped[str | None] = mapped_column(String(100))
    rectification_required: Mapped[bool] = mapped_column(Boolean, default=False)
    rectification_deadline: Mapped[date | None] = mapped_column(Date)
    rectification_status: Mapped[str] = mapped_column(String(16), default="none", index=True)
    rectification_closed_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)


class Certification(SyncRecord):
    """A certification, brand, standard or award held by an enterprise."""

    __tablename__ = "certifications"
    __table_args__ = (
        # Covers the certification counts (kind, award date, township, enterprise).
        Index(
            "ix_certifications_category_date",
            "category_code",
            "awarded_date",
            "deleted",
            "township_code",
            "enterprise_id",
        ),
        Index("ix_certifications_date_id", "awarded_date", "id"),
    )

    category_code: Mapped[str] = mapped_column(ForeignKey(CATEGORY_FK))
    township_code: Mapped[str] = mapped_column(ForeignKey(TOWNSHIP_FK), index=True)
    enterprise_id: Mapped[str | None] = mapped_column(String(UUID_LEN), index=True)
    title: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16))
    document_number: Mapped[str | None] = mapped_column(String(100))
    awarding_body: Mapped[str | None] = mapped_column(String(200))
    awarded_date: Mapped[date] = mapped_column(Date)
    expiry_date: Mapped[date | None] = mapped_column(Date, index=True)
    role: Mapped[str | None] = mapped_column(String(16))
    notes: Mapped[str | None] = mapped_column(Text)


class Project(SyncRecord):
    """A demonstration or pilot project (示范/试点项目) with its milestones."""

    __tablename__ = "projects"
    __table_args__ = (Index("ix_projects_date_id", "start_date", "id"),)

    category_code: Mapped[str] = mapped_column(ForeignKey(CATEGORY_FK), index=True)
    township_code: Mapped[str] = mapped_column(ForeignKey(TOWNSHIP_FK), index=True)
    name: Mapped[str] = mapped_column(String(200))
    lead_unit: Mapped[str] = mapped_column(String(200))
    enterprise_id: Mapped[str | None] = mapped_column(String(UUID_LEN), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    planned_completion: Mapped[date | None] = mapped_column(Date)
    planned_investment: Mapped[float | None] = mapped_column(Float)
    level: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="ongoing")
    milestones: Mapped[list[Any]] = mapped_column(default=list)
    notes: Mapped[str | None] = mapped_column(Text)


class ProjectProgress(SyncRecord):
    """A project's progress in one month (period ``YYYY-MM``)."""

    __tablename__ = "project_progress"

    project_id: Mapped[str] = mapped_column(String(UUID_LEN), index=True)
    period: Mapped[str] = mapped_column(String(7), index=True)
    percent_complete: Mapped[float] = mapped_column(Float)
    investment_to_date: Mapped[float | None] = mapped_column(Float)
    investment_this_month: Mapped[float | None] = mapped_column(Float)
    milestone_reached: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)


class ManualStatistic(SyncRecord):
    """A county statistic for a target no ledger can compute, entered by hand."""

    __tablename__ = "manual_statistics"

    target_id: Mapped[str] = mapped_column(ForeignKey("targets.id"), index=True)
    value: Mapped[float] = mapped_column(Float)
    as_of: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
