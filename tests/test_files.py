"""Files written whole or not at all (desktop/files.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import files
from desktop.errors import StorageError


def test_a_write_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "a.bin"
    target.write_bytes(b"old")
    files.write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a.bin"
    target.write_bytes(b"old")
    with (
        pytest.raises(StorageError, match="cannot write") as error,
        files.atomic_path(target) as temporary,
    ):
        temporary.write_bytes(b"half")
        raise OSError(28, "No space left on device")
    assert "无法写入" in error.value.message_zh and "disk is full" in error.value.message_en
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.bin"]


def test_other_errors_pass_unchanged_and_still_clean_up(tmp_path: Path) -> None:
    target = tmp_path / "a.bin"
    with pytest.raises(KeyError), files.atomic_path(target) as temporary:
        temporary.write_bytes(b"half")
        raise KeyError("bug")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_a_storage_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError):
        files.write_bytes(tmp_path / "missing" / "a.bin", b"x")
