"""The dashboard (desktop/ui/dashboard/view.py): section numbers in the reader's language and
the PDF export saying where the file went."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.ui.dashboard.view import DashboardView, section_number
from desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_section_numbers_follow_the_language() -> None:
    assert section_number("(三)", "en") == "3"
    assert section_number("(十)", "en") == "10"
    assert section_number("(三)", "zh") == "(三)"
    assert section_number("附加", "en") == "附加"


def test_pdf_export_says_where_the_file_went(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window.show_screen("dashboard")  # built when first opened
    view = window.findChild(DashboardView)
    assert view is not None
    target = tmp_path / "目标.pdf"
    monkeypatch.setattr(
        "desktop.ui.dashboard.view.QFileDialog.getSaveFileName",
        lambda *args, **kwargs: (str(target), "PDF (*.pdf)"),
    )
    view.ask_export_pdf()
    assert target.stat().st_size > 0
    assert "目标.pdf" in view.pdf_status.text()
    assert view.pdf_status.toolTip() == str(target)
