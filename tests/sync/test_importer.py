"""Importing a package (desktop/sync/importer.py): what a township accepted reaches the county,
and the import is one transaction from its first read."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.services.ledger import LedgerService
from desktop.sync import export, importer
from tests.sync.conftest import World


def test_an_enterprise_accepted_with_a_code_exception_reaches_the_county(
    world: World, tmp_path: Path
) -> None:
    """The entry form accepts an old registration number with a reason; so must the county."""
    township = world.a.copy_to(tmp_path / "a")
    county = world.county.copy_to(tmp_path / "county")
    with township.open() as (database, office):
        LedgerService(database, office).create(
            "enterprises",
            {
                "credit_code": "330329000012345",
                "credit_code_override_reason": "老营业执照注册号",
                "name": "泰顺县老字号茶厂",
            },
        )
        written = export.export_data(database, office, tmp_path / "out", period="2026-10")
    with county.open() as (database, office):
        result = importer.import_package(database, office, written.path)
    assert result.status == importer.STATUS_MERGED, result.as_dict()


def test_an_import_holds_the_write_lock_from_its_first_read(world: World, tmp_path: Path) -> None:
    """pysqlite opens the transaction only at the first write; an import must read the rows
    it merges inside its transaction, so no other writer can change them in between."""
    county = world.county.copy_to(tmp_path / "county")
    with county.open() as (database, office):
        steps = importer.import_steps(database, office, world.a2)
        assert next(steps) == 1  # verified; the merge's reads come next
        other = sqlite3.connect(county.db_file, timeout=0)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("UPDATE installation SET hlc_last = hlc_last")
        finally:
            other.close()
        assert list(steps) == [2, 3]
