"""Benchmark of sync packages at 100,000 records, against a bare pipeline in the same run.

    python benchmarks/bench_sync.py [--records 100000] [--runs 3]

Import (read, verify, parse, validate, merge, commit) is compared with a bare pipeline on the same
package and the same freshly initialised county database: ``zipfile`` + ``hashlib`` + ``orjson``
+ ``sqlite3`` ``executemany`` upsert in one transaction. Targets: import ≥ 50 % of the bare
throughput, dry run ≈ import, export ≤ 2 × a bare query + serialise + zip of the same rows.
Prints medians and ratios.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import shutil
import sqlite3
import statistics
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import orjson

from desktop.db import Database
from desktop.models import LEDGER_MODELS
from desktop.paths import database_path
from desktop.services import demo
from desktop.services.office import init_office, load_office
from desktop.sync import export, importer, package
from desktop.sync.rows import ledger_columns

TOWNSHIP = "330329100000"


def median_of(runs: int, setup: Callable[[], object], work: Callable[[object], None]) -> float:
    times = []
    for _ in range(runs):
        state = setup()
        start = time.perf_counter()
        work(state)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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


def bare_import(db_file: Path, package_file: Path) -> None:
    raw = package_file.read_bytes()
    connection = sqlite3.connect(db_file)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        for table in LEDGER_MODELS:
            name = f"{table}.jsonl"
            if name not in archive.namelist():
                continue
            data = archive.read(name)
            hashlib.sha256(data).hexdigest()
            rows = [orjson.loads(line) for line in data.splitlines()]
            columns = ledger_columns(table)
            values = [
                tuple(
                    orjson.dumps(v).decode() if isinstance(v, list) else v
                    for v in (row[c] for c in columns)
                )
                for row in rows
            ]
            sets = ", ".join(f"{c} = excluded.{c}" for c in columns[1:])
            connection.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                f"({', '.join('?' * len(columns))}) ON CONFLICT(id) DO UPDATE SET {sets} "
                f"WHERE excluded.hlc > {table}.hlc",
                values,
            )
    connection.commit()
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    try:
        run(root, args.records, args.runs)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def run(root: Path, records: int, runs: int) -> None:
    township_dir, county_dir = root / "township", root / "county-template"
    township_db = Database.for_data_dir(township_dir)
    office = init_office(township_db, township_code=TOWNSHIP, operator="bench")
    counts = demo.generate(township_db, office, records, 1)
    total = sum(counts.as_dict().values())
    county_db = Database.for_data_dir(county_dir)
    init_office(county_db, county=True, operator="bench")
    county_db.dispose()
    print(f"rows in the package: {total:,} ({counts.as_dict()})")

    exported: list[Path] = []

    def our_export(_: object) -> None:
        exported.append(export.export_data(township_db, office, root / "out", full=True).path)

    ours_export = median_of(runs, lambda: None, our_export)
    bare_out = root / "bare.zip"
    bare_export_time = median_of(
        runs, lambda: None, lambda _: bare_export(database_path(township_dir), bare_out)
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

    def our_import(folder: object, dry_run: bool = False) -> None:
        assert isinstance(folder, Path)
        database = Database.for_data_dir(folder)
        result = importer.import_package(
            database, load_office(database), package_file, dry_run=dry_run
        )
        assert result.status in ("merged", "dry_run"), result.as_dict()
        assert result.totals.created == total
        database.dispose()

    ours_import = median_of(runs, fresh_county, our_import)
    ours_dry = median_of(runs, fresh_county, lambda f: our_import(f, dry_run=True))
    bare_import_time = median_of(
        runs,
        fresh_county,
        lambda f: bare_import(database_path(f), package_file),  # type: ignore[arg-type]
    )
    reimport_folder = fresh_county()
    our_import(reimport_folder)

    def reimport(_: object) -> None:
        database = Database.for_data_dir(reimport_folder)
        copy = root / f"again-{time.perf_counter_ns()}.qdpkg"
        shutil.copy(package_file, copy)
        # A different file name is still the same manifest: "already imported", nothing changes.
        result = importer.import_package(database, load_office(database), copy)
        assert result.status == "already_imported"
        database.dispose()

    ours_reimport = median_of(runs, lambda: None, reimport)
    read_only = median_of(runs, lambda: None, lambda _: package.read(package_file.read_bytes()))

    def line(label: str, seconds: float) -> None:
        print(f"  {label:<44} {seconds * 1000:9.0f} ms  {total / seconds:12,.0f} rows/s")

    print(f"medians of {runs} runs")
    line("export (ours, --full)", ours_export)
    line("export (bare query + orjson + zip)", bare_export_time)
    line("import (ours: read, verify, parse, validate, merge)", ours_import)
    line("import dry run (ours)", ours_dry)
    line("import (bare zipfile + hashlib + orjson + upsert)", bare_import_time)
    line("re-import of the same package (already imported)", ours_reimport)
    line("read + verify only (package.read)", read_only)
    import_ratio = bare_import_time / ours_import
    print(f"import throughput ours / bare: {import_ratio:.0%} (target >= 50%)")
    print(f"dry run / import time: {ours_dry / ours_import:.2f} (target ~1)")
    export_ratio = ours_export / bare_export_time
    print(f"export time ours / bare: {export_ratio:.2f}x (target <= 2x)")


if __name__ == "__main__":
    main()
