"""The 月报 detail sheets carry the fields sampling announcements have (issue 13)."""

from __future__ import annotations

from datetime import date

from desktop.db import Database
from desktop.reports.basis import Span
from desktop.reports.details import (
    INSPECTION_HEADERS,
    PROJECT_HEADERS,
    inspection_rows,
    project_rows,
)
from desktop.services.ledger import LedgerService
from desktop.services.office import Office
from tests.conftest import VALID_CODES


def test_inspection_sheet_separates_kind_and_food_class_and_shows_the_labelled_producer(
    township_db: tuple[Database, Office],
) -> None:
    database, office = township_db
    service = LedgerService(database, office)
    unit = service.create("enterprises", {"credit_code": VALID_CODES[0], "name": "罗阳超市"})
    base = {
        "category_code": "INS_FOOD_SAFETY_SAMPLING",
        "inspection_date": "2024-04-10",
        "enterprise_id": unit.record["id"],
        "subject": "白茶",
        "batches_sampled": 1,
        "batches_passed": 1,
    }
    service.create(
        "inspections",
        {
            **base,
            "producer_name": "福建某茶厂",
            "producer_address": "福建省福鼎市",
            "food_category": "茶叶及相关制品",
            "sampling_stage": "circulation",
            "announcement_date": "2024-04-20",
            "report_number": "W2024-1",
        },
    )
    service.create("inspections", {**base, "subject": "红茶"})
    with database.session() as session:
        rows = list(inspection_rows(session, Span(None, date(2024, 12, 31)), None, date.today()))
    assert "分类" not in INSPECTION_HEADERS
    at = {h: i for i, h in enumerate(INSPECTION_HEADERS)}
    retail, own = (r for r in sorted(rows, key=lambda r: r[at["食品/产品名称"]]))
    assert retail[at["食品/产品名称"]] == "白茶"
    assert retail[at["标称生产者名称"]] == "福建某茶厂"
    assert retail[at["标称生产者地址"]] == "福建省福鼎市"
    assert retail[at["被抽样单位名称"]] == "罗阳超市"
    assert retail[at["检查类别"]] == "食品安全监测抽检"
    assert retail[at["食品分类"]] == "茶叶及相关制品"
    assert retail[at["抽样环节"]] == "流通"
    assert retail[at["公告日期"]] == date(2024, 4, 20)
    assert retail[at["检验报告编号"]] == "W2024-1"
    assert own[at["标称生产者名称"]] == "罗阳超市"  # no label producer: the unit itself


def test_project_sheet_shows_this_months_investment(township_db: tuple[Database, Office]) -> None:
    database, office = township_db
    service = LedgerService(database, office)
    project = service.create(
        "projects",
        {
            "category_code": "DEMO_AGRI_STANDARDIZATION",
            "name": "茶园示范",
            "lead_unit": "罗阳镇",
            "start_date": "2024-01-01",
            "level": "township",
        },
    )
    service.create(
        "project_progress",
        {
            "project_id": project.record["id"],
            "period": "2024-03",
            "percent_complete": 40,
            "investment_this_month": 30,
            "investment_to_date": 120,
        },
    )
    with database.session() as session:
        (row,) = project_rows(session, Span(None, date(2024, 3, 31)), None)
    at = {h: i for i, h in enumerate(PROJECT_HEADERS)}
    assert row[at["本月完成投资（万元）"]] == 30 and row[at["累计投资（万元）"]] == 120
    assert row[at["级别"]] == "镇级"
