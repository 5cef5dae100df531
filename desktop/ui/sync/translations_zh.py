"""Simplified Chinese for the sync screens' English source strings (merged into the .ts file).

Run ``python -m desktop.ui.sync.translations_zh`` after changing strings in ``desktop/ui/sync``:
it runs ``pyside6-lupdate`` on this folder, fills in the translations below, replaces the sync
contexts in ``resources/translations/quality_desk_zh_CN.ts`` and recompiles the ``.qm``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

ZH: dict[str, str] = {
    "Sequence gaps, forks and hash-chain breaks": "序号缺失、分叉和哈希链断裂",
    "received": "已收到",
    "nothing to report": "无数据上报",
    "late": "迟交",
    "missing": "缺报",
    "not yet due": "未到期",
    "packages never imported": "有包未导入",
    "two different packages with the same number (restored backup or copy)": (
        "两个不同的包使用同一序号(恢复了旧备份或复制了数据文件夹)"
    ),
    "previous-package hash does not match": "与上一个包的哈希不符",
    "No gaps or breaks.": "没有缺号或断链。",
    "Ledger": "台账",
    "Record": "记录",
    "Township": "乡镇",
    "Found": "发现时间",
    "Keep the current version": "保留当前版本",
    "Keep the other version": "保留另一版本",
    "%1 conflict(s) wait for a decision. Nothing was overwritten silently: the other version is "
    "kept here until you choose.": (
        "有 %1 个冲突待处理。没有任何数据被悄悄覆盖:另一版本保存在这里,直到您作出选择。"
    ),
    "No conflicts wait for a decision.": "没有待处理的冲突。",
    "Field": "字段",
    "Current version — %1, %2": "当前版本 — %1,%2",
    "Other version — %1, %2": "另一版本 — %1,%2",
    "Deleted": "已删除",
    "Yes": "是",
    "No": "否",
    "Export reference data": "导出基础数据",
    "Export monthly package": "导出月度数据包",
    "Reporting month": "报告期",
    "All records, not only the changes since the last export": (
        "全部记录(不只是上次导出以来的改动)"
    ),
    "Browse…": "浏览…",
    "Save to folder": "保存到文件夹",
    "The package holds every change since the last export and is signed.": (
        "数据包包含上次导出以来的全部改动,并已签名。"
    ),
    "Export": "导出",
    "Also write a readable Excel summary beside it": "同时生成一份可阅读的 Excel 清单",
    "Summary: %1": "清单:%1",
    "Writing the package…": "正在写入数据包…",
    "Nothing changed: the package says \u201cnothing to report\u201d.": (
        "没有改动:本包为\u201c本月无数据上报\u201d。"
    ),
    "%1 record(s).": "共 %1 条记录。",
    " Encrypted to the county.": "已加密,只有县级能打开。",
    "Package No. %1 written: %2": "第 %1 号数据包已写入:%2",
    "Import packages": "导入数据包",
    "Choose package files…": "选择数据包文件…",
    "No files chosen": "尚未选择文件",
    "File": "文件",
    "From": "来自",
    "No.": "序号",
    "Period": "报告期",
    "Status": "状态",
    "Created": "新增",
    "Updated": "更新",
    "Unchanged": "未变",
    "Conflicts": "冲突",
    "Reason": "原因",
    "Packages are checked first (a dry run); nothing is saved until you import.": (
        "先检查数据包(试导入),点击\u201c导入\u201d之前不会保存任何数据。"
    ),
    "Import": "导入",
    "Choose package files": "选择数据包文件",
    "Quality Desk packages (*.qdpkg *.zip);;All files (*)": (
        "质量提升台账数据包 (*.qdpkg *.zip);;所有文件 (*)"
    ),
    "%n file(s) chosen": "已选择 %n 个文件",
    "Checking packages…": "正在检查数据包…",
    "Importing packages…": "正在导入数据包…",
    "Dry run: %1 package(s) ready to import, %2 already imported, %3 rejected.": (
        "试导入:%1 个包可以导入,%2 个已导入过,%3 个被拒收。"
    ),
    "Imported %1 package(s); %2 conflict(s) wait for review.": ("已导入 %1 个包;%2 个冲突待处理。"),
    "Ready to import": "可以导入",
    "Imported": "已导入",
    "Already imported": "已导入过",
    "Rejected": "已拒收",
    "New key trusted: %1 (confirm by phone)": "已信任新密钥:%1(请电话核对)",
    "Import packages…": "导入数据包…",
    "Import county file…": "导入县级文件…",
    "Export reference data…": "导出基础数据…",
    "Export monthly package…": "导出月度数据包…",
    "Packages received": "已收到的数据包",
    "Packages sent": "已发出的数据包",
    "Completeness": "报送完整性",
    "This office's key fingerprint (read it out when asked): %1": (
        "本单位密钥指纹(核对时请读出):%1"
    ),
    "Records": "记录数",
    "Made": "生成时间",
    "By": "操作人",
    "County has it": "县级已收到",
    "Yes, %1": "是,%1",
    "Not yet": "尚未",
    "Sync packages": "数据同步",
}

ROOT = Path(__file__).resolve().parents[3]
TS_FILE = ROOT / "resources" / "translations" / "quality_desk_zh_CN.ts"
CONTEXTS = (
    "CompletenessView",
    "ConflictsView",
    "ExportDialog",
    "ImportDialog",
    "SyncPage",
    "SyncScreen",
)


def _context_blocks(generated: str) -> str:
    blocks = re.findall(r"<context>.*?</context>", generated, flags=re.S)
    filled = []
    for block in blocks:

        def fill(match: re.Match[str]) -> str:
            message = match.group(0)
            source = re.search(r"<source>(.*?)</source>", message, flags=re.S)
            assert source is not None
            text = (
                source.group(1)
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", '"')
                .replace("&apos;", "'")
                .replace("&amp;", "&")
            )
            chinese = escape(ZH[text])
            if 'numerus="yes"' in message:
                replacement = f"<translation><numerusform>{chinese}</numerusform></translation>"
            else:
                replacement = f"<translation>{chinese}</translation>"
            return re.sub(
                r"<translation[^>]*>.*?</translation>|<translation[^>]*/>",
                replacement,
                message,
                flags=re.S,
            )

        filled.append(re.sub(r"<message.*?</message>", fill, block, flags=re.S))
    return "\n".join(filled)


def main() -> int:
    folder = Path(__file__).resolve().parent
    generated_path = TS_FILE.parent / ".sync-lupdate.ts"
    try:
        subprocess.run(
            [
                "pyside6-lupdate",
                *sorted(str(p) for p in folder.glob("*.py")),
                "-ts",
                str(generated_path),
            ],
            check=True,
            capture_output=True,
        )
        generated = generated_path.read_text(encoding="utf-8")
    finally:
        generated_path.unlink(missing_ok=True)
    blocks = _context_blocks(generated)
    text = TS_FILE.read_text(encoding="utf-8")
    for name in CONTEXTS:
        text = re.sub(rf"<context>\s*<name>{name}</name>.*?</context>\s*", "", text, flags=re.S)
    text = text.replace("</TS>", blocks + "\n</TS>")
    TS_FILE.write_text(text, encoding="utf-8")
    subprocess.run(["pyside6-lrelease", str(TS_FILE)], check=True, capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
