"""``quality-desk self-test``: prove that this copy of the app works, end to end, in seconds.

Meant for an installed copy (the PyInstaller bundle, a USB stick) as much as for a source tree.
In a temporary folder it: creates a database and runs every migration (Alembic scripts shipped as
files), seeds the reference tables from ``resources/``, writes a record through the services and
reads it back, opens the real main window offscreen (with its Chinese translation) and renders it
to a PNG, checks Qt's own Chinese catalogue and Chinese collation (pinyin order, from ICU's data)
and the GBK codec, and prints a page to PDF through QtPrintSupport (what
the dashboard's PDF export uses). Prints ``OK`` and exits 0; on failure prints
``self-test FAILED at <step>: <reason>`` to stderr and exits 1. The user's data folder is never
opened.

``self-test --window-only`` instead opens the main window of the chosen data folder once and
quits: ``packaging/build.py`` times it as the bundle's start-to-window time.

The window half lives in :mod:`desktop.ui.self_check`, imported only when needed: the command
line starts without Qt.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from desktop.db import Database, current_revision, head_revision
from desktop.services.ledger import LedgerService
from desktop.services.office import init_office

TEST_TOWNSHIP = "330329100000"
TEST_ENTERPRISE = {"credit_code": "91330329MA2H00006J", "name": "泰顺县自检测试企业有限公司"}


class SelfTestError(Exception):
    """One step of the self-test failed; ``step`` names it."""

    def __init__(self, step: str, reason: str) -> None:
        super().__init__(f"{step}: {reason}")
        self.step = step
        self.reason = reason


@dataclass
class _Run:
    folder: Path
    verbose: bool

    @property
    def data_dir(self) -> Path:
        return self.folder / "data"

    def step(self, name: str, action: Callable[[], str]) -> None:
        started = time.perf_counter()
        try:
            detail = action()
        except Exception as exc:  # every failure is reported with the step it happened in
            raise SelfTestError(name, f"{type(exc).__name__}: {exc}") from exc
        if self.verbose:
            elapsed = (time.perf_counter() - started) * 1000
            sys.stdout.write(f"  {name}: {detail} ({elapsed:.0f} ms)\n")
            sys.stdout.flush()


def _migrate_write_read(data_dir: Path) -> str:
    database = Database.for_data_dir(data_dir)
    try:
        office = init_office(database, township_code=TEST_TOWNSHIP, operator="self-test")
        revision = current_revision(database)
        if revision != head_revision():
            raise AssertionError(f"schema at {revision}, expected {head_revision()}")
        service = LedgerService(database, office)
        record_id = str(service.create("enterprises", TEST_ENTERPRISE).record["id"])
        stored = service.get(record_id)
        for key, value in TEST_ENTERPRISE.items():
            if stored.get(key) != value:
                raise AssertionError(f"{key} read back as {stored.get(key)!r}")
    finally:
        database.dispose()
    return f"schema {revision}, {office.display_name()}, enterprise {record_id} written and read"


def run_self_test(verbose: bool = False) -> int:
    """Run every step in a temporary folder; print ``OK`` and return 0, or return 1."""
    folder = Path(tempfile.mkdtemp(prefix="quality-desk-self-test-"))
    run = _Run(folder=folder, verbose=verbose)
    started = time.perf_counter()
    try:
        run.step("database", lambda: _migrate_write_read(run.data_dir))
        from desktop.ui import self_check

        run.step("window", lambda: self_check.render_main_window(run.data_dir, folder / "w.png"))
        run.step("qt translations", self_check.check_qt_translations)
        run.step("chinese text", self_check.check_chinese_text)
        run.step("print", lambda: self_check.print_test_page(folder / "page.pdf"))
    except SelfTestError as failure:
        sys.stderr.write(f"self-test FAILED at {failure.step}: {failure.reason}\n")
        return 1
    except ImportError as exc:  # a bundle missing a module fails here, not with a traceback
        sys.stderr.write(f"self-test FAILED at window: {type(exc).__name__}: {exc}\n")
        return 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if verbose:
        sys.stdout.write(f"  total: {time.perf_counter() - started:.2f} s\n")
    sys.stdout.write("OK\n")
    return 0


def run_window_once(data_dir: Path) -> int:
    """Open the data folder's main window once (offscreen unless a platform is chosen)."""
    from desktop.ui import self_check

    seconds = self_check.open_window_once(data_dir)
    sys.stdout.write(f"window shown {seconds:.3f} s after Qt start\n")
    return 0
