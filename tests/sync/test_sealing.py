"""Sealed files and key files: degenerate X25519 keys are rejected with a reason, never a crash.

A low-order point as the ephemeral key of a sealed file makes X25519 produce an all-zero secret,
which ``cryptography`` refuses with ValueError; before, that escaped as exit 1 and stopped a batch.
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from desktop.errors import UsageError
from desktop.sync import importer, keys
from tests.cli_runner import run_cli
from tests.sync.conftest import World
from tests.sync.helpers import identity_of

P = 2**255 - 19
LOW_ORDER_POINTS = {
    "zero": 0,
    "one": 1,
    "order 8 (a)": 325606250916557431795983626356110631294008115727848805560023387167927233504,
    "order 8 (b)": 39382357235489614581723060781553021112529911719440698176882885853963445705823,
    "p - 1": P - 1,
    "p (non-canonical 0)": P,
    "p + 1 (non-canonical 1)": P + 1,
}


def encode(point: int, high_bit: bool = False) -> bytes:
    raw = bytearray(point.to_bytes(32, "little"))
    if high_bit:
        raw[31] |= 0x80
    return bytes(raw)


def degenerate_seal(point: bytes) -> bytes:
    return keys.SEAL_MAGIC + point + os.urandom(12) + os.urandom(200)


CASES = [
    pytest.param(encode(v, high), id=f"{name}{' +high bit' if high else ''}")
    for name, v in LOW_ORDER_POINTS.items()
    for high in (False, True)
]


@pytest.mark.parametrize("point", CASES)
def test_degenerate_ephemeral_key_is_rejected_with_a_reason(
    world: World, tmp_path: Path, point: bytes
) -> None:
    county = world.county.copy_to(tmp_path / "county")
    before = county.sha256()
    path = tmp_path / "degenerate.qdpkg"
    path.write_bytes(degenerate_seal(point))
    with county.open() as (database, office):
        result = importer.import_package(database, office, path)
    assert result.status == importer.STATUS_REJECTED
    assert result.reason_code == "sealed_bad_key", result.as_dict()
    assert result.reason_zh and "退化" in result.reason_zh
    assert county.sha256() == before


@pytest.mark.parametrize("point", CASES)
def test_nothing_can_be_sealed_to_a_degenerate_key(point: bytes) -> None:
    assert not keys.usable_box_key(point)
    with pytest.raises(UsageError):
        keys.seal(b"zip bytes", point)


def test_a_batch_with_a_degenerate_file_processes_every_file(world: World, tmp_path: Path) -> None:
    county = world.county.copy_to(tmp_path / "county")
    bad = tmp_path / "bad.qdpkg"
    bad.write_bytes(degenerate_seal(bytes(32)))
    result = run_cli(county.folder, "import", str(world.a2), str(bad), str(world.b1))
    assert result.returncode == 3, result.stderr
    assert "sealed_bad_key" in result.stderr and "unexpected" not in result.stderr
    merged = [line for line in result.stdout.splitlines() if "#2 2026-10: 已合并" in line]
    assert merged and merged[0].startswith("330329100000")  # the PC label follows the code
    assert "330329102000 #1 2026-09: 已导入过" in result.stdout


def _key_file(world: World, **changes: object) -> dict[str, object]:
    identity = identity_of(world.county)
    data: dict[str, object] = {
        "format": keys.KEY_FILE_FORMAT,
        "owner": "county",
        "ed25519": keys.b64(identity.verify_key),
        "x25519": keys.b64(identity.box_public_key),
        "fingerprint": identity.fingerprint,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("point", CASES[:4])
def test_key_file_with_a_degenerate_encryption_key_is_refused(world: World, point: bytes) -> None:
    raw = orjson.dumps(_key_file(world, x25519=keys.b64(point)))
    with pytest.raises(UsageError) as caught:
        keys.parse_key_file(raw)
    assert "退化" in caught.value.message_zh


def test_key_file_naming_a_key_twice_is_refused(world: World) -> None:
    good = orjson.dumps(_key_file(world)).decode()
    assert keys.parse_key_file(good.encode()).owner == "county"
    twice = good[:-1] + ',"owner":"330329100000"}'
    with pytest.raises(UsageError) as caught:
        keys.parse_key_file(twice.encode())
    assert "owner" in caught.value.message_en and "twice" in caught.value.message_en


def test_import_county_with_a_degenerate_key_exits_2(world: World, tmp_path: Path) -> None:
    township = world.a.copy_to(tmp_path / "a")
    path = tmp_path / "county.json"
    path.write_bytes(orjson.dumps(_key_file(world, x25519=keys.b64(bytes(32)))))
    result = run_cli(township.folder, "keys", "import-county", str(path))
    assert result.returncode == 2, result.stderr
    assert "X25519" in result.stderr
