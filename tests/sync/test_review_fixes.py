"""Regression tests from a correctness review of the sync core."""

from __future__ import annotations

import time
from pathlib import Path

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
