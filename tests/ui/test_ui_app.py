"""The application around the ledgers: first-run wizard, language switch, errors, task helper,
translations, screenshots."""

from __future__ import annotations

import errno
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from pytestqt.qtbot import QtBot

from desktop import paths
from desktop.errors import StorageError
from desktop.ui import launch
from desktop.ui.app import DesktopApp
from desktop.ui.errors import ErrorReporter, classify
from desktop.ui.i18n import translations_dir
from desktop.ui.main_window import MainWindow
from desktop.ui.tasks import CancelledError, TaskRunner

pytestmark = pytest.mark.gui


def test_wizard_creates_a_township_database(tmp_path: Path, qtbot: QtBot) -> None:
    data_dir = tmp_path / "fresh"
    desktop = DesktopApp(data_dir, dialogs=False)
    assert not desktop.open_database()
    wizard = desktop.first_run()
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.office_page
    page.township.setCurrentIndex(page.township.findData("330329102000"))
    wizard.next()
    wizard.operator_page.operator.setText("李四")
    wizard.next()
    assert wizard.currentPage() is wizard.folder_page
    wizard.accept()
    assert wizard.office is not None
    assert wizard.office.township_code == "330329102000"
    assert wizard.office.operator == "李四"
    assert (data_dir / paths.DB_FILENAME).exists()
    desktop.adopt(wizard)
    window = desktop.build_window()
    qtbot.addWidget(window)
    assert window.windowTitle() == "质量提升台账 — 百丈镇"
    desktop.close()
    again = DesktopApp(data_dir, dialogs=False)
    assert again.open_database()  # later starts open straight into the window
    assert again.office is not None and again.office.operator == "李四"
    again.close()


def test_county_wizard(tmp_path: Path, qtbot: QtBot) -> None:
    desktop = DesktopApp(tmp_path / "county", dialogs=False)
    wizard = desktop.first_run()
    qtbot.addWidget(wizard)
    wizard.office_page.county_button.setChecked(True)
    assert not wizard.office_page.township.isEnabled()
    assert wizard.create_office()
    assert wizard.office is not None and wizard.office.is_county
    desktop.adopt(wizard)
    desktop.close()


def test_language_switch_changes_visible_labels(
    desktop: DesktopApp, window: MainWindow, qtbot: QtBot
) -> None:
    view = window.ledger_views["inspections"]
    assert view.new_button.text() == "新增（Ctrl+N）"
    assert window.navigation_titles()[0] == "抽检/检查"
    window.choose_language("en")
    english = desktop.window
    assert english is not None and english is not window
    qtbot.addWidget(english)
    assert english.navigation_titles()[:4] == [
        "Inspections",
        "Certifications",
        "Projects",
        "Enterprises",
    ]
    english_view = english.ledger_views["inspections"]
    assert english_view.new_button.text() == "New (Ctrl+N)"
    assert english_view.model.headerData(1, Qt.Orientation.Horizontal) == "Date"
    assert english_view.filter_bar.deleted.text() == "Show deleted"
    assert desktop.settings.language == "en"
    english.choose_language("zh")
    assert desktop.window is not None
    qtbot.addWidget(desktop.window)
    assert desktop.window.ledger_views["inspections"].new_button.text() == "新增（Ctrl+N）"


def test_known_errors_get_a_message_and_bugs_a_crash_log(tmp_path: Path) -> None:
    reporter = ErrorReporter(tmp_path, "zh", dialogs_enabled=False)
    reporter.report(StorageError("磁盘空间已满", "disk full"))
    assert reporter.shown == ["磁盘空间已满"]
    full = OSError(errno.ENOSPC, "No space left on device")
    known = classify(full)
    assert known is not None and "磁盘空间已满" in known.message_zh
    try:
        raise RuntimeError("a bug")
    except RuntimeError as exc:
        reporter.report(exc)
    assert len(reporter.crash_logs) == 1
    text = reporter.crash_logs[0].read_text(encoding="utf-8")
    assert "RuntimeError: a bug" in text and "Traceback" in text


def test_task_runner_calls_back_on_the_gui_thread(qtbot: QtBot) -> None:
    runner = TaskRunner()
    results: list[tuple[str, bool]] = []
    main = threading.current_thread()

    def work() -> str:
        return threading.current_thread().name

    runner.run(work, lambda name: results.append((name, threading.current_thread() is main)))
    qtbot.waitUntil(lambda: bool(results))
    worker_name, on_main = results[0]
    assert on_main and worker_name != main.name


def test_long_jobs_report_progress_and_can_be_cancelled(qtbot: QtBot) -> None:
    runner = TaskRunner()
    release = threading.Event()
    outcome: list[object] = []

    def job() -> Iterator[tuple[int, int]]:
        for done in range(1000):
            release.wait(1)
            yield done, 1000
        return "finished"

    runner.run_with_progress(None, "测试", job, outcome.append, outcome.append)
    qtbot.wait(50)
    dialogs = [
        w
        for w in QCoreApplication.instance().allWidgets()  # type: ignore[union-attr]
        if type(w).__name__ == "QProgressDialog"
    ]
    assert dialogs and not dialogs[-1].isVisible()  # not shown in the first half second
    dialogs[-1].canceled.emit()  # what its Cancel button does
    release.set()
    qtbot.waitUntil(lambda: bool(outcome))
    assert isinstance(outcome[0], CancelledError)


WINDOW_CONTEXTS = {
    "CrashDialog",
    "EnterprisePicker",
    "ErrorReporter",
    "FilterBar",
    "FirstRunWizard",
    "FolderPage",
    "HistoryDialog",
    "LedgerView",
    "MainWindow",
    "OfficePage",
    "OperatorPage",
    "ProgressChart",
    "ProjectsView",
    "RecordForm",
    "TaskRunner",
}
"""Translation contexts of the ledger window (other screens check their own)."""


def test_every_window_string_is_translated() -> None:
    root = ET.parse(translations_dir() / "quality_desk_zh_CN.ts").getroot()
    seen, unfinished = set(), []
    for context in root.iter("context"):
        name = context.findtext("name")
        if name not in WINDOW_CONTEXTS:
            continue
        seen.add(name)
        for message in context.iter("message"):
            translation = message.find("translation")
            if (
                translation is None
                or translation.get("type") in ("unfinished", "vanished", "obsolete")
                or not (translation.text or "").strip()
            ):
                unfinished.append(message.findtext("source"))
    assert seen == WINDOW_CONTEXTS
    assert unfinished == []
    assert (translations_dir() / "quality_desk_zh_CN.qm").exists()
    assert launch.DB_FILENAME == paths.DB_FILENAME


def test_screenshot_command_renders_the_main_views(tmp_path: Path) -> None:
    out = tmp_path / "shots"
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "screenshot", "--out", str(out), "--records", "80"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    names = {p.name for p in out.glob("*.png")}
    assert {
        "inspections.png",
        "certifications.png",
        "enterprises.png",
        "projects.png",
        "entry-form-error.png",
        "wizard.png",
    } <= names
    assert all(p.stat().st_size > 10_000 for p in out.glob("*.png"))
