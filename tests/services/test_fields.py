"""Each ledger spec owns its rules: every name a rule mentions is a field, and the rules hold."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.services.fields import (
    CERTIFICATIONS,
    ENTERPRISES,
    INSPECTIONS,
    LEDGERS,
    PROJECTS,
    LedgerSpec,
    row_state_text,
)

TODAY = date(2022, 6, 15)


@pytest.mark.parametrize("spec", list(LEDGERS.values()), ids=list(LEDGERS))
def test_every_rule_names_real_fields(spec: LedgerSpec) -> None:
    names = set(spec.field_names)
    assert set(spec.search_fields) <= names
    assert set(spec.remembered) <= names
    assert {name for name, _ in spec.defaults} <= names
    assert set(spec.hidden_columns) <= names
    assert set(spec.form_only) <= names
    for rule in spec.unique:
        assert set(rule.fields) <= names and rule.field in names
    for child in spec.children:
        assert child.link in LEDGERS[child.ledger].field_names
    assert not {f.name for f in spec.table_fields} & set(spec.form_only)


def test_row_states() -> None:
    pending = {"rectification_status": "pending", "rectification_deadline": "2022-06-14"}
    assert INSPECTIONS.state(pending, TODAY) == "overdue"
    assert INSPECTIONS.state({**pending, "rectification_deadline": "2022-06-15"}, TODAY) is None
    assert CERTIFICATIONS.state({"expiry_date": "2022-07-01"}, TODAY, 30) == "expiring"
    assert CERTIFICATIONS.state({"expiry_date": "2022-07-01"}, TODAY, 10) is None
    assert CERTIFICATIONS.state({"expiry_date": "2022-06-01"}, TODAY) == "expired"
    assert ENTERPRISES.state({}, TODAY) is None and PROJECTS.state({}, TODAY) is None
    assert row_state_text("expiring", "zh", 90) == "90天内到期"
    assert row_state_text("expiring", "en", 30) == "Expires within 30 days"
    assert row_state_text(None, "zh") is None


def test_derived_values() -> None:
    assert INSPECTIONS.prepare is not None and INSPECTIONS.derive is not None
    data: dict[str, object] = {"batches_sampled": "3", "batches_passed": "2"}
    INSPECTIONS.prepare(data)
    assert data["result"] == "fail"
    cleaned: dict[str, object] = {"rectification_required": True}
    INSPECTIONS.derive(cleaned, None)
    assert cleaned["rectification_status"] == "pending"
