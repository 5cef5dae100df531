"""The merge: rows of a verified package into this database, in the caller's one transaction.

Rule (see docs/sync-format.md): for each record the version with the greatest ``(hlc, origin)``
is current. Every other version ever seen is remembered in ``sync_versions``; a version that no
seen version was edited from (a *leaf*) and that is not current is a *conflict* and stays in
``sync_conflicts`` with its full data until a person settles it; when a later version edited from
it arrives, its conflict entry is closed by itself. The outcome is a function of the set of
packages imported, so order and repetition do not matter.

Writes are set-based: one ``executemany`` per table for inserts and one for updates (the raw
SQLite cursor when the store is SQLite, SQLAlchemy Core otherwise).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Table, bindparam, delete, insert, select

from desktop.ids import id_tag, owner_tag, uuid7
from desktop.models import (
    COUNTY_OWNER,
    Category,
    Enterprise,
    Project,
    SyncConflict,
    SyncVersion,
    Target,
    Township,
)
from desktop.sync.errors import PackageRejectedError, reject
from desktop.sync.rows import References, RowCodec
from desktop.sync.wire import row_dict

CHUNK = 900
OPEN = "open"
RESOLVED = "resolved"


@dataclass
class TableCounts:
    """What a package did to one table."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    conflicts: int = 0
    settled: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def add(self, other: TableCounts) -> None:
        """Add another chunk's counts to these."""
        for name, value in other.as_dict().items():
            setattr(self, name, getattr(self, name) + value)


def _chunks(items: Sequence[Any]) -> list[Sequence[Any]]:
    return [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]


def is_sqlite(connection: Connection) -> bool:
    return connection.dialect.name == "sqlite"


def _raw_cursor(connection: Connection) -> Any:
    return connection.connection.driver_connection.cursor()  # type: ignore[union-attr]


def write_rows(
    connection: Connection,
    table: Table,
    columns: Sequence[str],
    inserts: list[tuple[Any, ...]],
    updates: list[tuple[Any, ...]],
) -> None:
    """Insert and update whole rows (``columns[0]`` is the key) with one statement each, in key
    order (the primary-key index is then written front to back, not all over)."""
    key, rest = columns[0], columns[1:]
    inserts = sorted(inserts, key=itemgetter(0))
    updates = sorted(updates, key=itemgetter(0))
    if is_sqlite(connection):
        cursor = _raw_cursor(connection)
        if inserts:
            marks = ", ".join("?" * len(columns))
            cursor.executemany(
                f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})", inserts
            )
        if updates:
            sets = ", ".join(f"{c} = ?" for c in rest)
            cursor.executemany(
                f"UPDATE {table.name} SET {sets} WHERE {key} = ?",
                [(*row[1:], row[0]) for row in updates],
            )
        cursor.close()
        return
    if inserts:
        connection.execute(insert(table), [dict(zip(columns, r, strict=True)) for r in inserts])
    if updates:
        statement = (
            table.update()
            .where(table.c[key] == bindparam("k_" + key))
            .values({c: bindparam("k_" + c) for c in rest})
        )
        connection.execute(
            statement,
            [{"k_" + c: v for c, v in zip(columns, r, strict=True)} for r in updates],
        )


def foreign_id(table: str, ids: Iterable[str], owner: str) -> PackageRejectedError | None:
    """The rejection for the first row id that names another owner than the signer, or None."""
    mine = owner_tag(owner)
    for rid in ids:
        tag = id_tag(rid)
        if tag is not None and tag != mine:
            return reject(
                "foreign_id",
                f"{table} 中的记录编号 {rid} 属于另一单位，{owner} 不能写入",
                f"record id {rid} in {table} names another owner; {owner} may not write it",
            )
    return None


def foreign_reference(refs: References, owner: str) -> PackageRejectedError | None:
    """The rejection for the first referred-to record whose id names another township."""
    allowed = {owner_tag(owner), owner_tag(COUNTY_OWNER)}
    for rid in sorted(refs.enterprises | refs.projects):
        tag = id_tag(rid)
        if tag is not None and tag not in allowed:
            return reject(
                "foreign_record",
                f"记录引用了其他乡镇的 {rid}，{owner} 无权关联",
                f"rows refer to {rid} of another township; {owner} may not attach to it",
            )
    return None


def check_references(connection: Connection, refs: References, owner: str) -> None:
    """Reject the package when rows name unknown categories, townships or targets."""
    problems: list[str] = []
    for group, codes in refs.categories.items():
        known: dict[str, str] = {}
        for chunk in _chunks(sorted(codes)):
            known.update(
                connection.execute(
                    select(Category.code, Category.group).where(Category.code.in_(chunk))
                ).all()
            )
        for code in sorted(codes):
            if code not in known:
                problems.append(f"unknown category {code}")
            elif group and known[code] != group:
                problems.append(f"category {code} does not belong to this ledger")
    if refs.townships:
        if owner != "county" and refs.townships - {owner}:
            others = sorted(refs.townships - {owner})
            raise reject(
                "foreign_township",
                f"包中有其他乡镇的记录（{'、'.join(others[:3])}）",
                f"the package has records of another township ({', '.join(others[:3])})",
            )
        present = set(
            connection.scalars(select(Township.code).where(Township.code.in_(refs.townships)))
        )
        problems.extend(f"unknown township {c}" for c in sorted(refs.townships - present))
    if refs.targets:
        present = set(connection.scalars(select(Target.id).where(Target.id.in_(refs.targets))))
        problems.extend(f"unknown target {t}" for t in sorted(refs.targets - present))
    for model, ids in ((Enterprise, refs.enterprises), (Project, refs.projects)):
        for chunk in _chunks(sorted(ids)):
            for rid, row_owner in connection.execute(
                select(model.id, model.owner).where(model.id.in_(chunk))
            ):
                if row_owner not in (owner, COUNTY_OWNER):
                    raise reject(
                        "foreign_record",
                        f"记录引用了属于 {row_owner} 的 {rid}，{owner} 无权关联",
                        f"rows refer to {rid} of {row_owner}; {owner} may not attach to it",
                    )
    if problems:
        raise reject(
            "invalid_rows",
            f"记录引用了不存在的代码：{'；'.join(problems[:3])}",
            f"rows refer to unknown codes: {'; '.join(problems[:3])}",
            problems[:5],
        )


@dataclass
class _Current:
    owner: str
    hlc: int
    origin: str
    base: int | None
    deleted: bool


def merge_ledger(
    connection: Connection,
    codec: RowCodec,
    owner: str,
    wire_rows: list[dict[str, Any]],
    values: list[tuple[Any, ...]],
    package_sha256: str,
    now: datetime,
    written: list[tuple[str, int, str]] | None = None,
) -> TableCounts:
    """Merge one ledger member; raises PackageRejectedError when a row may not be written.

    ``written`` collects ``(id, hlc, origin)`` of every row inserted or replaced.
    """
    table, columns = codec.table, codec.columns
    at_hlc, at_origin = columns.index("hlc"), columns.index("origin")
    at_base, at_deleted = columns.index("base_hlc"), columns.index("deleted")
    ids = [row[0] for row in values]
    if len(set(ids)) != len(ids):
        raise reject(
            "duplicate_record",
            f"{table.name} 中同一记录出现多次",
            f"a record appears twice in {table.name}",
        )
    current: dict[str, _Current] = {}
    for chunk in _chunks(ids):
        query = select(
            table.c.id,
            table.c.owner,
            table.c.hlc,
            table.c.origin,
            table.c.base_hlc,
            table.c.deleted,
        ).where(table.c.id.in_(chunk))
        for rid, row_owner, hlc, origin, base, deleted in connection.execute(query):
            current[rid] = _Current(row_owner, hlc, origin, base, bool(deleted))
    counts = TableCounts()
    inserts: list[tuple[Any, ...]] = []
    contested: list[int] = []
    for position, row in enumerate(values):
        cur = current.get(row[0])
        if cur is None:
            inserts.append(row)
        elif cur.owner != owner:
            raise reject(
                "foreign_record",
                f"记录 {row[0]} 属于 {cur.owner}，{owner} 无权修改",
                f"record {row[0]} belongs to {cur.owner}; {owner} may not write it",
            )
        elif row[at_hlc] == cur.hlc and row[at_origin] == cur.origin:
            counts.unchanged += 1
        else:
            contested.append(position)
    counts.created = len(inserts)
    updates: list[tuple[Any, ...]] = []
    if contested:
        updates = _settle(
            connection,
            codec,
            owner,
            wire_rows,
            values,
            contested,
            current,
            package_sha256,
            now,
            counts,
            (at_hlc, at_origin, at_base, at_deleted),
        )
    write_rows(connection, table, columns, inserts, updates)
    if written is not None:
        written.extend((r[0], r[at_hlc], r[at_origin]) for r in (*inserts, *updates))
    return counts


def _settle(
    connection: Connection,
    codec: RowCodec,
    owner: str,
    wire_rows: list[dict[str, Any]],
    values: list[tuple[Any, ...]],
    contested: list[int],
    current: dict[str, _Current],
    package_sha256: str,
    now: datetime,
    counts: TableCounts,
    at: tuple[int, int, int, int],
) -> list[tuple[Any, ...]]:
    """Decide the contested rows: newer wins, stale is dropped, concurrent goes to the queue."""
    table, columns = codec.table, codec.columns
    at_hlc, at_origin, at_base, at_deleted = at
    ids = [values[p][0] for p in contested]
    seen: dict[str, dict[tuple[int, str], int | None]] = defaultdict(dict)
    open_losers: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for chunk in _chunks(ids):
        for rid, hlc, origin, base in connection.execute(
            select(
                SyncVersion.record_id, SyncVersion.hlc, SyncVersion.origin, SyncVersion.base_hlc
            ).where(
                SyncVersion.record_id.in_(chunk),
                SyncVersion.table_name == table.name,
                SyncVersion.owner == owner,
            )
        ):
            seen[rid][(hlc, origin)] = base
        for cid, rid, lost_hlc in connection.execute(
            select(SyncConflict.id, SyncConflict.record_id, SyncConflict.lost_hlc).where(
                SyncConflict.record_id.in_(chunk),
                SyncConflict.table_name == table.name,
                SyncConflict.owner == owner,
                SyncConflict.status == OPEN,
            )
        ):
            open_losers[rid].append((cid, lost_hlc))
    updates: list[tuple[Any, ...]] = []
    new_versions: list[dict[str, Any]] = []
    conflicts: list[dict[str, Any]] = []
    displaced: dict[str, tuple[int, str]] = {}
    settled: list[str] = []
    for position in contested:
        row = values[position]
        rid, hlc, origin, base = row[0], row[at_hlc], row[at_origin], row[at_base]
        cur = current[rid]
        versions = seen[rid]
        if (hlc, origin) in versions:
            counts.unchanged += 1
            continue
        bases = {cur.base, *versions.values()}
        for conflict_id, lost_hlc in open_losers[rid]:
            if base == lost_hlc:
                settled.append(conflict_id)
        if (hlc, origin) > (cur.hlc, cur.origin):
            updates.append(row)
            new_versions.append(_version(rid, cur.hlc, cur.origin, cur.base, table.name, owner))
            versions[(cur.hlc, cur.origin)] = cur.base
            counts.updated += 1
            if row[at_deleted] and not cur.deleted:
                counts.deleted += 1
            if base != cur.hlc:
                displaced[rid] = (hlc, origin)
            cur.hlc, cur.origin, cur.base, cur.deleted = hlc, origin, base, row[at_deleted]
        else:
            new_versions.append(_version(rid, hlc, origin, base, table.name, owner))
            versions[(hlc, origin)] = base
            if hlc in bases:
                counts.unchanged += 1
            else:
                lost = wire_rows[position]
                conflicts.append(
                    _conflict(table.name, owner, lost, cur.hlc, cur.origin, package_sha256, now)
                )
    if displaced:
        key_ids = list(displaced)
        for chunk in _chunks(key_ids):
            query = select(*(table.c[c] for c in columns)).where(table.c.id.in_(chunk))
            for full in connection.execute(query):
                lost = row_dict(columns, full)
                winner_hlc, winner_origin = displaced[lost["id"]]
                conflicts.append(
                    _conflict(
                        table.name, owner, lost, winner_hlc, winner_origin, package_sha256, now
                    )
                )
    if new_versions:
        connection.execute(insert(SyncVersion), new_versions)
    if conflicts:
        connection.execute(insert(SyncConflict), conflicts)
    if settled:
        for chunk in _chunks(settled):
            connection.execute(delete(SyncConflict).where(SyncConflict.id.in_(chunk)))
    counts.conflicts += len(conflicts)
    counts.settled += len(settled)
    return updates


def _version(
    rid: str, hlc: int, origin: str, base: int | None, table: str, owner: str
) -> dict[str, Any]:
    return {
        "record_id": rid,
        "hlc": hlc,
        "origin": origin,
        "base_hlc": base,
        "table_name": table,
        "owner": owner,
    }


def _conflict(
    table: str,
    owner: str,
    lost: dict[str, Any],
    winner_hlc: int,
    winner_origin: str,
    package_sha256: str,
    now: datetime,
) -> dict[str, Any]:
    return {
        "id": uuid7(),
        "table_name": table,
        "record_id": lost["id"],
        "owner": owner,
        "lost_hlc": lost["hlc"],
        "lost_origin": lost["origin"],
        "lost_base_hlc": lost["base_hlc"],
        "lost_by": str(lost["updated_by"])[:64],
        "lost_at": datetime.fromisoformat(lost["updated_at"]),
        "lost_data": lost,
        "winner_hlc": winner_hlc,
        "winner_origin": winner_origin,
        "package_sha256": package_sha256,
        "detected_at": now,
        "status": OPEN,
        "resolved_by": None,
        "resolved_at": None,
        "resolution": None,
    }


def merge_reference(
    connection: Connection, codec: RowCodec, values: list[tuple[Any, ...]]
) -> TableCounts:
    """Reference rows (county-owned): a row is replaced when the incoming ``hlc`` is greater."""
    table, columns, key = codec.table, codec.columns, codec.key
    at_key, at_hlc = columns.index(key), columns.index("hlc")
    existing = dict(connection.execute(select(table.c[key], table.c.hlc)).all())
    counts = TableCounts()
    inserts, updates = [], []
    for row in values:
        local = existing.get(row[at_key])
        if local is None:
            inserts.append(dict(zip(columns, row, strict=True)))
        elif row[at_hlc] > local:
            updates.append({"k_" + c: v for c, v in zip(columns, row, strict=True)})
        else:
            counts.unchanged += 1
    if inserts:
        connection.execute(insert(table), inserts)
    if updates:
        statement = (
            table.update()
            .where(table.c[key] == bindparam("k_" + key))
            .values({c: bindparam("k_" + c) for c in columns if c != key})
        )
        connection.execute(statement, updates)
    counts.created, counts.updated = len(inserts), len(updates)
    return counts
