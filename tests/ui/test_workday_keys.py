"""Keys of a clerk's day: Ctrl+N follows the focused table on 示范项目, F5 reads everything again,
the enterprise picker says "not found — add it" and its 新建… is reachable with Tab."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow
from desktop.ui.pickers import EnterprisePicker
from tests.ui.test_ui_forms import type_text

pytestmark = pytest.mark.gui


def _activate(window: MainWindow, qtbot: QtBot) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def test_ctrl_n_follows_the_focused_table(window: MainWindow, qtbot: QtBot) -> None:
    window.show_screen("projects")
    _activate(window, qtbot)
    projects, progress = window.ledger_views["projects"], window.ledger_views["project_progress"]
    projects.table.selectRow(0)
    assert progress.new_button.isEnabled()
    progress.table.setFocus()
    qtbot.keyClick(progress.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert progress.open_form is not None and progress.open_form.isVisible()
    assert progress.open_form.spec.name == "project_progress"
    progress.open_form.discard()
    _activate(window, qtbot)
    projects.table.setFocus()
    qtbot.keyClick(projects.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert projects.open_form is not None and projects.open_form.spec.name == "projects"
    projects.open_form.discard()


def test_a_new_project_is_selected_after_saving(window: MainWindow, qtbot: QtBot) -> None:
    window.show_screen("projects")
    projects, progress = window.ledger_views["projects"], window.ledger_views["project_progress"]
    form = projects.new_record()
    form.widgets["name"].setText("新建的示范项目")  # type: ignore[attr-defined]
    form.widgets["lead_unit"].setText("罗阳镇农业办")  # type: ignore[attr-defined]
    form.widgets["start_date"].setText("2022-03-01")  # type: ignore[attr-defined]
    form.save()
    assert form.saved_record is not None, form.general_error.text()
    qtbot.waitUntil(lambda: projects.selected_id() == form.saved_record["id"])  # type: ignore[index]
    assert progress.new_button.isEnabled()
    progress_form = progress.new_record()
    assert progress_form.widgets["period"].text() == "2022-05"  # type: ignore[attr-defined]
    progress_form.discard()


def test_f5_reads_everything_again(window: MainWindow, qtbot: QtBot) -> None:
    _activate(window, qtbot)
    with qtbot.waitSignal(window.changes_applied) as blocker:
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert blocker.args[0].everything


def test_picker_hint_and_new_button_in_the_tab_chain(window: MainWindow, qtbot: QtBot) -> None:
    form = window.ledger_views["inspections"].new_record()
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    picker = form.widgets["enterprise_id"]
    assert isinstance(picker, EnterprisePicker)
    picker.edit.setFocus()
    type_text(picker.edit, "没有这家企业")
    assert not picker.hint.isHidden() and "没有这家企业" in picker.hint.text()
    qtbot.keyClick(picker.edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is picker.add_button
    form.discard()


def test_falling_progress_and_investment_over_plan_warn_but_may_be_saved(
    window: MainWindow,
) -> None:
    c = window.context
    assert c is not None
    project = c.service.create(
        "projects",
        {
            "category_code": "DEMO_AGRI_STANDARDIZATION",
            "name": "预警测试项目",
            "lead_unit": "罗阳镇农业办",
            "start_date": "2022-01-01",
            "planned_investment": 100,
        },
    ).record
    c.service.create(
        "project_progress",
        {
            "project_id": project["id"],
            "period": "2022-04",
            "percent_complete": 50,
            "investment_to_date": 60,
        },
    )
    progress = window.ledger_views["project_progress"]
    progress.preset = {"project_id": project["id"]}
    form = progress.new_record()
    form.widgets["percent_complete"].setText("40")  # type: ignore[attr-defined]
    form.widgets["investment_to_date"].setText("120")  # type: ignore[attr-defined]
    asked: list[list[str]] = []
    form.confirm_warnings = lambda messages: asked.append(messages) is not None  # "no"
    form.save()
    assert form.saved_record is None and len(asked[0]) == 2
    assert "低于 2022-04" in form.field_error("percent_complete")
    assert "超过计划投资" in form.field_error("investment_to_date")
    form.confirm_warnings = lambda messages: True  # 保存 anyway
    form.save()
    assert form.saved_record is not None and form.saved_record["percent_complete"] == 40
