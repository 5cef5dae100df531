"""Dashboard colours pass WCAG AA (4.5 : 1) for every text on every background it is drawn on."""

from __future__ import annotations

import pytest

from desktop.reports.indicators import Status
from desktop.ui.dashboard import colours


def test_the_contrast_formula() -> None:
    assert colours.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert colours.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("status", list(Status))
def test_progress_text_reads_on_the_fill_and_on_the_track(status: Status) -> None:
    assert colours.contrast(colours.BAR_TEXT, colours.STATUS_FILL[status]) >= colours.AA_NORMAL
    assert colours.contrast(colours.BAR_TEXT, colours.TRACK) >= colours.AA_NORMAL


@pytest.mark.parametrize("status", list(Status))
def test_status_words_read_on_every_row_colour(status: Status) -> None:
    for background in colours.ROW_BACKGROUNDS:
        assert colours.contrast(colours.STATUS_TEXT[status], background) >= colours.AA_NORMAL


def test_chart_labels_and_target_line_read_on_white() -> None:
    assert colours.contrast(colours.CHART_LABEL, "#ffffff") >= colours.AA_NORMAL
    assert (
        colours.contrast(colours.CHART_GOAL, "#ffffff") >= 3.0
    )  # a graphical object (WCAG 1.4.11)
