"""Figures read in one batch equal each rule read alone and the records its drill-down lists."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from report_dataset import AS_OF, A, B, Dataset

from desktop.db import Database
from desktop.models import Setting
from desktop.reports.basis import Span
from desktop.reports.indicators import (
    BATCH,
    IndicatorReport,
    compute_indicators,
    evaluate,
    evaluate_many,
    records_behind,
)
from desktop.reports.rules import RuleKind
from desktop.services import demo, plans
from desktop.services.office import Office, init_office

County = tuple[Database, Office, Dataset]

DAYS = (date(2019, 6, 30), AS_OF, date(2024, 12, 31))


@pytest.fixture
def demo_county(tmp_path: Path) -> Iterator[tuple[Database, Office]]:
    """Deterministic demo records in every township (an enterprise may be in two townships)."""
    database = Database.for_data_dir(tmp_path / "demo")
    office = init_office(database, county=True, operator="县办")
    demo.generate(database, office, 120, seed=5, today=date(2024, 12, 31))
    yield database, office
    database.dispose()


def _alone(database: Database, report: IndicatorReport) -> None:
    """Each indicator's figures equal its rule evaluated by itself."""
    with database.session() as session:
        for indicator in report.indicators:
            total, by, entry = evaluate(session, indicator.rule, indicator.span, report.township)
            assert total == indicator.total, indicator.target.id
            assert entry == indicator.manual, indicator.target.id
            for code, figure in by.items():
                assert indicator.by_township[code] == figure, (indicator.target.id, code)


def _drilled(database: Database, report: IndicatorReport, townships: list[str]) -> None:
    """Every figure counts exactly the records its drill-down lists (county and townships)."""
    with database.session() as session:
        for indicator in report.indicators:
            target = indicator.target.id
            day, plan = report.as_of, report.plan.id
            county = records_behind(session, target, day, report.township, plan)
            assert len(county.ids) == indicator.total.records, target
            if indicator.rule.kind is RuleKind.MANUAL:
                continue
            for code in townships:
                behind = records_behind(session, target, day, code, plan)
                assert len(behind.ids) == indicator.by_township[code].records, (target, code)


def test_hand_built_figures_alone_and_drilled(county: County) -> None:
    database, _, _ = county
    for day, township in [(day, None) for day in DAYS] + [(AS_OF, A)]:
        with database.session() as session:
            report = compute_indicators(session, day, township)
        _alone(database, report)
        _drilled(database, report, [A, B] if township is None else [A])


def test_demo_figures_alone_and_drilled_in_every_plan(demo_county: tuple[Database, Office]) -> None:
    database, _ = demo_county
    with database.session() as session:
        plan_ids = [plan.id for plan in plans.all_plans(session)]
        session.merge(Setting(key="rate_period", value="window", hlc=1))
    assert len(plan_ids) >= 1
    for plan in plan_ids:
        with database.session() as session:
            report = compute_indicators(session, date(2024, 12, 31), plan=plan)
        assert any(i.total.records for i in report.indicators if i.computable)
        _alone(database, report)
        codes = [code for code, _ in report.townships]
        _drilled(database, report, codes[:3])


def test_a_batch_keeps_the_order_asked_and_repeats(county: County) -> None:
    database, _, _ = county
    with database.session() as session:
        report = compute_indicators(session, AS_OF)
        requests = [(i.rule, i.span) for i in reversed(report.indicators)]
        twice = evaluate_many(session, requests + requests)
        assert evaluate_many(session, []) == []
    expected = [(i.total, i.manual) for i in reversed(report.indicators)]
    assert [(total, entry) for total, _by, entry in twice] == expected + expected


def test_more_figures_than_one_statement_holds(county: County) -> None:
    """Requests beyond a statement's share are read in further statements, same figures."""
    database, _, _ = county
    with database.session() as session:
        report = compute_indicators(session, AS_OF)
        computed = [i for i in report.indicators if i.computable]
        days = range(BATCH // len(computed) * 3 + 1)
        requests = [
            (i.rule, Span(i.span.start, i.span.end - timedelta(days=day)))
            for day in days
            for i in computed
        ]
        assert len(requests) > 2 * BATCH
        batched = evaluate_many(session, requests)
        alone = [evaluate(session, rule, span) for rule, span in requests]
    assert batched == alone
