"""Schema upgrades: empty → head, stored databases of earlier revisions keep every row."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect

from desktop import db as dbmod
from desktop.errors import SchemaTooNewError
from desktop.models import Base
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
