"""The readable summary that may travel beside a package: an .xlsx a clerk can open.

One sheet 汇总 (what the package is: township, number, month, counts new / edited / deleted per
ledger, key fingerprint) and one sheet 明细 listing the changed records (at most ``MAX_LISTED``).
Text is written so Excel never takes it for a formula.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop.reports.xlsx import TITLE, Book, header_row, save_atomically, set_widths, styled
from desktop.services.fields import LEDGERS

MAX_LISTED = 5000
NEW, EDITED, DELETED = "新增", "修改", "删除"


@dataclass
class Change:
    """One record in the package, as the clerk sees it."""

    ledger: str
    action: str
    title: str
    updated_by: str
    updated_at: str
    record_id: str


@dataclass
class SummaryData:
    """What the summary shows."""

    title: str
    fingerprint: str
    sequence: int
    period: str
    nothing_to_report: bool
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)

    def add(self, change: Change) -> None:
        per = self.counts.setdefault(change.ledger, {NEW: 0, EDITED: 0, DELETED: 0})
        per[change.action] += 1
        if len(self.changes) < MAX_LISTED:
            self.changes.append(change)


def write_summary(path: Path, data: SummaryData) -> None:
    """Write the summary workbook atomically."""

    def build(workbook: Book) -> None:
        sheet = workbook.create_sheet("汇总")
        set_widths(sheet, [22, 12, 12, 12])
        sheet.append([styled(data.title, TITLE.but(align="left", wrap=False))])
        sheet.append([])
        for label, value in (
            ("数据包序号", data.sequence),
            ("报告期", data.period),
            ("密钥指纹", data.fingerprint),
            ("本月无数据上报", "是" if data.nothing_to_report else "否"),
        ):
            sheet.append([styled(label), styled(value)])
        sheet.append([])
        sheet.append(header_row(["台账", NEW, EDITED, DELETED]))
        for ledger, per in data.counts.items():
            sheet.append(
                [styled(LEDGERS[ledger].label_zh)]
                + [styled(per[k]) for k in (NEW, EDITED, DELETED)]
            )
        detail = workbook.create_sheet("明细")
        set_widths(detail, [16, 8, 40, 12, 20, 38])
        detail.append(header_row(["台账", "变动", "记录", "操作人", "时间", "记录编号"]))
        for change in data.changes:
            detail.append(
                [
                    LEDGERS[change.ledger].label_zh,
                    change.action,
                    change.title,
                    change.updated_by,
                    change.updated_at.replace("T", " "),
                    change.record_id,
                ]
            )

    save_atomically(path, build)
