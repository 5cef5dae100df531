"""Find the files under ``resources/``: reference data, translations, icons.

One helper for every kind of installation:

- the PyInstaller bundle: ``resources/`` in the bundle's data folder (``sys._MEIPASS``);
- a wheel (``pip install .``): ``desktop/_resources/`` inside the installed package, copied there
  at build time by ``setup.py``;
- the source tree and the editable install (``pip install -e .``): ``resources/`` beside the
  ``desktop`` package.
"""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGED_DIRNAME = "_resources"
"""The folder name inside the installed package (``setup.py`` writes it)."""


def resources_dir() -> Path:
    """The ``resources/`` folder of this installation."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    package = Path(__file__).resolve().parent
    packaged = package / PACKAGED_DIRNAME
    if packaged.is_dir():
        return packaged
    return package.parent / "resources"


def reference_file(name: str) -> Path:
    """A reference CSV (``townships.csv``, ``categories.csv``, ``targets.csv``)."""
    return resources_dir() / "reference" / name
