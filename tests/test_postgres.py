"""The county store on a real PostgreSQL server: migrations, writes, audit, filters, demo.

Runs where ``QUALITY_DESK_TEST_PG_URL`` names a server (``.ci/run`` starts one); each test gets a
fresh schema so tests never see each other's rows.
"""

from __future__ import annotations

from datetime import date

import pytest

from desktop import db as dbmod
from desktop.errors import ValidationError
from desktop.services import demo, queries, stats
from desktop.services.fields import INSPECTIONS
from desktop.services.ledger import LedgerService
from desktop.services.office import init_office, open_office

pytestmark = pytest.mark.postgres


def test_county_store_on_postgresql(pg_url: str) -> None:
    database = dbmod.Database(pg_url)
    assert database.dialect == "postgresql"
    office = init_office(database, county=True, operator="县办")
    assert open_office(database).is_county
    assert dbmod.current_revision(database) == dbmod.head_revision()
    demo.generate(database, office, records=40, seed=5)
    service = LedgerService(database, office)
    enterprise = service.create(
        "enterprises",
        {
            "credit_code": "91330329MA2H00006J",
            "name": "泰顺县县直测试有限公司",
            "township_code": "330329100000",
        },
    ).record
    record = service.create(
        "inspections",
        {
            "category_code": "INS_FOOD_SAFETY_SAMPLING",
            "inspection_date": "2022-04-02",
            "township_code": "330329100000",
            "enterprise_id": enterprise["id"],
            "subject": "番薯粉丝",
            "batches_sampled": 2,
            "batches_passed": 1,
            "failing_items": [{"item": "铝残留量", "measured": "210", "limit": "≤200"}],
            "rectification_required": True,
            "rectification_deadline": "2022-05-02",
        },
    ).record
    service.update(record["id"], {"notes": "已约谈"})
    assert [h["action"] for h in service.history(record["id"])] == ["create", "update"]
    with pytest.raises(ValidationError):
        service.create("inspections", {"subject": "x", "batches_sampled": 1, "batches_passed": 2})
    with database.session() as session:
        page = queries.fetch_page(
            session,
            INSPECTIONS,
            queries.LedgerQuery(text="县直测试 粉丝", limit=5),
            date(2022, 6, 1),
        )
        overdue = queries.fetch_page(
            session,
            INSPECTIONS,
            queries.LedgerQuery(rectification="overdue", text="县直测试"),
            date(2022, 6, 1),
        )
        counts = stats.record_counts(session)
    assert any(row["id"] == record["id"] for row in page.rows)
    with database.session() as session:
        lower = queries.fetch_page(
            session, INSPECTIONS, queries.LedgerQuery(text="ma2h00006j", limit=5), date(2022, 6, 1)
        )
    assert [row["id"] for row in lower.rows] == [record["id"]]  # credit codes match in any case
    assert record["id"] in {row["id"] for row in overdue.rows}
    assert len(counts["by_owner"]) == 20  # 19 townships' demo rows + the county's own
    database.dispose()
