"""Importing an enterprise list: header mapping, row-by-row refusals, all-or-nothing writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from desktop.db import Database
from desktop.errors import UsageError
from desktop.models import AuditEntry, Enterprise
from desktop.reports.import_errors import write_error_report
from desktop.services import enterprise_import as imp
from desktop.services.ledger import LedgerService
from desktop.services.office import Office

VALID = ("91330329MA2H00006J", "92330329MA2H00014A", "93330329MA2H000222", "91110108551385082Q")


def _workbook(path: Path, rows: list[list[Any]], title_row: bool = True) -> Path:
    """A clerk's enterprise list; ``'=x`` cells hold text that only looks like a formula."""
    book = Workbook()
    sheet = book.active
    if title_row:
        sheet.append(["泰顺县罗阳镇企业名录(2022年)"])
    for row in rows:
        sheet.append([v[1:] if isinstance(v, str) and v.startswith("'=") else v for v in row])
        for index, value in enumerate(row, start=1):
            if isinstance(value, str) and value.startswith("'="):
                cell = sheet.cell(sheet.max_row, index)
                cell.data_type = "s"
                cell.quotePrefix = True
    book.save(path)
    return path


HEADER = ["序号", "企业名称", "统一社会信用代码(必填)", "企业类型", "地址", "联系电话", "法人"]


def _plan(tmp_path: Path, rows: list[list[Any]]) -> imp.ImportPlan:
    return imp.read_workbook(_workbook(tmp_path / "list.xlsx", [HEADER, *rows]))


def test_mapping_preview_and_row_errors(
    township_db: tuple[Database, Office], tmp_path: Path
) -> None:
    database, office = township_db
    LedgerService(database, office).create("enterprises", {"credit_code": VALID[3], "name": "已有"})
    plan = _plan(
        tmp_path,
        [
            [
                1,
                "泰顺县罗阳茗香茶业有限公司",
                " 91330329ma2h00006j ",
                "规上",
                "罗阳镇1号",
                "13800000000",
            ],
            [2, "", VALID[1], None, None, None],
            [3, "坏代码企业", "91330329MA2H00006K", None, None, None],
            [4, "重复企业", "９１３３０３２９ＭＡ２Ｈ００００６Ｊ", None, None, None],
            [5, "已登记企业", VALID[3], None, None, None],
            [6, "短代码", "12345", None, None, None],
            [None, None, None, None, None, None],
            [7, '\'=HYPERLINK("x")', VALID[2], "领军企业", "@地址", "+86 577"],
        ],
    )
    assert plan.header_row == 2
    assert plan.mapping_labels() == {
        "name": "企业名称",
        "credit_code": "统一社会信用代码(必填)",
        "tier": "企业类型",
        "address": "地址",
        "contact_phone": "联系电话",
    }
    assert plan.unmapped == ["序号", "法人"]
    checked = imp.check_rows(database, office, plan)
    assert checked.total == 7
    assert [row for row, _ in checked.good] == [3, 10], checked.bad
    good = dict(checked.good)
    assert good[3]["credit_code"] == VALID[0] and good[3]["tier"] == "above_scale"
    assert good[10]["name"] == '=HYPERLINK("x")' and good[10]["tier"] == "leading"
    reasons = {problem.row: " ".join(problem.reasons) for problem in checked.bad}
    assert "企业名称:必填" in reasons[4]
    assert "校验位" in reasons[5]
    assert "与第 3 行重复" in reasons[6]
    assert "已登记" in reasons[7]
    assert "18位" in reasons[8]
    assert checked.preview(1)[0]["row"] == 3


def test_good_rows_go_in_with_identity_and_audit(
    township_db: tuple[Database, Office], tmp_path: Path
) -> None:
    database, office = township_db
    plan = _plan(tmp_path, [[1, "甲公司", VALID[0]], [2, "乙公司", VALID[1]], [3, "", "bad"]])
    checked = imp.check_rows(database, office, plan)
    assert imp.write_rows(database, office, checked) == 2
    with database.session() as session:
        rows = list(session.scalars(select(Enterprise).order_by(Enterprise.hlc)))
        audits = session.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "create")
        )
    assert [r.name for r in rows] == ["甲公司", "乙公司"]
    assert {r.owner for r in rows} == {office.owner} and rows[0].hlc < rows[1].hlc
    assert {r.township_code for r in rows} == {office.township_code}
    assert audits == 2
    again = imp.check_rows(database, office, plan)
    assert again.good == [] and len(again.bad) == 3  # re-import: duplicates refused
    errors = tmp_path / "errors.xlsx"
    write_error_report(errors, again)
    sheet = load_workbook(errors).active
    assert [c.value for c in sheet[1]] == ["行号", "统一社会信用代码", "企业名称", "问题"]
    assert sheet.max_row == 4


def test_whole_file_refusals(township_db: tuple[Database, Office], tmp_path: Path) -> None:
    missing = _workbook(tmp_path / "missing.xlsx", [["企业名称", "地址"], ["甲", "乙"]])
    with pytest.raises(UsageError, match="统一社会信用代码"):
        imp.read_workbook(missing)
    book = Workbook()
    sheet = book.active
    sheet.append(["企业名称", "统一社会信用代码"])
    sheet.append(["甲公司", VALID[0]])
    sheet.append([None, VALID[1]])
    sheet.merge_cells("A2:A3")
    book.save(tmp_path / "merged.xlsx")
    with pytest.raises(UsageError, match="A2:A3"):
        imp.read_workbook(tmp_path / "merged.xlsx")
    not_xlsx = tmp_path / "list.xlsx.csv"
    not_xlsx.write_text("企业名称,统一社会信用代码\n", encoding="utf-8")
    with pytest.raises(UsageError, match="xlsx"):
        imp.read_workbook(not_xlsx)
    with pytest.raises(UsageError):
        imp.read_workbook(tmp_path / "absent.xlsx")
    with pytest.raises(UsageError, match="Sheet9"):
        imp.read_workbook(missing, sheet="Sheet9")


def test_formulas_are_refused_per_row(township_db: tuple[Database, Office], tmp_path: Path) -> None:
    database, office = township_db
    plan = _plan(tmp_path, [[1, '=A1&"公司"', VALID[0]], [2, "乙公司", VALID[1]]])
    checked = imp.check_rows(database, office, plan)
    assert [row for row, _ in checked.good] == [4]
    assert "B3 含公式" in checked.bad[0].reasons[0]


def test_county_import_needs_a_township(county_db: tuple[Database, Office], tmp_path: Path) -> None:
    database, office = county_db
    path = _workbook(
        tmp_path / "county.xlsx",
        [
            ["企业名称", "统一社会信用代码", "所属乡镇"],
            ["甲", VALID[0], "罗阳镇"],
            ["乙", VALID[1], ""],
        ],
        title_row=False,
    )
    checked = imp.check_rows(database, office, imp.read_workbook(path))
    assert checked.good[0][1]["township_code"] == "330329100000"
    assert "所属乡镇" in checked.bad[0].reasons[0]
    with_default = imp.check_rows(
        database, office, imp.read_workbook(path), default_township="330329102000"
    )
    assert [values["township_code"] for _, values in with_default.good] == [
        "330329100000",
        "330329102000",
    ]
