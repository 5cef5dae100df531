"""``desktop.ui.qt_app``: without a graphical display the window says so (exit 2) instead of Qt
aborting with a message about ``libxcb-cursor0``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.ui import qt_app
from tests.cli_runner import run_cli


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland are Linux's")
def test_no_display_is_a_clear_usage_error(tmp_path: Path) -> None:
    data = tmp_path / "office"
    assert run_cli(data, "init", "--township", "330329100000").returncode == 0
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "QUALITY_DESK_HOME")
    }
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(data), "gui"],
        env={**env, "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert "DISPLAY" in result.stderr and "QT_QPA_PLATFORM=offscreen" in result.stderr
    assert "xcb-cursor0" not in result.stderr


def test_a_chosen_platform_or_a_display_needs_no_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    qt_app.check_display()
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setenv("DISPLAY", ":0")
    qt_app.check_display()
