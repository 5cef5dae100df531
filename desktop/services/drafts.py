"""Drafts of entry forms not yet saved, so a power cut or a crash loses nothing typed.

An open form writes what it holds to one small JSON file a moment after each change, through
:mod:`desktop.files` (temporary name, fsync, rename: a power cut leaves the old draft or the new
one, never half a file); saving the record or choosing 不保存 removes it. At the next start, the
drafts left behind are offered again. One file per form: ``new-<ledger>.json`` for a new record,
``edit-<id>.json`` for an edit, in ``DATA/drafts/``. No Qt.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop import files
from desktop.errors import StorageError

DRAFTS_FOLDER = "drafts"
DRAFT_VERSION = 1
_SAFE = re.compile(r"[^A-Za-z0-9_.-]")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Draft:
    """What a form held: its ledger, the record it edits (None for a new one), the values."""

    ledger: str
    record_id: str | None
    values: dict[str, Any]
    saved_at: datetime

    @property
    def key(self) -> str:
        return draft_key(self.ledger, self.record_id)


def draft_key(ledger: str, record_id: str | None) -> str:
    """The file stem of a form's draft."""
    raw = f"edit-{record_id}" if record_id else f"new-{ledger}"
    return _SAFE.sub("_", raw)


class DraftStore:
    """The drafts of one data folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> DraftStore:
        return cls(data_dir / DRAFTS_FOLDER)

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def save(
        self,
        ledger: str,
        record_id: str | None,
        values: Mapping[str, Any],
        now: datetime | None = None,
    ) -> None:
        """Write (or replace) the draft of a form; failures are logged, never raised (a draft
        must not stop the clerk from typing)."""
        stamp = (now or datetime.now()).replace(microsecond=0)
        body = {
            "version": DRAFT_VERSION,
            "ledger": ledger,
            "record_id": record_id,
            "saved_at": stamp.isoformat(),
            "values": dict(values),
        }
        key = draft_key(ledger, record_id)
        path = self._path(key)
        data = json.dumps(body, ensure_ascii=False, default=str).encode("utf-8")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            files.write_bytes(path, data)
        except (OSError, StorageError):
            log.warning("could not write the draft %s", path, exc_info=True)

    def load(self, ledger: str, record_id: str | None) -> Draft | None:
        """The draft of that form, or None (also for an unreadable file, which is dropped)."""
        return self._read(self._path(draft_key(ledger, record_id)))

    def discard(self, ledger: str, record_id: str | None) -> None:
        path = self._path(draft_key(ledger, record_id))
        try:
            path.unlink(missing_ok=True)
        except OSError:
            log.warning("could not remove the draft %s", path, exc_info=True)

    def all(self) -> list[Draft]:
        """Every readable draft, oldest first."""
        if not self.folder.is_dir():
            return []
        drafts = [self._read(path) for path in sorted(self.folder.glob("*.json"))]
        return sorted((d for d in drafts if d is not None), key=lambda d: d.saved_at)

    def _read(self, path: Path) -> Draft | None:
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
            draft = Draft(
                ledger=str(body["ledger"]),
                record_id=str(body["record_id"]) if body.get("record_id") else None,
                values=dict(body["values"]),
                saved_at=datetime.fromisoformat(str(body["saved_at"])),
            )
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("dropping an unreadable draft %s", path, exc_info=True)
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
            return None
        return draft
