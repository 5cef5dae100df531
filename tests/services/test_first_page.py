"""The window's first page through plain sqlite3 equals the full read path, and gives way to it
whenever it cannot answer (older schema, unreadable file, no office)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from desktop import models
from desktop.db import Database
from desktop.services import demo, first_page
from desktop.services.fields import LEDGERS
from desktop.services.ledger_query import LedgerQuery
from desktop.services.office import init_office, load_office
from desktop.services.reads import LedgerReads

TODAY = date(2022, 6, 30)


def make_office(root: Path, county: bool) -> Path:
    path = root / ("county.sqlite3" if county else "township.sqlite3")
    database = Database(f"sqlite+pysqlite:///{path}")
    office = (
        init_office(database, county=True, operator="县办")
        if county
        else init_office(database, township_code="330329100000", operator="张三")
    )
    demo.generate(
        database,
        office,
        records=260,
        seed=5,
        today=TODAY,
        townships=["330329100000", "330329102000"] if county else None,
    )
    database.dispose()
    return path


@pytest.fixture(params=[False, True], ids=["township", "county"])
def office_file(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return make_office(tmp_path, bool(request.param))


@pytest.mark.parametrize("ledger", sorted(LEDGERS))
def test_every_ledgers_first_pages_equal_the_full_path(office_file: Path, ledger: str) -> None:
    spec = LEDGERS[ledger]
    database = Database(f"sqlite+pysqlite:///{office_file}")
    reads = LedgerReads(database)
    found = first_page.read_first_page(office_file, spec)
    assert found is not None
    reader, page = found
    try:
        query = LedgerQuery(limit=first_page.PAGE_ROWS)
        full = reads.page(spec, query, TODAY)
        assert page.page.records == full.records  # same rows, order and JSON-ready values
        assert page.page.enterprises == full.enterprises
        assert page.page.projects == full.projects
        assert page.warning_days == full.warning_days
        # the next page, read by keyset after the last row, equals the full path's second page
        if len(full.records) == first_page.PAGE_ROWS:
            after = reader.page(spec, after=page.page.records[-1])
            second = reads.page(spec, query.page(first_page.PAGE_ROWS, first_page.PAGE_ROWS), TODAY)
            assert after.records == second.records
            assert after.enterprises == second.enterprises
    finally:
        reader.close()
        database.dispose()


def test_office_reference_names_and_setting_equal_the_full_path(office_file: Path) -> None:
    database = Database(f"sqlite+pysqlite:///{office_file}")
    with database.engine.begin() as connection:
        connection.exec_driver_sql(
            'INSERT OR REPLACE INTO settings ("key", value, hlc)'
            " VALUES ('expiry_warning_days', '45', 1)"
        )
    found = first_page.read_first_page(office_file, LEDGERS["inspections"])
    assert found is not None
    reader, page = found
    reader.close()
    names = LedgerReads(database).reference_names()
    assert page.office == load_office(database)
    assert page.reference.townships == names.townships
    assert list(page.reference.categories.items()) == list(names.categories.items())
    assert page.reference.targets == names.targets
    assert page.warning_days == 45 == LedgerReads(database).warning_days()
    database.dispose()


def test_an_older_schema_takes_the_full_path(tmp_path: Path) -> None:
    """The upgrade (with its backup) must run before any read: the quick path declines."""
    path = make_office(tmp_path, county=False)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0005'")
    assert first_page.QuickReader.open(path) is None
    assert first_page.read_first_page(path, LEDGERS["inspections"]) is None


def test_no_file_a_damaged_file_or_no_office_take_the_full_path(tmp_path: Path) -> None:
    assert first_page.QuickReader.open(tmp_path / "missing.sqlite3") is None
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"not a database at all" * 100)
    assert first_page.QuickReader.open(damaged) is None
    path = make_office(tmp_path, county=False)
    with sqlite3.connect(path) as connection:
        connection.execute("DELETE FROM installation")
    assert first_page.read_first_page(path, LEDGERS["inspections"]) is None


def test_a_locked_database_takes_the_full_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process holding the file exclusively: the quick read gives up quickly and the
    full path explains (its Chinese message)."""
    path = make_office(tmp_path, county=False)
    monkeypatch.setattr(first_page, "OPEN_TIMEOUT_S", 0.05)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=DELETE")
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert first_page.read_first_page(path, LEDGERS["inspections"]) is None
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_the_quick_read_never_writes(tmp_path: Path) -> None:
    path = make_office(tmp_path, county=False)
    found = first_page.read_first_page(path, LEDGERS["inspections"])
    assert found is not None
    reader, _page = found
    with pytest.raises(sqlite3.OperationalError):
        reader.connection.execute("DELETE FROM inspections")
    reader.close()


def test_light_names_equal_the_models() -> None:
    spec = LEDGERS["inspections"]
    assert spec.model is models.Inspection
    assert all(spec.model.__tablename__ == name for name, spec in LEDGERS.items())
    assert replace(spec).model is models.Inspection


def test_the_first_page_loads_no_sqlalchemy() -> None:
    probe = (
        "import sys\n"
        "import desktop.services.first_page, desktop.ui.quick_start\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')"
        " or m.startswith('desktop.models')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"
