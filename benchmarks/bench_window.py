"""Benchmark of the window over a million inspections: start-up, first rows, filter keystrokes,
scrolling memory — each beside its floor measured in the same run.

Run: ``python benchmarks/bench_window.py [--data-dir DIR] [--records-per-township N]``.

1. A county database with about 1,000,000 inspections (19 townships of deterministic demo
   data, 80,000 records each) is built once and cached under ``$TMPDIR/quality-desk-bench-window``
   (or ``--data-dir``); its search index is brought up to date before measuring (timed).
2. Start-up: ``python -m desktop.ui DIR`` until the main window is shown, against a bare PySide6
   window (QApplication + QMainWindow.show) — interleaved runs, medians, budget 1.5×.
3. First rows of the inspection ledger after opening it (budget 300 ms), beside the bare SQL of
   that page run through sqlite3.
4. Keystrokes in the filter box, typed one character at a time (2-character Chinese terms, a
   common term, terms that match nothing): from the keystroke to the view showing the new first
   page (budget: median 100 ms, worst 300 ms), each beside the bare SQL of its page query; the
   plain ``LIKE`` scan the index replaces is printed too. The total count arrives afterwards
   in the background and is printed for information.
5. Scrolling from the top to the bottom of the unfiltered ledger in a real QTableView: a screen
   at a time through the first ``--scroll-rows`` rows, then the scroll bar dragged to the end in
   ``--drag-steps`` steps, each waiting for its rows: growth of the process's resident memory
   (budget 100 MB).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QTableView
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.sql import Select

from desktop.db import Database
from desktop.services import demo
from desktop.services.fields import LEDGERS
from desktop.services.office import init_office
from desktop.services.queries import LedgerQuery, select_ids
from desktop.services.search_index import SCHEMA, SearchIndex
from desktop.ui.display import ReferenceLabels
from desktop.ui.table_model import PAGE_SIZE, LedgerTableModel
from desktop.ui.tasks import TaskRunner

TYPED = ("茶叶", "香菇", "泰顺县市场监督", "鑫鑫", "zq", "竹制家具")
"""Typed one character at a time after clearing the box: 2-character Chinese terms, a long
common phrase, and terms that match nothing."""
BARE_WINDOW = (
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([])\n"
    "window = QMainWindow()\n"
    "window.resize(1280, 780)\n"
    "window.show()\n"
    "app.processEvents()\n"
    "print('shown', flush=True)\n"
    "app.exec()\n"
)


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def ensure_database(data_dir: Path, per_township: int) -> None:
    if (data_dir / "quality-desk.sqlite3").exists():
        return
    print(f"building the demo database in {data_dir} (a few minutes, once)…", flush=True)
    started = time.perf_counter()
    database = Database.for_data_dir(data_dir)
    office = init_office(database, county=True, operator="bench")
    demo.generate(database, office, records=per_township, seed=1)
    database.dispose()
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)


def wait_for(signal: object, action: Callable[[], object], timeout_ms: int = 60000) -> float:
    """Run ``action`` and wait for ``signal``; returns the seconds it took."""
    loop = QEventLoop()
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    started = time.perf_counter()
    action()
    timer.start(timeout_ms)
    loop.exec()
    elapsed = time.perf_counter() - started
    signal.disconnect(loop.quit)  # type: ignore[attr-defined]
    QApplication.processEvents()
    return elapsed


def bare_sql(raw: sqlite3.Connection, statement: Select[str]) -> float:
    """Best of three runs of a statement, compiled with its values, through sqlite3."""
    sql = str(
        statement.compile(dialect=sqlite_dialect.dialect(), compile_kwargs={"literal_binds": True})
    )
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        raw.execute(sql).fetchall()
        best = min(best, time.perf_counter() - started)
    return best


def measure_startup(data_dir: Path, runs: int) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QUALITY_DESK_PRINT_SHOWN="1")

    def once(command: list[str]) -> float:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True
        )
        assert process.stdout is not None
        for line in process.stdout:
            if line.strip() == "shown":
                break
        elapsed = time.perf_counter() - started
        process.kill()
        process.wait()
        return elapsed

    bare, ours = [], []
    for _ in range(runs):
        bare.append(once([sys.executable, "-c", BARE_WINDOW]))
        ours.append(once([sys.executable, "-m", "desktop.ui", str(data_dir)]))
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"\n== start-up to a shown window (median of {runs}, interleaved)")
    print(f"  bare PySide6 window   {b * 1000:7.0f} ms")
    print(f"  Quality Desk window   {o * 1000:7.0f} ms   ratio {o / b:.2f}  (budget 1.50)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--records-per-township", type=int, default=80000)
    parser.add_argument("--startup-runs", type=int, default=9)
    parser.add_argument(
        "--scroll-rows", type=int, default=30000, help="rows scrolled a screen at a time"
    )
    parser.add_argument("--drag-steps", type=int, default=20, help="drags from there to the end")
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.gettempdir()) / "quality-desk-bench-window"
    ensure_database(data_dir, args.records_per_township)

    app = QApplication.instance() or QApplication([])
    database = Database.for_data_dir(data_dir)
    index = SearchIndex(database)
    started = time.perf_counter()
    indexed = index.update_all()
    took = time.perf_counter() - started
    print(f"search index brought up to date: {indexed:,} rows in {took:.1f} s")
    raw = sqlite3.connect(str(data_dir / "quality-desk.sqlite3"))
    raw.execute(f"ATTACH DATABASE ? AS {SCHEMA}", (str(index.index_path),))

    measure_startup(data_dir, args.startup_runs)

    spec = LEDGERS["inspections"]
    labels = ReferenceLabels.load(database)
    runner = TaskRunner()
    model = LedgerTableModel(spec, database, labels, runner, search=index)
    today = model._today()
    opened = wait_for(model.refreshed, lambda: model.set_query(LedgerQuery()))
    floor, _ = model.reads.page_statement(spec, model.query, today)
    if model.total is None:
        wait_for(model.counted, lambda: None)
    print(f"\n== first rows of the inspection ledger ({model.total or 0:,} rows in all)")
    floor_ms = bare_sql(raw, floor) * 1000
    print(f"  shown after {opened * 1000:7.1f} ms   bare SQL {floor_ms:6.1f} ms   (budget 300 ms)")

    print("\n== keystrokes in the filter box (view shows the new first page)")
    heading = ("text", "view ms", "bare SQL", "LIKE scan", "rows", "count ms")
    print("  {:<12} {:>8} {:>9} {:>10} {:>10} {:>9}".format(*heading))
    times: list[float] = []
    for term in TYPED:
        wait_for(model.refreshed, lambda: model.set_query(LedgerQuery()))
        for length in range(1, len(term) + 1):
            typed = term[:length]
            query = replace(model.query, text=typed)
            shown = wait_for(model.refreshed, lambda q=query: model.set_query(q))
            counted_at = time.perf_counter()
            if model.total is None:
                wait_for(model.counted, lambda: None)
            count_ms = (time.perf_counter() - counted_at + shown) * 1000
            statement, _ = model.reads.page_statement(spec, replace(query, limit=PAGE_SIZE), today)
            like = select_ids(spec, replace(query, limit=PAGE_SIZE), today)
            times.append(shown)
            print(
                f"  {typed:<12} {shown * 1000:8.1f} {bare_sql(raw, statement) * 1000:9.1f}"
                f" {bare_sql(raw, like) * 1000:10.1f} {model.total or 0:>10,} {count_ms:9.0f}"
            )
    print(
        f"  median {statistics.median(times) * 1000:.1f} ms (budget 100), "
        f"worst {max(times) * 1000:.1f} ms (budget 300), {len(times)} keystrokes"
    )

    wait_for(model.refreshed, lambda: model.set_query(LedgerQuery()))
    if model.total is None:
        wait_for(model.counted, lambda: None)
    view = QTableView()
    view.setModel(model)
    view.resize(1280, 780)
    view.show()
    app.processEvents()
    bar = view.verticalScrollBar()
    limit = min(args.scroll_rows, model.rowCount())
    before = rss_mb()
    peak = before
    started = time.perf_counter()
    screens = 0
    # A screen at a time through the first rows (each new page is read after the one before it)…
    while bar.value() < bar.maximum() and view.rowAt(0) < limit:
        bar.setValue(bar.value() + bar.pageStep())
        app.processEvents()
        screens += 1
        if screens % 200 == 0:
            peak = max(peak, rss_mb())
    # …then the scroll bar dragged down to the bottom in steps (far pages load in the background).
    jumps = 0
    for step in range(1, args.drag_steps + 1):
        target = bar.value() + (bar.maximum() - bar.value()) // (args.drag_steps - step + 1)
        bar.setValue(target)
        app.processEvents()
        first = view.rowAt(0)
        deadline = time.perf_counter() + 60
        while model.data(model.index(first, 0)) is None and time.perf_counter() < deadline:
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        jumps += 1
        peak = max(peak, rss_mb())
    last_row = view.rowAt(view.viewport().height() - 1)
    took = time.perf_counter() - started
    print("\n== scrolling top to bottom")
    print(
        f"  {screens:,} screens one by one to row {limit:,}, then {jumps} drags to the bottom; "
        f"last row shown {last_row + 1:,} of {model.rowCount():,}; {took:.0f} s"
    )
    growth = peak - before
    print(f"  resident memory {before:.0f} MB, peak {peak:.0f} MB: growth {growth:.0f} MB")
    print("  (budget: growth under 100 MB)")
    runner.wait()
    index.close()
    database.dispose()
    sys.stdout.flush()
    # PySide6 6.12 can crash while collecting Qt objects at interpreter exit; the figures are out.
    os._exit(0)


if __name__ == "__main__":
    main()
