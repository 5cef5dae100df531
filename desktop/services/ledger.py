"""Writes to the ledgers: create, update, tombstone — each validated, clocked and audited.

Every write runs in one transaction that also ticks the installation's hybrid logical clock and
appends an :class:`AuditEntry` with the values before and after, so a record's history can always
be shown and a sync package always knows what changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.errors import (
    FieldError,
    NotFoundError,
    QualityDeskError,
    UsageError,
    ValidationError,
)
from desktop.ids import owned_id
from desktop.models import (
    Category,
    Enterprise,
    Project,
    SyncRecord,
    Target,
    Township,
)
from desktop.services import audit
from desktop.services import office as office_service
from desktop.services.audit import record_audit
from desktop.services.fields import LEDGERS, Kind, LedgerSpec
from desktop.services.office import Office
from desktop.services.records import field_values, record_to_dict
from desktop.services.validation import References, clean_record


class BatchRecordError(QualityDeskError):
    """One record of a batch was refused, so none of the batch was written.

    ``number`` says which: the record's line in the caller's file when it gave line numbers,
    else its place in the batch counting from 1. ``error`` is the refusal itself.
    """

    def __init__(self, number: int, error: QualityDeskError, *, is_line: bool = False) -> None:
        where_zh = f"第 {number} 行" if is_line else f"第 {number} 条记录"
        where_en = f"line {number}" if is_line else f"record {number}"
        super().__init__(
            f"{where_zh}：{error.message_zh}（整批均未保存）",
            f"{where_en}: {error.message_en} (nothing of the batch was saved)",
        )
        self.number = number
        self.error = error
        self.exit_code = error.exit_code


@dataclass(frozen=True)
class WriteResult:
    """What a write did: the ledger, the record as stored, and the fields that changed."""

    ledger: str
    record: dict[str, Any]
    changed_fields: tuple[str, ...]


def _references(session: Session) -> References:
    def category_group(code: str) -> str | None:
        row = session.get(Category, code)
        return row.group if row and row.active else None

    def exists(model: type[SyncRecord]) -> Callable[[str], bool]:
        def check(record_id: str) -> bool:
            row = session.get(model, record_id)
            return row is not None and not row.deleted

        return check

    return References(
        category_group=category_group,
        township_exists=lambda code: session.get(Township, code) is not None,
        enterprise_exists=exists(Enterprise),
        project_exists=exists(Project),
        target_exists=lambda target_id: session.get(Target, target_id) is not None,
    )


def spec_for(ledger: str) -> LedgerSpec:
    """The ledger of that name, or a usage error listing the names."""
    try:
        return LEDGERS[ledger]
    except KeyError:
        raise UsageError(
            f"未知的台账 {ledger}（可用：{'、'.join(LEDGERS)}）",
            f"unknown ledger {ledger} ({', '.join(LEDGERS)})",
        ) from None


class LedgerService:
    """Create, update, delete and read ledger records on behalf of one operator."""

    def __init__(
        self,
        database: Database,
        office: Office,
        actor: str | None = None,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] = datetime.now,
        wall_ms: Callable[[], int] | None = None,
    ) -> None:
        self.database = database
        self.office = office
        self.actor = actor or office.operator
        self._today = today
        self._now = now
        self._wall_ms = wall_ms

    # ---- reads -------------------------------------------------------------------------------

    def find(self, session: Session, record_id: str) -> tuple[LedgerSpec, SyncRecord]:
        """Locate a record in whichever ledger holds it."""
        for spec in LEDGERS.values():
            row = session.get(spec.model, record_id)
            if row is not None:
                return spec, row
        raise NotFoundError(f"找不到记录 {record_id}", f"no record with id {record_id}")

    def get(self, record_id: str) -> dict[str, Any]:
        """A record as plain data (tombstoned ones included, with ``deleted`` true)."""
        with self.database.session() as session:
            spec, row = self.find(session, record_id)
            return record_to_dict(spec, row)

    def history(self, record_id: str) -> list[dict[str, Any]]:
        """The audit trail of a record, oldest first."""
        with self.database.session() as session:
            return audit.history(session, record_id)

    # ---- writes ------------------------------------------------------------------------------

    def create(self, ledger: str, data: Mapping[str, Any]) -> WriteResult:
        """Validate and insert a new record; returns it with its new id."""
        spec = spec_for(ledger)
        with self.database.session() as session:
            return self._insert(session, spec, data)

    def create_many(
        self,
        ledger: str,
        items: Iterable[Mapping[str, Any]],
        line_numbers: Sequence[int] | None = None,
    ) -> list[WriteResult]:
        """Validate and insert records in one transaction: all of them, or none.

        The first refused record stops the batch and nothing is written; the
        :class:`BatchRecordError` names it by its line in ``line_numbers`` (the caller's file)
        or else by its place in the batch, counting from 1. Each record is checked against the
        ones before it, so a batch holding the same enterprise twice is refused as usual.
        """
        spec = spec_for(ledger)
        results: list[WriteResult] = []
        with self.database.session() as session:
            for index, data in enumerate(items):
                try:
                    results.append(self._insert(session, spec, data))
                except QualityDeskError as error:
                    if line_numbers is not None:
                        raise BatchRecordError(line_numbers[index], error, is_line=True) from error
                    raise BatchRecordError(index + 1, error) from error
        return results

    def _insert(self, session: Session, spec: LedgerSpec, data: Mapping[str, Any]) -> WriteResult:
        """Check, clock, write and audit one new record in the caller's transaction."""
        values = self._with_defaults(spec, dict(data))
        cleaned = clean_record(spec, values, _references(session), self._today())
        self._check_office_rules(session, spec, cleaned, None)
        self._derive(spec, cleaned, None)
        now = self._stamp()
        hlc = office_service.next_hlc(session, self._wall_ms_value())
        row = spec.model(
            id=owned_id(self.office.owner),
            owner=self.office.owner,
            hlc=hlc,
            origin=self.office.installation_id,
            base_hlc=None,
            deleted=False,
            created_by=self.actor,
            created_at=now,
            updated_by=self.actor,
            updated_at=now,
            **self._complete(spec, cleaned),
        )
        session.add(row)
        session.flush()
        after = field_values(spec, row)
        self._audit(session, spec, row, "create", None, after, tuple(after), now, None)
        return WriteResult(spec.name, record_to_dict(spec, row), tuple(after))

    def update(
        self, record_id: str, changes: Mapping[str, Any], reason: str | None = None
    ) -> WriteResult:
        """Change only the given fields of a live record."""
        with self.database.session() as session:
            spec, row = self.find(session, record_id)
            self._check_writable(row)
            existing = {name: getattr(row, name) for name in spec.field_names}
            cleaned = clean_record(
                spec, dict(changes), _references(session), self._today(), existing
            )
            self._check_office_rules(session, spec, {**existing, **cleaned}, row.id)
            self._derive(spec, cleaned, existing)
            changed = tuple(n for n, v in cleaned.items() if existing.get(n) != v)
            if not changed:
                return WriteResult(spec.name, record_to_dict(spec, row), ())
            before = field_values(spec, row)
            now = self._stamp()
            row.base_hlc = row.hlc
            row.hlc = office_service.next_hlc(session, self._wall_ms_value())
            row.origin = self.office.installation_id
            row.updated_by = self.actor
            row.updated_at = now
            for name in changed:
                setattr(row, name, cleaned[name])
            session.flush()
            after = field_values(spec, row)
            self._audit(session, spec, row, "update", before, after, changed, now, reason)
            return WriteResult(spec.name, record_to_dict(spec, row), changed)

    def delete(self, record_id: str, reason: str | None = None) -> WriteResult:
        """Tombstone a record (it stays in the database and travels as a deletion)."""
        with self.database.session() as session:
            spec, row = self.find(session, record_id)
            self._check_writable(row)
            self._check_no_live_children(session, spec, row)
            before = field_values(spec, row)
            now = self._stamp()
            row.base_hlc = row.hlc
            row.hlc = office_service.next_hlc(session, self._wall_ms_value())
            row.origin = self.office.installation_id
            row.deleted = True
            row.updated_by = self.actor
            row.updated_at = now
            session.flush()
            self._audit(session, spec, row, "delete", before, None, ("deleted",), now, reason)
            return WriteResult(spec.name, record_to_dict(spec, row), ("deleted",))

    def restore(self, record_id: str, reason: str | None = None) -> WriteResult:
        """Bring a tombstoned record back as a new version (audited ``restore``; it syncs like
        any edit: a higher clock with ``deleted`` false wins over the deletion everywhere).

        Refused when the record lives again under another id (the same credit code, the same
        project month) or when the record it belongs to is itself deleted.
        """
        with self.database.session() as session:
            spec, row = self.find(session, record_id)
            if not row.deleted:
                raise UsageError("该记录未被删除", "the record is not deleted")
            if row.owner != self.office.owner:
                raise UsageError(
                    f"该记录属于 {row.owner}，只能由该单位恢复",
                    f"the record belongs to {row.owner}; only that office may restore it",
                )
            values = {name: getattr(row, name) for name in spec.field_names}
            self._check_office_rules(session, spec, values, row.id)
            self._check_parents_live(session, spec, values)
            before = field_values(spec, row)
            now = self._stamp()
            row.base_hlc = row.hlc
            row.hlc = office_service.next_hlc(session, self._wall_ms_value())
            row.origin = self.office.installation_id
            row.deleted = False
            row.updated_by = self.actor
            row.updated_at = now
            session.flush()
            after = field_values(spec, row)
            self._audit(session, spec, row, "restore", before, after, ("deleted",), now, reason)
            return WriteResult(spec.name, record_to_dict(spec, row), ("deleted",))

    @staticmethod
    def _check_parents_live(session: Session, spec: LedgerSpec, values: Mapping[str, Any]) -> None:
        for name, model, zh, en in (
            (
                "project_id",
                Project,
                "所属项目已删除，请先恢复项目",
                "its project is deleted; restore that first",
            ),
            (
                "enterprise_id",
                Enterprise,
                "所属企业已删除，请先恢复企业",
                "its enterprise is deleted; restore that first",
            ),
        ):
            if name not in spec.field_names or not values.get(name):
                continue
            parent = session.get(model, values[name])
            if parent is not None and parent.deleted:
                raise ValidationError([FieldError(name, "deleted_parent", zh, en)])

    # ---- helpers -----------------------------------------------------------------------------

    def _stamp(self) -> datetime:
        return self._now().replace(microsecond=0)

    def _wall_ms_value(self) -> int | None:
        return self._wall_ms() if self._wall_ms else None

    def _with_defaults(self, spec: LedgerSpec, data: dict[str, Any]) -> dict[str, Any]:
        if "township_code" in spec.field_names and self.office.township_code:
            data.setdefault("township_code", self.office.township_code)
        if spec.prepare is not None:
            spec.prepare(data)
        return data

    @staticmethod
    def _complete(spec: LedgerSpec, cleaned: dict[str, Any]) -> dict[str, Any]:
        """Fill fields the caller left out with their model defaults (None, [], ...)."""
        values = dict(cleaned)
        for fld in spec.fields:
            if fld.name in values:
                continue
            column = spec.model.__table__.c[fld.name]
            if fld.kind is Kind.ITEMS:
                values[fld.name] = []
            elif column.default is not None and column.default.is_scalar:
                values[fld.name] = column.default.arg
            else:
                values[fld.name] = None
        return values

    @staticmethod
    def _derive(
        spec: LedgerSpec, cleaned: dict[str, Any], existing: Mapping[str, Any] | None
    ) -> None:
        """Fill values that follow from others (the spec's rule, e.g. a rectification status)."""
        if spec.derive is not None:
            spec.derive(cleaned, existing)

    def _check_writable(self, row: SyncRecord) -> None:
        if row.deleted:
            raise UsageError(
                "该记录已删除，不能再修改", "the record has been deleted and cannot be changed"
            )
        if row.owner != self.office.owner:
            raise UsageError(
                f"该记录属于 {row.owner}，只能由该单位修改",
                f"the record belongs to {row.owner}; only that office may change it",
            )

    def _check_office_rules(
        self, session: Session, spec: LedgerSpec, merged: Mapping[str, Any], own_id: str | None
    ) -> None:
        errors: list[FieldError] = []
        township = merged.get("township_code")
        if self.office.township_code and township and township != self.office.township_code:
            errors.append(
                FieldError(
                    "township_code",
                    "not_own_township",
                    "乡镇台账只能登记本乡镇的记录",
                    "a township office records only its own township",
                )
            )
        table = spec.model.__table__
        for rule in spec.unique:
            if not all(merged.get(name) for name in rule.fields):
                continue
            conditions = [table.c[name] == merged[name] for name in rule.fields]
            if rule.per_owner:
                conditions.append(table.c.owner == self.office.owner)
            duplicate = session.scalar(
                select(func.count())
                .select_from(table)
                .where(*conditions, table.c.deleted.is_(False), table.c.id != (own_id or ""))
            )
            if duplicate:
                errors.append(FieldError(rule.field, "duplicate", rule.message_zh, rule.message_en))
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def _check_no_live_children(session: Session, spec: LedgerSpec, row: SyncRecord) -> None:
        for rule in spec.children:
            child = spec_for(rule.ledger).model.__table__
            count = session.scalar(
                select(func.count())
                .select_from(child)
                .where(child.c[rule.link] == row.id, child.c.deleted.is_(False))
            )
            if count:
                raise UsageError(
                    rule.message_zh.format(count=count), rule.message_en.format(count=count)
                )

    def _audit(
        self,
        session: Session,
        spec: LedgerSpec,
        row: SyncRecord,
        action: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        changed: tuple[str, ...],
        now: datetime,
        reason: str | None,
    ) -> None:
        record_audit(
            session,
            self.office,
            at=now,
            actor=self.actor,
            table=spec.name,
            record_id=row.id,
            action=action,
            hlc=row.hlc,
            changed=changed,
            before=before,
            after=after,
            reason=reason,
        )
