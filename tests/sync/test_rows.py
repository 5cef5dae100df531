"""Row checks of package members (desktop/sync/rows.py): every value is checked before any write."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.errors import ValidationError
from desktop.models import Project
from desktop.services.ledger import LedgerService
from desktop.sync import export, importer
from tests.sync.conftest import World
from tests.sync.helpers import Parts, identity_of


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
