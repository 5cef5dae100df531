"""The main window's frame (desktop/ui/shell.py)."""

from __future__ import annotations

import pytest

from desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_a_narrow_window_keeps_the_navigation_titles_whole(window: MainWindow) -> None:
    window.resize(800, 600)
    window.centralWidget().resize(800, 560)
    navigation = window.navigation
    assert navigation.minimumWidth() >= navigation.sizeHintForColumn(0)
    assert navigation.width() >= navigation.sizeHintForColumn(0)
