"""F1 opens the user guide inside the app, in the window's language, with its screenshots."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.resources import resources_dir
from desktop.ui.help import HelpDialog
from desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_f1_opens_the_chinese_guide(window: MainWindow, qtbot: QtBot) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.help_dialog
    assert isinstance(dialog, HelpDialog) and dialog.isVisible()
    text = dialog.browser.toPlainText()
    for topic in ("第一次使用", "录入记录", "每月导出", "县里导入", "冲突处理", "目标与月报"):
        assert topic in text
    dialog.close()


def test_every_picture_the_guide_names_is_there() -> None:
    folder = resources_dir() / "help"
    for guide in ("guide_zh.html", "guide_en.html"):
        page = (folder / guide).read_text(encoding="utf-8")
        for picture in re.findall(r'src="([^"]+)"', page):
            assert (folder / picture).is_file(), picture
