"""Benchmark of sync packages at 100,000 records, against bare pipelines in the same run.

    python benchmarks/bench_sync.py [--records 100000] [--runs 3]

What a county clerk waits for, each against a baseline measured in the same run (medians):

- **import** (read, verify, parse, validate, merge, commit) of a 100k-record package into a
  freshly initialised county database, in a process of its own as the window's import would be:
  - throughput ≥ 0.8× a *bare pipeline* on the same package and the same fresh database:
    ``zipfile`` + ``hashlib`` + ``orjson`` + ``sqlite3`` ``executemany`` upsert, one transaction,
    SQLite's defaults;
  - throughput ≥ 3× today's: the release before issue 16 (commit ``REFERENCE_COMMIT``, taken
    from git into a temporary folder) exports the same demo records in its own package format
    and imports that into its own freshly initialised county database, in the same run,
    interleaved with ours (rows per second compared);
  - peak resident memory of that process ≤ 150 MB (a 4 GB township PC running other programs);
- **export** of the same rows (``--full``) ≤ 1.3× a bare query + ``orjson`` + zip.

Dry run and re-import are printed for information, and two floors beside the 3× budget: the
bare pipeline into the ledgers with their secondary indexes dropped, and SQLite's part alone
(rows parsed into tuples beforehand, untimed; written, indexes built after, committed). Exits 1
when a budget is missed.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from budgets import Report, median

from desktop.db import Database
from desktop.models import LEDGER_MODELS
from desktop.paths import database_path
from desktop.services import demo
from desktop.services.office import init_office, load_office
from desktop.sync import export, importer
from desktop.sync.rows import ledger_columns

TOWNSHIP = "330329100000"
IMPORT_VS_BARE = 0.8
REFERENCE_COMMIT = "35e673e"
"""main before issue 16: "today's" import, measured beside ours in every run."""
IMPORT_VS_TODAY = 3.0
PEAK_RSS_MB = 150.0
EXPORT_VS_BARE = 1.3


def median_of(runs: int, setup: Callable[[], object], work: Callable[[object], None]) -> float:
    times = []
    for _ in range(runs):
        state = setup()
        start = time.perf_counter()
        work(state)
        times.append(time.perf_counter() - start)
    return median(times)


def bare_export(db_file: Path, out: Path) -> None:
    connection = sqlite3.connect(db_file)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in LEDGER_MODELS:
            cursor = connection.execute(f"SELECT * FROM {table} WHERE owner = ?", (TOWNSHIP,))
            columns = [d[0] for d in cursor.description]
            data = b"".join(
                orjson.dumps(dict(zip(columns, row, strict=True))) + b"\n" for row in cursor
            )
            archive.writestr(f"{table}.jsonl", data)
    out.write_bytes(buffer.getvalue())
    connection.close()


Tuples = dict[str, list[tuple[Any, ...]]]
"""Each ledger's rows as value tuples in column order."""


def bare_tuples(package_file: Path) -> Tuples:
    """The bare pipeline's read: zipfile, hashlib, orjson, value tuples in column order."""
    raw = package_file.read_bytes()
    tuples: Tuples = {}
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for table in LEDGER_MODELS:
            name = f"{table}.jsonl"
            if name not in archive.namelist():
                continue
            data = archive.read(name)
            hashlib.sha256(data).hexdigest()
            rows = [orjson.loads(line) for line in data.splitlines()]
            columns = ledger_columns(table)
            tuples[table] = [
                tuple(
                    orjson.dumps(v).decode() if isinstance(v, list) else v
                    for v in (row[c] for c in columns)
                )
                for row in rows
            ]
    return tuples


def bare_write(connection: sqlite3.Connection, tuples: Tuples) -> None:
    """The bare pipeline's write: one ``executemany`` upsert a ledger (the caller commits)."""
    for table, values in tuples.items():
        columns = ledger_columns(table)
        sets = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
        connection.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
            f"({', '.join('?' * len(columns))}) ON CONFLICT(id) DO UPDATE SET {sets} "
            f"WHERE excluded.hlc > {table}.hlc",
            values,
        )


def bare_import(db_file: Path, package_file: Path) -> None:
    connection = sqlite3.connect(db_file)
    bare_write(connection, bare_tuples(package_file))
    connection.commit()
    connection.close()


def timed_writes(folder: Path, package_file: Path) -> tuple[float, float]:
    """Wall and CPU seconds SQLite's part alone takes: the rows already parsed into tuples
    (not timed), written with the ledgers' indexes built after them, and committed."""
    tuples = bare_tuples(package_file)
    db_file = database_path(folder)
    connection = sqlite3.connect(db_file, isolation_level=None)
    indexes = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({', '.join('?' * len(LEDGER_MODELS))})",
        list(LEDGER_MODELS),
    ).fetchall()
    started, cpu = time.perf_counter(), time.process_time()
    connection.execute("BEGIN")
    for name, _ in indexes:
        connection.execute(f'DROP INDEX "{name}"')
    bare_write(connection, tuples)
    for _, create in indexes:
        connection.execute(create)
    connection.execute("COMMIT")
    seconds, spent = time.perf_counter() - started, time.process_time() - cpu
    connection.close()
    return seconds, spent


def timed_bare(folder: Path, package_file: Path) -> tuple[float, float]:
    """Wall and CPU seconds of the bare pipeline (run in this process)."""
    started, cpu = time.perf_counter(), time.process_time()
    bare_import(database_path(folder), package_file)
    return time.perf_counter() - started, time.process_time() - cpu


def drop_ledger_indexes(db_file: Path) -> int:
    """Drop the secondary indexes of the ledger tables (the floor's database); returns how many."""
    connection = sqlite3.connect(db_file)
    names = [
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({', '.join('?' * len(LEDGER_MODELS))})",
            list(LEDGER_MODELS),
        )
    ]
    for name in names:
        connection.execute(f'DROP INDEX "{name}"')
    connection.commit()
    connection.close()
    return len(names)


REFERENCE_INIT = (
    "import sys; from pathlib import Path; from desktop.db import Database; "
    "from desktop.services.office import init_office; "
    "d = Database.for_data_dir(Path(sys.argv[1])); init_office(d, county=True, operator='bench')"
)
REFERENCE_EXPORT = (
    "import sys; from pathlib import Path; from desktop.db import Database; "
    "from desktop.services import demo; from desktop.services.office import init_office; "
    "from desktop.sync import export; d = Database.for_data_dir(Path(sys.argv[1])); "
    f"o = init_office(d, township_code='{TOWNSHIP}', operator='bench'); "
    "demo.generate(d, o, int(sys.argv[2]), 1); "
    "print(export.export_data(d, o, Path(sys.argv[1]) / 'out', full=True).path)"
)
REFERENCE_IMPORT = (
    "import sys, time; from pathlib import Path; from desktop.db import Database; "
    "from desktop.services.office import load_office; from desktop.sync import importer; "
    "d = Database.for_data_dir(Path(sys.argv[1])); o = load_office(d); t = time.perf_counter(); "
    "c = time.process_time(); "
    "r = importer.import_package(d, o, Path(sys.argv[2])); "
    "print(time.perf_counter() - t, time.process_time() - c, r.status, r.totals.created)"
)


def reference_tree(root: Path) -> Path:
    """The source of REFERENCE_COMMIT's ``desktop`` package, for PYTHONPATH."""
    folder = root / "reference"
    folder.mkdir()
    repo = Path(__file__).resolve().parent.parent
    archive = subprocess.run(
        ["git", "-C", str(repo), "archive", REFERENCE_COMMIT, "desktop", "resources"],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def reference_import(
    tree: Path, template: Path, folder: Path, package_file: Path
) -> tuple[float, float, int]:
    """Wall and CPU seconds today's release takes to import its package into a fresh county
    database, and the rows it created."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    folder.mkdir()
    shutil.copy(database_path(template), database_path(folder))
    result = subprocess.run(
        [sys.executable, "-c", REFERENCE_IMPORT, str(folder), str(package_file)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=tree,
    )
    seconds, cpu, status, created = result.stdout.split()
    if status != "merged":
        raise SystemExit(f"today's release did not merge its package: {result.stdout}")
    return float(seconds), float(cpu), int(created)


def child_import(data_dir: str, package_file: str, dry_run: str) -> None:
    """Run in a process of its own: import, print the seconds the import call took."""
    database = Database.for_data_dir(Path(data_dir))
    office = load_office(database)
    started, cpu = time.perf_counter(), time.process_time()
    result = importer.import_package(database, office, Path(package_file), dry_run=dry_run == "dry")
    took, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert result.status in ("merged", "dry_run"), result.as_dict()
    print(f"{took} {cpu} {result.totals.created} {peak_resident_mb()}", flush=True)
    database.dispose()


def peak_resident_mb() -> float:
    """This process's peak resident memory (VmHWM). Not ``wait4``'s ``ru_maxrss``: that keeps
    the high-water mark of the forked parent across ``exec`` (the benchmark's 600 MB)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def import_in_process(
    folder: Path, package_file: Path, dry_run: bool
) -> tuple[float, float, int, float]:
    """Wall and CPU seconds of the import call, rows created, the process's peak resident MB."""
    process = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--child-import",
            str(folder),
            str(package_file),
            "dry" if dry_run else "wet",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    output = process.stdout.read()
    if process.wait() != 0:
        raise SystemExit(f"the import process failed ({process.returncode})")
    seconds, cpu, created, peak = output.split()
    return float(seconds), float(cpu), int(created), float(peak)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child-import", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_import:
        child_import(*args.child_import)
        return 0
    root = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    try:
        return run(root, args.records, args.runs)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def run(root: Path, records: int, runs: int) -> int:
    township_dir, county_dir = root / "township", root / "county-template"
    township_db = Database.for_data_dir(township_dir)
    office = init_office(township_db, township_code=TOWNSHIP, operator="bench")
    counts = demo.generate(township_db, office, records, 1)
    total = sum(counts.as_dict().values())
    county_db = Database.for_data_dir(county_dir)
    init_office(county_db, county=True, operator="bench")
    county_db.dispose()
    print(f"rows in the package: {total:,} ({counts.as_dict()})")
    tree = reference_tree(root)
    reference_env = dict(os.environ, PYTHONPATH=str(tree))
    reference_template = root / "reference-county"
    subprocess.run(
        [sys.executable, "-c", REFERENCE_INIT, str(reference_template)],
        env=reference_env,
        check=True,
        cwd=tree,
    )
    reference_package = Path(
        subprocess.run(
            [
                sys.executable,
                "-c",
                REFERENCE_EXPORT,
                str(root / "reference-township"),
                str(records),
            ],
            env=reference_env,
            check=True,
            cwd=tree,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )

    exported: list[Path] = []

    def our_export(_: object) -> None:
        exported.append(export.export_data(township_db, office, root / "out", full=True).path)

    bare_out = root / "bare.zip"
    export_ours: list[float] = []
    export_bare: list[float] = []
    for _ in range(runs):
        export_ours.append(median_of(1, lambda: None, our_export))
        export_bare.append(
            median_of(1, lambda: None, lambda _: bare_export(database_path(township_dir), bare_out))
        )
    township_db.dispose()
    package_file = exported[0]
    print(f"package: {package_file.stat().st_size / 2**20:.1f} MB")

    counter = iter(range(10_000))

    def fresh_county() -> Path:
        folder = root / f"county-{next(counter)}"
        folder.mkdir()
        shutil.copy(database_path(county_dir), database_path(folder))
        return folder

    def floor_county() -> Path:
        folder = fresh_county()
        drop_ledger_indexes(database_path(folder))
        return folder

    ours: list[float] = []
    dry: list[float] = []
    peaks: list[float] = []
    bare: list[float] = []
    floor: list[float] = []
    writes: list[float] = []
    today: list[float] = []
    cpu: dict[str, list[float]] = {
        name: [] for name in ("ours", "dry", "bare", "floor", "writes", "today")
    }
    for _ in range(runs):  # interleaved, so a burst of load hits all of them alike
        seconds, spent, created, peak = import_in_process(
            fresh_county(), package_file, dry_run=False
        )
        assert created == total, (created, total)
        ours.append(seconds)
        cpu["ours"].append(spent)
        peaks.append(peak)
        seconds, spent, _, peak = import_in_process(fresh_county(), package_file, dry_run=True)
        dry.append(seconds)
        cpu["dry"].append(spent)
        peaks.append(peak)
        seconds, spent = timed_bare(fresh_county(), package_file)
        bare.append(seconds)
        cpu["bare"].append(spent)
        seconds, spent = timed_bare(floor_county(), package_file)
        floor.append(seconds)
        cpu["floor"].append(spent)
        seconds, spent = timed_writes(fresh_county(), package_file)
        writes.append(seconds)
        cpu["writes"].append(spent)
        seconds, spent, reference_rows = reference_import(
            tree, reference_template, root / f"ref-{next(counter)}", reference_package
        )
        today.append(seconds)
        cpu["today"].append(spent)

    reimport_folder = fresh_county()
    import_in_process(reimport_folder, package_file, dry_run=False)

    def reimport(_: object) -> None:
        database = Database.for_data_dir(reimport_folder)
        copy = root / f"again-{time.perf_counter_ns()}.qdpkg"
        shutil.copy(package_file, copy)
        # A different file name is still the same manifest: "already imported", nothing changes.
        result = importer.import_package(database, load_office(database), copy)
        assert result.status == "already_imported"
        database.dispose()

    ours_reimport = median_of(runs, lambda: None, reimport)

    report = Report(f"sync packages, {total:,} rows, medians of {runs} interleaved runs")

    def line(label: str, seconds: float, spent: str = "", rows: int = total) -> None:
        cpu_ms = f"  cpu {median(cpu[spent]) * 1000:7.0f} ms" if spent else ""
        report.note(f"{label:<52} {seconds * 1000:9.0f} ms  {rows / seconds:10,.0f} rows/s{cpu_ms}")

    line("export (ours, --full)", median(export_ours))
    line("export (bare query + orjson + zip)", median(export_bare))
    line("import (ours: read, verify, parse, validate, merge)", median(ours), "ours")
    line("import dry run (ours)", median(dry), "dry")
    line("import (bare zipfile + hashlib + orjson + upsert)", median(bare), "bare")
    line("import (bare pipeline, index-free floor)", median(floor), "floor")
    line("SQLite's part alone (parsed tuples, indexes after)", median(writes), "writes")
    line(
        f"import (today: {REFERENCE_COMMIT}, its own package)",
        median(today),
        "today",
        reference_rows,
    )
    line("re-import of the same package (already imported)", ours_reimport)
    per_row = median(cpu["ours"]) / total
    vs_bare = median(cpu["bare"]) / median(cpu["ours"])
    report.note(  # CPU moves less with the machine's load than wall time does
        f"the same ratios from CPU time: ours / bare {vs_bare:.2f}×, "
        f"ours / today's {median(cpu['today']) / reference_rows / per_row:.2f}× (for information)"
    )
    needed = median(today) * total / reference_rows / IMPORT_VS_TODAY
    report.note(  # what the 3× budget asks, beside what the machine can do at all
        f"{IMPORT_VS_TODAY:g}× today's release means {total:,} rows in ≤ {needed * 1000:.0f} ms; "
        f"the index-free bare pipeline takes {median(floor) * 1000:.0f} ms "
        f"({median(floor) / needed:.2f}× that), SQLite's part alone {median(writes) * 1000:.0f} ms "
        f"({median(writes) / needed:.2f}×)"
    )
    report.check(
        "import throughput ours / bare pipeline",
        median(bare) / median(ours),
        IMPORT_VS_BARE,
        "×",
        at_least=True,
    )
    report.check(
        "import throughput ours / today's release",
        (total / median(ours)) / (reference_rows / median(today)),
        IMPORT_VS_TODAY,
        "×",
        at_least=True,
    )
    report.check("import peak resident memory", max(peaks), PEAK_RSS_MB, " MB")
    report.check(
        "export time ours / bare", median(export_ours) / median(export_bare), EXPORT_VS_BARE, "×"
    )
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
