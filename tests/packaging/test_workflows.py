"""The GitHub Actions workflows pass actionlint (syntax, expressions, runner labels, action
inputs). The Windows workflow cannot run on this machine; linting it is the most Linux CI can do.
actionlint comes with the ``test`` extra on Linux x86_64; under CI a missing one fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def _actionlint() -> str:
    beside = Path(sys.executable).parent / "actionlint"
    found = str(beside) if beside.exists() else shutil.which("actionlint")
    if found is None:
        if os.environ.get("CI") and sys.platform.startswith("linux"):
            pytest.fail("actionlint is missing: pip install -e '.[test]' installs it")
        pytest.skip("actionlint is not installed here")
    return found


def _lint(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_actionlint(), "-no-color", "-shellcheck=", "-pyflakes=", *map(str, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_windows_workflow_is_there() -> None:
    assert ROOT / ".github" / "workflows" / "windows.yml" in WORKFLOWS


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_workflow_passes_actionlint(workflow: Path) -> None:
    result = _lint(workflow)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_a_broken_workflow(tmp_path: Path) -> None:
    """The linter really reads the files: a mistyped expression and runner label are caught."""
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    text = (ROOT / ".github" / "workflows" / "windows.yml").read_text(encoding="utf-8")
    text = text.replace("runs-on: windows-2022", "runs-on: windows-2O22")
    text = text.replace("${{ env.GITHUB_ENV }}", "${{ env.GITHUB_ENV }")
    text = text.replace("timeout-minutes: 60", "timeout-minutes: sixty")
    broken.write_text(text, encoding="utf-8")
    result = _lint(broken)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "windows-2O22" in result.stdout and "timeout-minutes" in result.stdout
