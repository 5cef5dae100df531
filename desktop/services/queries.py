"""Read the ledgers page by page, filtered and sorted in SQL (never every row into memory).

The window's table models, the CLI's ``record list`` and the reports all use :func:`select_ids`
/ :func:`fetch_page`, so a filter means the same thing on every face. Free text uses ``LIKE``,
which (unlike SQLite's FTS5 trigram index) also finds 2-character Chinese terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, and_, false, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from desktop.models import SYNC_COLUMNS, Enterprise, Inspection, SyncRecord
from desktop.services import expiry, search_terms
from desktop.services.expiry import EXPIRY_WARNING_DAYS
from desktop.services.fields import Kind, LedgerSpec
from desktop.services.ledger_query import LedgerQuery as LedgerQuery
from desktop.services.records import json_ready, record_to_dict

MAX_PAGE = 5000


@dataclass(frozen=True)
class Page:
    """One page of a ledger and the number of rows the filter matches in all."""

    total: int
    rows: list[dict[str, Any]]


def _column(model: type[SyncRecord], name: str) -> Any:
    """A ledger column by name (ledgers differ in which columns they have)."""
    return model.__table__.c[name]


def text_condition(spec: LedgerSpec, text: str) -> ColumnElement[bool] | None:
    """Rows whose search fields (or their enterprise's name or code) contain every word."""
    return search_terms.text_condition(spec, text)


def conditions_for(
    spec: LedgerSpec, query: LedgerQuery, today: date, warning_days: int = EXPIRY_WARNING_DAYS
) -> list[ColumnElement[bool]]:
    """The WHERE conditions of a query, shared by counting and paging.

    ``warning_days`` is the expiry rule's setting (:func:`desktop.services.expiry.warning_days`).
    """
    model = spec.model
    names = spec.field_names
    conditions: list[ColumnElement[bool]] = []
    if not query.include_deleted:
        conditions.append(model.deleted.is_(False))
    text = text_condition(spec, query.text)
    if text is not None:
        conditions.append(text)
    if query.category and "category_code" in names:
        conditions.append(_column(model, "category_code") == query.category)
    if query.township and "township_code" in names:
        conditions.append(_column(model, "township_code") == query.township)
    if spec.date_field:
        date_column = getattr(model, spec.date_field)
        if query.date_from:
            conditions.append(date_column >= query.date_from)
        if query.date_to:
            conditions.append(date_column <= query.date_to)
    if query.result and "result" in names:
        conditions.append(_column(model, "result") == query.result)
    if query.rectification and model is Inspection:
        conditions.append(rectification_condition(query.rectification, today))
    if query.expiring_only:
        if "expiry_date" in names:
            column = _column(model, "expiry_date")
            conditions.append(expiry.expiring_condition(column, today, warning_days))
        else:
            conditions.append(false())
    return conditions


def rectification_condition(status: str, today: date) -> ColumnElement[bool]:
    """Inspections in a rectification state; ``overdue`` is pending past its deadline."""
    if status == "overdue":
        return and_(
            Inspection.rectification_status == "pending",
            Inspection.rectification_deadline < today,
        )
    return Inspection.rectification_status == status


def sort_name(spec: LedgerSpec, query: LedgerQuery) -> str:
    """The column a query sorts by (the ledger's date, else the last change, when not allowed)."""
    sort = query.sort or spec.date_field or "updated_at"
    if sort not in spec.field_names and sort not in ("updated_at", "created_at", "hlc"):
        sort = spec.date_field or "updated_at"
    return sort


def _order(spec: LedgerSpec, query: LedgerQuery) -> list[Any]:
    model = spec.model
    column = getattr(model, sort_name(spec, query))
    primary = column.desc() if query.descending else column.asc()
    tie = model.id.desc() if query.descending else model.id.asc()
    return [primary, tie]


def keyset_value(spec: LedgerSpec, query: LedgerQuery, record: dict[str, Any]) -> Any:
    """The sort value of a record as a bind value, or None when keyset paging cannot help."""
    name = sort_name(spec, query)
    value = record.get(name)
    if value is None or spec.model.__table__.c[name].nullable:
        return None  # NULLs sort apart from the values: only offsets find them
    if name in ("updated_at", "created_at"):
        return datetime.fromisoformat(str(value))
    if name in spec.field_names:
        kind = spec.field(name).kind
        if kind is Kind.DATE:
            return date.fromisoformat(str(value))
        if kind is Kind.ITEMS:
            return None
    return value


def after_condition(
    spec: LedgerSpec, query: LedgerQuery, record: dict[str, Any]
) -> ColumnElement[bool]:
    """Rows that sort after ``record`` (same order as :func:`select_ids`): keyset paging."""
    table = spec.model.__table__
    column = table.c[sort_name(spec, query)]
    value = keyset_value(spec, query, record)
    ident = table.c.id
    if query.descending:
        return or_(column < value, and_(column == value, ident < record["id"]))
    return or_(column > value, and_(column == value, ident > record["id"]))


def select_ids(
    spec: LedgerSpec, query: LedgerQuery, today: date, warning_days: int = EXPIRY_WARNING_DAYS
) -> Select[str]:
    """SELECT of the ids of one page, in order."""
    model = spec.model
    statement = select(model.id).where(*conditions_for(spec, query, today, warning_days))
    limit = max(0, min(query.limit, MAX_PAGE))
    return statement.order_by(*_order(spec, query)).offset(max(0, query.offset)).limit(limit)


def count(session: Session, spec: LedgerSpec, query: LedgerQuery, today: date) -> int:
    """How many rows the filter matches."""
    model = spec.model
    days = expiry.warning_days(session)
    statement = (
        select(func.count()).select_from(model).where(*conditions_for(spec, query, today, days))
    )
    return int(session.scalar(statement) or 0)


def fetch_rows(session: Session, spec: LedgerSpec, ids: list[str]) -> list[SyncRecord]:
    """Rows for ids, in the order of ``ids``."""
    if not ids:
        return []
    model = spec.model
    found = {row.id: row for row in session.scalars(select(model).where(model.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def fetch_page(session: Session, spec: LedgerSpec, query: LedgerQuery, today: date) -> Page:
    """One page of records as plain data, and the total count."""
    days = expiry.warning_days(session)
    ids = list(session.scalars(select_ids(spec, query, today, days)))
    rows = [record_to_dict(spec, row) for row in fetch_rows(session, spec, ids)]
    return Page(total=count(session, spec, query, today), rows=rows)


def record_names(spec: LedgerSpec) -> tuple[str, ...]:
    """The columns of a whole record, in the order :func:`record_of` reads them."""
    return (*SYNC_COLUMNS, *spec.field_names)


def record_of(spec: LedgerSpec, names: tuple[str, ...], values: Any) -> dict[str, Any]:
    """A record as plain data from the values of ``names`` (a row of a Core select)."""
    record: dict[str, Any] = {"ledger": spec.name}
    record.update(zip(names, values, strict=True))
    for name in _may_hold_dates(spec, names):  # the others are JSON-ready as they come
        record[name] = json_ready(record[name])
    return record


_DATE_NAMES: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = {}


def _may_hold_dates(spec: LedgerSpec, names: tuple[str, ...]) -> tuple[str, ...]:
    """The columns among ``names`` whose values may come back as dates or times (every column
    whose Python type is not known to be a plain string, number or flag)."""
    key = (spec.name, names)
    found = _DATE_NAMES.get(key)
    if found is None:
        columns = spec.model.__table__.c
        found = _DATE_NAMES[key] = tuple(name for name in names if not _plain(columns[name].type))
    return found


def _plain(column_type: Any) -> bool:
    try:
        python_type = column_type.python_type
    except NotImplementedError:
        return False
    return python_type in (str, int, float, bool)


def fetch_records(session: Session, spec: LedgerSpec, ids: list[str]) -> list[dict[str, Any]]:
    """Records for ids, in that order, as plain data (a Core select: no ORM objects to build)."""
    if not ids:
        return []
    table = spec.model.__table__
    names = record_names(spec)
    statement = select(*(table.c[name] for name in names)).where(table.c.id.in_(ids))
    found = {}
    for row in session.execute(statement):
        record = record_of(spec, names, row)
        found[record["id"]] = record
    return [found[i] for i in ids if i in found]


def enterprise_names(session: Session, ids: list[str]) -> dict[str, tuple[str, str]]:
    """Names and credit codes of enterprises by id, for display beside ledger rows."""
    wanted = [i for i in set(ids) if i]
    if not wanted:
        return {}
    statement = select(Enterprise.id, Enterprise.name, Enterprise.credit_code).where(
        Enterprise.id.in_(wanted)
    )
    return {row.id: (row.name, row.credit_code) for row in session.execute(statement)}
