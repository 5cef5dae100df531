"""``stats``: the quick plain-``sqlite3`` read gives exactly what the SQLAlchemy path gives.

A SQLite office already at this release's schema is read without SQLAlchemy; a database URL
(PostgreSQL, or a SQLite URL as here to compare on the same file) always takes the full path,
and so does an office at an older schema, which is upgraded first as before.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desktop.ids import hlc_from_datetime
from desktop.migrations.heads import SCHEMA_HEAD
from tests.cli_runner import run_cli as run

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TOWNSHIP = "330329100000"


def _database(folder: Path) -> Path:
    return folder / "quality-desk.sqlite3"


def _full(folder: Path, *args: str, encoding: str = "utf-8") -> subprocess.CompletedProcess[bytes]:
    """The same command the SQLAlchemy way (a database URL always takes it)."""
    url = f"sqlite+pysqlite:///{_database(folder)}"
    return _run_bytes(folder, "--database-url", url, *args, encoding=encoding)


def _run_bytes(
    folder: Path, *args: str, encoding: str = "utf-8"
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    env.pop("QUALITY_DESK_HOME", None)
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(folder), *args],
        capture_output=True,
        env=env,
        timeout=180,
    )


def _same(folder: Path, *args: str, encoding: str = "utf-8") -> bytes:
    quick, full = (
        _run_bytes(folder, *args, encoding=encoding),
        _full(folder, *args, encoding=encoding),
    )
    assert quick.returncode == full.returncode == 0, (quick.stderr, full.stderr)
    assert quick.stdout == full.stdout
    assert quick.stderr == full.stderr
    return quick.stdout


def _loaded(folder: Path, *args: str) -> set[str]:
    code = (
        "import sys, desktop.cli\n"
        f"code = desktop.cli.main({['--data-dir', str(folder), *args]!r})\n"
        "sys.stderr.write('\\n' + ' '.join(sorted(sys.modules)))\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 0, result.stderr
    return set(result.stderr.splitlines()[-1].split())


def _sqlalchemy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in ("sqlalchemy", "alembic"))


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("stats") / "county"
    assert run(folder, "init", "--county", "--operator", "县办").returncode == 0
    assert run(folder, "demo", "--records", "300", "--seed", "4").returncode == 0
    return folder


def test_stats_of_a_county_office_read_quickly_equal_the_full_read(county: Path) -> None:
    assert not _sqlalchemy(_loaded(county, "stats"))
    text = _same(county, "stats").decode("utf-8")
    data = json.loads(_same(county, "stats", "--json"))
    assert data["office"] == "county" and len(data["by_owner"]) > 5
    assert "县质量强县办（county）" in text and "罗阳镇（330329100000）" in text
    assert sum(data["total"].values()) > 300


def test_stats_on_a_chinese_windows_console(county: Path) -> None:
    text = _same(county, "stats", encoding="gbk").decode("gbk")
    assert "企业名录" in text
    json.loads(_same(county, "stats", "--json", encoding="gbk").decode("gbk"))


def test_deleted_records_are_not_counted_either_way(tmp_path: Path) -> None:
    folder = tmp_path / "township"
    assert run(folder, "init", "--township", TOWNSHIP).returncode == 0
    added = run(
        folder,
        "record",
        "add",
        "enterprises",
        "--jsonl",
        "-",
        stdin='{"credit_code":"91330329MA2H00006J","name":"泰顺县竹韵竹木制品有限公司"}\n'
        '{"credit_code":"92330329MA2H00014A","name":"泰顺县罗阳茗香茶业有限公司"}\n',
    )
    assert added.returncode == 0, added.stderr
    assert run(folder, "record", "delete", added.stdout.split()[0]).returncode == 0
    data = json.loads(_same(folder, "stats", "--json"))
    assert data["total"]["enterprises"] == 1
    assert data["by_owner"] == {TOWNSHIP: {**dict.fromkeys(data["total"], 0), "enterprises": 1}}


def test_a_wrong_clock_is_warned_about_either_way(tmp_path: Path) -> None:
    folder = tmp_path / "township"
    assert run(folder, "init", "--township", TOWNSHIP).returncode == 0
    ahead = hlc_from_datetime(datetime.now() + timedelta(days=800))
    with sqlite3.connect(_database(folder)) as connection:
        connection.execute("UPDATE installation SET hlc_last = ?", (ahead,))
    connection.close()
    quick, full = _run_bytes(folder, "stats"), _full(folder, "stats")
    assert quick.returncode == full.returncode == 0
    assert quick.stdout == full.stdout
    minute = re.compile(rb"\d{4}-\d\d-\d\d \d\d:\d\d")  # "now", read a moment apart
    assert b"warning" in quick.stderr
    assert minute.sub(b"T", quick.stderr) == minute.sub(b"T", full.stderr)


def test_an_office_at_an_older_schema_is_upgraded_first_as_before(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(FIXTURES / "schema_0001.sqlite3", _database(folder))
    first = _run_bytes(folder, "stats", "--json")  # the full path: upgrade, then count
    assert first.returncode == 0, first.stderr
    with sqlite3.connect(_database(folder)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (SCHEMA_HEAD,)
        ]
    connection.close()
    assert list((folder / "backups").glob("*before-upgrade*"))  # backed up before, as always
    assert not _sqlalchemy(_loaded(folder, "stats", "--json"))  # now at head: the quick read
    assert _same(folder, "stats", "--json") == first.stdout


@pytest.mark.parametrize(
    "state", ["missing", "empty file", "not a database", "no installation", "newer schema"]
)
def test_what_the_quick_read_cannot_use_is_explained_as_before(tmp_path: Path, state: str) -> None:
    folder = tmp_path / "office"
    if state != "missing":
        assert run(folder, "init", "--township", TOWNSHIP).returncode == 0
    path = _database(folder)
    if state == "empty file":
        path.write_bytes(b"")
        for side in ("-wal", "-shm"):
            Path(f"{path}{side}").unlink(missing_ok=True)
    elif state == "not a database":
        path.write_bytes(b"this is not a database" * 100)
        for side in ("-wal", "-shm"):
            Path(f"{path}{side}").unlink(missing_ok=True)
    elif state in ("no installation", "newer schema"):
        with sqlite3.connect(path) as connection:
            if state == "no installation":
                connection.execute("DELETE FROM installation")
            else:
                connection.execute("UPDATE alembic_version SET version_num = '9999'")
        connection.close()
    quick = _run_bytes(folder, "stats")
    assert quick.returncode == 2, quick.stderr
    assert b"unexpected" not in quick.stderr and quick.stdout == b""
    if state != "missing":
        full = _full(folder, "stats")
        assert (full.returncode, full.stdout, full.stderr) == (2, b"", quick.stderr)


def test_a_write_protected_stick_is_said_the_same_way(
    county: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import desktop.paths
    from desktop.cli import main

    def read_only(folder: Path) -> None:
        raise desktop.paths._read_only_error(folder, "Read-only file system")

    monkeypatch.setattr(desktop.paths, "ensure_writable", read_only)
    url = f"sqlite+pysqlite:///{_database(county)}"
    said = []
    for argv in (["stats"], ["--database-url", url, "stats"]):
        assert main(["--data-dir", str(county), *argv]) == 2
        said.append(capsys.readouterr())
    assert said[0] == said[1] and "read-only" in said[0].err.lower()


def test_a_postgresql_office_takes_the_full_path(pg_url: str, tmp_path: Path) -> None:
    """The same deterministic demo on PostgreSQL and on SQLite: the same figures, line for line."""
    lite = tmp_path / "lite"
    assert run(lite, "init", "--county").returncode == 0
    assert run(lite, "demo", "--records", "120", "--seed", "5").returncode == 0
    server = tmp_path / "pg"
    for args in (("init", "--county"), ("demo", "--records", "120", "--seed", "5")):
        done = run(server, "--database-url", pg_url, *args)
        assert done.returncode == 0, done.stderr
    for args in (("stats",), ("stats", "--json")):
        on_pg = _run_bytes(server, "--database-url", pg_url, *args)
        assert on_pg.returncode == 0, on_pg.stderr
        assert on_pg.stdout == _same(lite, *args)
