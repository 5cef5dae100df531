"""Writes through the services: validation, sync identity, clock, audit, tombstones, owners."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from desktop.db import Database
from desktop.errors import UsageError, ValidationError
from desktop.ids import id_tag, owner_tag
from desktop.models import AuditEntry, Inspection
from desktop.services.ledger import LedgerService
from desktop.services.office import Office, init_office
from tests.conftest import OTHER_TOWNSHIP, TOWNSHIP, VALID_CODES


def _inspection(enterprise: str, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "category_code": "INS_PRODUCT_QUALITY_SPOT_CHECK",
        "inspection_date": "2022-05-01",
        "enterprise_id": enterprise,
        "subject": "竹砧板",
        "batches_sampled": 3,
        "batches_passed": 2,
        "failing_items": [{"item": "甲醛", "measured": "0.9", "limit": "≤0.5", "unit": "mg/L"}],
        "rectification_required": True,
        "rectification_deadline": "2022-06-01",
    }
    data.update(overrides)
    return data


def _audit_count(database: Database) -> int:
    with database.session() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def _errors(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {e.field: e.code for e in excinfo.value.errors}


def test_create_sets_sync_identity_and_defaults(service: LedgerService, enterprise_id: str) -> None:
    record = service.create("inspections", _inspection(enterprise_id)).record
    assert len(record["id"]) == 36 and record["id"][14] == "8"  # owner-qualified UUIDv8
    assert id_tag(record["id"]) == owner_tag(record["owner"])
    assert record["owner"] == TOWNSHIP
    assert record["township_code"] == TOWNSHIP
    assert record["origin"] == service.office.installation_id
    assert record["hlc"] > 0 and record["base_hlc"] is None and record["deleted"] is False
    assert record["result"] == "fail"  # derived from 2 of 3 batches passing
    assert record["rectification_status"] == "pending"
    assert record["created_by"] == "张三"


def test_update_changes_only_given_fields_and_advances_clock(
    service: LedgerService, enterprise_id: str
) -> None:
    created = service.create("inspections", _inspection(enterprise_id)).record
    result = service.update(
        created["id"], {"rectification_closed_date": "2022-05-20", "rectification_status": "done"}
    )
    assert set(result.changed_fields) == {"rectification_closed_date", "rectification_status"}
    assert result.record["subject"] == "竹砧板"
    assert result.record["hlc"] > created["hlc"]
    assert result.record["base_hlc"] == created["hlc"]


def test_unchanged_update_writes_nothing(service: LedgerService, enterprise_id: str) -> None:
    created = service.create("inspections", _inspection(enterprise_id)).record
    before = _audit_count(service.database)
    result = service.update(created["id"], {"subject": "竹砧板"})
    assert result.changed_fields == ()
    assert _audit_count(service.database) == before


def test_delete_is_a_tombstone_with_audit(service: LedgerService, enterprise_id: str) -> None:
    created = service.create("inspections", _inspection(enterprise_id)).record
    service.delete(created["id"], reason="重复录入")
    with service.database.session() as session:
        row = session.get(Inspection, created["id"])
        assert row is not None and row.deleted
    history = service.history(created["id"])
    assert [h["action"] for h in history] == ["create", "delete"]
    assert history[1]["reason"] == "重复录入"
    with pytest.raises(UsageError):
        service.update(created["id"], {"subject": "x"})


def test_audit_records_before_and_after(service: LedgerService, enterprise_id: str) -> None:
    created = service.create("inspections", _inspection(enterprise_id)).record
    service.update(created["id"], {"subject": "竹筷"}, reason="笔误")
    history = service.history(created["id"])
    assert history[-1]["before"]["subject"] == "竹砧板"
    assert history[-1]["after"]["subject"] == "竹筷"
    assert history[-1]["changed_fields"] == ["subject"]
    assert history[-1]["actor"] == "张三"


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"inspection_date": "2022-02-30"}, "inspection_date", "date"),
        ({"inspection_date": "01/05/2022"}, "inspection_date", "date"),
        ({"inspection_date": "2099-01-01"}, "inspection_date", "date_range"),
        (
            {"rectification_deadline": "2022-04-01"},
            "rectification_deadline",
            "deadline_before_inspection",
        ),
        ({"batches_passed": 4}, "batches_passed", "passed_above_sampled"),
        ({"category_code": "INS_NOPE"}, "category_code", "unknown"),
        ({"category_code": "BRAND_CITY"}, "category_code", "wrong_group"),
        ({"township_code": "330329999000"}, "township_code", "unknown"),
        ({"subject": "茶" * 201}, "subject", "too_long"),
        ({"subject": "  "}, "subject", "required"),
        ({"subject": "竹\x00砧板"}, "subject", "control"),
        ({"batches_sampled": "three"}, "batches_sampled", "type"),
        ({"result": "maybe"}, "result", "choice"),
        ({"enterprise_id": "no-such-id"}, "enterprise_id", "unknown"),
        ({"colour": "red"}, "colour", "unknown_field"),
    ],
)
def test_bad_input_is_refused_with_field_error_and_nothing_written(
    service: LedgerService, enterprise_id: str, overrides: dict[str, object], field: str, code: str
) -> None:
    before = _audit_count(service.database)
    with pytest.raises(ValidationError) as excinfo:
        service.create("inspections", _inspection(enterprise_id, **overrides))
    assert _errors(excinfo).get(field) == code
    error = excinfo.value.for_field(field)[0]
    if overrides.get("inspection_date") == "2022-02-30":
        assert "没有这一天" in error.message_zh  # not "format": the day does not exist
    assert error.message_zh and error.message_en
    assert _audit_count(service.database) == before
    with service.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Inspection)) == 0


def test_all_problems_are_reported_together(service: LedgerService) -> None:
    with pytest.raises(ValidationError) as excinfo:
        service.create("inspections", {"subject": ""})
    fields = set(_errors(excinfo))
    assert {"category_code", "inspection_date", "subject", "batches_sampled"} <= fields


def test_bad_check_digit_is_an_overridable_warning(service: LedgerService) -> None:
    with pytest.raises(ValidationError) as excinfo:
        service.create("enterprises", {"credit_code": "91330329MA2H00006K", "name": "甲公司"})
    assert excinfo.value.only_overridable
    record = service.create(
        "enterprises",
        {
            "credit_code": "91330329MA2H00006K",
            "name": "甲公司",
            "credit_code_override_reason": "营业执照原件如此",
        },
    ).record
    assert record["credit_code_override_reason"] == "营业执照原件如此"


def test_malformed_credit_code_is_refused_unless_a_reason_is_recorded(
    service: LedgerService,
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        service.create("enterprises", {"credit_code": "330329000012345", "name": "乙个体户"})
    assert _errors(excinfo) == {"credit_code": "malformed"}
    assert excinfo.value.only_overridable
    record = service.create(
        "enterprises",
        {
            "credit_code": "330329000012345",
            "name": "乙个体户",
            "credit_code_override_reason": "2015年前旧版注册号,尚未换证",
        },
    ).record
    assert record["credit_code"] == "330329000012345"
    with pytest.raises(ValidationError) as excinfo:
        service.create(
            "enterprises",
            {"credit_code": "9" * 19, "name": "丙", "credit_code_override_reason": "x"},
        )
    assert not excinfo.value.only_overridable


def test_full_width_credit_code_is_stored_normalised(service: LedgerService) -> None:
    record = service.create(
        "enterprises", {"credit_code": "９２３３０３２９ｍａ２ｈ０００１４ａ", "name": "丙公司"}
    ).record
    assert record["credit_code"] == VALID_CODES[1]


def test_duplicate_enterprise_is_refused(service: LedgerService, enterprise_id: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        service.create("enterprises", {"credit_code": VALID_CODES[0], "name": "重复公司"})
    assert _errors(excinfo) == {"credit_code": "duplicate"}


def test_township_office_records_only_its_township(
    service: LedgerService, enterprise_id: str
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        service.create("inspections", _inspection(enterprise_id, township_code=OTHER_TOWNSHIP))
    assert _errors(excinfo) == {"township_code": "not_own_township"}


def test_only_the_owner_may_edit(tmp_path, service: LedgerService, enterprise_id: str) -> None:  # type: ignore[no-untyped-def]
    other_db = Database.for_data_dir(tmp_path / "other")
    other = init_office(other_db, township_code=OTHER_TOWNSHIP, operator="李四")
    created = service.create("inspections", _inspection(enterprise_id)).record
    foreign = Office(other.installation_id, other.kind, OTHER_TOWNSHIP, None, "李四")
    with pytest.raises(UsageError):
        LedgerService(service.database, foreign).update(created["id"], {"subject": "x"})
    other_db.dispose()


def test_project_progress_unique_per_month_and_project_delete_guard(service: LedgerService) -> None:
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
    progress = {"project_id": project["id"], "period": "2020-04", "percent_complete": 10}
    service.create("project_progress", progress)
    with pytest.raises(ValidationError) as excinfo:
        service.create("project_progress", progress)
    assert _errors(excinfo) == {"period": "duplicate"}
    with pytest.raises(UsageError):
        service.delete(project["id"])


def test_clock_is_strictly_increasing_even_with_a_frozen_wall_clock(
    township_db: tuple[Database, Office], enterprise_id: str
) -> None:
    database, office = township_db
    frozen = LedgerService(database, office, wall_ms=lambda: 1_000)
    values = [
        frozen.create(
            "manual_statistics",
            {
                "target_id": "air_quality_good_rate",
                "value": v,
                "as_of": date(2022, 1, 1),
                "source": "环保局",
            },
        ).record["hlc"]
        for v in (96, 97, 98)
    ]
    assert values == sorted(values) and len(set(values)) == 3


def test_pass_result_with_failed_batches_is_refused(
    service: LedgerService, enterprise_id: str
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        service.create("inspections", _inspection(enterprise_id, result="pass"))
    assert _errors(excinfo) == {"result": "pass_with_failed_batches"}


@pytest.mark.parametrize("typed", ["20220105", "2022/1/5", "2022.01.05", "２０２２年１月５日"])
def test_dates_typed_as_clerks_type_them_are_stored_as_iso(
    service: LedgerService, enterprise_id: str, typed: str
) -> None:
    result = service.create("inspections", _inspection(enterprise_id, inspection_date=typed))
    assert result.record["inspection_date"] == "2022-01-05"


def test_create_many_writes_every_record_in_one_transaction(
    service: LedgerService, enterprise_id: str
) -> None:
    audits = _audit_count(service.database)
    results = service.create_many(
        "inspections", [_inspection(enterprise_id), _inspection(enterprise_id, subject="茶叶")]
    )
    assert [r.record["subject"] for r in results] == ["竹砧板", "茶叶"]
    assert results[0].record["hlc"] < results[1].record["hlc"]
    assert all(id_tag(r.record["id"]) == owner_tag(TOWNSHIP) for r in results)
    assert _audit_count(service.database) == audits + 2


def test_create_many_writes_nothing_when_one_record_is_refused(
    service: LedgerService, enterprise_id: str
) -> None:
    from desktop.services.ledger import BatchRecordError

    audits = _audit_count(service.database)
    batch = [_inspection(enterprise_id), _inspection(enterprise_id, batches_passed=9)]
    with pytest.raises(BatchRecordError) as excinfo:
        service.create_many("inspections", batch)
    assert excinfo.value.number == 2
    assert isinstance(excinfo.value.error, ValidationError)
    assert excinfo.value.exit_code == 2
    assert "第 2 条记录" in excinfo.value.message_zh and "record 2" in excinfo.value.message_en
    with pytest.raises(BatchRecordError) as by_line:
        service.create_many("inspections", batch, line_numbers=[3, 7])
    assert by_line.value.number == 7 and "第 7 行" in by_line.value.message_zh
    assert _audit_count(service.database) == audits
    with service.database.session() as session:
        assert session.scalar(select(func.count()).select_from(Inspection)) == 0


def test_create_many_checks_each_record_against_the_ones_before(service: LedgerService) -> None:
    from desktop.services.ledger import BatchRecordError

    same = {"credit_code": VALID_CODES[1], "name": "泰顺县罗阳茗香茶业有限公司"}
    with pytest.raises(BatchRecordError) as excinfo:
        service.create_many("enterprises", [same, {**same, "name": "另一个名字"}])
    assert excinfo.value.number == 2
    assert isinstance(excinfo.value.error, ValidationError)
    assert "credit_code" in {e.field for e in excinfo.value.error.errors}
