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


def test_a_county_of_the_previous_release_keeps_its_pinned_township_keys(tmp_path: Path) -> None:
    """Migration 0006 turns each pinned township key into an active roster entry bound to the
    installation that sent the township's latest package; later packages keep merging."""
    import sqlite3

    from desktop.models import SyncInstallation, SyncTrust
    from desktop.sync import keys, package

    folder = tmp_path / "county"
    folder.mkdir()
    shutil.copy(FIXTURES / "county.sqlite3", database_path(folder))
    manifest = package.read(
        (FIXTURES / "data.qdpkg").read_bytes(), None
    ).manifest  # what the old county pinned on first use
    with sqlite3.connect(database_path(folder)) as connection:
        connection.execute(
            "INSERT INTO sync_trust (owner, verify_key, box_public_key, fingerprint, method, "
            "pinned_at, pinned_by) VALUES (?, ?, NULL, ?, 'first_use', '2026-10-03 09:00:00', "
            "'县办')",
            (
                manifest.owner,
                keys.b64(manifest.verify_key),
                keys.fingerprint(manifest.verify_key),
            ),
        )
        connection.execute(
            "INSERT INTO sync_inbox (manifest_sha256, kind, owner, installation_id, sequence, "
            "previous_sha256, period, nothing_to_report, created_at, imported_at, imported_by, "
            "file_name, records, summary) VALUES (?, 'data', ?, ?, 1, NULL, '2026-09', 0, "
            "'2026-10-02 09:00:00', '2026-10-03 09:00:00', '县办', 'x.qdpkg', 50, '{}')",
            ("0" * 64, manifest.owner, manifest.installation_id),
        )
    database = dbmod.Database.for_data_dir(folder)
    dbmod.upgrade(database)
    with database.session() as session:
        row = session.get(SyncInstallation, manifest.key_id)
        assert row is not None and row.status == "active"
        assert row.installation_id == manifest.installation_id and row.last_sequence == 1
        assert session.get(SyncTrust, manifest.owner) is None
    database.dispose()
    county = Site(folder)
    with county.open() as (database, office):
        result = importer.import_package(database, office, FIXTURES / "nothing.qdpkg")
    assert result.status == importer.STATUS_MERGED and result.key == "pinned"
