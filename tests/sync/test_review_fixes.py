"""Regression tests from a correctness review of the sync core."""

from __future__ import annotations

import sqlite3
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from desktop.errors import ValidationError
from desktop.ids import uuid7
from desktop.models import Project, SyncConflict
from desktop.services.ledger import LedgerService
from desktop.services.validation import parse_period
from desktop.sync import export, importer
from tests.sync.conftest import World
from tests.sync.helpers import TOWNSHIP_B, Parts, identity_of


def _reference_with(world: World, tmp_path: Path, column: str, value: object) -> Path:
    county = world.county.copy_to(tmp_path / "county")
    with county.open() as (database, office):
        genuine = export.export_data(database, office, tmp_path / "out").path
    parts = Parts.of(genuine.read_bytes())
    rows = parts.rows("targets")
    rows[0]["hlc"] = int(time.time() * 1000) << 16
    rows[0][column] = value
    parts.set_rows("targets", rows)
    forged = tmp_path / "edited.qdpkg"
    forged.write_bytes(parts.signed_by(identity_of(county)).to_bytes())
    return forged


def test_reference_integers_out_of_range_are_rejected_not_crashing(
    world: World, tmp_path: Path
) -> None:
    township = world.a.copy_to(tmp_path / "a")
    for column, value in (("sort_order", 2**63 + 5), ("sort_order", 2**40), ("hlc", 2**62)):
        path = _reference_with(world, tmp_path / f"{column}{value}", column, value)
        before = township.sha256()
        with township.open() as (database, office):
            result = importer.import_package(database, office, path)
        assert result.status == importer.STATUS_REJECTED, (column, value, result.as_dict())
        assert result.reason_code == "invalid_rows"
        assert township.sha256() == before


def test_a_record_id_reused_in_another_table_cannot_close_anothers_conflict(
    world: World, tmp_path: Path
) -> None:
    """Versions and conflicts are per table and owner: A's inspection with the id of B's
    enterprise must not settle B's open conflict on that enterprise."""
    county = world.county.copy_to(tmp_path / "county")
    lost_hlc = 12345
    with county.open() as (database, _office), database.session() as session:
        session.add(
            SyncConflict(
                id=uuid7(),
                table_name="enterprises",
                record_id=world.b_record,
                owner=TOWNSHIP_B,
                lost_hlc=lost_hlc,
                lost_origin=str(uuid7()),
                lost_base_hlc=None,
                lost_by="乙",
                lost_at=datetime(2026, 9, 1, 9),
                lost_data={"id": world.b_record},
                winner_hlc=lost_hlc + 1,
                winner_origin=str(uuid7()),
                package_sha256="0" * 64,
                detected_at=datetime(2026, 9, 2, 9),
                status="open",
                resolved_by=None,
                resolved_at=None,
                resolution=None,
            )
        )
    row = Parts.of(world.a1.read_bytes()).rows("inspections")[0]
    row["id"] = world.b_record
    for version, fields in enumerate(({}, {"hlc": row["hlc"] + 1, "base_hlc": lost_hlc})):
        parts = Parts.of(world.a1.read_bytes())
        parts.set_rows("inspections", [{**row, **fields}])
        path = tmp_path / f"a{version}.qdpkg"
        path.write_bytes(parts.signed_by(identity_of(world.a)).to_bytes())
        with county.open() as (database, office):
            importer.import_package(database, office, path)
    with county.open() as (database, _office), database.session() as session:
        still_open = session.scalars(
            select(SyncConflict.record_id).where(
                SyncConflict.owner == TOWNSHIP_B, SyncConflict.status == "open"
            )
        ).all()
    assert still_open == [world.b_record]


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


def test_a_trailing_newline_does_not_pass_a_pattern_check(world: World, tmp_path: Path) -> None:
    """``$`` also matches before a final newline: ids, origins and periods must match whole."""
    for column in ("id", "origin"):
        county = world.county.copy_to(tmp_path / column / "county")
        parts = Parts.of(world.a2.read_bytes())
        rows = parts.rows("enterprises")
        rows[0][column] = str(rows[0][column]) + "\n"
        parts.set_rows("enterprises", rows)
        path = tmp_path / column / "newline.qdpkg"
        path.write_bytes(parts.signed_by(identity_of(world.a)).to_bytes())
        before = county.sha256()
        with county.open() as (database, office):
            result = importer.import_package(database, office, path)
        assert result.reason_code == "invalid_rows", (column, result.as_dict())
        assert county.sha256() == before


def test_manifest_fields_must_match_whole_and_in_ascii(world: World, tmp_path: Path) -> None:
    county = world.county.copy_to(tmp_path / "county")
    before = county.sha256()
    for number, (key, value) in enumerate(
        (
            ("installation_id", None),
            ("period", "２０２６-10"),
        )
    ):
        parts = Parts.of(world.a2.read_bytes())
        parts.manifest[key] = value or str(parts.manifest[key]) + "\n"
        path = tmp_path / f"m{number}.qdpkg"
        path.write_bytes(parts.signed_by(identity_of(world.a)).to_bytes())
        with county.open() as (database, office):
            result = importer.import_package(database, office, path)
        assert result.reason_code == "bad_manifest", (key, result.as_dict())
    assert county.sha256() == before


def test_full_width_digits_in_a_period_are_folded_on_entry() -> None:
    assert parse_period("２０２６-０９") == "2026-09"
    with pytest.raises(ValueError):
        parse_period("٢٠٢٦-09")


def test_text_with_a_nul_character_is_refused(world: World, tmp_path: Path) -> None:
    """PostgreSQL cannot store NUL in text: refuse it on every store, before any write."""
    for column, value in (("name", "茶厂\x00"), ("created_by", "甲\x00")):
        county = world.county.copy_to(tmp_path / column / "county")
        parts = Parts.of(world.a2.read_bytes())
        rows = parts.rows("enterprises")
        rows[0][column] = value
        parts.set_rows("enterprises", rows)
        path = tmp_path / column / "nul.qdpkg"
        path.write_bytes(parts.signed_by(identity_of(world.a)).to_bytes())
        before = county.sha256()
        with county.open() as (database, office):
            result = importer.import_package(database, office, path)
        assert result.reason_code == "invalid_rows", (column, result.as_dict())
        assert county.sha256() == before


def test_a_week_date_is_not_a_date(world: World, tmp_path: Path) -> None:
    """``date.fromisoformat`` reads 2026-W36-1 on Python 3.11; stored as text it broke reads."""
    county = world.county.copy_to(tmp_path / "county")
    parts = Parts.of(world.a1.read_bytes())
    rows = parts.rows("inspections")
    rows[0]["inspection_date"] = "2026-W36-1"
    parts.set_rows("inspections", rows)
    path = tmp_path / "week.qdpkg"
    path.write_bytes(parts.signed_by(identity_of(world.a)).to_bytes())
    before = county.sha256()
    with county.open() as (database, office):
        result = importer.import_package(database, office, path)
    assert result.reason_code == "invalid_rows", result.as_dict()
    assert county.sha256() == before


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


def test_a_township_cannot_attach_records_to_another_townships_enterprise(
    world: World, tmp_path: Path
) -> None:
    """An inspection (or certificate) of A naming B's enterprise would change B's figures."""
    county = world.county.copy_to(tmp_path / "county")
    parts = Parts.of(world.a1.read_bytes())
    rows = parts.rows("inspections")
    rows[0]["enterprise_id"] = world.b_record
    parts.set_rows("inspections", rows)
    path = tmp_path / "attach.qdpkg"
    path.write_bytes(parts.signed_by(identity_of(world.a)).to_bytes())
    before = county.sha256()
    with county.open() as (database, office):
        result = importer.import_package(database, office, path)
    assert result.reason_code == "foreign_record", result.as_dict()
    assert county.sha256() == before


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


def test_a_month_far_in_the_future_is_refused_on_entry_and_on_import(
    world: World, tmp_path: Path
) -> None:
    township = world.a.copy_to(tmp_path / "a")
    with township.open() as (database, office), database.session() as session:
        project = session.scalars(select(Project.id).where(Project.deleted.is_(False))).first()
    with township.open() as (database, office), pytest.raises(ValidationError) as error:
        LedgerService(database, office).create(
            "project_progress", {"project_id": project, "period": "2099-01", "percent_complete": 5}
        )
    assert [e.code for e in error.value.errors] == ["date_range"]
    county = world.county.copy_to(tmp_path / "county")
    parts = Parts.of(world.a1.read_bytes())
    rows = parts.rows("project_progress")
    rows[0]["period"] = "2099-01"
    parts.set_rows("project_progress", rows)
    path = tmp_path / "future.qdpkg"
    path.write_bytes(parts.signed_by(identity_of(world.a)).to_bytes())
    with county.open() as (database, office):
        result = importer.import_package(database, office, path)
    assert result.reason_code == "invalid_rows", result.as_dict()
