"""文件 → 导入 Excel 台账…: file → sheet → mapping → preview → import, with the real window."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot

from desktop.services.reads import LedgerReads
from desktop.ui.import_wizard import ImportWizard
from desktop.ui.main_window import MainWindow
from tests.conftest import VALID_CODES
from tests.services.ledger_files import xlsx

pytestmark = pytest.mark.gui


def _file(tmp_path: Path) -> Path:
    rows = [
        ["罗阳镇2024年抽检台账"],
        [
            "被抽样单位名称",
            "统一社会信用代码",
            "食品名称",
            "抽检日期",
            "抽检批次",
            "合格数",
            "序号",
        ],
        ["甲公司", VALID_CODES[0], "向导茶叶", "2024/3/5", 1, 1, "a"],
        ["乙公司", None, "向导香菇", "2024/3/6", 1, 0, "b"],
        ["丙公司", VALID_CODES[1], "向导竹笋", "2024年3月7日", 2, 2, "c"],
    ]
    return xlsx(tmp_path / "抽检.xlsx", {"2024年": rows, "备注": [["无"]]}, {"2024年": ["A1:G1"]})


def _wizard(window: MainWindow, qtbot: QtBot) -> ImportWizard:
    context = window.context
    assert context is not None
    wizard = ImportWizard(
        context.database, context.office, context.runner, context.errors, context.language
    )
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _count(window: MainWindow) -> int:
    assert window.context is not None
    return LedgerReads(window.context.database).status(("inspections",)).counts["inspections"]


def test_the_wizard_imports_a_clerks_file(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    before = _count(window)
    wizard = _wizard(window, qtbot)
    wizard.file_page.file_edit.setText(str(_file(tmp_path)))
    wizard.next()
    assert wizard.currentPage() is wizard.sheet_page
    assert wizard.sheet_page.header_row.value() == 2 and wizard.sheet_page.isComplete()
    wizard.next()
    page = wizard.mapping_page
    assert page.combos[2].currentData() == "subject" and page.combos[6].currentData() is None
    page.default_edits["category_code"].setText("食品安全监测抽检")
    page.combos[6].setCurrentIndex(page.combos[6].findData("notes"))
    wizard.next()
    preview = wizard.preview_page
    assert wizard.check is not None and preview.isComplete()
    assert "2" in preview.summary.text() and preview.table.rowCount() == 3
    errors = tmp_path / "未导入.xlsx"
    preview.save_refused(str(errors))
    assert load_workbook(errors).active.max_row == 2
    assert _count(window) == before  # the preview wrote nothing
    with qtbot.waitSignal(wizard.records_changed, timeout=5000) as changed:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    assert changed.args in (["inspections"], ["*"])
    assert _count(window) == before + 2
    assert wizard.summary is not None and wizard.summary.written["enterprises"] == 2


def test_the_file_menu_opens_the_wizard(window: MainWindow) -> None:
    menu = window.menuBar().actions()[0].menu()
    assert menu is not None
    texts = [a.text() for a in menu.actions()]
    assert texts[0] == "导入 Excel 台账…"
    menu.actions()[0].trigger()
    wizards = [w for w in window.findChildren(ImportWizard)]
    assert wizards and wizards[0].isVisible()
    wizards[0].reject()


def test_a_file_without_a_header_says_so(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    wizard = _wizard(window, qtbot)
    wizard.file_page.file_edit.setText(str(xlsx(tmp_path / "x.xlsx", {"S": [["甲", "乙"]]})))
    wizard.next()
    assert not wizard.sheet_page.isComplete()
    assert "找不到" in wizard.sheet_page.status.text()
