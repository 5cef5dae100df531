"""Paged, filtered, sorted reads in SQL: free text (incl. 2-character Chinese), flags, paging."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from desktop.db import Database
from desktop.services import demo, queries
from desktop.services.fields import CERTIFICATIONS, ENTERPRISES, INSPECTIONS, LEDGERS
from desktop.services.ledger import LedgerService
from desktop.services.office import Office
from desktop.services.records import json_ready

TODAY = date(2022, 6, 15)


def _add(
    service: LedgerService, enterprise_id: str, subject: str, day: str, **extra: object
) -> str:
    data: dict[str, object] = {
        "category_code": "INS_AGRI_PRODUCT_SAFETY_TEST",
        "inspection_date": day,
        "enterprise_id": enterprise_id,
        "subject": subject,
        "batches_sampled": 1,
        "batches_passed": 1,
    }
    data.update(extra)
    return str(service.create("inspections", data).record["id"])


def _page(service: LedgerService, spec=INSPECTIONS, **kwargs: object) -> queries.Page:  # type: ignore[no-untyped-def]
    with service.database.session() as session:
        return queries.fetch_page(session, spec, queries.LedgerQuery(**kwargs), TODAY)  # type: ignore[arg-type]


def test_two_character_chinese_term_filters(service: LedgerService, enterprise_id: str) -> None:
    _add(service, enterprise_id, "三杯香绿茶", "2022-01-05")
    _add(service, enterprise_id, "猕猴桃", "2022-01-06")
    page = _page(service, text="绿茶")
    assert page.total == 1 and page.rows[0]["subject"] == "三杯香绿茶"
    assert _page(service, text="不存在的词").total == 0


def test_text_matches_enterprise_name_and_code(service: LedgerService, enterprise_id: str) -> None:
    _add(service, enterprise_id, "猕猴桃", "2022-01-06")
    assert _page(service, text="茗香").total == 1
    assert _page(service, text="MA2H00006J").total == 1


def test_like_wildcards_are_literal(service: LedgerService, enterprise_id: str) -> None:
    _add(service, enterprise_id, "100%纯粮酒", "2022-01-06")
    _add(service, enterprise_id, "1000ml酒", "2022-01-07")
    assert _page(service, text="100%").total == 1


def test_overdue_rectifications_and_paging(service: LedgerService, enterprise_id: str) -> None:
    _add(
        service,
        enterprise_id,
        "逾期",
        "2022-05-01",
        batches_passed=0,
        rectification_required=True,
        rectification_deadline="2022-06-01",
    )
    _add(
        service,
        enterprise_id,
        "未到期",
        "2022-06-10",
        batches_passed=0,
        rectification_required=True,
        rectification_deadline="2022-07-01",
    )
    for day in range(1, 8):
        _add(service, enterprise_id, f"合格{day}", f"2022-03-0{day}")
    overdue = _page(service, rectification="overdue")
    assert [r["subject"] for r in overdue.rows] == ["逾期"]
    assert _page(service, rectification="pending").total == 2
    first = _page(service, limit=4, offset=0)
    second = _page(service, limit=4, offset=4)
    assert first.total == 9 and len(first.rows) == 4
    assert not {r["id"] for r in first.rows} & {r["id"] for r in second.rows}
    assert first.rows[0]["inspection_date"] >= first.rows[-1]["inspection_date"]


def test_deleted_rows_are_hidden_unless_asked(service: LedgerService, enterprise_id: str) -> None:
    record_id = _add(service, enterprise_id, "待删", "2022-01-05")
    service.delete(record_id)
    assert _page(service).total == 0
    assert _page(service, include_deleted=True).total == 1
    assert _page(service, spec=ENTERPRISES).total == 1


def test_expiring_certifications(service: LedgerService, enterprise_id: str) -> None:
    for title, expiry in (("快到期", "2022-07-20"), ("早着呢", "2025-01-01")):
        service.create(
            "certifications",
            {
                "category_code": "BRAND_CITY",
                "enterprise_id": enterprise_id,
                "title": title,
                "level": "city",
                "awarded_date": "2019-07-20",
                "expiry_date": expiry,
            },
        )
    page = _page(service, spec=CERTIFICATIONS, expiring_only=True)
    assert [r["title"] for r in page.rows] == ["快到期"]


def test_records_are_json_ready_as_every_value_was(
    township_db: tuple[Database, Office],
) -> None:
    """record_of converts only the columns that can hold dates: the records are those of
    converting every value (dates and times as text, the rest as stored)."""
    database, office = township_db
    demo.generate(database, office, records=60, seed=3, today=date(2022, 6, 30))
    for spec in LEDGERS.values():
        table = spec.model.__table__
        names = queries.record_names(spec)
        with database.session() as session:
            rows = session.execute(select(*(table.c[name] for name in names))).all()
        assert rows or spec.name == "manual_statistics", spec.name
        for row in rows:
            record = queries.record_of(spec, names, row)
            every = {
                "ledger": spec.name,
                **{n: json_ready(v) for n, v in zip(names, row, strict=True)},
            }
            assert record == every
            assert not any(isinstance(v, date) for v in record.values())
