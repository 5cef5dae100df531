"""Narrowing from the previous keystroke's matches stays exact across a sync import."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from desktop.services.fields import LEDGERS
from desktop.services.queries import LedgerQuery
from desktop.services.reads import LedgerReads
from desktop.sync import importer
from tests.services.test_narrowing import like, typed_read
from tests.sync.conftest import World


def test_a_sync_import_between_keystrokes(world: World, tmp_path: Path) -> None:
    county = world.county.copy_to(tmp_path / "county")
    spec = LEDGERS["enterprises"]
    query = LedgerQuery(limit=20)
    with county.open() as (database, office):
        reads = LedgerReads(database)
        before = typed_read(reads, spec, replace(query, text="测试"))
        assert before == like(database, spec, replace(query, text="测试"))
        assert importer.import_package(database, office, world.a2).status == "merged"
        typed = replace(query, text="测试茶")
        found = typed_read(reads, spec, typed)
        assert found == like(database, spec, typed)
        assert found[1] == 1  # the enterprise the package brought
