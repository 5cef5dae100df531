"""Drafts of unsaved forms: written atomically, read back, listed, dropped when unreadable."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from desktop.services.drafts import DraftStore, draft_key


def test_a_draft_round_trips_and_is_discarded(tmp_path: Path) -> None:
    store = DraftStore.for_data_dir(tmp_path)
    values = {"subject": "野生红茶", "batches_sampled": "3", "failing_items": [{"item": "铅"}]}
    store.save("inspections", None, values, now=datetime(2026, 11, 21, 10, 32, 5, 99))
    draft = store.load("inspections", None)
    assert draft is not None
    assert draft.values == values
    assert draft.saved_at == datetime(2026, 11, 21, 10, 32, 5)
    assert draft.record_id is None and draft.key == "new-inspections"
    assert [d.key for d in store.all()] == ["new-inspections"]
    store.discard("inspections", None)
    assert store.load("inspections", None) is None
    assert store.all() == []


def test_edits_have_drafts_of_their_own(tmp_path: Path) -> None:
    store = DraftStore.for_data_dir(tmp_path)
    store.save("inspections", None, {"subject": "a"}, now=datetime(2026, 1, 2))
    store.save("inspections", "0190-ab", {"subject": "b"}, now=datetime(2026, 1, 1))
    assert [d.values["subject"] for d in store.all()] == ["b", "a"]  # oldest first
    assert store.load("inspections", "0190-ab") is not None
    assert draft_key("x", "../../etc") == "edit-.._.._etc"  # never a path outside the folder


def test_no_temporary_file_is_left_and_a_broken_draft_is_dropped(tmp_path: Path) -> None:
    store = DraftStore.for_data_dir(tmp_path)
    store.save("enterprises", None, {"name": "茗香"})
    assert [p.name for p in store.folder.iterdir()] == ["new-enterprises.json"]
    (store.folder / "new-enterprises.json").write_text('{"ledger": "enterpr', encoding="utf-8")
    assert store.load("enterprises", None) is None
    assert not (store.folder / "new-enterprises.json").exists()


def test_an_unwritable_folder_does_not_raise(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = DraftStore(blocker / "drafts")  # a folder that cannot be created
    store.save("inspections", None, {"subject": "x"})
    assert store.all() == []
