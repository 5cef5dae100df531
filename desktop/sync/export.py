"""Writing packages: township data packages, county reference packages, county receipts.

A data package holds every row this township owns whose clock is past the last export's
watermark (``--full``: every row), each row's ``base_hlc`` rewritten to the last version the
county could have received (see docs/sync-format.md, "Exported base"). An empty month becomes an
explicit "nothing to report" package. The file is written before the outbox row is committed,
and removed again if the commit fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Table, or_, select, text
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.errors import UsageError
from desktop.models import (
    COUNTY_OWNER,
    LEDGER_MODELS,
    AuditEntry,
    SyncInbox,
    SyncOutbox,
    SyncTrust,
    Township,
)
from desktop.services import clock as clock_service
from desktop.services import office as office_service
from desktop.services import reference
from desktop.services.dates import PERIOD_RE
from desktop.services.fields import LEDGERS
from desktop.services.office import Office
from desktop.sync import keys, package, restamp
from desktop.sync.outbox import (
    NextInChain,
    next_in_chain,
    previous_month,
    target_path,
    watermark,
    write_atomically,
)
from desktop.sync.package import KIND_DATA, KIND_RECEIPT, KIND_REFERENCE, MemberData
from desktop.sync.rows import REFERENCE_MODELS, ledger_columns, ledger_table
from desktop.sync.summary import DELETED, EDITED, NEW, Change, SummaryData, write_summary
from desktop.sync.wire import encode_lines, sqlite_json_object, sqlite_wire_sql

CHUNK = 500
RECEIVED = "received"
"""Audit action of a version merged from a county package (another PC's or the county's)."""


@dataclass
class ExportResult:
    """What an export wrote."""

    path: Path
    kind: str
    sequence: int
    period: str
    manifest_sha256: str
    records: dict[str, int] = field(default_factory=dict)
    nothing_to_report: bool = False
    sealed: bool = False
    summary_path: Path | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "kind": self.kind,
            "sequence": self.sequence,
            "period": self.period,
            "manifest_sha256": self.manifest_sha256,
            "records": self.records,
            "nothing_to_report": self.nothing_to_report,
            "sealed": self.sealed,
            "summary": str(self.summary_path) if self.summary_path else None,
        }


def check_period(period: str, today: date) -> str:
    if not PERIOD_RE.fullmatch(period) or period > f"{today:%Y-%m}":
        raise UsageError(
            f"报告期 {period} 无效（格式 YYYY-MM，不能在未来）",
            f"invalid period {period} (YYYY-MM, not in the future)",
        )
    return period


def exported_bases(
    connection: Connection, table: str, current: dict[str, int], mark: int
) -> dict[str, int | None]:
    """For rows edited more than once since the watermark: the last version the county can
    know — exported at or before the watermark, or received from it (another PC's, the
    county's) — older than the row's current version."""
    ids = list(current)
    bases: dict[str, int | None] = dict.fromkeys(ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        query = select(AuditEntry.record_id, AuditEntry.hlc).where(
            AuditEntry.table_name == table,
            AuditEntry.record_id.in_(chunk),
            or_(AuditEntry.hlc <= mark, AuditEntry.action == RECEIVED),
        )
        for record_id, hlc in connection.execute(query):
            known = bases[record_id]
            if hlc is not None and hlc < current[record_id] and (known is None or hlc > known):
                bases[record_id] = hlc
    return bases


def ledger_member(
    connection: Connection,
    table: str,
    owner: str,
    mark: int,
    full: bool,
    collect: SummaryData | None = None,
    origin: str | None = None,
) -> tuple[MemberData, int]:
    """One ledger's rows to export, and the highest clock value among them.

    ``origin`` (a township's data package): only versions this PC wrote travel unless ``full``;
    versions of the township's other PCs came from the county and are known there.
    """
    columns = list(ledger_columns(table))
    if connection.dialect.name == "sqlite":
        return _sqlite_member(connection, table, columns, owner, mark, full, collect, origin)
    return _generic_member(connection, table, columns, owner, mark, full, collect, origin)


def _generic_member(
    connection: Connection,
    table: str,
    columns: list[str],
    owner: str,
    mark: int,
    full: bool,
    collect: SummaryData | None,
    origin: str | None,
) -> tuple[MemberData, int]:
    """Any database: rows through SQLAlchemy, wire values by ``orjson``."""
    model_table = ledger_table(table)
    only = None if full else origin
    query = select(*(model_table.c[c] for c in columns)).where(model_table.c.owner == owner)
    if not full:
        query = query.where(model_table.c.hlc > mark)
    if only is not None:
        query = query.where(model_table.c.origin == only)
    rows = [list(r) for r in connection.execute(query.order_by(model_table.c.hlc))]
    base_at, hlc_at = columns.index("base_hlc"), columns.index("hlc")
    origin_at = columns.index("origin")
    relabel = {
        r[0]: r[hlc_at]
        for r in rows
        if r[base_at] is not None
        and r[base_at] > mark
        and (origin is None or r[origin_at] == origin)
    }
    if relabel:
        bases = exported_bases(connection, table, relabel, mark)
        for row in rows:
            if row[0] in bases:
                row[base_at] = bases[row[0]]
    data, count = encode_lines(columns, rows)
    top = max((r[hlc_at] for r in rows), default=0)
    if collect is not None:
        _collect(collect, table, columns, rows)
    return MemberData(table, data, count), top


SUMMARY_COLUMNS = ("id", "base_hlc", "deleted", "updated_by", "updated_at")


def _sqlite_member(
    connection: Connection,
    table: str,
    columns: list[str],
    owner: str,
    mark: int,
    full: bool,
    collect: SummaryData | None,
    origin: str | None,
) -> tuple[MemberData, int]:
    """The fast path on SQLite: SQL writes each row's JSON line (:func:`sqlite_json_object`);
    Python only joins them, and rewrites the few rows whose base must be relabelled."""
    model_table = ledger_table(table)
    title = LEDGERS[table].title_field
    extra = [*SUMMARY_COLUMNS, title] if collect is not None else ["id", "base_hlc"]
    # as stored, but the time of change as the wire writes it (the summary shows that)
    shown = [sqlite_wire_sql(model_table, n) if n == "updated_at" else n for n in extra]
    sql = (
        # as a BLOB: the line comes back as UTF-8 bytes, never decoded and encoded again
        f"SELECT hlc, origin, CAST({sqlite_json_object(model_table, columns)} AS BLOB), "
        f"{', '.join(shown)} "
        f"FROM {model_table.name} WHERE owner = ?"
    )
    params: tuple[Any, ...] = (owner,)
    if not full:
        sql += " AND hlc > ?"
        params = (*params, mark)
        if origin is not None:
            sql += " AND origin = ?"
            params = (*params, origin)
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        rows = cursor.execute(sql + " ORDER BY hlc", params).fetchall()
    finally:
        cursor.close()
    top = max((row[0] for row in rows), default=0)
    lines = [row[2] for row in rows]
    summary_rows = [list(row[3:]) for row in rows]  # id, base_hlc, ... as on the wire
    relabel = {
        row[3]: row[0]
        for row in rows
        if row[4] is not None and row[4] > mark and (origin is None or row[1] == origin)
    }
    if relabel:
        bases = exported_bases(connection, table, relabel, mark)
        for number, summary in enumerate(summary_rows):
            if summary[0] in bases:
                summary[1] = bases[summary[0]]
                wire = orjson.loads(lines[number])
                wire["base_hlc"] = summary[1]
                lines[number] = orjson.dumps(wire)
    if collect is not None:
        _collect(collect, table, [*SUMMARY_COLUMNS, title], summary_rows)
    data = b"\n".join(lines) + b"\n" if lines else b""
    return MemberData(table, data, len(lines)), top


def _collect(into: SummaryData, table: str, columns: list[str], rows: list[list[Any]]) -> None:
    at = {name: columns.index(name) for name in ("id", "base_hlc", "deleted", "updated_by")}
    title_at = columns.index(LEDGERS[table].title_field)
    stamp_at = columns.index("updated_at")
    for row in rows:
        action = DELETED if row[at["deleted"]] else NEW if row[at["base_hlc"]] is None else EDITED
        into.add(
            Change(
                table,
                action,
                str(row[title_at] or ""),
                str(row[at["updated_by"]]),
                str(row[stamp_at]),
                str(row[at["id"]]),
            )
        )


def _seal_key(session: Session) -> bytes | None:
    county = session.get(SyncTrust, COUNTY_OWNER)
    if county is None or county.box_public_key is None:
        return None
    return keys.unb64(county.box_public_key)


def package_file_stem(session: Session, manifest: package.Manifest, code: str) -> str:
    """A file name a clerk recognises on a USB stick or in a mail: the township's name beside its
    code (``qd-data-330329100000-罗阳镇-2026-11-00001``); legal on Windows and FAT32."""
    township = session.get(Township, code)
    label = f"{code}-{township.name_zh}" if township is not None else code
    label = "".join("_" if ch in '\\/:*?"<>|' or ord(ch) < 32 else ch for ch in label)
    return f"qd-{manifest.kind}-{label}-{manifest.period}-{manifest.sequence:05d}"


def _finish(
    session: Session,
    office: Office,
    identity: keys.Identity,
    manifest: package.Manifest,
    members: list[MemberData],
    out: Path,
    seal_to: bytes | None,
    full: bool,
) -> ExportResult:
    manifest_bytes = manifest.to_bytes()
    data = package.write_zip(manifest_bytes, identity.sign(manifest_bytes), members)
    if seal_to is not None:
        data = keys.seal(data, seal_to)
    digest = package.sha256_hex(manifest_bytes)
    who = manifest.addressee if manifest.kind == KIND_REFERENCE and manifest.addressee else None
    name = package_file_stem(session, manifest, who or manifest.owner)
    if manifest.kind == KIND_DATA:  # several PCs of a township share a USB stick or mail folder
        name += f"-{manifest.installation_id[-8:]}"
    path = target_path(out, name + ".qdpkg")
    write_atomically(path, data)
    try:
        session.add(
            SyncOutbox(
                manifest_sha256=digest,
                kind=manifest.kind,
                sequence=manifest.sequence,
                period=manifest.period,
                hlc_from=manifest.hlc_from,
                hlc_to=manifest.hlc_to,
                records=manifest.records,
                full=full,
                encrypted=seal_to is not None,
                created_at=manifest.created_at,
                created_by=office.operator,
                file_name=path.name,
                acknowledged_at=None,
            )
        )
        session.flush()
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return ExportResult(
        path=path,
        kind=manifest.kind,
        sequence=manifest.sequence,
        period=manifest.period,
        manifest_sha256=digest,
        records={m.name.removesuffix(".jsonl"): m.records for m in manifest.members},
        nothing_to_report=manifest.nothing_to_report,
        sealed=seal_to is not None,
    )


def export_data(
    database: Database,
    office: Office,
    out: Path,
    period: str | None = None,
    full: bool = False,
    now: datetime | None = None,
    summary: bool = False,
) -> ExportResult:
    """Write this township's next data package (or a county reference package at the county).

    ``summary`` also writes a readable ``.xlsx`` beside the package (same name).
    """
    if office.is_county:
        return export_reference(database, office, out, period, now)
    with database.session() as session:
        if database.dialect == "sqlite":
            # One snapshot for every ledger and the outbox row: an edit committed between two
            # reads could otherwise fall below hlc_to without being exported.
            session.execute(text("BEGIN IMMEDIATE"))
        # A clock that is behind must not date the package (or refuse its period) before the
        # county's last signed time; one that ran ahead and was corrected leaves values the
        # county never accepted, re-stamped here (docs/sync-format.md §5.5).
        now = clock_service.believed_now(session, now).replace(microsecond=0)
        period = check_period(period or previous_month(now.date()), now.date())
        restamp.restamp_future_versions(session, office.owner, now)
        identity = keys.ensure_identity(session)
        chain = next_in_chain(session, KIND_DATA)
        mark = watermark(session, KIND_DATA)
        connection = session.connection()
        members: list[MemberData] = []
        top = mark
        collected = (
            SummaryData(
                f"{office.display_name()}数据包清单",
                identity.fingerprint,
                chain.sequence,
                period,
                False,
            )
            if summary
            else None
        )
        for table in LEDGER_MODELS:
            member, member_top = ledger_member(
                connection, table, office.owner, mark, full, collected, office.installation_id
            )
            if member.records:
                members.append(member)
            top = max(top, member_top)
        office_service.observe_hlc(session, top)  # the clock covers every value it exported
        manifest = _chained_manifest(
            office,
            identity,
            chain,
            kind=KIND_DATA,
            owner=office.owner,
            period=period,
            members=members,
            full=full,
            hlc_from=0 if full else mark,
            hlc_to=top,
            created_at=now,
            pc_label=office.pc_label,
        )
        result = _finish(
            session, office, identity, manifest, members, out, _seal_key(session), full
        )
        if collected is not None:
            collected.nothing_to_report = result.nothing_to_report
            result.summary_path = result.path.with_suffix(".xlsx")
            write_summary(result.summary_path, collected)
        return result


def _chained_manifest(
    office: Office, identity: keys.Identity, chain: NextInChain, **fields: Any
) -> package.Manifest:
    """The manifest of this office's next package in ``chain`` (the other fields as given)."""
    return package.new_manifest(
        installation_id=office.installation_id,
        identity=identity,
        sequence=chain.sequence,
        previous_sha256=chain.previous_sha256,
        **fields,
    )


def _county_only(office: Office) -> None:
    if not office.is_county:
        raise UsageError("只有县级可以执行此操作", "only the county office can do this")


def export_reference(
    database: Database,
    office: Office,
    out: Path,
    period: str | None = None,
    now: datetime | None = None,
    township: str | None = None,
) -> ExportResult:
    """The county's reference data (townships, categories, targets, settings, county register).

    Addressed to a ``township``, it also carries every row that township owns, from all its
    PCs (and the county's settlements of its conflicts), so each of its PCs holds the whole
    township ledger after the monthly round trip.
    """
    _county_only(office)
    now = (now or datetime.now()).replace(microsecond=0)
    period = check_period(period or f"{now:%Y-%m}", now.date())
    with database.session() as session:
        if township is not None and session.get(Township, township) is None:
            raise UsageError(f"未知的乡镇代码 {township}", f"unknown township code {township}")
        identity = keys.ensure_identity(session)
        chain = next_in_chain(session, KIND_REFERENCE)
        connection = session.connection()
        members = []
        top = 0
        for table, model in REFERENCE_MODELS.items():
            model_table: Table = model.__table__  # type: ignore[assignment]
            columns = [str(c.name) for c in model_table.columns]
            rows = list(connection.execute(select(model_table).order_by(*model_table.primary_key)))
            data, count = encode_lines(columns, rows)
            members.append(MemberData(table, data, count))
            top = max([top, *(int(r.hlc) for r in rows)])
        enterprises, enterprise_top = ledger_member(
            connection, "enterprises", COUNTY_OWNER, 0, True
        )
        top = max(top, enterprise_top)
        for table in LEDGER_MODELS:
            member = enterprises if table == "enterprises" else MemberData(table, b"", 0)
            if township is not None:
                own, own_top = ledger_member(connection, table, township, 0, True)
                member = MemberData(table, member.data + own.data, member.records + own.records)
                top = max(top, own_top)
            if member.records:
                members.append(member)
        manifest = _chained_manifest(
            office,
            identity,
            chain,
            kind=KIND_REFERENCE,
            owner=COUNTY_OWNER,
            period=period,
            members=members,
            full=True,
            hlc_to=top,
            created_at=now,
            addressee=township,
        )
        return _finish(session, office, identity, manifest, members, out, None, True)


def export_all(
    database: Database,
    office: Office,
    out: Path,
    period: str | None = None,
    now: datetime | None = None,
) -> list[ExportResult]:
    """County: one reference package per active township (its own rows included)."""
    _county_only(office)
    with database.session() as session:
        codes = [t.code for t in reference.townships(session)]
    return [export_reference(database, office, out, period, now, code) for code in codes]


def write_receipt(
    database: Database,
    office: Office,
    township: str,
    out: Path,
    now: datetime | None = None,
) -> ExportResult:
    """A signed receipt listing every package of ``township`` the county holds."""
    _county_only(office)
    now = (now or datetime.now()).replace(microsecond=0)
    with database.session() as session:
        if session.get(Township, township) is None:
            raise UsageError(f"未知的乡镇代码 {township}", f"unknown township code {township}")
        identity = keys.ensure_identity(session)
        chain = next_in_chain(session, KIND_RECEIPT)
        held = session.execute(
            select(*(getattr(SyncInbox, c) for c in package.RECEIPT_COLUMNS))
            .where(SyncInbox.kind == KIND_DATA, SyncInbox.owner == township)
            .order_by(SyncInbox.installation_id, SyncInbox.sequence)
        ).all()
        data, count = encode_lines(package.RECEIPT_COLUMNS, held)
        members = [MemberData(package.RECEIPT_TABLE, data, count)]
        manifest = _chained_manifest(
            office,
            identity,
            chain,
            kind=KIND_RECEIPT,
            owner=COUNTY_OWNER,
            period=f"{now:%Y-%m}",
            members=members,
            addressee=township,
            created_at=now,
        )
        return _finish(session, office, identity, manifest, members, out, None, False)
