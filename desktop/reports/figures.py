"""How a figure is written, once for every face: the command line, the dashboard, its PDF and the
月报 workbook's number formats.

One rounding rule: a rate or percentage shows :data:`PERCENT_DECIMALS` decimal (other fractional
figures :data:`NUMBER_DECIMALS`), rounded half away from zero on the decimal value — as Excel
rounds a ``0.0%`` cell, so the workbook and the screen never differ by a last digit (Python's own
``f"{96.25:.1f}"`` would give 96.2). Yes/no targets read 是/否, a missing figure —.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from desktop.reports.indicators import Indicator

PERCENT_DECIMALS = 1
NUMBER_DECIMALS = 1
NO_VALUE = "—"


def rounded(value: float, decimals: int) -> Decimal:
    """``value`` rounded half away from zero to ``decimals`` places (on its shortest decimal)."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)


def number_text(value: float) -> str:
    """A count as a whole number (1234), any other figure to :data:`NUMBER_DECIMALS` places."""
    if float(value).is_integer():
        return str(int(value))
    return str(rounded(value, NUMBER_DECIMALS))


def percent_text(value: float) -> str:
    """A percentage (96.5 for 96.5%) to :data:`PERCENT_DECIMALS` places, with its sign."""
    return f"{rounded(value, PERCENT_DECIMALS)}%"


def figure_text(value: float | None, *, flag: bool = False, percent: bool = False) -> str:
    """A figure as the clerk reads it: 96.5%, 12, 是/否, —."""
    if value is None:
        return NO_VALUE
    if flag:
        return "是" if value >= 1 else "否"
    return percent_text(value) if percent else number_text(value)


def indicator_text(indicator: Indicator, value: float | None) -> str:
    """One of an indicator's figures (its total, a township's share) by its target's kind."""
    target = indicator.target
    percent = indicator.rule.is_rate or target.unit.startswith("%")
    return figure_text(value, flag=target.is_flag, percent=percent)


def excel_format(decimals: int, percent: bool = False) -> str:
    """The Excel number format that shows a figure with the same rule (e.g. ``0.0%``)."""
    places = "." + "0" * decimals if decimals else ""
    return f"0{places}%" if percent else f"#,##0{places}"


PERCENT_FORMAT = excel_format(PERCENT_DECIMALS, percent=True)
NUMBER_FORMAT = excel_format(NUMBER_DECIMALS)
COUNT_FORMAT = excel_format(0)
