"""Header matching: labels beat synonyms, folding, one column per field, the mapping file."""

from __future__ import annotations

import pytest

from desktop.errors import UsageError
from desktop.services.fields import INSPECTIONS, PROJECT_PROGRESS
from desktop.services.import_mapping import (
    fingerprint,
    fold_header,
    mapping_from_json,
    propose_columns,
)


def test_folding() -> None:
    assert fold_header(" 检查日期（必填）* ") == "检查日期"
    assert fold_header("ＮＡＭＥ：") == "name"


def test_synonyms_from_the_issue() -> None:
    columns = propose_columns(INSPECTIONS, ["单位名称", "检查日期", "合格数", "抽检批次"])
    assert columns == {
        0: "enterprise.name",
        1: "inspection_date",
        2: "batches_passed",
        3: "batches_sampled",
    }


def test_exact_label_beats_synonym_beats_bracket_loose_match() -> None:
    # 抽检日期 is a synonym of the date; 检查日期 its label: the label wins wherever it stands.
    assert propose_columns(INSPECTIONS, ["抽检日期", "检查日期"]) == {1: "inspection_date"}
    columns = propose_columns(PROJECT_PROGRESS, ["累计投资（元）", "累计投资(万元)"])
    assert columns == {1: "investment_to_date"}


def test_layout_fingerprint_ignores_folding_differences() -> None:
    assert fingerprint("inspections", ["检查日期", "ＡＢ"]) == fingerprint(
        "inspections", [" 检查日期 ", "ab", None]
    )
    assert fingerprint("inspections", ["a"]) != fingerprint("enterprises", ["a"])


def test_mapping_file_checks() -> None:
    base = {"format": "quality-desk-import-mapping", "version": 1, "ledger": "inspections"}
    mapping = mapping_from_json(
        {**base, "columns": {"食品名称": "subject", "C": "inspection_date", "无此列": "notes"}},
        "inspections",
        ["食品名称", "x"],
    )
    assert mapping.columns == {0: "subject", 2: "inspection_date"}
    for bad in (
        {**base, "ledger": "projects"},
        {**base, "version": 2},
        {**base, "derive": {"result": "magic"}},
        {**base, "defaults": {"nope": 1}},
        {**base, "columns": {"a": "subject", "b": "subject"}},
    ):
        with pytest.raises(UsageError):
            mapping_from_json(bad, "inspections", ["a", "b"])
