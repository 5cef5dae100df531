"""Fuzzing the package reader: whatever the bytes, it returns a package or rejects with a reason.

No other exception may escape (a crash in the reader would be a crash at the county's desk).
"""

from __future__ import annotations

import io
import warnings
import zipfile
from datetime import datetime

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.sync import keys, package
from desktop.sync.errors import PackageRejectedError
from tests.sync.conftest import World
from tests.sync.helpers import Parts, fresh_identity

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
IDENTITY = fresh_identity()


def _read(raw: bytes) -> package.Package | None:
    try:
        return package.read(raw, IDENTITY, datetime.now())
    except PackageRejectedError as error:
        assert error.code and "\n" not in error.message_en
        return None


@pytest.fixture(scope="module")
def valid(world: World) -> bytes:
    return world.a1.read_bytes()


@FUZZ
@given(raw=st.binary(max_size=4096))
def test_random_bytes(raw: bytes) -> None:
    assert _read(raw) is None or raw.startswith(b"PK")


@FUZZ
@given(
    edits=st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 255)), max_size=8),
    cut=st.one_of(st.none(), st.integers(0, 10**9)),
)
def test_mutated_valid_package(valid: bytes, edits: list[tuple[int, int]], cut: int | None) -> None:
    data = bytearray(valid)
    for position, value in edits:
        data[position % len(data)] = value
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    result = _read(bytes(data))
    if result is not None:
        # Only harmless bytes changed (e.g. zip timestamps): the content is what was signed.
        assert result.manifest_sha256 == package.read(valid).manifest_sha256


names = st.one_of(
    st.sampled_from(sorted(package.ALL_MEMBER_NAMES)),
    st.text(min_size=1, max_size=20),
)


@FUZZ
@given(
    entries=st.lists(st.tuples(names, st.binary(max_size=300)), max_size=6),
    manifest=st.dictionaries(
        st.sampled_from(
            ["format", "format_version", "schema_version", "kind", "owner", "sequence", "members"]
        ),
        st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1), st.text(max_size=10), st.booleans()),
    ),
)
def test_random_archives_signed_by_a_real_key(
    entries: list[tuple[str, bytes]], manifest: dict[str, object]
) -> None:
    manifest_bytes = orjson.dumps({"format": package.FORMAT, **manifest})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        archive.writestr(package.MANIFEST, manifest_bytes)
        archive.writestr(package.SIGNATURE, IDENTITY.sign(manifest_bytes))
        for name, data in entries:
            try:
                archive.writestr(name, data)
            except (ValueError, UnicodeEncodeError, IndexError):
                continue  # zipfile itself cannot write that name (e.g. "\x00" truncates to "")
    assert _read(buffer.getvalue()) is None


@FUZZ
@given(lines=st.lists(st.binary(max_size=200), max_size=5))
def test_random_member_lines_correctly_hashed_and_signed(valid: bytes, lines: list[bytes]) -> None:
    parts = Parts.of(valid)
    body = b"".join(line.replace(b"\n", b" ") + b"\n" for line in lines)
    parts.set_member("inspections.jsonl", body)
    raw = parts.signed_by(IDENTITY).to_bytes()
    result = _read(raw)
    if result is not None:
        assert all(isinstance(row, dict) for row in result.rows["inspections"])


# ---- sealed files --------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**64), 2**64),
        st.floats(allow_nan=False),
        st.text(max_size=20),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@pytest.fixture(scope="module")
def sealed(valid: bytes) -> bytes:
    return keys.seal(valid, IDENTITY.box_public_key)


@FUZZ
@given(
    edits=st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 255)), max_size=6),
    cut=st.one_of(st.none(), st.integers(0, 10**9)),
    ephemeral=st.one_of(st.none(), st.binary(min_size=32, max_size=32)),
)
def test_mutated_sealed_file(
    sealed: bytes, edits: list[tuple[int, int]], cut: int | None, ephemeral: bytes | None
) -> None:
    data = bytearray(sealed)
    start = len(keys.SEAL_MAGIC)
    if ephemeral is not None:
        data[start : start + 32] = ephemeral
    for position, value in edits:
        # keep the magic so the sealed path is what gets exercised
        data[start + position % (len(data) - start)] = value
    if cut is not None:
        data = data[: max(start, cut % (len(data) + 1))]
    result = _read(bytes(data))
    if result is not None:
        assert (
            result.sealed
            and result.manifest_sha256 == package.read(sealed, IDENTITY).manifest_sha256
        )


@FUZZ
@given(body=st.binary(max_size=600), ephemeral=st.binary(min_size=32, max_size=32))
def test_random_sealed_bodies(body: bytes, ephemeral: bytes) -> None:
    assert _read(keys.SEAL_MAGIC + ephemeral + body) is None


@FUZZ
@given(inner=st.binary(max_size=2000))
def test_random_contents_sealed_to_the_reader(inner: bytes) -> None:
    """Opens correctly (authentic seal), but what is inside is random."""
    assert _read(keys.seal(inner, IDENTITY.box_public_key)) is None


# ---- manifests built from valid ones, signed by a real key --------------------------------------


@FUZZ
@given(
    changes=st.dictionaries(
        st.one_of(
            st.sampled_from(
                [
                    "format_version",
                    "schema_version",
                    "kind",
                    "owner",
                    "addressee",
                    "installation_id",
                    "key_id",
                    "sequence",
                    "previous_sha256",
                    "period",
                    "created_at",
                    "app_version",
                    "nothing_to_report",
                    "full",
                    "hlc_from",
                    "hlc_to",
                    "members",
                ]
            ),
            st.text(max_size=8),
        ),
        JSON_VALUES,
        max_size=3,
    ),
    drop=st.lists(st.sampled_from(["sequence", "period", "members", "hlc_to", "kind"]), max_size=2),
    member_changes=st.lists(
        st.tuples(st.sampled_from(["name", "sha256", "size", "records", "extra"]), JSON_VALUES),
        max_size=2,
    ),
    duplicate=st.one_of(st.none(), st.sampled_from(["owner", "kind", "sequence", "members"])),
)
def test_manifests_built_from_valid_ones(
    valid: bytes,
    changes: dict[str, object],
    drop: list[str],
    member_changes: list[tuple[str, object]],
    duplicate: str | None,
) -> None:
    parts = Parts.of(valid)
    manifest = dict(parts.manifest)
    manifest["verify_key"] = keys.b64(IDENTITY.verify_key)
    manifest["key_id"] = IDENTITY.key_id
    manifest.update(changes)
    for key in drop:
        manifest.pop(key, None)
    members = manifest.get("members")
    if member_changes and isinstance(members, list) and members and isinstance(members[0], dict):
        first = dict(members[0])
        for key, value in member_changes:
            first[key] = value
        manifest["members"] = [first, *members[1:]]
    try:
        text = orjson.dumps(manifest, option=orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2)
    except TypeError:
        return  # an integer orjson cannot write: not a manifest anyone can produce this way
    if duplicate is not None and duplicate in manifest:
        text = text.replace(b"{", b'{\n  "' + duplicate.encode() + b'": "0",', 1)
    parts.signature = IDENTITY.sign(text)
    parts.manifest_bytes = lambda: text  # type: ignore[method-assign]
    raw = parts.to_bytes()
    result = _read(raw)
    if duplicate is not None and duplicate in manifest:
        assert result is None
    if result is not None:  # what was read is what was signed
        read = result.manifest
        assert (read.kind, read.owner, read.sequence, read.period) == (
            manifest["kind"],
            manifest["owner"],
            manifest["sequence"],
            manifest["period"],
        )


def test_the_manifest_fuzz_reaches_past_the_signature(valid: bytes) -> None:
    """Re-signed with the reader's key and unchanged, the built manifest is read."""
    parts = Parts.of(valid)
    parts.signed_by(IDENTITY)
    assert _read(parts.to_bytes()) is not None
