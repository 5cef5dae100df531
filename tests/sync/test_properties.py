"""Properties of the merge, proved with hypothesis on real databases.

Random edits on several installations — two townships and a copy of the first one's data folder
(a restored backup or a second PC) — are exported as real packages. Importing them in any order,
any number of times, gives the same county database; and every exported version is either
current, waiting in the conflict queue, or superseded by a version edited from it.
"""

from __future__ import annotations

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
