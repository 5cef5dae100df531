"""Rows on the wire: one JSON object per row with every column; fast checks on the way in.

Each table gets a :class:`RowCodec` built once from the field declarations in
``desktop.services.fields`` (ledgers) or from the column types (reference tables). Checking a row
is a loop over small closures, and produces the values in the form the database stores, so a
100,000-row package is checked in a fraction of a second. References to reference data
(categories, townships, targets) are collected and checked as sets afterwards.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import BigInteger, Boolean, Float, Integer, String, Table, Text

from desktop.models import (
    LEDGER_MODELS,
    SYNC_COLUMNS,
    Category,
    Plan,
    PlanTarget,
    Setting,
    Target,
    Township,
)
from desktop.models.base import Base
from desktop.services.dates import PERIOD_RE
from desktop.services.fields import LEDGERS, Field, Kind
from desktop.services.validation import EARLIEST_DATE, FUTURE_DAYS_ALLOWED
from desktop.sync import columns
from desktop.sync.columns import Bulk

REFERENCE_MODELS: dict[str, type[Base]] = {
    "townships": Township,
    "categories": Category,
    "targets": Target,
    "plans": Plan,
    "plan_targets": PlanTarget,
    "settings": Setting,
}
REFERENCE_KEYS = {
    "townships": "code",
    "categories": "code",
    "targets": "id",
    "plans": "id",
    "plan_targets": "id",
    "settings": "key",
}
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
CREDIT_RE = re.compile(r"^[^\s-]{1,18}$")
"""What the entry form can store: a normalised 18-character code, or (with a written reason) any
other identifier of at most 18 characters, such as an old 15-digit registration number."""
CLOCK_SKEW = timedelta(days=1)
ROW_PROBLEMS = 5
"""Invalid rows a rejection names at most."""
COLUMNS_ADDED: dict[str, dict[str, tuple[str, ...]]] = {
    "0004": {
        "inspections": (
            "announcement_date",
            "producer_name",
            "producer_address",
            "food_category",
            "sampling_stage",
            "report_number",
        ),
        "project_progress": ("investment_this_month",),
    },
}
"""Ledger columns each schema revision added; a package of an older revision lacks them and its
rows are read with those columns empty (all such columns are optional)."""


def absent_columns(table: str, schema_version: str) -> frozenset[str]:
    """Columns of ``table`` that rows written under ``schema_version`` do not carry."""
    return frozenset(
        column
        for revision, tables in COLUMNS_ADDED.items()
        if revision > schema_version
        for column in tables.get(table, ())
    )


class RowError(Exception):
    """One field of one row is wrong (internal; collected into the rejection)."""

    def __init__(self, column: str, problem: str) -> None:
        super().__init__(f"{column}: {problem}")
        self.column = column
        self.problem = problem


Check = Callable[[Any], Any]


@dataclass
class Limits:
    """What 'now' means for this import: dates and clocks beyond it are refused.

    Clock values are checked against the package's own signed range ``(min_hlc, max_hlc]``
    (:meth:`for_package`), not against this PC's clock; the range itself is compared with the
    receiver's clock once, for the whole package (docs/sync-format.md §5.5).
    """

    now: datetime
    sqlite: bool = True
    earliest_date: str = EARLIEST_DATE.isoformat()
    latest_date: str = ""
    latest_datetime: datetime = field(default_factory=datetime.now)
    max_hlc: int = 0
    min_hlc: int = 0

    def __post_init__(self) -> None:
        self.latest_date = (self.now.date() + timedelta(days=FUTURE_DAYS_ALLOWED)).isoformat()
        self.latest_datetime = self.now + CLOCK_SKEW
        if not self.max_hlc:
            self.max_hlc = int((self.now + CLOCK_SKEW).timestamp() * 1000) << 16

    @classmethod
    def for_package(
        cls,
        now: datetime,
        *,
        from_county: bool,
        created_at: datetime,
        hlc_from: int,
        hlc_to: int,
        sqlite: bool = True,
    ) -> Limits:
        """The limits of one package: its rows' clocks within its signed ``hlc`` range.

        The county's clock is the reference (its key is pinned, its time signed): a township
        whose own clock is behind reads the county's package against the package's time. A
        township's package whose range lies past the county's clock (beyond the skew) is
        refused as a whole, naming both dates, so the sender corrects the clock; its next
        export re-stamps what was refused (:mod:`desktop.sync.restamp`).
        """
        if from_county:
            return cls(max(now, created_at), sqlite, max_hlc=max(hlc_to, 1), min_hlc=0)
        limit = int((now + CLOCK_SKEW).timestamp() * 1000) << 16
        if hlc_to > limit:
            sent = datetime.fromtimestamp((hlc_to >> 16) / 1000)
            raise ClockAheadError(sent, now)
        return cls(now, sqlite, max_hlc=max(hlc_to, 1), min_hlc=hlc_from)


class ClockAheadError(Exception):
    """A package's clock range lies in the receiver's future (internal; becomes a rejection)."""

    def __init__(self, sent: datetime, now: datetime) -> None:
        super().__init__(f"clock range up to {sent:%Y-%m-%d %H:%M}, receiver's clock {now}")
        self.sent = sent
        self.now = now


@dataclass
class References:
    """Values of reference columns seen in a package, checked as sets after the rows."""

    categories: dict[str, set[str]] = field(default_factory=dict)
    townships: set[str] = field(default_factory=set)
    targets: set[str] = field(default_factory=set)
    enterprises: set[str] = field(default_factory=set)
    projects: set[str] = field(default_factory=set)


def _fail(column: str, problem: str) -> RowError:
    return RowError(column, problem)


def _text_check(name: str, max_length: int, required: bool) -> Check:
    def check(value: Any) -> Any:
        if value is None:
            if required:
                raise _fail(name, "required")
            return None
        if type(value) is not str or "\x00" in value:
            raise _fail(name, "must be text without NUL characters")
        if len(value) > max_length:
            raise _fail(name, f"longer than {max_length}")
        if required and not value.strip():
            raise _fail(name, "required")
        return value

    return check


def _regex_check(name: str, pattern: re.Pattern[str], required: bool, what: str) -> Check:
    def check(value: Any) -> Any:
        if value is None:
            if required:
                raise _fail(name, "required")
            return None
        if type(value) is not str or not pattern.fullmatch(value):
            raise _fail(name, f"must be {what}")
        return value

    return check


def _int_check(name: str, lo: float | None, hi: float | None, required: bool) -> Check:
    def check(value: Any) -> Any:
        if value is None:
            if required:
                raise _fail(name, "required")
            return None
        if type(value) is not int:
            raise _fail(name, "must be a whole number")
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise _fail(name, "out of range")
        return value

    return check


def _float_check(name: str, lo: float | None, hi: float | None, required: bool) -> Check:
    def check(value: Any) -> Any:
        if value is None:
            if required:
                raise _fail(name, "required")
            return None
        kind = type(value)
        if kind is not float and kind is not int:
            raise _fail(name, "must be a number")
        if not math.isfinite(value):
            raise _fail(name, "must be finite")
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise _fail(name, "out of range")
        return float(value)

    return check


def _bool_check(name: str) -> Check:
    def check(value: Any) -> Any:
        if type(value) is not bool:
            raise _fail(name, "must be true or false")
        return value

    return check


def _date_check(name: str, required: bool, limits: Limits) -> Check:
    lo, hi, sqlite = limits.earliest_date, limits.latest_date, limits.sqlite
    parse = date.fromisoformat

    def check(value: Any) -> Any:
        if value is None:
            if required:
                raise _fail(name, "required")
            return None
        if type(value) is not str or len(value) != 10:
            raise _fail(name, "must be a date YYYY-MM-DD")
        try:
            parsed = parse(value)
        except ValueError:
            raise _fail(name, "must be a date YYYY-MM-DD") from None
        if parsed.isoformat() != value:  # Python 3.11 also reads week dates (2026-W01-1)
            raise _fail(name, "must be a date YYYY-MM-DD")
        if value < lo or value > hi:
            raise _fail(name, f"date {value} out of the plausible range")
        return value if sqlite else parsed

    return check


def _period_check(name: str, required: bool, limits: Limits) -> Check:
    """A month within the plausible date range (the same bounds as dates, month by month)."""
    shape = _regex_check(name, PERIOD_RE, required, "a period YYYY-MM")
    lo, hi = limits.earliest_date[:7], limits.latest_date[:7]

    def check(value: Any) -> Any:
        if shape(value) is not None and not lo <= value <= hi:
            raise _fail(name, f"month {value} out of the plausible range")
        return value

    return check


def _datetime_check(name: str, limits: Limits) -> Check:
    latest, sqlite = limits.latest_datetime, limits.sqlite
    parse = datetime.fromisoformat

    def check(value: Any) -> Any:
        if type(value) is not str or not 19 <= len(value) <= 26 or value[10] != "T":
            raise _fail(name, "must be a time YYYY-MM-DDTHH:MM:SS")
        try:
            parsed = parse(value)
        except ValueError:
            raise _fail(name, "must be a time YYYY-MM-DDTHH:MM:SS") from None
        if parsed.tzinfo is not None or parsed > latest or parsed.year < 2000:
            raise _fail(name, f"time {value} out of the plausible range")
        if sqlite:
            return parsed.isoformat(" ", "microseconds")
        return parsed

    return check


def _choice_check(name: str, codes: frozenset[str], required: bool) -> Check:
    def check(value: Any) -> Any:
        if value is None:
            if required:
                raise _fail(name, "required")
            return None
        if type(value) is not str or value not in codes:  # type first: a list is unhashable
            raise _fail(name, f"{value!r} is not an allowed value")
        return value

    return check


def _items_check(name: str, item_keys: frozenset[str], sqlite: bool) -> Check:
    def check(value: Any) -> Any:
        if value is None:
            value = []
        if type(value) is not list or len(value) > 100:
            raise _fail(name, "must be a list of at most 100 items")
        for item in value:
            if type(item) is not dict or not item.keys() <= item_keys:
                raise _fail(name, "items have unexpected keys")
            for text in item.values():
                if type(text) is not str or len(text) > 200 or "\x00" in text:
                    raise _fail(name, "item values must be short text")
        return orjson.dumps(value).decode() if sqlite else value

    return check


def _collect_check(name: str, inner: Check, sink: Callable[[str], None]) -> Check:
    def check(value: Any) -> Any:
        result = inner(value)
        if result is not None:
            sink(result)
        return result

    return check


def _field_check(fld: Field, limits: Limits, refs: References) -> Check:
    name, kind, required = fld.name, fld.kind, fld.required
    if kind is Kind.TEXT:
        return _text_check(name, fld.max_length, required)
    if kind is Kind.CREDIT_CODE:
        return _regex_check(name, CREDIT_RE, required, "a credit code of at most 18 characters")
    if kind in (Kind.ENTERPRISE, Kind.PROJECT):
        sink = refs.enterprises.add if kind is Kind.ENTERPRISE else refs.projects.add
        return _collect_check(name, _regex_check(name, UUID_RE, required, "a record id"), sink)
    if kind is Kind.PERIOD:
        return _period_check(name, required, limits)
    if kind is Kind.INT:
        return _int_check(name, fld.minimum, fld.maximum, required)
    if kind is Kind.FLOAT:
        return _float_check(name, fld.minimum, fld.maximum, required)
    if kind is Kind.BOOL:
        return _bool_check(name)
    if kind is Kind.DATE:
        return _date_check(name, required, limits)
    if kind is Kind.CHOICE:
        return _choice_check(name, frozenset(c.code for c in fld.choices), required)
    if kind is Kind.ITEMS:
        return _items_check(name, frozenset(fld.item_keys), limits.sqlite)
    text = _text_check(name, fld.max_length, required)
    if kind is Kind.CATEGORY:
        group = fld.category_group or ""
        return _collect_check(
            name, text, lambda code: refs.categories.setdefault(group, set()).add(code)
        )
    if kind is Kind.TOWNSHIP:
        return _collect_check(name, text, refs.townships.add)
    if kind is Kind.TARGET:
        return _collect_check(name, text, refs.targets.add)
    raise AssertionError(kind)


def _field_bulk(fld: Field, limits: Limits, refs: References, row_check: Check) -> Bulk:
    """The column-at-a-time counterpart of :func:`_field_check` (same verdicts)."""
    kind, required = fld.kind, fld.required
    if kind is Kind.TEXT:
        return columns.text(fld.max_length, required)
    if kind is Kind.CREDIT_CODE:
        return columns.pattern(CREDIT_RE, required)
    if kind in (Kind.ENTERPRISE, Kind.PROJECT):
        into = refs.enterprises if kind is Kind.ENTERPRISE else refs.projects
        return columns.collect(columns.pattern(UUID_RE, required), into.update)
    if kind is Kind.PERIOD:
        lo, hi = limits.earliest_date[:7], limits.latest_date[:7]
        return columns.month(PERIOD_RE, required, lo, hi)
    if kind is Kind.INT:
        return columns.integer(fld.minimum, fld.maximum, required)
    if kind is Kind.FLOAT:
        return columns.number(fld.minimum, fld.maximum, required)
    if kind is Kind.BOOL:
        return columns.boolean()
    if kind is Kind.DATE:
        return columns.day(required, limits.earliest_date, limits.latest_date, limits.sqlite)
    if kind is Kind.CHOICE:
        return columns.choice(frozenset(c.code for c in fld.choices), required)
    if kind is Kind.ITEMS:
        return columns.items(limits.sqlite, row_check, RowError)
    text = columns.text(fld.max_length, required)
    if kind is Kind.CATEGORY:
        group = fld.category_group or ""
        return columns.collect(
            text, lambda codes: refs.categories.setdefault(group, set()).update(codes)
        )
    if kind is Kind.TOWNSHIP:
        return columns.collect(text, refs.townships.update)
    if kind is Kind.TARGET:
        return columns.collect(text, refs.targets.update)
    raise AssertionError(kind)


def _column_check(column: Any, limits: Limits) -> Check:
    """A check from a column's type, for reference tables."""
    name, required = column.name, not column.nullable
    kind = column.type
    if isinstance(kind, Boolean):
        return _bool_check(name)
    if name == "hlc":
        return _int_check(name, 0, limits.max_hlc, required)
    if isinstance(kind, BigInteger):
        return _int_check(name, -(2**63), 2**63 - 1, required)
    if isinstance(kind, Integer):
        return _int_check(name, -(2**31), 2**31 - 1, required)
    if isinstance(kind, Float):
        return _float_check(name, None, None, required)
    if isinstance(kind, Text):
        return _text_check(name, 20_000, False) if not required else _text_any(name)
    if isinstance(kind, String):
        return _text_any(name, kind.length or 20_000, required)
    raise AssertionError(kind)


def _text_any(name: str, max_length: int = 20_000, required: bool = True) -> Check:
    def check(value: Any) -> Any:
        if value is None:
            if required:
                raise _fail(name, "required")
            return None
        if type(value) is not str or len(value) > max_length or "\x00" in value:
            raise _fail(name, f"must be text of at most {max_length} characters, without NUL")
        return value

    return check


def _sync_checks(owner: str, limits: Limits) -> dict[str, Check]:
    max_hlc, min_hlc = limits.max_hlc, limits.min_hlc

    def owner_check(value: Any) -> Any:
        if value != owner:
            raise _fail("owner", f"row owned by {value!r}, not by the signer {owner}")
        return value

    def hlc_check(value: Any) -> Any:
        if type(value) is not int or not min_hlc < value <= max_hlc:
            raise _fail("hlc", "clock value missing, invalid or outside the package's clock range")
        return value

    def base_check(value: Any) -> Any:
        if value is not None and (type(value) is not int or not 0 < value <= max_hlc):
            raise _fail("base_hlc", "invalid base clock value")
        return value

    return {
        "id": _regex_check("id", UUID_RE, True, "a UUID"),
        "owner": owner_check,
        "hlc": hlc_check,
        "origin": _regex_check("origin", UUID_RE, True, "an installation id"),
        "base_hlc": base_check,
        "deleted": _bool_check("deleted"),
        "created_by": _text_any("created_by", 64),
        "created_at": _datetime_check("created_at", limits),
        "updated_by": _text_any("updated_by", 64),
        "updated_at": _datetime_check("updated_at", limits),
    }


def _sync_bulk(owner: str, limits: Limits) -> dict[str, Bulk]:
    """The column-at-a-time counterparts of :func:`_sync_checks` (same verdicts)."""
    return {
        "id": columns.pattern(UUID_RE, True),
        "owner": columns.equal(owner),
        "hlc": columns.clock(limits.min_hlc, limits.max_hlc, True),
        "origin": columns.pattern(UUID_RE, True),
        "base_hlc": columns.clock(0, limits.max_hlc, False),
        "deleted": columns.boolean(),
        "created_by": columns.text(64, True, blank=True),
        "created_at": columns.moment(limits.latest_datetime, limits.sqlite),
        "updated_by": columns.text(64, True, blank=True),
        "updated_at": columns.moment(limits.latest_datetime, limits.sqlite),
    }


@dataclass
class RowCodec:
    """Checks and converts the rows of one table; ``columns`` is the database column order."""

    table: Table
    columns: tuple[str, ...]
    checks: tuple[Check, ...]
    key: str
    absent: frozenset[str] = frozenset()
    """Columns the package's schema revision predates: rows lack them and they read as empty."""
    bulk: tuple[Bulk, ...] = ()
    """The same checks a column at a time (:mod:`desktop.sync.columns`); none: row by row."""

    def decode(
        self, rows: list[dict[str, Any]], member: str, first: int = 1
    ) -> list[tuple[Any, ...]]:
        """Check every row; return value tuples in column order, or raise RowProblemsError
        naming up to :data:`ROW_PROBLEMS` of them. ``first`` is the line number of ``rows[0]``
        in its member (rows come a chunk at a time)."""
        columns, checks = self.columns, self.checks
        expected = frozenset(columns)
        pairs = tuple(zip(columns, checks, strict=True))
        out: list[tuple[Any, ...]] = []
        append = out.append
        problems: list[str] = []
        if self.absent:  # an older package: its rows carry every column but the later ones
            older, empty = expected - self.absent, dict.fromkeys(self.absent)
            for row in rows:
                if row.keys() == older:
                    row.update(empty)
        if self.bulk and (checked := self._decode_columns(rows)) is not None:
            return checked
        for number, row in enumerate(rows, start=first):
            if row.keys() != expected:
                missing = sorted(expected - row.keys())
                extra = sorted(row.keys() - expected)
                problems.append(
                    f"{member}:{number}: columns differ (missing {missing}, extra {extra})"
                )
            else:
                try:
                    append(tuple([check(row[name]) for name, check in pairs]))
                except RowError as error:
                    problems.append(f"{member}:{number}: {error}")
            if len(problems) >= ROW_PROBLEMS:
                break
        if problems:
            raise RowProblemsError(problems)
        return out

    def _decode_columns(self, rows: list[dict[str, Any]]) -> list[tuple[Any, ...]] | None:
        """Every row checked a column at a time, or None when any row has other columns or any
        value is refused (then :meth:`decode` checks row by row and names the problems)."""
        if not rows:
            return []
        width = len(self.columns)
        if set(map(len, rows)) != {width}:
            return None
        try:  # every row has exactly this codec's columns: take them in column order
            matrix = list(map(itemgetter(*self.columns), rows))
        except KeyError:
            return None
        checked = []
        for check, values in zip(self.bulk, zip(*matrix, strict=True), strict=True):
            result = check(values)
            if result is None:
                return None
            checked.append(result)
        return list(zip(*checked, strict=True))


class RowProblemsError(Exception):
    """Some rows are invalid; ``problems`` names up to five of them."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def ledger_codec(
    table: str,
    owner: str,
    limits: Limits,
    refs: References,
    schema_version: str | None = None,
) -> RowCodec:
    """The codec of a ledger table for rows that must belong to ``owner``.

    ``schema_version`` is the package's; rows of an older revision lack the columns added since.
    """
    spec = LEDGERS[table]
    model_table: Table = spec.model.__table__  # type: ignore[assignment]
    sync = _sync_checks(owner, limits)
    fields = {f.name: _field_check(f, limits, refs) for f in spec.fields}
    sync_bulk = _sync_bulk(owner, limits)
    fields_bulk = {f.name: _field_bulk(f, limits, refs, fields[f.name]) for f in spec.fields}
    names = ledger_columns(table)
    checks = tuple(sync[c] if c in sync else fields[c] for c in names)
    bulk = tuple(sync_bulk[c] if c in sync_bulk else fields_bulk[c] for c in names)
    absent = absent_columns(table, schema_version) if schema_version else frozenset()
    return RowCodec(model_table, names, checks, "id", absent, bulk)


def reference_codec(table: str, limits: Limits) -> RowCodec:
    """The codec of a reference table (county-owned; versioned by ``hlc`` only)."""
    model_table: Table = REFERENCE_MODELS[table].__table__  # type: ignore[assignment]
    columns = tuple(str(c.name) for c in model_table.columns)
    checks = tuple(_column_check(c, limits) for c in model_table.columns)
    return RowCodec(model_table, columns, checks, REFERENCE_KEYS[table])


def ledger_columns(table: str) -> tuple[str, ...]:
    """A ledger's columns in wire and storage order: the sync identity first (``id`` leads)."""
    model_table = ledger_table(table)
    rest = tuple(str(c.name) for c in model_table.columns if c.name not in SYNC_COLUMNS)
    return (*SYNC_COLUMNS, *rest)


def ledger_table(table: str) -> Table:
    return LEDGER_MODELS[table].__table__  # type: ignore[return-value]
