"""Importing a package: read and verify it, then merge it in one transaction (or dry-run it).

Order: caps and zip checks → format and schema version → signature → member hashes and counts
(all in :func:`desktop.sync.package.read`) → direction and addressee → pinned key (trust on
first use) → row checks → reference checks → merge → inbox row → audit entry → commit. Any
rejection raises before the commit, so the database is left exactly as it was. A dry run runs
the same pipeline and rolls back.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.models import COUNTY_OWNER, SyncInbox, SyncOutbox, Township
from desktop.services import office as office_service
from desktop.services.audit import record_audit
from desktop.services.office import Office
from desktop.sync import keys, package
from desktop.sync.errors import PackageRejectedError, reject
from desktop.sync.merge import TableCounts, check_references, merge_ledger, merge_reference
from desktop.sync.package import KIND_DATA, KIND_RECEIPT, KIND_REFERENCE, Package
from desktop.sync.rows import (
    REFERENCE_MODELS,
    ClockAheadError,
    Limits,
    References,
    RowProblemsError,
    ledger_codec,
    reference_codec,
)

STATUS_MERGED = "merged"
STATUS_ALREADY = "already_imported"
STATUS_REJECTED = "rejected"
STATUS_DRY_RUN = "dry_run"


@dataclass
class ImportResult:
    """The outcome of one package: merged, already imported, dry run, or rejected (why)."""

    path: str
    status: str
    kind: str | None = None
    owner: str | None = None
    sequence: int | None = None
    period: str | None = None
    manifest_sha256: str | None = None
    key: str | None = None
    fingerprint: str | None = None
    tables: dict[str, TableCounts] = field(default_factory=dict)
    reason_code: str | None = None
    reason_zh: str | None = None
    reason_en: str | None = None
    rejected_rows: list[str] = field(default_factory=list)
    receipt: list[dict[str, Any]] = field(default_factory=list)

    @property
    def totals(self) -> TableCounts:
        total = TableCounts()
        for counts in self.tables.values():
            for name, value in counts.as_dict().items():
                setattr(total, name, getattr(total, name) + value)
        return total

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path,
            "status": self.status,
            "kind": self.kind,
            "owner": self.owner,
            "sequence": self.sequence,
            "period": self.period,
            "manifest_sha256": self.manifest_sha256,
            "key": self.key,
            "fingerprint": self.fingerprint,
            "totals": self.totals.as_dict(),
            "tables": {t: c.as_dict() for t, c in self.tables.items()},
            "rejected_rows": self.rejected_rows,
        }
        if self.status == STATUS_REJECTED:
            data["reason"] = {"code": self.reason_code, "zh": self.reason_zh, "en": self.reason_en}
        if self.receipt:
            data["receipt"] = self.receipt
        return data


def read_file(path: Path, identity: keys.Identity | None, now: datetime) -> Package:
    """Read a package file (size checked before reading it)."""
    try:
        size = path.stat().st_size
        if size > package.MAX_FILE_BYTES:
            raise reject("too_large", "文件超过 200 MB 上限", "the file is over the 200 MB cap")
        raw = path.read_bytes()
    except OSError as error:
        raise reject(
            "unreadable", f"无法读取文件:{error}", f"cannot read the file: {error}"
        ) from None
    return package.read(raw, identity, now)


def _check_direction(session: Session, office: Office, pkg: Package) -> None:
    manifest = pkg.manifest
    if office.is_county:
        if manifest.kind != KIND_DATA:
            raise reject(
                "wrong_direction",
                "县级只能导入乡镇的数据包",
                "the county imports township data packages only",
            )
        if manifest.owner == COUNTY_OWNER or session.get(Township, manifest.owner) is None:
            raise reject(
                "unknown_township",
                f"未知的乡镇 {manifest.owner}",
                f"unknown township {manifest.owner}",
            )
        return
    if manifest.kind == KIND_DATA or manifest.owner != COUNTY_OWNER:
        raise reject(
            "wrong_direction",
            "乡镇只能导入县级的基础数据包或回执",
            "a township imports county reference packages and receipts only",
        )
    if manifest.kind == KIND_RECEIPT and manifest.addressee != office.owner:
        raise reject(
            "wrong_addressee",
            f"这是给 {manifest.addressee} 的回执,不是给本乡镇的",
            f"this receipt is for {manifest.addressee}, not for this township",
        )


@contextmanager
def _rows_checked() -> Iterator[None]:
    """Row problems found while decoding a package reject it (``invalid_rows``, first named)."""
    try:
        yield
    except RowProblemsError as problems:
        raise reject(
            "invalid_rows",
            f"记录有误:{problems.problems[0]}",
            f"invalid rows: {problems.problems[0]}",
            problems.problems,
        ) from None


def _merge_data(
    session: Session, pkg: Package, limits: Limits, now: datetime
) -> dict[str, TableCounts]:
    connection = session.connection()
    owner = pkg.manifest.owner
    refs = References()
    decoded = {}
    with _rows_checked():
        for table, rows in pkg.rows.items():
            if table in package.MEMBERS_BY_KIND[KIND_DATA]:
                codec = ledger_codec(table, owner, limits, refs, pkg.manifest.schema_version)
                decoded[table] = (codec, codec.decode(rows, f"{table}.jsonl"))
    check_references(connection, refs, owner)
    result = {}
    for table, (codec, values) in decoded.items():
        result[table] = merge_ledger(
            connection, codec, owner, pkg.rows[table], values, pkg.manifest_sha256, now
        )
        top = max((v[codec.columns.index("hlc")] for v in values), default=0)
        office_service.observe_hlc(session, top)
    return result


def _merge_reference(
    session: Session, pkg: Package, limits: Limits, now: datetime
) -> dict[str, TableCounts]:
    connection = session.connection()
    result: dict[str, TableCounts] = {}
    decoded = []
    with _rows_checked():
        for table in REFERENCE_MODELS:
            if table in pkg.rows:
                codec = reference_codec(table, limits)
                decoded.append((codec, codec.decode(pkg.rows[table], f"{table}.jsonl")))
    for codec, values in decoded:
        result[codec.table.name] = merge_reference(connection, codec, values)
    if "enterprises" in pkg.rows:
        refs = References()
        codec = ledger_codec("enterprises", COUNTY_OWNER, limits, refs, pkg.manifest.schema_version)
        with _rows_checked():
            values = codec.decode(pkg.rows["enterprises"], "enterprises.jsonl")
        check_references(connection, refs, COUNTY_OWNER)
        result["enterprises"] = merge_ledger(
            connection,
            codec,
            COUNTY_OWNER,
            pkg.rows["enterprises"],
            values,
            pkg.manifest_sha256,
            now,
        )
    return result


RECEIPT_KEYS = frozenset(package.RECEIPT_COLUMNS)


def _apply_receipt(session: Session, pkg: Package, now: datetime) -> list[dict[str, Any]]:
    """Mark this township's packages the county holds; return the outbox with held flags."""
    held: set[str] = set()
    for number, row in enumerate(pkg.rows.get(package.RECEIPT_TABLE, []), start=1):
        digest = row.get("manifest_sha256")
        if row.keys() != RECEIPT_KEYS or not isinstance(digest, str):
            raise reject(
                "invalid_rows",
                f"回执第 {number} 行格式有误",
                f"line {number} of the receipt is malformed",
            )
        held.add(digest)
    if held:
        session.execute(
            update(SyncOutbox)
            .where(SyncOutbox.manifest_sha256.in_(held), SyncOutbox.acknowledged_at.is_(None))
            .values(acknowledged_at=now)
        )
    return [
        {
            "sequence": row.sequence,
            "period": row.period,
            "records": row.records,
            "file_name": row.file_name,
            "held_by_county": row.manifest_sha256 in held,
        }
        for row in session.scalars(
            select(SyncOutbox).where(SyncOutbox.kind == KIND_DATA).order_by(SyncOutbox.sequence)
        )
    ]


log = logging.getLogger(__name__)
IMPORT_LOCK = 0x5144_494D_504F_5254  # "QDIMPORT": advisory lock key serialising imports on PG
STAGES = 3
"""Progress steps of one import: read and verified, merged, recorded (before the commit)."""


def import_package(
    database: Database,
    office: Office,
    path: Path,
    *,
    dry_run: bool = False,
    actor: str | None = None,
    now: datetime | None = None,
) -> ImportResult:
    """Verify and merge one package file. Never raises for a bad package: returns ``rejected``."""
    steps = import_steps(database, office, path, dry_run=dry_run, actor=actor, now=now)
    while True:
        try:
            next(steps)
        except StopIteration as finished:
            result: ImportResult = finished.value
            log.info("import %s: %s %s", path, result.status, result.reason_code or "")
            return result


def import_steps(
    database: Database,
    office: Office,
    path: Path,
    *,
    dry_run: bool = False,
    actor: str | None = None,
    now: datetime | None = None,
) -> Generator[int, None, ImportResult]:
    """:func:`import_package` as a generator yielding its stage (1..STAGES) for progress.

    Closing the generator early (a cancelled import) rolls the transaction back.
    """
    now = (now or datetime.now()).replace(microsecond=0)
    actor = actor or office.operator
    result = ImportResult(path=str(path), status=STATUS_REJECTED)
    try:
        with database.session() as session:
            identity = keys.load_identity(session)
            pkg = read_file(path, identity, now)
            _describe(result, pkg)
            if database.dialect == "sqlite":
                # pysqlite begins only at the first write: take the write lock before the
                # merge reads the rows it decides on, so the reads and writes are one transaction.
                session.execute(text("BEGIN IMMEDIATE"))
            elif database.dialect == "postgresql":
                # Two clerks importing at once on a county server: one merge at a time, each
                # reading what the other committed (READ COMMITTED sees it once the lock is ours).
                session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK})
            yield 1
            if session.get(SyncInbox, pkg.manifest_sha256) is not None:
                result.status = STATUS_ALREADY
                return result
            _check_direction(session, office, pkg)
            result.key = keys.check_or_pin(
                session, pkg.manifest.owner, pkg.manifest.verify_key, actor
            )
            limits = _limits(pkg, now, database.dialect == "sqlite")
            if pkg.manifest.kind == KIND_DATA:
                result.tables = _merge_data(session, pkg, limits, now)
            elif pkg.manifest.kind == KIND_REFERENCE:
                result.tables = _merge_reference(session, pkg, limits, now)
            else:
                result.receipt = _apply_receipt(session, pkg, now)
            yield 2
            _record(session, pkg, result, path, actor, now, office)
            yield 3
            if dry_run:
                session.rollback()
                result.status = STATUS_DRY_RUN
            else:
                result.status = STATUS_MERGED
    except (IntegrityError, sqlite3.IntegrityError) as error:
        result.status = STATUS_REJECTED
        result.tables = {}
        result.reason_code = "constraint"
        result.reason_zh = f"记录违反数据库约束:{error}"
        result.reason_en = f"rows violate a database constraint: {error}"
    except PackageRejectedError as error:
        result.status = STATUS_REJECTED
        result.tables = {}
        result.reason_code = error.code
        result.reason_zh = error.message_zh
        result.reason_en = error.message_en
        result.rejected_rows = error.row_problems
    return result


def _limits(pkg: Package, now: datetime, sqlite: bool) -> Limits:
    """The package's clock range checked against this PC's clock (docs/sync-format.md §5.5)."""
    manifest = pkg.manifest
    try:
        return Limits.for_package(
            now,
            from_county=manifest.owner == COUNTY_OWNER,
            created_at=manifest.created_at,
            hlc_from=manifest.hlc_from,
            hlc_to=manifest.hlc_to,
            sqlite=sqlite,
        )
    except ClockAheadError as ahead:
        raise reject(
            "clock_ahead",
            f"发送方电脑的时钟走快了：包内的时间到 {ahead.sent:%Y-%m-%d %H:%M}，"
            f"而本机时间是 {ahead.now:%Y-%m-%d %H:%M}。请发送方改正电脑的日期后重新导出"
            "（重新导出时会自动更正时间）；如果是本机日期不对，请先改正本机日期",
            f"the sender's clock is ahead: the package's clock runs to "
            f"{ahead.sent:%Y-%m-%d %H:%M}, this PC's clock says {ahead.now:%Y-%m-%d %H:%M}. "
            "The sender should correct the PC's date and export again (the new export corrects "
            "the clock values); if this PC's date is wrong, correct it first",
        ) from None


def _describe(result: ImportResult, pkg: Package) -> None:
    manifest = pkg.manifest
    result.kind = manifest.kind
    result.owner = manifest.owner
    result.sequence = manifest.sequence
    result.period = manifest.period
    result.manifest_sha256 = pkg.manifest_sha256
    result.fingerprint = keys.fingerprint(manifest.verify_key)


def _record(
    session: Session,
    pkg: Package,
    result: ImportResult,
    path: Path,
    actor: str,
    now: datetime,
    office: Office,
) -> None:
    manifest = pkg.manifest
    summary = {t: c.as_dict() for t, c in result.tables.items()}
    session.add(
        SyncInbox(
            manifest_sha256=pkg.manifest_sha256,
            kind=manifest.kind,
            owner=manifest.owner,
            installation_id=manifest.installation_id,
            sequence=manifest.sequence,
            previous_sha256=manifest.previous_sha256,
            period=manifest.period,
            nothing_to_report=manifest.nothing_to_report,
            created_at=manifest.created_at,
            imported_at=now,
            imported_by=actor,
            file_name=path.name[:255],
            records=manifest.records,
            summary=summary,
        )
    )
    record_audit(
        session,
        office,
        at=now,
        actor=actor,
        table="sync_inbox",
        record_id=pkg.manifest_sha256[:36],
        action="import",
        after={"package": pkg.label, "file": path.name, "totals": result.totals.as_dict()},
    )
    session.flush()
