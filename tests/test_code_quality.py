"""ruff (lint and format) and mypy stay clean on desktop/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def test_ruff_lint() -> None:
    result = _run("ruff", "check", "desktop", "tests", "benchmarks", "scripts", "packaging")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = _run(
        "ruff", "format", "--check", "desktop", "tests", "benchmarks", "scripts", "packaging"
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_strict_on_desktop() -> None:
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
