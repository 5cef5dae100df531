"""Merging package rows (desktop/sync/merge.py): versions and conflicts per table and owner, and
no township reaching into another township's records."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from desktop.ids import uuid7
from desktop.models import SyncConflict
from desktop.sync import importer
from tests.sync.conftest import World
from tests.sync.helpers import TOWNSHIP_B, Parts, identity_of


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
