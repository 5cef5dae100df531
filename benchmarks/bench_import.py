"""Benchmark of the ledger import at 100,000 inspection rows, against openpyxl's bare read.

    python benchmarks/bench_import.py [--rows 100000] [--runs 1]

Builds a township's inspection ledger (18 columns, shared strings, Excel dates, a merged title
row, 2,000 enterprises with valid credit codes) and, in the same run:

- **bare**: openpyxl's read-only mode iterating every row of the same file (``values_only``),
  the cheapest way to read it with the library everybody uses;
- **import**: ``quality-desk import-ledger inspections FILE`` in a fresh process on a freshly
  initialised township database: read, map, check, create the enterprises, write every row with
  its audit entry in one transaction — the whole command, interpreter start-up included.

Goals from issue 13: the import ≤ 20 s and ≤ 300 MB resident (peak RSS of the import process).
Prints medians, rows/s and the ratio import ÷ bare (< 1 means the import is faster than merely
reading the file with openpyxl).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from budgets import Report  # noqa: E402

from tests.services.ledger_files import big_inspection_workbook  # noqa: E402

TOWNSHIP = "330329100000"
TIME_GOAL_S = 20.0
MEMORY_GOAL_MB = 300.0


def bare_read(path: Path) -> int:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    count = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return count


RUN = """
import sys
from desktop.cli import main
code = main(sys.argv[1:])
with open("/proc/self/status") as status:
    peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
print("PEAK_RSS_KB", peak)
sys.exit(code)
"""
"""The command line in a process that reports its own peak resident size at the end."""


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-c", RUN, "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )


def import_once(path: Path, folder: Path) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, stdout) of one import into a fresh township database."""
    init = cli(folder, "init", "--township", TOWNSHIP)
    if init.returncode != 0:
        raise SystemExit(init.stderr)
    start = time.perf_counter()
    result = cli(
        folder,
        "import-ledger",
        "inspections",
        str(path),
        "--default",
        "category_code=INS_FOOD_SAFETY_SAMPLING",
        "--json",
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    body, _, peak = result.stdout.rpartition("PEAK_RSS_KB")
    return elapsed, int(peak) / 1024, body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qd-bench-import-") as tmp:
        root = Path(tmp)
        path = big_inspection_workbook(root / "抽检台账.xlsx", args.rows)
        print(f"file: {args.rows} rows, {path.stat().st_size / 1e6:.1f} MB")
        bare_times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            count = bare_read(path)
            bare_times.append(time.perf_counter() - start)
        assert count == args.rows + 2, count
        runs = [import_once(path, root / f"db{i}") for i in range(args.runs)]
        bare = statistics.median(bare_times)
        seconds = statistics.median(r[0] for r in runs)
        memory = max(r[1] for r in runs)
        import json

        counts = json.loads(runs[-1][2])["counts"]
        print(f"counts: {counts}")
        print(f"openpyxl bare read : {bare:6.2f} s  {args.rows / bare:9,.0f} rows/s")
        print(f"import-ledger      : {seconds:6.2f} s  {args.rows / seconds:9,.0f} rows/s")
        print(f"ratio import/bare  : {seconds / bare:6.2f}")
        print(f"peak RSS of import : {memory:6.1f} MB")
        report = Report("ledger import, issue 13")
        report.check(
            "import-ledger seconds per 100,000 rows",
            seconds * 100_000 / args.rows,
            TIME_GOAL_S,
            " s",
            detail=f"bare openpyxl read {bare * 100_000 / args.rows:.2f} s, same run",
        )
        report.check("peak resident memory of the import", memory, MEMORY_GOAL_MB, " MB")
        return report.finish()


if __name__ == "__main__":
    sys.exit(main())
