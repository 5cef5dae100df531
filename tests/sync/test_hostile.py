"""Hostile packages: each is rejected whole, with a one-line reason, the database untouched.

Every case imports into a fresh copy of the county database and compares the file's SHA-256
before and after.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from desktop.sync import importer, keys
from tests.sync.conftest import World
from tests.sync.helpers import (
    CD_HEADER_OFFSET,
    CD_UNCOMPRESSED_SIZE,
    TOWNSHIP_B,
    Parts,
    fresh_identity,
    identity_of,
    local_header_offset,
    patch_central_directory,
)

Builder = Callable[[World], bytes]


def a2(world: World) -> Parts:
    return Parts.of(world.a2.read_bytes())


def a1(world: World) -> Parts:
    return Parts.of(world.a1.read_bytes())


def signed(world: World, parts: Parts) -> bytes:
    return parts.signed_by(identity_of(world.a)).to_bytes()


def edit_rows(table: str, change: Callable[[list[dict[str, object]]], None], base: str = "a2"):
    def build(world: World) -> bytes:
        parts = a2(world) if base == "a2" else a1(world)
        rows = parts.rows(table)
        change(rows)
        parts.set_rows(table, rows)
        return signed(world, parts)

    return build


def edit_manifest(change: Callable[[dict[str, object]], None], resign: bool = True) -> Builder:
    def build(world: World) -> bytes:
        parts = a2(world)
        change(parts.manifest)
        return signed(world, parts) if resign else parts.to_bytes()

    return build


def with_entries(entries: Callable[[Parts], list[tuple[str, bytes]]]) -> Builder:
    def build(world: World) -> bytes:
        parts = a2(world)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return parts.to_bytes(entries(parts))

    return build


def tampered_member(world: World) -> bytes:
    parts = a2(world)
    name = "enterprises.jsonl"
    parts.members[name] = parts.members[name].replace("测试".encode(), "篡改".encode())
    return parts.to_bytes()


def bad_signature_bytes(world: World) -> bytes:
    parts = a2(world)
    parts.signature = bytes(64)
    return parts.to_bytes()


def signed_by_other_key_claiming_a(world: World) -> bytes:
    parts = a2(world)
    parts.signature = fresh_identity().sign(parts.manifest_bytes())
    return parts.to_bytes()


def different_key_than_enrolled(world: World) -> bytes:
    return a2(world).signed_by(fresh_identity()).to_bytes()


def unknown_township(world: World) -> bytes:
    parts = a2(world)
    parts.manifest["owner"] = "330329999999"
    rows = parts.rows("enterprises")
    for row in rows:
        row["owner"] = "330329999999"
    parts.set_rows("enterprises", rows)
    return parts.signed_by(fresh_identity()).to_bytes()


def wrong_key_id(world: World) -> bytes:
    identity = identity_of(world.a)
    parts = a2(world).signed_by(identity)
    parts.manifest["key_id"] = "0" * 32
    parts.signature = identity.sign(parts.manifest_bytes())
    return parts.to_bytes()


def unknown_zip_version(world: World) -> bytes:
    """A central directory entry claiming "version needed to extract" 6.4, which zipfile
    refuses with NotImplementedError (found by the reader fuzz)."""
    raw = bytearray(world.a2.read_bytes())
    entry = raw.index(b"PK\x01\x02")
    raw[entry + 6 : entry + 8] = (64).to_bytes(2, "little")
    return bytes(raw)


def truncated(world: World) -> bytes:
    raw = world.a2.read_bytes()
    return raw[: len(raw) // 2]


def ratio_bomb(world: World) -> bytes:
    parts = a2(world)
    parts.set_member("inspections.jsonl", b" " * (4 * 1024 * 1024) + b"\n", records=1)
    return signed(world, parts)


def declared_size_bomb(world: World) -> bytes:
    raw = signed(world, a2(world))
    return patch_central_directory(raw, "enterprises.jsonl", CD_UNCOMPRESSED_SIZE, 300 * 2**20)


def actual_size_differs_from_declared(world: World) -> bytes:
    raw = signed(world, a2(world))
    return patch_central_directory(raw, "enterprises.jsonl", CD_UNCOMPRESSED_SIZE, 10)


def overlapping_entries(world: World) -> bytes:
    parts = a2(world)
    parts.set_member("inspections.jsonl", b"")
    raw = signed(world, parts)
    target = local_header_offset(raw, "enterprises.jsonl")
    return patch_central_directory(raw, "inspections.jsonl", CD_HEADER_OFFSET, target)


def overlong_line(world: World) -> bytes:
    parts = a2(world)
    rows = parts.rows("enterprises")
    rows[0]["notes"] = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(30_000))
    parts.set_rows("enterprises", rows)
    return signed(world, parts)


def wrong_count(world: World) -> bytes:
    parts = a2(world)
    parts.set_member("enterprises.jsonl", parts.members["enterprises.jsonl"], records=7)
    return signed(world, parts)


def malformed_json(world: World) -> bytes:
    parts = a2(world)
    parts.set_member("enterprises.jsonl", b'{"id": "x", \n')
    return signed(world, parts)


def sealed_to_someone_else(world: World) -> bytes:
    return keys.seal(world.a2.read_bytes(), fresh_identity().box_public_key)


def member_missing(world: World) -> bytes:
    parts = a2(world)
    parts.set_member("inspections.jsonl", b"")
    parts.signed_by(identity_of(world.a))
    return parts.to_bytes([(n, d) for n, d in parts.members.items() if n != "inspections.jsonl"])


def _set(row_key: str, value: object) -> Callable[[list[dict[str, object]]], None]:
    def change(rows: list[dict[str, object]]) -> None:
        rows[0][row_key] = value

    return change


def rewrite_b_record(world: World) -> bytes:
    parts = a2(world)
    rows = parts.rows("enterprises")
    rows[0]["id"] = world.b_record
    parts.set_rows("enterprises", rows)
    return signed(world, parts)


def refer_to_b(unseen: bool) -> Callable[[World], bytes]:
    """An inspection of A naming B's enterprise (or one of B's the county has not seen yet)."""

    def build(world: World) -> bytes:
        from desktop.ids import owned_id

        parts = a1(world)
        rows = parts.rows("inspections")
        rows[0]["enterprise_id"] = owned_id(TOWNSHIP_B) if unseen else world.b_record
        parts.set_rows("inspections", rows)
        return signed(world, parts)

    return build


def _duplicate(rows: list[dict[str, object]]) -> None:
    rows.append(dict(rows[0]))


def _extra_column(rows: list[dict[str, object]]) -> None:
    rows[0]["evil"] = 1


CASES: dict[str, tuple[Builder, str]] = {
    "tampered member": (tampered_member, "tampered_member"),
    "tampered manifest": (
        edit_manifest(lambda m: m.update(period="2026-01"), resign=False),
        "bad_signature",
    ),
    "signature bytes zeroed": (bad_signature_bytes, "bad_signature"),
    "signed by another key than stated": (signed_by_other_key_claiming_a, "bad_signature"),
    "key different from the enrolled one": (different_key_than_enrolled, "key_changed"),
    "key id does not match the key": (wrong_key_id, "bad_manifest"),
    "unknown township": (unknown_township, "unknown_township"),
    "rows owned by another township": (
        edit_rows("enterprises", _set("owner", TOWNSHIP_B)),
        "invalid_rows",
    ),
    "rows of another township's territory": (
        edit_rows("enterprises", _set("township_code", TOWNSHIP_B)),
        "foreign_township",
    ),
    "overwrites another township's record": (rewrite_b_record, "foreign_id"),
    "refers to another township's record": (refer_to_b(False), "foreign_record"),
    "refers to a record of another township not yet here": (refer_to_b(True), "foreign_record"),
    "unknown schema version": (
        edit_manifest(lambda m: m.update(schema_version="0999")),
        "schema_version",
    ),
    "newer format version": (edit_manifest(lambda m: m.update(format_version=3)), "format_version"),
    "truncated file": (truncated, "not_a_zip"),
    "unknown zip version": (unknown_zip_version, "not_a_zip"),
    "not a zip": (lambda world: b"this is a letter, not a package", "not_a_zip"),
    "empty file": (lambda world: b"", "not_a_zip"),
    "absolute path": (
        with_entries(lambda p: [*p.members.items(), ("/etc/passwd", b"x")]),
        "bad_member_name",
    ),
    "dot-dot path": (
        with_entries(lambda p: [*p.members.items(), ("../evil.jsonl", b"x")]),
        "bad_member_name",
    ),
    "backslash path": (
        with_entries(lambda p: [*p.members.items(), ("a\\b.jsonl", b"x")]),
        "bad_member_name",
    ),
    "drive letter": (
        with_entries(lambda p: [*p.members.items(), ("C:evil.jsonl", b"x")]),
        "bad_member_name",
    ),
    "duplicate entries": (
        with_entries(lambda p: [*p.members.items(), *p.members.items()]),
        "duplicate_member",
    ),
    "unexpected member": (
        with_entries(lambda p: [*p.members.items(), ("run.exe", b"MZ")]),
        "unexpected_member",
    ),
    "missing signature": (lambda world: _without_signature(world), "missing_manifest"),
    "member listed but absent": (member_missing, "member_mismatch"),
    "zip bomb: extreme ratio": (ratio_bomb, "zip_bomb"),
    "zip bomb: declared size over cap": (declared_size_bomb, "zip_bomb"),
    "zip bomb: overlapping entries": (overlapping_entries, "zip_bomb"),
    "actual size differs from the declared one": (actual_size_differs_from_declared, "bad_zip"),
    "overlong line": (overlong_line, "line_too_long"),
    "wrong count": (wrong_count, "wrong_count"),
    "malformed JSON": (malformed_json, "bad_json"),
    "invalid choice value": (edit_rows("enterprises", _set("tier", "galaxy")), "invalid_rows"),
    "extra column": (edit_rows("enterprises", _extra_column), "invalid_rows"),
    "duplicate record": (edit_rows("enterprises", _duplicate), "duplicate_record"),
    "far-future inspection date": (
        edit_rows("inspections", _set("inspection_date", "2099-01-01"), base="a1"),
        "invalid_rows",
    ),
    "clock far in the future": (edit_rows("enterprises", _set("hlc", 2**62)), "invalid_rows"),
    "unknown category": (
        edit_rows("inspections", _set("category_code", "INS_NO_SUCH_KIND"), base="a1"),
        "invalid_rows",
    ),
    "manifest from the future": (
        edit_manifest(lambda m: m.update(created_at="2099-01-01T00:00:00")),
        "future_date",
    ),
    "reference package sent to the county": (
        edit_manifest(lambda m: m.update(kind="reference")),
        "wrong_direction",
    ),
    "sealed to another office": (sealed_to_someone_else, "sealed_wrong_key"),
}


def _without_signature(world: World) -> bytes:
    parts = a2(world)
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", parts.manifest_bytes())
        for name, data in parts.members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_there_are_at_least_25_cases() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_package_is_rejected_whole(world: World, tmp_path: Path, case: str) -> None:
    build, code = CASES[case]
    county = world.county.copy_to(tmp_path / "county")
    before = county.sha256()
    path = tmp_path / "hostile.qdpkg"
    path.write_bytes(build(world))
    with county.open() as (database, office):
        result = importer.import_package(database, office, path)
    assert result.status == importer.STATUS_REJECTED, result.as_dict()
    assert result.reason_code == code, result.as_dict()
    assert (
        result.reason_en and "\n" not in result.reason_en and "\n" not in (result.reason_zh or "")
    )
    assert county.sha256() == before


def test_valid_package_of_the_corpus_merges(world: World, tmp_path: Path) -> None:
    """The unmodified base of the corpus is accepted, so each rejection is due to its defect."""
    county = world.county.copy_to(tmp_path / "county")
    for parts in (a2(world),):
        path = tmp_path / "resigned.qdpkg"
        path.write_bytes(signed(world, parts))
        with county.open() as (database, office):
            result = importer.import_package(database, office, path)
        assert result.status == importer.STATUS_MERGED, result.as_dict()
        assert result.totals.created == 1


def test_rejection_reports_row_problems(world: World, tmp_path: Path) -> None:
    county = world.county.copy_to(tmp_path / "county")
    path = tmp_path / "bad.qdpkg"
    path.write_bytes(edit_rows("enterprises", _set("tier", "galaxy"))(world))
    with county.open() as (database, office):
        result = importer.import_package(database, office, path)
    assert result.rejected_rows and "enterprises.jsonl:1" in result.rejected_rows[0]
    assert orjson.loads(orjson.dumps(result.as_dict()))["reason"]["code"] == "invalid_rows"
