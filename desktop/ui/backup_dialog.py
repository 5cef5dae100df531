"""文件 → 备份 / 恢复 in the window (the command line has ``backup`` and ``restore``).

备份 copies the database (SQLite backup API) into the data folder's ``backups/`` — or a folder the
clerk picks — under a name with the office's township name and code and the time, then offers
打开文件夹 and 复制到U盘. 恢复 picks a backup, says what it holds (office, records), asks, saves
the current database first, puts the backup in place and reopens the window on it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import backup
from desktop.errors import QualityDeskError
from desktop.paths import backups_dir
from desktop.services.office import Office
from desktop.ui.file_actions import FileDoneBar
from desktop.ui.geometry import fit_window


def backup_file_name(office: Office, now: datetime | None = None) -> str:
    """``quality-desk-20261121-103000-罗阳镇-330329100000.sqlite3`` (county: 县级)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    who = f"{office.township_name}-{office.township_code}" if office.township_code else "县级"
    return f"{backup.BACKUP_PREFIX}{stamp}-{who}{backup.BACKUP_SUFFIX}"


class BackupDialog(QDialog):
    """Back the database up now, to the backups folder or another one."""

    def __init__(
        self,
        database_file: Path,
        office: Office,
        report: Callable[[BaseException, QWidget | None], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database_file = database_file
        self.office = office
        self.report = report
        self.written: Path | None = None
        self.setWindowTitle(self.tr("Back up"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "A copy of every record of this PC. Keep one on a USB drive or another PC: "
                "if this PC breaks, 文件 → 恢复 on a new one brings everything back."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.folder = QLineEdit(str(backups_dir(database_file.parent)))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row.addWidget(QLabel(self.tr("Folder")))
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        self.done_bar = FileDoneBar()
        layout.addWidget(self.done_bar)
        buttons = QDialogButtonBox()
        self.backup_button = buttons.addButton(
            self.tr("Back up now"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.backup_button.setDefault(True)
        self.backup_button.clicked.connect(self.run_backup)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        fit_window(self, 620, 220)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def run_backup(self) -> Path | None:
        folder = Path(self.folder.text().strip() or backups_dir(self.database_file.parent))
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.written = backup.copy_database(
                self.database_file, folder / backup_file_name(self.office)
            )
        except (QualityDeskError, OSError) as error:
            self.report(error, self)
            return None
        self.done_bar.show_file(self.written)
        self.backup_button.setText(self.tr("Back up again"))
        return self.written


def choose_backup(parent: QWidget, data_dir: Path) -> Path | None:
    """The backup file the clerk picks to restore from (None when cancelled)."""
    name, _filter = QFileDialog.getOpenFileName(
        parent,
        QCoreApplication.translate("BackupDialog", "Restore from a backup"),
        str(backups_dir(data_dir)),
        QCoreApplication.translate(
            "BackupDialog", "Quality Desk backups (*.sqlite3);;All files (*)"
        ),
    )
    return Path(name) if name else None


def confirm_restore(parent: QWidget, info: backup.DatabaseInfo) -> bool:
    """Say what the backup holds and that the current database is saved first; ask."""
    who = info.township_code or QCoreApplication.translate("BackupDialog", "county office")
    answer = QMessageBox.question(
        parent,
        QCoreApplication.translate("BackupDialog", "Restore from a backup"),
        QCoreApplication.translate(
            "BackupDialog",
            "Replace the records of this PC with the backup {name} ({office}, {records} records)?"
            "\nThe current records are backed up first, so this can be undone.",
        ).format(name=info.path.name, office=who, records=f"{info.records:,}"),
    )
    return answer == QMessageBox.StandardButton.Yes
