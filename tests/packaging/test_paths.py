"""Where data lives: portable mode beside the executable, and read-only media said plainly."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from desktop import paths
from desktop.db import Database, sqlite_url
from desktop.errors import StorageError
from desktop.ui.settings import UiSettings


@pytest.fixture
def frozen_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Pretend to run as a bundle whose executable lives in ``tmp_path/app``."""
    app = tmp_path / "app"
    app.mkdir()
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(app / "quality-desk"))
    monkeypatch.delenv(paths.ENV_HOME, raising=False)
    return app


def _read_only_folder(tmp_path: Path) -> Path:
    """A folder this process cannot write to (permission bits, or a kernel folder for root)."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        (folder / "probe").write_bytes(b"x")
    except OSError:
        return folder
    (folder / "probe").unlink()
    if not sys.platform.startswith("linux"):
        pytest.skip("permission bits do not stop this user here")
    for candidate in (Path("/sys/kernel"), Path("/proc/sys")):
        try:
            (candidate / "quality-desk-probe").write_bytes(b"x")
        except OSError:
            return candidate / "quality-desk"
    pytest.skip("no read-only folder available to this user")


def test_portable_marker_keeps_data_and_settings_beside_the_executable(frozen_app: Path) -> None:
    assert paths.resolve_data_dir() != frozen_app / "data"
    (frozen_app / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert paths.is_portable()
    data = paths.resolve_data_dir()
    assert data == frozen_app / "data"
    assert UiSettings.for_data_dir(data).path.parent == frozen_app / "data"
    assert paths.database_path(data).is_relative_to(frozen_app)


def test_explicit_folder_and_environment_win_over_portable_mode(
    frozen_app: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (frozen_app / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert paths.resolve_data_dir(tmp_path / "x") == (tmp_path / "x").resolve()
    monkeypatch.setenv(paths.ENV_HOME, str(tmp_path / "env"))
    assert paths.resolve_data_dir() == (tmp_path / "env").resolve()


def test_writable_folder_is_created_and_left_clean(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "data"
    paths.ensure_writable(folder)
    assert folder.is_dir() and list(folder.iterdir()) == []


def test_read_only_folder_is_reported_clearly(tmp_path: Path) -> None:
    folder = _read_only_folder(tmp_path)
    with pytest.raises(paths.ReadOnlyLocationError) as excinfo:
        paths.ensure_writable(folder)
    assert "只读" in excinfo.value.message_zh and "read-only" in excinfo.value.message_en
    with pytest.raises(StorageError):
        Database(sqlite_url(folder / "quality-desk.sqlite3"))


def test_read_only_portable_copy_names_the_usb_stick(
    frozen_app: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (frozen_app / paths.PORTABLE_MARKER).write_text("", encoding="utf-8")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError(30, os.strerror(30))  # EROFS, as a write-protected stick answers

    monkeypatch.setattr(Path, "mkdir", refuse)
    with pytest.raises(paths.ReadOnlyLocationError) as excinfo:
        paths.ensure_writable(paths.resolve_data_dir())
    assert "U盘" in excinfo.value.message_zh and "USB stick" in excinfo.value.message_en
    assert "portable" in excinfo.value.message_en


def test_write_probe_is_safe_from_several_threads(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda _n: paths.ensure_writable(tmp_path), range(200)))
    assert list(tmp_path.iterdir()) == []
