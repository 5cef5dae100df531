"""``demo --county`` goes through the real pipeline: 19 installations, signed packages, import."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from desktop.models import Enterprise, SyncInbox, SyncInstallation
from desktop.sync import completeness
from desktop.sync.demo import county_demo
from tests.sync.helpers import make_site


def test_county_demo_imports_19_signed_packages(tmp_path: Path) -> None:
    county = make_site(tmp_path / "county", None)
    with county.open() as (database, office):
        results = county_demo(database, office, tmp_path / "work", records=3, seed=1)
        assert len(results) == 19 and {r.status for r in results} == {"merged"}
        assert all(r.package.exists() for r in results)
        with database.session() as session:
            assert session.scalar(select(func.count()).select_from(SyncInbox)) == 19
            assert session.scalar(select(func.count()).select_from(SyncInstallation)) == 19
            owners = session.scalar(select(func.count(func.distinct(Enterprise.owner))))
            assert owners == 19
        grid = completeness.completeness(database)
    assert grid.counts()["received"] == 19
