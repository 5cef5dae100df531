"""Reference data downward, receipts, dry runs and the completeness grid."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select, update

from desktop.ids import uuid7
from desktop.models import (
    COUNTY_OWNER,
    Enterprise,
    SyncInbox,
    SyncInstallation,
    SyncOutbox,
    Target,
)
from desktop.services import plans
from desktop.sync import completeness, export, importer
from tests.sync.conftest import World
from tests.sync.helpers import TOWNSHIP_A, TOWNSHIP_B, Parts, fresh_identity


def test_changed_target_and_county_register_reach_a_township(world: World, tmp_path: Path) -> None:
    county = world.county.copy_to(tmp_path / "county")
    township = world.a.copy_to(tmp_path / "a")
    with county.open() as (database, office), database.session() as session:
        session.execute(
            update(Target)
            .where(Target.id == session.scalars(select(Target.id)).first())
            .values(target_value=99.5, hlc=10**15)
        )
        session.add(
            Enterprise(
                id=uuid7(),
                owner=COUNTY_OWNER,
                hlc=10**15,
                origin=office.installation_id,
                base_hlc=None,
                deleted=False,
                created_by="县办",
                created_at=datetime(2026, 1, 5, 9),
                updated_by="县办",
                updated_at=datetime(2026, 1, 5, 9),
                credit_code="91330329MA2H00006J",
                name="县重点企业",
                township_code=TOWNSHIP_B,
            )
        )
    with county.open() as (database, office):
        written = export.export_data(database, office, tmp_path / "out")
    assert written.kind == "reference" and written.records["enterprises"] == 1
    with township.open() as (database, office):
        result = importer.import_package(database, office, written.path)
        assert result.status == "merged", result.as_dict()
        assert result.tables["targets"].updated == 1
        assert importer.import_package(database, office, written.path).status == "already_imported"
        with database.session() as session:
            assert 99.5 in set(session.scalars(select(Target.target_value)))
            assert session.scalar(select(Enterprise.name).where(Enterprise.owner == "county"))


def test_township_refuses_township_packages_and_foreign_county_keys(
    world: World, tmp_path: Path
) -> None:
    township = world.b.copy_to(tmp_path / "b")
    with township.open() as (database, office):
        result = importer.import_package(database, office, world.a1)
        assert result.reason_code == "wrong_direction"
    county = world.county.copy_to(tmp_path / "county")
    with county.open() as (database, office):
        genuine = export.export_data(database, office, tmp_path / "out").path
    forged = tmp_path / "forged.qdpkg"
    forged.write_bytes(Parts.of(genuine.read_bytes()).signed_by(fresh_identity()).to_bytes())
    with township.open() as (database, office):
        assert importer.import_package(database, office, genuine).status == "merged"
    before = township.sha256()
    with township.open() as (database, office):
        assert importer.import_package(database, office, forged).reason_code == "key_changed"
    assert township.sha256() == before


def test_receipt_marks_the_packages_the_county_holds(world: World, tmp_path: Path) -> None:
    county = world.county.copy_to(tmp_path / "county")
    township = world.a.copy_to(tmp_path / "a")
    with county.open() as (database, office):
        receipt = export.write_receipt(database, office, TOWNSHIP_A, tmp_path / "r.qdpkg")
    with township.open() as (database, office):
        result = importer.import_package(database, office, receipt.path)
        assert [r["held_by_county"] for r in result.receipt] == [True, False]
        with database.session() as session:
            acknowledged = session.scalars(
                select(SyncOutbox.sequence).where(SyncOutbox.acknowledged_at.is_not(None))
            )
            assert list(acknowledged) == [1]
    other = world.b.copy_to(tmp_path / "b")
    with other.open() as (database, office):
        assert importer.import_package(database, office, receipt.path).reason_code == (
            "wrong_addressee"
        )


def test_dry_run_counts_like_the_import_and_changes_nothing(world: World, tmp_path: Path) -> None:
    county = world.county.copy_to(tmp_path / "county")
    before = county.sha256()
    with county.open() as (database, office):
        dry = importer.import_package(database, office, world.a2, dry_run=True)
    assert county.sha256() == before
    with county.open() as (database, office):
        real = importer.import_package(database, office, world.a2)
    assert dry.status == "dry_run" and real.status == "merged"
    assert dry.totals == real.totals and real.totals.created == 1


def _inbox(owner: str, sequence: int, period: str, created: datetime, **extra: object) -> SyncInbox:
    digest = f"{owner}{sequence:04d}{extra.get('tag', '')}".ljust(64, "0")
    previous = extra.get("previous", f"{owner}{sequence - 1:04d}".ljust(64, "0"))
    return SyncInbox(
        manifest_sha256=digest,
        kind="data",
        owner=owner,
        installation_id="01234567-89ab-7def-8123-456789abcdef",
        sequence=sequence,
        previous_sha256=None if sequence == 1 else previous,
        period=period,
        nothing_to_report=bool(extra.get("nothing", False)),
        created_at=created,
        imported_at=created,
        imported_by="县办",
        file_name="x.qdpkg",
        records=0,
        summary={},
    )


def test_completeness_grid_gaps_forks_and_breaks(world: World, tmp_path: Path) -> None:
    county = world.county.copy_to(tmp_path / "county")
    with county.open() as (database, _office):
        with database.session() as session:
            session.query(SyncInbox).delete()
            session.query(SyncInstallation).delete()  # packages of the release before the roster
            session.add_all(
                [
                    _inbox(TOWNSHIP_A, 1, "2026-07", datetime(2026, 8, 3)),
                    _inbox(TOWNSHIP_A, 2, "2026-08", datetime(2026, 9, 20)),
                    _inbox(TOWNSHIP_A, 4, "2026-09", datetime(2026, 10, 2), nothing=True),
                    _inbox(TOWNSHIP_A, 5, "2026-09", datetime(2026, 10, 2), previous="f" * 64),
                    _inbox(TOWNSHIP_A, 5, "2026-09", datetime(2026, 10, 3), tag="b"),
                    _inbox(TOWNSHIP_B, 1, "2026-08", datetime(2026, 9, 1), nothing=True),
                ]
            )
        grid = completeness.completeness(database, today=date(2026, 10, 20))
    cells = grid.cells
    assert grid.months == ["2026-07", "2026-08", "2026-09"]
    assert cells[TOWNSHIP_A] == {"2026-07": "received", "2026-08": "late", "2026-09": "received"}
    assert cells[TOWNSHIP_B] == {"2026-07": "missing", "2026-08": "nothing", "2026-09": "missing"}
    kinds = {(i.kind, tuple(i.sequences)) for i in grid.issues}
    assert [i.ranges for i in grid.issues if i.kind == "gap"] == [[(3, 3)]]
    assert ("fork", (5,)) in kinds
    assert ("chain_break", (5,)) in kinds
    assert grid.counts()["missing"] >= 2 * 17


def test_re_exporting_everything_is_harmless(world: World, tmp_path: Path) -> None:
    township = world.a.copy_to(tmp_path / "a")
    county = world.county.copy_to(tmp_path / "county")
    with township.open() as (database, office):
        full = export.export_data(database, office, tmp_path / "out", full=True)
    assert full.sequence == 3 and sum(full.records.values()) > 40
    with county.open() as (database, office):
        result = importer.import_package(database, office, full.path)
        again = importer.import_package(database, office, world.a2)
    totals = result.totals
    assert result.status == "merged"
    assert (totals.created, totals.updated, totals.conflicts) == (1, 0, 0)
    assert totals.unchanged == sum(full.records.values()) - 1
    assert again.status == "merged" and again.totals.unchanged == 1


def test_readable_summary_beside_the_package(world: World, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from desktop.services.ledger import LedgerService

    township = world.a.copy_to(tmp_path / "a")
    with township.open() as (database, office):
        service = LedgerService(database, office)
        created = service.create(
            "enterprises", {"credit_code": "92330329MA2H00014A", "name": "=HYPERLINK(1)公司"}
        )
        service.delete(created.record["id"])
        written = export.export_data(database, office, tmp_path / "out", summary=True)
    assert written.summary_path is not None and written.summary_path.exists()
    book = load_workbook(written.summary_path)
    overview = [
        [c for c in row if c is not None] for row in book["汇总"].iter_rows(values_only=True)
    ]
    assert ["企业名录", 0, 0, 1] in overview
    detail = list(book["明细"].iter_rows(values_only=False))
    title = detail[1][2]
    assert title.value == "=HYPERLINK(1)公司" and title.data_type == "s"
    assert detail[1][1].value == "删除"


def test_a_cancelled_import_rolls_back(world: World, tmp_path: Path) -> None:
    county = world.county.copy_to(tmp_path / "county")
    before = county.sha256()
    with county.open() as (database, office):
        steps = importer.import_steps(database, office, world.a2)
        assert [next(steps), next(steps), next(steps)] == [1, 2, 3]  # merged, not yet committed
        steps.close()  # the clerk pressed Cancel
    assert county.sha256() == before
    with county.open() as (database, office):
        assert importer.import_package(database, office, world.a2).status == "merged"


def test_the_reference_package_carries_plans_down(world: World, tmp_path: Path) -> None:
    """A plan the county adds and marks current reaches the township, with its targets."""
    county = world.county.copy_to(tmp_path / "county")
    township = world.a.copy_to(tmp_path / "a")
    with county.open() as (database, office), database.session() as session:
        plans.copy_plan(
            session,
            office,
            "2018",
            "2023",
            {
                "name_zh": "2023—2025年规划",
                "window_start": "2023-01-01",
                "window_end": "2025-12-31",
            },
        )
        plans.save_plan(
            session,
            office,
            "2023",
            {},
            [{"target_id": "county_mayor_quality_award", "target_value": 5.0}],
        )
        plans.set_current(session, office, "2023")
    with county.open() as (database, office):
        written = export.export_data(database, office, tmp_path / "out")
    with township.open() as (database, office):
        result = importer.import_package(database, office, written.path)
        assert result.status == "merged", result.as_dict()
        assert result.tables["plans"].created == 1
        assert result.tables["plan_targets"].created == 34
        with database.session() as session:
            current = plans.find(session, None)
            assert (current.id, current.window_start) == ("2023", "2023-01-01")
            goals = {t.id: link.target_value for t, link in plans.plan_targets(session, "2023")}
            assert goals["county_mayor_quality_award"] == 5.0
            assert len(plans.plan_targets(session, "2018")) == 34


def test_package_numbers_read_in_the_reader_s_language() -> None:
    issue = completeness.ChainIssue(
        "330329100000", "pc", "gap", "never imported", ranges=[(3, 7), (9, 9)]
    )
    assert issue.numbers() == "#3–#7, #9"
    assert issue.numbers("、") == "#3–#7、#9"
