"""The sync page (desktop/ui/sync/page.py)."""

from __future__ import annotations

import pytest

from desktop.ui.main_window import MainWindow
from desktop.ui.sync.page import SyncPage

pytestmark = pytest.mark.gui


def test_empty_sync_history_explains_the_next_step(window: MainWindow) -> None:
    page = window.show_screen("sync")  # built when first opened
    assert isinstance(page, SyncPage)
    assert page is not None
    assert page.history.rowCount() == 0
    assert not page.empty_hint.isHidden()
    assert "导出月度数据包" in page.empty_hint.text()
