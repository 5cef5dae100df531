"""A plan as a workbook: write one for the county to edit, read one back (``plans import``).

Two sheets. ``规划``: one row per detail (项目 | 内容): 规划编号, 规划名称, 英文名称, 文件名称,
文号, 印发单位, 印发日期, 计数期开始, 计数期结束, 备注. ``目标``: one row per target with 目标编号,
指标名称, 计量单位, 比较, 目标值, 截止年份, 计入类别 (category codes separated by ``;``); a target
id the county has not used before also needs 指标类型 (count, rate, …) and 数据来源 (inspection,
certification, demonstration, none). ``plans show PLAN --out FILE.xlsx`` writes exactly this
layout, so the next round starts as a copy of the last one. Every problem is collected with its
sheet and row; nothing is written while any remains.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import QualityDeskError, StorageError, UsageError
from desktop.models import Category, Plan, Target
from desktop.reports import xlsx
from desktop.services import office as office_service
from desktop.services import plans
from desktop.services.office import Office

PLAN_SHEET = "规划"
TARGET_SHEET = "目标"
PLAN_ROWS = (
    ("规划编号", "id"),
    ("规划名称", "name_zh"),
    ("英文名称", "name_en"),
    ("文件名称", "document"),
    ("文号", "document_number"),
    ("印发单位", "issuer"),
    ("印发日期", "issued_on"),
    ("计数期开始", "window_start"),
    ("计数期结束", "window_end"),
    ("备注", "notes"),
)
TARGET_COLUMNS = (
    ("目标编号", "target_id"),
    ("指标名称", "name_zh"),
    ("计量单位", "unit"),
    ("比较", "comparison"),
    ("目标值", "target_value"),
    ("截止年份", "deadline_year"),
    ("计入类别", "category_codes"),
    ("指标类型", "measure_type"),
    ("数据来源", "record_source"),
    ("篇章", "section"),
    ("英文名称", "name_en"),
)
COMPARISONS = (">=", ">", "=", "<=", "<")
SOURCES = ("inspection", "certification", "demonstration", "none")
FLAG_TEXTS = ("true", "达标", "完成", "是")
"""What 目标值 says for a yes/no target (stored as 达标(true) / 完成(true))."""
RELATIVE_WORDS = ("高于上年", "上年值", "上年值 (previous year)")
RELATIVE_TEXT = "上年值 (previous year)"
"""A target compared with last year's value has no figure."""


@dataclass
class PlanDraft:
    """What a workbook says: the plan's details, its targets, new target definitions, problems."""

    fields: dict[str, str] = field(default_factory=dict)
    targets: list[dict[str, Any]] = field(default_factory=list)
    new_targets: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def plan_id(self) -> str:
        return self.fields.get("id", "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "plan": self.fields,
            "targets": len(self.targets),
            "new_targets": [t["id"] for t in self.new_targets],
            "problems": self.problems,
        }


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _open(path: Path) -> Workbook:
    if not path.is_file():
        raise StorageError(f"找不到文件：{path}", f"no such file: {path}")
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as error:
        raise UsageError(
            f"无法读取 {path.name}：不是有效的 .xlsx 工作簿（{error}）",
            f"cannot read {path.name}: not a valid .xlsx workbook ({error})",
        ) from None


def read_workbook(session: Session, path: Path) -> PlanDraft:
    """Read and check a plan workbook against the database's targets and categories."""
    book = _open(path)
    draft = PlanDraft()
    try:
        missing = [name for name in (PLAN_SHEET, TARGET_SHEET) if name not in book.sheetnames]
        if missing:
            raise UsageError(
                f"{path.name} 缺少工作表：{'、'.join(missing)}（应有「规划」和「目标」两张表）",
                f"{path.name} lacks the sheet(s) {', '.join(missing)} (needs 规划 and 目标)",
            )
        labels = dict(PLAN_ROWS)
        for row in book[PLAN_SHEET].iter_rows(values_only=True):
            if row and _text(row[0]) in labels:
                draft.fields[labels[_text(row[0])]] = _text(row[1] if len(row) > 1 else None)
        rows = list(book[TARGET_SHEET].iter_rows(values_only=True))
    finally:
        book.close()
    _check_plan(draft)
    if not rows:
        draft.problems.append("「目标」表是空的")
        return draft
    header = [_text(cell) for cell in rows[0]]
    columns = dict(TARGET_COLUMNS)
    index = {columns[name]: i for i, name in enumerate(header) if name in columns}
    if "target_id" not in index:
        draft.problems.append("「目标」表第 1 行应为表头，且含「目标编号」列")
        return draft
    targets = {t.id: t for t in session.scalars(select(Target))}
    codes = {c.code: c.group for c in session.scalars(select(Category))}
    seen: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        values = {key: _text(row[i]) if i < len(row) else "" for key, i in index.items()}
        if not any(values.values()):
            continue
        _check_target(draft, number, values, targets, codes, seen)
    if not draft.targets:
        draft.problems.append("「目标」表没有目标")
    return draft


def _check_plan(draft: PlanDraft) -> None:
    try:
        plans.check_plan_id(draft.plan_id)
    except QualityDeskError as error:
        draft.problems.append(f"「规划」表 规划编号：{error.message_zh}")
    if not draft.fields.get("name_zh"):
        draft.problems.append("「规划」表 规划名称不能为空")
    try:
        plans.parse_window(draft.fields.get("window_start", ""), draft.fields.get("window_end", ""))
    except QualityDeskError as error:
        draft.problems.append(f"「规划」表 {error.message_zh}")


def _check_target(
    draft: PlanDraft,
    number: int,
    values: dict[str, str],
    targets: dict[str, Target],
    codes: dict[str, str],
    seen: set[str],
) -> None:
    where = f"「目标」表第 {number} 行"
    target_id = values.get("target_id", "")
    problems = []
    if not target_id:
        problems.append("目标编号为空")
    elif target_id in seen:
        problems.append(f"目标编号 {target_id} 重复")
    seen.add(target_id)
    comparison = values.get("comparison") or ">="
    comparison = {"≥": ">=", "≤": "<=", "＝": "="}.get(comparison, comparison)
    if comparison not in COMPARISONS:
        problems.append(f"比较 {comparison!r} 应为 {' '.join(COMPARISONS)} 之一")
    goal_text = values.get("target_value", "")
    goal: float | None = None
    if goal_text not in FLAG_TEXTS and goal_text not in RELATIVE_WORDS:
        try:
            goal = float(goal_text.rstrip("%"))
        except ValueError:
            problems.append(
                f"目标值 {goal_text!r} 不是数字（是/否目标写「达标」或「完成」，"
                "与上年比较的写「高于上年」）"
            )
    year_text = values.get("deadline_year", "")
    year = None
    if year_text:
        if year_text.isdigit() and 2000 <= int(year_text) <= 2100:
            year = int(year_text)
        else:
            problems.append(f"截止年份 {year_text!r} 应为四位年份")
    category_codes = plans.split_codes(values.get("category_codes", ""))
    unknown = [code for code in category_codes if code not in codes]
    if unknown:
        problems.append(f"计入类别未知：{'、'.join(unknown)}")
    if target_id and target_id not in targets:
        problems.extend(_new_target(draft, target_id, values))
    if problems:
        draft.problems.extend(f"{where}：{problem}" for problem in problems)
        return
    text = f"{goal:g}" if goal is not None else RELATIVE_TEXT
    if goal_text in FLAG_TEXTS:
        text = "达标(true)" if goal_text == "达标" else "完成(true)"
    draft.targets.append(
        {
            "target_id": target_id,
            "comparison": comparison,
            "target_value": goal,
            "target_text": text,
            "deadline_year": year,
            "category_codes": ";".join(category_codes),
            "sort_order": len(draft.targets),
            "active": True,
        }
    )


def _new_target(draft: PlanDraft, target_id: str, values: dict[str, str]) -> list[str]:
    problems = []
    if not values.get("name_zh"):
        problems.append(f"新目标 {target_id} 需填指标名称")
    if not values.get("unit"):
        problems.append(f"新目标 {target_id} 需填计量单位")
    if values.get("record_source") not in SOURCES:
        problems.append(f"新目标 {target_id} 的数据来源应为 {' / '.join(SOURCES)} 之一")
    if not values.get("measure_type"):
        problems.append(f"新目标 {target_id} 需填指标类型（count、rate 等）")
    if len(target_id) > 64 or not target_id.isascii():
        problems.append(f"目标编号 {target_id!r} 应为不超过 64 个字符的英文编号")
    if not problems:
        draft.new_targets.append(
            {
                "id": target_id,
                "kind": "quantified",
                "name_zh": values["name_zh"],
                "name_en": values.get("name_en") or values["name_zh"],
                "measure_type": values["measure_type"],
                "unit": values["unit"],
                "comparison": values.get("comparison") or ">=",
                "target_value": None,
                "target_text": "",
                "deadline_year": None,
                "section": values.get("section", ""),
                "record_source": values["record_source"],
            }
        )
    return problems


def apply(session: Session, office: Office, draft: PlanDraft) -> Plan:
    """Write a checked draft: new target definitions, then the plan and its targets."""
    plans.county_only(office)
    if draft.problems:
        raise UsageError(
            f"规划工作簿有 {len(draft.problems)} 处问题，未导入：{draft.problems[0]}",
            f"the plan workbook has {len(draft.problems)} problem(s); nothing imported: "
            f"{draft.problems[0]}",
        )
    hlc = office_service.next_hlc(session)
    order = len(session.scalars(select(Target.id)).all())
    for offset, definition in enumerate(draft.new_targets):
        session.add(Target(**definition, sort_order=order + offset, hlc=hlc))
    session.flush()
    existing = session.get(Plan, draft.plan_id)
    named = {t["target_id"] for t in draft.targets}
    leaving = []
    if existing is not None:
        leaving = [
            {"target_id": t.id, "active": False}
            for t, _ in plans.plan_targets(session, existing.id)
            if t.id not in named
        ]
    fields = {k: v for k, v in draft.fields.items() if k != "id"}
    return plans.save_plan(session, office, draft.plan_id, fields, [*draft.targets, *leaving])


def write_workbook(session: Session, plan: Plan, path: Path) -> None:
    """The plan in the import layout (a template for the next round)."""

    def build(book: xlsx.Book) -> None:
        details = book.create_sheet(PLAN_SHEET)
        xlsx.set_widths(details, (14, 60))
        details.append(xlsx.header_row(("项目", "内容")))
        for label, key in PLAN_ROWS:
            details.append([label, str(getattr(plan, key))])
        sheet = book.create_sheet(TARGET_SHEET)
        xlsx.set_widths(sheet, (40, 40, 10, 6, 10, 10, 60, 14, 14, 8, 40))
        sheet.append(xlsx.header_row([label for label, _ in TARGET_COLUMNS]))
        for target, link in plans.plan_targets(session, plan.id):
            goal: Any = link.target_value
            if goal is None and "true" in link.target_text:
                goal = "达标" if "达标" in link.target_text else "完成"
            elif goal is None:
                goal = "高于上年"
            sheet.append(
                [
                    target.id,
                    target.name_zh,
                    target.unit,
                    link.comparison,
                    goal,
                    link.deadline_year,
                    link.category_codes,
                    target.measure_type,
                    target.record_source,
                    target.section,
                    target.name_en,
                ]
            )

    xlsx.save_atomically(path, build)
