"""The one place that opens databases: engines, SQLite pragmas, sessions, schema upgrades.

SQLite (the embedded default) gets WAL, ``synchronous=NORMAL`` and foreign keys on every
connection. PostgreSQL (a county that outgrows one PC) is reached by a ``postgresql+psycopg://``
URL; nothing SQLite-specific leaks past this module.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from desktop import storage_errors
from desktop.errors import QualityDeskError, SchemaTooNewError, StorageError
from desktop.migrations.heads import SCHEMA_HEAD as SCHEMA_HEAD

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def sqlite_url(path: Path) -> str:
    """SQLAlchemy URL of a SQLite file."""
    return f"sqlite+pysqlite:///{path}"


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite connections get the pragmas above."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = _sqlite_path(parsed.database)
        if path is not None and parsed.query.get("mode") != "ro":
            from desktop.paths import ensure_writable

            ensure_writable(path.parent)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_on_connect)
        return engine
    return create_engine(url, pool_pre_ping=True)


class Database:
    """An engine with its session factory. Services receive one of these, never a global."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> Database:
        from desktop.paths import database_path

        return cls(sqlite_url(database_path(data_dir)))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A short session in one transaction: committed on success, rolled back on error."""
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except QualityDeskError:
                session.rollback()
                raise
            except Exception as exc:
                # ORM, Core and the raw sqlite3 cursors of the sync paths all fail through here.
                _rollback_quietly(session)
                failure = storage_errors.classify(exc)
                if failure is None:
                    raise
                raise failure from exc
            except BaseException:
                _rollback_quietly(session)
                raise

    def has_schema(self) -> bool:
        """True when the database has been initialised (has an Alembic version table)."""
        return inspect(self.engine).has_table("alembic_version")

    def dispose(self) -> None:
        self.engine.dispose()


def _rollback_quietly(session: Session) -> None:
    """Roll back after a failure; a rollback that fails too (I/O error) must not mask it."""
    with contextlib.suppress(Exception):
        session.rollback()


def classify_operational_error(exc: BaseException) -> StorageError:
    """The storage failure of ``exc`` (see :mod:`desktop.storage_errors`); kept for callers."""
    return storage_errors.classify(exc) or storage_errors.StorageFailureError(
        storage_errors.StorageKind.OTHER, None, str(exc)
    )


def alembic_config(url: str) -> Any:
    """Alembic configuration pointing at the packaged migrations."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str:
    """The newest schema revision this release knows (:data:`SCHEMA_HEAD`; no Alembic import)."""
    return SCHEMA_HEAD


def current_revision(db: Database) -> str | None:
    """The schema revision of an existing database (None when empty)."""
    with db.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    if len(rows) <= 1:
        return str(rows[0][0]) if rows else None
    from alembic.runtime.migration import MigrationContext

    with db.engine.connect() as connection:  # several heads: let Alembic explain
        return MigrationContext.configure(connection).get_current_revision()


def _known_revision(script: Any, revision: str) -> bool:
    from alembic.util import CommandError

    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def sqlite_file(db: Database) -> Path | None:
    """The file of a SQLite database (None for PostgreSQL or an in-memory database)."""
    parsed = make_url(db.url)
    if parsed.get_backend_name() != "sqlite":
        return None
    return _sqlite_path(parsed.database)


def _sqlite_path(database: str | None) -> Path | None:
    """The file named by a SQLite URL's database part: a plain path or a ``file:`` URI."""
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    if database.startswith("file:"):
        return Path(database.removeprefix("file:"))
    return Path(database)


def is_known_revision(revision: str) -> bool:
    """True when ``revision`` is this release's head or an older revision it can upgrade."""
    from alembic.script import ScriptDirectory

    return _known_revision(ScriptDirectory.from_config(alembic_config("sqlite://")), revision)


class MigrationFailedError(StorageError):
    """A schema upgrade failed; the database was put back as it was (or says where the copy is)."""

    exit_code = 1


def _transactional_sqlite_engine(url: str) -> Engine:
    """An engine whose transactions cover DDL too, for schema upgrades on SQLite.

    pysqlite begins a transaction only before INSERT/UPDATE/DELETE, so each CREATE TABLE of a
    migration used to commit by itself: a process killed half-way left a database at its old
    revision already holding some new tables, which no later start could upgrade. Here the
    driver's own transaction handling is off and every transaction starts with ``BEGIN
    IMMEDIATE`` (the write lock up front), so a whole upgrade — every migration and the
    ``alembic_version`` row — commits at once or not at all (SQLite's DDL is transactional).
    """
    engine = create_engine(url, poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: sqlite3.Connection, record: Any) -> None:
        _sqlite_on_connect(dbapi_connection, record)
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _run_alembic_upgrade(db: Database, config: Any) -> None:
    from alembic import command

    engine = (
        _transactional_sqlite_engine(db.url) if db.dialect == "sqlite" else db.engine
    )  # PostgreSQL's DDL is transactional as it is
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        if engine is not db.engine:
            engine.dispose()


def upgrade(db: Database) -> tuple[str | None, str]:
    """Bring the schema to head; refuse a database written by a newer release.

    Before a SQLite database that holds a schema is changed, it is copied with the SQLite backup
    API to ``backups/quality-desk-<time>-before-upgrade-<rev>.sqlite3`` beside it. When the
    migration fails, that copy is restored and :class:`MigrationFailedError` says what happened
    (zh/en), with the traceback in ``logs/``. A database already at head is not touched.

    Returns the revision before and after.
    """
    import traceback

    from alembic.script import ScriptDirectory

    from desktop import backup as backup_service
    from desktop import logs
    from desktop.paths import backups_dir

    config = alembic_config(db.url)
    before = current_revision(db)
    script = ScriptDirectory.from_config(config)
    head = head_revision()
    if before is not None and not _known_revision(script, before):
        raise SchemaTooNewError(
            f"数据库由更新版本的质量提升台账创建（结构版本 {before}），请升级本软件后再打开。",
            f"The database was written by a newer Quality Desk (schema {before}); "
            "upgrade the app to open it.",
        )
    if before == head:
        return before, head
    path = sqlite_file(db)
    copy: Path | None = None
    marker: Path | None = None
    if before is not None and path is not None:
        try:
            copy, marker = _pre_upgrade_backup(path, before)
        except StorageError as exc:
            raise StorageError(
                f"升级数据库结构（{before} → {head}）之前必须先备份，但备份失败，因此没有升级，"
                f"数据库保持原样：{exc.message_zh}",
                f"The database must be backed up before its schema is upgraded ({before} → "
                f"{head}); the backup failed, so nothing was upgraded and the database is "
                f"unchanged: {exc.message_en}",
            ) from exc
    try:
        _run_alembic_upgrade(db, config)
    except Exception as exc:
        if copy is None or path is None:
            raise
        _forget_marker(marker)
        log = logs.write_report(
            path.parent,
            "migration-failed",
            f"schema upgrade {before} → {head} failed",
            traceback.format_exc(),
        )
        log_zh = f"详细信息见 {log}。" if log else ""
        log_en = f" Details are in {log}." if log else ""
        db.dispose()
        try:
            backup_service.restore_into(copy, path)
        except Exception as restore_exc:
            raise MigrationFailedError(
                f"数据库结构升级失败（{before} → {head}），而且自动恢复也失败了：{restore_exc}。"
                f"升级前的备份完好，保存在 {copy}，请把它复制回 {path}。{log_zh}",
                f"Upgrading the database schema failed ({before} → {head}) and restoring it "
                f"failed too: {restore_exc}. The backup made before the upgrade is intact at "
                f"{copy}; copy it back to {path}.{log_en}",
            ) from exc
        raise MigrationFailedError(
            f"数据库结构升级失败（{before} → {head}）：{exc}。数据库已恢复为升级前的状态，"
            f"没有丢失任何记录；升级前的备份保存在 {copy}。请继续使用旧版本，并联系技术支持。"
            f"{log_zh}",
            f"Upgrading the database schema failed ({before} → {head}): {exc}. The database "
            f"was restored to its state before the upgrade; no record was lost. The backup is "
            f"kept at {copy}. Keep using the previous version and contact support.{log_en}",
        ) from exc
    _forget_marker(marker)
    if path is not None:  # markers of other, older attempts are moot once at head
        for stale in backups_dir(path.parent).glob(f"*{UPGRADING_SUFFIX}"):
            _forget_marker(stale)
    return before, head


UPGRADING_SUFFIX = ".upgrading"
"""Beside a pre-upgrade backup while its upgrade runs; left behind only by a killed upgrade."""


def _content_stamp(path: Path) -> str:
    """What every write changes: the installation's clock and the audit trail's size and end."""
    with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as c:
        clock = c.execute("SELECT hlc_last FROM installation").fetchall()
        audit = c.execute("SELECT count(*), max(id) FROM audit_log").fetchall()
    return repr((clock, audit))


def _pre_upgrade_backup(path: Path, before: str) -> tuple[Path, Path | None]:
    """The backup to restore should the upgrade fail, and the marker saying it is under way.

    A killed upgrade leaves the database exactly at ``before`` (the upgrade is one transaction)
    and its backup with a marker holding the database's content stamp. When the stamp still
    matches, that backup is reused rather than adding one more copy of the same file each time
    the upgrade is tried.
    """
    from desktop import backup as backup_service
    from desktop.paths import backups_dir

    label = f"before-upgrade-{before}"
    try:
        stamp: str | None = _content_stamp(path)
    except sqlite3.Error:
        stamp = None  # no installation row yet: nothing to compare, take a fresh copy
    folder = backups_dir(path.parent)
    for found in sorted(folder.glob(f"*-{label}*{UPGRADING_SUFFIX}")):
        earlier = found.with_name(found.name.removesuffix(UPGRADING_SUFFIX))
        try:
            matches = stamp is not None and found.read_text(encoding="utf-8") == stamp
        except OSError:
            matches = False
        if matches and earlier.is_file():
            return earlier, found
        _forget_marker(found)
    # A copy killed half-way: desktop.files' temporary name (or an older release's .partial).
    for partial in (*folder.glob(f".*-{label}*.tmp"), *folder.glob(f"*-{label}*.partial")):
        with contextlib.suppress(OSError):
            partial.unlink()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        stamp = None  # the backup below says why it cannot be written
    if stamp is None:
        return backup_service.backup_database(path, label=label), None
    # The marker first: a kill between the copy and the marker would leave a copy no later
    # attempt recognises.
    copy = backup_service.unique_path(folder / backup_service.backup_name(label))
    marker: Path | None = copy.with_name(copy.name + UPGRADING_SUFFIX)
    try:
        copy.with_name(copy.name + UPGRADING_SUFFIX).write_text(stamp, encoding="utf-8")
    except OSError:
        marker = None
    try:
        return backup_service.backup_database(path, label=label, out=copy), marker
    except BaseException:
        _forget_marker(marker)
        raise


def _forget_marker(marker: Path | None) -> None:
    if marker is not None:
        with contextlib.suppress(OSError):
            marker.unlink(missing_ok=True)
