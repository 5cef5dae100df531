"""Narrowing from the previous keystroke's matches: the same rows as a plain LIKE search, also
when the database changes in between (edits, deletes, new records, another process, a sync
import), with and without the search index, on SQLite and on PostgreSQL."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from desktop.db import Database, sqlite_file
from desktop.services import demo, narrowing, queries
from desktop.services.fields import LEDGERS, LedgerSpec
from desktop.services.ledger import LedgerService
from desktop.services.narrowing import extends
from desktop.services.office import Office, init_office
from desktop.services.queries import LedgerQuery, select_ids
from desktop.services.reads import LedgerReads
from desktop.services.search_index import SearchIndex

TODAY = date(2022, 6, 30)
TOWNSHIP = "330329100000"
INSPECTIONS = LEDGERS["inspections"]


def test_a_text_extends_another_when_each_old_word_lies_in_a_new_one() -> None:
    assert extends(["泰顺县"], ["泰顺"])
    assert extends(["泰顺县"], ["县"])
    assert extends(["茶叶", "泰顺"], ["茶"])
    assert extends(["茶叶", "泰顺"], ["泰", "叶"])
    assert not extends(["泰"], ["泰顺"])
    assert not extends(["茶叶"], ["茶", "泰"])
    assert not extends(["茶"], [])
    # exact characters: "Z" is not inside "zq" (SQLite's LIKE folds ASCII only, so a folded
    # comparison would be wrong for other letters)
    assert not extends(["zq"], ["Z"])


def like(database: Database, spec: LedgerSpec, query: LedgerQuery) -> tuple[list[str], int]:
    """First page ids (in order) and the count of ``query`` by plain LIKE."""
    with database.session() as session:
        ids = list(session.scalars(select_ids(spec, query, TODAY)))
        everything = list(session.scalars(select_ids(spec, replace(query, limit=10**6), TODAY)))
    return ids, len(everything)


def typed_read(reads: LedgerReads, spec: LedgerSpec, query: LedgerQuery) -> tuple[list[str], int]:
    page = reads.page(spec, query, TODAY)
    return [str(record["id"]) for record in page.records], reads.count(spec, query, TODAY)


def _type_and_compare(
    reads: LedgerReads, database: Database, spec: LedgerSpec, text: str, query: LedgerQuery
) -> None:
    for length in range(1, len(text) + 1):
        typed = replace(query, text=text[:length])
        assert typed_read(reads, spec, typed) == like(database, spec, typed), typed.text


@pytest.fixture
def demo_db(township_db: tuple[Database, Office]) -> tuple[Database, Office]:
    database, office = township_db
    demo.generate(database, office, records=300, seed=5, today=TODAY)
    return database, office


QUERIES = (
    LedgerQuery(limit=20),
    LedgerQuery(limit=20, include_deleted=True),
    LedgerQuery(limit=20, result="fail"),
    LedgerQuery(limit=20, rectification="overdue"),
    LedgerQuery(limit=20, date_from=date(2022, 1, 1), sort="subject", descending=False),
)
TEXTS = ("泰顺县市场监督", "茶叶", "香菇", "鑫鑫", "zq", "GB 2022", "%", "_")


@pytest.mark.parametrize("indexed", [False, True])
def test_typed_key_by_key_pages_and_counts_equal_plainlike(
    demo_db: tuple[Database, Office], indexed: bool
) -> None:
    database, _ = demo_db
    index = SearchIndex(database) if indexed else None
    if index is not None:
        index.update_all()
    reads = LedgerReads(database, index)
    for ledger in ("inspections", "enterprises", "certifications"):
        for query in QUERIES:
            for text in TEXTS:
                _type_and_compare(reads, database, LEDGERS[ledger], text, query)
    assert reads.narrowing is not None
    assert reads.narrowing._remembered  # the comparison above did go through narrowing
    if index is not None:
        index.close()


def _subjects(database: Database) -> list[str]:
    with database.session() as session:
        return list(session.scalars(select(INSPECTIONS.model.id).limit(3)))


def test_edits_deletes_and_new_records_between_keystrokes(demo_db: tuple[Database, Office]) -> None:
    database, office = demo_db
    service = LedgerService(database, office)
    reads = LedgerReads(database)
    query = LedgerQuery(limit=20)
    # "鑫鑫" matches nothing: its (empty) match list is remembered, and "鑫鑫牌" would be
    # narrowed to it — until the database changes.
    assert typed_read(reads, INSPECTIONS, replace(query, text="鑫鑫")) == ([], 0)
    first, second, third = _subjects(database)
    service.update(first, {"subject": "鑫鑫牌米酒"})
    typed = replace(query, text="鑫鑫牌")
    assert typed_read(reads, INSPECTIONS, typed) == ([first], 1)
    service.update(second, {"notes": "鑫鑫牌复查"})
    typed = replace(query, text="鑫鑫牌米")
    assert typed_read(reads, INSPECTIONS, typed) == like(database, INSPECTIONS, typed)
    assert typed_read(reads, INSPECTIONS, replace(query, text="鑫鑫牌")) == like(
        database, INSPECTIONS, replace(query, text="鑫鑫牌")
    )
    service.delete(first)
    for text in ("鑫鑫牌米酒", "鑫鑫牌"):
        for shown in (query, replace(query, include_deleted=True)):
            typed = replace(shown, text=text)
            assert typed_read(reads, INSPECTIONS, typed) == like(database, INSPECTIONS, typed)
    service.update(third, {"subject": "鑫鑫牌米酒"})
    typed = replace(query, text="鑫鑫牌米酒")
    assert typed_read(reads, INSPECTIONS, typed) == ([third], 1)


def _commit_elsewhere(path: Path, record_id: str, subject: str) -> None:
    """Another process changes a record (as the command line or another window would)."""
    script = (
        "import sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1])\n"
        "c.execute('UPDATE inspections SET subject = ?, hlc = hlc + 1 WHERE id = ?',"
        " (sys.argv[3], sys.argv[2]))\n"
        "c.commit()\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path), record_id, subject], check=True)


@pytest.mark.parametrize("indexed", [False, True])
def test_another_process_writing_between_keystrokes(
    demo_db: tuple[Database, Office], indexed: bool
) -> None:
    database, _ = demo_db
    path = sqlite_file(database)
    assert path is not None
    index = SearchIndex(database) if indexed else None
    if index is not None:
        index.update_all()
    reads = LedgerReads(database, index)
    query = LedgerQuery(limit=20)
    assert typed_read(reads, INSPECTIONS, replace(query, text="鑫鑫")) == ([], 0)
    first, second, _ = _subjects(database)
    _commit_elsewhere(path, first, "鑫鑫牌米酒")
    assert typed_read(reads, INSPECTIONS, replace(query, text="鑫鑫牌")) == ([first], 1)
    if index is not None:
        index.update_all()  # the window's keeper catches up
    assert typed_read(reads, INSPECTIONS, replace(query, text="鑫鑫牌米")) == ([first], 1)
    # and a raw connection in this process counts as "another" writer too
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE inspections SET subject = '鑫鑫牌米酒' WHERE id = ?", (second,))
    typed = replace(query, text="鑫鑫牌米酒")
    assert typed_read(reads, INSPECTIONS, typed) == like(database, INSPECTIONS, typed)
    assert typed_read(reads, INSPECTIONS, typed)[1] == 2
    if index is not None:
        index.close()


def test_a_read_that_the_database_changed_under_runs_again_without_narrowing(
    demo_db: tuple[Database, Office], monkeypatch: pytest.MonkeyPatch
) -> None:
    database, office = demo_db
    service = LedgerService(database, office)
    reads = LedgerReads(database)
    query = LedgerQuery(limit=20)
    assert typed_read(reads, INSPECTIONS, replace(query, text="鑫鑫")) == ([], 0)
    first = _subjects(database)[0]
    assert reads.narrowing is not None
    real_find = reads.narrowing.find
    calls: list[bool] = []

    def find_then_write(*args: object, **kwargs: object) -> object:
        found = real_find(*args, **kwargs)  # type: ignore[arg-type]
        if found is not None and not calls:
            calls.append(True)
            service.update(first, {"subject": "鑫鑫牌米酒"})  # lands during the narrowed read
        return found

    monkeypatch.setattr(reads.narrowing, "find", find_then_write)
    typed = replace(query, text="鑫鑫牌")
    assert typed_read(reads, INSPECTIONS, typed) == ([first], 1)
    assert calls


def test_many_matches_are_not_remembered(
    demo_db: tuple[Database, Office], monkeypatch: pytest.MonkeyPatch
) -> None:
    database, _ = demo_db
    monkeypatch.setattr(narrowing, "NARROW_ROWS", 3)
    reads = LedgerReads(database)
    _type_and_compare(reads, database, INSPECTIONS, "泰顺县", LedgerQuery(limit=2))
    assert reads.narrowing is not None
    remembered = [m for ms in reads.narrowing._remembered.values() for m in ms]
    assert all(len(m.rowids) <= 3 for m in remembered)


def _counting(database: Database) -> list[str]:
    """The COUNT statements the database runs from now on."""
    counts: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if "count(" in statement.lower():
            counts.append(statement)

    event.listen(database.engine, "before_cursor_execute", seen)
    return counts


def test_a_count_is_remembered_until_someone_writes(demo_db: tuple[Database, Office]) -> None:
    """Clearing the box (or going back to a text counted a moment ago) shows the count without
    counting again; any commit — this window's, another connection's — makes it count again."""
    database, office = demo_db
    path = sqlite_file(database)
    assert path is not None
    service = LedgerService(database, office)
    reads = LedgerReads(database)
    counts = _counting(database)
    everything, tea = LedgerQuery(limit=20), LedgerQuery(limit=20, text="茶叶")
    total = reads.count(INSPECTIONS, everything, TODAY)
    assert total == like(database, INSPECTIONS, everything)[1]
    ran = len(counts)
    assert reads.count(INSPECTIONS, everything, TODAY) == total
    assert len(counts) == ran  # remembered: nothing counted again
    tea_total = reads.count(INSPECTIONS, tea, TODAY)
    assert tea_total == like(database, INSPECTIONS, tea)[1]
    ran = len(counts)
    assert reads.count(INSPECTIONS, tea, TODAY) == tea_total
    assert reads.count(INSPECTIONS, everything, TODAY) == total
    assert len(counts) == ran
    # other filters, another day, another ledger: counted for themselves
    for query, spec, day in (
        (replace(everything, include_deleted=True), INSPECTIONS, TODAY),
        (replace(everything, result="fail"), INSPECTIONS, TODAY),
        (replace(everything, rectification="overdue"), INSPECTIONS, date(2022, 7, 30)),
        (everything, LEDGERS["certifications"], TODAY),
    ):
        with database.session() as session:
            plain = len(list(session.scalars(select_ids(spec, replace(query, limit=10**6), day))))
        assert reads.count(spec, query, day) == plain
    first, second, _ = _subjects(database)
    service.delete(first)  # this window's own write
    assert reads.count(INSPECTIONS, everything, TODAY) == total - 1
    with sqlite3.connect(path) as raw:  # another connection's
        raw.execute("UPDATE inspections SET deleted = 1 WHERE id = ?", (second,))
    assert reads.count(INSPECTIONS, everything, TODAY) == total - 2
    assert reads.count(INSPECTIONS, everything, TODAY) == like(database, INSPECTIONS, everything)[1]
    _commit_elsewhere(path, _subjects(database)[2], "茶叶复查")  # another process's
    assert reads.count(INSPECTIONS, tea, TODAY) == like(database, INSPECTIONS, tea)[1]


def test_a_write_landing_while_a_count_runs_is_counted_next_time(
    demo_db: tuple[Database, Office], monkeypatch: pytest.MonkeyPatch
) -> None:
    database, office = demo_db
    service = LedgerService(database, office)
    reads = LedgerReads(database)
    everything = LedgerQuery(limit=20)
    before = reads.count(INSPECTIONS, everything, TODAY)
    assert reads.narrowing is not None
    reads.narrowing.forget()
    real_conditions = queries.conditions_for
    wrote: list[bool] = []

    def conditions_then_write(*args: Any, **kwargs: Any) -> Any:
        conditions = real_conditions(*args, **kwargs)
        if not wrote:
            wrote.append(True)
            service.delete(_subjects(database)[0])  # lands while the count runs
        return conditions

    monkeypatch.setattr(queries, "conditions_for", conditions_then_write)
    reads.count(INSPECTIONS, everything, TODAY)
    assert wrote
    monkeypatch.setattr(queries, "conditions_for", real_conditions)
    assert reads.count(INSPECTIONS, everything, TODAY) == before - 1


@pytest.mark.postgres
def test_typed_key_by_key_on_postgresql(pg_url: str) -> None:
    database = Database(pg_url)
    office = init_office(database, township_code=TOWNSHIP, operator="张三")
    demo.generate(database, office, records=60, seed=5, today=TODAY)
    reads = LedgerReads(database)
    assert reads.narrowing is None  # no data_version to watch: every key searches afresh
    service = LedgerService(database, office)
    for query in QUERIES[:3]:
        for text in TEXTS:
            _type_and_compare(reads, database, INSPECTIONS, text, query)
    first = _subjects(database)[0]
    _type_and_compare(reads, database, INSPECTIONS, "鑫鑫", LedgerQuery(limit=20))
    service.update(first, {"subject": "鑫鑫牌米酒"})
    _type_and_compare(reads, database, INSPECTIONS, "鑫鑫牌米酒", LedgerQuery(limit=20))
    assert typed_read(reads, INSPECTIONS, LedgerQuery(limit=20, text="鑫鑫牌"))[1] >= 1
    database.dispose()
