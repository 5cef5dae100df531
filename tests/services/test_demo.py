"""The demo generator is deterministic and produces valid, plausible records."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from desktop.db import Database
from desktop.models import Enterprise, Inspection
from desktop.services import demo
from desktop.services.credit_code import CodeCheck, check
from desktop.services.office import init_office

CONTENT = ("credit_code", "name", "address")


def _make(path: Path, seed: int) -> list[tuple[object, ...]]:
    database = Database.for_data_dir(path)
    office = init_office(database, township_code="330329102000", operator="演示")
    demo.generate(database, office, records=400, seed=seed)
    with database.session() as session:
        enterprises = [
            (e.id, e.credit_code, e.name, e.address)
            for e in session.scalars(select(Enterprise).order_by(Enterprise.id))
        ]
        inspections = [
            (i.id, i.subject, i.inspection_date, i.batches_sampled, i.batches_passed, i.result)
            for i in session.scalars(select(Inspection).order_by(Inspection.id))
        ]
    database.dispose()
    return enterprises + inspections


def test_same_seed_same_records(tmp_path: Path) -> None:
    assert _make(tmp_path / "a", 3) == _make(tmp_path / "b", 3)


def test_other_seed_other_records(tmp_path: Path) -> None:
    assert _make(tmp_path / "a", 3) != _make(tmp_path / "b", 4)


def test_demo_records_are_valid(tmp_path: Path) -> None:
    database = Database.for_data_dir(tmp_path / "c")
    office = init_office(database, township_code="330329102000", operator="演示")
    counts = demo.generate(database, office, records=600, seed=1)
    assert sum(counts.as_dict().values()) >= 550
    with database.session() as session:
        codes = list(session.scalars(select(Enterprise.credit_code)))
        assert codes and all(check(code) is CodeCheck.VALID for code in codes)
        rows = list(session.scalars(select(Inspection)))
        assert all(r.batches_passed <= r.batches_sampled for r in rows)
        assert all(r.owner == "330329102000" for r in rows)
        passed = sum(r.batches_passed for r in rows)
        sampled = sum(r.batches_sampled for r in rows)
        assert 0.85 < passed / sampled < 1.0
    database.dispose()


def test_county_demo_covers_every_township(county_db) -> None:  # type: ignore[no-untyped-def]
    database, office = county_db
    demo.generate(database, office, records=60, seed=1)
    with database.session() as session:
        owners = set(session.scalars(select(Enterprise.owner).distinct()))
    assert len(owners) == 19


def test_two_townships_with_the_same_seed_share_no_record_id(tmp_path: Path) -> None:
    ids = []
    for code in ("330329100000", "330329102000"):
        database = Database.for_data_dir(tmp_path / code)
        office = init_office(database, township_code=code, operator="演示")
        demo.generate(database, office, records=200, seed=1)
        with database.session() as session:
            ids.append(set(session.scalars(select(Inspection.id))))
        database.dispose()
    assert ids[0] and ids[1] and not ids[0] & ids[1]
