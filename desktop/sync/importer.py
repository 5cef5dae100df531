"""Importing a package: read and verify it, then merge it in one transaction (or dry-run it).

Order: caps and zip checks → format and schema version → signature → member hashes and counts
(all in :func:`desktop.sync.package.read`) → direction and addressee → the signer (county: the
installation roster, :mod:`desktop.sync.roster`; township: the pinned county key) → row checks →
reference checks → merge → inbox row → audit entry → commit. Any rejection raises before the
commit, so the database is left exactly as it was. A dry run runs the same pipeline and rolls
back. A package of a pending installation is *held*: kept whole in ``sync_held`` and nothing of
it merged, until :func:`approve` merges the held packages in sequence order.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.errors import UsageError
from desktop.models import (
    COUNTY_OWNER,
    LEDGER_MODELS,
    AuditEntry,
    Enterprise,
    SyncHeld,
    SyncInbox,
    SyncOutbox,
    Township,
)
from desktop.services import office as office_service
from desktop.services.audit import audit_values, record_audit
from desktop.services.office import Office
from desktop.sync import bulk_load, keys, package, roster
from desktop.sync.errors import PackageRejectedError, reject
from desktop.sync.export import RECEIVED
from desktop.sync.merge import (
    TableCounts,
    check_references,
    foreign_id,
    foreign_reference,
    merge_ledger,
    merge_reference,
)
from desktop.sync.package import KIND_DATA, KIND_RECEIPT, KIND_REFERENCE, Package
from desktop.sync.rows import (
    REFERENCE_MODELS,
    ROW_PROBLEMS,
    ClockAheadError,
    Limits,
    References,
    RowCodec,
    RowProblemsError,
    ledger_codec,
    reference_codec,
)

STATUS_MERGED = "merged"
STATUS_ALREADY = "already_imported"
STATUS_REJECTED = "rejected"
STATUS_DRY_RUN = "dry_run"
STATUS_HELD = "held"


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
    pc_label: str | None = None
    dry_run: bool = False
    duplicates: list[dict[str, str]] = field(default_factory=list)

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
            "pc_label": self.pc_label,
            "dry_run": self.dry_run,
            "likely_duplicates": self.duplicates,
        }
        if self.status == STATUS_REJECTED:
            data["reason"] = {"code": self.reason_code, "zh": self.reason_zh, "en": self.reason_en}
        if self.receipt:
            data["receipt"] = self.receipt
        return data


def read_bytes(path: Path) -> bytes:
    """A package file's bytes (size checked before reading it)."""
    try:
        size = path.stat().st_size
        if size > package.MAX_FILE_BYTES:
            raise reject("too_large", "文件超过 200 MB 上限", "the file is over the 200 MB cap")
        return path.read_bytes()
    except OSError as error:
        raise reject(
            "unreadable", f"无法读取文件：{error}", f"cannot read the file: {error}"
        ) from None


def read_file(path: Path, identity: keys.Identity | None, now: datetime) -> Package:
    """Read a package file (size checked before reading it)."""
    return package.read(read_bytes(path), identity, now)


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
    if manifest.kind == KIND_REFERENCE and manifest.addressee not in (None, office.owner):
        raise reject(
            "wrong_addressee",
            f"这是给 {manifest.addressee} 的基础数据包，不是给本乡镇的",
            f"this reference package is for {manifest.addressee}, not for this township",
        )
    if manifest.kind == KIND_RECEIPT and manifest.addressee != office.owner:
        raise reject(
            "wrong_addressee",
            f"这是给 {manifest.addressee} 的回执，不是给本乡镇的",
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
            f"记录有误：{problems.problems[0]}",
            f"invalid rows: {problems.problems[0]}",
            problems.problems,
        ) from None


@dataclass
class _Merged:
    """What merging a package's ledger rows did, for the result and the township's audit."""

    tables: dict[str, TableCounts] = field(default_factory=dict)
    written: list[tuple[str, str, int, str]] | None = None
    """``(table, id, hlc, origin)`` of each version written, when asked for (a township's
    audit of what it received); a county's import of 100,000 rows does not keep them."""
    duplicates: list[dict[str, str]] = field(default_factory=list)

    def add(self, table: str, counts: TableCounts) -> None:
        total = self.tables.setdefault(table, TableCounts())
        for name, value in counts.as_dict().items():
            setattr(total, name, getattr(total, name) + value)


MERGE_CHUNK = 2000
"""Rows parsed, checked and merged at a time: an import holds one chunk, never the package."""

Chunks = Callable[[str], Iterator[list[dict[str, Any]]]]
"""A ledger's rows (of one owner) a chunk at a time, in the member's order."""


def _union(into: References, part: References) -> None:
    for group, codes in part.categories.items():
        into.categories.setdefault(group, set()).update(codes)
    into.townships |= part.townships
    into.targets |= part.targets
    into.enterprises |= part.enterprises
    into.projects |= part.projects


def _unchecked_codes(refs: References, checked: References) -> References:
    """The reference codes of ``refs`` (categories, townships, targets: what the ledgers' foreign
    keys name) not yet checked, now marked checked. Record references are checked at the end."""
    fresh = References()
    for group, codes in refs.categories.items():
        done = checked.categories.setdefault(group, set())
        if codes - done:
            fresh.categories[group] = codes - done
            done |= codes
    fresh.townships, fresh.targets = (
        refs.townships - checked.townships,
        refs.targets - checked.targets,
    )
    checked.townships |= refs.townships
    checked.targets |= refs.targets
    return fresh


def _reference_problem(connection: Connection, refs: References, owner: str) -> bool:
    """Whether :func:`check_references` would refuse these references (reads only)."""
    try:
        check_references(connection, refs, owner)
    except PackageRejectedError:
        return True
    return False


def _duplicate(table: str) -> PackageRejectedError:
    return reject(
        "duplicate_record", f"{table} 中同一记录出现多次", f"a record appears twice in {table}"
    )


def _decode(
    codec: RowCodec,
    chunk: list[dict[str, Any]],
    member: str,
    first: int,
    rest: Iterator[list[dict[str, Any]]],
) -> list[tuple[Any, ...]]:
    """Check one chunk; when rows are invalid, name the member's first five problems (the rest
    of the member read on for them) as a check of the whole member did."""
    try:
        return codec.decode(chunk, member, first)
    except RowProblemsError as problems:
        found = list(problems.problems)
        number = first + len(chunk)
        for more in rest:
            if len(found) >= ROW_PROBLEMS:
                break
            try:
                codec.decode(more, member, number)
            except RowProblemsError as later:
                found.extend(later.problems)
            number += len(more)
        raise RowProblemsError(found[:ROW_PROBLEMS]) from None


def _merge_ledgers(
    session: Session,
    pkg: Package,
    chunks_of: Chunks,
    owner: str,
    limits: Limits,
    now: datetime,
    into: _Merged,
) -> None:
    """Check and merge rows that all belong to ``owner`` (the signer, the county, or at a
    township the addressee of a reference package), a chunk at a time in the one transaction.

    The rejection is the one a check of the whole package before any write gives: invalid rows
    (the first ledger with any), then foreign ids and references, then unknown codes, then
    what the merge refuses (a record twice, a record of another owner). So once a chunk shows
    a later-ranked problem, nothing more is merged and the rest is only checked; the caller's
    rollback undoes what was merged.
    """
    connection = session.connection()
    refs = References()
    version = pkg.manifest.schema_version
    present: list[str] = []
    foreign: dict[str, PackageRejectedError] = {}
    refused: PackageRejectedError | None = None  # what the merge refused first
    refused_in: str | None = None
    stopped = False  # an id or reference check failed: the package will be rejected
    codes: set[str] = set()
    checked = References()  # codes a chunk named that were found, before its rows were written
    for table in LEDGER_MODELS:
        chunks = bulk_load.indexes_built_after(
            connection, table, pkg.records(table), chunks_of(table)
        )
        member = f"{table}.jsonl"
        seen: set[str] = set()
        number = 1
        for chunk in chunks:
            if not present or present[-1] != table:
                present.append(table)
            part = References()
            codec = ledger_codec(table, owner, limits, part, version)
            with _rows_checked():
                values = _decode(codec, chunk, member, number, chunks)
            number += len(chunk)
            ids = [v[0] for v in values]
            if table not in foreign and (problem := foreign_id(table, ids, owner)) is not None:
                foreign[table] = problem
            unique = set(ids)
            repeated = len(unique) != len(ids) or not seen.isdisjoint(unique)
            seen |= unique
            _union(refs, part)
            if table == "enterprises":
                codes.update(str(r["credit_code"]) for r in chunk if r.get("credit_code"))
            if repeated and (refused is None or refused_in == table):
                refused, refused_in = _duplicate(table), table  # before any refusal of its rows
            if refused is not None or stopped:
                continue
            if (
                table in foreign
                or foreign_reference(part, owner) is not None
                or _reference_problem(connection, _unchecked_codes(part, checked), owner)
            ):
                stopped = True
                continue
            written: list[tuple[str, int, str]] | None = [] if into.written is not None else None
            try:
                counts = merge_ledger(
                    connection, codec, owner, chunk, values, pkg.manifest_sha256, now, written
                )
            except PackageRejectedError as error:
                refused, refused_in = error, table
                continue
            into.add(table, counts)
            if into.written is not None and written:
                into.written.extend((table, rid, hlc, origin) for rid, hlc, origin in written)
            office_service.observe_hlc(session, max(v[codec.columns.index("hlc")] for v in values))
    for table in present:
        problem = foreign.get(table) or foreign_reference(refs, owner)
        if problem is not None:
            raise problem
    check_references(connection, refs, owner)
    if refused is not None:
        raise refused
    if stopped:
        raise AssertionError("a chunk failed a check the whole package passed")
    if codes:
        into.duplicates.extend(likely_duplicates(session, owner, codes))


def likely_duplicates(session: Session, owner: str, codes: set[str]) -> list[dict[str, str]]:
    """Live enterprises of one owner sharing a credit code (two PCs entered the same one)."""
    found = []
    ordered = sorted(codes)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        for code, count, name in session.execute(
            select(Enterprise.credit_code, func.count(), func.min(Enterprise.name))
            .where(
                Enterprise.owner == owner,
                Enterprise.deleted.is_(False),
                Enterprise.credit_code.in_(chunk),
            )
            .group_by(Enterprise.credit_code)
            .having(func.count() > 1)
        ):
            found.append({"owner": owner, "credit_code": code, "name": name, "count": str(count)})
    return found


def _merge_data(session: Session, pkg: Package, limits: Limits, now: datetime) -> _Merged:
    merged = _Merged()

    def chunks_of(table: str) -> Iterator[list[dict[str, Any]]]:
        return pkg.row_chunks(table, MERGE_CHUNK)

    _merge_ledgers(session, pkg, chunks_of, pkg.manifest.owner, limits, now, merged)
    return merged


def _merge_reference(
    session: Session, pkg: Package, limits: Limits, now: datetime, office: Office
) -> _Merged:
    """Reference tables by key; then the county's rows and (addressed packages) the
    township's own rows, from all its PCs, by the merge rule."""
    connection = session.connection()
    merged = _Merged(written=[])
    decoded = []
    with _rows_checked():
        for table in REFERENCE_MODELS:
            if table in pkg.rows:
                codec = reference_codec(table, limits)
                decoded.append((codec, codec.decode(pkg.rows[table], f"{table}.jsonl")))
    for codec, values in decoded:
        merged.tables[codec.table.name] = merge_reference(connection, codec, values)
    owners = [COUNTY_OWNER]
    addressee = pkg.manifest.addressee
    if addressee is not None:
        owners.append(addressee)
    for table in LEDGER_MODELS:  # every ledger row's owner first, before any is checked
        for chunk in pkg.row_chunks(table, MERGE_CHUNK):
            for row in chunk:
                row_owner = row.get("owner")
                if not isinstance(row_owner, str) or row_owner not in owners:
                    raise reject(
                        "foreign_township",
                        f"基础数据包中有其他单位的记录（{str(row_owner)[:12]}）",
                        f"the reference package has records of another owner "
                        f"({str(row_owner)[:12]})",
                    )
    for owner in owners:

        def owned(table: str, owner: str = owner) -> Iterator[list[dict[str, Any]]]:
            for chunk in pkg.row_chunks(table, MERGE_CHUNK):
                rows = [row for row in chunk if row.get("owner") == owner]
                if rows:
                    yield rows

        _merge_ledgers(session, pkg, owned, owner, limits, now, merged)
    _audit_received(session, office, merged, now)
    return merged


def _audit_received(session: Session, office: Office, merged: _Merged, now: datetime) -> None:
    """At a township: each version another PC (or the county) wrote, received now, goes into
    the record's history; the export reads it to name the base the county knows (§5.2)."""
    entries: list[dict[str, Any]] = [
        {
            **audit_values(
                office,
                at=now,
                actor=office.operator,
                table=table,
                record_id=rid,
                action=RECEIVED,
                hlc=hlc,
            ),
            "origin": origin,  # the PC (or the county) that wrote the version
        }
        for table, rid, hlc, origin in merged.written or ()
        if origin != office.installation_id
    ]
    if entries:
        session.execute(insert(AuditEntry), entries)


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
    data: bytes | None = None,
) -> ImportResult:
    """Verify and merge one package file. Never raises for a bad package: returns ``rejected``.

    ``data`` is the file's content when it does not come from ``path`` (a held package).
    """
    steps = import_steps(database, office, path, dry_run=dry_run, actor=actor, now=now, data=data)
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
    data: bytes | None = None,
) -> Generator[int, None, ImportResult]:
    """:func:`import_package` as a generator yielding its stage (1..STAGES) for progress.

    Closing the generator early (a cancelled import) rolls the transaction back.
    """
    now = (now or datetime.now()).replace(microsecond=0)
    actor = actor or office.operator
    result = ImportResult(path=str(path), status=STATUS_REJECTED, dry_run=dry_run)
    try:
        with database.session() as session:
            identity = keys.load_identity(session)
            raw = data if data is not None else read_bytes(path)
            pkg = package.read(raw, identity, now)
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
            member = None
            if office.is_county:
                own_key = identity.verify_key if identity else None
                result.key, member = roster.admit(session, pkg.manifest, actor, now, own_key)
                result.pc_label = roster.label_of(member)
                if result.key == roster.HELD:
                    roster.hold(
                        session,
                        member,
                        pkg.manifest,
                        pkg.manifest_sha256,
                        raw,
                        path.name,
                        actor,
                        now,
                    )
                    yield 2
                    yield 3
                    if dry_run:
                        session.rollback()
                    result.status = STATUS_HELD
                    return result
            else:
                result.key = keys.check_or_pin(
                    session, pkg.manifest.owner, pkg.manifest.verify_key, actor
                )
            limits = _limits(pkg, now, database.dialect == "sqlite")
            if pkg.manifest.kind == KIND_DATA:
                with _import_cache(session):
                    merged = _merge_data(session, pkg, limits, now)
                result.tables, result.duplicates = merged.tables, merged.duplicates
            elif pkg.manifest.kind == KIND_REFERENCE:
                with _import_cache(session):
                    merged = _merge_reference(session, pkg, limits, now, office)
                result.tables, result.duplicates = merged.tables, merged.duplicates
            else:
                result.receipt = _apply_receipt(session, pkg, now)
            yield 2
            if member is not None:
                roster.record_accepted(member, pkg.manifest)
                held = session.get(SyncHeld, pkg.manifest_sha256)
                if held is not None:
                    held.status, held.data = roster.MERGED, None
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
        result.reason_zh = f"记录违反数据库约束：{error}"
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


IMPORT_CACHE_KIB = 16 * 1024
"""SQLite page cache of the import's connection while it merges (the default is 2 MB), set
back when the merge ends: the ledgers' indexes are then updated in memory instead of pages
going back and forth through the write-ahead log."""


@contextmanager
def _import_cache(session: Session) -> Iterator[None]:
    """A larger SQLite page cache while a package is merged (then the connection's own)."""
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    connection = session.connection()
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(before or -2000)}")


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
            key_id=manifest.key_id,
            pc_label=manifest.pc_label,
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


# ---- the county's decisions on installations -----------------------------------------------------


@dataclass
class Decision:
    """What a clerk's decision on an installation did."""

    installation: roster.RosterEntry
    merged: list[ImportResult] = field(default_factory=list)
    refused: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "installation": self.installation.as_dict(),
            "merged": [r.as_dict() for r in self.merged],
            "refused": self.refused,
        }


def _entry(session: Session, key_id: str) -> roster.RosterEntry:
    return next(
        e for e in roster.entries(session) if e.fingerprint.replace("-", "").lower() == key_id
    )


def merge_held(
    database: Database, office: Office, key_id: str, actor: str, now: datetime | None = None
) -> list[ImportResult]:
    """Merge an active installation's held packages, one transaction each, in sequence order.

    A held package that is rejected now (its rows are invalid) is marked refused with the
    reason; the others still merge.
    """
    with database.session() as session:
        held = [
            (h.manifest_sha256, h.file_name, h.data)
            for h in roster.held_packages(session, key_id)
            if h.data is not None
        ]
    results = []
    for digest, name, data in held:
        result = import_package(database, office, Path(name), actor=actor, now=now, data=data)
        if result.status == STATUS_REJECTED:
            with database.session() as session:
                row = session.get(SyncHeld, digest)
                if row is not None:
                    row.status, row.decided_by = roster.REFUSED, actor
                    row.decided_at = (now or datetime.now()).replace(microsecond=0)
                    row.reason = f"{result.reason_zh} / {result.reason_en}"
        results.append(result)
    return results


def decide(
    database: Database,
    office: Office,
    installation: str,
    decision: str,
    *,
    actor: str | None = None,
    reason: str | None = None,
    now: datetime | None = None,
) -> Decision:
    """``approve`` (then merge its held packages), ``decline`` or ``retire`` an installation."""
    if not office.is_county:
        raise UsageError("只有县级可以管理乡镇终端", "only the county manages installations")
    actor = actor or office.operator
    moment = (now or datetime.now()).replace(microsecond=0)
    refused = 0
    with database.session() as session:
        row = roster.find(session, installation)
        key_id = row.key_id
        if decision == "approve":
            roster.approve(session, row, actor, moment)
        elif decision == "decline":
            refused = roster.decline(session, row, actor, moment, reason)
        elif decision == "retire":
            refused = roster.retire(session, row, actor, moment, reason)
        else:
            raise ValueError(decision)
        _audit_decision(session, office, row, decision, actor, moment, reason)
    merged = merge_held(database, office, key_id, actor, now) if decision == "approve" else []
    with database.session() as session:
        return Decision(_entry(session, key_id), merged, refused)


def enrol(
    database: Database,
    office: Office,
    owner: str,
    verify_key: bytes,
    installation_id: str | None,
    pc_label: str,
    *,
    actor: str | None = None,
) -> Decision:
    """``keys enrol``: add an installation to a township's active set; merge what it had held."""
    actor = actor or office.operator
    now = datetime.now().replace(microsecond=0)
    with database.session() as session:
        row = roster.enrol(session, owner, verify_key, installation_id, pc_label, actor, now)
        key_id = row.key_id
        _audit_decision(session, office, row, "enrol", actor, now, None)
    merged = merge_held(database, office, key_id, actor)
    with database.session() as session:
        return Decision(_entry(session, key_id), merged)


def _audit_decision(
    session: Session,
    office: Office,
    row: Any,
    decision: str,
    actor: str,
    now: datetime,
    reason: str | None,
) -> None:
    record_audit(
        session,
        office,
        at=now,
        actor=actor,
        table="sync_installations",
        record_id=row.key_id[:36],
        action=decision,
        changed=["status"],
        after={
            "owner": row.owner,
            "pc_label": row.pc_label,
            "fingerprint": row.fingerprint,
            "status": row.status,
        },
        reason=reason,
    )
