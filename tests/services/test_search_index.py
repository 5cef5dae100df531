"""The bigram search index: same rows as the plain LIKE search, never used when stale."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from desktop.db import Database
from desktop.services import demo
from desktop.services.fields import LEDGERS
from desktop.services.ledger import LedgerService
from desktop.services.office import Office
from desktop.services.queries import LedgerQuery, conditions_for
from desktop.services.search_index import SearchIndex, pair_tokens, word_query

TODAY = date(2022, 6, 30)


def test_tokens_are_character_pairs_in_hex() -> None:
    assert pair_tokens("茶叶") == ["8336x53f6", "53f6x"]
    assert pair_tokens("AB") == ["61x62", "62x"]
    assert word_query("茶") == "8336x*"
    assert word_query("茶叶") == "8336x53f6"
    assert word_query("abc") == "61x62 AND 62x63"


def _ids_like(database: Database, ledger: str, text: str) -> set[str]:
    spec = LEDGERS[ledger]
    query = LedgerQuery(text=text, include_deleted=True)
    with database.session() as session:
        statement = select(spec.model.id).where(*conditions_for(spec, query, TODAY))
        return set(session.scalars(statement))


def _ids_indexed(index: SearchIndex, ledger: str, text: str) -> set[str]:
    spec = LEDGERS[ledger]
    plan = index.plan(spec, text)
    assert plan is not None
    query = replace(LedgerQuery(include_deleted=True), text="")
    with index.database.session() as session:
        index.attach(session.connection())
        statement = select(spec.model.id).where(
            *conditions_for(spec, query, TODAY), plan.candidates, plan.verify
        )
        return set(session.scalars(statement))


@pytest.fixture
def indexed(township_db: tuple[Database, Office]) -> SearchIndex:
    database, office = township_db
    demo.generate(database, office, records=300, seed=5, today=TODAY)
    index = SearchIndex(database)
    assert index.update_all() > 0
    assert index.is_fresh()
    yield index  # type: ignore[misc]
    index.close()


TERMS = ("茶", "茶叶", "香菇", "泰顺县", "市场监督", "GB", "2022", "鑫鑫", "zq", "%", "_", "泰 茶")


def test_indexed_search_finds_exactly_what_like_finds(indexed: SearchIndex) -> None:
    found_some = False
    for text in TERMS:
        for ledger in ("inspections", "certifications", "enterprises", "projects"):
            expected = _ids_like(indexed.database, ledger, text)
            assert _ids_indexed(indexed, ledger, text) == expected, (ledger, text)
            found_some = found_some or bool(expected)
    assert found_some


def test_a_write_makes_the_index_stale_until_it_catches_up(
    indexed: SearchIndex, service: LedgerService
) -> None:
    created = service.create(
        "inspections",
        {
            "category_code": "INS_PRODUCT_QUALITY_SPOT_CHECK",
            "inspection_date": "2022-06-01",
            "subject": "鑫鑫牌米酒",
            "batches_sampled": 1,
            "batches_passed": 1,
        },
    )
    assert not indexed.is_fresh()
    assert indexed.plan(LEDGERS["inspections"], "鑫鑫") is None
    assert indexed.update_all() == 1
    assert _ids_indexed(indexed, "inspections", "鑫鑫") == {created.record["id"]}
    service.update(created.record["id"], {"subject": "黄酒"})
    indexed.update_all()
    assert _ids_indexed(indexed, "inspections", "鑫鑫") == set()
    assert created.record["id"] in _ids_indexed(indexed, "inspections", "黄酒")


def test_the_index_is_a_cache_beside_the_database(indexed: SearchIndex) -> None:
    assert indexed.index_path.name.endswith(".search.sqlite3")
    indexed.close()
    indexed.index_path.unlink()
    rebuilt = SearchIndex(indexed.database)
    assert rebuilt.plan(LEDGERS["inspections"], "茶") is None
    assert rebuilt.update_all() > 0
    assert _ids_indexed(rebuilt, "inspections", "茶") == _ids_like(
        indexed.database, "inspections", "茶"
    )
    rebuilt.close()
