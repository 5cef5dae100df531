"""Settings and the first start: the office is chosen explicitly, no login name is offered, the
operator can be changed (several clerks on one PC), and a new clerk goes from the first start to
the first saved inspection with the keyboard only."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from desktop.ui.app import DesktopApp
from desktop.ui.main_window import MainWindow
from desktop.ui.tasks import ImmediateTaskRunner
from tests.ui.conftest import TODAY
from tests.ui.test_ui_forms import type_text

pytestmark = pytest.mark.gui


def _key(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    focus = QApplication.focusWidget()
    assert focus is not None
    qtbot.keyClick(focus, key, modifier)


def _type(qtbot: QtBot, text: str) -> None:
    for char in text:
        focus = QApplication.focusWidget()
        assert focus is not None
        if char.isascii():
            qtbot.keyClicks(focus, char)
        else:
            type_text(focus, char)


def test_the_wizard_waits_for_an_office_and_offers_no_login_name(
    tmp_path: Path, qtbot: QtBot
) -> None:
    desktop = DesktopApp(tmp_path / "fresh", dialogs=False, runner=ImmediateTaskRunner())
    wizard = desktop.first_run()
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.office_page
    assert not page.township_button.isChecked() and not page.county_button.isChecked()
    assert page.township.currentIndex() == -1
    assert not page.isComplete()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    page.township_button.setChecked(True)
    assert not page.isComplete()  # a township office, but which?
    page.township.setCurrentIndex(page.township.findData("330329102000"))
    assert page.isComplete()
    wizard.next()
    assert wizard.operator_page.operator.text() == ""
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_the_operator_can_be_changed_and_is_remembered(
    window: MainWindow, desktop: DesktopApp, qtbot: QtBot
) -> None:
    assert window.context is not None
    assert window.context.service.actor == "张三"
    window.set_operator("李四")
    assert window.context.service.actor == "李四"
    assert "李四" in window.office_label.text()
    window.set_operator("王五")
    assert desktop.settings.operators() == ["王五", "李四"]
    form = window.ledger_views["enterprises"].new_record()
    form.widgets["name"].setText("泰顺县王五茶业有限公司")  # type: ignore[attr-defined]
    form.widgets["credit_code"].setText("91330329MA2H00006J")  # type: ignore[attr-defined]
    form.save()
    assert form.saved_record is not None and form.saved_record["created_by"] == "王五"
    again = DesktopApp(desktop.data_dir, dialogs=False, runner=ImmediateTaskRunner())
    assert again.settings.operator == "王五"


def test_the_operator_dialog_by_keyboard(window: MainWindow, qtbot: QtBot) -> None:
    def answer() -> None:
        dialog = window.operator_dialog
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(10, answer)
            return
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        _type(qtbot, "赵六")
        _key(qtbot, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    assert window.change_operator()
    assert window.context is not None and window.context.service.actor == "赵六"


@pytest.mark.qt_log_ignore("This plugin does not support.*")  # the completer popup, offscreen
def test_first_start_to_first_saved_inspection_keyboard_only(tmp_path: Path, qtbot: QtBot) -> None:
    desktop = DesktopApp(
        tmp_path / "new", dialogs=False, runner=ImmediateTaskRunner(), today=lambda: TODAY
    )
    assert not desktop.open_database()
    wizard = desktop.first_run()
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    page = wizard.office_page
    page.township_button.setFocus()
    _key(qtbot, Qt.Key.Key_Space)  # 乡镇
    assert page.township_button.isChecked()
    _key(qtbot, Qt.Key.Key_Tab)  # to the township list
    assert QApplication.focusWidget() in (page.township, page.township.lineEdit())
    _type(qtbot, "泗溪")
    _key(qtbot, Qt.Key.Key_Return)  # takes the one township matching, Enter again: 下一步
    assert page.township.currentData() == "330329104000", page.township.currentText()
    if wizard.currentPage() is page:
        _key(qtbot, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.operator_page
    _type(qtbot, "新来的")
    _key(qtbot, Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.folder_page
    _key(qtbot, Qt.Key.Key_Return)  # 创建
    assert wizard.office is not None and wizard.office.township_code == "330329104000"
    desktop.adopt(wizard)
    window = desktop.build_window()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    view = window.ledger_views["inspections"]
    view.table.setFocus()
    _key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = view.open_form
    assert form is not None
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    order = []
    for _ in range(6):  # category, date, township (fixed), enterprise, subject …
        order.append(QApplication.focusWidget())
        if QApplication.focusWidget() is form.widgets["subject"]:
            break
        _key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.widgets["subject"], order
    _type(qtbot, "高山云雾茶")
    _key(qtbot, Qt.Key.Key_Return)  # Enter saves
    assert form.saved_record is not None, form.general_error.text()
    assert form.saved_record["created_by"] == "新来的"
    assert form.saved_record["township_code"] == "330329104000"
    assert view.model.total == 1
    desktop.close()
