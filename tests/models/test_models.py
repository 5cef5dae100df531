"""Every ledger table carries the sync identity; reference data is loaded as data."""

from __future__ import annotations

from sqlalchemy import func, select

from desktop.db import Database
from desktop.models import LEDGER_MODELS, SYNC_COLUMNS, Category, Target, Township
from desktop.services import reference
from desktop.services.office import Office


def test_every_ledger_table_has_sync_identity() -> None:
    for name, model in LEDGER_MODELS.items():
        columns = set(model.__table__.c.keys())
        assert set(SYNC_COLUMNS) <= columns, name
        assert model.__table__.c["owner"].index, name


def test_reference_data_is_seeded(township_db: tuple[Database, Office]) -> None:
    database, _ = township_db
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Target)) == 34
        assert session.scalar(select(func.count()).select_from(Category)) == 96
        assert session.scalar(select(func.count()).select_from(Township)) == 20
        assert len(reference.townships(session)) == 19  # the nature reserve is not a township
        mfg = session.get(Target, "mfg_product_quality_pass_rate")
        assert mfg is not None and mfg.target_value == 95 and mfg.comparison == ">="
        assert session.get(Township, "330329100000").name_zh == "罗阳镇"  # type: ignore[union-attr]


def test_seed_is_idempotent_and_keeps_county_changes(township_db: tuple[Database, Office]) -> None:
    database, _ = township_db
    with database.session() as session:
        target = session.get(Target, "agri_standardization_demo_projects_new")
        assert target is not None and target.target_value == 15
        target.target_value = 18
        target.hlc = 5
    with database.session() as session:
        counts = reference.seed(session)
        assert (counts.townships, counts.categories, counts.targets) == (0, 0, 0)
        assert session.get(Target, "agri_standardization_demo_projects_new").target_value == 18  # type: ignore[union-attr]
