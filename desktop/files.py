"""Files written whole or not at all: every report, package, PDF and backup goes through here.

:func:`atomic_path` hands out a temporary name beside the target; when the caller has written
it, the temporary file is flushed to the disk (``fsync``), renamed over the target in one step
and the folder entry flushed too. A failure — a full disk, a pulled USB stick, a read-only
folder — leaves the previous file as it was, removes the temporary one and raises one
:class:`~desktop.errors.StorageError` saying which file could not be written.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from desktop import storage_errors
from desktop.errors import QualityDeskError, StorageError
from desktop.storage_errors import StorageFailureError, StorageKind


def write_failure(path: Path, error: OSError) -> StorageError:
    """The clerk's message for a file that could not be written: which file, and why in the
    words of :mod:`desktop.storage_errors` (disk full, read-only, …) where it knows the cause."""
    reason = error.strerror or str(error)
    known = storage_errors.classify(error)
    if isinstance(known, StorageFailureError) and known.kind is not StorageKind.OTHER:
        zh, en = f"{known.message_zh}（{reason}）", f"{known.message_en} ({reason})"
    else:
        zh = en = reason
    failure = StorageError(f"无法写入 {path}：{zh}", f"cannot write {path}: {en}")
    return failure


def temporary_name(path: Path) -> Path:
    """The temporary file beside ``path`` (hidden, and per process so two writers never share)."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def _flush(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _flush_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows cannot open a folder and needs not)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``path`` whole.

    ``OSError`` inside the block or while replacing becomes :func:`write_failure`; other errors
    pass unchanged. Either way the temporary file is gone afterwards.
    """
    temporary = temporary_name(path)
    with contextlib.suppress(OSError):
        temporary.unlink()  # left by a writer killed with this process id
    try:
        yield temporary
        _flush(temporary)
        os.replace(temporary, path)
        with contextlib.suppress(OSError):
            _flush_folder(path.parent)
    except QualityDeskError:
        raise
    except OSError as error:
        raise write_failure(path, error) from error
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all."""
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)
