"""A ledger's filter bar (desktop/ui/filter_bar.py)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from desktop.ui.app import DesktopApp

pytestmark = pytest.mark.gui


def test_search_box_names_what_it_searches(county_desktop: DesktopApp, qtbot: QtBot) -> None:
    window = county_desktop.build_window()
    qtbot.addWidget(window)
    inspections = window.ledger_views["inspections"].filter_bar.text.placeholderText()
    statistics = window.ledger_views["manual_statistics"].filter_bar.text.placeholderText()
    assert inspections.startswith("搜索（Ctrl+F）：企业名称或信用代码、产品/检查对象")
    assert "信用代码" not in statistics  # statistics have no enterprise
    assert "数据来源" in statistics
