"""The records behind a figure, as one SQL SELECT per rule: the basis of values and drill-down.

Every basis yields ``record_id``, ``township_code`` and either ``key`` (what a count counts once)
or ``sampled`` / ``passed`` (what a pass rate sums). Values aggregate over the basis and drill-down
selects its ``record_id`` column, so a figure and the records shown behind it cannot disagree.
Tombstoned rows never enter a basis. Only portable SQL: joins, ``COALESCE``, ``||``, ``IN``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, TypeAlias

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, select
from sqlalchemy.orm import aliased

from desktop.models import Certification, Enterprise, Inspection, Project
from desktop.reports.rules import Rule, RuleKind

Rows: TypeAlias = Select[*tuple[Any, ...]]
"""A SELECT of any columns."""

_OWNER = aliased(Enterprise, name="owner")
"""A certification's enterprise in :func:`certification_basis`."""
_HOLDER = aliased(Enterprise, name="holder")
"""The enterprise holding an adopter's certification in :func:`_adopter_codes`."""
_SUPPORT = aliased(Enterprise, name="support")
"""The same in :func:`adoption_certificates` (its own name: it encloses the codes' SELECT)."""


@dataclass(frozen=True)
class Span:
    """Dates counted (both ends included); ``start`` None counts from the beginning."""

    start: date | None
    end: date


def _between(column: Any, span: Span) -> list[ColumnElement[bool]]:
    conditions = [column <= span.end]
    if span.start is not None:
        conditions.append(column >= span.start)
    return conditions


def _township(column: Any, township: str | None) -> list[ColumnElement[bool]]:
    return [column == township] if township else []


def pass_rate_basis(rule: Rule, span: Span, township: str | None = None) -> Rows:
    """Inspections of the linked kinds in the span: id, township, sampled, passed batches."""
    return select(
        Inspection.id.label("record_id"),
        Inspection.township_code.label("township_code"),
        Inspection.batches_sampled.label("sampled"),
        Inspection.batches_passed.label("passed"),
        Inspection.inspection_date.label("day"),
    ).where(
        Inspection.category_code.in_(rule.categories),
        Inspection.deleted.is_(False),
        *_between(Inspection.inspection_date, span),
        *_township(Inspection.township_code, township),
    )


def certification_basis(rule: Rule, span: Span, township: str | None = None) -> Rows:
    """Certifications of the linked kinds in the span, keyed by enterprise or by certificate.

    An enterprise is known by its credit code, so the same enterprise recorded by two townships
    is one key. A certificate is (category, credit code, number or title). A certificate without
    a (live) enterprise is its own key.
    """
    enterprise = _OWNER
    owner_key = func.coalesce(enterprise.credit_code, literal("id:") + Certification.id)
    if rule.kind is RuleKind.ENTERPRISE_COUNT:
        key: ColumnElement[str] = owner_key
    else:
        key = (
            Certification.category_code
            + literal("|")
            + owner_key
            + literal("|")
            + func.coalesce(Certification.document_number, Certification.title)
        )
    return (
        select(
            Certification.id.label("record_id"),
            Certification.township_code.label("township_code"),
            key.label("key"),
        )
        .select_from(Certification)
        .outerjoin(
            enterprise,
            and_(enterprise.id == Certification.enterprise_id, enterprise.deleted.is_(False)),
        )
        .where(
            Certification.category_code.in_(rule.categories),
            Certification.deleted.is_(False),
            *_between(Certification.awarded_date, span),
            *_township(Certification.township_code, township),
        )
    )


def project_basis(rule: Rule, span: Span, township: str | None = None) -> Rows:
    """Projects of the linked kinds started in the span, one key per (category, name)."""
    conditions = [
        Project.category_code.in_(rule.categories),
        Project.deleted.is_(False),
        *_between(Project.start_date, span),
        *_township(Project.township_code, township),
    ]
    if rule.completed_only:
        conditions.append(Project.status == "completed")
    return select(
        Project.id.label("record_id"),
        Project.township_code.label("township_code"),
        (Project.category_code + literal("|") + func.trim(Project.name)).label("key"),
    ).where(*conditions)


def _adopter_codes(rule: Rule, span: Span) -> Rows:
    """Credit codes holding a linked certification awarded on or before ``span.end``."""
    holder = _HOLDER
    return (
        select(holder.credit_code)
        .select_from(Certification)
        .join(holder, holder.id == Certification.enterprise_id)
        .where(
            Certification.category_code.in_(rule.categories),
            Certification.deleted.is_(False),
            holder.deleted.is_(False),
            Certification.awarded_date <= span.end,
        )
    )


def adoption_bases(rule: Rule, span: Span, township: str | None = None) -> tuple[Rows, Rows]:
    """(enterprises in scope, those of them adopting) — keyed by credit code.

    The rate is a state on ``span.end``: enterprises of the linked tiers; adopters hold a linked
    certification awarded on or before that day, on any enterprise row with the same credit code.
    """
    in_scope = [
        Enterprise.deleted.is_(False),
        Enterprise.tier.in_(rule.tiers),
        *_township(Enterprise.township_code, township),
    ]
    adopters = _adopter_codes(rule, span)
    columns = (
        Enterprise.id.label("record_id"),
        Enterprise.township_code.label("township_code"),
        Enterprise.credit_code.label("key"),
    )
    scope = select(*columns).where(*in_scope)
    adopting = select(*columns).where(*in_scope, Enterprise.credit_code.in_(adopters))
    return scope, adopting


def adoption_basis(rule: Rule, span: Span, township: str | None = None) -> Rows:
    """Enterprises in scope with ``flag`` 1 for adopters: both counts from one scan.

    A row of the scope is one of :func:`adoption_bases`' adopting rows exactly when its credit
    code holds a linked certification, so the flag asks only that (one list of codes, not two).
    """
    scope, _adopting = adoption_bases(rule, span, township)
    adopters = _adopter_codes(rule, span)
    return scope.add_columns(case((Enterprise.credit_code.in_(adopters), 1), else_=0).label("flag"))


def adoption_certificates(rule: Rule, span: Span, township: str | None = None) -> Rows:
    """Ids of the certifications that make in-scope enterprises adopters (for drill-down)."""
    _, adopting = adoption_bases(rule, span, township)
    keys = adopting.subquery()
    holder = _SUPPORT
    return (
        select(Certification.id)
        .join(holder, holder.id == Certification.enterprise_id)
        .where(
            Certification.category_code.in_(rule.categories),
            Certification.deleted.is_(False),
            holder.deleted.is_(False),
            Certification.awarded_date <= span.end,
            holder.credit_code.in_(select(keys.c.key)),
        )
    )
