"""A wheel built from this repository works when installed as a county IT person would.

``pip install .`` into a clean virtual environment (not editable, no source tree on the path),
then ``quality-desk self-test`` from that environment: the reference CSVs, the window's Chinese
translation and the migrations must all travel inside the wheel. About 30 s (the dependencies
come from pip's cache), so it is marked ``slow``; CI runs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCE_ITEMS = ("desktop", "resources", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md")
SPACED_CHINESE_HOME = Path("Users") / "张 三" / "AppData" / "Local" / "QualityDesk"


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=600,
    )
    assert result.returncode == 0, f"{args} exited {result.returncode}:\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the source (the checkout itself stays untouched)."""
    scratch = tmp_path_factory.mktemp("wheel-build")
    source = scratch / "source"
    source.mkdir()
    for item in SOURCE_ITEMS:
        origin = ROOT / item
        if origin.is_dir():
            shutil.copytree(origin, source / item, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(origin, source / item)
    out = scratch / "dist"
    _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", out, source, cwd=scratch)
    (built,) = out.glob("quality_desk-*.whl")
    return built


def test_the_wheel_carries_the_resources(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    expected = {
        f"desktop/_resources/{path.relative_to(ROOT / 'resources').as_posix()}"
        for path in (ROOT / "resources").rglob("*")
        if path.is_file() and path.suffix != ".ts" and "__pycache__" not in path.parts
    }
    assert expected and expected <= names, sorted(expected - names)
    assert not any(name.endswith(".ts") for name in names)
    migrations = {p.name for p in (ROOT / "desktop" / "migrations" / "versions").glob("0*.py")}
    assert {f"desktop/migrations/versions/{name}" for name in migrations} <= names


@pytest.mark.slow
def test_the_wheel_installed_into_a_clean_venv_passes_self_test(
    wheel: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    base_python = getattr(sys, "_base_executable", sys.executable)
    _run(base_python, "-m", "venv", venv, cwd=tmp_path)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    _run(bin_dir / "python", "-m", "pip", "install", "-q", wheel, cwd=tmp_path)

    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "QUALITY_DESK_HOME", "VIRTUAL_ENV")
    }
    home = tmp_path / "home"
    env.update(
        {
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONIOENCODING": "utf-8",
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
        }
    )
    # Run from an empty folder so nothing of the source tree can be imported by accident.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = _run(
        bin_dir / "python",
        "-c",
        "import desktop.resources as r; print(r.resources_dir())",
        cwd=elsewhere,
        env=env,
    )
    assert Path(where.strip()).is_relative_to(venv), where
    assert _run(bin_dir / "quality-desk", "self-test", cwd=elsewhere, env=env).strip() == "OK"

    data = tmp_path / SPACED_CHINESE_HOME
    _run(
        bin_dir / "quality-desk",
        "--data-dir",
        data,
        "init",
        "--township",
        "330329100000",
        cwd=elsewhere,
        env=env,
    )
    assert "罗阳镇" in _run(
        bin_dir / "quality-desk", "--data-dir", data, "stats", cwd=elsewhere, env=env
    )
