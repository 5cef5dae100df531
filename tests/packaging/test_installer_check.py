"""The rendered Inno Setup script installs every file of a bundle, with Windows-legal paths
(``packaging/windows/installer_check.py``; the real bundle is checked by ``packaging/build.py``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"quality_desk_{name}", ROOT / "packaging" / "windows" / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


render = _load("render")
installer_check = _load("installer_check")

WINDOWS_BUNDLE = [
    "quality-desk.exe",
    "quality-desk-gui.exe",
    "_internal/python311.dll",
    "_internal/PySide6/Qt6Core.dll",
    "_internal/PySide6/plugins/platforms/qwindows.dll",
    "_internal/resources/reference/townships.csv",
    "_internal/resources/translations/quality_desk_zh_CN.qm",
]


def _bundle(root: Path, files: list[str]) -> Path:
    bundle = root / "dist" / "quality-desk"
    for name in files:
        path = bundle / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    return bundle


def _script(tmp_path: Path, bundle: Path, edit: tuple[str, str] | None = None) -> str:
    (out,) = [p for p in render.render_all(tmp_path / "windows", bundle) if p.suffix == ".iss"]
    text = out.read_text(encoding="utf-8-sig")
    if edit:
        assert edit[0] in text
        text = text.replace(*edit)
    return text


def test_every_file_of_a_windows_bundle_is_installed_below_app(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path, WINDOWS_BUNDLE)
    report = installer_check.check(_script(tmp_path, bundle), bundle, windows_bundle=True)
    assert report.problems == []
    assert (
        report.installed["_internal\\PySide6\\Qt6Core.dll"]
        == "{app}\\_internal\\PySide6\\Qt6Core.dll"
    )
    assert len(report.installed) == len(WINDOWS_BUNDLE)


def test_a_files_entry_without_recursion_leaves_files_out(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path, WINDOWS_BUNDLE)
    script = _script(tmp_path, bundle, (" recursesubdirs", ""))
    problems = installer_check.check(script, bundle, windows_bundle=True).problems
    assert any(
        "Qt6Core.dll is in the bundle but no [Files] entry installs it" in p for p in problems
    )


def test_a_program_the_shortcuts_start_must_be_in_the_bundle(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path, [n for n in WINDOWS_BUNDLE if n != "quality-desk-gui.exe"])
    problems = installer_check.check(
        _script(tmp_path, bundle), bundle, windows_bundle=True
    ).problems
    assert problems == ["the script starts quality-desk-gui.exe, which the bundle lacks"]


def test_a_linux_bundle_notes_what_it_cannot_check(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path, ["quality-desk", "_internal/libpython3.11.so.1.0"])
    report = installer_check.check(_script(tmp_path, bundle), bundle, windows_bundle=False)
    assert report.problems == []
    assert any("quality-desk-gui.exe" in note for note in report.notes)


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("_internal/a:b.dll", "forbids"),
        ("_internal/notes.", "ends with a space or a dot"),
        ("_internal/aux.txt", "reserved device name"),
        ("_internal/" + "x" * 200 + ".dll", "too long"),
    ],
)
def test_names_windows_cannot_hold_are_problems(tmp_path: Path, name: str, problem: str) -> None:
    bundle = _bundle(tmp_path, [*WINDOWS_BUNDLE, name])
    problems = installer_check.check(
        _script(tmp_path, bundle), bundle, windows_bundle=True
    ).problems
    assert any(problem in p for p in problems), problems


def test_paths_that_differ_only_in_case_are_one_file_on_windows(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path, [*WINDOWS_BUNDLE, "_internal/Readme.txt", "_internal/README.txt"])
    problems = installer_check.check(
        _script(tmp_path, bundle), bundle, windows_bundle=True
    ).problems
    assert any("differ only in letter case" in p for p in problems)


def test_deleting_anything_but_a_bundle_folder_is_a_problem(tmp_path: Path) -> None:
    bundle = _bundle(tmp_path, WINDOWS_BUNDLE)
    script = _script(
        tmp_path,
        bundle,
        (
            'Type: filesandordirs; Name: "{app}\\_internal"\n',
            'Type: filesandordirs; Name: "{localappdata}\\QualityDesk"\n',
        ),
    )
    problems = installer_check.check(script, bundle, windows_bundle=True).problems
    assert any("[InstallDelete]" in p and "not a folder of the bundle" in p for p in problems)
