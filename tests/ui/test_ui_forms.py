"""Entry forms: keyboard entry, field errors from the services layer, edit, delete, history."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.models import Enterprise, Inspection
from desktop.ui.app import DesktopApp
from desktop.ui.form import RecordForm
from desktop.ui.main_window import MainWindow
from desktop.ui.pickers import EnterprisePicker

pytestmark = pytest.mark.gui


def _count(window: MainWindow, model: type[Enterprise] | type[Inspection]) -> int:
    with window.context.database.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def type_text(widget: QWidget, text: str) -> None:
    """Type text key by key (QTest's keyClicks only knows ASCII; Chinese arrives like an IME's)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


def answer_prompt(
    qtbot: QtBot,
    form: RecordForm,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> list[bool]:
    """Press ``key`` in the 保存 / 不保存 / 取消 question as soon as the form shows it."""
    answered: list[bool] = []

    def press() -> None:
        prompt = form.unsaved_prompt
        if prompt is None or not prompt.isVisible():
            QTimer.singleShot(10, press)
            return
        prompt.activateWindow()  # a window manager activates it; offscreen needs a nudge
        qtbot.waitUntil(lambda: QApplication.activeWindow() is prompt)
        qtbot.keyClick(prompt, key, modifier)
        answered.append(True)

    QTimer.singleShot(0, press)
    return answered


def _line(form_widget: object) -> QLineEdit:
    assert isinstance(form_widget, QLineEdit)
    return form_widget


def test_enter_an_inspection_with_the_keyboard_and_find_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    view = window.ledger_views["inspections"]
    before = _count(window, Inspection)
    window.activateWindow()
    qtbot.waitActive(window)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = view.open_form
    assert form is not None and form.isVisible()
    form.activateWindow()  # a window manager activates a new dialog; offscreen needs a nudge
    qtbot.waitActive(form)
    assert _line(form.widgets["inspection_date"]).text() == "2022-06-30"
    subject = _line(form.widgets["subject"])
    subject.setFocus()
    type_text(subject, "野生红茶")
    sampled = _line(form.widgets["batches_sampled"])
    sampled.clear()
    qtbot.keyClicks(sampled, "3")
    passed = _line(form.widgets["batches_passed"])
    passed.clear()
    qtbot.keyClicks(passed, "3")
    qtbot.keyClick(passed, Qt.Key.Key_Return)
    errors = {name: form.field_error(name) for name in form.widgets if form.field_error(name)}
    assert form.saved_record is not None, errors
    assert not form.isVisible()
    assert _count(window, Inspection) == before + 1
    view.filter_bar.text.setText("野生红茶")
    assert view.model.rowCount() == 1
    assert view.model.record_id(0) == form.saved_record["id"]


def test_bad_credit_code_shows_the_field_error_and_writes_nothing(
    window: MainWindow, qtbot: QtBot
) -> None:
    view = window.show_screen("enterprises")
    before = _count(window, Enterprise)
    form = window.ledger_views["enterprises"].new_record()
    qtbot.keyClicks(_line(form.widgets["credit_code"]), "91330329MA2H0000X1")
    name = _line(form.widgets["name"])
    type_text(name, "泰顺县新茗茶业有限公司")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert "校验位" in form.field_error("credit_code")
    assert form.isVisible() and form.saved_record is None
    assert _count(window, Enterprise) == before
    # the override reason (a documented exception) lets the clerk save it
    reason = _line(form.widgets["credit_code_override_reason"])
    type_text(reason, "营业执照原件如此")
    qtbot.keyClick(reason, Qt.Key.Key_Return)
    assert form.saved_record is not None
    assert _count(window, Enterprise) == before + 1
    assert view is not None


def test_required_fields_and_cross_checks_show_next_to_the_field(window: MainWindow) -> None:
    form = window.ledger_views["inspections"].new_record()
    _line(form.widgets["batches_sampled"]).setText("2")
    _line(form.widgets["batches_passed"]).setText("5")
    form.save()
    assert form.field_error("subject") == "必填"
    assert "合格批次" in form.field_error("batches_passed")
    assert form.field_error("inspection_date") == ""
    form.discard()


def test_escape_cancels_without_writing(window: MainWindow, qtbot: QtBot) -> None:
    before = _count(window, Inspection)
    form = window.ledger_views["inspections"].new_record()
    type_text(_line(form.widgets["subject"]), "不保存的记录")
    answer_prompt(qtbot, form, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # 不保存(&D)
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible() and form.saved_record is None
    assert _count(window, Inspection) == before


@pytest.mark.qt_log_ignore("This plugin does not support.*")  # the completer's popup, offscreen
def test_enterprise_picker_searches_by_name_or_code(window: MainWindow, qtbot: QtBot) -> None:
    form = window.ledger_views["inspections"].new_record()
    picker = form.widgets["enterprise_id"]
    assert isinstance(picker, EnterprisePicker)
    with window.context.database.session() as session:
        name, code, ident = session.execute(
            select(Enterprise.name, Enterprise.credit_code, Enterprise.id).limit(1)
        ).one()
    qtbot.keyClicks(picker.edit, code[:10])
    suggestions = picker.suggestions.stringList()
    assert any(code in s for s in suggestions)
    picker.edit.clear()
    type_text(picker.edit, name[3:7])
    chosen = next(s for s in picker.suggestions.stringList() if name in s)
    picker.completer.activated[str].emit(chosen)  # type: ignore[index]
    assert picker.enterprise_id == ident
    form.discard()


def test_edit_delete_and_history(window: MainWindow) -> None:
    view = window.ledger_views["inspections"]
    view.table.selectRow(0)
    record_id = view.selected_id()
    assert record_id is not None
    form = view.edit_selected()
    assert form is not None
    subject = _line(form.widgets["subject"])
    subject.setText(subject.text() + "(复检)")
    form.save()
    assert form.saved_record is not None
    assert form.saved_record["subject"].endswith("(复检)")
    assert view.select_record(record_id)
    history = view.show_history()
    assert history is not None
    cells = {
        history.table.item(r, c).text()
        for r in range(history.table.rowCount())
        for c in range(history.table.columnCount())
    }
    assert "修改" in cells and "产品/检查对象" in cells
    history.close()
    rows = view.model.rowCount()
    view.confirm = lambda _question: False
    assert not view.delete_selected()
    view.confirm = lambda _question: True
    assert view.delete_selected()
    assert view.model.rowCount() == rows - 1
    assert window.context.service.get(record_id)["deleted"] is True
    view.filter_bar.deleted.setChecked(True)
    assert view.model.rowCount() == rows


@pytest.mark.parametrize(
    ("ledger", "values"),
    [
        ("certifications", {"title": "ISO 9001质量管理体系认证", "document_number": "ZJ-1"}),
        ("projects", {"name": "罗阳茶叶标准化示范基地", "lead_unit": "罗阳镇农办"}),
        ("enterprises", {"credit_code": "92330329MA2H00014A", "name": "泰顺县百丈茶厂"}),
        ("manual_statistics", {"value": "96.5", "source": "县统计局"}),
        ("project_progress", {"percent_complete": "40", "investment_to_date": "120"}),
    ],
)
def test_every_ledger_can_be_entered_edited_and_deleted_at_the_county(
    county_desktop: DesktopApp, qtbot: QtBot, ledger: str, values: dict[str, str]
) -> None:
    window = county_desktop.build_window()
    qtbot.addWidget(window)
    view = window.ledger_views[ledger]
    if ledger == "project_progress":
        projects = window.ledger_views["projects"]
        projects.table.selectRow(0)
        assert view.new_button.isEnabled()
    before = view.model.rowCount()
    form = view.new_record()
    form.confirm_warnings = lambda _messages: True  # demo figures may fall: save anyway
    for name, value in values.items():
        _line(form.widgets[name]).setText(value)
    if ledger == "project_progress":
        _line(form.widgets["period"]).setText("2022-07")
    form.save()
    errors = {n: form.field_error(n) for n in form.widgets if form.field_error(n)}
    assert form.saved_record is not None, (errors, form.general_error.text())
    assert view.model.rowCount() == before + 1
    assert view.select_record(form.saved_record["id"])
    edit = view.edit_selected()
    assert edit is not None
    edit.confirm_warnings = lambda _messages: True
    notes = _line(edit.widgets["notes"])
    notes.setText("已核实")
    edit.save()
    assert edit.saved_record is not None and edit.saved_record["notes"] == "已核实"
    view.confirm = lambda _question: True
    assert view.select_record(form.saved_record["id"])
    assert view.delete_selected()
    assert view.model.rowCount() == before
