"""This office: create or open its database, and say who it is (county or which township).

``init_office`` upgrades the schema (Alembic), seeds reference data and writes the installation
row once; ``open_office`` opens an initialised database and refuses one from a newer release.

Importing this module builds no SQLAlchemy model (the functions import the database layer when
called): the command line describes an office in :func:`quick_office` with plain ``sqlite3``
when the schema is already this release's, which is most of the time.
"""

from __future__ import annotations

import getpass
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.errors import NotFoundError, UsageError
from desktop.names import COUNTY_OWNER, OFFICE_COUNTY, OFFICE_TOWNSHIP

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desktop import db as dbmod
    from desktop.models import Installation


@dataclass(frozen=True)
class Office:
    """Plain description of this installation, safe to pass to any layer."""

    installation_id: str
    kind: str
    township_code: str | None
    township_name: str | None
    operator: str
    pc_label: str = ""
    """The name the clerk gave this PC (``init --pc-label``); the county names PCs by it."""

    @property
    def is_county(self) -> bool:
        return self.kind == OFFICE_COUNTY

    @property
    def owner(self) -> str:
        """The ``owner`` written on rows this office creates."""
        return self.township_code or COUNTY_OWNER

    def display_name(self, language: str = "zh") -> str:
        if self.is_county:
            return "县质量强县办" if language != "en" else "County office"
        return self.township_name or self.township_code or ""


def default_operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "operator"


def default_pc_label() -> str:
    """The computer's name, the PC label when the clerk gives none."""
    import platform

    return (platform.node() or "PC")[:64]


class NotInitialisedError(NotFoundError):
    """The data folder has no database yet."""


def _office_from(session: Session, row: Installation) -> Office:
    from desktop.models import Township

    name = None
    if row.township_code:
        township = session.get(Township, row.township_code)
        name = township.name_zh if township else None
    return Office(
        row.id, row.office_kind, row.township_code, name, row.operator, row.pc_label or ""
    )


def init_office(
    database: dbmod.Database,
    *,
    township_code: str | None = None,
    county: bool = False,
    operator: str | None = None,
    pc_label: str | None = None,
) -> Office:
    """Create or upgrade this office's database and its installation row.

    ``pc_label`` names this PC for the county (default: the computer's name).
    """
    from sqlalchemy import select

    from desktop import db as dbmod
    from desktop.ids import uuid7
    from desktop.models import Installation, Township
    from desktop.services import reference

    pc_label = _check_pc_label(pc_label)
    if county == bool(township_code):
        raise UsageError(
            "请指定 --township 乡镇代码 或 --county 之一",
            "give exactly one of --township CODE or --county",
        )
    dbmod.upgrade(database)
    with database.session() as session:
        reference.seed(session)
        if township_code:
            township = session.get(Township, township_code)
            if township is None:
                raise UsageError(
                    f"未知的乡镇代码 {township_code}",
                    f"unknown township code {township_code}",
                )
        existing = session.scalar(select(Installation))
        kind = OFFICE_COUNTY if county else OFFICE_TOWNSHIP
        if existing is not None:
            if existing.office_kind != kind or existing.township_code != township_code:
                raise UsageError(
                    f"此数据文件夹已初始化为 {existing.township_code or '县级'}，不能改为其他单位",
                    f"this data folder already belongs to {existing.township_code or 'the county'}",
                )
            if operator:
                existing.operator = operator
            if pc_label or not existing.pc_label:
                existing.pc_label = pc_label or default_pc_label()
            return _office_from(session, existing)
        row = Installation(
            singleton=1,
            id=uuid7(),
            office_kind=kind,
            township_code=township_code,
            operator=operator or default_operator(),
            created_at=datetime.now().replace(microsecond=0),
            hlc_last=0,
            pc_label=pc_label or default_pc_label(),
        )
        session.add(row)
        session.flush()
        return _office_from(session, row)


def _check_pc_label(label: str | None) -> str | None:
    if label is None:
        return None
    label = label.strip()
    if not label or len(label) > 64 or any(ord(c) < 32 for c in label):
        raise UsageError(
            "电脑名称应为 1 到 64 个字符", "the PC label must be 1 to 64 printable characters"
        )
    return label


def quick_office(data_dir: Path) -> tuple[sqlite3.Connection, Office] | None:
    """A plain read-only ``sqlite3`` connection to a data folder's database and its office,
    when nothing stands between them: the database exists, already has this release's schema
    and an installation row. None otherwise — then open it the usual way
    (:func:`open_database`, :func:`open_office`), which upgrades, or explains what is wrong, as
    it always did. The caller closes the connection.

    The folder is proved writable first, as :func:`open_database` does, so a write-protected
    stick is said the same way whichever way the office is read.
    """
    from desktop.migrations.heads import SCHEMA_HEAD
    from desktop.paths import database_path, ensure_writable

    path = database_path(data_dir)
    if not path.is_file():
        return None
    ensure_writable(path.parent)
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return None
    try:
        revisions = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        row = None
        if revisions == [(SCHEMA_HEAD,)]:
            row = connection.execute(
                "SELECT i.id, i.office_kind, i.township_code, t.name_zh, i.operator, i.pc_label "
                "FROM installation i LEFT JOIN townships t ON t.code = i.township_code"
            ).fetchone()
    except sqlite3.Error:
        row = None
    if row is None:
        connection.close()
        return None
    installation_id, kind, township_code, township_name, operator, pc_label = row
    office = Office(installation_id, kind, township_code, township_name, operator, pc_label or "")
    return connection, office


def open_database(data_dir: Path | None = None, url: str | None = None) -> dbmod.Database:
    """Open the database of a data folder (or URL) without creating it."""
    from desktop import db as dbmod

    if url is None:
        assert data_dir is not None
        from desktop.paths import database_path

        if not database_path(data_dir).exists():
            raise NotInitialisedError(
                f"数据文件夹 {data_dir} 尚未初始化，请先运行 init",
                f"the data folder {data_dir} is not initialised; run init first",
            )
        url = dbmod.sqlite_url(database_path(data_dir))
    return dbmod.Database(url)


def open_office(database: dbmod.Database) -> Office:
    """Upgrade the schema if this release is newer, then describe the office."""
    from desktop import db as dbmod

    if not database.has_schema():
        raise NotInitialisedError(
            "数据库尚未初始化，请先运行 init", "the database is not initialised; run init first"
        )
    if dbmod.current_revision(database) != dbmod.head_revision():
        dbmod.upgrade(database)
    return load_office(database)


def load_office(database: dbmod.Database) -> Office:
    """Describe the office of an initialised, up-to-date database."""
    from sqlalchemy import select

    from desktop.models import Installation

    with database.session() as session:
        row = session.scalar(select(Installation))
        if row is None:
            raise NotInitialisedError(
                "数据库尚未初始化，请先运行 init", "the database is not initialised; run init first"
            )
        return _office_from(session, row)


def next_hlc(session: Session, wall_ms: int | None = None) -> int:
    """Tick this installation's clock inside the caller's transaction."""
    from sqlalchemy import select, update

    from desktop.ids import HybridLogicalClock
    from desktop.models import Installation

    last = session.scalar(select(Installation.hlc_last)) or 0
    clock = HybridLogicalClock(last, (lambda: wall_ms) if wall_ms is not None else None)
    value = clock.tick()
    session.execute(update(Installation).values(hlc_last=value))
    return value


def observe_hlc(session: Session, seen: int) -> None:
    """Raise this installation's clock past a value seen in merged data."""
    from sqlalchemy import update

    from desktop.models import Installation

    session.execute(update(Installation).where(Installation.hlc_last < seen).values(hlc_last=seen))
