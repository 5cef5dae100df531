"""The application log (desktop/logs.py): one rotating file in logs/, named wherever errors are
told."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from desktop import cli, logs
from desktop.cli import core_commands


def test_nothing_is_created_until_something_is_logged(tmp_path: Path) -> None:
    path = logs.configure(tmp_path / "data")
    assert path == tmp_path / "data" / "logs" / logs.LOG_FILENAME
    assert not (tmp_path / "data").exists()
    logging.getLogger("desktop.test").info("ein Eintrag 一条记录")
    assert "一条记录" in path.read_text(encoding="utf-8")


def test_a_failure_is_logged_with_its_details_and_the_file_named(tmp_path: Path) -> None:
    logs.configure(tmp_path)
    path = logs.record_failure("unexpected error", "Traceback (most recent call last):\n  boom\n")
    assert path == logs.log_file(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "ERROR desktop.logs" in text and "unexpected error" in text and "boom" in text


def test_an_unwritable_data_folder_falls_back_to_the_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setattr(logs.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    logs.configure(blocker)  # logs/ cannot be created inside a file
    path = logs.record_failure("unexpected error", "details")
    assert path == tmp_path / "tmp" / logs.LOG_FILENAME
    assert "details" in path.read_text(encoding="utf-8")


def test_the_log_rotates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logs, "MAX_BYTES", 2000)
    logs.close()  # a fresh handler with the small size
    path = logs.configure(tmp_path / "rot")
    for number in range(200):
        logging.getLogger("desktop.test").info("line %d %s", number, "x" * 40)
    rotated = sorted(p.name for p in path.parent.iterdir())
    assert rotated[0] == logs.LOG_FILENAME and len(rotated) == logs.BACKUPS + 1
    assert all(p.stat().st_size <= 2000 + 200 for p in path.parent.iterdir())


def test_the_command_line_names_the_log_of_an_unexpected_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_args: object) -> int:
        raise RuntimeError("a bug in a command")

    monkeypatch.setattr(core_commands, "cmd_stats", broken)
    assert cli.main(["--data-dir", str(tmp_path), "stats"]) == 1
    stderr = capsys.readouterr().err
    log = logs.log_file(tmp_path)
    assert f"details in {log}" in stderr
    text = log.read_text(encoding="utf-8")
    assert "RuntimeError: a bug in a command" in text and "quality-desk --data-dir" in text
