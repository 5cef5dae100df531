"""Properties of the merge, proved with hypothesis on real databases.

Random edits on several installations — two townships and a copy of the first one's data folder
(a restored backup or a second PC) — are exported as real packages. Importing them in any order,
any number of times, gives the same county database; and every exported version is either
current, waiting in the conflict queue, or superseded by a version edited from it.
"""

from __future__ import annotations

import os
import random
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.services.credit_code import ALPHABET, check_character
from desktop.services.ledger import LedgerService
from desktop.sync import export, importer, package
from tests.sync.helpers import TOWNSHIP_A, TOWNSHIP_B, Site, make_site, table_rows

LEDGER_QUERY = "SELECT * FROM enterprises"
VERSIONS_QUERY = "SELECT record_id, hlc, origin, base_hlc FROM sync_versions"
CONFLICTS_QUERY = (
    "SELECT record_id, lost_hlc, lost_origin, lost_base_hlc, lost_data, status FROM sync_conflicts"
)


@dataclass
class Templates:
    a: Site
    b: Site
    county: Site


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Templates]:
    root = tmp_path_factory.mktemp("templates")
    yield Templates(
        make_site(root / "a", TOWNSHIP_A),
        make_site(root / "b", TOWNSHIP_B),
        make_site(root / "county", None),
    )


Step = tuple[str, int, int, int]
steps = st.lists(
    st.tuples(
        st.sampled_from(["create", "create", "edit", "edit", "edit", "delete", "export", "fork"]),
        st.integers(0, 2),
        st.integers(0, 50),
        st.integers(0, 9),
    ),
    min_size=3,
    max_size=14,
)


def _code(rng: random.Random) -> str:
    body = "91330329" + "".join(rng.choice(ALPHABET) for _ in range(9))
    return body + check_character(body)


class Installation:
    """One data folder with a clock of its own (distinct per installation, always ahead)."""

    def __init__(self, name: str, site: Site, offset: int, clock: list[int]) -> None:
        self.name, self.site, self.offset, self.clock = name, site, offset, clock
        self.out = site.folder.parent / f"out-{name}"

    def service(self, database: Any, office: Any) -> LedgerService:
        return LedgerService(database, office, wall_ms=lambda: self.clock[0] + self.offset)


def _run(templates: Templates, root: Path, plan: list[Step], seed: int) -> list[Path]:
    """Play the plan; return every package written (each installation exports at the end)."""
    rng = random.Random(seed)
    clock = [int(datetime.now().timestamp() * 1000) - 10 * 86_400_000]
    installations = [
        Installation("a", templates.a.copy_to(root / "a"), 0, clock),
        Installation("b", templates.b.copy_to(root / "b"), 1, clock),
    ]
    packages: list[Path] = []

    def export_from(inst: Installation) -> None:
        with inst.site.open() as (database, office):
            packages.append(export.export_data(database, office, inst.out).path)

    for action, who, pick, _salt in plan:
        clock[0] += 10
        if action == "fork":
            if len(installations) == 2:
                installations.append(
                    Installation("a2", installations[0].site.copy_to(root / "a2"), 2, clock)
                )
            continue
        inst = installations[who % len(installations)]
        if action == "export":
            export_from(inst)
            continue
        with inst.site.open() as (database, office):
            service = inst.service(database, office)
            live = [r["id"] for r in _live_enterprises(database)]
            if action == "create" or not live:
                service.create(
                    "enterprises",
                    {"credit_code": _code(rng), "name": f"企业{rng.randrange(10**6)}"},
                )
            elif action == "edit":
                service.update(live[pick % len(live)], {"name": f"改名{rng.randrange(10**6)}"})
            else:
                service.delete(live[pick % len(live)])
    for inst in installations:
        export_from(inst)
    return packages


def _live_enterprises(database: Any) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from desktop.models import Enterprise

    with database.session() as session:
        return [
            {"id": rid}
            for rid in session.scalars(
                select(Enterprise.id).where(Enterprise.deleted.is_(False)).order_by(Enterprise.id)
            )
        ]


def _import_all(county: Site, paths: list[Path]) -> None:
    with county.open() as (database, office):
        for path in paths:
            result = importer.import_package(database, office, path)
            assert result.status in (importer.STATUS_MERGED, importer.STATUS_ALREADY), (
                result.as_dict()
            )


def _state(county: Site) -> tuple[Any, ...]:
    open_conflicts = [r for r in table_rows(county.db_file, CONFLICTS_QUERY) if r[-1] == "open"]
    return (
        table_rows(county.db_file, LEDGER_QUERY),
        table_rows(county.db_file, VERSIONS_QUERY),
        open_conflicts,
    )


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=steps, seed=st.integers(0, 2**16), orders=st.randoms(use_true_random=False))
def test_any_order_any_repetition_same_county_and_nothing_lost(
    templates: Templates, plan: list[Step], seed: int, orders: random.Random
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        packages = _run(templates, root, plan, seed)
        forward = templates.county.copy_to(root / "county-forward")
        _import_all(forward, packages)
        shuffled = [p for p in packages for _ in range(orders.randint(1, 2))]
        orders.shuffle(shuffled)
        scrambled = templates.county.copy_to(root / "county-scrambled")
        _import_all(scrambled, shuffled)
        _import_all(scrambled, list(reversed(packages)))
        assert _state(forward) == _state(scrambled)
        _assert_nothing_lost(forward, packages)


def _assert_nothing_lost(county: Site, paths: list[Path]) -> None:
    current = {
        r[0]: (r[1], r[2])
        for r in table_rows(county.db_file, "SELECT id, hlc, origin FROM enterprises")
    }
    queued = {
        (r[0], r[1], r[2])
        for r in table_rows(
            county.db_file,
            "SELECT record_id, lost_hlc, lost_origin FROM sync_conflicts WHERE status = 'open'",
        )
    }
    bases = {
        (r[0], r[1])
        for r in table_rows(
            county.db_file,
            "SELECT id, base_hlc FROM enterprises "
            "UNION SELECT record_id, base_hlc FROM sync_versions",
        )
    }
    for path in paths:
        for row in package.read(path.read_bytes()).rows.get("enterprises", []):
            version = (row["id"], row["hlc"], row["origin"])
            assert (
                current.get(row["id"]) == (row["hlc"], row["origin"])
                or version in queued
                or (row["id"], row["hlc"]) in bases
            ), f"exported version lost: {version}"


def test_restored_backup_puts_the_losing_edit_in_the_queue(
    templates: Templates, tmp_path: Path
) -> None:
    """The scenario of the issue: a township restores an old backup and edits again."""
    clock = [int(datetime.now().timestamp() * 1000) - 86_400_000]
    a = Installation("a", templates.a.copy_to(tmp_path / "a"), 0, clock)
    with a.site.open() as (database, office):
        record = (
            a.service(database, office)
            .create("enterprises", {"credit_code": _code(random.Random(1)), "name": "原名"})
            .record["id"]
        )
    backup = a.site.copy_to(tmp_path / "backup")
    packages = []
    with a.site.open() as (database, office):
        packages.append(export.export_data(database, office, a.out).path)
        clock[0] += 100
        a.service(database, office).update(record, {"name": "在原电脑上改的名"})
        packages.append(export.export_data(database, office, a.out).path)
    restored = Installation("restored", backup.copy_to(tmp_path / "restored"), 5, clock)
    clock[0] += 100
    with restored.site.open() as (database, office):
        restored.service(database, office).update(record, {"name": "恢复备份后改的名"})
        packages.append(export.export_data(database, office, restored.out).path)
    county = templates.county.copy_to(tmp_path / "county")
    _import_all(county, packages)
    rows = table_rows(
        county.db_file,
        "SELECT record_id, status, json_extract(lost_data, '$.name') FROM sync_conflicts",
    )
    assert rows == [(record, "open", "在原电脑上改的名")]
    current = table_rows(county.db_file, "SELECT name FROM enterprises")
    assert current == [("恢复备份后改的名",)]


# ---- several installations per township, approvals, arbitrary ids and references -----------------

Move = tuple[str, int, int, int]
moves = st.lists(
    st.tuples(
        st.sampled_from(
            ["create", "create", "edit", "edit", "delete", "export", "roundtrip", "craft"]
        ),
        st.integers(0, 2),
        st.integers(0, 50),
        st.integers(0, 5),
    ),
    min_size=3,
    max_size=10,
)


@dataclass
class Township:
    """Two PCs of township A (each its own init and key) and one PC of B, with the county."""

    a1: Site
    a2: Site
    b: Site
    county: Site


@pytest.fixture(scope="module")
def township_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Township]:
    root = tmp_path_factory.mktemp("several")
    yield Township(
        make_site(root / "a1", TOWNSHIP_A),
        make_site(root / "a2", TOWNSHIP_A),
        make_site(root / "b", TOWNSHIP_B),
        make_site(root / "county", None),
    )


def _arbitrary_id(kind: int, rng: random.Random, known: list[str]) -> str:
    """An id a crafted row might carry: another owner's, its own, the county's, or a real one."""
    from desktop.ids import owned_id, uuid7

    if kind == 0 and known:
        return rng.choice(known)
    owner = [TOWNSHIP_A, TOWNSHIP_B, "county", TOWNSHIP_B][kind % 4]
    if kind == 5:
        return uuid7()  # an id of the release before, never seen
    return owned_id(owner)


def _craft(b: Site, out: Path, rng: random.Random, kind: int, known: list[str]) -> Path | None:
    """B's next package, with one enterprise id and one inspection reference made arbitrary."""
    from tests.sync.helpers import Parts, identity_of

    with b.open() as (database, office):
        service = LedgerService(database, office)
        firm = service.create(
            "enterprises", {"credit_code": _code(rng), "name": f"企业{rng.randrange(10**6)}"}
        ).record["id"]
        service.create(
            "inspections",
            {
                "category_code": "INS_PRODUCT_QUALITY_SPOT_CHECK",
                "inspection_date": "2022-05-01",
                "enterprise_id": firm,
                "subject": "竹砧板",
                "batches_sampled": 3,
                "batches_passed": 3,
            },
        )
        genuine = export.export_data(database, office, out).path
    parts = Parts.of(genuine.read_bytes())
    firms = parts.rows("enterprises")
    checks = parts.rows("inspections")
    firms[-1]["id"] = _arbitrary_id(kind, rng, known)
    checks[-1]["enterprise_id"] = _arbitrary_id((kind + 1) % 6, rng, known)
    parts.set_rows("enterprises", firms)
    parts.set_rows("inspections", checks)
    crafted = out / f"crafted-{rng.randrange(10**9)}.qdpkg"
    crafted.write_bytes(parts.signed_by(identity_of(b)).to_bytes())
    return crafted


def _play(templates: Township, root: Path, plan: list[Move], seed: int) -> tuple[list[Path], str]:
    """Play the plan with a working county for the round trips; return the data packages and
    the second PC's key fingerprint (the one the county must approve)."""
    from tests.sync.helpers import identity_of

    rng = random.Random(seed)
    clock = [int(datetime.now().timestamp() * 1000) - 10 * 86_400_000]
    pcs = [
        Installation("a1", templates.a1.copy_to(root / "a1"), 0, clock),
        Installation("a2", templates.a2.copy_to(root / "a2"), 1, clock),
        Installation("b", templates.b.copy_to(root / "b"), 2, clock),
    ]
    working = templates.county.copy_to(root / "working")
    second = identity_of(pcs[1].site).fingerprint
    packages: list[Path] = []
    imported = 0

    def catch_up() -> None:
        nonlocal imported
        with working.open() as (database, office):
            for path in packages[imported:]:
                importer.import_package(database, office, path)
            imported = len(packages)
            with database.session() as session:
                from desktop.sync import roster

                pending = [e for e in roster.entries(session) if e.status == roster.PENDING]
            for entry in pending:
                importer.decide(database, office, entry.fingerprint, "approve")

    for action, who, pick, kind in plan:
        clock[0] += 10
        pc = pcs[who % len(pcs)]
        if action == "export":
            with pc.site.open() as (database, office):
                packages.append(export.export_data(database, office, pc.out).path)
            continue
        if action == "roundtrip":
            catch_up()
            with working.open() as (database, office):
                reference = export.export_reference(
                    database, office, root / "refs", township=TOWNSHIP_A
                ).path
            for township_pc in pcs[:2]:
                with township_pc.site.open() as (database, office):
                    assert importer.import_package(database, office, reference).status == "merged"
            continue
        if action == "craft":
            known = [r["id"] for r in _live_enterprises_of(working)]
            crafted = _craft(pcs[2].site, pcs[2].out, rng, kind, known)
            if crafted is not None:
                packages.append(crafted)
            continue
        with pc.site.open() as (database, office):
            service = pc.service(database, office)
            live = [r["id"] for r in _live_enterprises(database)]
            if action == "create" or not live:
                service.create(
                    "enterprises",
                    {"credit_code": _code(rng), "name": f"企业{rng.randrange(10**6)}"},
                )
            elif action == "edit":
                service.update(live[pick % len(live)], {"name": f"改名{rng.randrange(10**6)}"})
            else:
                service.delete(live[pick % len(live)])
    for pc in pcs:
        with pc.site.open() as (database, office):
            packages.append(export.export_data(database, office, pc.out).path)
    return packages, second


def _live_enterprises_of(site: Site) -> list[dict[str, Any]]:
    with site.open() as (database, _office):
        return _live_enterprises(database)


def _approve_pending(database: Any, office: Any, final: dict[str, str]) -> None:
    from desktop.sync import roster

    with database.session() as session:
        pending = [e.fingerprint for e in roster.entries(session) if e.status == roster.PENDING]
    for fingerprint in pending:
        for result in importer.decide(database, office, fingerprint, "approve").merged:
            final[result.manifest_sha256 or ""] = result.status


def _replay(
    county: Site, paths: list[Path], second: str, enrol_first: bool, approve_at: int
) -> dict[str, str]:
    """Import in this order. ``enrol_first``: the second PC's key is enrolled before any file
    (approval before its packages); after ``approve_at`` files, and at the end, the clerk
    approves every pending PC (approval after its packages). Returns each package's status."""
    from desktop.sync import roster

    final: dict[str, str] = {}
    with county.open() as (database, office):
        mine = [p for p in paths if _signed_by(p, second)]
        if enrol_first and mine:
            manifest = package.read(mine[0].read_bytes()).manifest
            importer.enrol(
                database, office, TOWNSHIP_A, manifest.verify_key, manifest.installation_id, ""
            )
        for position, path in enumerate(paths):
            if position == approve_at:
                _approve_pending(database, office, final)
            result = importer.import_package(database, office, path)
            if result.status != importer.STATUS_ALREADY:
                final[result.manifest_sha256 or str(path)] = result.status
        _approve_pending(database, office, final)
        with database.session() as session:
            held = [e.held for e in roster.entries(session)]
    assert sum(held) == 0, "a held package of an approved PC was never merged"
    return final


def _signed_by(path: Path, fingerprint: str) -> bool:
    from desktop.sync import keys

    return keys.fingerprint(package.read(path.read_bytes()).manifest.verify_key) == fingerprint


@settings(
    max_examples=int(os.environ.get("QD_PROPERTY_EXAMPLES", "5")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plan=moves, seed=st.integers(0, 2**16), orders=st.randoms(use_true_random=False))
def test_several_pcs_per_township_approval_before_or_after_same_county(
    township_templates: Township, plan: list[Move], seed: int, orders: random.Random
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        packages, second = _play(township_templates, root, plan, seed)
        forward = township_templates.county.copy_to(root / "county-forward")
        first = _replay(forward, packages, second, False, len(packages))
        shuffled = [p for p in packages for _ in range(orders.randint(1, 2))]
        orders.shuffle(shuffled)
        scrambled = township_templates.county.copy_to(root / "county-scrambled")
        again = _replay(
            scrambled, shuffled, second, orders.random() < 0.5, orders.randint(0, len(shuffled))
        )
        assert _state(forward) == _state(scrambled)
        assert {d: s for d, s in first.items() if s != "held"} == {
            d: s for d, s in again.items() if s != "held"
        }
        accepted = [p for p in packages if first.get(package_id(p)) == "merged"]
        _assert_nothing_lost(forward, accepted)
        for path in packages:
            if first.get(package_id(path)) == "rejected":
                assert _has_foreign_id(path), f"a package was refused for no reason: {path}"


def package_id(path: Path) -> str:
    return package.read(path.read_bytes()).manifest_sha256


def _has_foreign_id(path: Path) -> bool:
    from desktop.ids import id_tag, owner_tag

    pkg = package.read(path.read_bytes())
    own, county = owner_tag(pkg.manifest.owner), owner_tag("county")
    ids = [r["id"] for rows in pkg.rows.values() for r in rows]
    refs = [r.get("enterprise_id") for r in pkg.rows.get("inspections", [])]
    return any(id_tag(i) not in (None, own) for i in ids) or any(
        isinstance(r, str) and id_tag(r) not in (None, own, county) for r in refs
    )
