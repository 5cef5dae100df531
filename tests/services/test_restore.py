"""Restoring a deleted record: a new audited version that syncs like any edit, refused when the
record lives again elsewhere or its parent is deleted."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.errors import UsageError, ValidationError
from desktop.services.changes import Changes
from desktop.services.ledger import LedgerService
from desktop.sync import export, importer
from tests.conftest import VALID_CODES
from tests.services.test_ledger import _inspection
from tests.sync.helpers import TOWNSHIP_A, make_site


def test_restore_is_a_new_audited_version(service: LedgerService, enterprise_id: str) -> None:
    created = service.create("inspections", _inspection(enterprise_id)).record
    deleted = service.delete(created["id"], reason="误删").record
    restored = service.restore(created["id"], reason="恢复误删")
    assert restored.record["deleted"] is False
    assert restored.record["hlc"] > deleted["hlc"]
    assert restored.record["base_hlc"] == deleted["hlc"]
    assert restored.record["subject"] == created["subject"]
    history = service.history(created["id"])
    assert [h["action"] for h in history] == ["create", "delete", "restore"]
    assert history[-1]["reason"] == "恢复误删"
    service.update(created["id"], {"subject": "竹筷"})  # a live record again
    with pytest.raises(UsageError):
        service.restore(created["id"])  # not deleted


def test_an_enterprise_registered_again_cannot_be_restored_twice(service: LedgerService) -> None:
    first = service.create(
        "enterprises", {"credit_code": VALID_CODES[0], "name": "泰顺县茗香茶业有限公司"}
    ).record
    service.delete(first["id"])
    service.create("enterprises", {"credit_code": VALID_CODES[0], "name": "泰顺县茗香茶业"})
    with pytest.raises(ValidationError) as caught:
        service.restore(first["id"])
    assert caught.value.errors[0].code == "duplicate"


def test_progress_of_a_deleted_project_waits_for_the_project(service: LedgerService) -> None:
    project = service.create(
        "projects",
        {
            "category_code": "DEMO_AGRI_STANDARDIZATION",
            "name": "罗阳高山茶标准化示范基地",
            "lead_unit": "罗阳镇农业办",
            "start_date": "2020-03-01",
            "planned_completion": "2021-12-31",
            "planned_investment": 300,
        },
    ).record
    progress = service.create(
        "project_progress",
        {"project_id": project["id"], "period": "2020-04", "percent_complete": 10},
    ).record
    service.delete(progress["id"])
    service.delete(project["id"])
    with pytest.raises(ValidationError) as caught:
        service.restore(progress["id"])
    assert caught.value.errors[0].code == "deleted_parent"
    service.restore(project["id"])
    assert service.restore(progress["id"]).record["deleted"] is False


def test_changes_say_which_views_refresh() -> None:
    enterprise = Changes.of("enterprises")
    assert enterprise.affects("enterprises")
    assert enterprise.affects("inspections", ["subject", "enterprise_id"])
    assert not enterprise.affects("projects", ["name"])
    assert Changes.of("projects").affects("project_progress", ["project_id", "period"])
    assert Changes.unknown().affects("certifications")
    assert Changes.from_name("") == Changes(sync_state=True) and not Changes.from_name("").records
    assert (Changes.of("a") | Changes.of("b", sync_state=True)) == Changes(
        frozenset({"a", "b"}), sync_state=True
    )
    assert not Changes()


def test_a_restore_travels_to_the_county_like_an_edit(tmp_path: Path) -> None:
    township, county = make_site(tmp_path / "a", TOWNSHIP_A), make_site(tmp_path / "c", None)
    out = tmp_path / "packages"
    with township.open() as (database, office):
        service = LedgerService(database, office)
        record = service.create(
            "enterprises", {"credit_code": VALID_CODES[1], "name": "泰顺县竹木制品有限公司"}
        ).record
        service.delete(record["id"])
        first = export.export_data(database, office, out, period="2026-09").path
        service.restore(record["id"])
        second = export.export_data(database, office, out, period="2026-10").path
    with county.open() as (database, office):
        importer.import_package(database, office, first)
        assert LedgerService(database, office).get(record["id"])["deleted"] is True
        importer.import_package(database, office, second)
        assert LedgerService(database, office).get(record["id"])["deleted"] is False
