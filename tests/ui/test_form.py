"""The entry form (desktop/ui/form.py): its size, Enter to save, and no sideways scrolling."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit, QScrollArea
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow
from tests.ui.conftest import make_data_dir, open_desktop
from tests.ui.test_ui_forms import answer_prompt

pytestmark = pytest.mark.gui


def test_short_forms_are_not_half_empty(window: MainWindow) -> None:
    enterprises = window.ledger_views["enterprises"].new_record()
    inspections = window.ledger_views["inspections"].new_record()
    assert enterprises.height() < 480  # ten one-line fields, not a 640-pixel dialog
    assert inspections.height() > enterprises.height()
    enterprises.discard()
    inspections.discard()


def test_enter_saves_even_after_tabbing_past_cancel(window: MainWindow, qtbot: QtBot) -> None:
    form = window.ledger_views["enterprises"].new_record()
    cancel = form.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setFocus()  # Tab reached "Cancel": Qt drops the dialog's default button here
    name = form.widgets["name"]
    assert isinstance(name, QLineEdit)
    name.setFocus()
    name.setText("测试茶业有限公司")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert form.isVisible()
    assert form.field_error("credit_code")  # the save ran and found the missing code
    assert form.findChild(QScrollArea).focusPolicy() == Qt.FocusPolicy.NoFocus
    cancel.setFocus()
    # Enter on a button presses that button: 取消 asks about the typed name, 不保存 closes
    answer_prompt(qtbot, form, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(cancel, Qt.Key.Key_Return)
    assert not form.isVisible()


def test_english_form_fits_without_sideways_scrolling(tmp_path: Path, qtbot: QtBot) -> None:
    english = open_desktop(make_data_dir(tmp_path, records=20), "en")
    window = english.build_window()
    qtbot.addWidget(window)
    window.show()
    form = window.ledger_views["inspections"].new_record()
    qtbot.waitExposed(form)
    scroll = form.findChild(QScrollArea)
    assert scroll is not None
    assert not scroll.horizontalScrollBar().isVisible()
    category = form.widgets["category_code"]
    assert isinstance(category, QComboBox)
    assert category.toolTip() == category.currentText()
    form.discard()
    english.close()
