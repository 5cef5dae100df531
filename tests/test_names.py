"""The light names of desktop.names equal what the models and ledger fields say."""

from __future__ import annotations

from desktop import names
from desktop.models import COUNTY_OWNER, LEDGER_MODELS, OFFICE_COUNTY, OFFICE_TOWNSHIP
from desktop.services.fields import LEDGERS


def test_ledger_tables_are_the_models_in_their_order() -> None:
    assert tuple(LEDGER_MODELS) == names.LEDGER_TABLES
    assert tuple(LEDGERS) == names.LEDGER_TABLES  # the order the command line lists them in


def test_ledger_labels_are_the_fields_labels() -> None:
    assert {name: spec.label_zh for name, spec in LEDGERS.items()} == names.LEDGER_LABELS_ZH


def test_office_names_are_the_models() -> None:
    assert (COUNTY_OWNER, OFFICE_COUNTY, OFFICE_TOWNSHIP) == (
        names.COUNTY_OWNER,
        names.OFFICE_COUNTY,
        names.OFFICE_TOWNSHIP,
    )


def test_sync_columns_are_the_columns_sync_record_declares() -> None:
    from desktop.models import SyncRecord

    declared = [name for name in SyncRecord.__annotations__ if not name.startswith("__")]
    assert tuple(declared) == names.SYNC_COLUMNS
