"""Fixtures of the report tests: the hand-built county dataset in a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from report_dataset import Dataset, build

from desktop.db import Database
from desktop.services.office import Office, init_office


@pytest.fixture
def county(tmp_path: Path) -> Iterator[tuple[Database, Office, Dataset]]:
    database = Database.for_data_dir(tmp_path / "county")
    office = init_office(database, county=True, operator="县办李四")
    yield database, office, build(database, office)
    database.dispose()
