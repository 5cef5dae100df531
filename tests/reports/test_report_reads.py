"""The figures screens' read facade: plain data from one call, every record behind a figure."""

from __future__ import annotations

from report_dataset import AS_OF, A, Dataset

from desktop.db import Database
from desktop.reports.indicators import compute_indicators, records_behind
from desktop.reports.reads import ReportReads
from desktop.services.office import Office

County = tuple[Database, Office, Dataset]


def test_dashboard_is_the_indicators_trends_and_plans(county: County) -> None:
    database, _, _ = county
    data = ReportReads(database).dashboard(AS_OF, None)
    with database.session() as session:
        report = compute_indicators(session, AS_OF)
    assert [i.total for i in data.report.indicators] == [i.total for i in report.indicators]
    assert [t.target_id for t in data.trends] == [
        i.target.id for i in report.indicators if i.rule.kind.value == "pass_rate"
    ]
    assert all(len(t.points) == 18 for t in data.trends)
    assert data.current_plan == "2018" and [p[0] for p in data.plans] == ["2018"]


def test_records_behind_lists_the_figures_records_in_order(county: County) -> None:
    database, _, data = county
    reads = ReportReads(database)
    drilled = reads.records_behind("county_mayor_quality_award", AS_OF, A)
    with database.session() as session:
        expected = records_behind(session, "county_mayor_quality_award", AS_OF, A)
    assert drilled.drill == expected
    assert [row["id"] for row in drilled.rows] == expected.ids
    enterprise_ids = {row["enterprise_id"] for row in drilled.rows if row["enterprise_id"]}
    assert enterprise_ids and enterprise_ids <= set(drilled.enterprises)
    assert data.ids["c7"] in expected.ids


def test_record_batches_cover_every_id_once_in_order(county: County) -> None:
    database, _, _ = county
    reads = ReportReads(database)
    drilled = reads.records_behind("mfg_product_quality_pass_rate", AS_OF, None)
    ids = drilled.drill.ids
    assert len(ids) >= 2
    batches = list(reads.record_batches(drilled.drill.ledger, ids, batch=1))
    assert [len(b.records) for b in batches] == [1] * len(ids)
    assert [b.records[0]["id"] for b in batches] == ids


def test_plan_details_name_every_plan(county: County) -> None:
    database, _, _ = county
    details = ReportReads(database).plan_details(None)
    assert details["id"] == "2018" and [p["id"] for p in details["all"]] == ["2018"]
    assert len(details["targets"]) == 34
