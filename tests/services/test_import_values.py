"""Cells into field values: numbers with separators or %, choices by label, yes/no, items."""

from __future__ import annotations

import pytest

from desktop.services.fields import INSPECTIONS, PROJECTS
from desktop.services.import_values import (
    ValueProblem,
    as_bool,
    as_int,
    as_number,
    as_text,
    converter,
)
from desktop.services.spreadsheet import Formula, Percent


def test_numbers() -> None:
    assert as_number("1,234.5") == 1234.5
    assert as_number("１，２３４") == 1234
    assert as_number("72%") == 72 and as_number(Percent(72.0)) == 72
    assert as_number("120万元") == 120
    assert as_int("3批") == 3 and as_int(3.0) == 3
    for bad in ("三", "1.2.3", Formula("=A1"), True):
        with pytest.raises(ValueProblem):
            as_number(bad)
    with pytest.raises(ValueProblem, match="整数"):
        as_int("1.5")


def test_text_and_yes_no() -> None:
    assert as_text(3.0) == "3" and as_text(Formula("=A1")) == "=A1"
    assert as_bool("是") is True and as_bool("否") is False and as_bool("√") is True
    with pytest.raises(ValueProblem):
        as_bool("也许")


def test_choices_by_code_label_and_synonym() -> None:
    result = converter(INSPECTIONS.field("result"))
    assert [result(v) for v in ("合格", "不合格", "pass", "符合", "Fail")] == [
        "pass",
        "fail",
        "pass",
        "pass",
        "fail",
    ]
    own = converter(INSPECTIONS.field("result"), {"Y": "pass"})
    assert own("y") == "pass"
    stage = converter(INSPECTIONS.field("sampling_stage"))
    assert [stage(v) for v in ("生产", "流通环节", "餐饮")] == [
        "production",
        "circulation",
        "catering",
    ]
    level = converter(PROJECTS.field("level"))
    assert level("镇级") == "township" and level("省") == "province"
    with pytest.raises(ValueProblem, match="可选"):
        result("优秀")


def test_failing_items_from_text() -> None:
    items = converter(INSPECTIONS.field("failing_items"))
    assert items("铅║1.2║≤0.5；镉|0.3|≤0.1") == [
        {"item": "铅", "measured": "1.2", "limit": "≤0.5"},
        {"item": "镉", "measured": "0.3", "limit": "≤0.1"},
    ]
    assert items("无") == [] and items("菌落总数") == [{"item": "菌落总数"}]
