"""Where this office's data lives: one place resolves the folder, with overrides for tests.

Order: an explicit ``--data-dir``, then ``QUALITY_DESK_HOME``, then portable mode (a file named
``portable.txt`` beside the executable keeps data beside it, for USB sticks), then the platform's
user data folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

ENV_HOME = "QUALITY_DESK_HOME"
PORTABLE_MARKER = "portable.txt"
DB_FILENAME = "quality-desk.sqlite3"


def executable_dir() -> Path:
    """Folder of the frozen executable, or of the source tree when not frozen."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def is_portable() -> bool:
    """True when the portable marker file stands beside the executable."""
    return (executable_dir() / PORTABLE_MARKER).exists()


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the data folder for this run (not created here)."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser().resolve()
    if is_portable():
        return executable_dir() / "data"
    return Path(platformdirs.user_data_dir("QualityDesk", appauthor=False, roaming=False))


def database_path(data_dir: Path) -> Path:
    """The SQLite file inside a data folder."""
    return data_dir / DB_FILENAME


def logs_dir(data_dir: Path) -> Path:
    """Folder for crash and error logs."""
    return data_dir / "logs"
