"""The county store on PostgreSQL: the same packages merge to the same ledgers as on SQLite,
conflicts included, and a rejected package leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from desktop import db as dbmod
from desktop.models import Enterprise, Inspection, SyncConflict, SyncInbox
from desktop.services.office import init_office
from desktop.sync import importer
from tests.sync.conftest import World

pytestmark = pytest.mark.postgres


def _snapshot(database: dbmod.Database) -> list[tuple[object, ...]]:
    with database.session() as session:
        rows = [
            (r.id, r.hlc, r.origin, r.base_hlc, r.deleted, r.name)
            for r in session.scalars(select(Enterprise).order_by(Enterprise.id))
        ]
        rows += [
            (r.id, r.hlc, r.inspection_date.isoformat(), r.result, tuple(map(str, r.failing_items)))
            for r in session.scalars(select(Inspection).order_by(Inspection.id))
        ]
        return rows


def test_packages_merge_on_postgresql_like_on_sqlite(
    world: World, pg_url: str, tmp_path: Path
) -> None:
    pg = dbmod.Database(pg_url)
    pg_office = init_office(pg, county=True, operator="县办")
    lite_site = world.county.copy_to(tmp_path / "county")
    with lite_site.open() as (lite, lite_office):
        for path in (world.a1, world.b1, world.a2, world.a1):
            ours = importer.import_package(pg, pg_office, path)
            assert ours.status in ("merged", "already_imported"), ours.as_dict()
            importer.import_package(lite, lite_office, path)
        assert _snapshot(pg) == _snapshot(lite)
        bad = tmp_path / "bad.qdpkg"
        bad.write_bytes(world.a2.read_bytes()[:-40])
        assert importer.import_package(pg, pg_office, bad).status == "rejected"
    with pg.session() as session:
        assert len(list(session.scalars(select(SyncInbox.manifest_sha256)))) == 3
        assert list(session.scalars(select(SyncConflict.id))) == []
    pg.dispose()


def test_concurrent_imports_on_postgresql_serialise(world: World, pg_url: str) -> None:
    """Two clerks import at once on a county server: both merge, nothing is lost or doubled."""
    from concurrent.futures import ThreadPoolExecutor

    pg = dbmod.Database(pg_url)
    office = init_office(pg, county=True, operator="县办")
    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(
            pool.map(
                lambda path: importer.import_package(pg, office, path).status,
                [world.a1, world.b1, world.a1, world.b1],
            )
        )
    assert sorted(outcomes) == ["already_imported", "already_imported", "merged", "merged"]
    with pg.session() as session:
        assert len(list(session.scalars(select(SyncInbox.manifest_sha256)))) == 2
    pg.dispose()
