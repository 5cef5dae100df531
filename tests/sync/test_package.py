"""Reading a package's manifest (desktop/sync/package.py): fields match whole and in ASCII."""

from __future__ import annotations

from pathlib import Path

from desktop.sync import importer
from tests.sync.conftest import World
from tests.sync.helpers import Parts, identity_of


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
