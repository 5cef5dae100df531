"""今日待办: counted from the records, each line opening its records."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.services.todo import today_work
from desktop.ui.main_window import MainWindow, Workspace
from desktop.ui.todo_panel import TodoDialog
from tests.ui.conftest import make_data_dir, open_desktop

pytestmark = pytest.mark.gui


def test_todays_work_opens_its_records(window: MainWindow, qtbot: QtBot) -> None:
    workspace = window.workspace
    assert isinstance(workspace, Workspace) and window.context is not None
    c = window.context
    items = {item.key: item for item in today_work(c.database, c.office, c.today())}
    assert "export_missing" in items and items["export_missing"].period == "2022-05"
    dialog = workspace.show_todo()
    assert dialog is not None and len(dialog.buttons) == len(items)
    texts = [b.text() for b in dialog.buttons]
    assert any("2022-05" in t and "导出" in t for t in texts)
    if "overdue_rectifications" in items:
        overdue = items["overdue_rectifications"]
        button = dialog.buttons[list(items).index("overdue_rectifications")]
        button.click()
        view = window.ledger_views["inspections"]
        assert window.stack.currentWidget() is view
        assert view.model.total == overdue.count
    dialog.close()


def test_projects_without_last_months_progress_are_listed(window: MainWindow) -> None:
    c = window.context
    assert c is not None
    project = c.service.create(
        "projects",
        {
            "category_code": "DEMO_AGRI_STANDARDIZATION",
            "name": "本月未报进展的项目",
            "lead_unit": "罗阳镇农业办",
            "start_date": "2022-01-01",
        },
    ).record
    items = {item.key: item for item in today_work(c.database, c.office, c.today())}
    assert project["id"] in items["progress_missing"].project_ids
    c.service.create(
        "project_progress",
        {"project_id": project["id"], "period": "2022-05", "percent_complete": 10},
    )
    items = {item.key: item for item in today_work(c.database, c.office, c.today())}
    assert project["id"] not in items.get("progress_missing", items["export_missing"]).project_ids


def test_start_opens_todays_work_when_something_waits(tmp_path: Path, qtbot: QtBot) -> None:
    """At start (not only after a restore) the clerk sees 今日待办 when something waits."""
    desktop = open_desktop(make_data_dir(tmp_path))
    try:
        assert desktop.start()
        window = desktop.window
        assert window is not None
        qtbot.addWidget(window)
        dialog = window.todo_dialog
        assert isinstance(dialog, TodoDialog) and dialog.isVisible()
        assert any("导出" in button.text() for button in dialog.buttons)
        dialog.close()
    finally:
        desktop.close()
