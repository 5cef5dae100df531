"""Writing a data package (desktop/sync/export.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import text

from desktop.db import Database
from desktop.models import LEDGER_MODELS
from desktop.services import demo
from desktop.services.ledger import LedgerService
from desktop.services.office import Office
from desktop.sync import export
from desktop.sync.rows import ledger_columns
from desktop.sync.summary import SummaryData
from tests.sync.conftest import World


def test_an_export_reads_every_ledger_in_one_transaction(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit committed between two ledgers' reads (the clerk keeps working while the package
    is written) could fall below the package's ``hlc_to`` unexported: nobody may write then."""
    township = world.a.copy_to(tmp_path / "a")
    real = export.ledger_member
    outcomes: list[str] = []

    def between_tables(*args: Any, **kwargs: Any) -> Any:
        if not outcomes:
            other = sqlite3.connect(township.db_file, timeout=0)
            try:
                other.execute("UPDATE installation SET hlc_last = hlc_last")
                other.commit()
                outcomes.append("written")
            except sqlite3.OperationalError as error:
                outcomes.append(str(error))
            finally:
                other.close()
        return real(*args, **kwargs)

    monkeypatch.setattr(export, "ledger_member", between_tables)
    with township.open() as (database, office):
        export.export_data(database, office, tmp_path / "out", period="2026-10")
    assert outcomes == ["database is locked"]


def _objects(data: bytes) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in data.splitlines()]


def _summary() -> SummaryData:
    return SummaryData("清单", "FP", 1, "2026-10", False)


def _shown(summary: SummaryData) -> list[tuple[str, ...]]:
    """The summary's lines as the workbook shows them (the time of change with a space)."""
    return [
        (c.ledger, c.action, c.title, c.updated_by, c.updated_at.replace("T", " "), c.record_id)
        for c in summary.changes
    ]


def test_sql_written_rows_equal_the_generic_path(township_db: tuple[Database, Office]) -> None:
    """On SQLite each row's wire object is written by SQL (json_object); any other database
    goes through SQLAlchemy and orjson. Both give the same objects, object for object."""
    database, office = township_db
    demo.generate(database, office, 120, 9)
    service = LedgerService(database, office)
    with database.session() as session:
        project = session.execute(text("SELECT id FROM projects LIMIT 1")).scalar_one()
        # awkward values: a float needing 17 digits, a time with a fraction, a NULL float
        session.execute(
            text("UPDATE project_progress SET investment_to_date = 0.1 + 0.2 WHERE rowid = 1")
        )
        session.execute(
            text("UPDATE project_progress SET investment_to_date = NULL WHERE rowid = 2")
        )
        session.execute(
            text("UPDATE inspections SET updated_at = '2026-10-02 08:15:30.250000' WHERE rowid = 1")
        )
    service.update(project, {"notes": "改过一次"})
    service.update(project, {"notes": "改过两次"})  # its base is then relabelled
    with database.engine.connect() as connection:
        mark = int(connection.execute(text("SELECT max(hlc) FROM projects")).scalar_one()) - 1
        for table in LEDGER_MODELS:
            columns = list(ledger_columns(table))
            for since, full in ((0, True), (mark, False), (0, False)):
                fast, generic = _summary(), _summary()
                sql_member, sql_top = export.ledger_member(
                    connection, table, office.owner, since, full, fast, office.installation_id
                )
                generic_member, generic_top = export._generic_member(
                    connection,
                    table,
                    columns,
                    office.owner,
                    since,
                    full,
                    generic,
                    office.installation_id,
                )
                assert sql_member.records == generic_member.records, table
                assert _objects(sql_member.data) == _objects(generic_member.data), table
                assert sql_top == generic_top, table
                assert _shown(fast) == _shown(generic), table
    with database.engine.connect() as connection:
        line = export.ledger_member(connection, "project_progress", office.owner, 0, True)[0]
        assert b"0.30000000000000004" in line.data
