"""The first-run wizard (desktop/ui/wizard.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from desktop.ui.app import DesktopApp

pytestmark = pytest.mark.gui


def test_wizard_next_is_enabled_under_the_prefilled_operator(tmp_path: Path, qtbot: QtBot) -> None:
    wizard = DesktopApp(tmp_path / "fresh", dialogs=False).first_run()
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    assert wizard.currentPage() is wizard.operator_page
    if wizard.operator_page.operator.text():  # the login name, when the system knows one
        assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
        wizard.next()
        assert wizard.currentPage() is wizard.folder_page
