"""A package bringing a table more rows than it holds: its indexes are built after the merge,
with the same rows and the same indexes as row-by-row upkeep, and nothing changed when the
import is rejected or only tried."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from desktop.db import Database
from desktop.sync import bulk_load, importer
from tests.sync.conftest import World
from tests.sync.helpers import Parts, identity_of, logical_dump, make_site

LEDGERS = ("enterprises", "inspections", "certifications", "projects", "project_progress")


def schema(db_file: Path) -> list[tuple[str, str, str, str]]:
    """Every table, index and trigger with its definition, in name order."""
    with sqlite3.connect(db_file) as connection:
        return sorted(connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))


def ledger_rows(db_file: Path) -> list[str]:
    """Every ledger row, in any order (a dump lists the rebuilt indexes last)."""
    ledgers = tuple(f'INSERT INTO "{table}"' for table in LEDGERS)
    return sorted(line for line in logical_dump(db_file) if line.startswith(ledgers))


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The SQL every database opened in the test runs."""
    seen: list[str] = []
    opened = Database.__init__

    def watched(self: Database, *args: Any, **kwargs: Any) -> None:
        opened(self, *args, **kwargs)
        event.listen(
            self.engine, "before_cursor_execute", lambda *a: seen.append(str(a[2])), named=False
        )

    monkeypatch.setattr(Database, "__init__", watched)
    yield seen


def _import(folder: Path, package_file: Path) -> importer.ImportResult:
    site = make_site(folder, None) if not folder.exists() else None
    assert site is not None
    with site.open() as (database, office):
        return importer.import_package(database, office, package_file)


def test_a_first_package_builds_the_indexes_after_with_the_same_result(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, statements: list[str]
) -> None:
    kept = _import(tmp_path / "kept", world.a1)
    assert not [s for s in statements if s.startswith("DROP INDEX")]
    monkeypatch.setattr(bulk_load, "BULK_ROWS", 1)
    built = _import(tmp_path / "built", world.a1)
    dropped = [s for s in statements if s.startswith("DROP INDEX")]
    assert any("ix_inspections_date_id" in s for s in dropped), dropped
    assert any("ix_enterprises_credit_code" in s for s in dropped), dropped
    assert kept.status == built.status == "merged"
    assert kept.as_dict()["tables"] == built.as_dict()["tables"]
    kept_file, built_file = (tmp_path / name / "quality-desk.sqlite3" for name in ("kept", "built"))
    assert schema(built_file) == schema(kept_file)
    assert ledger_rows(built_file) == ledger_rows(kept_file) != []
    with sqlite3.connect(built_file) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        plan = connection.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM inspections ORDER BY inspection_date DESC, id DESC "
            "LIMIT 5"
        ).fetchall()
        assert "ix_inspections_date_id" in str(plan)


def test_a_table_holding_more_rows_keeps_its_indexes_up_to_date(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, statements: list[str]
) -> None:
    monkeypatch.setattr(bulk_load, "BULK_ROWS", 1)
    county = world.county.copy_to(tmp_path / "county")  # holds a1 and b1; a2 is a month's news
    with county.open() as (database, office):
        assert importer.import_package(database, office, world.a2).status == "merged"
    assert not [s for s in statements if s.startswith("DROP INDEX")]


def _with_a_late_invalid_row(world: World, folder: Path) -> Path:
    """a1 with one certification (the third ledger, after two whose indexes were rebuilt)
    that no check accepts."""
    parts = Parts.of(world.a1.read_bytes())
    rows = parts.rows("certifications")
    rows[-1]["category_code"] = 42
    parts.set_rows("certifications", rows)
    bad = folder / "late-invalid.qdpkg"
    bad.write_bytes(parts.signed_by(identity_of(world.a)).to_bytes())
    return bad


@pytest.mark.parametrize("how", ["rejected", "dry run"])
def test_an_import_not_kept_leaves_every_index_and_row(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, statements: list[str], how: str
) -> None:
    monkeypatch.setattr(bulk_load, "BULK_ROWS", 1)
    site = make_site(tmp_path / "county", None)
    before, rows = schema(site.db_file), logical_dump(site.db_file)
    package_file = _with_a_late_invalid_row(world, tmp_path) if how == "rejected" else world.a1
    with site.open() as (database, office):
        result = importer.import_package(database, office, package_file, dry_run=how == "dry run")
    assert result.status == ("rejected" if how == "rejected" else "dry_run"), result.as_dict()
    dropped = [s for s in statements if s.startswith("DROP INDEX")]
    assert any("ix_certifications" in s for s in dropped)
    assert schema(site.db_file) == before
    assert logical_dump(site.db_file) == rows


def test_only_indexes_that_enforce_nothing_are_taken_down(tmp_path: Path) -> None:
    database = Database.for_data_dir(tmp_path)
    try:
        with database.engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE t (id TEXT PRIMARY KEY, a TEXT UNIQUE, b, c)")
            connection.exec_driver_sql("CREATE UNIQUE INDEX t_c ON t (c)")
            connection.exec_driver_sql("CREATE INDEX t_b ON t (b) WHERE b IS NOT NULL")
            connection.exec_driver_sql("CREATE INDEX t_ab ON t (a, b)")
            assert bulk_load._deferrable(connection, "t") == [
                ("t_ab", "CREATE INDEX t_ab ON t (a, b)"),
                ("t_b", "CREATE INDEX t_b ON t (b) WHERE b IS NOT NULL"),
            ]
    finally:
        database.dispose()


def test_whether_to_defer_follows_the_rows_held_and_coming(tmp_path: Path) -> None:
    database = Database.for_data_dir(tmp_path)
    try:
        with database.engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE t (id TEXT PRIMARY KEY)")
            many = bulk_load.BULK_ROWS
            assert not bulk_load.worth_deferring(connection, "t", many - 1)  # too few to matter
            assert bulk_load.worth_deferring(connection, "t", many)  # an empty table
            connection.exec_driver_sql(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
                "INSERT INTO t SELECT 'r' || i FROM n",
                (many + 1,),
            )
            assert not bulk_load.worth_deferring(connection, "t", many)  # holds more
            assert bulk_load.worth_deferring(connection, "t", many + 1)
    finally:
        database.dispose()
