"""The refused rows of an enterprise import, as a workbook the clerk can fix and re-import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.reports import xlsx
from desktop.services.enterprise_import import CheckedRows


def write_error_report(path: Path, checked: CheckedRows) -> None:
    """The refused rows with their reasons, as an .xlsx the clerk can fix and re-import."""

    def build(workbook: Any) -> None:
        sheet = workbook.create_sheet("未导入的行")
        xlsx.set_widths(sheet, (8, 22, 36, 80))
        sheet.freeze_panes = "A2"
        xlsx.print_setup(sheet, "1:1", gridlines=True)
        sheet.append(xlsx.header_row(sheet, ("行号", "统一社会信用代码", "企业名称", "问题")))
        for problem in checked.bad:
            sheet.append(
                [
                    problem.row,
                    xlsx.safe(sheet, problem.credit_code),
                    xlsx.safe(sheet, problem.name),
                    ";".join(problem.reasons),
                ]
            )
        sheet.auto_filter.ref = f"A1:D{1 + max(1, len(checked.bad))}"

    xlsx.save_atomically(path, build)
