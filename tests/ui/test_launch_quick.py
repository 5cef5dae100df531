"""The launcher's first page (desktop.ui.quick_start): it looks like the full window, is usable
while the full layer loads, and hands everything the clerk did meanwhile to the real window."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desktop.ui import quick_start, table_model
from desktop.ui.app import DesktopApp
from desktop.ui.launch import DB_FILENAME
from desktop.ui.ledger_view import LedgerView
from desktop.ui.quick_start import QuickStart
from desktop.ui.settings import UiSettings
from desktop.ui.shell import MainWindow
from desktop.ui.tasks import ImmediateTaskRunner
from tests.ui.conftest import TODAY, make_data_dir, open_desktop

pytestmark = pytest.mark.gui

ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.UserRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.TextAlignmentRole,
)


def open_quick(data_dir: Path, qtbot: QtBot, language: str = "zh") -> QuickStart:
    settings = UiSettings.for_data_dir(data_dir)
    settings.language = language
    shell = MainWindow(settings, language)
    qtbot.addWidget(shell)
    quick = QuickStart.open(shell, settings, data_dir / DB_FILENAME, today=TODAY)
    assert quick is not None
    shell.show()
    return quick


def full_desktop(data_dir: Path, settings: UiSettings) -> DesktopApp:
    desktop = DesktopApp(
        data_dir,
        dialogs=False,
        runner=ImmediateTaskRunner(),
        today=lambda: TODAY,
        settings=settings,
    )
    desktop.auto_backup = False
    return desktop


@pytest.fixture(params=[False, True], ids=["township", "county"])
def data_dir(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return make_data_dir(tmp_path, records=150, county=bool(request.param))


@pytest.fixture
def full(data_dir: Path, qtbot: QtBot) -> Iterator[MainWindow]:
    desktop = open_desktop(data_dir)
    window = desktop.build_window()
    qtbot.addWidget(window)
    yield window
    desktop.close()


def test_the_first_page_looks_like_the_full_window(
    data_dir: Path, full: MainWindow, qtbot: QtBot
) -> None:
    quick = open_quick(data_dir, qtbot)
    shell = quick.window
    assert shell.navigation_titles() == full.navigation_titles()
    assert shell.windowTitle() == full.windowTitle()
    assert shell.office_label.text() == full.office_label.text()
    assert [a.text() for a in shell.menuBar().actions()] == [
        a.text() for a in full.menuBar().actions()
    ]
    view = full.ledger_views["inspections"]
    assert isinstance(view, LedgerView)
    mine, theirs = quick.page.model, view.model
    assert mine.rowCount() == quick_start.PAGE_ROWS
    for row in range(mine.rowCount()):
        for column in range(mine.columnCount()):
            for role in ROLES:
                assert mine.data(mine.index(row, column), role) == theirs.data(
                    theirs.index(row, column), role
                ), (row, column, role)
    for column in range(mine.columnCount()):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole):
            horizontal = Qt.Orientation.Horizontal
            assert mine.headerData(column, horizontal, role) == theirs.headerData(
                column, horizontal, role
            )
    ours, real = quick.page.table.horizontalHeader(), view.table.horizontalHeader()
    assert [ours.isSectionHidden(i) for i in range(ours.count())] == [
        real.isSectionHidden(i) for i in range(real.count())
    ]
    assert [ours.sectionSize(i) for i in range(ours.count())] == [
        real.sectionSize(i) for i in range(real.count())
    ]
    assert ours.sortIndicatorSection() == real.sortIndicatorSection()
    assert quick.page.filter_bar.text.placeholderText() == view.filter_bar.text.placeholderText()
    assert quick_start.OVERDUE_COLOUR == table_model.OVERDUE_COLOUR
    assert quick_start.EXPIRING_COLOUR == table_model.EXPIRING_COLOUR
    assert quick_start.DELETED_COLOUR == table_model.DELETED_COLOUR
    quick.close()


def test_scrolling_reads_the_next_rows_in_the_full_windows_order(
    data_dir: Path, full: MainWindow, qtbot: QtBot
) -> None:
    quick = open_quick(data_dir, qtbot)
    model = quick.page.model
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    theirs = full.ledger_views["inspections"].model
    assert model.rowCount() == theirs.rowCount() > quick_start.PAGE_ROWS
    assert [model.data(model.index(r, 0), Qt.ItemDataRole.UserRole) for r in range(200)] == [
        theirs.record_id(r) for r in range(200)
    ]
    quick.close()


def hand_over(quick: QuickStart, data_dir: Path) -> DesktopApp:
    """What the launcher does once the full layer is imported."""
    desktop = full_desktop(data_dir, quick.window.settings)
    quick.detach()
    assert desktop.start(quick.window)
    assert desktop.window is quick.window
    quick.hand_over(desktop.window)
    return desktop


def test_a_record_opened_while_loading_opens_once_the_full_layer_is_up(
    tmp_path: Path, qtbot: QtBot
) -> None:
    data_dir = make_data_dir(tmp_path, records=400)
    quick = open_quick(data_dir, qtbot)
    table = quick.page.table
    quick.page.model.fetchMore(QModelIndex())  # the clerk scrolled past the first page
    table.setCurrentIndex(quick.page.model.index(quick_start.PAGE_ROWS + 30, 0))
    wanted = quick.page.selected_id()
    assert wanted is not None
    table.scrollToBottom()
    quick.page.table.doubleClicked.emit(table.currentIndex())  # the clerk opens the record
    assert quick.pending == [("view", "edit_selected")]
    assert QGuiApplication.overrideCursor() is not None  # busy while it waits
    desktop = hand_over(quick, data_dir)
    window = desktop.window
    assert window is not None
    view = window.ledger_views["inspections"]
    assert isinstance(view, LedgerView)
    assert view.selected_id() == wanted
    assert view.table.currentIndex().row() == quick_start.PAGE_ROWS + 30
    assert view.open_form is not None and view.open_form.record is not None
    assert view.open_form.record["id"] == wanted
    assert QGuiApplication.overrideCursor() is None
    assert quick.pending == []
    view.open_form.reject()
    desktop.close()


def test_typing_in_the_filter_while_loading_filters_the_full_ledger(
    tmp_path: Path, qtbot: QtBot
) -> None:
    data_dir = make_data_dir(tmp_path, records=150)
    quick = open_quick(data_dir, qtbot)
    text = quick.page.filter_bar.text
    text.setFocus()
    word = str(quick.page.model.rows[0].cells[4])[:2]  # the subject of the newest record
    text.insert(word)  # as an input method commits it (keyClicks types ASCII only)
    quick.page.filter_bar.deleted.setChecked(True)
    assert quick.page.count_label.text()  # says the ledger is still opening
    desktop = hand_over(quick, data_dir)
    window = desktop.window
    assert window is not None
    view = window.ledger_views["inspections"]
    assert isinstance(view, LedgerView)
    assert view.filter_bar.text.text() == word
    assert view.filter_bar.deleted.isChecked()
    assert view.model.query.text == word and view.model.query.include_deleted
    assert view.model.rowCount() >= 1
    assert all(
        word in " ".join(view.model.row_at(r).cells)  # type: ignore[union-attr]
        for r in range(min(view.model.rowCount(), 20))
    )
    desktop.close()


def test_a_page_and_a_menu_chosen_while_loading_follow(tmp_path: Path, qtbot: QtBot) -> None:
    data_dir = make_data_dir(tmp_path, records=60)
    quick = open_quick(data_dir, qtbot)
    shell = quick.window
    shell.navigation.setCurrentRow(list(shell.screens).index("enterprises"))
    assert isinstance(shell.stack.currentWidget(), quick_start.Waiting)
    shell.todo_requested.emit()  # 文件 → 今日待办 (Ctrl+T)
    desktop = hand_over(quick, data_dir)
    window = desktop.window
    assert window is not None
    assert window.stack.currentWidget() is window.screens["enterprises"]
    assert window.todo_dialog is not None and window.todo_dialog.isVisible()
    desktop.close()


def test_unchanged_first_page_is_taken_over_without_a_read(tmp_path: Path, qtbot: QtBot) -> None:
    """The real ledger shows the rows already on screen (no empty table in between)."""
    data_dir = make_data_dir(tmp_path, records=150)
    quick = open_quick(data_dir, qtbot)
    ids = [row.record["id"] for row in quick.page.model.rows[: quick_start.PAGE_ROWS]]
    desktop = hand_over(quick, data_dir)
    window = desktop.window
    assert window is not None
    model = window.ledger_views["inspections"].model
    assert [model.record_id(r) for r in range(len(ids))] == ids
    assert model.total is not None  # counted after taking the rows over
    desktop.close()


def test_an_older_schema_takes_the_full_path_with_its_upgrade(tmp_path: Path, qtbot: QtBot) -> None:
    import sqlite3

    data_dir = make_data_dir(tmp_path, records=20)
    with sqlite3.connect(data_dir / DB_FILENAME) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0005'")
    settings = UiSettings.for_data_dir(data_dir)
    shell = MainWindow(settings, "zh")
    qtbot.addWidget(shell)
    assert QuickStart.open(shell, settings, data_dir / DB_FILENAME) is None
    assert shell.navigation.count() == 0  # the empty frame, filled by the full path


PROBE = """
import os, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop.ui import launch, quick_start
said = launch._say
def say(line):
    said(line)
    if line == "rows":
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "alembic"))
        said("heavy " + " ".join(heavy))
launch._say = say
handed = quick_start.QuickStart.hand_over
def hand_over(self, window):
    handed(self, window)
    said("handed over " + " | ".join(window.navigation_titles()))
    late = sorted({m.split(".")[0] for m in sys.modules} & {"openpyxl", "cryptography"})
    said("late " + " ".join(late))
    QTimer.singleShot(0, QApplication.quit)
quick_start.QuickStart.hand_over = hand_over
sys.exit(launch.run(Path(sys.argv[1])))
"""


def test_the_launcher_paints_rows_before_loading_sqlalchemy(tmp_path: Path) -> None:
    data_dir = make_data_dir(tmp_path, records=150)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QUALITY_DESK_PRINT_SHOWN": "1"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert lines[3].startswith("cpu "), result.stdout  # the benchmark reads the CPU used so far
    del lines[3]
    assert lines[:3] == ["shown", "rows", "heavy"], result.stdout + result.stderr
    assert lines[3].startswith("handed over 抽检/检查 | "), result.stdout + result.stderr
    # openpyxl (Excel export, import error reports) and cryptography (sync) load when first used
    assert lines[4] == "late", result.stdout


UPGRADE_PROBE = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from desktop.ui import launch, shell
shown = shell.MainWindow.show_progress
def show_progress(self, text):
    shown(self, text)
    print("progress " + text, flush=True)
shell.MainWindow.show_progress = show_progress
said = launch._say
def say(line):
    said(line)
    if line == "ready":
        titles = [w for w in QApplication.topLevelWidgets() if isinstance(w, shell.MainWindow)]
        said("pages " + " | ".join(titles[0].navigation_titles()))
        QApplication.quit()
launch._say = say
sys.exit(launch.run(Path(sys.argv[1])))
"""


def test_an_older_database_is_upgraded_behind_a_progress_message(tmp_path: Path) -> None:
    """Issue 10's upgrade (backup first) runs before any read, off the GUI thread, while the
    window says so; then the window fills as usual."""
    import shutil
    import sqlite3

    from desktop.migrations.heads import SCHEMA_HEAD

    data_dir = tmp_path / "office"
    data_dir.mkdir()
    fixture = Path(__file__).parent.parent / "fixtures" / "schema_0003.sqlite3"
    shutil.copy(fixture, data_dir / DB_FILENAME)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QUALITY_DESK_PRINT_SHOWN": "1"}
    result = subprocess.run(
        [sys.executable, "-c", UPGRADE_PROBE, str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert lines[:2] == ["progress 正在备份并升级数据库，请稍候…", "shown"], (
        result.stdout + result.stderr
    )
    assert "ready" in lines, result.stdout + result.stderr
    assert any(line.startswith("pages 抽检/检查 | ") for line in lines), result.stdout
    with sqlite3.connect(data_dir / DB_FILENAME) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            SCHEMA_HEAD,
        )
    assert list((data_dir / "backups").glob("*before-upgrade*"))  # the copy made first


def test_a_sort_and_column_widths_chosen_while_loading_carry_over(
    tmp_path: Path, qtbot: QtBot
) -> None:
    data_dir = make_data_dir(tmp_path, records=150)
    quick = open_quick(data_dir, qtbot)
    header = quick.page.table.horizontalHeader()
    columns = quick.page.model.columns
    subject = next(i for i, f in enumerate(columns) if f.name == "subject")
    sampled = next(i for i, f in enumerate(columns) if f.name == "batches_sampled")
    header.resizeSection(subject, 333)
    header.setSortIndicator(sampled, Qt.SortOrder.AscendingOrder)  # the clerk clicks the title
    assert quick.page.count_label.text()  # the rows follow once the ledger is open
    desktop = hand_over(quick, data_dir)
    window = desktop.window
    assert window is not None
    view = window.ledger_views["inspections"]
    assert view.table.horizontalHeader().sectionSize(subject) == 333
    assert view.model.query.sort == "batches_sampled" and not view.model.query.descending
    values = [view.model.row_at(r).record["batches_sampled"] for r in range(30)]  # type: ignore[union-attr]
    assert values == sorted(values)
    desktop.close()
