"""Dates and months typed the way clerks type them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop.services.dates import (
    DateTextError,
    normalise_date_text,
    parse_clerk_date,
    parse_clerk_period,
    parse_loose_date,
    parse_loose_period,
    previous_month,
)


@pytest.mark.parametrize(
    "text",
    [
        "20261121",
        "2026/11/21",
        "2026.11.21",
        "2026-11-21",
        " 2026-11-21 ",
        "2026年11月21日",
        "２０２６／１１／２１",
        "2026。11。21",
    ],
)
def test_every_spelling_clerks_use_is_the_same_day(text: str) -> None:
    assert parse_clerk_date(text) == date(2026, 11, 21)
    assert normalise_date_text(text) == "2026-11-21"


def test_single_digit_month_and_day() -> None:
    assert parse_clerk_date("2026-1-5") == date(2026, 1, 5)
    assert parse_clerk_date("2026/1/05") == date(2026, 1, 5)


def test_dates_and_datetimes_pass_through() -> None:
    assert parse_clerk_date(date(2026, 2, 1)) == date(2026, 2, 1)
    assert parse_clerk_date(datetime(2026, 2, 1, 9, 30)) == date(2026, 2, 1)


@pytest.mark.parametrize("text", ["2026-02-30", "20260230", "2026/13/01", "2025-02-29"])
def test_an_impossible_day_says_so(text: str) -> None:
    with pytest.raises(DateTextError) as caught:
        parse_clerk_date(text)
    assert caught.value.reason == "no_such_day"
    assert "没有这一天" in caught.value.message_zh()
    assert "no such day" in caught.value.message_en()


@pytest.mark.parametrize(
    "text", ["", "tomorrow", "21.11.2026", "2026112", "26-11-21", "٢٠٢٦-11-21"]
)
def test_unreadable_text_is_a_format_error(text: str) -> None:
    with pytest.raises(DateTextError) as caught:
        parse_clerk_date(text)
    assert caught.value.reason == "format"
    assert normalise_date_text(text) == text


@pytest.mark.parametrize(
    "text", ["2026-11", "202611", "2026/11", "2026.11", "2026年11月", "2026-1"]
)
def test_periods(text: str) -> None:
    assert parse_clerk_period(text) in ("2026-11", "2026-01")


def test_period_errors() -> None:
    with pytest.raises(DateTextError) as caught:
        parse_clerk_period("2026-13")
    assert caught.value.reason == "no_such_month"
    with pytest.raises(DateTextError):
        parse_clerk_period("11/2026")


def test_previous_month() -> None:
    assert previous_month(date(2026, 12, 1)) == "2026-11"
    assert previous_month(date(2027, 1, 15)) == "2026-12"


# Cells of an imported spreadsheet (issue 13): the same forms, plus Excel serials and datetimes.


@pytest.mark.parametrize(
    "value",
    [
        "2024-03-05",
        "2024/3/5",
        "2024.3.5",
        "2024年3月5日",
        "２０２４年３月５日",
        " 2024-03-05 10:30:00 ",
        "20240305",
        45356,
        45356.0,
        "45356",
        datetime(2024, 3, 5, 8),
        date(2024, 3, 5),
    ],
)
def test_every_form_of_a_cell_day(value: object) -> None:
    assert parse_loose_date(value) == date(2024, 3, 5)


@pytest.mark.parametrize("value", ["2024-02-30", "abc", 12, 45356.5, True, None, "3/5/2024"])
def test_what_is_no_cell_day(value: object) -> None:
    assert parse_loose_date(value) is None


@pytest.mark.parametrize(
    ("value", "period"),
    [
        ("2024-03", "2024-03"),
        ("2024年3月", "2024-03"),
        ("2024/3", "2024-03"),
        ("202403", "2024-03"),
        ("2024.03", "2024-03"),
        ("2024年3月5日", "2024-03"),
        (45356, "2024-03"),
        ("2024-13", None),
        ("三月", None),
    ],
)
def test_cell_months(value: object, period: str | None) -> None:
    assert parse_loose_period(value) == period
