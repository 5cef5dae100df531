"""Where a command may write: every ``--out`` path checked before any work, with a one-line reason.

A clerk types or picks the path; a USB stick may be pulled out (``E:`` gone), a name may already be
a file where a folder is meant or the reverse, a folder may be read-only. Each is refused up front
as a :class:`~desktop.errors.UsageError` (or :class:`~desktop.errors.StorageError` for media that
refuse writing), exit code 2, naming the path — never a traceback, never half a file.

Missing folders below an existing one are created (``--out D:\\质量台账\\2026-11``); a missing drive
or mount point is not (creating ``/media/usb`` on the system disk would hide the file).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from desktop.errors import StorageError, UsageError


def _first_existing(path: Path) -> Path | None:
    """``path`` or its nearest ancestor that exists (None when not even the root does)."""
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return None


def _no_drive(path: Path) -> UsageError:
    return UsageError(
        f"找不到 {path.anchor or path} 所在的磁盘或U盘（是否已拔出？）：{path}",
        f"the drive of {path} is not there (USB stick pulled out?): {path}",
    )


def _below_a_file(path: Path, blocker: Path) -> UsageError:
    return UsageError(
        f"{blocker} 是一个文件，不是文件夹，无法写入 {path}",
        f"{blocker} is a file, not a folder, so {path} cannot be written",
    )


def _read_only(folder: Path) -> StorageError:
    return StorageError(
        f"无法写入文件夹（只读或没有权限）：{folder}",
        f"cannot write to the folder (read-only or no permission): {folder}",
    )


def _prepare_folder(folder: Path, target: Path) -> Path:
    """Create ``folder`` (and missing parents below an existing one); check it is writable."""
    found = _first_existing(folder)
    if found is None or (found != folder and found == Path(found.anchor) and folder.drive):
        raise _no_drive(target)
    if not found.is_dir():
        raise _below_a_file(target, found)
    if (
        os.name == "posix"
        and folder.is_absolute()
        and len(folder.parts) > 2
        and found == Path(folder.anchor)
    ):
        # /media/usb/... with /media missing: a mount point that is not there
        raise _no_drive(target)
    if found != folder:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except PermissionError:
            raise _read_only(found) from None
        except OSError as error:
            raise UsageError(
                f"无法创建文件夹 {folder}：{error.strerror or error}",
                f"cannot create the folder {folder}: {error.strerror or error}",
            ) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _read_only(folder)
    return folder


def output_folder(path: Path) -> Path:
    """A folder to write into: created when missing, refused when it is a file or read-only."""
    path = path.expanduser()
    if path.exists() and not path.is_dir():
        raise UsageError(
            f"{path} 是一个文件，这里需要一个文件夹", f"{path} is a file; a folder is needed here"
        )
    return _prepare_folder(path, path)


def output_file(path: Path, suffixes: Iterable[str] = ()) -> Path:
    """A file to write: its folder prepared, refused when it is a folder or ends wrongly.

    ``suffixes`` (lower case, with the dot) lists the endings allowed, when any.
    """
    path = path.expanduser()
    allowed = tuple(suffixes)
    if allowed and path.suffix.lower() not in allowed:
        raise UsageError(
            f"输出文件应以 {' 或 '.join(allowed)} 结尾：{path}",
            f"the output file must end in {' or '.join(allowed)}: {path}",
        )
    if path.is_dir():
        raise UsageError(
            f"{path} 是一个文件夹，这里需要一个文件名", f"{path} is a folder; a file name is needed"
        )
    _prepare_folder(path.parent if str(path.parent) else Path("."), path)
    return path


def file_or_folder(path: Path, suffixes: Iterable[str]) -> tuple[Path, bool]:
    """``--out`` that may name either: a file when it ends in one of ``suffixes``.

    Returns the checked path and whether it names a file.
    """
    allowed = tuple(suffixes)
    expanded = path.expanduser()
    if expanded.suffix.lower() in allowed and not expanded.is_dir():
        return output_file(expanded, allowed), True
    return output_folder(expanded), False
