"""Schema upgrades: empty → head, stored databases of earlier revisions keep every row."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import inspect

from desktop import db as dbmod
from desktop.errors import SchemaTooNewError, StorageError
from desktop.migrations import heads
from desktop.models import Base
from desktop.reports.indicators import compute_indicators
from desktop.services import plans
from desktop.services.office import open_office

FIXTURES = Path(__file__).parent / "fixtures"
LEDGER_TABLES = ("enterprises", "inspections", "certifications", "projects", "project_progress")


def _counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return {
            t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in LEDGER_TABLES
        }


def _ids(path: Path, table: str) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {row[0] for row in connection.execute(f"SELECT id FROM {table}")}


def test_empty_database_upgrades_to_head_matching_the_models(tmp_path: Path) -> None:
    database = dbmod.Database(dbmod.sqlite_url(tmp_path / "x.sqlite3"))
    before, after = dbmod.upgrade(database)
    assert before is None and after == dbmod.head_revision()
    tables = set(inspect(database.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    database.dispose()


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    """Autogenerate against a migrated database finds nothing to do."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    database = dbmod.Database(dbmod.sqlite_url(tmp_path / "x.sqlite3"))
    dbmod.upgrade(database)
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    database.dispose()


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("schema_*.sqlite3")))
def test_stored_database_of_every_revision_upgrades_with_rows_intact(
    tmp_path: Path, fixture: str
) -> None:
    path = tmp_path / fixture
    shutil.copy(FIXTURES / fixture, path)
    counts, ids = _counts(path), _ids(path, "inspections")
    database = dbmod.Database(dbmod.sqlite_url(path))
    office = open_office(database)
    assert dbmod.current_revision(database) == dbmod.head_revision()
    assert office.township_code == "330329100000"
    database.dispose()
    assert _counts(path) == counts
    assert _ids(path, "inspections") == ids


def test_newer_schema_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    shutil.copy(FIXTURES / "schema_0001.sqlite3", path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    database = dbmod.Database(dbmod.sqlite_url(path))
    with pytest.raises(SchemaTooNewError) as excinfo:
        open_office(database)
    assert "更新版本" in excinfo.value.message_zh and "newer" in excinfo.value.message_en
    database.dispose()


def test_sqlite_pragmas_are_set(tmp_path: Path) -> None:
    database = dbmod.Database(dbmod.sqlite_url(tmp_path / "p.sqlite3"))
    with database.engine.connect() as connection:
        raw = connection.exec_driver_sql
        assert raw("PRAGMA journal_mode").scalar() == "wal"
        assert raw("PRAGMA foreign_keys").scalar() == 1
        assert raw("PRAGMA synchronous").scalar() == 1  # NORMAL
    database.dispose()


# ---- safe upgrades: backup before, restore on failure ---------------------------------------

EXTRA_REVISION = '''"""{doc}"""
import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("extra_table", sa.Column("id", sa.Integer, primary_key=True))
{body}


def downgrade() -> None:
    op.drop_table("extra_table")
'''

FAILING_BODY = """    bind = op.get_bind()
    bind.exec_driver_sql("DELETE FROM inspections")
    # Like a half-done table rebuild: the damage is committed before the failure.
    bind.connection.dbapi_connection.commit()
    raise RuntimeError("column rebuild went wrong")"""


@pytest.fixture
def extra_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Install a copy of the migrations with one more revision after head."""

    def install(body: str) -> None:
        folder = tmp_path / "migrations"
        shutil.copytree(dbmod.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
        head = dbmod.head_revision()
        (folder / "versions" / "9999_extra.py").write_text(
            EXTRA_REVISION.format(doc="test revision", head=head, body=body), encoding="utf-8"
        )
        monkeypatch.setattr(dbmod, "MIGRATIONS_DIR", folder)
        monkeypatch.setattr(dbmod, "SCHEMA_HEAD", "9999")

    return install


def _revision(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def _fixture_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "office"
    folder.mkdir()
    path = folder / "quality-desk.sqlite3"
    shutil.copy(FIXTURES / "schema_0001.sqlite3", path)
    return path


def test_upgrade_backs_up_the_database_first(
    tmp_path: Path, extra_revision: Callable[[str], None]
) -> None:
    path = _fixture_copy(tmp_path)
    counts, before_revision = _counts(path), _revision(path)
    extra_revision("    pass")
    database = dbmod.Database(dbmod.sqlite_url(path))
    assert dbmod.upgrade(database) == (before_revision, "9999")
    database.dispose()
    backups = list((path.parent / "backups").glob("*.sqlite3"))
    assert len(backups) == 1
    assert f"before-upgrade-{before_revision}" in backups[0].name
    assert _counts(backups[0]) == counts
    with sqlite3.connect(backups[0]) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        assert revision == before_revision


def test_failed_migration_restores_the_database_and_says_so(
    tmp_path: Path, extra_revision: Callable[[str], None]
) -> None:
    path = _fixture_copy(tmp_path)
    counts, ids, before_revision = _counts(path), _ids(path, "inspections"), _revision(path)
    assert counts["inspections"] > 0
    extra_revision(FAILING_BODY)
    database = dbmod.Database(dbmod.sqlite_url(path))
    with pytest.raises(dbmod.MigrationFailedError) as excinfo:
        open_office(database)
    error = excinfo.value
    assert "升级失败" in error.message_zh and "已恢复" in error.message_zh
    assert "restored" in error.message_en and "column rebuild went wrong" in error.message_en
    assert str(path.parent / "backups") in error.message_en
    database.dispose()
    assert _counts(path) == counts
    assert _ids(path, "inspections") == ids
    with sqlite3.connect(path) as connection:
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert "extra_table" not in tables
    assert revision == before_revision
    logs = list((path.parent / "logs").glob("migration-failed-*.log"))
    assert logs and "column rebuild went wrong" in logs[0].read_text(encoding="utf-8")
    # The restored database still opens with the release it came from.
    reopened = dbmod.Database(dbmod.sqlite_url(path))
    assert dbmod.current_revision(reopened) == before_revision
    reopened.dispose()


def test_database_at_head_is_not_backed_up_again(tmp_path: Path) -> None:
    path = _fixture_copy(tmp_path)
    database = dbmod.Database(dbmod.sqlite_url(path))
    dbmod.upgrade(database)
    first = list((path.parent / "backups").glob("*.sqlite3"))
    dbmod.upgrade(database)
    database.dispose()
    assert list((path.parent / "backups").glob("*.sqlite3")) == first


def test_no_upgrade_without_a_backup(tmp_path: Path, extra_revision: Callable[[str], None]) -> None:
    path = _fixture_copy(tmp_path)
    (path.parent / "backups").write_text("a file where the backups folder should be")
    before = _revision(path)
    extra_revision("    pass")
    database = dbmod.Database(dbmod.sqlite_url(path))
    with pytest.raises(StorageError) as excinfo:
        dbmod.upgrade(database)
    database.dispose()
    assert (
        "没有升级" in excinfo.value.message_zh
        and "nothing was upgraded" in excinfo.value.message_en
    )
    assert _revision(path) == before


def test_the_schema_head_constant_is_the_newest_migration() -> None:
    from alembic.script import ScriptDirectory

    newest = ScriptDirectory.from_config(dbmod.alembic_config("sqlite://")).get_current_head()
    assert newest == dbmod.SCHEMA_HEAD, (
        f"desktop/migrations/heads.py SCHEMA_HEAD is {dbmod.SCHEMA_HEAD!r} but the newest "
        f"migration is {newest!r}: set SCHEMA_HEAD to the revision you added"
    )
    assert newest == heads.SCHEMA_HEAD  # what the command line's quick reads compare with


def test_cheap_head_and_current_revision_agree_with_alembic(
    tmp_path: Path, extra_revision: Callable[[str], None]
) -> None:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    def alembic_head() -> str | None:
        config = dbmod.alembic_config("sqlite://")
        return ScriptDirectory.from_config(config).get_current_head()

    assert dbmod.head_revision() == alembic_head()
    path = _fixture_copy(tmp_path)
    database = dbmod.Database(dbmod.sqlite_url(path))
    with database.engine.connect() as connection:
        assert (
            dbmod.current_revision(database)
            == MigrationContext.configure(connection).get_current_revision()
        )
    database.dispose()
    empty = dbmod.Database(dbmod.sqlite_url(tmp_path / "empty.sqlite3"))
    assert dbmod.current_revision(empty) is None
    empty.dispose()
    extra_revision("    pass")
    assert dbmod.head_revision() == alembic_head() == "9999"


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {
            r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }


def _revision(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_upgrade_killed_after_its_first_new_table_stays_at_the_old_revision(
    tmp_path: Path,
) -> None:
    """SIGKILL right after ``CREATE TABLE sync_conflicts`` of 0002, then the next start."""
    import os
    import subprocess
    import sys

    data = tmp_path / "data"
    data.mkdir()
    path = data / "quality-desk.sqlite3"
    shutil.copy(FIXTURES / "schema_0001.sqlite3", path)
    tables, counts = _tables(path), _counts(path)
    env = {**os.environ, "QD_CRASH_MATCH": "CREATE TABLE", "PYTHONIOENCODING": "utf-8"}
    env["QD_CRASH_AT"] = "2"  # the statement after the first new table: sync_identity
    killed = subprocess.run(
        [sys.executable, "-m", "tests.crash_child", "--data-dir", str(data), "stats"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert killed.returncode == -9, killed.stderr
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert _revision(path) == "0001"
    assert _tables(path) == tables, "no table of 0002 may survive the kill"
    env.pop("QD_CRASH_AT")
    again = subprocess.run(
        [sys.executable, "-m", "tests.crash_child", "--data-dir", str(data), "stats"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0, again.stderr
    assert _revision(path) == dbmod.head_revision()
    assert _counts(path) == counts


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("schema_*.sqlite3")))
def test_stored_targets_become_the_first_plan(tmp_path: Path, fixture: str) -> None:
    """Migration 0004: the targets a database holds become plan 2018 with their links."""
    path = tmp_path / fixture
    shutil.copy(FIXTURES / fixture, path)
    with sqlite3.connect(path) as connection:
        targets = {
            row[0]: row[1:]
            for row in connection.execute("SELECT id, target_value, comparison FROM targets")
        }
    database = dbmod.Database(dbmod.sqlite_url(path))
    open_office(database)
    with database.session() as session:
        plan = plans.find(session, None)
        links = plans.plan_targets(session, plan.id)
        report = compute_indicators(session, date(2022, 6, 30))
    database.dispose()
    assert (plan.id, plan.window_start, plan.window_end) == ("2018", "2019-01-01", "2022-12-31")
    assert targets and {t.id: (p.target_value, p.comparison) for t, p in links} == targets
    assert any(p.category_codes for _, p in links)
    assert len(report.indicators) == len(targets)
    assert sum(ind.computable for ind in report.indicators) == 21
