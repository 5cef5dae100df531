"""The window's read facade: pages (keyset and offset), counts, pickers, progress, status."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.services.cancel import ReadCancel, ReadCancelledError
from desktop.services.fields import INSPECTIONS
from desktop.services.ledger import LedgerService
from desktop.services.queries import LedgerQuery
from desktop.services.reads import LedgerReads

TODAY = date(2022, 6, 15)


def _inspect(service: LedgerService, enterprise_id: str, subject: str, day: str) -> None:
    service.create(
        "inspections",
        {
            "category_code": "INS_AGRI_PRODUCT_SAFETY_TEST",
            "inspection_date": day,
            "enterprise_id": enterprise_id,
            "subject": subject,
            "batches_sampled": 1,
            "batches_passed": 1,
        },
    )


def test_pages_by_keyset_match_pages_by_offset(service: LedgerService, enterprise_id: str) -> None:
    for n in range(7):
        _inspect(service, enterprise_id, f"抽检{n}", f"2022-01-{n % 3 + 1:02d}")
    reads = LedgerReads(service.database)
    query = LedgerQuery(limit=3)
    first = reads.page(INSPECTIONS, query, TODAY)
    assert len(first.records) == 3
    assert first.enterprises[enterprise_id][0].startswith("泰顺县")
    last = first.records[-1]
    assert reads.can_follow(INSPECTIONS, query, last)
    by_keyset = reads.page(INSPECTIONS, query, TODAY, after=last)
    by_offset = reads.page(INSPECTIONS, query.page(3, 3), TODAY)
    assert [r["id"] for r in by_keyset.records] == [r["id"] for r in by_offset.records]
    assert reads.count(INSPECTIONS, LedgerQuery(), TODAY) == 7
    assert reads.count(INSPECTIONS, LedgerQuery(text="抽检3"), TODAY) == 1


def test_a_read_cancelled_before_it_starts_never_runs(service: LedgerService) -> None:
    reads = LedgerReads(service.database)
    cancel = ReadCancel()
    cancel.cancel()
    with pytest.raises(ReadCancelledError):
        reads.count(INSPECTIONS, LedgerQuery(), TODAY, cancel)
    with pytest.raises(ReadCancelledError):
        reads.page(INSPECTIONS, LedgerQuery(text="抽检"), TODAY, cancel=cancel)
    assert reads.count(INSPECTIONS, LedgerQuery(), TODAY, ReadCancel()) == 0


def test_pickers_progress_and_status(service: LedgerService, enterprise_id: str) -> None:
    reads = LedgerReads(service.database)
    found = reads.enterprises("ma2h")
    assert [choice.id for choice in found] == [enterprise_id]
    assert reads.enterprise_label(enterprise_id) == found[0].label
    assert reads.enterprise_label("missing") == "missing"
    project = service.create(
        "projects",
        {
            "category_code": "DEMO_AGRI_STANDARDIZATION",
            "name": "示范基地",
            "level": "county",
            "lead_unit": "罗阳镇农办",
            "start_date": "2021-01-01",
        },
    ).record
    assert [p.name for p in reads.projects()] == ["示范基地"]
    assert reads.project_name(str(project["id"])) == "示范基地"
    assert reads.progress_series(str(project["id"])) == []
    status = reads.status(("inspections", "enterprises"))
    assert status.counts == {"inspections": 0, "enterprises": 1}
    assert status.last_export is None and status.last_import is None


def test_history_and_reference_names(service: LedgerService, enterprise_id: str) -> None:
    reads = LedgerReads(service.database)
    assert [entry["action"] for entry in reads.history(enterprise_id)] == ["create"]
    assert reads.history(enterprise_id) == service.history(enterprise_id)
    names = reads.reference_names()
    assert names.townships["330329100000"] == "罗阳镇"
    assert names.categories and names.targets


def test_the_expiry_setting_is_read_again_after_a_commit(service: LedgerService) -> None:
    """The warning days are kept between reads (one query less a keystroke) until anyone
    commits — a new setting (as a county's package brings) applies to the next page."""
    from desktop.models import Setting
    from desktop.services import expiry

    reads = LedgerReads(service.database)
    first = reads.page(INSPECTIONS, LedgerQuery(limit=3), TODAY)
    assert first.warning_days == expiry.EXPIRY_WARNING_DAYS
    assert reads.page(INSPECTIONS, LedgerQuery(limit=3), TODAY).warning_days == first.warning_days
    with service.database.session() as session:
        row = session.get(Setting, expiry.SETTING)
        if row is None:
            session.add(Setting(key=expiry.SETTING, value="45", hlc=0))
        else:
            row.value = "45"
    assert reads.page(INSPECTIONS, LedgerQuery(limit=3), TODAY).warning_days == 45
    assert reads.warning_days() == 45


def test_reading_connections_keep_more_pages(service: LedgerService) -> None:
    """The connection a page or a count was read on keeps READ_CACHE_KIB of pages."""
    from desktop.services.reads import READ_CACHE_KIB

    reads = LedgerReads(service.database)
    reads.page(INSPECTIONS, LedgerQuery(limit=3), TODAY)
    reads.count(INSPECTIONS, LedgerQuery(), TODAY)
    with service.database.session() as session:
        connection = session.connection()
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -READ_CACHE_KIB
