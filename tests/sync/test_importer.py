"""Importing a package (desktop/sync/importer.py): what a township accepted reaches the county,
and the import is one transaction from its first read."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from desktop.ids import owned_id
from desktop.services.ledger import LedgerService
from desktop.sync import export, importer
from tests.sync.conftest import World
from tests.sync.helpers import TOWNSHIP_B, Parts, identity_of, logical_dump, make_site


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


def _import(folder: Path, package_file: Path) -> importer.ImportResult:
    site = make_site(folder, None)
    with site.open() as (database, office):
        return importer.import_package(database, office, package_file)


def _ledger_rows(dump: list[str]) -> list[str]:
    """The ledger rows, in any order (rows are written in key order a chunk at a time)."""
    stable = ('INSERT INTO "enterprises"', 'INSERT INTO "inspections"', 'INSERT INTO "certif')
    return sorted(line for line in dump if line.startswith(stable))


def test_small_chunks_merge_the_same_rows(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = _import(tmp_path / "whole", world.a1)
    monkeypatch.setattr(importer, "MERGE_CHUNK", 7)
    chunked = _import(tmp_path / "chunked", world.a1)
    assert whole.status == chunked.status == "merged"
    assert whole.as_dict()["tables"] == chunked.as_dict()["tables"]
    assert chunked.totals.created > 7
    assert _ledger_rows(logical_dump(tmp_path / "chunked" / "quality-desk.sqlite3")) == (
        _ledger_rows(logical_dump(tmp_path / "whole" / "quality-desk.sqlite3"))
    )


def test_a_record_repeated_in_a_later_chunk_rejects_the_package(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts = Parts.of(world.a1.read_bytes())
    rows = parts.rows("inspections")
    assert len(rows) > 8
    parts.set_rows("inspections", [*rows, rows[0]])
    bad = tmp_path / "repeated.qdpkg"
    bad.write_bytes(parts.signed_by(identity_of(world.a)).to_bytes())
    monkeypatch.setattr(importer, "MERGE_CHUNK", 5)
    site = make_site(tmp_path / "county", None)
    before = logical_dump(site.db_file)
    with site.open() as (database, office):
        result = importer.import_package(database, office, bad)
    assert result.status == "rejected"
    assert result.reason_code == "duplicate_record", result.as_dict()
    assert logical_dump(site.db_file) == before


Edit = Callable[[dict[str, list[dict[str, Any]]]], None]


def _late_invalid(rows: dict[str, list[dict[str, Any]]]) -> None:
    for row in rows["inspections"][-7:]:  # more than five, in two chunks
        row["result"] = "galaxy"


def _foreign_id_early(rows: dict[str, list[dict[str, Any]]]) -> None:
    rows["enterprises"][0]["id"] = owned_id(TOWNSHIP_B)


def _foreign_township_early(rows: dict[str, list[dict[str, Any]]]) -> None:
    rows["enterprises"][0]["township_code"] = TOWNSHIP_B


def _unknown_category_late(rows: dict[str, list[dict[str, Any]]]) -> None:
    rows["inspections"][-1]["category_code"] = "INS_NO_SUCH_KIND"


def _repeated_late(rows: dict[str, list[dict[str, Any]]]) -> None:
    rows["enterprises"].append(dict(rows["enterprises"][0]))


DEFECTS: dict[str, tuple[str, tuple[Edit, ...]]] = {
    "invalid rows across chunks": ("invalid_rows", (_late_invalid,)),
    "late invalid rows before an early foreign id": (
        "invalid_rows",
        (_foreign_id_early, _late_invalid),
    ),
    "a foreign township before a later unknown category": (
        "foreign_township",
        (_unknown_category_late, _foreign_township_early),
    ),
    "an unknown category before a record repeated": (
        "invalid_rows",
        (_repeated_late, _unknown_category_late),
    ),
    "a foreign id before a record repeated": ("foreign_id", (_repeated_late, _foreign_id_early)),
}


@pytest.mark.parametrize("case", list(DEFECTS))
def test_chunks_reject_as_a_check_of_the_whole_package_does(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    """With several defects in different chunks the rejection is the one (and the rows named
    are the ones) a check of the whole package before any write gives."""
    code, edits = DEFECTS[case]
    parts = Parts.of(world.a1.read_bytes())
    rows = {table: parts.rows(table) for table in ("enterprises", "inspections")}
    for edit in edits:
        edit(rows)
    for table, table_rows in rows.items():
        parts.set_rows(table, table_rows)
    bad = tmp_path / "defects.qdpkg"
    bad.write_bytes(parts.signed_by(identity_of(world.a)).to_bytes())
    results = []
    for chunk in (10**6, 3):
        monkeypatch.setattr(importer, "MERGE_CHUNK", chunk)
        county = world.county.copy_to(tmp_path / f"county-{chunk}")
        before = county.sha256()
        with county.open() as (database, office):
            result = importer.import_package(database, office, bad)
        assert result.reason_code == code, result.as_dict()
        assert county.sha256() == before
        results.append(result.as_dict())
    assert results[0] == results[1]
    if code == "invalid_rows" and "across" in case:
        assert len(results[1]["rejected_rows"]) == 5
