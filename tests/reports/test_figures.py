"""One rounding rule for every figure: half away from zero, one decimal, as Excel shows 0.0%."""

from __future__ import annotations

from desktop.reports import figures


def test_half_rounds_away_from_zero_unlike_python_format() -> None:
    assert f"{96.25:.1f}" == "96.2"  # Python rounds the binary value half to even
    assert figures.percent_text(96.25) == "96.3%"
    assert figures.percent_text(0.05) == "0.1%"
    assert figures.percent_text(-2.25) == "-2.3%"
    assert figures.percent_text(100) == "100.0%"


def test_figure_kinds() -> None:
    assert figures.figure_text(None) == "—"
    assert figures.figure_text(1, flag=True) == "是" and figures.figure_text(0, flag=True) == "否"
    assert figures.figure_text(12.0) == "12"
    assert figures.figure_text(12.25) == "12.3"
    assert figures.figure_text(96.5, percent=True) == "96.5%"


def test_excel_formats_follow_the_same_decimals() -> None:
    assert figures.PERCENT_FORMAT == "0.0%"
    assert figures.NUMBER_FORMAT == "#,##0.0"
    assert figures.COUNT_FORMAT == "#,##0"
