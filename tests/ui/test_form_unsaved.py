"""Nothing typed is lost: the close prompt, drafts after a crash, the failing-items grid, dates
typed as clerks type them, the conclusion following the batch counts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.models import Inspection
from desktop.services.drafts import DraftStore
from desktop.ui.date_edit import DateEdit
from desktop.ui.form import ItemsEditor, RecordForm
from desktop.ui.main_window import MainWindow
from tests.ui.test_ui_forms import answer_prompt, type_text

pytestmark = pytest.mark.gui


def _count(window: MainWindow) -> int:
    with window.context.database.session() as session:
        return int(session.scalar(select(func.count()).select_from(Inspection)) or 0)


def _line(widget: object) -> QLineEdit:
    assert isinstance(widget, QLineEdit)
    return widget


def _type(qtbot: QtBot, text: str) -> None:
    """Type as a keyboard does: each key to whichever widget has the focus then."""
    for char in text:
        focus = QApplication.focusWidget()
        assert focus is not None
        qtbot.keyClicks(focus, char)


def _key(qtbot: QtBot, key: Qt.Key) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, key)


def _open_form(window: MainWindow, qtbot: QtBot) -> RecordForm:
    form = window.ledger_views["inspections"].new_record()
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    return form


def test_esc_on_a_changed_form_asks_and_cancel_keeps_the_text(
    window: MainWindow, qtbot: QtBot
) -> None:
    form = _open_form(window, qtbot)
    subject = _line(form.widgets["subject"])
    subject.setFocus()
    type_text(subject, "野生红茶")
    answered = answer_prompt(qtbot, form, Qt.Key.Key_Escape)  # Esc in the question = 取消
    qtbot.keyClick(subject, Qt.Key.Key_Escape)
    assert answered and form.isVisible()
    assert subject.text() == "野生红茶"
    # 保存 from the question saves the record
    before = _count(window)
    answer_prompt(qtbot, form, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(subject, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not form.isVisible())
    assert form.saved_record is not None and form.saved_record["subject"] == "野生红茶"
    assert _count(window) == before + 1


def test_the_cancel_button_asks_too_and_an_unchanged_form_closes_at_once(
    window: MainWindow, qtbot: QtBot
) -> None:
    form = _open_form(window, qtbot)
    qtbot.keyClick(form, Qt.Key.Key_Escape)  # nothing typed: no question
    assert not form.isVisible()
    form = _open_form(window, qtbot)
    type_text(_line(form.widgets["subject"]), "竹砧板")
    answered = answer_prompt(qtbot, form, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    form.buttons.button(form.buttons.StandardButton.Cancel).click()
    assert answered and not form.isVisible() and form.saved_record is None
    assert DraftStore.for_data_dir(window.settings.folder).all() == []


def test_a_form_lost_in_a_crash_comes_back_as_a_draft(window: MainWindow, qtbot: QtBot) -> None:
    store = DraftStore.for_data_dir(window.settings.folder)
    form = _open_form(window, qtbot)
    type_text(_line(form.widgets["subject"]), "断电前的记录")
    sampled = _line(form.widgets["batches_sampled"])
    sampled.setText("4")
    qtbot.waitUntil(lambda: store.load("inspections", None) is not None)
    # the power goes off: the form vanishes without being closed
    form.hide()
    form.deleteLater()
    restored = window.ledger_views["inspections"].new_record()
    assert _line(restored.widgets["subject"]).text() == "断电前的记录"
    assert _line(restored.widgets["batches_sampled"]).text() == "4"
    assert not restored.draft_bar.isHidden()
    restored.save()
    assert restored.saved_record is not None
    assert store.all() == []
    fresh = window.ledger_views["inspections"].new_record()
    assert _line(fresh.widgets["subject"]).text() == "" and fresh.draft_bar.isHidden()
    fresh.discard()


def test_discarding_a_restored_draft_starts_afresh(window: MainWindow, qtbot: QtBot) -> None:
    store = DraftStore.for_data_dir(window.settings.folder)
    store.save("inspections", None, {"subject": "旧草稿"})
    form = window.ledger_views["inspections"].new_record()
    assert _line(form.widgets["subject"]).text() == "旧草稿"
    form.discard_draft_button.click()
    assert _line(form.widgets["subject"]).text() == ""
    assert store.load("inspections", None) is None
    form.discard()


def test_failing_items_grid_tab_esc_and_commit(window: MainWindow, qtbot: QtBot) -> None:
    form = _open_form(window, qtbot)
    type_text(_line(form.widgets["subject"]), "香菇")
    grid = form.widgets["failing_items"]
    assert isinstance(grid, ItemsEditor)
    grid.setFocus()
    assert (grid.currentRow(), grid.currentColumn()) == (0, 0)
    for text in ("Pb", "0.8", "0.5"):
        _type(qtbot, text)
        _key(qtbot, Qt.Key.Key_Tab)
    assert (grid.currentRow(), grid.currentColumn()) == (0, 3)
    _type(qtbot, "g/kg")
    _key(qtbot, Qt.Key.Key_Escape)  # keeps the typed unit
    assert grid.item(0, 3).text() == "g/kg"
    assert form.isVisible()
    _key(qtbot, Qt.Key.Key_Tab)  # to the next row's first cell
    assert (grid.currentRow(), grid.currentColumn()) == (1, 0)
    _key(qtbot, Qt.Key.Key_Tab)  # an empty row: the clerk is done, Tab leaves
    assert QApplication.focusWidget() is not grid
    assert QApplication.focusWidget() is form.widgets["inspecting_body"]
    grid.setFocus()
    grid.setCurrentCell(1, 1)
    qtbot.keyClick(grid, Qt.Key.Key_Backtab)
    qtbot.keyClick(grid, Qt.Key.Key_Backtab)
    assert (grid.currentRow(), grid.currentColumn()) == (0, 3)
    # a cell still being edited when the clerk presses Ctrl+S is saved too
    grid.setCurrentCell(1, 0)
    _type(qtbot, "As")
    _line(form.widgets["batches_sampled"]).setText("1")
    _line(form.widgets["batches_passed"]).setText("0")
    form.save()
    assert form.saved_record is not None
    assert form.saved_record["failing_items"] == [
        {"item": "Pb", "measured": "0.8", "limit": "0.5", "unit": "g/kg"},
        {"item": "As"},
    ]


def test_tab_at_the_last_cell_leaves_the_grid(window: MainWindow, qtbot: QtBot) -> None:
    form = _open_form(window, qtbot)
    grid = form.widgets["failing_items"]
    assert isinstance(grid, ItemsEditor)
    grid.set_items([{"item": f"i{n}"} for n in range(2)])  # 3 rows: two items, one empty
    grid.setFocus()
    grid.setCurrentCell(grid.rowCount() - 1, grid.columnCount() - 1)
    qtbot.keyClick(grid, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.widgets["inspecting_body"]
    form.discard()


@pytest.mark.parametrize("typed", ["20220105", "2022/01/05", "2022.1.5", "2022-01-05"])
def test_dates_typed_as_clerks_type_them(window: MainWindow, qtbot: QtBot, typed: str) -> None:
    form = _open_form(window, qtbot)
    field = form.widgets["inspection_date"]
    assert isinstance(field, DateEdit)
    field.setFocus()
    field.clear()
    qtbot.keyClicks(field, typed)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.text() == "2022-01-05"
    assert form.field_error("inspection_date") == ""
    form.discard()


def test_an_impossible_day_says_so_when_leaving_the_field(window: MainWindow, qtbot: QtBot) -> None:
    form = _open_form(window, qtbot)
    field = form.widgets["inspection_date"]
    assert isinstance(field, DateEdit)
    field.setFocus()
    field.clear()
    qtbot.keyClicks(field, "2022-02-30")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert "没有这一天" in form.field_error("inspection_date")
    form.discard()


@pytest.mark.qt_log_ignore("This plugin does not support.*")
def test_the_calendar_opens_with_f4_and_enter_takes_the_day(
    window: MainWindow, qtbot: QtBot
) -> None:
    form = _open_form(window, qtbot)
    field = form.widgets["inspection_date"]
    assert isinstance(field, DateEdit)
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_F4)
    popup = field.popup
    assert popup is not None and popup.isVisible()
    assert popup.selectedDate().toString("yyyy-MM-dd") == "2022-06-30"
    view = popup.findChild(QApplication.focusWidget().__class__) or popup
    qtbot.keyClick(QApplication.focusWidget() or view, Qt.Key.Key_Left)
    qtbot.keyClick(QApplication.focusWidget() or view, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert field.text() == "2022-06-29"
    form.discard()


def test_the_conclusion_follows_the_batch_counts(window: MainWindow, qtbot: QtBot) -> None:
    form = _open_form(window, qtbot)
    result = form.widgets["result"]
    assert isinstance(result, QComboBox)
    sampled, passed = _line(form.widgets["batches_sampled"]), _line(form.widgets["batches_passed"])
    sampled.clear()
    qtbot.keyClicks(sampled, "5")
    passed.clear()
    qtbot.keyClicks(passed, "4")
    assert result.currentData() == "fail"
    passed.clear()
    qtbot.keyClicks(passed, "5")
    assert result.currentData() == "pass"
    form.discard()
