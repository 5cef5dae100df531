"""Every ``--out`` path of every command: a clear one-line reason and exit 2 when it cannot be used.

A file where a folder is needed or the reverse, a path below a file, a read-only folder, a drive
that is not there (USB stick pulled out) — each refused before any work, never "unexpected error".
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.db import Database
from desktop.services.office import init_office
from tests.conftest import TOWNSHIP

Case = Callable[[Path, Path], list[str]]


@pytest.fixture(scope="module")
def offices(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("offices")
    township, county = root / "township", root / "county"
    for folder, kind in ((township, {"township_code": TOWNSHIP}), (county, {"county": True})):
        database = Database.for_data_dir(folder)
        init_office(database, operator="测试员", **kind)  # type: ignore[arg-type]
        database.dispose()
    return township, county


def _workbook(tmp: Path) -> Path:
    from openpyxl import Workbook

    path = tmp / "list.xlsx"
    book = Workbook()
    book.active.append(["统一社会信用代码", "企业名称"])  # type: ignore[union-attr]
    book.active.append(["not-a-code", "坏行"])  # type: ignore[union-attr]
    book.save(path)
    return path


# (office, args builder) — ``bad`` is the unusable path the case puts in place of --out
COMMANDS: dict[str, tuple[str, Callable[[Path, Path], list[str]]]] = {
    "export": ("township", lambda tmp, bad: ["export", "--out", str(bad)]),
    "export to a file": ("township", lambda tmp, bad: ["export", "--out", str(bad) + ".qdpkg"]),
    "receipt": ("county", lambda tmp, bad: ["receipt", TOWNSHIP, "--out", str(bad) + ".qdpkg"]),
    "report": (
        "township",
        lambda tmp, bad: ["report", "--period", "2022-06", "--out", str(bad) + ".xlsx"],
    ),
    "backup": ("township", lambda tmp, bad: ["backup", "--out", str(bad) + ".sqlite3"]),
    "keys export-county": (
        "county",
        lambda tmp, bad: ["keys", "export-county", str(bad) + ".json"],
    ),
    "import-enterprises --errors-out": (
        "county",
        lambda tmp, bad: [
            "import-enterprises",
            str(_workbook(tmp)),
            "--township",
            TOWNSHIP,
            "--errors-out",
            str(bad) + ".xlsx",
        ],
    ),
}


def _below_a_file(tmp: Path) -> Path:
    blocker = tmp / "notes.txt"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    return blocker / "sub" / "target"


MISSING_DRIVE = Path(f"/no-such-usb-stick-{uuid.uuid4().hex[:8]}")


def _missing_drive(tmp: Path) -> Path:
    return MISSING_DRIVE / "质量台账" / "target"


KINDS: dict[str, Callable[[Path], Path]] = {
    "below a file": _below_a_file,
    "on a missing drive": _missing_drive,
}


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().err


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_unusable_out_path_is_a_one_line_reason_and_exit_2(
    offices: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    kind: str,
) -> None:
    office, build = COMMANDS[command]
    data = offices[0] if office == "township" else offices[1]
    bad = KINDS[kind](tmp_path)
    code, err = _run(["--data-dir", str(data), *build(tmp_path, bad)], capsys)
    assert code == 2, err
    lines = [line for line in err.splitlines() if "警告 / warning" not in line]
    assert len(lines) == 1 and "unexpected" not in err, err
    assert "quality-desk: " in lines[0] and " / " in lines[0]
    created = MISSING_DRIVE.exists()
    shutil.rmtree(MISSING_DRIVE, ignore_errors=True)
    assert not created, "a folder was made where the drive should be"


def test_export_to_an_existing_file_where_a_folder_is_needed(
    offices: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = tmp_path / "notes.txt"
    existing.write_text("x", encoding="utf-8")
    code, err = _run(["--data-dir", str(offices[0]), "export", "--out", str(existing)], capsys)
    assert code == 2 and "is a file" in err and "unexpected" not in err, err
    assert existing.read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize(
    "argv",
    [
        lambda folder: ["keys", "export-county", str(folder)],
        lambda folder: ["report", "--period", "2022-06", "--out", str(folder)],
    ],
    ids=["keys export-county", "report"],
)
def test_a_folder_where_a_file_is_needed(
    offices: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: Callable[[Path], list[str]],
) -> None:
    folder = tmp_path / "a folder.xlsx"
    folder.mkdir()
    code, err = _run(["--data-dir", str(offices[1]), *argv(folder)], capsys)
    assert code == 2 and "folder" in err and "unexpected" not in err, err


def test_screenshot_out_that_is_a_file(
    offices: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = tmp_path / "shots"
    existing.write_text("x", encoding="utf-8")
    code, err = _run(["--data-dir", str(offices[0]), "screenshot", "--out", str(existing)], capsys)
    assert code == 2 and "is a file" in err, err


def test_read_only_folder(
    offices: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As root every folder is writable, so the refusal of the OS is imitated."""
    folder = tmp_path / "write-protected stick"
    folder.mkdir()
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if Path(p) == folder else real_access(p, mode)
    )
    code, err = _run(["--data-dir", str(offices[0]), "export", "--out", str(folder)], capsys)
    assert code == 2 and "read-only" in err, err
