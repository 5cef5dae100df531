"""The one importer: clerks' layouts in, expected counts out; refusals, duplicates, no eval."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from desktop.db import Database
from desktop.errors import UsageError
from desktop.models import AuditEntry, Enterprise, ImportLayout, Inspection, ProjectProgress
from desktop.paths import database_path
from desktop.reports.import_errors import write_error_report
from desktop.services import import_writer, ledger_import
from desktop.services.import_mapping import Mapping, mapping_from_json
from desktop.services.ledger import LedgerService
from desktop.services.ledger_import import ImportCheck
from desktop.services.office import Office
from tests.conftest import VALID_CODES
from tests.services.ledger_files import csv_file, serial, wps_xlsx, xlsx

TODAY = date(2026, 11, 30)
BAD_CODE = "91330329MA2H00006K"
INSPECTION_HEADER = [
    "序号",
    "被抽样单位名称",
    "统一社会信用代码",
    "食品名称",
    "抽检日期",
    "抽检批次",
    "合格数",
    "检验结论",
    "不合格项目",
    "检查类别",
]


def run(
    database: Database,
    office: Office,
    path: Path,
    ledger: str,
    *,
    sheet: str | None = None,
    all_sheets: bool = False,
    mapping: dict[str, Any] | None = None,
    defaults: dict[str, Any] | None = None,
    dry_run: bool = False,
) -> ImportCheck:
    """What the CLI and the wizard do: layout, mapping, check, and (unless a dry run) write."""
    layout = ledger_import.detect_layout(path, ledger, sheet)
    layouts = ledger_import.same_layout_sheets(path, ledger, layout) if all_sheets else [layout]
    plan: list[tuple[ledger_import.SheetLayout, Mapping]] = []
    for each in layouts:
        chosen = (
            mapping_from_json(mapping, ledger, each.headers)
            if mapping is not None
            else ledger_import.mapping_for(database, ledger, each)
        )
        chosen.defaults.update(defaults or {})
        plan.append((each, chosen))
    check = ledger_import.run_check(database, office, path, ledger, plan, today=TODAY)
    if not dry_run:
        import_writer.run_write(database, office, check)
    return check


def counts(check: ImportCheck) -> tuple[int, int, int]:
    return len(check.good), len(check.duplicates), len(check.refused)


def ledger_dump(database: Database) -> list[str]:
    """Every row of every table (for "nothing changed" comparisons)."""
    path = database_path(Path(str(database.engine.url.database)).parent)
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())


def file_hash(database: Database) -> str:
    database.engine.dispose()
    return hashlib.sha256(Path(str(database.engine.url.database)).read_bytes()).hexdigest()


def _title_layout(tmp_path: Path) -> Path:
    """Title rows with a merged title, the header on row 3, blank, subtotal and footer rows."""
    rows = [
        ["泰顺县罗阳镇2024年食品安全抽检台账"],
        ["填报单位：罗阳镇人民政府", None, None, None, "填报日期：2024年4月1日"],
        INSPECTION_HEADER,
        [
            1,
            "泰顺县罗阳茗香茶业有限公司",
            VALID_CODES[0],
            "绿茶",
            datetime(2024, 3, 5),
            1,
            1,
            "合格",
            None,
            "食品安全监测抽检",
        ],
        [
            2,
            "泰顺县罗阳茗香茶业有限公司",
            VALID_CODES[0],
            "红茶",
            "2024/3/6",
            2,
            1,
            "不合格",
            "铅(以Pb计)║1.2mg/kg║≤0.5mg/kg",
            "INS_FOOD_SAFETY_SAMPLING",
        ],
        [None] * 10,
        [
            3,
            "泰顺县新开张食品店",
            VALID_CODES[1],
            "糕点",
            "2024.3.7",
            1,
            1,
            "合格",
            "无",
            "食品安全监测抽检",
        ],
        [4, "无代码小店", None, "饮料", "2024年3月8日", 1, 1, "合格", None, "食品安全监测抽检"],
        [5, "坏代码小店", BAD_CODE, "酱油", "2024-03-09", 1, 1, "合格", None, "食品安全监测抽检"],
        [
            6,
            "泰顺县罗阳茗香茶业有限公司",
            VALID_CODES[0],
            "白茶",
            "2024-13-01",
            1,
            2,
            "优秀",
            None,
            "不存在的类别",
        ],
        ["合计", None, None, None, None, 6, 6],
        ["填表人：张三", None, None, None, "审核人：李四"],
    ]
    return xlsx(
        tmp_path / "抽检台账.xlsx", {"2024年抽检": rows}, {"2024年抽检": ["A1:J1", "A2:D2"]}
    )


def test_title_rows_merged_title_blank_subtotal_and_footer_rows(
    township_db: tuple[Database, Office], tmp_path: Path
) -> None:
    database, office = township_db
    path = _title_layout(tmp_path)
    check = run(database, office, path, "inspections")
    assert check.sheets[0].layout.header_row == 3
    assert counts(check) == (3, 0, 3), [r.reasons for r in check.refused]
    assert check.skipped == 3  # the blank row, 合计 and the footer
    assert len(check.new_enterprises) == 2  # 茗香 and 新开张, each created once from a valid code
    refused = {r.row: "；".join(r.reasons) for r in check.refused}
    assert "无代码小店" in refused[8] and "无法新建" in refused[8]
    assert "代码无效" in refused[9]
    assert "检查日期" in refused[10] and "不是日期" in refused[10]
    assert "检查结论" in refused[10] and "优秀" in refused[10]
    assert "未知的类别" in refused[10]
    with database.session() as session:
        rows = {i.subject: i for i in session.scalars(select(Inspection))}
        enterprises = {e.credit_code: e for e in session.scalars(select(Enterprise))}
    assert rows["红茶"].result == "fail" and rows["红茶"].batches_sampled == 2
    assert rows["红茶"].failing_items == [
        {"item": "铅(以Pb计)", "measured": "1.2mg/kg", "limit": "≤0.5mg/kg"}
    ]
    assert rows["糕点"].failing_items == []
    assert rows["绿茶"].inspection_date == date(2024, 3, 5)
    assert rows["绿茶"].enterprise_id == enterprises[VALID_CODES[0]].id
    assert {e.township_code for e in enterprises.values()} == {office.township_code}
    assert {i.owner for i in rows.values()} == {office.owner}
    assert len({i.hlc for i in rows.values()}) == 3


def test_reimporting_the_same_file_changes_nothing(
    township_db: tuple[Database, Office], tmp_path: Path
) -> None:
    database, office = township_db
    path = _title_layout(tmp_path)
    run(database, office, path, "inspections")
    before = ledger_dump(database)
    again = run(database, office, path, "inspections")
    assert counts(again) == (0, 3, 3)
    assert not again.new_enterprises
    assert {d.reason for d in again.duplicates} == {"同一企业、日期、类别和产品的记录已登记"}
    assert ledger_dump(database) == before


def test_a_dry_run_writes_nothing_not_even_the_mapping(
    township_db: tuple[Database, Office], tmp_path: Path
) -> None:
    database, office = township_db
    path = _title_layout(tmp_path)
    before = file_hash(database)
    check = run(database, office, path, "inspections", dry_run=True)
    assert counts(check) == (3, 0, 3) and check.preview[0]["subject"] == "绿茶"
    assert file_hash(database) == before


def test_merged_cells_in_the_data_apply_to_every_row_of_the_block(
    township_db: tuple[Database, Office], tmp_path: Path
) -> None:
    """A certificate list with the category typed once for a block of rows (merged cells)."""
    database, office = township_db
    LedgerService(database, office).create(
        "enterprises", {"credit_code": VALID_CODES[0], "name": "泰顺县罗阳茗香茶业有限公司"}
    )
    rows = [
        ["类别", "企业名称", "名称", "级别", "证书编号", "发证日期"],
        ["省级品牌", "泰顺县罗阳茗香茶业有限公司", "三杯香", "省级", "ZJ-001", "2023-05-01"],
        [None, "泰顺县罗阳茗香茶业有限公司", "香菇", "省", "ZJ-002", "2023-06-01"],
        ["市级品牌", "泰顺县罗阳茗香茶业有限公司", "猕猴桃", "市级", "WZ-9", "2023年7月1日"],
        [None, "不存在的企业", "杨梅", "市级", "WZ-10", "2023-07-02"],
    ]
    path = xlsx(tmp_path / "证书.xlsx", {"品牌": rows}, {"品牌": ["A2:A3", "A4:A5"]})
    check = run(database, office, path, "certifications")
    assert counts(check) == (3, 0, 1)
    assert "找不到企业“不存在的企业”" in check.refused[0].reasons[0]
    with database.session() as session:
        from desktop.models import Certification

        by_number = {c.document_number: c for c in session.scalars(select(Certification))}
    assert by_number["ZJ-002"].category_code == "BRAND_PROVINCIAL"
    assert by_number["ZJ-002"].level == "province"
    assert by_number["WZ-9"].category_code == "BRAND_CITY"
    again = run(database, office, path, "certifications")
    assert counts(again) == (0, 3, 1)
    assert again.duplicates[0].reason == "同一证书/文号的记录已登记"


def test_wps_style_enterprise_list(township_db: tuple[Database, Office], tmp_path: Path) -> None:
    database, office = township_db
    path = wps_xlsx(
        tmp_path / "名录.xlsx",
        [
            ["单位名称", "社会信用代码", "企业规模", "住所", "联系电话"],
            ["甲公司", VALID_CODES[0], "规上", "罗阳镇1号", 13800000000],
            ["乙公司", VALID_CODES[1], "高成长型", None, "=A2&B2"],
            ["丙公司", BAD_CODE, None, None, None],
            ["甲公司分号", VALID_CODES[0], None, None, None],
        ],
    )
    check = run(database, office, path, "enterprises")
    assert counts(check) == (2, 1, 1)
    assert "校验位" in check.refused[0].reasons[0]
    assert check.duplicates[0].reason == "与第 2 行重复"
    with database.session() as session:
        rows = {e.name: e for e in session.scalars(select(Enterprise))}
    assert rows["甲公司"].tier == "above_scale" and rows["甲公司"].contact_phone == "13800000000"
    assert rows["乙公司"].contact_phone == "=A2&B2"  # a formula is stored as its text


def test_gbk_csv_with_every_date_form_and_separators(
    county_db: tuple[Database, Office], tmp_path: Path
) -> None:
    """The county imports a CSV saved by WPS (GBK) for two townships; numbers carry separators."""
    database, office = county_db
    rows = [
        [
            "乡镇",
            "被检单位名称",
            "统一社会信用代码",
            "产品名称",
            "检查日期",
            "抽检批次",
            "合格批次",
            "结论",
            "检查类别",
        ],
        [
            "罗阳镇",
            "甲公司",
            VALID_CODES[0],
            "茶叶",
            "2024/3/5",
            "1,200",
            "1,200",
            "合格",
            "食品安全监测抽检",
        ],
        [
            "泗溪镇",
            "乙公司",
            VALID_CODES[1],
            "香菇",
            "2024.3.6",
            "3批",
            "2",
            "不合格",
            "食品安全监测抽检",
        ],
        [
            "罗阳",
            "丙公司",
            VALID_CODES[2],
            "竹笋",
            "2024年3月7日",
            1,
            1,
            "合格",
            "食品安全监测抽检",
        ],
        ["", "丁公司", None, "蜂蜜", "2024-03-08", 1, 1, "合格", "食品安全监测抽检"],
    ]
    path = csv_file(tmp_path / "抽检.csv", rows, "gbk")
    check = run(database, office, path, "inspections")
    assert counts(check) == (3, 0, 1)
    assert "缺少乡镇" in "；".join(check.refused[0].reasons)
    with database.session() as session:
        found = {i.subject: i for i in session.scalars(select(Inspection))}
    assert found["茶叶"].batches_sampled == 1200 and found["茶叶"].township_code == "330329100000"
    assert found["香菇"].batches_sampled == 3 and found["香菇"].result == "fail"
    assert found["竹笋"].township_code == "330329100000"
    assert {i.inspection_date for i in found.values()} == {
        date(2024, 3, 5),
        date(2024, 3, 6),
        date(2024, 3, 7),
    }


def _progress_book(tmp_path: Path) -> Path:
    header = ["项目名称", "月份", "完成进度", "本月完成投资(万元)", "累计完成投资", "本月进展"]
    sheets = {
        "2023年": [
            header,
            ["茶园标准化示范", "2023年11月", 0.3, "50", "1,050", "完成整地"],
            ["茶园标准化示范", "2023-12", 0.45, 20, 1070, None],
        ],
        "2024年": [
            ["罗阳镇项目进度表"],
            header,
            ["茶园标准化示范", "2024/1", 0.6, 30, 1100, "完成种植"],
            ["不存在的项目", "2024-01", "60%", 1, 1, None],
        ],
        "说明": [["本表由罗阳镇填报"]],
    }
    path = xlsx(tmp_path / "进度.xlsx", sheets)
    book = load_workbook(path)
    for title, cells in (("2023年", ("C2", "C3")), ("2024年", ("C3",))):
        for cell in cells:
            book[title][cell].number_format = "0%"
    book.save(path)
    return path


def test_two_sheets_with_the_same_layout_and_percent_cells(
    township_db: tuple[Database, Office], tmp_path: Path
) -> None:
    database, office = township_db
    LedgerService(database, office).create(
        "projects",
        {
            "category_code": "DEMO_AGRI_STANDARDIZATION",
            "name": "茶园标准化示范",
            "lead_unit": "罗阳镇农业办",
            "start_date": "2023-03-01",
            "level": "township",
        },
    )
    path = _progress_book(tmp_path)
    check = run(database, office, path, "project_progress", all_sheets=True)
    assert [s.layout.sheet for s in check.sheets] == ["2023年", "2024年"]
    assert [s.layout.header_row for s in check.sheets] == [1, 2]
    assert counts(check) == (3, 0, 1)
    assert "找不到项目“不存在的项目”" in check.refused[0].reasons[0]
    with database.session() as session:
        progress = {p.period: p for p in session.scalars(select(ProjectProgress))}
    assert progress["2023-11"].percent_complete == 30  # shown as 30 %, stored as 30
    assert progress["2023-11"].investment_this_month == 50
    assert progress["2023-11"].investment_to_date == 1050
    assert progress["2024-01"].milestone_reached == "完成种植"
    only_first = run(database, office, path, "project_progress", dry_run=True)
    assert [s.layout.sheet for s in only_first.sheets] == ["2023年"]
    assert counts(only_first) == (0, 2, 0)


def test_excel_serial_dates_in_plain_number_cells(
    township_db: tuple[Database, Office], tmp_path: Path
) -> None:
    database, office = township_db
    rows = [
        [
            "企业名称",
            "统一社会信用代码",
            "类别",
            "名称",
            "级别",
            "证书编号",
            "发证日期",
            "有效期至",
        ],
        [
            "甲公司",
            VALID_CODES[0],
            "CERT_GAP",
            "GAP认证",
            "国家级",
            "GAP-1",
            serial(date(2023, 5, 1)),
            serial(date(2026, 4, 30)),
        ],
        [
            "甲公司",
            VALID_CODES[0],
            "CERT_GAP",
            "GAP复审",
            "国家级",
            None,
            float(serial(date(2024, 5, 1))),
            None,
        ],
        ["甲公司", VALID_CODES[0], "CERT_GAP", "数字太小", "国家级", "GAP-3", 12, None],
    ]
    path = xlsx(tmp_path / "serial.xlsx", {"Sheet1": rows})
    check = run(database, office, path, "certifications")
    assert counts(check) == (2, 0, 1)
    assert "发证日期" in check.refused[0].reasons[0]
    with database.session() as session:
        from desktop.models import Certification

        found = {c.title: c for c in session.scalars(select(Certification))}
    assert found["GAP认证"].awarded_date == date(2023, 5, 1)
    assert found["GAP认证"].expiry_date == date(2026, 4, 30)
    assert found["GAP复审"].awarded_date == date(2024, 5, 1)
    again = run(database, office, path, "certifications")
    assert counts(again) == (0, 2, 1)  # a certificate without a number: same content


def test_an_announcement_with_defaults_and_derivations(
    township_db: tuple[Database, Office], tmp_path: Path
) -> None:
    """A retail-stage sampling announcement: producer ≠ sampled unit, no batches, no date."""
    database, office = township_db
    rows = [
        [
            "标称生产企业名称",
            "标称生产企业地址",
            "被抽样单位名称",
            "统一社会信用代码",
            "食品名称",
            "规格型号",
            "食品分类",
            "抽样环节",
            "公告号",
            "公告日期",
            "不合格项目║检验结果║标准值",
            "检验报告编号",
        ],
        [
            "福建某茶厂",
            "福建省福鼎市",
            "泰顺县罗阳茗香茶业有限公司",
            VALID_CODES[0],
            "白茶",
            "250g/袋",
            "茶叶及相关制品",
            "流通",
            "温市监〔2024〕3号",
            "2024-04-10",
            None,
            "W2024-1",
        ],
        [
            "浙江某食品公司",
            "浙江省温州市",
            "泰顺县罗阳茗香茶业有限公司",
            VALID_CODES[0],
            "蜜饯",
            None,
            "水果制品",
            "流通环节",
            "温市监〔2024〕3号",
            "2024-04-10",
            "二氧化硫残留量║0.5g/kg║≤0.35g/kg",
            "W2024-2",
        ],
    ]
    path = xlsx(tmp_path / "公告.xlsx", {"公告": rows})
    mapping = ledger_import.mapping_for(
        database, "inspections", ledger_import.detect_layout(path, "inspections")
    )
    content = mapping.to_json(ledger_import.detect_layout(path, "inspections").headers)
    content["defaults"] = {"batches_sampled": 1, "category_code": "INS_FOOD_SAFETY_SAMPLING"}
    content["derive"] = {
        "result": "failing_items",
        "batches_passed": "result",
        "inspection_date": "announcement_date",
    }
    check = run(database, office, path, "inspections", mapping=content)
    assert counts(check) == (2, 0, 0), [r.reasons for r in check.refused]
    assert check.derived == {
        "batches_sampled": 2,
        "category_code": 2,
        "inspection_date": 2,
        "result": 2,
        "batches_passed": 2,
    }
    with database.session() as session:
        found = {i.subject: i for i in session.scalars(select(Inspection))}
    tea, fruit = found["白茶"], found["蜜饯"]
    assert (tea.result, tea.batches_passed, fruit.result, fruit.batches_passed) == (
        "pass",
        1,
        "fail",
        0,
    )
    assert tea.producer_name == "福建某茶厂" and tea.producer_address == "福建省福鼎市"
    assert tea.food_category == "茶叶及相关制品" and tea.sampling_stage == "circulation"
    assert fruit.sampling_stage == "circulation" and tea.report_number == "W2024-1"
    assert tea.announcement_date == tea.inspection_date == date(2024, 4, 10)
    assert tea.notice_number == "温市监〔2024〕3号"
    again = run(database, office, path, "inspections", dry_run=True)  # remembered with its rules
    assert counts(again) == (0, 2, 0)
    layout = ledger_import.detect_layout(path, "inspections")
    bare = Mapping("inspections", dict(mapping.columns))
    with pytest.raises(UsageError, match="缺少必需的列：检查类别、抽检批次"):
        ledger_import.run_check(database, office, path, "inspections", [(layout, bare)])


def test_the_mapping_is_remembered_per_layout_and_used_next_month(
    township_db: tuple[Database, Office], tmp_path: Path
) -> None:
    database, office = township_db
    rows = [["单位", "代码", "备注一"], ["甲公司", VALID_CODES[0], "x"]]
    path = xlsx(tmp_path / "march.xlsx", {"S": rows})
    layout = ledger_import.detect_layout(path, "enterprises", header_row=1)
    assert ledger_import.mapping_for(database, "enterprises", layout).columns == {}
    chosen = Mapping("enterprises", {0: "name", 1: "credit_code", 2: "notes"}, header_row=1)
    check = ledger_import.run_check(database, office, path, "enterprises", [(layout, chosen)])
    import_writer.run_write(database, office, check)
    april = xlsx(tmp_path / "april.xlsx", {"S": [rows[0], ["乙公司", VALID_CODES[1], "y"]]})
    next_layout = ledger_import.detect_layout(april, "enterprises", header_row=1)
    remembered = ledger_import.mapping_for(database, "enterprises", next_layout)
    assert remembered.source == "remembered"
    assert remembered.columns == {0: "name", 1: "credit_code", 2: "notes"}
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(ImportLayout)) == 1


def test_an_exact_label_beats_a_synonym_and_full_width_folds(
    township_db: tuple[Database, Office], tmp_path: Path
) -> None:
    database, _office = township_db
    rows = [
        [
            "检验结果",
            "检查结论",
            "ＳＵＢＪＥＣＴ",
            "检查日期（必填）",
            "合格数",
            "抽检批次",
            "类别",
        ],
        [None, "合格", "茶叶", "2024-03-05", 1, 1, "INS_FOOD_SAFETY_SAMPLING"],
    ]
    path = xlsx(tmp_path / "a.xlsx", {"S": rows})
    layout = ledger_import.detect_layout(path, "inspections")
    columns = ledger_import.mapping_for(database, "inspections", layout).columns
    assert columns[1] == "result" and 0 not in columns  # 检查结论 is the label; 检验结果 a synonym
    assert columns[2] == "subject" and columns[3] == "inspection_date"
    assert columns[4] == "batches_passed" and columns[6] == "category_code"


def test_refused_rows_come_back_as_a_workbook_that_imports_once_fixed(
    township_db: tuple[Database, Office], tmp_path: Path
) -> None:
    database, office = township_db
    path = _title_layout(tmp_path)
    check = run(database, office, path, "inspections")
    errors = tmp_path / "未导入.xlsx"
    assert write_error_report(errors, check) == 3
    book = load_workbook(errors)
    sheet = book.active
    assert [c.value for c in sheet[1]] == [*INSPECTION_HEADER, "原工作表", "原行号", "未导入原因"]
    assert [c.value for c in sheet["L"][1:]] == [8, 9, 10]
    assert "无法新建" in sheet["M2"].value
    sheet["C2"] = VALID_CODES[2]  # the clerk adds the missing code …
    sheet["E4"] = "2024-03-10"  # … and fixes the date, result and category of row 10
    sheet["H4"] = "合格"
    sheet["J4"] = "食品安全监测抽检"
    sheet["G4"] = 1
    book.save(errors)
    fixed = run(database, office, errors, "inspections")
    assert counts(fixed) == (2, 0, 1), [r.reasons for r in fixed.refused]


def test_formulas_are_stored_as_text_never_evaluated(
    township_db: tuple[Database, Office], tmp_path: Path
) -> None:
    database, office = township_db
    rows = [
        [
            "被抽样单位名称",
            "统一社会信用代码",
            "食品名称",
            "抽检日期",
            "抽检批次",
            "合格批次",
            "检查类别",
            "备注",
        ],
        [
            "甲公司",
            VALID_CODES[0],
            '=CONCAT("茶","叶")',
            "2024-03-05",
            1,
            1,
            "INS_FOOD_SAFETY_SAMPLING",
            "=1+1",
        ],
        [
            "甲公司",
            VALID_CODES[0],
            "香菇",
            "2024-03-05",
            "=1+1",
            1,
            "INS_FOOD_SAFETY_SAMPLING",
            None,
        ],
    ]
    path = xlsx(tmp_path / "f.xlsx", {"S": rows})
    check = run(database, office, path, "inspections")
    assert counts(check) == (1, 0, 1)
    assert "含公式 =1+1" in check.refused[0].reasons[0]
    with database.session() as session:
        row = session.scalars(select(Inspection)).one()
    assert row.subject == '=CONCAT("茶","叶")' and row.notes == "=1+1"


def test_good_rows_are_audited_and_travel_in_the_next_package(
    township_db: tuple[Database, Office], county_db: tuple[Database, Office], tmp_path: Path
) -> None:
    from desktop.sync import export, importer, keys

    database, office = township_db
    with database.session() as session:
        keys.ensure_identity(session)
    check = run(database, office, _title_layout(tmp_path), "inspections")
    with database.session() as session:
        audits = session.scalars(select(AuditEntry)).all()
    assert {a.table_name for a in audits} == {"inspections", "enterprises"}
    assert len(audits) == len(check.good) + len(check.new_enterprises)
    assert {a.reason for a in audits} == {"从 抽检台账.xlsx 导入"}
    package = export.export_data(database, office, tmp_path / "out").path
    county, county_office = county_db
    result = importer.import_package(county, county_office, package)
    assert result.status == importer.STATUS_MERGED, result.as_dict()
    with county.session() as session:
        subjects = set(session.scalars(select(Inspection.subject)))
        enterprises = session.scalar(select(func.count()).select_from(Enterprise))
    assert subjects == {"绿茶", "红茶", "糕点"} and enterprises == 2


def test_a_township_cannot_import_another_townships_rows(
    township_db: tuple[Database, Office], tmp_path: Path
) -> None:
    database, office = township_db
    rows = [["企业名称", "统一社会信用代码", "所属乡镇"], ["甲", VALID_CODES[0], "泗溪镇"]]
    check = run(database, office, xlsx(tmp_path / "x.xlsx", {"S": rows}), "enterprises")
    assert "不属于本乡镇" in check.refused[0].reasons[0]


def test_whole_file_problems_are_usage_errors(
    township_db: tuple[Database, Office], tmp_path: Path
) -> None:
    _database, _office = township_db
    path = xlsx(tmp_path / "x.xlsx", {"S": [["甲", "乙"], ["1", "2"]]})
    with pytest.raises(UsageError, match="找不到企业名录的表头"):
        ledger_import.detect_layout(path, "enterprises")
    with pytest.raises(UsageError, match="映射文件有误"):
        mapping_from_json({"format": "other"}, "enterprises", [])
    with pytest.raises(UsageError, match="未知的字段"):
        mapping_from_json(
            {"format": "quality-desk-import-mapping", "version": 1, "columns": {"甲": "nope"}},
            "enterprises",
            ["甲"],
        )


def test_an_enterprise_is_created_with_the_first_row_that_goes_in(
    township_db: tuple[Database, Office], tmp_path: Path
) -> None:
    """A refused row does not leave its new enterprise behind for the rows after it."""
    database, office = township_db
    rows = [
        [
            "被抽样单位名称",
            "统一社会信用代码",
            "食品名称",
            "抽检日期",
            "抽检批次",
            "合格批次",
            "检查类别",
        ],
        ["新企业", VALID_CODES[2], "茶叶", "不是日期", 1, 1, "INS_FOOD_SAFETY_SAMPLING"],
        ["新企业", VALID_CODES[2], "香菇", "2024-03-05", 1, 1, "INS_FOOD_SAFETY_SAMPLING"],
    ]
    check = run(database, office, xlsx(tmp_path / "e.xlsx", {"S": rows}), "inspections")
    assert counts(check) == (1, 0, 1)
    assert [e["credit_code"] for e in check.new_enterprises] == [VALID_CODES[2]]
    with database.session() as session:
        inspection = session.scalars(select(Inspection)).one()
        enterprise = session.scalars(select(Enterprise)).one()
    assert inspection.enterprise_id == enterprise.id


def test_the_county_imports_its_statistics_by_target_name(
    county_db: tuple[Database, Office], tmp_path: Path
) -> None:
    database, office = county_db
    with database.session() as session:
        from desktop.models import Target

        target = session.scalars(select(Target).where(Target.record_source == "none")).first()
        assert target is not None
        name, target_id = target.name_zh, target.id
    rows = [
        ["指标名称", "数值", "统计日期", "数据来源"],
        [name, "92.5%", "2024年6月30日", "县环保局"],
        [target_id, 93, "2024-12-31", "县环保局"],
        ["不存在的指标", 1, "2024-12-31", "县环保局"],
    ]
    check = run(database, office, xlsx(tmp_path / "s.xlsx", {"S": rows}), "manual_statistics")
    assert counts(check) == (2, 0, 1)
    assert "未知的目标" in check.refused[0].reasons[0]
    again = run(database, office, xlsx(tmp_path / "s.xlsx", {"S": rows}), "manual_statistics")
    assert counts(again) == (0, 2, 1)


@pytest.mark.postgres
def test_the_county_imports_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    from desktop.db import Database as Db
    from desktop.services.office import init_office

    database = Db(pg_url)
    office = init_office(database, county=True, operator="县办")
    rows = [
        [
            "乡镇",
            "被检单位名称",
            "统一社会信用代码",
            "产品名称",
            "检查日期",
            "抽检批次",
            "合格批次",
            "检查类别",
            "不合格项目",
        ],
        [
            "罗阳镇",
            "甲公司",
            VALID_CODES[0],
            "茶叶",
            "2024/3/5",
            2,
            1,
            "食品安全监测抽检",
            "铅║1.2║≤0.5",
        ],
        ["罗阳镇", "甲公司", VALID_CODES[0], "香菇", "2024/3/6", 1, 1, "食品安全监测抽检", None],
    ]
    path = xlsx(tmp_path / "pg.xlsx", {"S": rows})
    check = run(database, office, path, "inspections")
    assert counts(check) == (2, 0, 0) and len(check.new_enterprises) == 1
    with database.session() as session:
        found = {i.subject: i for i in session.scalars(select(Inspection))}
        audits = session.scalar(select(func.count()).select_from(AuditEntry))
    assert found["茶叶"].failing_items == [{"item": "铅", "measured": "1.2", "limit": "≤0.5"}]
    assert found["茶叶"].inspection_date == date(2024, 3, 5) and audits == 3
    assert counts(run(database, office, path, "inspections")) == (0, 2, 0)
    database.dispose()
