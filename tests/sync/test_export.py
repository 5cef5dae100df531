"""Writing a data package (desktop/sync/export.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from desktop.sync import export
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
