"""Indicator values on a hand-built dataset with known answers for every computable target."""

from __future__ import annotations

from datetime import date

import pytest
from report_dataset import AS_OF, EXPECTED, A, B, Dataset

from desktop.db import Database
from desktop.errors import NotFoundError
from desktop.models import Plan, Setting
from desktop.reports.indicators import (
    Status,
    compute_indicators,
    records_behind,
    report_as_dict,
)
from desktop.reports.trends import pass_rate_trends
from desktop.services import plans
from desktop.services.ledger import LedgerService
from desktop.services.office import Office

County = tuple[Database, Office, Dataset]


def test_every_computable_target_has_its_known_value(county: County) -> None:
    database, _, _ = county
    with database.session() as session:
        report = compute_indicators(session, AS_OF)
    computable = {i.target.id for i in report.indicators if i.computable}
    assert computable == set(EXPECTED)
    assert len(report.indicators) == 34
    for target_id, (value, by_township) in EXPECTED.items():
        indicator = report.get(target_id)
        assert indicator.total.value == pytest.approx(value), target_id
        for code, expected in by_township.items():
            assert indicator.by_township[code].value == pytest.approx(expected), (target_id, code)


def test_one_enterprise_recorded_by_two_townships_counts_once(county: County) -> None:
    database, _, _ = county
    with database.session() as session:
        report = compute_indicators(session, AS_OF)
    adopters = report.get("performance_excellence_adopters")
    township_sum = sum(f.value or 0 for f in adopters.by_township.values())
    assert adopters.total.value == 2 and township_sum == 3
    assert adopters.total.records == 3  # three certificates behind two enterprises


def test_tombstoned_and_out_of_window_records_never_count(county: County) -> None:
    database, _, data = county
    with database.session() as session:
        behind = records_behind(session, "performance_excellence_adopters", AS_OF)
        rate = records_behind(session, "mfg_product_quality_pass_rate", AS_OF)
        projects = records_behind(session, "agri_standardization_demo_projects_new", AS_OF)
    assert behind.ledger == "certifications"
    assert set(behind.ids) == data.of("c1", "c2", "c3")  # not c4 (2018), c5 (later), c6 (deleted)
    assert set(rate.ids) == data.of("i1", "i2")  # not i3 (2021) nor i4 (deleted)
    assert set(projects.ids) == data.of("p1", "p2", "p3")


def test_drill_down_per_township_and_adoption_support(county: County) -> None:
    database, _, data = county
    with database.session() as session:
        town_b = records_behind(session, "county_mayor_quality_award", AS_OF, township=B)
        adoption = records_behind(session, "key_enterprise_main_product_std_adoption_rate", AS_OF)
        manual = records_behind(session, "air_quality_good_rate", AS_OF)
    assert set(town_b.ids) == data.of("c8", "c9")
    assert adoption.ledger == "enterprises"
    assert set(adoption.ids) == data.of("e1a", "e1b", "e2", "e4")
    assert adoption.supporting == {"certifications": [data.ids["c13"]]}
    assert manual.ledger == "manual_statistics" and manual.ids == [data.ids["m1"]]


def test_status_against_the_elapsed_share_of_the_window(county: County) -> None:
    database, _, _ = county
    with database.session() as session:
        report = compute_indicators(session, AS_OF)
        early = compute_indicators(session, date(2019, 6, 30))
    assert report.get("mfg_product_quality_pass_rate").status is Status.BEHIND
    assert report.get("agri_product_safety_test_pass_rate").status is Status.REACHED
    assert report.get("county_mayor_quality_award").status is Status.REACHED
    assert report.get("performance_excellence_adopters").status is Status.BEHIND
    assert report.get("zj_made_group_standards").status is Status.BEHIND
    assert report.get("prefab_building_area_share").status is Status.NO_DATA
    assert report.get("county_mayor_quality_award").percent_of_target == pytest.approx(100)
    belts = early.get("rr_demo_belts_completed")
    assert belts.total.value == 1 and belts.status is Status.ON_TRACK
    assert early.get("agri_product_safety_test_pass_rate").status is Status.NO_DATA


def test_manual_statistics_value_date_source_and_who(county: County) -> None:
    database, _, _ = county
    with database.session() as session:
        report = compute_indicators(session, AS_OF)
    air = report.get("air_quality_good_rate")
    assert not air.computable and air.total.value == 96.5 and air.status is Status.REACHED
    assert air.manual is not None
    assert (air.manual.as_of, air.manual.source, air.manual.entered_by) == (
        date(2022, 3, 31),
        "县环保局监测年报",
        "县办李四",
    )
    eco = report.get("eco_satisfaction_increase")
    assert eco.previous is not None and eco.previous.value == 80.0
    assert eco.status is Status.REACHED
    assert report.get("pm25_annual_mean_compliance").status is Status.REACHED
    assert report.get("eco_civilization_plan_revision").status is Status.NO_DATA


def test_one_township_scope(county: County) -> None:
    database, _, _ = county
    with database.session() as session:
        report = compute_indicators(session, AS_OF, township=A)
        with pytest.raises(NotFoundError):
            compute_indicators(session, AS_OF, township="330329999999")
    assert report.townships == [(A, "罗阳镇")]
    assert report.get("performance_excellence_adopters").total.value == 2
    assert report.get("mfg_product_quality_pass_rate").total.value == pytest.approx(90.0)
    assert set(report.get("county_mayor_quality_award").by_township) == {A}


def test_counting_window_is_the_plans_and_rate_period_a_setting(county: County) -> None:
    database, _, _ = county
    with database.session() as session:
        session.get_one(Plan, "2018").window_start = "2021-01-01"
        session.merge(Setting(key="rate_period", value="window", hlc=1))
    with database.session() as session:
        report = compute_indicators(session, AS_OF)
    assert report.get("performance_excellence_adopters").total.value == 2  # c2 2021, c3 2022
    assert report.get("performance_excellence_adopters").by_township[A].value == 1
    assert report.get("mfg_product_quality_pass_rate").total.value == pytest.approx(14 / 19 * 100)


def test_json_shape(county: County) -> None:
    database, _, _ = county
    with database.session() as session:
        data = report_as_dict(compute_indicators(session, AS_OF))
    first = data["indicators"][0]
    assert first["id"] == "mfg_product_quality_pass_rate"
    assert first["numerator"] == 14 and first["denominator"] == 15
    assert first["status"] == "behind" and first["status_label"] == "滞后"
    assert [t["code"] for t in first["by_township"]][:3] == [A, "330329101000", B]


def test_pass_rate_trend_by_month(county: County) -> None:
    database, _, _ = county
    with database.session() as session:
        trends = pass_rate_trends(session, AS_OF, months=7)
        only_b = pass_rate_trends(session, AS_OF, months=7, township=B)
    assert [t.target_id for t in trends] == [
        "mfg_product_quality_pass_rate",
        "agri_product_safety_test_pass_rate",
    ]
    points = {p.period: p for p in trends[0].points}
    assert [trends[0].points[0].period, trends[0].points[-1].period] == ["2021-12", "2022-06"]
    assert (points["2021-12"].sampled, points["2021-12"].passed) == (4, 0)
    assert points["2022-03"].rate == pytest.approx(90.0)
    assert points["2022-05"].sampled == 0 and points["2022-05"].rate is None  # deleted i4
    assert {p.period: p.sampled for p in only_b[0].points if p.sampled} == {
        "2021-12": 4,
        "2022-04": 5,
    }


def _second_plan(database: Database, office: Office) -> None:
    """The county copies the 2018 plan into a 2023–2025 plan and raises one figure."""
    with database.session() as session:
        plans.copy_plan(
            session,
            office,
            "2018",
            "2023",
            {
                "name_zh": "质量提升三年行动(2023—2025年)",
                "window_start": "2023-01-01",
                "window_end": "2025-12-31",
                "document_number": "泰质强办〔2023〕1号",
            },
        )
        plans.save_plan(
            session,
            office,
            "2023",
            {},
            [{"target_id": "performance_excellence_adopters", "target_value": 10.0}],
        )


def test_two_plans_each_with_its_own_window_and_figures(county: County) -> None:
    database, office, data = county
    _second_plan(database, office)
    town_b = Office(office.installation_id, "township", B, "百丈镇", "百丈镇办")
    record = (
        LedgerService(database, town_b, actor="乙")
        .create(
            "certifications",
            {
                "category_code": "MGMT_PERFORMANCE_EXCELLENCE",
                "enterprise_id": data.ids["e3"],
                "title": "2024 卓越绩效",
                "level": "county",
                "awarded_date": "2024-03-01",
            },
        )
        .record["id"]
    )
    day = date(2024, 6, 30)
    with database.session() as session:
        old = compute_indicators(session, day, plan="2018")
        new = compute_indicators(session, day, plan="2023")
        behind_new = records_behind(session, "performance_excellence_adopters", day, plan="2023")
        behind_old = records_behind(session, "performance_excellence_adopters", day, plan="2018")
    assert (old.plan.id, old.window.start, old.window.end) == (
        "2018",
        date(2019, 1, 1),
        date(2022, 12, 31),
    )
    assert (new.plan.id, new.window.start, new.window.end) == (
        "2023",
        date(2023, 1, 1),
        date(2025, 12, 31),
    )
    old_figure = old.get("performance_excellence_adopters")
    new_figure = new.get("performance_excellence_adopters")
    assert old_figure.total.value == 3  # e1 (c1, c2), e2 (c3), e4 (c5): the 2024 one is not in it
    assert new_figure.total.value == 1  # only the 2024 certificate
    assert (old_figure.target.target_value, new_figure.target.target_value) == (6.0, 10.0)
    assert behind_new.ids == [record]
    assert record not in behind_old.ids
    assert "计数期" in old.window_note() and "2022-12-31" in old.window_note()
    assert new.window_note() == ""
    assert report_as_dict(new)["plan"]["document_number"] == "泰质强办〔2023〕1号"


def test_the_current_plan_is_the_default(county: County) -> None:
    database, office, _ = county
    _second_plan(database, office)
    with database.session() as session:
        assert compute_indicators(session, AS_OF).plan.id == "2023"  # the latest begun
        plans.set_current(session, office, "2018")
    with database.session() as session:
        assert compute_indicators(session, AS_OF).plan.id == "2018"
        with pytest.raises(NotFoundError):
            compute_indicators(session, AS_OF, plan="1999")
