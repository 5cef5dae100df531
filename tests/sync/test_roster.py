"""Several installations per township: first use, held packages, approve, decline, retire.

Every refusal is a package that leaves the county database byte-for-byte unchanged.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.errors import UsageError
from desktop.models import Enterprise, SyncHeld, SyncInbox, SyncInstallation
from desktop.services.ledger import LedgerService
from desktop.services.office import init_office
from desktop.sync import completeness, export, importer, roster
from tests.sync.helpers import TOWNSHIP_A, TOWNSHIP_B, Parts, Site, identity_of, make_site


def _pc(folder: Path, township: str, label: str) -> Site:
    site = make_site(folder, township)
    with site.open() as (database, _office):
        init_office(database, township_code=township, pc_label=label)
    return site


def _add(site: Site, name: str, code: str) -> str:
    with site.open() as (database, office):
        created = LedgerService(database, office).create(
            "enterprises", {"credit_code": code, "name": name}
        )
    return str(created.record["id"])


def _export(site: Site, out: Path, period: str) -> Path:
    """The month's package, made on the 3rd of the next month (on time)."""
    year, month = int(period[:4]), int(period[5:])
    made = min(datetime(year + month // 12, month % 12 + 1, 3, 9), datetime.now())
    with site.open() as (database, office):
        return export.export_data(database, office, out, period=period, now=made).path


def _import(site: Site, path: Path) -> importer.ImportResult:
    with site.open() as (database, office):
        return importer.import_package(database, office, path)


def _count(site: Site, model: type) -> int:
    with site.open() as (database, _office), database.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_second_pc_is_held_until_approved_then_merges_in_order(tmp_path: Path) -> None:
    county = make_site(tmp_path / "county", None)
    first = _pc(tmp_path / "pc1", TOWNSHIP_A, "质量办")
    second = _pc(tmp_path / "pc2", TOWNSHIP_A, "市场监管所")
    out = tmp_path / "out"
    _add(first, "泰顺县一号茶厂", "91330329MA2H00006J")
    assert _import(county, _export(first, out, "2026-09")).key == roster.FIRST_USE
    _add(second, "泰顺县二号竹业", "92330329MA2H00014A")
    s1 = _export(second, out, "2026-09")
    _add(second, "泰顺县三号食品", "93330329MA2H000222")
    s2 = _export(second, out, "2026-10")
    before_rows = _count(county, Enterprise)
    held = [_import(county, s2), _import(county, s1), _import(county, s1)]
    assert [r.status for r in held] == ["held"] * 3
    assert held[0].pc_label == "市场监管所" and held[0].fingerprint
    assert _count(county, Enterprise) == before_rows and _count(county, SyncHeld) == 2
    with county.open() as (database, office):
        with database.session() as session:
            pending = [e for e in roster.entries(session) if e.status == roster.PENDING]
        assert [(e.label, e.held) for e in pending] == [("市场监管所", 2)]
        decision = importer.decide(database, office, pending[0].fingerprint, "approve")
    assert [r.sequence for r in decision.merged] == [1, 2]
    assert {r.status for r in decision.merged} == {"merged"}
    assert _count(county, Enterprise) == before_rows + 2
    assert _import(county, s1).status == "already_imported"
    # Approved once: its next package merges at once.
    _add(second, "泰顺县四号农业", "91110108551385082Q")
    assert _import(county, _export(second, out, "2026-11")).status == "merged"


def test_declined_stranger_changes_nothing_and_stays_refused(tmp_path: Path) -> None:
    county = make_site(tmp_path / "county", None)
    first = _pc(tmp_path / "pc1", TOWNSHIP_A, "质量办")
    stranger = _pc(tmp_path / "pc3", TOWNSHIP_A, "不明电脑")
    out = tmp_path / "out"
    assert _import(county, _export(first, out, "2026-09")).status == "merged"
    _add(stranger, "冒名企业", "91330329MA2H00006J")
    claim = _export(stranger, out, "2026-09")
    assert _import(county, claim).status == "held"
    rows_before = _count(county, Enterprise)
    with county.open() as (database, office):
        decision = importer.decide(
            database, office, identity_of(stranger).fingerprint, "decline", reason="不认识"
        )
    assert decision.refused == 1 and decision.installation.status == roster.DECLINED
    before = county.sha256()
    again = _import(county, claim)
    assert again.status == "rejected" and again.reason_code == "declined"
    _add(stranger, "又一家", "92330329MA2H00014A")
    later = _import(county, _export(stranger, out, "2026-10"))
    assert later.reason_code == "declined"
    assert county.sha256() == before and _count(county, Enterprise) == rows_before


def test_retired_pc_later_packages_are_refused_earlier_stay(tmp_path: Path) -> None:
    county = make_site(tmp_path / "county", None)
    pc = _pc(tmp_path / "pc1", TOWNSHIP_A, "旧电脑")
    out = tmp_path / "out"
    kept = _add(pc, "泰顺县一号茶厂", "91330329MA2H00006J")
    assert _import(county, _export(pc, out, "2026-09")).status == "merged"
    with county.open() as (database, office):
        importer.decide(database, office, identity_of(pc).fingerprint, "retire", reason="被盗")
    _add(pc, "被盗后写的", "92330329MA2H00014A")
    before = county.sha256()
    refused = _import(county, _export(pc, out, "2026-10"))
    assert refused.reason_code == "retired" and county.sha256() == before
    with county.open() as (database, _office), database.session() as session:
        assert session.get(Enterprise, kept) is not None


def test_a_key_of_one_township_never_signs_for_another(tmp_path: Path) -> None:
    county = make_site(tmp_path / "county", None)
    a = _pc(tmp_path / "a", TOWNSHIP_A, "A")
    out = tmp_path / "out"
    assert _import(county, _export(a, out, "2026-09")).status == "merged"
    # Township B's package, re-signed with A's key (A's PC claiming to be B).
    b = _pc(tmp_path / "b", TOWNSHIP_B, "B")
    genuine_b = _export(b, out, "2026-09")
    forged = tmp_path / "forged.qdpkg"
    forged.write_bytes(Parts.of(genuine_b.read_bytes()).signed_by(identity_of(a)).to_bytes())
    before = county.sha256()
    result = _import(county, forged)
    assert result.reason_code in ("key_other_owner", "key_changed")
    assert county.sha256() == before
    # B's genuine PC is then trusted on first use: A's attempt pinned nothing for B.
    assert _import(county, genuine_b).key == roster.FIRST_USE


def test_a_pc_id_never_changes_owner(tmp_path: Path) -> None:
    county = make_site(tmp_path / "county", None)
    a = _pc(tmp_path / "a", TOWNSHIP_A, "A")
    out = tmp_path / "out"
    genuine = _export(a, out, "2026-09")
    assert _import(county, genuine).status == "merged"
    parts = Parts.of(_export(a, out, "2026-10").read_bytes())
    parts.manifest["owner"] = TOWNSHIP_B  # same installation id and key, another township
    forged = tmp_path / "forged.qdpkg"
    forged.write_bytes(parts.signed_by(identity_of(a)).to_bytes())
    before = county.sha256()
    assert _import(county, forged).reason_code == "key_other_owner"
    assert county.sha256() == before


def test_enrol_adds_without_displacing_and_reset_keeps_its_meaning(tmp_path: Path) -> None:
    county = make_site(tmp_path / "county", None)
    first = _pc(tmp_path / "pc1", TOWNSHIP_A, "质量办")
    second = _pc(tmp_path / "pc2", TOWNSHIP_A, "农业站")
    out = tmp_path / "out"
    assert _import(county, _export(first, out, "2026-09")).status == "merged"
    with second.open() as (database, office):
        installation = office.installation_id
    with county.open() as (database, office):
        importer.enrol(
            database, office, TOWNSHIP_A, identity_of(second).verify_key, installation, "农业站"
        )
        with database.session() as session:
            statuses = {e.label: e.status for e in roster.entries(session)}
    assert statuses == {"质量办": "active", "农业站": "active"}
    assert _import(county, _export(second, out, "2026-09")).status == "merged"
    assert _import(county, _export(first, out, "2026-10")).status == "merged"
    with county.open() as (database, office), database.session() as session:
        assert roster.reset(session, TOWNSHIP_A, "县办", datetime.now()) == 2
    fresh = _pc(tmp_path / "pc4", TOWNSHIP_A, "新电脑")
    assert _import(county, _export(fresh, out, "2026-10")).key == roster.FIRST_USE
    assert _import(county, _export(first, out, "2026-11")).reason_code == "retired"


def test_enrol_refuses_a_key_of_another_township(tmp_path: Path) -> None:
    county = make_site(tmp_path / "county", None)
    a = _pc(tmp_path / "a", TOWNSHIP_A, "A")
    assert _import(county, _export(a, tmp_path / "out", "2026-09")).status == "merged"
    with county.open() as (database, office), pytest.raises(UsageError):
        importer.enrol(database, office, TOWNSHIP_B, identity_of(a).verify_key, None, "")


def test_completeness_waits_for_each_active_pc(tmp_path: Path) -> None:
    county = make_site(tmp_path / "county", None)
    first = _pc(tmp_path / "pc1", TOWNSHIP_A, "质量办")
    second = _pc(tmp_path / "pc2", TOWNSHIP_A, "市场监管所")
    out = tmp_path / "out"
    _add(first, "泰顺县一号茶厂", "91330329MA2H00006J")
    _import(county, _export(first, out, "2026-09"))
    _import(county, _export(second, out, "2026-09"))
    with county.open() as (database, office):
        importer.decide(database, office, identity_of(second).fingerprint, "approve")
    _import(county, _export(first, out, "2026-10"))
    with county.open() as (database, _office):
        grid = completeness.completeness(database, today=date(2026, 11, 20))
    assert grid.cells[TOWNSHIP_A]["2026-09"] == "received"
    assert grid.pcs[TOWNSHIP_A]["2026-09"] == {"质量办": "received", "市场监管所": "nothing"}
    assert grid.cells[TOWNSHIP_A]["2026-10"] == "missing"
    assert grid.waiting_for(TOWNSHIP_A, "2026-10") == ["市场监管所"]


def test_completeness_gaps_are_ranges_and_bounds_are_plausible(tmp_path: Path) -> None:
    county = make_site(tmp_path / "county", None)
    with county.open() as (database, _office):
        with database.session() as session:
            for number, period in ((1, "2026-08"), (2**31 - 1, "2026-09")):
                session.add(
                    SyncInbox(
                        manifest_sha256=f"{number:064d}",
                        kind="data",
                        owner=TOWNSHIP_A,
                        installation_id="01234567-89ab-7def-8123-456789abcdef",
                        sequence=number,
                        previous_sha256=None,
                        period=period,
                        nothing_to_report=True,
                        created_at=datetime(2026, 10, 1),
                        imported_at=datetime(2026, 10, 1),
                        imported_by="县办",
                        file_name="x.qdpkg",
                        records=0,
                        summary={},
                        pc_label="质量办",
                    )
                )
        grid = completeness.completeness(database, today=date(2026, 11, 20))
        gaps = [i for i in grid.issues if i.kind == "gap"]
        assert [(g.ranges, g.label) for g in gaps] == [([(2, 2**31 - 2)], "质量办")]
        assert gaps[0].numbers() == f"#2–#{2**31 - 2}"
        for bad in ("0000-01", "1999-12", "2099-01", "2026-13"):
            with pytest.raises(UsageError):
                completeness.completeness(database, first=bad)


def test_late_data_after_an_on_time_nil_report_is_late(tmp_path: Path) -> None:
    county = make_site(tmp_path / "county", None)
    with county.open() as (database, _office):
        with database.session() as session:
            for number, nothing, made in ((1, True, datetime(2026, 10, 2)), (2, False, None)):
                session.add(
                    SyncInbox(
                        manifest_sha256=f"{number:064d}",
                        kind="data",
                        owner=TOWNSHIP_A,
                        installation_id="01234567-89ab-7def-8123-456789abcdef",
                        sequence=number,
                        previous_sha256=None if number == 1 else f"{1:064d}",
                        period="2026-09",
                        nothing_to_report=nothing,
                        created_at=made or datetime(2026, 10, 20),
                        imported_at=datetime(2026, 10, 21),
                        imported_by="县办",
                        file_name="x.qdpkg",
                        records=0 if nothing else 3,
                        summary={},
                    )
                )
        grid = completeness.completeness(database, today=date(2026, 11, 20))
    assert grid.cells[TOWNSHIP_A]["2026-09"] == "late"


def test_roster_names_pcs_never_by_internal_id(tmp_path: Path) -> None:
    county = make_site(tmp_path / "county", None)
    pc = _pc(tmp_path / "pc1", TOWNSHIP_A, "质量办")
    _import(county, _export(pc, tmp_path / "out", "2026-09"))
    with county.open() as (database, _office), database.session() as session:
        row = session.scalars(select(SyncInstallation)).one()
        assert roster.label_of(row) == "质量办"
        row.pc_label = ""
        assert roster.label_of(row).startswith(
            "PC "
        ) and row.installation_id not in roster.label_of(row)


def _reference(county: Site, township: str, out: Path) -> Path:
    with county.open() as (database, office):
        return export.export_reference(database, office, out, township=township).path


def test_pcs_of_one_township_see_each_other_and_conflict_on_both_edited(tmp_path: Path) -> None:
    county = make_site(tmp_path / "county", None)
    first = _pc(tmp_path / "pc1", TOWNSHIP_A, "质量办")
    second = _pc(tmp_path / "pc2", TOWNSHIP_A, "市场监管所")
    b = _pc(tmp_path / "b", TOWNSHIP_B, "B")
    out = tmp_path / "out"
    mine = _add(first, "泰顺县一号茶厂", "91330329MA2H00006J")
    theirs = _add(second, "泰顺县二号竹业", "92330329MA2H00014A")
    _add(b, "别的乡镇的企业", "93330329MA2H000222")
    _import(county, _export(first, out, "2026-09"))
    _import(county, _export(second, out, "2026-09"))
    _import(county, _export(b, out, "2026-09"))
    with county.open() as (database, office):
        importer.decide(database, office, identity_of(second).fingerprint, "approve")
    package = _reference(county, TOWNSHIP_A, out)
    assert TOWNSHIP_A in package.name
    for pc in (first, second):
        result = _import(pc, package)
        assert result.status == "merged", result.reason_en
    with first.open() as (database, office), database.session() as session:
        assert session.get(Enterprise, theirs) is not None  # the other PC's record
        names = set(session.scalars(select(Enterprise.name)))
        assert "别的乡镇的企业" not in names  # never another township's
    with second.open() as (database, office):
        service = LedgerService(database, office)
        assert service.get(mine) is not None
        service.update(mine, {"address": "市场监管所改的地址"})  # edits a record of PC 1
    with first.open() as (database, office):
        service = LedgerService(database, office)
        service.update(mine, {"address": "质量办改的地址"})
        service.update(theirs, {"address": "质量办补的地址"})  # only PC 1 edits PC 2's record
        service.update(theirs, {"address": "质量办补的地址,二改"})
    merged = [_import(county, _export(pc, out, "2026-10")) for pc in (first, second)]
    assert [r.status for r in merged] == ["merged", "merged"]
    assert sum(r.totals.conflicts for r in merged) == 1
    # The edit made on PC 2 from PC 1's record names the version the county has: no conflict
    # was invented for it beyond the real concurrent edit.
    with county.open() as (database, _office), database.session() as session:
        from desktop.models import SyncConflict

        assert session.scalar(select(func.count()).select_from(SyncConflict)) == 1


def test_same_enterprise_on_two_pcs_is_a_likely_duplicate(tmp_path: Path) -> None:
    county = make_site(tmp_path / "county", None)
    first = _pc(tmp_path / "pc1", TOWNSHIP_A, "质量办")
    second = _pc(tmp_path / "pc2", TOWNSHIP_A, "市场监管所")
    out = tmp_path / "out"
    _add(first, "泰顺县一号茶厂", "91330329MA2H00006J")
    _add(second, "泰顺县一号茶厂有限公司", "91330329MA2H00006J")
    _import(county, _export(first, out, "2026-09"))
    _import(county, _export(second, out, "2026-09"))
    with county.open() as (database, office):
        decision = importer.decide(database, office, identity_of(second).fingerprint, "approve")
    assert decision.merged[0].duplicates[0]["credit_code"] == "91330329MA2H00006J"
    shown = _import(first, _reference(county, TOWNSHIP_A, out))
    assert shown.duplicates and shown.duplicates[0]["count"] == "2"


def _county_package_variant(county: Site, out: Path, change: str) -> tuple[Path, Path]:
    """The county's package for A, and a crafted variant signed with the county's key."""
    genuine = _reference(county, TOWNSHIP_A, out)
    parts = Parts.of(genuine.read_bytes())
    if change == "newer":
        parts.manifest["format_version"] = 3
    elif change == "addressee":
        parts.manifest["addressee"] = TOWNSHIP_B
    else:  # a row of another township slipped into A's package
        rows = parts.rows("enterprises")
        rows[0]["owner"] = TOWNSHIP_B
        parts.set_rows("enterprises", rows)
    crafted = out / f"crafted-{change}.qdpkg"
    crafted.write_bytes(parts.signed_by(identity_of(county)).to_bytes())
    return genuine, crafted


@pytest.mark.parametrize(
    ("change", "code"),
    [("newer", "format_version"), ("addressee", "wrong_addressee"), ("owner", "foreign_township")],
)
def test_township_refuses_county_packages_it_must_not_take(
    tmp_path: Path, change: str, code: str
) -> None:
    county = make_site(tmp_path / "county", None)
    pc = _pc(tmp_path / "pc1", TOWNSHIP_A, "质量办")
    _add(pc, "泰顺县一号茶厂", "91330329MA2H00006J")
    _import(county, _export(pc, tmp_path / "out", "2026-09"))
    genuine, crafted = _county_package_variant(county, tmp_path / "out", change)
    assert _import(pc, genuine).status == "merged"
    before = pc.sha256()
    result = _import(pc, crafted)
    assert result.status == "rejected" and result.reason_code == code
    if change == "newer":
        assert "请升级软件" in (result.reason_zh or "")
        assert "upgrade the app" in (result.reason_en or "")
    assert pc.sha256() == before
