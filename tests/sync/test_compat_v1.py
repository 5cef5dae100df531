"""Packages written by the release before several installations per township still import.

The files in ``tests/fixtures/packages_v1/`` were written once by that release (format 1, row
schema 0002, see its README). Every later release must import them into the databases of that
release (upgraded on open) with the same outcome as then, and must never rewrite them.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from desktop import db as dbmod
from desktop.paths import database_path
from desktop.services import stats
from desktop.sync import importer
from tests.sync.helpers import Site

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "packages_v1"
EXPECTED: dict[str, Any] = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
SHA256 = {
    name: hashlib.sha256((FIXTURES / name).read_bytes()).hexdigest()
    for name in ("data.qdpkg", "nothing.qdpkg", "sealed.qdpkg", "reference.qdpkg", "receipt.qdpkg")
}


def _site(name: str, folder: Path) -> Site:
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / name, database_path(folder))
    database = dbmod.Database.for_data_dir(folder)
    dbmod.upgrade(database)
    database.dispose()
    return Site(folder)


def _import(site: Site, names: list[str]) -> list[dict[str, Any]]:
    results = []
    with site.open() as (database, office):
        for name in names:
            result = importer.import_package(database, office, FIXTURES / name)
            assert result.status == importer.STATUS_MERGED, (name, result.reason_en)
            results.append({"file": name, "status": result.status, "totals": result.totals})
    return [{**r, "totals": r["totals"].as_dict()} for r in results]


def test_stored_files_are_what_the_previous_release_wrote() -> None:
    for name in SHA256:
        raw = (FIXTURES / name).read_bytes()
        if name == "sealed.qdpkg":
            assert raw.startswith(b"QDSEALED1\n")
            continue
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            manifest = json.loads(archive.read("manifest.json"))
        assert (manifest["format_version"], manifest["schema_version"]) == (1, "0002")


def test_township_packages_import_at_the_county(tmp_path: Path) -> None:
    county = _site("county.sqlite3", tmp_path / "county")
    results = _import(county, ["data.qdpkg", "nothing.qdpkg", "sealed.qdpkg"])
    assert results == EXPECTED["at_county"]
    with county.open() as (database, office):
        for name in ("data.qdpkg", "sealed.qdpkg"):
            again = importer.import_package(database, office, FIXTURES / name)
            assert again.status == importer.STATUS_ALREADY
        with database.session() as session:
            counts = stats.record_counts(session)
    expected = EXPECTED["county_stats"]
    township = "330329100000"
    assert counts["by_owner"][township] == expected["by_owner"][township]


def test_county_packages_import_at_the_township(tmp_path: Path) -> None:
    township = _site("township.sqlite3", tmp_path / "township")
    with township.open() as (database, office):
        reference = importer.import_package(database, office, FIXTURES / "reference.qdpkg")
        receipt = importer.import_package(database, office, FIXTURES / "receipt.qdpkg")
    for result, want in zip((reference, receipt), EXPECTED["at_township"], strict=True):
        assert result.status == want["status"], result.reason_en
        assert result.totals.as_dict() == want["totals"]
    assert [row["held_by_county"] for row in receipt.receipt] == [True, True, True]


def test_data_packages_import_at_a_fresh_county(tmp_path: Path) -> None:
    """Self-contained: a county set up today trusts the old township key on first use."""
    from tests.sync.helpers import make_site

    county = make_site(tmp_path / "fresh", None)
    with county.open() as (database, office):
        for name in ("data.qdpkg", "nothing.qdpkg"):
            result = importer.import_package(database, office, FIXTURES / name)
            assert result.status == importer.STATUS_MERGED, result.reason_en
        assert result.key in ("first_use", "pinned")


@pytest.mark.parametrize("name", sorted(SHA256))
def test_fixture_files_never_change(name: str) -> None:
    recorded = json.loads((FIXTURES / "sha256.json").read_text(encoding="utf-8"))
    assert SHA256[name] == recorded[name]
