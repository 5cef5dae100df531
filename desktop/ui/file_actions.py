"""After a file is written (the monthly package, a backup): show it to the clerk as a person
would want it — 打开文件夹 opens the folder in the file manager with the file there, 复制到U盘
copies it to a removable drive chosen from the ones plugged in — instead of a long path into a
hidden AppData folder.

Removable drives are found through ``QStorageInfo``: mounted, ready, writable volumes that are not
the system's own (not the root or the drive Windows runs from), FAT/exFAT ones or those under
``/media``, ``/run/media`` or ``/mnt`` first. The copy goes to a temporary name and is renamed, so
a stick pulled out mid-copy never holds half a package under the real name.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStorageInfo, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QWidget,
)

REMOVABLE_FILESYSTEMS = {"vfat", "fat", "fat32", "msdos", "exfat", "fuseblk", "ntfs", "ntfs3"}
REMOVABLE_ROOTS = ("/media/", "/run/media/", "/mnt/", "/Volumes/")


@dataclass(frozen=True)
class Volume:
    """A drive files can be copied to."""

    root: Path
    name: str
    free_bytes: int

    def label(self) -> str:
        free = self.free_bytes / 1024**3
        return f"{self.name} ({self.root})  {free:.1f} GB"


def removable_volumes(storages: list[QStorageInfo] | None = None) -> list[Volume]:
    """Mounted, ready, writable drives that are likely USB sticks."""
    system_drive = (
        Path(os.environ.get("SYSTEMDRIVE", "C:") + "\\") if sys.platform == "win32" else None
    )
    found = []
    for storage in storages if storages is not None else QStorageInfo.mountedVolumes():
        if not storage.isValid() or not storage.isReady() or storage.isReadOnly():
            continue
        root = storage.rootPath()
        if storage.isRoot() or (system_drive is not None and Path(root) == system_drive):
            continue
        kind = bytes(storage.fileSystemType().data()).decode(errors="replace").lower()
        if sys.platform == "win32":
            likely = True  # drive letters other than the system's: sticks, card readers
        else:
            likely = root.startswith(REMOVABLE_ROOTS) or (
                kind in REMOVABLE_FILESYSTEMS and not root.startswith(("/boot", "/efi"))
            )
        if not likely:
            continue
        name = storage.displayName() or storage.name() or root
        found.append(Volume(Path(root), name, int(storage.bytesAvailable())))
    return found


def copy_to(file: Path, folder: Path) -> Path:
    """Copy ``file`` into ``folder`` (temporary name, then rename); returns the copy."""
    target = folder / file.name
    temporary = folder / (file.name + ".part")
    shutil.copyfile(file, temporary)
    with open(temporary, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, target)
    return target


def open_folder(path: Path) -> bool:
    """Open the folder holding ``path`` (or ``path`` itself when it is a folder)."""
    folder = path if path.is_dir() else path.parent
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))


class FileDoneBar(QWidget):
    """The written file's name with 打开文件夹 and 复制到U盘."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.file: Path | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.name = QLabel()
        self.name.setWordWrap(True)
        layout.addWidget(self.name, 1)
        self.open_button = QPushButton(self.tr("Open folder"))
        self.open_button.clicked.connect(self.open_folder)
        layout.addWidget(self.open_button)
        self.copy_button = QPushButton(self.tr("Copy to USB drive…"))
        self.copy_button.clicked.connect(self.choose_drive)
        layout.addWidget(self.copy_button)
        self.copied: Path | None = None
        self.menu: QMenu | None = None
        self.volumes: list[Volume] | None = None
        """Override of the drives offered (tests)."""
        self.hide()

    def show_file(self, file: Path) -> None:
        self.file = file
        self.name.setText(self.tr("Written: {name}").format(name=file.name))
        self.name.setToolTip(str(file))
        self.show()

    def open_folder(self) -> bool:
        return self.file is not None and open_folder(self.file)

    def choose_drive(self) -> QMenu:
        menu = QMenu(self)
        volumes = self.volumes if self.volumes is not None else removable_volumes()
        if not volumes:
            action = menu.addAction(self.tr("No USB drive found: plug one in and try again"))
            action.setEnabled(False)
        for volume in volumes:
            action = menu.addAction(volume.label())
            action.triggered.connect(lambda _checked=False, v=volume: self.copy_to(v.root))
        menu.popup(self.copy_button.mapToGlobal(self.copy_button.rect().bottomLeft()))
        self.menu = menu
        return menu

    def copy_to(self, folder: Path) -> Path | None:
        if self.file is None:
            return None
        try:
            self.copied = copy_to(self.file, folder)
        except OSError as error:
            self.name.setText(
                self.tr("Could not copy to {folder}: {reason}").format(
                    folder=folder, reason=error.strerror or error
                )
            )
            return None
        self.name.setText(
            self.tr("Copied to {path}. Remove the drive safely before pulling it out.").format(
                path=self.copied
            )
        )
        return self.copied
