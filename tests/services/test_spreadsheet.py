"""Reading clerks' files: xlsx from Excel and WPS, CSV in UTF-8 or GBK, merged cells, formats."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop.errors import UsageError
from desktop.services import spreadsheet
from desktop.services.spreadsheet import Formula, Percent
from tests.services.ledger_files import csv_file, wps_xlsx, xlsx


def test_excel_values_formats_merges_and_formulas(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "2024年"
    sheet.append(["泰顺县罗阳镇抽检台账"])
    sheet.append(["日期", "进度", "名称", "合计"])
    sheet.append([datetime(2024, 3, 5), 0.72, "甲", "=B3*2"])
    sheet.append([None, 0.5, "乙", 3])
    sheet["B3"].number_format = "0%"
    sheet["B4"].number_format = "0.00%"
    sheet.merge_cells("A1:D1")
    sheet.merge_cells("A3:A4")  # one date typed for two rows
    book.save(tmp_path / "a.xlsx")
    rows = list(spreadsheet.read_rows(tmp_path / "a.xlsx"))
    assert rows[0] == [
        "泰顺县罗阳镇抽检台账",
        "泰顺县罗阳镇抽检台账",
        "泰顺县罗阳镇抽检台账",
        "泰顺县罗阳镇抽检台账",
    ]
    assert rows[2][0] == datetime(2024, 3, 5) and rows[3][0] == datetime(2024, 3, 5)
    assert isinstance(rows[2][1], Percent) and rows[2][1] == 72
    assert rows[3][1] == 50
    assert isinstance(rows[2][3], Formula) and rows[2][3] == "=B3*2"
    assert rows[3][3] == 3 and isinstance(rows[3][3], int)
    assert [s.name for s in spreadsheet.list_sheets(tmp_path / "a.xlsx")] == ["2024年"]


def test_wps_style_workbook(tmp_path: Path) -> None:
    path = wps_xlsx(
        tmp_path / "wps.xlsx",
        [["企业名称", "日期", "比例"], ["甲公司", 45356, 0.5], ["乙公司", "2024/3/6", "=1+1"]],
        styles={(1, 1): 1, (1, 2): 2},
    )
    rows = list(spreadsheet.read_rows(path))
    assert rows[0] == ["企业名称", "日期", "比例"]  # rich text joined, phonetic run left out
    assert rows[1] == ["甲公司", datetime(2024, 3, 5), 50.0]
    assert rows[2] == ["乙公司", "2024/3/6", "=1+1"] and isinstance(rows[2][2], Formula)
    assert spreadsheet.list_sheets(path)[0].name == "WPS表格"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    path = csv_file(
        tmp_path / "a.csv", [["企业名称", "地址"], ["泰顺县茶业", "罗阳镇，1号"]], encoding
    )
    assert list(spreadsheet.read_rows(path)) == [
        ["企业名称", "地址"],
        ["泰顺县茶业", "罗阳镇，1号"],
    ]


def test_tab_separated_text(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("名称\t地址\n甲\t乙\n", encoding="utf-8")
    assert list(spreadsheet.read_rows(path))[1] == ["甲", "乙"]


def test_whole_file_refusals(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="找不到文件"):
        list(spreadsheet.read_rows(tmp_path / "absent.xlsx"))
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(UsageError, match=r"另存为 \.xlsx"):
        list(spreadsheet.read_rows(old))
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(UsageError, match=r"不是有效的 \.xlsx"):
        spreadsheet.list_sheets(broken)
    two = xlsx(tmp_path / "two.xlsx", {"甲": [["a"]], "乙": [["b"]]})
    with pytest.raises(UsageError, match="没有工作表 丙"):
        list(spreadsheet.read_rows(two, "丙"))
    assert list(spreadsheet.read_rows(two, "乙")) == [["b"]]
