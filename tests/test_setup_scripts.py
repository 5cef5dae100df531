"""``scripts/setup-common.sh``: apt waits for its lock, and ``.venv`` is reinstalled only when
``pyproject.toml``, ``setup.py``, Python or the extras asked for changed.

The functions run in bash against stand-ins on ``PATH`` (``apt-get``, ``python3`` and the venv's
``python`` record their arguments), so nothing is installed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "setup-common.sh"
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="bash scripts")

FAKE_PYTHON = """#!/usr/bin/env bash
echo "python3 $*" >> "$CALLS"
if [ "$1" = -V ]; then echo "Python 3.11.7"; exit 0; fi
if [ "$1" = -m ] && [ "$2" = venv ]; then
  mkdir -p "$3/bin"
  printf '#!/usr/bin/env bash\\necho "venv-python $*" >> "$CALLS"\\n%s\\n' \\
    '[ -n "${PIP_FAILS:-}" ] && [[ "$*" == *"install -e"* ]] && { echo boom >&2; exit 1; }; true' \\
    > "$3/bin/python"
  printf '#!/usr/bin/env bash\\n' > "$3/bin/quality-desk"
  chmod +x "$3/bin/python" "$3/bin/quality-desk"
fi
"""

FAKE_APT = """#!/usr/bin/env bash
count=$(cat "$CALLS.apt" 2>/dev/null || echo 0)
echo $((count + 1)) > "$CALLS.apt"
echo "apt-get $*" >> "$CALLS"
if [ "$count" -lt "$FAIL_TIMES" ]; then
  echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 1 (apt-get)" >&2
  exit 100
fi
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    (tmp_path / "setup.py").write_text("setup()\n", encoding="utf-8")
    bin_dir = tmp_path / "fake-bin"
    bin_dir.mkdir()
    for name, text in (("python3", FAKE_PYTHON), ("apt-get", FAKE_APT)):
        (bin_dir / name).write_text(text, encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    return tmp_path


def _bash(project: Path, command: str, fail_times: int = 0) -> tuple[int, list[str], str]:
    calls = project / "calls.log"
    calls.unlink(missing_ok=True)
    env = {
        **os.environ,
        "PATH": f"{project / 'fake-bin'}:{os.environ['PATH']}",
        "CALLS": str(calls),
        "FAIL_TIMES": str(fail_times),
        "QD_APT_RETRY_SECONDS": "0",
        "QD_APT_WAIT_SECONDS": "30",
    }
    result = subprocess.run(
        ["bash", "-c", f'set -euo pipefail; . "{SCRIPT}"; {command}'],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = calls.read_text(encoding="utf-8").splitlines() if calls.exists() else []
    return result.returncode, lines, result.stderr


def _pip_installs(lines: list[str]) -> list[str]:
    return [line for line in lines if "pip install -e" in line]


def test_the_install_runs_once_and_again_only_when_something_changed(project: Path) -> None:
    code, calls, stderr = _bash(project, 'qd_install_venv ""')
    assert code == 0, stderr
    assert _pip_installs(calls) == ["venv-python -m pip install -e ."]
    assert ".venv/bin/quality-desk" in stderr

    code, calls, stderr = _bash(project, 'qd_install_venv ""')
    assert code == 0 and _pip_installs(calls) == [], (calls, stderr)

    (project / "pyproject.toml").write_text("[project]\nname = 'y'\n", encoding="utf-8")
    assert _pip_installs(_bash(project, 'qd_install_venv ""')[1]) == [
        "venv-python -m pip install -e ."
    ]


def test_extras_already_installed_are_not_installed_again(project: Path) -> None:
    assert _pip_installs(_bash(project, 'qd_install_venv "test,build"')[1]) == [
        "venv-python -m pip install -e .[test,build]"
    ]
    assert _pip_installs(_bash(project, 'qd_install_venv ""')[1]) == []
    assert _pip_installs(_bash(project, 'qd_install_venv "test"')[1]) == []


def test_a_failed_install_shows_the_log_and_fails(project: Path) -> None:
    code, _calls, stderr = _bash(project, 'PIP_FAILS=1 qd_install_venv ""')
    assert code != 0
    assert "boom" in stderr and "pip-install.log" in stderr
    assert not (project / ".venv" / ".quality-desk-install").exists()
    assert _pip_installs(_bash(project, 'qd_install_venv ""')[1]), "retried after the failure"


def test_apt_waits_while_another_process_holds_the_lock(project: Path) -> None:
    code, calls, stderr = _bash(project, "qd_apt_get update -qq", fail_times=2)
    assert code == 0, stderr
    assert [line for line in calls if line.startswith("apt-get")] == [
        "apt-get -o DPkg::Lock::Timeout=30 update -qq"
    ] * 3
    assert stderr.count("waiting for another apt/dpkg process") == 2


def test_apt_gives_up_on_other_errors_at_once(project: Path) -> None:
    apt = project / "fake-bin" / "apt-get"
    apt.write_text('#!/usr/bin/env bash\necho "E: Unable to locate package nope" >&2\nexit 100\n')
    code, _calls, stderr = _bash(project, "qd_apt_get install -y nope")
    assert code == 100 and "Unable to locate package nope" in stderr
