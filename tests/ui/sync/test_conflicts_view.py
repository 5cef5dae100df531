"""The conflict queue (desktop/ui/sync/conflicts_view.py)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop.ui.app import DesktopApp
from desktop.ui.sync.conflicts_view import ConflictsView

pytestmark = pytest.mark.gui


def test_conflict_comparison_has_titles_before_a_choice(
    county_desktop: DesktopApp, qtbot: QtBot
) -> None:
    window = county_desktop.build_window()
    qtbot.addWidget(window)
    window.show_screen("sync")  # the sync page is built when first opened
    view = window.findChild(ConflictsView)
    assert view is not None
    titles = [view.compare.horizontalHeaderItem(n).text() for n in range(3)]
    assert titles == ["字段", "当前版本", "另一版本"]
