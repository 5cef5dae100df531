"""The bigram search index: same rows as the plain LIKE search, never used when stale."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import literal_column, select

from desktop.db import Database
from desktop.models import Inspection
from desktop.services import demo, search_index
from desktop.services.fields import LEDGERS
from desktop.services.ledger import LedgerService
from desktop.services.office import Office
from desktop.services.queries import LedgerQuery, conditions_for
from desktop.services.reads import LedgerReads
from desktop.services.search_index import (
    INDEX_FORMAT,
    SearchIndex,
    choose_mode,
    pair_tokens,
    word_query,
)

TODAY = date(2022, 6, 30)


def test_tokens_are_characters_and_character_pairs_in_hex() -> None:
    assert pair_tokens("茶叶") == ["53f6", "8336", "8336x53f6"]
    assert pair_tokens("ABA") == ["61", "61x62", "62", "62x61"]
    assert word_query("茶") == "8336"
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


def _raw_matches(index: SearchIndex, table: str, word: str) -> set[int]:
    with sqlite3.connect(index.index_path) as connection:
        rows = connection.execute(
            f"SELECT rowid FROM {table}_grams WHERE {table}_grams MATCH ?", (word_query(word),)
        )
        return {int(rowid) for (rowid,) in rows}


def test_edits_leave_old_tokens_until_the_ledger_is_rebuilt_and_results_stay_exact(
    indexed: SearchIndex, service: LedgerService, monkeypatch: pytest.MonkeyPatch
) -> None:
    with indexed.database.session() as session:
        rows = session.execute(select(Inspection.id, literal_column("rowid"))).all()
    edited = [record_id for record_id, _ in rows[:5]]
    for record_id in edited:
        service.update(record_id, {"subject": "鑫鑫牌米酒"})
    indexed.update_all()
    assert _ids_indexed(indexed, "inspections", "鑫鑫") == set(edited)
    service.update(edited[0], {"subject": "黄酒"})
    indexed.update_all()
    # The old tokens are still offered (contentless index), LIKE decides: exact results.
    rowid = dict(rows)[edited[0]]
    assert rowid in _raw_matches(indexed, "inspections", "鑫鑫")
    assert _ids_indexed(indexed, "inspections", "鑫鑫") == set(edited[1:])
    assert _ids_indexed(indexed, "inspections", "鑫鑫") == _ids_like(
        indexed.database, "inspections", "鑫鑫"
    )
    # Past the share of leftovers the ledger's table is rebuilt: the old tokens are gone.
    monkeypatch.setattr(search_index, "REBUILD_MIN_ROWS", 0)
    monkeypatch.setattr(search_index, "REBUILD_SHARE", 0.001)
    service.update(edited[1], {"notes": "复查"})
    indexed.update_all()
    assert rowid not in _raw_matches(indexed, "inspections", "鑫鑫")
    for text in TERMS:
        assert _ids_indexed(indexed, "inspections", text) == _ids_like(
            indexed.database, "inspections", text
        ), text


def test_an_index_file_of_another_format_is_replaced(township_db: tuple[Database, Office]) -> None:
    database, office = township_db
    demo.generate(database, office, records=100, seed=5, today=TODAY)
    index = SearchIndex(database)
    with sqlite3.connect(index.index_path) as old:  # what the release before wrote
        old.execute("CREATE VIRTUAL TABLE inspections_grams USING fts5(body, detail=none)")
        old.execute("INSERT INTO inspections_grams(rowid, body) VALUES (1, 'stale')")
    index.update_all()
    with sqlite3.connect(index.index_path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == INDEX_FORMAT
    for text in TERMS:
        assert _ids_indexed(index, "inspections", text) == _ids_like(database, "inspections", text)
    assert index.size_bytes() > 0
    index.close()


def test_plan_modes_follow_the_candidates_costs() -> None:
    assert choose_mode(10, 0, 1_000_000) == "lookup"
    assert choose_mode(34_000, 0, 1_400_000) == "walk"  # a mid-frequency word: 香菇
    assert choose_mode(170_000, 270_000, 1_400_000) == "scan"  # common, and many firms
    assert choose_mode(1_000_000, 0, 1_400_000) == "scan"


def test_plans_cost_the_pages_the_table_reads() -> None:
    from desktop.services import first_page

    assert search_index.PAGE_ROWS == first_page.PAGE_ROWS


def test_a_word_that_is_a_scan_by_its_own_rows_stays_one_with_its_enterprises() -> None:
    """Why a page read in index order may skip estimating a word's enterprises once its own
    rows make it a scan: more candidates never turn a scan into a walk or a lookup."""
    for rows in (1_000, 50_000, 1_400_000, 5_000_000):
        for own in sorted({rows // d for d in (1, 2, 5, 10, 20, 50, 100, 300, 1000)} - {0}):
            if choose_mode(own, 0, rows) != "scan":
                continue
            for linked in (1, 10, 1_000, 50_000, rows, 3 * rows):
                assert choose_mode(own, linked, rows) == "scan", (own, linked, rows)


def test_an_ordered_page_plans_the_same_mode(indexed: SearchIndex) -> None:
    for ledger in ("inspections", "certifications", "enterprises"):
        for text in TERMS:
            full = indexed.plan(LEDGERS[ledger], text)
            quick = indexed.plan(LEDGERS[ledger], text, ordered_page=True)
            assert full is not None and quick is not None
            assert quick.mode == full.mode, (ledger, text)


@pytest.mark.parametrize(
    ("mode", "lookup", "sample"),
    [(None, 4000, 20000), (None, 3, 40), ("lookup", 0, 10), ("walk", 3, 40), ("scan", 3, 40)],
)
def test_every_plan_reads_the_pages_plain_like_reads(
    indexed: SearchIndex,
    monkeypatch: pytest.MonkeyPatch,
    mode: str | None,
    lookup: int,
    sample: int,
) -> None:
    """Each mode (look candidates up, walk testing them, walk checking every row) gives the
    same rows in the same order as LIKE, for first pages and counts, with every filter — also
    when the candidates are estimated from a sample."""
    monkeypatch.setattr(search_index, "LOOKUP_ROWS", lookup)
    monkeypatch.setattr(search_index, "SAMPLE_ROWS", sample)
    if mode is not None:
        monkeypatch.setattr(search_index, "choose_mode", lambda *_: mode)
    database = indexed.database
    plain, fast = LedgerReads(database), LedgerReads(database, indexed)
    plain.narrowing = fast.narrowing = None  # the index's plans alone
    modes = set()
    for ledger in ("inspections", "certifications", "enterprises"):
        spec = LEDGERS[ledger]
        for query in (
            LedgerQuery(limit=15),
            LedgerQuery(limit=15, include_deleted=True, sort="subject", descending=False),
            LedgerQuery(limit=15, result="fail", township="330329100000"),
            LedgerQuery(limit=15, rectification="overdue"),
            LedgerQuery(limit=15, expiring_only=True),
        ):
            for text in TERMS:
                typed = replace(query, text=text)
                plan = indexed.plan(spec, text)
                assert plan is not None
                modes.add(plan.mode)
                ids = [r["id"] for r in fast.page(spec, typed, TODAY).records]
                assert ids == [r["id"] for r in plain.page(spec, typed, TODAY).records], text
                assert fast.count(spec, typed, TODAY) == plain.count(spec, typed, TODAY), text
    if mode is not None:
        assert modes == {mode}
    elif lookup == 4000:
        assert modes == {"lookup"}
    else:
        assert "walk" in modes
