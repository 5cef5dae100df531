"""Reading a package (desktop/sync/package.py): manifest fields match whole and in ASCII; no JSON
object of the manifest or of a row may name a key twice.

orjson keeps the last of two equal keys; another reader may keep the first, so a signed manifest
naming ``owner`` twice could be read as two different owners.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from desktop.sync import importer, package
from desktop.sync.errors import PackageRejectedError
from tests.sync.conftest import World
from tests.sync.helpers import TOWNSHIP_B, Parts, identity_of


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


def _with_manifest_bytes(world: World, manifest: bytes) -> bytes:
    parts = Parts.of(world.a2.read_bytes())
    identity = identity_of(world.a)
    parts.signature = identity.sign(manifest)
    parts.manifest_bytes = lambda: manifest  # type: ignore[method-assign]
    return parts.to_bytes()


def test_manifest_naming_its_owner_twice_is_rejected(world: World, tmp_path: Path) -> None:
    parts = Parts.of(world.a2.read_bytes())
    text = parts.manifest_bytes().decode()
    twice = text.replace('"owner": "', f'"owner": "{TOWNSHIP_B}",\n  "owner": "', 1)
    assert twice != text
    raw = _with_manifest_bytes(world, twice.encode())
    with pytest.raises(PackageRejectedError) as caught:
        package.read(raw, None, datetime.now())
    assert caught.value.code == "duplicate_key" and "owner" in caught.value.message_en
    county = world.county.copy_to(tmp_path / "county")
    before = county.sha256()
    path = tmp_path / "twice.qdpkg"
    path.write_bytes(raw)
    with county.open() as (database, office):
        result = importer.import_package(database, office, path)
    assert result.status == importer.STATUS_REJECTED and result.reason_code == "duplicate_key"
    assert county.sha256() == before


@pytest.mark.parametrize("key", ["owner", "name", "hlc"])
def test_row_naming_a_key_twice_is_rejected(world: World, key: str) -> None:
    parts = Parts.of(world.a2.read_bytes())
    line = parts.members["enterprises.jsonl"].split(b"\n")[0]
    twice = line[:-1] + b',"' + key.encode() + b'":"x"}\n'
    parts.set_member("enterprises.jsonl", twice)
    raw = parts.signed_by(identity_of(world.a)).to_bytes()
    with pytest.raises(PackageRejectedError) as caught:
        package.read(raw, None, datetime.now())
    assert caught.value.code == "duplicate_key"
    assert "enterprises.jsonl" in caught.value.message_en and key in caught.value.message_en


def test_rows_written_by_another_writer_with_spaces_still_read(world: World) -> None:
    parts = Parts.of(world.a2.read_bytes())
    lines = parts.members["enterprises.jsonl"].split(b"\n")[:-1]
    spaced = b"".join(line.replace(b'":', b'": ').replace(b',"', b', "') + b"\n" for line in lines)
    parts.set_member("enterprises.jsonl", spaced)
    raw = parts.signed_by(identity_of(world.a)).to_bytes()
    assert package.read(raw, None, datetime.now()).rows["enterprises"]
