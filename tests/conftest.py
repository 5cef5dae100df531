"""Shared fixtures: real SQLite files in temporary folders, initialised like a real office."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import create_engine, text

from desktop.db import Database
from desktop.services.ledger import LedgerService
from desktop.services.office import Office, init_office

TOWNSHIP = "330329100000"
OTHER_TOWNSHIP = "330329102000"
VALID_CODES = ("91330329MA2H00006J", "92330329MA2H00014A", "93330329MA2H000222")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def township_db(data_dir: Path) -> Iterator[tuple[Database, Office]]:
    database = Database.for_data_dir(data_dir)
    office = init_office(database, township_code=TOWNSHIP, operator="张三")
    yield database, office
    database.dispose()


@pytest.fixture
def county_db(tmp_path: Path) -> Iterator[tuple[Database, Office]]:
    database = Database.for_data_dir(tmp_path / "county")
    office = init_office(database, county=True, operator="县办")
    yield database, office
    database.dispose()


@pytest.fixture
def service(township_db: tuple[Database, Office]) -> LedgerService:
    database, office = township_db
    return LedgerService(database, office)


@pytest.fixture
def enterprise_id(service: LedgerService) -> str:
    result = service.create(
        "enterprises", {"credit_code": VALID_CODES[0], "name": "泰顺县罗阳茗香茶业有限公司"}
    )
    return str(result.record["id"])


PG_URL_VARIABLE = "QUALITY_DESK_TEST_PG_URL"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL database, dropped afterwards.

    The server is named by ``QUALITY_DESK_TEST_PG_URL`` (``.ci/start-postgres.sh`` starts one);
    tests that use this fixture are skipped where it is not set.
    """
    server = os.environ.get(PG_URL_VARIABLE)
    if not server:
        pytest.skip(f"{PG_URL_VARIABLE} is not set")
    name = f"qd_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield server.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()
