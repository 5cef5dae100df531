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

from desktop.sync import package
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
