"""Build hook: the wheel carries ``resources/`` (reference CSVs, translations, icons).

``resources/`` sits beside the ``desktop`` package in the source tree, where the editable install
and the PyInstaller bundle find it (``desktop/resources.py``). A wheel only holds packages, so
``build_py`` copies the folder into the built package as ``desktop/_resources/`` (translation
sources ``.ts`` stay behind: they are for translators). Everything else is in ``pyproject.toml``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SOURCE = ROOT / "resources"
TARGET = Path("desktop") / "_resources"  # keep in step with desktop/resources.py


class BuildPyWithResources(build_py):
    """``build_py`` that also copies ``resources/`` into the package (not for editable installs)."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / TARGET
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(SOURCE, target, ignore=shutil.ignore_patterns("*.ts", "__pycache__"))


setup(cmdclass={"build_py": BuildPyWithResources})
