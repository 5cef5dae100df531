"""Benchmark of the reports: every indicator over ~1,000,000 ledger rows, and a 100,000-row sheet.

Run: ``python benchmarks/bench_reports.py [--records-per-township N] [--repeat R]
[--data-dir DIR] [--only indicators|sheet] [--detail-rows N]`` (``--only sheet
--detail-rows 20000`` is a quick run while working on the workbook; the figures are taken at
100,000 rows).

1. A county database with about a million ledger rows (19 townships of deterministic demo data)
   is built once and cached under ``$TMPDIR/quality-desk-bench/`` (delete it to rebuild).
2. ``compute_indicators`` for all 34 targets with the per-township breakdown, each run in a
   session of its own with nothing kept from the run before: median of R runs, against the
   budget of 0.3 s. The CPU time of the same runs is printed beside it (on a shared machine the
   wall time moves with the load; the CPU time much less).
3. The 抽检检查明细 detail sheet of 100,000 rows, end to end (SQL query with its joins, labels,
   safe-text check, styled header, frozen panes, print setup, save), against XlsxWriter's
   ``constant_memory`` mode dumping the very same 100,000 value tuples bare into a workbook,
   measured in the same run, interleaved; the budget is a ratio of 1.5. openpyxl's write-only
   dump of the same rows is printed for information. CPU time (``process_time``) is printed
   beside the wall-clock medians: on a shared machine the load moves wall-clock time.

Exits 1 when a budget is missed.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import xlsxwriter
from budgets import Report
from openpyxl import Workbook
from sqlalchemy import func, select

from desktop.db import Database
from desktop.models import LEDGER_MODELS
from desktop.reports import details, xlsx
from desktop.reports.basis import Span
from desktop.reports.indicators import compute_indicators
from desktop.reports.workbook import write_detail_sheet
from desktop.services import demo
from desktop.services.office import init_office, open_office

AS_OF = date(2022, 6, 30)
DETAIL_ROWS = 100_000
INDICATORS_BUDGET_S = 0.3
SHEET_VS_XLSXWRITER = 1.5


def _settled(database: Database) -> Database:
    """Bring the schema to this release's head (its indexes), then fold the write-ahead log into
    the database file, as SQLite does between working days."""
    open_office(database)
    if database.dialect == "sqlite":
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return database


def _database(records_per_township: int, data_dir: str | None) -> Database:
    if data_dir:
        return _settled(Database.for_data_dir(Path(data_dir)))
    folder = Path(tempfile.gettempdir()) / "quality-desk-bench" / f"reports-{records_per_township}"
    marker = folder / "complete"
    database = Database.for_data_dir(folder)
    if not marker.exists():
        print(f"building the county database in {folder} (once) ...", flush=True)
        office = init_office(database, county=True, operator="bench")
        start = time.perf_counter()
        demo.generate(database, office, records_per_township, seed=7, today=date(2024, 12, 31))
        print(f"  generated in {time.perf_counter() - start:.0f} s", flush=True)
        marker.write_text("ok")
    return _settled(database)


def _rows(database: Database) -> int:
    with database.session() as session:
        return sum(
            int(session.scalar(select(func.count()).select_from(model)) or 0)
            for model in LEDGER_MODELS.values()
        )


def _median(runs: list[float]) -> float:
    return statistics.median(runs)


def _timed(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def write_one_detail_sheet(table: details.DetailSheet, path: Path) -> int:
    """The detail sheet alone in a workbook, written and saved as the 月报 writes it."""
    written = 0

    def build(book: xlsx.Book) -> None:
        nonlocal written
        written, _pages = write_detail_sheet(book, table, "填报单位:基准测试")

    xlsx.save_atomically(path, build, created=xlsx.at_midnight(AS_OF))
    return written


def bench_indicators(database: Database, repeat: int, report: Report) -> float:
    def run() -> None:
        with database.session() as session:
            result = compute_indicators(session, AS_OF)
            assert len(result.indicators) == 34
            assert all(len(i.by_township) == 19 for i in result.indicators if i.computable)

    run()  # warm the page cache once
    runs: list[float] = []
    cpu: list[float] = []
    for _ in range(repeat):
        started = time.process_time()
        runs.append(_timed(run))
        cpu.append(time.process_time() - started)
    median = _median(runs)
    report.check(
        "34 indicators x 19 townships, median",
        median,
        INDICATORS_BUDGET_S,
        " s",
        detail="runs "
        + ", ".join(f"{r * 1000:.0f}" for r in runs)
        + f" ms; CPU median {_median(cpu) * 1000:.0f} ms",
    )
    return median


def _timed_cpu(action: Callable[[], Any]) -> tuple[float, float]:
    """(wall-clock, CPU) seconds of one run."""
    start, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - start, time.process_time() - cpu


def bench_detail_sheet(
    database: Database, repeat: int, folder: Path, report: Report, detail_rows: int
) -> float:
    span = Span(date(2019, 1, 1), date(2024, 12, 31))
    with database.session() as session:
        rows = list(
            itertools.islice(details.inspection_rows(session, span, None, AS_OF), detail_rows)
        )
    if len(rows) < detail_rows:
        sys.exit(f"only {len(rows)} inspections; use more --records-per-township")

    def bare_xlsxwriter() -> None:
        workbook = xlsxwriter.Workbook(
            str(folder / "bare-xlsxwriter.xlsx"), {"constant_memory": True}
        )
        sheet = workbook.add_worksheet("bare")
        for number, row in enumerate(rows):
            sheet.write_row(number, 0, row)
        workbook.close()

    def bare_openpyxl() -> None:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("bare")
        for row in rows:
            sheet.append(row)
        workbook.save(folder / "bare-openpyxl.xlsx")

    def ours() -> None:
        with database.session() as session:
            table = details.inspection_sheet(session, span, None, AS_OF)
            limited = details.DetailSheet(
                table.title,
                table.headers,
                table.widths,
                itertools.islice(table.rows, detail_rows),
                groups=table.groups,
            )
            count = write_one_detail_sheet(limited, folder / "ours.xlsx")
        assert count == detail_rows

    xlsxwriter_runs: list[tuple[float, float]] = []
    openpyxl_runs: list[tuple[float, float]] = []
    our_runs: list[tuple[float, float]] = []
    for _ in range(repeat):
        xlsxwriter_runs.append(_timed_cpu(bare_xlsxwriter))
        our_runs.append(_timed_cpu(ours))
        openpyxl_runs.append(_timed_cpu(bare_openpyxl))

    def medians(runs: list[tuple[float, float]]) -> tuple[float, float]:
        return _median([r[0] for r in runs]), _median([r[1] for r in runs])

    (base, base_cpu), (mine, mine_cpu) = medians(xlsxwriter_runs), medians(our_runs)
    other, other_cpu = medians(openpyxl_runs)
    report.note(
        f"detail sheet {detail_rows:,} rows x {len(rows[0])} columns, medians of {repeat} "
        f"(wall / CPU): bare XlsxWriter constant_memory {base:.2f} / {base_cpu:.2f} s, "
        f"bare openpyxl write-only {other:.2f} / {other_cpu:.2f} s, "
        f"ours (SQL + labels + styles + page breaks + save) {mine:.2f} / {mine_cpu:.2f} s"
    )
    report.note(f"detail sheet ours / bare XlsxWriter in CPU time: {mine_cpu / base_cpu:.2f}×")
    ratio = mine / base
    report.check("detail sheet ours / bare XlsxWriter", ratio, SHEET_VS_XLSXWRITER, "×")
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records-per-township", type=int, default=50_500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data-dir", help="use an existing county data folder instead")
    parser.add_argument(
        "--only", choices=("indicators", "sheet"), help="run one part only (default: both)"
    )
    parser.add_argument(
        "--detail-rows", type=int, default=DETAIL_ROWS, help="rows of the detail sheet"
    )
    args = parser.parse_args()
    database = _database(args.records_per_township, args.data_dir)
    report = Report(f"reports over {_rows(database):,} ledger rows")
    if args.only in (None, "indicators"):
        bench_indicators(database, args.repeat, report)
    if args.only in (None, "sheet"):
        with tempfile.TemporaryDirectory() as folder:
            bench_detail_sheet(
                database, max(3, args.repeat // 2 + 1), Path(folder), report, args.detail_rows
            )
    database.dispose()
    return report.finish()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
