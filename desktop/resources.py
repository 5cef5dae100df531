"""Find the files under ``resources/``: reference data, translations, fonts.

They sit beside the package in a source tree or an editable install, and under the bundle's data
folder in a PyInstaller build.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The ``resources/`` folder of this installation."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def reference_file(name: str) -> Path:
    """A reference CSV (``townships.csv``, ``categories.csv``, ``targets.csv``)."""
    return resources_dir() / "reference" / name
