"""Module-wide offices for sync tests: two townships with records and a county that has merged
their first packages. Tests copy the database files they change."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.services import demo
from desktop.services.ledger import LedgerService
from desktop.sync import export, importer
from tests.sync.helpers import TOWNSHIP_A, TOWNSHIP_B, Site, make_site


@dataclass
class World:
    """Township A (two packages: #1 imported at the county, #2 not), township B, the county."""

    a: Site
    b: Site
    county: Site
    a1: Path
    a2: Path
    b1: Path
    b_record: str


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("world")
    a, b, county = make_site(root / "a", TOWNSHIP_A), make_site(root / "b", TOWNSHIP_B), None
    county = make_site(root / "county", None)
    out = root / "packages"
    with a.open() as (database, office):
        demo.generate(database, office, 40, 3)
        a1 = export.export_data(database, office, out, period="2026-09").path
        service = LedgerService(database, office)
        created = service.create(
            "enterprises", {"credit_code": "91330329MA2H00006J", "name": "泰顺县测试茶业有限公司"}
        )
        service.update(created.record["id"], {"address": "罗阳镇新城路1号"})
        a2 = export.export_data(database, office, out, period="2026-10").path
    with b.open() as (database, office):
        demo.generate(database, office, 15, 4)
        b1 = export.export_data(database, office, out, period="2026-09").path
        with database.session() as session:
            from sqlalchemy import select

            from desktop.models import Enterprise

            b_record = str(session.scalars(select(Enterprise.id)).first())
    with county.open() as (database, office):
        for path in (a1, b1):
            assert importer.import_package(database, office, path).status == "merged"
    yield World(a, b, county, a1, a2, b1, b_record)
