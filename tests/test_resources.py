"""``desktop.resources`` finds ``resources/`` in a source tree, a wheel and a bundle."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desktop import resources

ROOT = Path(__file__).resolve().parent.parent


def test_source_tree_uses_the_resources_folder_beside_the_package() -> None:
    assert resources.resources_dir() == ROOT / "resources"
    assert resources.reference_file("townships.csv").is_file()


def test_an_installed_package_uses_its_packaged_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "site-packages" / "desktop"
    (package / resources.PACKAGED_DIRNAME / "reference").mkdir(parents=True)
    monkeypatch.setattr(resources, "__file__", str(package / "resources.py"))
    assert resources.resources_dir() == package / resources.PACKAGED_DIRNAME


def test_a_bundle_uses_its_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resources_dir() == tmp_path / "resources"
