"""终端登记 (installations) at the county: every township PC, pending ones first.

A package from a new PC of a township that already has one is held; here the clerk reads the
fingerprint over the phone with the township, then approves the PC (its held packages merge at
once, in sequence order) or declines it (they are refused). A broken, stolen or replaced PC is
retired: its later packages are refused, what it sent before stays. Each decision asks first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.sync import importer, roster
from desktop.sync.importer import Decision
from desktop.sync.roster import RosterEntry
from desktop.ui.screens import ScreenContext

PENDING_COLOUR = "#fff4ce"
INACTIVE_COLOUR = "#5f6368"


class InstallationsView(QWidget):
    """The roster with approve / decline / retire."""

    changed = Signal()
    """Emitted after a decision (an approval may have merged held packages)."""
    pending_count = Signal(int)

    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.entries: list[RosterEntry] = []
        layout = QVBoxLayout(self)
        self.hint = QLabel(
            self.tr(
                "A new PC of a township that already has one is held until you approve it. "
                "Phone the township and compare the fingerprint its PC shows before approving."
            )
        )
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Township"),
                self.tr("PC"),
                self.tr("Fingerprint"),
                self.tr("Status"),
                self.tr("Held packages"),
                self.tr("Last package"),
                self.tr("Decided"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.approve_button = QPushButton(self.tr("Approve…"))
        self.decline_button = QPushButton(self.tr("Decline…"))
        self.retire_button = QPushButton(self.tr("Retire…"))
        self.approve_button.clicked.connect(lambda: self.decide("approve"))
        self.decline_button.clicked.connect(lambda: self.decide("decline"))
        self.retire_button.clicked.connect(lambda: self.decide("retire"))
        for button in (self.approve_button, self.decline_button, self.retire_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self._update_buttons()

    def status_name(self, status: str) -> str:
        return {
            roster.ACTIVE: self.tr("Active"),
            roster.PENDING: self.tr("Awaiting approval"),
            roster.RETIRED: self.tr("Retired"),
            roster.DECLINED: self.tr("Declined"),
        }.get(status, status)

    def refresh(self) -> None:
        database = self.context.database
        self.context.runner.run(
            lambda: roster.roster_entries(database),
            self._show,
            lambda error: self.context.errors.report(error, self),
        )

    def _show(self, entries: list[RosterEntry]) -> None:
        self.entries = entries
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            last = (
                self.tr("No. %1, %2, made %3")
                .replace("%1", str(entry.last_sequence))
                .replace("%2", entry.last_period or "")
                .replace("%3", f"{entry.last_package_at:%Y-%m-%d}" if entry.last_package_at else "")
                if entry.last_sequence is not None
                else self.tr("None yet")
            )
            decided = entry.decided_at or entry.enrolled_at
            who = entry.decided_by or entry.enrolled_by or ""
            cells = [
                self.context.labels.township(entry.owner, self.context.language),
                entry.label,
                entry.fingerprint,
                self.status_name(entry.status),
                str(entry.held) if entry.held else "",
                last,
                f"{decided:%Y-%m-%d} {who}".strip() if decided else "",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(entry.reason or text)
                if entry.status == roster.PENDING:
                    item.setBackground(QBrush(QColor(PENDING_COLOUR)))
                elif entry.status != roster.ACTIVE:
                    item.setForeground(QBrush(QColor(INACTIVE_COLOUR)))
                if column == 4:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        pending = sum(1 for e in entries if e.status == roster.PENDING)
        self.pending_count.emit(pending)
        if not entries:
            self.message.setText(self.tr("No township PC has sent a package yet."))
        self._update_buttons()

    def selected(self) -> RosterEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.entries):
            return None
        return self.entries[rows[0].row()]

    def _update_buttons(self) -> None:
        entry = self.selected()
        status = entry.status if entry else None
        self.approve_button.setEnabled(status == roster.PENDING)
        self.decline_button.setEnabled(status == roster.PENDING)
        self.retire_button.setEnabled(status in (roster.ACTIVE, roster.PENDING))

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def question(self, decision: str, entry: RosterEntry) -> str:
        township = self.context.labels.township(entry.owner, self.context.language)
        text = {
            "approve": self.tr(
                "Approve PC “%1” of %2?\n\nFingerprint: %3\n\nRead the fingerprint with the "
                "township over the phone first. Its %4 held package(s) will be merged now."
            ),
            "decline": self.tr(
                "Decline PC “%1” of %2?\n\nFingerprint: %3\n\nIts %4 held package(s) will be "
                "refused and nothing of them is merged."
            ),
            "retire": self.tr(
                "Retire PC “%1” of %2?\n\nFingerprint: %3\n\nWhat it sent stays; packages it "
                "makes from now on are refused."
            ),
        }[decision]
        return (
            text.replace("%1", entry.label)
            .replace("%2", township)
            .replace("%3", entry.fingerprint)
            .replace("%4", str(entry.held))
        )

    def decide(self, decision: str, confirmed: bool = False, reason: str | None = None) -> None:
        """Ask, then approve / decline / retire the selected PC off the GUI thread."""
        entry = self.selected()
        if entry is None:
            return
        if not confirmed:
            answer = QMessageBox.question(
                self,
                self.tr("Installations"),
                self.question(decision, entry),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            if decision != "approve":
                text, accepted = QInputDialog.getText(
                    self, self.tr("Installations"), self.tr("Reason (kept in the record):")
                )
                if not accepted:
                    return
                reason = text.strip() or None
        context, fingerprint = self.context, entry.fingerprint
        for button in (self.approve_button, self.decline_button, self.retire_button):
            button.setEnabled(False)
        context.runner.run(
            lambda: importer.decide(
                context.database, context.office, fingerprint, decision, reason=reason
            ),
            self._decided,
            self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        self._update_buttons()
        self.context.errors.report(error, self)

    def _decided(self, decision: Decision) -> None:
        entry = decision.installation
        merged = [r for r in decision.merged if r.status == importer.STATUS_MERGED]
        refused = [r for r in decision.merged if r.status == importer.STATUS_REJECTED]
        english = self.context.language == "en"
        lines = [
            self.tr("PC “%1”: %2")
            .replace("%1", entry.label)
            .replace("%2", self.status_name(entry.status))
        ]
        if merged:
            lines.append(
                self.tr("%1 held package(s) merged, %2 record(s) new or changed.")
                .replace("%1", str(len(merged)))
                .replace("%2", str(sum(r.totals.created + r.totals.updated for r in merged)))
            )
        for result in refused:
            lines.append(
                self.tr("Package No. %1 refused: %2")
                .replace("%1", str(result.sequence or ""))
                .replace("%2", (result.reason_en if english else result.reason_zh) or "")
            )
        found = sorted({(d["credit_code"], d["name"]) for r in merged for d in r.duplicates})
        if found:
            lines.append(
                self.tr("Likely duplicates (the same credit code entered on two PCs): %1").replace(
                    "%1", "、".join(f"{name}（{code}）" for code, name in found[:5])
                )
            )
        if decision.refused:
            lines.append(
                self.tr("%1 held package(s) refused.").replace("%1", str(decision.refused))
            )
        self.message.setText("\n".join(lines))
        self.refresh()
        self.changed.emit()
