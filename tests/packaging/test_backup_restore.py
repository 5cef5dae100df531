"""``quality-desk backup`` / ``restore`` as a clerk or a script runs them: real subprocesses."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop import backup as backup_service
from desktop import db as dbmod
from desktop.errors import SchemaTooNewError
from tests.cli_runner import run_cli as run

TOWNSHIP = "330329100000"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _names(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {row[0] for row in connection.execute("SELECT name FROM enterprises")}


@pytest.fixture(scope="module")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template") / "office"
    assert run(folder, "init", "--township", TOWNSHIP).returncode == 0
    assert run(folder, "demo", "--records", "60").returncode == 0
    return folder


@pytest.fixture
def office(office_template: Path, tmp_path: Path) -> Path:
    """A township office with demo records (a fresh copy for every test)."""
    return Path(shutil.copytree(office_template, tmp_path / "office"))


def test_backup_then_restore_brings_back_the_old_state(office: Path, tmp_path: Path) -> None:
    database = office / "quality-desk.sqlite3"
    before = _names(database)
    result = run(office, "backup")
    assert result.returncode == 0, result.stderr
    backup = Path(result.stdout.strip())
    assert backup.parent == office / "backups" and backup.name.endswith("-manual.sqlite3")
    assert _names(backup) == before

    change = '{"credit_code":"93330329MA2H000222","name":"备份之后新增的企业"}'
    assert run(office, "record", "add", "enterprises", "--json", "-", stdin=change).returncode == 0
    assert "备份之后新增的企业" in _names(database)

    result = run(office, "restore", str(backup), "--yes")
    assert result.returncode == 0, result.stderr
    assert _names(database) == before
    saved = sorted((office / "backups").glob("*before-restore*.sqlite3"))
    assert len(saved) == 1 and "备份之后新增的企业" in _names(saved[0])
    assert "restored" in result.stdout and str(saved[0]) in result.stdout
    stats = run(office, "stats", "--json")
    assert stats.returncode == 0, stats.stderr


def test_backup_out_to_a_file_and_to_a_folder(office: Path, tmp_path: Path) -> None:
    target = tmp_path / "stick" / "copy.sqlite3"
    result = run(office, "backup", "--out", str(target))
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == target and target.exists()
    folder = tmp_path / "stick"
    result = run(office, "backup", "--out", str(folder))
    made = Path(result.stdout.strip())
    assert made.parent == folder and made.name.startswith("quality-desk-")


def test_restore_asks_and_a_no_changes_nothing(office: Path, tmp_path: Path) -> None:
    backup = Path(run(office, "backup").stdout.strip())
    before = (office / "quality-desk.sqlite3").read_bytes()
    result = run(office, "restore", str(backup), stdin="n\n")
    assert result.returncode == 1
    assert "确定恢复吗" in result.stdout and "cancelled" in result.stderr
    assert (office / "quality-desk.sqlite3").read_bytes() == before
    assert not list((office / "backups").glob("*before-restore*"))
    result = run(office, "restore", str(backup), stdin="y\n")
    assert result.returncode == 0, result.stderr


def test_restore_refuses_a_file_that_is_not_a_quality_desk_database(
    office: Path, tmp_path: Path
) -> None:
    text = tmp_path / "notes.sqlite3"
    text.write_text("这不是数据库", encoding="utf-8")
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE t (x)")
    for path, words in ((text, "not a SQLite file"), (other, "missing alembic_version")):
        result = run(office, "restore", str(path), "--yes")
        assert result.returncode == 2
        assert "不是质量提升台账的数据库" in result.stderr and words in result.stderr
    assert not list((office / "backups").glob("*before-restore*"))


def test_restore_refuses_a_newer_schema(office: Path, tmp_path: Path) -> None:
    newer = tmp_path / "newer.sqlite3"
    shutil.copy(FIXTURES / "schema_0001.sqlite3", newer)
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    result = run(office, "restore", str(newer), "--yes")
    assert result.returncode == 2
    assert "更新版本" in result.stderr and "newer" in result.stderr
    with pytest.raises(SchemaTooNewError):
        backup_service.inspect_database(newer, dbmod.is_known_revision)


def test_restore_of_the_first_schema_revision_upgrades_it(office: Path) -> None:
    old = FIXTURES / "schema_0001.sqlite3"
    with sqlite3.connect(old) as connection:
        count = connection.execute("SELECT count(*) FROM inspections").fetchone()[0]
    result = run(office, "restore", str(old), "--yes")
    assert result.returncode == 0, result.stderr
    assert f"schema 0001 → {dbmod.head_revision()}" in result.stdout or (
        dbmod.head_revision() == "0001"
    )
    with sqlite3.connect(office / "quality-desk.sqlite3") as connection:
        assert connection.execute("SELECT count(*) FROM inspections").fetchone()[0] == count
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert revision == dbmod.head_revision()


def test_backup_and_restore_refuse_postgres_urls(tmp_path: Path) -> None:
    result = run(tmp_path, "--database-url", "postgresql+psycopg://x@127.0.0.1:1/x", "backup")
    assert result.returncode == 2 and "pg_dump" in result.stderr


def test_backup_of_a_missing_database_says_so(tmp_path: Path) -> None:
    result = run(tmp_path / "empty", "backup")
    assert result.returncode == 2 and "no database to back up" in result.stderr
