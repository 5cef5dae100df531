"""Where building indexes after a merge pays: the rule of ``desktop.sync.bulk_load``, measured.

    python benchmarks/bench_bulk_load.py [--records 100000] [--runs 3]

Three townships export a full package of ``--records`` demo records each. A county holding one
(then two) of them imports the next, once with the ledgers' indexes built after the merge and
once kept up to date row by row, interleaved (medians). ``bulk_load.worth_deferring`` builds
them after when the table holds no more rows than arrive: there that must be faster, and where
it keeps them (the table holds twice what arrives) building after must not have been faster.
Exits 1 when the rule chose the slower way.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from budgets import Report, median
from sqlalchemy import Connection

from desktop.db import Database
from desktop.paths import database_path
from desktop.services import demo
from desktop.services.office import init_office, load_office
from desktop.sync import bulk_load, export, importer

TOWNSHIPS = ("330329100000", "330329102000", "330329103000")


def township_package(root: Path, code: str, records: int, seed: int) -> tuple[Path, int]:
    """A township's full package and how many inspections it brings."""
    database = Database.for_data_dir(root / code)
    office = init_office(database, township_code=code, operator="bench")
    inspections = demo.generate(database, office, records, seed).as_dict()["inspections"]
    path = export.export_data(database, office, root / "out", full=True).path
    database.dispose()
    return path, inspections


def copy_folder(source: Path, folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for suffix in ("", "-wal", "-shm"):
        found = Path(f"{database_path(source)}{suffix}")
        if found.exists():
            shutil.copy(found, f"{database_path(folder)}{suffix}")
    return folder


def merge(folder: Path, package_file: Path) -> float:
    database = Database.for_data_dir(folder)
    office = load_office(database)
    started = time.perf_counter()
    result = importer.import_package(database, office, package_file)
    seconds = time.perf_counter() - started
    assert result.status == "merged", result.as_dict()
    database.dispose()
    return seconds


@contextmanager
def deciding(rule: Callable[[Connection, str, int], bool]) -> Iterator[None]:
    chosen = bulk_load.worth_deferring
    bulk_load.worth_deferring = rule
    try:
        yield
    finally:
        bulk_load.worth_deferring = chosen


def always(connection: Connection, table: str, incoming: int) -> bool:
    return connection.dialect.name == "sqlite" and incoming >= bulk_load.BULK_ROWS


def never(connection: Connection, table: str, incoming: int) -> bool:
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-bulk-"))
    try:
        return run(root, args.records, args.runs)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def run(root: Path, records: int, runs: int) -> int:
    packages = [
        township_package(root / "townships", code, records, seed)
        for seed, code in enumerate(TOWNSHIPS, start=1)
    ]
    county = root / "county-0"
    database = Database.for_data_dir(county)
    init_office(database, county=True, operator="bench")
    database.dispose()
    holding = [county]
    for number, (package_file, _) in enumerate(packages[:-1], start=1):
        folder = copy_folder(holding[-1], root / f"county-{number}")
        merge(folder, package_file)
        holding.append(folder)
    report = Report(f"indexes built after a merge, {records:,}-record packages, medians of {runs}")
    for held, (folder, (package_file, arriving)) in enumerate(
        zip(holding[1:], packages[1:], strict=True), start=1
    ):
        times: dict[str, list[float]] = {"after": [], "row by row": []}
        for _ in range(runs):  # interleaved
            for way, rule in (("after", always), ("row by row", never)):
                with deciding(rule):
                    times[way].append(merge(copy_folder(folder, root / "trial"), package_file))
        after, kept = median(times["after"]), median(times["row by row"])
        database = Database.for_data_dir(folder)
        with database.engine.connect() as connection:
            defers = bulk_load.worth_deferring(connection, "inspections", arriving)
        database.dispose()
        label = f"county holding {held} package(s), {'built after' if defers else 'kept'}"
        report.note(f"{label}: built after {after:.2f} s, row by row {kept:.2f} s")
        if defers:
            report.check(f"{label}: built after ÷ row by row", after / kept, 1.0, "×")
        else:
            report.check(f"{label}: row by row ÷ built after", kept / after, 1.05, "×")
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
