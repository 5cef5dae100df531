"""Packages of every schema revision this release reads keep importing; newer columns travel."""

from __future__ import annotations

from pathlib import Path

from desktop.sync import importer, package
from desktop.sync.rows import COLUMNS_ADDED
from tests.sync.conftest import World
from tests.sync.helpers import Parts, identity_of, make_site, table_rows


def _as_schema_0002(world: World, tmp_path: Path) -> Path:
    """Township A's second package as the previous release wrote it (no columns of 0004)."""
    parts = Parts.of(world.a1.read_bytes())
    parts.manifest["schema_version"] = "0002"
    for table, columns in COLUMNS_ADDED["0004"].items():
        if f"{table}.jsonl" not in parts.members:
            continue
        rows = parts.rows(table)
        for row in rows:
            for column in columns:
                del row[column]
        parts.set_rows(table, rows)
    path = tmp_path / "old.qdpkg"
    path.write_bytes(parts.signed_by(identity_of(world.a)).to_bytes())
    return path


def test_a_package_of_schema_0002_imports_with_the_new_columns_empty(
    world: World, tmp_path: Path
) -> None:
    county = make_site(tmp_path / "county", None)
    path = _as_schema_0002(world, tmp_path)
    with county.open() as (database, office):
        result = importer.import_package(database, office, path)
    assert result.status == importer.STATUS_MERGED, result.as_dict()
    rows = table_rows(county.db_file, "SELECT food_category, report_number FROM inspections")
    assert rows and set(rows) == {(None, None)}


def test_this_release_writes_the_newest_schema() -> None:
    assert package.SCHEMA_VERSION == "0005"  # 0005: plans in the reference package
    assert "0002" in package.SCHEMA_VERSIONS and "0004" in package.SCHEMA_VERSIONS
