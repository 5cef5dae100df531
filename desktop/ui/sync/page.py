"""The sync page: at a township, export and the packages sent (acknowledged or not); at the
county, import, conflicts and completeness. The office's key fingerprint heads the page."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.sync import history
from desktop.ui.screens import ScreenContext
from desktop.ui.sync.completeness_view import CompletenessView
from desktop.ui.sync.conflicts_view import ConflictsView
from desktop.ui.sync.export_dialog import ExportDialog
from desktop.ui.sync.import_dialog import ImportDialog
from desktop.ui.sync.installations_view import InstallationsView


class SyncPage(QWidget):
    """Tabs of the sync page for this office."""

    records_changed = Signal(str)
    """"*" after an import or a conflict decision, "" after an export (see desktop.ui.screens)."""

    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        county = context.office.is_county
        layout = QVBoxLayout(self)
        self.key_label = QLabel()
        layout.addWidget(self.key_label)
        actions = QHBoxLayout()
        self.import_button = QPushButton(
            self.tr("Import packages…") if county else self.tr("Import county file…")
        )
        self.import_button.clicked.connect(self.open_import)
        self.export_button = QPushButton(
            self.tr("Export reference data…") if county else self.tr("Export monthly package…")
        )
        self.export_button.clicked.connect(self.open_export)
        for button in (
            (self.import_button, self.export_button)
            if county
            else (self.export_button, self.import_button)
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.tabs = QTabWidget()
        self.history = QTableWidget(0, 0)
        self.history.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.history.verticalHeader().setVisible(False)
        self.empty_hint = QLabel(
            self.tr(
                "No package received yet. Click “Import packages…” to read the townships’ "
                "monthly packages."
            )
            if county
            else self.tr(
                "No package sent yet. At the end of each month click “Export monthly package…” "
                "and send the file to the county office."
            )
        )
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setStyleSheet("color: #5f6368; padding: 24px;")
        self.empty_hint.hide()
        sent = QWidget()
        sent_layout = QVBoxLayout(sent)
        sent_layout.setContentsMargins(0, 0, 0, 0)
        sent_layout.addWidget(self.empty_hint)
        sent_layout.addWidget(self.history, 1)
        self.tabs.addTab(sent, self.tr("Packages received") if county else self.tr("Packages sent"))
        self.conflicts: ConflictsView | None = None
        self.completeness: CompletenessView | None = None
        self.installations: InstallationsView | None = None
        if county:
            self.conflicts = ConflictsView(context)
            self.completeness = CompletenessView(context)
            self.installations = InstallationsView(context)
            self.tabs.addTab(self.conflicts, self.tr("Conflicts"))
            self.tabs.addTab(self.completeness, self.tr("Completeness"))
            self.tabs.addTab(self.installations, self.tr("Installations"))
            self.installations.pending_count.connect(self._show_pending)
            self.installations.changed.connect(self.refresh)
            self.installations.changed.connect(lambda: self.records_changed.emit("*"))
            self.conflicts.changed.connect(self.refresh)
            self.conflicts.changed.connect(lambda: self.records_changed.emit("*"))
        layout.addWidget(self.tabs, 1)
        self.import_dialog: ImportDialog | None = None
        self.export_dialog: ExportDialog | None = None
        self.refresh()

    def refresh(self) -> None:
        database, county = self.context.database, self.context.office.is_county
        self.context.runner.run(
            lambda: (
                history.fingerprint(database),
                history.inbox(database) if county else history.outbox(database),
            ),
            self._show,
            lambda error: self.context.errors.report(error, self),
        )
        if self.conflicts is not None:
            self.conflicts.refresh()
        if self.completeness is not None:
            self.completeness.refresh()
        if self.installations is not None:
            self.installations.refresh()

    def _show_pending(self, count: int) -> None:
        """The installations tab says how many PCs await approval."""
        assert self.installations is not None
        index = self.tabs.indexOf(self.installations)
        title = self.tr("Installations")
        if count:
            title = self.tr("Installations (%1 awaiting approval)").replace("%1", str(count))
        self.tabs.setTabText(index, title)

    def _show(self, loaded: tuple[str, list[dict[str, Any]]]) -> None:
        fingerprint, rows = loaded
        self.key_label.setText(
            self.tr("This office's key fingerprint (read it out when asked): %1").replace(
                "%1", fingerprint
            )
        )
        if self.context.office.is_county:
            headers = [
                self.tr("From"),
                self.tr("No."),
                self.tr("Period"),
                self.tr("Records"),
                self.tr("Made"),
                self.tr("Imported"),
                self.tr("By"),
                self.tr("File"),
            ]
            keys = [
                "owner",
                "sequence",
                "period",
                "records",
                "created_at",
                "imported_at",
                "imported_by",
                "file_name",
            ]
        else:
            headers = [
                self.tr("No."),
                self.tr("Period"),
                self.tr("Records"),
                self.tr("Made"),
                self.tr("County has it"),
                self.tr("File"),
            ]
            keys = ["sequence", "period", "records", "created_at", "acknowledged_at", "file_name"]
        self.history.setColumnCount(len(headers))
        self.history.setHorizontalHeaderLabels(headers)
        self.history.setRowCount(len(rows))
        self.empty_hint.setVisible(not rows)
        labels = self.context.labels
        for row, data in enumerate(rows):
            for column, key in enumerate(keys):
                value = data.get(key)
                if key == "owner":
                    text = labels.township(str(value), self.context.language)
                elif key == "records" and data.get("nothing_to_report"):
                    text = self.tr("nothing to report")
                elif key == "acknowledged_at":
                    text = (
                        self.tr("Yes, %1").replace("%1", str(value))
                        if value
                        else self.tr("Not yet")
                    )
                else:
                    text = "" if value is None else str(value)
                self.history.setItem(row, column, QTableWidgetItem(text))
        self.history.horizontalHeader().setSectionResizeMode(
            len(headers) - 1, QHeaderView.ResizeMode.Stretch
        )
        self.history.resizeColumnsToContents()

    def open_import(self) -> ImportDialog:
        self.import_dialog = ImportDialog(self.context, self)
        self.import_dialog.imported.connect(self.refresh)
        self.import_dialog.held.connect(self.refresh)
        self.import_dialog.imported.connect(lambda: self.records_changed.emit("*"))
        if self.context.errors.dialogs_enabled:
            self.import_dialog.show()
        return self.import_dialog

    def open_export(self) -> ExportDialog:
        self.export_dialog = ExportDialog(self.context, self)
        self.export_dialog.exported.connect(lambda _result: self.refresh())
        self.export_dialog.exported.connect(lambda _result: self.records_changed.emit(""))
        if self.context.errors.dialogs_enabled:
            self.export_dialog.show()
        return self.export_dialog
