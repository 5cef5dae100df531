"""The 月报: its figures, and the workbook read back with openpyxl (no formulas, text as text)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from report_dataset import INJECTION, A, B, Dataset

from desktop.db import Database
from desktop.errors import StorageError, UsageError
from desktop.reports.details import INSPECTION_HEADERS
from desktop.reports.monthly import Period, compute_monthly, parse_period
from desktop.reports.workbook import SUMMARY_HEADERS, write_monthly_report
from desktop.services.office import Office

County = tuple[Database, Office, Dataset]
TODAY = date(2022, 7, 10)


def _write(county: County, path: Path, township: str | None = None) -> None:
    database, _, _ = county
    with database.session() as session:
        write_monthly_report(
            session,
            path,
            Period(2022, 6),
            TODAY,
            unit="县质量强县办",
            preparer="李四",
            township=township,
        )


def test_period_parsing() -> None:
    assert parse_period("2022-6", TODAY) == Period(2022, 6)
    assert parse_period("2022-07", TODAY).end == date(2022, 7, 31)
    for bad in ("2022-13", "22-06", "2022/06", "", "1999-12"):
        with pytest.raises(UsageError):
            parse_period(bad, TODAY)
    with pytest.raises(UsageError, match="future"):
        parse_period("2022-08", TODAY)


def test_monthly_figures_add_up(county: County) -> None:
    database, _, _ = county
    with database.session() as session:
        figures = compute_monthly(session, Period(2022, 3), TODAY)
    rows = {row.target.id: row for row in figures.rows}
    excellence = rows["performance_excellence_adopters"]
    assert (excellence.year_to_date, excellence.this_month, excellence.last_year_to_date) == (
        1.0,
        0.0,
        1.0,
    )
    for row in figures.rows:
        if not row.is_rate and not row.manual:
            assert (row.previous_month_to_date or 0) + (row.this_month or 0) == row.year_to_date
    mayor = rows["county_mayor_quality_award"]
    assert (mayor.this_month, mayor.year_to_date) == (1.0, 1.0)
    rate = rows["mfg_product_quality_pass_rate"]
    assert rate.this_month == pytest.approx(0.9) and rate.year_to_date == pytest.approx(0.9)
    assert rate.last_year_to_date is None and rate.change is None
    pm25 = rows["pm25_annual_mean_compliance"]
    assert (pm25.this_month, pm25.year_to_date) == (1, 1)  # a yes/no is a state
    eco = rows["eco_satisfaction_increase"]
    assert eco.year_to_date is None and eco.last_year_to_date is None  # nothing in Jan-Mar
    by_b = {row.target.id: row for row in figures.by_township[B]}
    assert by_b["county_mayor_quality_award"].this_month == 1.0
    assert by_b["air_quality_good_rate"].year_to_date is None


def test_workbook_reads_back(county: County, tmp_path: Path) -> None:
    path = tmp_path / "月报.xlsx"
    _write(county, path)
    assert {p.name for p in tmp_path.iterdir()} == {"月报.xlsx", "county"}
    book = load_workbook(path)
    assert book.sheetnames[:2] == ["目录", "月报"]
    assert "罗阳镇" in book.sheetnames and "百丈镇" in book.sheetnames
    assert book.sheetnames[-4:] == [
        "抽检检查明细",
        "认证品牌标准明细",
        "示范项目进展",
        "逾期整改与证书到期",
    ]
    contents = book["目录"]
    listed = [row[1] for row in contents.iter_rows(min_row=6, values_only=True)]
    assert listed == book.sheetnames[1:]
    assert contents["B6"].hyperlink.location == "'月报'!A1"
    summary = book["月报"]
    assert summary["A1"].value == "泰顺县质量提升行动主要指标完成情况月报"
    assert summary["A2"].value.startswith("规划：泰顺县质量提升行动实施意见")
    assert "计数期：2019年1月1日至2022年12月31日" in summary["A3"].value
    assert summary["I2"].value.startswith("表    号：")
    assert summary["I3"].value.startswith("制表机关：")
    assert summary["A4"].value == "填报单位：县质量强县办"
    assert summary["E4"].value == "报告期：2022年6月"
    assert tuple(c.value for c in summary[6]) == SUMMARY_HEADERS
    assert summary.freeze_panes == "C7"
    assert summary.auto_filter.ref == "A6:K40"
    assert summary.page_setup.orientation == "landscape" and summary.page_setup.paperSize == 9
    setup = summary.sheet_properties.pageSetUpPr
    assert not (setup and setup.fitToPage)  # a fixed scale, never squeezed to fit the paper:
    assert summary.page_setup.scale * 10 / 100 >= 9  # its 10 pt text prints at 9 pt or more
    assert summary.print_title_rows == "$6:$6"
    assert summary["B7"].value == "制造业产品质量合格率"
    assert summary["E7"].value == "—" and summary["F7"].number_format == "0.0%"
    assert summary["F7"].value == pytest.approx(0.933)
    names = {row[1]: row for row in summary.iter_rows(min_row=7, max_row=40, values_only=True)}
    assert names["PM2.5平均浓度保持达标"][5] == "是"
    assert names["PM2.5平均浓度保持达标"][7] == "—"  # no 同比 for a yes/no
    assert names["生态满意度继续提升"][5] == 82 and names["生态满意度继续提升"][3] == "高于上年"
    assert names["环境空气质量优良率"][8] == pytest.approx(0.965)  # the value is printed
    assert "县环保局监测年报" in names["环境空气质量优良率"][10]
    footer = [c.value for c in summary[44] if c.value]
    assert footer[0] == "单位负责人：" and footer[2] == "填表人：李四"
    assert footer[-1] == "报出日期：2022年7月10日"
    assert book["罗阳镇"]["A4"].value == "填报单位：罗阳镇"

    inspections = book["抽检检查明细"]
    assert tuple(c.value for c in inspections[3]) == INSPECTION_HEADERS
    assert inspections.freeze_panes == "C4"
    assert inspections.print_title_rows == "$3:$3"
    subjects = {row[5] for row in inspections.iter_rows(min_row=4, values_only=True)}
    assert {"-5% 低糖茶", "@橡胶密封圈", "笋干"} <= subjects
    producers = [row[1] for row in inspections.iter_rows(min_row=4, values_only=True)]
    assert len(producers) == 4  # 2022 only, the deleted one left out
    alerts = [row for row in book["逾期整改与证书到期"].iter_rows(min_row=4, values_only=True)]
    assert [row[1] for row in alerts] == ["逾期未整改", "证书到期"]
    assert alerts[0][9] == "逾期20天" and alerts[1][9] == "剩余32天"
    projects = book["示范项目进展"]
    progress = [row for row in projects.iter_rows(min_row=4, values_only=True) if row[9]]
    assert progress[0][9] == "2022-05" and progress[0][10] == pytest.approx(0.6)


def test_no_formulas_and_injection_text_stays_text(county: County, tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    _write(county, path)
    book = load_workbook(path)
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell)
    risky = [c for c in texts if c.value.startswith(("=", "+", "-", "@"))]
    assert {c.value for c in risky} >= {INJECTION, "+86 罗阳镇1号", "-5% 低糖茶", "@橡胶密封圈"}
    assert all(c.quotePrefix for c in risky)
    data_only = load_workbook(path, data_only=True)
    values = {c.value for s in data_only.worksheets for r in s.iter_rows() for c in r}
    assert INJECTION in values


def test_one_township_report(county: County, tmp_path: Path) -> None:
    path = tmp_path / "town.xlsx"
    _write(county, path, township=A)
    book = load_workbook(path)
    assert "百丈镇" not in book.sheetnames and "罗阳镇" not in book.sheetnames
    assert book["月报"]["A1"].value == "罗阳镇质量提升行动主要指标完成情况月报"
    towns = {row[4] for row in book["抽检检查明细"].iter_rows(min_row=4, values_only=True)}
    assert towns == {"罗阳镇"}


def test_bad_output_paths_leave_nothing_behind(county: County, tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="does not exist"):
        _write(county, tmp_path / "missing" / "x.xlsx")
    with pytest.raises(UsageError, match=r"\.xlsx"):
        _write(county, tmp_path / "x.csv")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError):
        _write(county, blocker / "x.xlsx")
    if os.geteuid() != 0:
        readonly = tmp_path / "ro"
        readonly.mkdir()
        readonly.chmod(0o555)
        with pytest.raises(StorageError, match="cannot write"):
            _write(county, readonly / "x.xlsx")
    assert not any(p.name.endswith(".tmp") for p in tmp_path.rglob("*"))


def test_failure_while_saving_keeps_the_previous_file(
    county: County, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"previous report")

    def broken_replace(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(StorageError, match="No space left"):
        _write(county, path)
    assert path.read_bytes() == b"previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["county", "report.xlsx"]


def test_detail_sheets_print_at_full_size_in_column_groups(county: County, tmp_path: Path) -> None:
    path = tmp_path / "月报.xlsx"
    _write(county, path)
    book = load_workbook(path)
    sheet = book["抽检检查明细"]
    setup = sheet.page_setup
    assert (setup.paperSize, setup.orientation, setup.pageOrder) == (9, "landscape", "overThenDown")
    assert setup.scale * 10 / 100 >= 9  # the 10 pt header prints at 9 pt or more
    assert [b.id for b in sheet.col_breaks.brk] == [9, 16]  # three facing pages
    assert sheet.print_title_cols == "$A:$A" and sheet.print_title_rows == "$3:$3"
    assert sheet.print_options.gridLines and not sheet.print_options.horizontalCentered
    assert sheet.oddFooter.center.text == "&A  第 &P 页 共 3 页"
    assert sheet.print_area == "'抽检检查明细'!$A$1:$W$7"  # the record id stays unprinted
    assert sheet.auto_filter.ref == "A3:X7"
    assert sheet.column_dimensions["B"].width == 22
    assert sheet.sheet_format.defaultRowHeight == 17.25
    long_rows = [
        row
        for row in sheet.iter_rows(min_row=4)
        if any(cell.alignment.wrap_text for cell in row if cell.value)
    ]
    assert long_rows, "the report dataset has a name longer than its column"
    for row in long_rows:
        assert sheet.row_dimensions[row[0].row].height > 17.25  # tall enough for the wrap
    contents = book["目录"]
    assert contents.page_setup.orientation == "portrait"
    pages = {row[1]: row[4] for row in contents.iter_rows(min_row=6, values_only=True)}
    assert pages["抽检检查明细"] == 3


def test_the_same_records_give_the_same_workbook(county: County, tmp_path: Path) -> None:
    _write(county, tmp_path / "a.xlsx")
    _write(county, tmp_path / "b.xlsx")
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
