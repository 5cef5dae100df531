"""Run ``quality-desk`` as county IT scripts do: a real subprocess on a real data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(
    data_dir: Path, *args: str, stdin: str | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """``python -m desktop --data-dir DATA_DIR ARGS...`` with UTF-8 output, captured."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("QUALITY_DESK_HOME", None)
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(data_dir), *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=timeout,
    )
