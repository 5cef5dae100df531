"""Package files on disk: naming, atomic writes, and the outbox bookkeeping of sequences."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.errors import UsageError
from desktop.models import SyncOutbox

EXTENSION = ".qdpkg"


def previous_month(today: date) -> str:
    """The reporting month a package made today usually covers: the month just ended."""
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year:04d}-{month:02d}"


def last_sent(session: Session, kind: str) -> SyncOutbox | None:
    return session.scalar(
        select(SyncOutbox)
        .where(SyncOutbox.kind == kind)
        .order_by(SyncOutbox.sequence.desc())
        .limit(1)
    )


def watermark(session: Session, kind: str) -> int:
    """The highest clock value already exported in packages of ``kind``."""
    return int(
        session.scalar(select(func.max(SyncOutbox.hlc_to)).where(SyncOutbox.kind == kind)) or 0
    )


def target_path(out: Path, name: str) -> Path:
    """``out`` itself when it names a file, else ``out/name`` (folder created)."""
    if out.suffix.lower() in (EXTENSION, ".zip"):
        out.parent.mkdir(parents=True, exist_ok=True)
        return out
    out.mkdir(parents=True, exist_ok=True)
    return out / name


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename, so no half file is ever left."""
    temporary = path.with_name(path.name + ".part")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise UsageError(f"无法写入 {path}:{error}", f"cannot write {path}: {error}") from error
