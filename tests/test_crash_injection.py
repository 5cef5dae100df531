"""Power cuts at random moments: SIGKILL during upgrade, import, export and record add.

Each trial copies a prepared data folder, runs one ``quality-desk`` command in a subprocess and
kills it (SIGKILL: no ``finally``, no rollback) at a seeded random moment — either as a chosen SQL
statement starts (``tests.crash_child`` counts every statement on every connection, raw cursors
included) or after a random delay measured from outside. Then: ``PRAGMA integrity_check`` is
``ok``; the database is exactly as before or exactly as after (all or nothing); and running the
same command again completes by itself, with no pile of backups left behind.

``QD_CRASH_TRIALS`` (default 20) sets the number of trials, spread over the operations;
``QD_CRASH_SEED`` the seed. ``QD_CRASH_TRIALS=200`` for a long run on demand.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from desktop import db as dbmod
from desktop.paths import database_path
from desktop.services import demo
from desktop.sync import export
from tests.sync.helpers import TOWNSHIP_A, TOWNSHIP_B, make_site

FIXTURES = Path(__file__).parent / "fixtures"
TRIALS = int(os.environ.get("QD_CRASH_TRIALS", "20"))
SEED = int(os.environ.get("QD_CRASH_SEED", "20261201"))
LEDGERS = ("enterprises", "inspections", "certifications", "projects", "project_progress")
RECORD = '{"credit_code": "91330329MA2H00006J", "name": "泰顺县罗阳茗香茶业有限公司"}'


def _query(path: Path, sql: str) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.execute(sql))
    finally:
        connection.close()


def _has_table(path: Path, name: str) -> bool:
    return bool(_query(path, f"SELECT 1 FROM sqlite_master WHERE type='table' AND name='{name}'"))


def _counts(path: Path, tables: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(
        _query(path, f"SELECT count(*) FROM {t}")[0][0] if _has_table(path, t) else -1
        for t in tables
    )


def upgrade_state(path: Path) -> Any:
    tables = tuple(sorted(r[0] for r in _query(path, "SELECT name FROM sqlite_master")))
    revision = _query(path, "SELECT version_num FROM alembic_version")
    return (revision, tables, _counts(path, LEDGERS))


def import_state(path: Path) -> Any:
    """Rows of the import's tables, and every index (a first package builds them after)."""
    indexes = _query(path, "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY 1")
    return (_counts(path, ("sync_inbox", "sync_trust", "audit_log", *LEDGERS)), indexes)


def export_state(path: Path) -> Any:
    return _query(path, "SELECT sequence, manifest_sha256, file_name FROM sync_outbox ORDER BY 1")


def record_state(path: Path) -> Any:
    """Records and audit entries; the clock covers every record (its value differs by run)."""
    clock = _query(path, "SELECT hlc_last FROM installation")[0][0]
    newest = _query(path, "SELECT max(hlc) FROM enterprises")[0][0] or 0
    return (_counts(path, ("enterprises", "audit_log")), clock >= newest)


@dataclass(frozen=True)
class Operation:
    name: str
    source: Path  # data folder copied for each trial
    args: tuple[str, ...]
    state: Callable[[Path], Any]
    stdin: str | None = None


@pytest.fixture(scope="module")
def operations(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Operation]:
    root = tmp_path_factory.mktemp("crash")
    ops: dict[str, Operation] = {}
    for fixture in sorted(FIXTURES.glob("schema_*.sqlite3")):
        folder = root / fixture.stem
        folder.mkdir()
        shutil.copy(fixture, database_path(folder))
        ops[f"upgrade-{fixture.stem}"] = Operation(
            f"upgrade-{fixture.stem}", folder, ("stats",), upgrade_state
        )
    township = make_site(root / "township", TOWNSHIP_A)
    with township.open() as (database, office):
        demo.generate(database, office, 300, 7)
        package = export.export_data(database, office, root / "out", period="2026-09").path
    county = make_site(root / "county", None)
    ops["import"] = Operation("import", county.folder, ("import", str(package)), import_state)
    big = make_site(root / "big", TOWNSHIP_B)  # a first package bigger than bulk_load.BULK_ROWS
    with big.open() as (database, office):
        demo.generate(database, office, 7_000, 8)
        bulk = export.export_data(database, office, root / "out", period="2026-09").path
    ops["import-bulk"] = Operation(
        "import-bulk", county.folder, ("import", str(bulk)), import_state
    )
    ops["export"] = Operation(
        "export", township.folder, ("export", "--out", "OUT", "--period", "2026-10"), export_state
    )
    ops["record-add"] = Operation(
        "record-add",
        township.folder,
        ("record", "add", "enterprises", "--json", "-"),
        record_state,
        RECORD,
    )
    return ops


def _run(
    data: Path,
    operation: Operation,
    crash_at: int = 0,
    count_file: Path | None = None,
    kill_after: float | None = None,
    allowed: tuple[int, ...] = (0, -signal.SIGKILL),
) -> int:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "QD_CRASH_AT": str(crash_at)}
    if count_file is not None:
        env["QD_CRASH_COUNT"] = str(count_file)
    args = [a.replace("OUT", str(data.parent / "out")) for a in operation.args]
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.crash_child", "--data-dir", str(data), *args],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    if kill_after is not None:
        try:
            process.communicate(operation.stdin, timeout=kill_after)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.communicate()
        return process.returncode
    _out, err = process.communicate(operation.stdin, timeout=180)
    assert process.returncode in allowed, err
    if process.returncode == 2:
        assert "unexpected" not in err and len(err.strip().splitlines()) == 1, err
    return process.returncode


@pytest.fixture(scope="module")
def measured(
    operations: dict[str, Operation], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[int, float, Any, Any]]:
    """Per operation: statements it runs, seconds it takes, the state before and after."""
    root = tmp_path_factory.mktemp("measure")
    result = {}
    for name, operation in operations.items():
        data = root / name / "data"
        shutil.copytree(operation.source, data)
        before = operation.state(database_path(data))
        count = root / name / "count"
        started = time.monotonic()
        assert _run(data, operation, count_file=count) == 0
        seconds = time.monotonic() - started
        after = operation.state(database_path(data))
        result[name] = (int(count.read_text()), seconds, before, after)
    return result


def _trial_plan(names: list[str]) -> list[tuple[str, int]]:
    return [(names[i % len(names)], i) for i in range(TRIALS)]


OPERATION_NAMES = [
    *(f"upgrade-{p.stem}" for p in sorted(FIXTURES.glob("schema_*.sqlite3"))),
    "import",
    "import-bulk",
    "export",
    "record-add",
]


@pytest.mark.parametrize(("name", "trial"), _trial_plan(OPERATION_NAMES))
def test_killed_at_a_random_moment(
    name: str,
    trial: int,
    operations: dict[str, Operation],
    measured: dict[str, tuple[int, float, Any, Any]],
    tmp_path: Path,
) -> None:
    operation = operations[name]
    statements, seconds, before, after = measured[name]
    chance = random.Random(SEED * 1000 + trial)
    data = tmp_path / "data"
    shutil.copytree(operation.source, data)
    path = database_path(data)
    if trial % 3 == 2:  # a third of the trials: a kill from outside after a random delay
        _run(data, operation, kill_after=chance.uniform(0.05, seconds))
    else:
        _run(data, operation, crash_at=chance.randint(1, max(1, statements)))
    assert _query(path, "PRAGMA integrity_check") == [("ok",)]
    state = operation.state(path)
    assert state in (before, after), f"{name}: neither before nor after: {state}"
    if name == "export":
        _check_exported_files(data, path, before)
    # the next run completes by itself (a record that was added is refused as a duplicate)
    if name == "record-add" and state == after:
        assert _run(data, operation, allowed=(2,)) == 2
    else:
        assert _run(data, operation) == 0
    assert _query(path, "PRAGMA integrity_check") == [("ok",)]
    if name.startswith("upgrade"):
        assert operation.state(path) == after
        assert _query(path, "SELECT version_num FROM alembic_version") == [(dbmod.head_revision(),)]
        backups = data / "backups"
        copies = list(backups.glob("*.sqlite3")) if backups.exists() else []
        assert len(copies) <= 1, f"a pile of backups: {copies}"
        assert not list(backups.glob("*.upgrading")) if backups.exists() else True
        assert not list(backups.glob("*.partial")) if backups.exists() else True
        assert not list(backups.glob(".*.tmp")) if backups.exists() else True  # desktop.files
    elif name.startswith("import"):
        assert operation.state(path) == after
    elif name == "export":
        assert len(export_state(path)) in (len(after), len(after) + 1)
        _check_exported_files(data, path, before)
    elif name == "record-add":
        (records, audits), _clock = record_state(path)
        added = records - before[0][0]
        per_record = (after[0][1] - before[0][1]) // (after[0][0] - before[0][0])
        assert added in (1, 2) and audits - before[0][1] == per_record * added


def _check_exported_files(data: Path, path: Path, before: list[tuple[Any, ...]]) -> None:
    """Every package the outbox gained is on disk, whole, with the manifest it records."""
    from desktop.sync import package

    for row in export_state(path):
        if row in before:
            continue
        _sequence, digest, file_name = row
        raw = (data.parent / "out" / file_name).read_bytes()
        assert package.read(raw).manifest_sha256 == digest
