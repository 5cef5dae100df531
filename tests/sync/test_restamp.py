"""Wrong PC clocks never lock a township out and never freeze a record (docs/sync-format.md §5.5).

A jumping clock: the township's PC runs years ahead, the clerk works and exports, the county
refuses the package with a reason naming both dates, the clock is corrected — and the next export
re-stamps what the county never accepted, so it merges as usual, with every edit, and the county's
clock is not dragged into the future. A frozen clock: values still strictly increase and merge.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select, text

from desktop.ids import hlc_datetime
from desktop.models import Enterprise, Installation
from desktop.services.ledger import LedgerService
from desktop.sync import export, importer
from tests.sync.helpers import TOWNSHIP_A, Parts, Site, identity_of, make_site

TRUE_NOW = datetime.now().replace(microsecond=0)
AHEAD = TRUE_NOW + timedelta(days=3 * 365)


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _service(site: Site, database: object, office: object, moment: datetime) -> LedgerService:
    return LedgerService(
        database,  # type: ignore[arg-type]
        office,  # type: ignore[arg-type]
        today=moment.date,
        now=lambda: moment,
        wall_ms=lambda: _ms(moment),
    )


def _enterprise(code: str, name: str) -> dict[str, object]:
    return {"credit_code": code, "name": name}


def _import(county: Site, path: Path, now: datetime) -> importer.ImportResult:
    with county.open() as (database, office):
        return importer.import_package(database, office, path, now=now)


def _clock(site: Site) -> int:
    with site.open() as (database, _office), database.session() as session:
        return int(session.scalar(select(Installation.hlc_last)) or 0)


def test_a_clock_that_ran_ahead_and_was_corrected_does_not_lock_the_township_out(
    tmp_path: Path,
) -> None:
    township = make_site(tmp_path / "t", TOWNSHIP_A)
    county = make_site(tmp_path / "c", None)
    out = tmp_path / "out"
    with township.open() as (database, office):
        service = _service(township, database, office, TRUE_NOW - timedelta(days=2))
        first = service.create("enterprises", _enterprise("91330329MA2H00006J", "甲茶业有限公司"))
        p1 = export.export_data(database, office, out, now=TRUE_NOW - timedelta(days=2)).path
    assert _import(county, p1, TRUE_NOW - timedelta(days=1)).status == importer.STATUS_MERGED

    # the CMOS clock jumps three years ahead; the clerk edits, adds, and exports
    with township.open() as (database, office):
        ahead = _service(township, database, office, AHEAD)
        ahead.update(first.record["id"], {"address": "罗阳镇新城路1号"})
        second = ahead.create("enterprises", _enterprise("92330329MA2H00014A", "乙农业合作社"))
        p2 = export.export_data(database, office, out, now=AHEAD).path
    refused = _import(county, p2, TRUE_NOW)
    assert refused.status == importer.STATUS_REJECTED
    assert refused.reason_code in ("future_date", "clock_ahead"), refused.as_dict()

    # the clock is corrected; more work, and the next export
    with township.open() as (database, office):
        right = _service(township, database, office, TRUE_NOW)
        third = right.create("enterprises", _enterprise("93330329MA2H000222", "丙食品厂"))
        right.update(second.record["id"], {"address": "司前畲族镇"})
        p3 = export.export_data(database, office, out, now=TRUE_NOW)
    assert p3.sequence == 3
    merged = _import(county, p3.path, TRUE_NOW + timedelta(minutes=5))
    assert merged.status == importer.STATUS_MERGED, (merged.reason_en, merged.rejected_rows)
    assert merged.totals.conflicts == 0

    with county.open() as (database, _office), database.session() as session:
        rows = {
            r.credit_code: r
            for r in session.scalars(select(Enterprise).where(Enterprise.owner == TOWNSHIP_A))
        }
        county_clock = int(session.scalar(select(Installation.hlc_last)) or 0)
    assert set(rows) == {"91330329MA2H00006J", "92330329MA2H00014A", "93330329MA2H000222"}
    assert rows["91330329MA2H00006J"].address == "罗阳镇新城路1号"  # the edit made while ahead
    assert rows["92330329MA2H00014A"].address == "司前畲族镇"
    assert third.record["id"] == rows["93330329MA2H000222"].id
    # nobody's clock was dragged into the future
    assert hlc_datetime(county_clock) < TRUE_NOW + timedelta(days=1)
    assert hlc_datetime(_clock(township)) < TRUE_NOW + timedelta(days=1)
    assert all(hlc_datetime(r.hlc) < TRUE_NOW + timedelta(days=1) for r in rows.values())

    # later edits merge as usual: nothing is frozen by the versions written while ahead
    with township.open() as (database, office):
        later = _service(township, database, office, TRUE_NOW + timedelta(hours=1))
        later.update(first.record["id"], {"address": "罗阳镇解放街2号"})
        p4 = export.export_data(database, office, out, now=TRUE_NOW + timedelta(hours=1)).path
    assert _import(county, p4, TRUE_NOW + timedelta(hours=2)).status == importer.STATUS_MERGED
    with county.open() as (database, _office), database.session() as session:
        address = session.scalar(
            select(Enterprise.address).where(Enterprise.id == first.record["id"])
        )
    assert address == "罗阳镇解放街2号"


def test_a_county_settlement_is_not_frozen_out_by_a_township_clock(tmp_path: Path) -> None:
    """The county settles a conflict; the township's clock later runs ahead: the settlement
    is not overridden by a version dated years ahead — the county refuses it until re-stamped,
    and the re-stamped edit is an ordinary later edit."""
    township = make_site(tmp_path / "t", TOWNSHIP_A)
    county = make_site(tmp_path / "c", None)
    out = tmp_path / "out"
    with township.open() as (database, office):
        service = _service(township, database, office, TRUE_NOW - timedelta(days=1))
        record = service.create("enterprises", _enterprise("91330329MA2H00006J", "甲茶业有限公司"))
        p1 = export.export_data(database, office, out, now=TRUE_NOW - timedelta(days=1)).path
    _import(county, p1, TRUE_NOW - timedelta(hours=20))
    with township.open() as (database, office):
        _service(township, database, office, AHEAD).update(record.record["id"], {"name": "甲"})
        p2 = export.export_data(database, office, out, now=AHEAD).path
    assert _import(county, p2, TRUE_NOW).status == importer.STATUS_REJECTED
    with county.open() as (database, _office), database.session() as session:
        stored = session.execute(
            text("SELECT name, hlc FROM enterprises WHERE id = :id"), {"id": record.record["id"]}
        ).one()
    assert stored.name == "甲茶业有限公司"
    assert hlc_datetime(stored.hlc) < TRUE_NOW
    with county.open() as (database, _office), database.session() as session:
        county_clock = int(session.scalar(select(Installation.hlc_last)) or 0)
    assert hlc_datetime(county_clock) < TRUE_NOW, "the county's clock stays where it was"


def test_a_frozen_clock_still_orders_every_edit(tmp_path: Path) -> None:
    township = make_site(tmp_path / "t", TOWNSHIP_A)
    county = make_site(tmp_path / "c", None)
    frozen = TRUE_NOW - timedelta(days=1)
    with township.open() as (database, office):
        service = _service(township, database, office, frozen)
        record = service.create("enterprises", _enterprise("91330329MA2H00006J", "甲茶业有限公司"))
        values = [record.record["hlc"]]
        for n in range(20):
            values.append(service.update(record.record["id"], {"address": f"{n}号"}).record["hlc"])
        path = export.export_data(database, office, tmp_path / "out", now=frozen).path
    assert values == sorted(values) and len(set(values)) == len(values)
    assert all(v >> 16 == values[0] >> 16 or v > values[0] for v in values)
    assert _import(county, path, TRUE_NOW).status == importer.STATUS_MERGED


def test_a_clock_that_is_behind_keeps_every_value_and_is_accepted(tmp_path: Path) -> None:
    """CMOS reset to 2000: nothing is re-stamped, the counter carries on, the county accepts."""
    township = make_site(tmp_path / "t", TOWNSHIP_A)
    county = make_site(tmp_path / "c", None)
    with township.open() as (database, office):
        service = _service(township, database, office, TRUE_NOW - timedelta(days=1))
        record = service.create("enterprises", _enterprise("91330329MA2H00006J", "甲茶业有限公司"))
        before = record.record["hlc"]
        reset = datetime(2000, 1, 1)
        edited = _service(township, database, office, reset).update(
            record.record["id"], {"address": "罗阳镇"}
        )
        assert edited.record["hlc"] > before
        package = export.export_data(database, office, tmp_path / "out", now=reset)
    assert package.period >= "2025-12"  # not 1999-12: the period follows the believed date
    result = _import(county, package.path, TRUE_NOW)
    assert result.status == importer.STATUS_MERGED, result.as_dict()


def test_rows_outside_the_signed_clock_range_are_refused(tmp_path: Path) -> None:
    township = make_site(tmp_path / "t", TOWNSHIP_A)
    county = make_site(tmp_path / "c", None)
    out = tmp_path / "out"
    with township.open() as (database, office):
        service = _service(township, database, office, TRUE_NOW - timedelta(days=2))
        service.create("enterprises", _enterprise("91330329MA2H00006J", "甲茶业有限公司"))
        p1 = export.export_data(database, office, out, now=TRUE_NOW - timedelta(days=2)).path
        service = _service(township, database, office, TRUE_NOW - timedelta(days=1))
        service.create("enterprises", _enterprise("92330329MA2H00014A", "乙农业合作社"))
        p2 = export.export_data(database, office, out, now=TRUE_NOW - timedelta(days=1)).path
    assert _import(county, p1, TRUE_NOW).status == importer.STATUS_MERGED
    identity = identity_of(township)
    for value in ("above", "at_from"):
        parts = Parts.of(p2.read_bytes())
        rows = parts.rows("enterprises")
        rows[0]["hlc"] = (
            parts.manifest["hlc_to"] + 1 if value == "above" else parts.manifest["hlc_from"]
        )
        parts.set_rows("enterprises", rows)
        path = tmp_path / f"{value}.qdpkg"
        path.write_bytes(parts.signed_by(identity).to_bytes())
        result = _import(county, path, TRUE_NOW)
        assert result.status == importer.STATUS_REJECTED and result.reason_code == "invalid_rows"
        assert "clock range" in (result.reason_en or "")
    assert _import(county, p2, TRUE_NOW).status == importer.STATUS_MERGED
