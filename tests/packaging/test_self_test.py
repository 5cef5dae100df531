"""``quality-desk self-test`` in a real subprocess: OK when everything works, a reason otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui


def run(*args: str, extra_path: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("QT_QPA_PLATFORM", None)  # the self-test must choose offscreen by itself
    if extra_path is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(extra_path), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def test_self_test_prints_ok_and_leaves_the_data_folder_alone(tmp_path: Path) -> None:
    data = tmp_path / "untouched"
    result = run("--data-dir", str(data), "self-test")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "OK\n"
    assert result.stderr == ""
    assert not data.exists()


def test_self_test_verbose_names_every_step(tmp_path: Path) -> None:
    result = run("--data-dir", str(tmp_path), "self-test", "--verbose")
    assert result.returncode == 0, result.stderr
    for step in ("database: schema", "window: main window", "qt translations", "print: A4"):
        assert step in result.stdout
    assert result.stdout.endswith("OK\n")


def test_self_test_reports_a_missing_qt_module(tmp_path: Path) -> None:
    """A bundle that lost QtPrintSupport fails with the reason instead of a traceback."""
    (tmp_path / "sitecustomize.py").write_text(
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'PySide6.QtPrintSupport':\n"
        "            raise ImportError('No module named PySide6.QtPrintSupport')\n"
        "sys.meta_path.insert(0, Block())\n",
        encoding="utf-8",
    )
    result = run("--data-dir", str(tmp_path / "d"), "self-test", extra_path=tmp_path)
    assert result.returncode == 1
    assert "self-test FAILED at window" in result.stderr
    assert "QtPrintSupport" in result.stderr
    assert "OK" not in result.stdout


def test_window_only_opens_an_office_window(tmp_path: Path) -> None:
    data = tmp_path / "office"
    assert run("--data-dir", str(data), "init", "--township", "330329100000").returncode == 0
    env_run = subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(data), "self-test", "--window-only"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert env_run.returncode == 0, env_run.stderr
    assert "window shown" in env_run.stdout
