"""Package files on disk: naming, atomic writes, and the outbox bookkeeping of sequences."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop import files, output_paths
from desktop.errors import UsageError
from desktop.models import Installation, SyncOutbox

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


@dataclass(frozen=True)
class NextInChain:
    """Where the next package of a kind stands in this office's chain of packages."""

    sequence: int
    """1 for the first package of the kind, else one past the last one sent."""
    previous_sha256: str | None
    """The manifest digest of the last package sent (None for the first)."""


def next_in_chain(session: Session, kind: str) -> NextInChain:
    """The sequence number and previous digest of the next package of ``kind``."""
    last = last_sent(session, kind)
    if last is None:
        return NextInChain(1, None)
    return NextInChain(last.sequence + 1, last.manifest_sha256)


def watermark(session: Session, kind: str) -> int:
    """The highest clock value already exported in packages of ``kind``.

    Packages whose range lies past this installation's clock are void: their rows were
    re-stamped after a clock that ran ahead was corrected (:mod:`desktop.sync.restamp`) and
    travel again in the next package.
    """
    clock = select(Installation.hlc_last).scalar_subquery()
    return int(
        session.scalar(
            select(func.max(SyncOutbox.hlc_to)).where(
                SyncOutbox.kind == kind, SyncOutbox.hlc_to <= func.coalesce(clock, 0)
            )
        )
        or 0
    )


def target_path(out: Path, name: str) -> Path:
    """``out`` itself when it names a file, else ``out/name`` (folder created).

    A path that is a file where a folder is needed (or the reverse), below a file, read-only or
    on a missing drive is refused with a one-line reason (:mod:`desktop.output_paths`).
    """
    checked, is_file = output_paths.file_or_folder(out, (EXTENSION, ".zip"))
    if is_file:
        return checked
    path = checked / name
    if path.is_dir():
        raise UsageError(f"{path} 是一个文件夹", f"{path} is a folder")
    return path


def write_atomically(path: Path, data: bytes) -> None:
    """Write a package file whole or not at all (:func:`desktop.files.write_bytes`)."""
    files.write_bytes(path, data)
