"""README's commands work as written after its two set-up commands.

- Every command in a ``bash`` block and every inline command names the command line the one way
  README chose: ``.venv/bin/quality-desk`` (and ``.venv/bin/python`` for tools).
- The command-line examples run verbatim (``slow``): in a scratch folder whose ``.venv`` is this
  test's own environment, block by block with ``bash -euo pipefail``. The one change is
  ``/media/usb``, pointed at a scratch folder so concurrent runs on one machine never share it.
  The bundle build (``packaging/build.py``) is left to ``.ci/run``, which runs it verbatim, and
  the install into a new environment to ``tests/packaging/test_wheel.py``, which does the same
  with a wheel.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SET_UP = ("bash scripts/start.sh", "bash scripts/run-tests.sh")
VENVS = (".venv/bin/", "/tmp/quality-desk-env/bin/")
RUN_ELSEWHERE = ("packaging/build.py", "/tmp/quality-desk-env")


def bash_blocks() -> list[str]:
    return re.findall(r"^```bash\n(.*?)^```", README, flags=re.S | re.M)


def _commands(block: str) -> list[str]:
    """Command lines of a block (continuation lines joined, comments dropped)."""
    joined = block.replace("\\\n", " ")
    return [line.split("  #")[0].strip() for line in joined.splitlines() if line.strip()]


def test_the_set_up_is_the_two_scripts() -> None:
    blocks = bash_blocks()
    assert [block.strip() for block in blocks[:2]] == list(SET_UP)


def test_every_command_uses_the_venv_command_line() -> None:
    wrong = []
    for block in bash_blocks():
        for command in _commands(block):
            for part in re.split(r"\s*(?:&&|\|\||\|)\s*", command):
                word = part.split()[0] if part.split() else ""
                if word in ("quality-desk", "python", "pip") or (
                    word not in ("bash", "echo", "python3") and not word.startswith(VENVS)
                ):
                    wrong.append(part)
    inline = re.findall(r"`((?:quality-desk|python3?|pip) [^`]*)`", README)
    assert not wrong and not inline, (
        "README runs the command line as .venv/bin/quality-desk (tools as .venv/bin/python): "
        f"{wrong + inline}"
    )


def _examples() -> list[str]:
    return [
        block
        for block in bash_blocks()
        if block.strip() not in SET_UP and not any(item in block for item in RUN_ELSEWHERE)
    ]


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="README's examples are bash on Linux")
@pytest.mark.parametrize("number", range(len(_examples())))
def test_readme_example_runs_verbatim(number: int, tmp_path: Path) -> None:
    venv = Path(sys.prefix)
    if not (venv / "bin" / "quality-desk").exists():
        pytest.skip("this Python has no quality-desk command (run bash scripts/run-tests.sh)")
    (tmp_path / ".venv").symlink_to(venv, target_is_directory=True)
    usb = tmp_path / "usb"
    script = _examples()[number].replace("/media/usb", str(usb))
    env = {k: v for k, v in os.environ.items() if k != "QUALITY_DESK_HOME"}
    env.update({"QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"})
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )
    assert result.returncode == 0, f"{script}\nexited {result.returncode}:\n{result.stderr}"
