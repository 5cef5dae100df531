"""Benchmark of the window over 1.5 million ledger rows: start-up to rows painted, filter
keystrokes typed at a steady pace, scrolling memory and the search index's size — each beside
its floor or budget measured in the same run.

Run: ``python benchmarks/bench_window.py [--data-dir DIR] [--records-per-township N]``
(``--no-startup``, ``--no-details``, ``--no-scroll`` leave parts out).

1. A county database of about 1.5 million ledger rows (1,000,711 inspections; 19 townships of
   deterministic demo data, 80,000 records each) is built once and cached under
   ``$TMPDIR/quality-desk-bench-window`` (or ``--data-dir``); its search index is brought up to
   date before measuring (timed). Budget: the index file ≤ 25 % of the database file.
2. Start-up: ``python -m desktop.ui DIR`` until the inspection ledger's first rows are painted
   (the app prints ``rows`` then), against a bare PySide6 window (QApplication +
   QMainWindow.show) — interleaved runs, medians. Budget: ≤ 3× the bare window. The time until
   the full layer has taken over (``ready``) and the CPU seconds are printed for information.
   ``--startup-only`` stops after this part.
3. First rows of the inspection ledger after opening it (budget 300 ms), beside the bare SQL.
4. Keystrokes in the filter box of a shown table view, typed one character every 150 ms without
   waiting for anything (2-character Chinese terms, a long common phrase, terms that match
   nothing): for each key, the time from the key to the view having painted the first page of
   that text or of a later one (a key overtaken by the next one counts until the view catches
   up). Budget: median ≤ 20 ms, worst ≤ 50 ms. Beside each key: its first-page read's wall and
   CPU time (the machine is shared: the CPU time moves much less with the load), and the whole
   process's CPU per key. Unless ``--no-details``, each term is then typed again, waiting this
   time, to print its bare page SQL, the plain ``LIKE`` scan the index replaces and the total
   count (for information).
5. Scrolling from the top to the bottom of the unfiltered ledger in a real QTableView: a screen
   at a time through the first ``--scroll-rows`` rows, then the scroll bar dragged to the end in
   ``--drag-steps`` steps, each waiting for its rows: growth of the process's resident memory
   (budget 100 MB).

Exits 1 when a budget is missed.
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
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sqlite3

from budgets import Report
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication, QTableView, QWidget
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.sql import Select

from desktop.db import Database
from desktop.services import demo
from desktop.services.fields import LEDGERS
from desktop.services.office import init_office, open_office
from desktop.services.queries import LedgerQuery, select_ids
from desktop.services.search_index import SCHEMA, SearchIndex
from desktop.ui.display import ReferenceLabels
from desktop.ui.row_delegate import RowDelegate
from desktop.ui.table_model import PAGE_SIZE, LedgerTableModel
from desktop.ui.tasks import TaskRunner

KEY_INTERVAL_MS = 150
START_BUDGET = 3.0
KEY_MEDIAN_MS = 20.0
KEY_WORST_MS = 50.0
FIRST_ROWS_MS = 300.0
SCROLL_GROWTH_MB = 100.0
INDEX_SHARE = 0.25
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


def measure_startup(data_dir: Path, runs: int, report: Report) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QUALITY_DESK_PRINT_SHOWN="1")

    def once(command: list[str], markers: tuple[str, ...]) -> tuple[dict[str, float], float]:
        """Seconds from launch to each marker line, and the CPU seconds the process used."""
        started = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True
        )
        assert process.stdout is not None
        seen: dict[str, float] = {}
        for line in process.stdout:
            if line.startswith("cpu "):  # the app's own CPU seconds when it painted the rows
                seen["cpu"] = float(line.split()[1])
            if line.strip() in markers:
                seen[line.strip()] = time.perf_counter() - started
                if all(marker in seen for marker in markers):
                    break
        process.kill()
        _pid, _status, usage = os.wait4(process.pid, 0)
        process.returncode = -9
        if not all(marker in seen for marker in markers):
            raise SystemExit(f"{command} never printed {markers!r}")
        return seen, usage.ru_utime + usage.ru_stime

    bare, ours, ready, bare_cpu, rows_cpu, our_cpu = [], [], [], [], [], []
    for _ in range(runs):
        seen, cpu = once([sys.executable, "-c", BARE_WINDOW], ("shown",))
        bare.append(seen["shown"])
        bare_cpu.append(cpu)
        seen, cpu = once([sys.executable, "-m", "desktop.ui", str(data_dir)], ("rows", "ready"))
        ours.append(seen["rows"])
        if "cpu" in seen:
            rows_cpu.append(seen["cpu"])
        ready.append(seen["ready"])
        our_cpu.append(cpu)
    b, o, r = statistics.median(bare), statistics.median(ours), statistics.median(ready)
    report.note(f"start-up, median of {runs} interleaved runs:")
    report.note(
        f"  bare PySide6 window shown          {b * 1000:7.0f} ms"
        f"  (CPU {statistics.median(bare_cpu) * 1000:.0f} ms)"
    )
    cpu = f"  (CPU {statistics.median(rows_cpu) * 1000:.0f} ms)" if rows_cpu else ""
    report.note(f"  Quality Desk: ledger rows painted  {o * 1000:7.0f} ms{cpu}")
    report.note(
        f"  Quality Desk: full layer took over {r * 1000:7.0f} ms  (CPU until then "
        f"{statistics.median(our_cpu) * 1000:.0f} ms; for information: the page is usable "
        "from 'rows' on, what the clerk does meanwhile waits for this)"
    )
    report.check("start to ledger rows painted / bare window", o / b, START_BUDGET, "×")


@dataclass
class Keystroke:
    """One key of the typing part: the text it made and what serving it cost."""

    text: str
    waited: float
    """Seconds from the key to the view painting that text's first page (or a later text's)."""
    read: float | None = None
    """Wall seconds of its first-page read (SQL and building the rows), if it ran to the end."""
    cpu: float | None = None
    """CPU seconds of that read on its worker thread."""
    process_cpu: float = 0.0
    """The whole process's CPU seconds while its text was typed, per key (GUI, reads, counts,
    painting: everything that competed for the two cores)."""
    gui_cpu: float = 0.0
    """The GUI thread's share of it (keys, model resets, painting the view)."""


class ReadClock:
    """Times each first-page read of a model (wall and its thread's CPU), by text."""

    def __init__(self, model: LedgerTableModel) -> None:
        self.times: dict[str, list[tuple[float, float]]] = {}
        reads = model.reads
        page = reads.page

        def timed(*args: Any, **kwargs: Any) -> Any:
            query = args[1]
            wall, cpu = time.perf_counter(), time.thread_time()
            result = page(*args, **kwargs)
            if query.offset == 0:
                self.times.setdefault(query.text, []).append(
                    (time.perf_counter() - wall, time.thread_time() - cpu)
                )
            return result

        reads.page = timed  # type: ignore[method-assign]


class Painted(QObject):
    """Calls back when a widget has painted."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__()
        self.callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self.callback)  # after the paint has finished
        return False


def type_paced(
    model: LedgerTableModel, view: QTableView, clock: ReadClock, terms: tuple[str, ...]
) -> list[Keystroke]:
    """Type each term a key every KEY_INTERVAL_MS without waiting; per key, the time until
    the view painted the text of that key or of a later one."""
    keys: list[str] = []
    for term in terms:
        keys.extend(term[:length] for length in range(1, len(term) + 1))
        keys.append("")  # the box cleared before the next term
    pressed: list[float] = []
    shown: list[float | None] = [None] * len(keys)
    pending: list[str] = []
    clock.times.clear()

    def on_refreshed() -> None:
        pending.append(model.query.text)
        view.viewport().update()

    def on_painted() -> None:
        if not pending:
            return
        now = time.perf_counter()
        text = pending[-1]
        pending.clear()
        # The view shows key number `latest`'s text: every key pressed up to it is served.
        latest = max((i for i in range(len(pressed)) if keys[i] == text), default=-1)
        for i in range(latest + 1):
            if shown[i] is None:
                shown[i] = now

    model.refreshed.connect(on_refreshed)
    painted = Painted(view.viewport(), on_painted)
    loop = QEventLoop()
    started = time.perf_counter()

    def press(number: int) -> None:
        pressed.append(time.perf_counter())
        model.set_query(replace(model.query, text=keys[number]))
        if number + 1 < len(keys):
            due = started + (number + 1) * KEY_INTERVAL_MS / 1000
            QTimer.singleShot(
                max(0, int((due - time.perf_counter()) * 1000)), lambda: press(number + 1)
            )

    def check_done() -> None:
        if len(pressed) == len(keys) and shown[-1] is not None:
            loop.quit()

    # The loop sleeps between events (a busy loop would take a core from the reads).
    finished = QTimer()
    finished.timeout.connect(check_done)
    finished.start(5)
    QTimer.singleShot(0, lambda: press(0))
    QTimer.singleShot(len(keys) * KEY_INTERVAL_MS + 60_000, loop.quit)
    cpu, gui = time.process_time(), time.thread_time()
    loop.exec()
    cpu, gui = time.process_time() - cpu, time.thread_time() - gui
    finished.stop()
    model.refreshed.disconnect(on_refreshed)
    view.viewport().removeEventFilter(painted)
    strokes = []
    typed = sum(1 for key in keys if key)
    for i, done in enumerate(shown):
        if not keys[i]:
            continue  # the clearing keys are not part of the measure
        waited = (done if done is not None else time.perf_counter()) - pressed[i]
        read = clock.times.get(keys[i], [])
        strokes.append(
            Keystroke(
                keys[i],
                waited,
                read[0][0] if read else None,
                read[0][1] if read else None,
                cpu / typed,
                gui / typed,
            )
        )
    return strokes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--records-per-township", type=int, default=80000)
    parser.add_argument("--startup-runs", type=int, default=9)
    parser.add_argument(
        "--scroll-rows", type=int, default=30000, help="rows scrolled a screen at a time"
    )
    parser.add_argument("--drag-steps", type=int, default=20, help="drags from there to the end")
    parser.add_argument("--typing-runs", type=int, default=3, help="times the terms are typed")
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up part")
    parser.add_argument(
        "--no-details", action="store_true", help="skip the per-term SQL and counts (slow)"
    )
    parser.add_argument("--no-scroll", action="store_true", help="skip the scrolling part")
    parser.add_argument(
        "--startup-only",
        action="store_true",
        help="measure the start-up only (after bringing the database and its index up to date)",
    )
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.gettempdir()) / "quality-desk-bench-window"
    ensure_database(data_dir, args.records_per_township)

    app = QApplication.instance() or QApplication([])
    database = Database.for_data_dir(data_dir)
    open_office(database)  # this release's schema (and indexes), as the window would
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    index = SearchIndex(database)
    started = time.perf_counter()
    indexed = index.update_all()
    took = time.perf_counter() - started
    report = Report("window over 1.5 million ledger rows")
    report.note(f"search index brought up to date: {indexed:,} rows in {took:.1f} s")
    db_bytes = (data_dir / "quality-desk.sqlite3").stat().st_size
    index_bytes = sum(
        path.stat().st_size
        for path in (index.index_path, index.index_path.with_name(index.index_path.name + "-wal"))
        if path.exists()
    )
    report.check(
        "search index size / database size",
        index_bytes / db_bytes,
        INDEX_SHARE,
        detail=f"{index_bytes / 2**20:.0f} MB beside {db_bytes / 2**20:.0f} MB",
    )
    raw = sqlite3.connect(str(data_dir / "quality-desk.sqlite3"))
    raw.execute(f"ATTACH DATABASE ? AS {SCHEMA}", (str(index.index_path),))

    if not args.no_startup:
        measure_startup(data_dir, args.startup_runs, report)
    if args.startup_only:
        raw.close()
        index.close()
        database.dispose()
        return report.finish()

    if not index.is_fresh():  # the window's index keeper catches up after another process wrote
        caught_up = index.update_all()
        report.note(f"search index caught up after start-up: {caught_up:,} rows")
    spec = LEDGERS["inspections"]
    labels = ReferenceLabels.load(database)
    runner = TaskRunner()
    model = LedgerTableModel(spec, database, labels, runner, search=index)
    today = model._today()
    opened = wait_for(model.refreshed, lambda: model.set_query(LedgerQuery()))
    floor, _ = model.reads.page_statement(spec, model.query, today)
    if model.total is None:
        wait_for(model.counted, lambda: None)
    floor_ms = bare_sql(raw, floor) * 1000
    report.check(
        f"first rows of the inspection ledger ({model.total or 0:,} rows)",
        opened * 1000,
        FIRST_ROWS_MS,
        " ms",
        detail=f"bare SQL {floor_ms:.1f} ms",
    )

    keys = sum(len(term) for term in TYPED)
    report.note(
        f"keystrokes: {keys} keys typed {args.typing_runs} times, one every "
        f"{KEY_INTERVAL_MS} ms without waiting (key → view shows that text or a later one)"
    )
    view = QTableView()
    view.setModel(model)
    view.setItemDelegate(RowDelegate(view))  # as the ledger screen paints its cells
    view.resize(1280, 780)
    view.show()
    clock = ReadClock(model)
    strokes: list[Keystroke] = []
    for _ in range(args.typing_runs):
        wait_for(model.refreshed, lambda: model.set_query(LedgerQuery()))
        strokes.extend(type_paced(model, view, clock, TYPED))
        model.wait()
    cpu_per_key = statistics.mean(stroke.process_cpu for stroke in strokes)
    gui_per_key = statistics.mean(stroke.gui_cpu for stroke in strokes)
    view.hide()
    times = [stroke.waited for stroke in strokes]
    report_keystrokes(strokes, cpu_per_key, gui_per_key, report)
    report.check("keystroke median", statistics.median(times) * 1000, KEY_MEDIAN_MS, " ms")
    report.check(
        "keystroke worst",
        max(times) * 1000,
        KEY_WORST_MS,
        " ms",
        detail="slowest: " + ", ".join(f"{t * 1000:.0f}" for t in sorted(times, reverse=True)[:5]),
    )

    if not args.no_details:
        typed_details(model, raw, today, report)
    if not args.no_scroll:
        measure_scrolling(app, model, args.scroll_rows, args.drag_steps, report)
    runner.wait()
    index.close()
    database.dispose()
    return report.finish()


def report_keystrokes(
    strokes: list[Keystroke], cpu_per_key: float, gui_per_key: float, report: Report
) -> None:
    """Each key's wait beside its first-page read's wall and CPU time (for information: the
    machine is shared, so the absolute wait moves with its load; the read's CPU much less)."""
    report.note("{:<12} {:>9} {:>9} {:>9}".format("text", "shown ms", "read ms", "read CPU"))
    for stroke in strokes:
        read = f"{stroke.read * 1000:9.1f}" if stroke.read is not None else "  skipped"
        cpu = f"{stroke.cpu * 1000:9.1f}" if stroke.cpu is not None else "         "
        report.note(f"{stroke.text:<12} {stroke.waited * 1000:9.1f} {read} {cpu}")
    cpus = [stroke.cpu * 1000 for stroke in strokes if stroke.cpu is not None]
    reads = [stroke.read * 1000 for stroke in strokes if stroke.read is not None]
    if cpus:
        report.note(
            f"first-page reads run to the end: {len(cpus)} of {len(strokes)} keys; read wall "
            f"median {statistics.median(reads):.1f} / worst {max(reads):.1f} ms, read CPU median "
            f"{statistics.median(cpus):.1f} / worst {max(cpus):.1f} ms"
        )
    report.note(
        f"whole process CPU per key while typing (GUI, reads, counts, painting): "
        f"{cpu_per_key * 1000:.1f} ms, of which the GUI thread {gui_per_key * 1000:.1f} ms"
    )


def typed_details(
    model: LedgerTableModel, raw: sqlite3.Connection, today: date, report: Report
) -> None:
    """Each typed text again, waiting for its count: bare SQL, LIKE scan, rows, count time."""
    spec = model.spec
    report.note("each text again, waiting for its count (for information):")
    heading = ("text", "view ms", "bare SQL", "LIKE scan", "rows", "count ms")
    report.note("{:<12} {:>8} {:>9} {:>10} {:>10} {:>9}".format(*heading))
    for term in TYPED:
        wait_for(model.refreshed, lambda: model.set_query(LedgerQuery()))
        for length in range(1, len(term) + 1):
            typed = term[:length]
            query = replace(model.query, text=typed)
            shown = wait_for(model.refreshed, partial(model.set_query, query))
            counted_at = time.perf_counter()
            if model.total is None:
                wait_for(model.counted, lambda: None)
            count_ms = (time.perf_counter() - counted_at + shown) * 1000
            statement, _ = model.reads.page_statement(spec, replace(query, limit=PAGE_SIZE), today)
            like = select_ids(spec, replace(query, limit=PAGE_SIZE), today)
            report.note(
                f"{typed:<12} {shown * 1000:8.1f} {bare_sql(raw, statement) * 1000:9.1f}"
                f" {bare_sql(raw, like) * 1000:10.1f} {model.total or 0:>10,} {count_ms:9.0f}"
            )


def measure_scrolling(
    app: QCoreApplication,
    model: LedgerTableModel,
    scroll_rows: int,
    drag_steps: int,
    report: Report,
) -> None:
    """Scroll the unfiltered ledger top to bottom in a real view: resident memory growth."""
    wait_for(model.refreshed, lambda: model.set_query(LedgerQuery()))
    if model.total is None:
        wait_for(model.counted, lambda: None)
    view = QTableView()
    view.setModel(model)
    view.resize(1280, 780)
    view.show()
    app.processEvents()
    bar = view.verticalScrollBar()
    limit = min(scroll_rows, model.rowCount())
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
    for step in range(1, drag_steps + 1):
        target = bar.value() + (bar.maximum() - bar.value()) // (drag_steps - step + 1)
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
    report.note(
        f"scrolling: {screens:,} screens one by one to row {limit:,}, then {jumps} drags to the "
        f"bottom; last row shown {last_row + 1:,} of {model.rowCount():,}; {took:.0f} s"
    )
    report.check(
        "scrolling top to bottom: resident memory growth",
        peak - before,
        SCROLL_GROWTH_MB,
        " MB",
        detail=f"{before:.0f} MB → peak {peak:.0f} MB",
    )


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # PySide6 6.12 can crash while collecting Qt objects at interpreter exit; the figures are out.
    os._exit(code)
