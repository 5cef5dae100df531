"""The bundle's entry scripts: the windowed one never fails silently."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _launcher(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"quality_desk_{name}", ROOT / "packaging" / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def gui(monkeypatch: pytest.MonkeyPatch) -> tuple[ModuleType, list[str]]:
    module = _launcher("launcher_gui")
    shown: list[str] = []
    monkeypatch.setattr(module, "_show", shown.append)
    return module, shown


def _no_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """A windowed program has no console streams (set inside the test: pytest's capture resets
    them between setup and call)."""
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)


def test_windowed_launcher_shows_the_command_line_error(
    gui: tuple[ModuleType, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module, shown = gui
    monkeypatch.setattr(sys, "argv", ["quality-desk-gui", "--data-dir", str(tmp_path), "stats"])
    _no_console(monkeypatch)
    assert module._run() == 2
    assert len(shown) == 1 and "init" in shown[0] and not shown[0].startswith("quality-desk:")


def test_windowed_launcher_explains_read_only_media_before_the_window(
    gui: tuple[ModuleType, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    module, shown = gui
    monkeypatch.setattr(sys, "argv", ["quality-desk-gui"])

    def read_only(folder: Path) -> None:
        from desktop.paths import ReadOnlyLocationError

        raise ReadOnlyLocationError(f"只读 {folder}", f"read-only {folder}")

    monkeypatch.setattr(module, "ensure_writable", read_only)
    monkeypatch.setattr(module, "main", lambda _argv: pytest.fail("the window must not start"))
    _no_console(monkeypatch)
    assert module._run() == 2
    assert len(shown) == 1 and "只读" in shown[0] and "read-only" in shown[0]


def test_windowed_launcher_is_quiet_when_all_is_well(
    gui: tuple[ModuleType, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module, shown = gui
    monkeypatch.setattr(sys, "argv", ["quality-desk-gui", "--data-dir", str(tmp_path), "backup"])
    monkeypatch.setattr(module, "main", lambda _argv: 0)
    _no_console(monkeypatch)
    assert module._run() == 0 and shown == []


def test_console_launcher_runs_the_command_line() -> None:
    module = _launcher("launcher")
    assert module.entry_point.__module__ == "desktop.cli"
