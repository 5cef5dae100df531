"""What each ledger's fields are: type, Chinese and English label, limits and choices.

One declaration serves validation, the command line's JSON, the window's forms and column headers,
and the Excel reports, so a field is described once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from desktop.models import (
    Certification,
    Enterprise,
    Inspection,
    ManualStatistic,
    Project,
    ProjectProgress,
    SyncRecord,
)


class Kind(Enum):
    """How a field's value is parsed and checked."""

    TEXT = "text"
    INT = "int"
    FLOAT = "float"
    DATE = "date"
    BOOL = "bool"
    CHOICE = "choice"
    CATEGORY = "category"
    TOWNSHIP = "township"
    ENTERPRISE = "enterprise"
    PROJECT = "project"
    TARGET = "target"
    PERIOD = "period"
    CREDIT_CODE = "credit_code"
    ITEMS = "items"


@dataclass(frozen=True)
class Choice:
    """One allowed value of a choice field, with its labels."""

    code: str
    label_zh: str
    label_en: str


@dataclass(frozen=True)
class Field:
    """One field of a ledger record."""

    name: str
    label_zh: str
    label_en: str
    kind: Kind
    required: bool = False
    max_length: int = 200
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[Choice, ...] = ()
    category_group: str | None = None
    item_keys: tuple[str, ...] = ()

    def choice_label(self, code: str | None, language: str = "zh") -> str:
        """Label of a choice code (the code itself when unknown)."""
        for choice in self.choices:
            if choice.code == code:
                return choice.label_en if language == "en" else choice.label_zh
        return code or ""

    def label(self, language: str = "zh") -> str:
        return self.label_en if language == "en" else self.label_zh


def _choices(*rows: tuple[str, str, str]) -> tuple[Choice, ...]:
    return tuple(Choice(*row) for row in rows)


RESULTS = _choices(
    ("pass", "合格", "Pass"),
    ("fail", "不合格", "Fail"),
    ("no_problem", "未发现问题", "No problem found"),
    ("order_correction", "责令改正", "Ordered to correct"),
    ("not_publicised", "未按规定公示", "Not publicised as required"),
    ("unreachable", "通过登记住所无法联系", "Unreachable at registered address"),
    ("other", "其他", "Other"),
)
PASSING_RESULTS = frozenset({"pass", "no_problem"})
RECTIFICATION_STATUSES = _choices(
    ("none", "无需整改", "Not required"),
    ("pending", "整改中", "In progress"),
    ("done", "已整改", "Rectified"),
)
LEVELS = _choices(
    ("county", "县级", "County"),
    ("city", "市级", "City"),
    ("province", "省级", "Province"),
    ("national", "国家级", "National"),
)
PROJECT_LEVELS = (Choice("township", "镇级", "Township"), *LEVELS)
"""Projects may also be run by the township itself (镇级); awards and certificates start at the
county."""
SAMPLING_STAGES = _choices(
    ("production", "生产", "Production"),
    ("circulation", "流通", "Circulation"),
    ("catering", "餐饮", "Catering"),
)
ROLES = _choices(("lead", "主导", "Lead"), ("participant", "参与", "Participant"))
TIERS = _choices(
    ("above_scale", "规上企业", "Above designated size"),
    ("leading", "领军企业", "Leading enterprise"),
    ("high_growth", "高成长型企业", "High-growth enterprise"),
    ("other", "其他", "Other"),
)
PROJECT_STATUSES = _choices(
    ("planned", "计划中", "Planned"),
    ("ongoing", "建设中", "In progress"),
    ("completed", "已完成", "Completed"),
    ("suspended", "暂停", "Suspended"),
)


CrossCheck = Callable[[dict[str, Any]], list[tuple[str, str, str, str]]]
"""Takes the merged record; returns (field, code, message_zh, message_en) problems."""


@dataclass(frozen=True)
class LedgerSpec:
    """A ledger: its table, fields, cross-field rules and what free-text search looks at."""

    name: str
    model: type[SyncRecord]
    label_zh: str
    label_en: str
    fields: tuple[Field, ...]
    title_field: str
    date_field: str | None
    search_fields: tuple[str, ...]
    cross_checks: tuple[CrossCheck, ...] = field(default=())

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def label(self, language: str = "zh") -> str:
        return self.label_en if language == "en" else self.label_zh


def _date(value: Any) -> date | None:
    return value if isinstance(value, date) else None


def _check_inspection(rec: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    problems: list[tuple[str, str, str, str]] = []
    sampled, passed = rec.get("batches_sampled"), rec.get("batches_passed")
    if isinstance(sampled, int) and isinstance(passed, int) and passed > sampled:
        problems.append(
            (
                "batches_passed",
                "passed_above_sampled",
                f"合格批次（{passed}）不能大于抽检批次（{sampled}）",
                f"passed batches ({passed}) cannot exceed sampled batches ({sampled})",
            )
        )
    labelled = rec.get("batches_passed_labelling")
    if isinstance(sampled, int) and isinstance(labelled, int) and labelled > sampled:
        problems.append(
            (
                "batches_passed_labelling",
                "passed_above_sampled",
                "标注合格批次不能大于抽检批次",
                "labelling-passed batches cannot exceed sampled batches",
            )
        )
    result = rec.get("result")
    if (
        result == "pass"
        and isinstance(sampled, int)
        and isinstance(passed, int)
        and passed < sampled
    ):
        problems.append(
            (
                "result",
                "pass_with_failed_batches",
                f"结论为合格，但只有 {passed}/{sampled} 批次合格",
                f"the result is pass but only {passed} of {sampled} batches passed",
            )
        )
    inspected, deadline = (
        _date(rec.get("inspection_date")),
        _date(rec.get("rectification_deadline")),
    )
    if inspected and deadline and deadline < inspected:
        problems.append(
            (
                "rectification_deadline",
                "deadline_before_inspection",
                "整改期限不能早于检查日期",
                "the rectification deadline cannot be before the inspection date",
            )
        )
    closed = _date(rec.get("rectification_closed_date"))
    if inspected and closed and closed < inspected:
        problems.append(
            (
                "rectification_closed_date",
                "closed_before_inspection",
                "整改完成日期不能早于检查日期",
                "the rectification closing date cannot be before the inspection date",
            )
        )
    if rec.get("rectification_required") and not deadline:
        problems.append(
            (
                "rectification_deadline",
                "required",
                "需要整改时必须填写整改期限",
                "a rectification deadline is required when rectification is required",
            )
        )
    if rec.get("rectification_status") == "done" and not closed:
        problems.append(
            (
                "rectification_closed_date",
                "required",
                "已整改的记录必须填写整改完成日期",
                "a closing date is required when the rectification is done",
            )
        )
    return problems


def _check_certification(rec: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    awarded, expiry = _date(rec.get("awarded_date")), _date(rec.get("expiry_date"))
    if awarded and expiry and expiry < awarded:
        return [
            (
                "expiry_date",
                "expiry_before_award",
                "有效期至不能早于发证日期",
                "the expiry date cannot be before the award date",
            )
        ]
    return []


def _check_project(rec: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    start, planned = _date(rec.get("start_date")), _date(rec.get("planned_completion"))
    if start and planned and planned < start:
        return [
            (
                "planned_completion",
                "completion_before_start",
                "计划完成日期不能早于开工日期",
                "the planned completion cannot be before the start date",
            )
        ]
    return []


F = Field
K = Kind

ENTERPRISES = LedgerSpec(
    name="enterprises",
    model=Enterprise,
    label_zh="企业名录",
    label_en="Enterprises",
    title_field="name",
    date_field=None,
    search_fields=("name", "credit_code", "address"),
    fields=(
        F("credit_code", "统一社会信用代码", "Unified social credit code", K.CREDIT_CODE, True, 18),
        F("credit_code_override_reason", "代码校验例外说明", "Reason to accept code", K.TEXT),
        F("name", "企业名称", "Name", K.TEXT, True),
        F("township_code", "所属乡镇", "Township", K.TOWNSHIP, True),
        F("industry", "行业", "Industry", K.TEXT, max_length=64),
        F("tier", "企业类型", "Tier", K.CHOICE, choices=TIERS),
        F("address", "地址", "Address", K.TEXT, max_length=300),
        F("contact_person", "联系人", "Contact person", K.TEXT, max_length=64),
        F("contact_phone", "联系电话", "Contact phone", K.TEXT, max_length=32),
        F("notes", "备注", "Notes", K.TEXT, max_length=2000),
    ),
)

INSPECTIONS = LedgerSpec(
    name="inspections",
    model=Inspection,
    label_zh="抽检/检查",
    label_en="Inspections",
    title_field="subject",
    date_field="inspection_date",
    search_fields=("subject", "inspecting_body", "notice_number", "notes"),
    cross_checks=(_check_inspection,),
    fields=(
        F("category_code", "检查类别", "Category", K.CATEGORY, True, category_group="inspection"),
        F("inspection_date", "检查日期", "Date", K.DATE, True),
        F("township_code", "乡镇", "Township", K.TOWNSHIP, True),
        F("enterprise_id", "被检企业", "Enterprise", K.ENTERPRISE),
        F("subject", "产品/检查对象", "Product or subject", K.TEXT, True),
        F("specification", "规格型号", "Specification", K.TEXT, max_length=100),
        F("trademark", "商标", "Trademark", K.TEXT, max_length=100),
        F("batch", "生产日期/批号", "Production date / batch", K.TEXT, max_length=100),
        F("batches_sampled", "抽检批次", "Batches sampled", K.INT, True, minimum=1, maximum=100000),
        F("batches_passed", "合格批次", "Batches passed", K.INT, True, minimum=0, maximum=100000),
        F(
            "batches_passed_labelling",
            "标注合格批次",
            "Batches passed (labelling)",
            K.INT,
            minimum=0,
            maximum=100000,
        ),
        F("result", "检查结论", "Result", K.CHOICE, True, choices=RESULTS),
        F(
            "failing_items",
            "不合格项目",
            "Failing items",
            K.ITEMS,
            item_keys=("item", "measured", "limit", "unit"),
        ),
        F("inspecting_body", "检验/检查机构", "Inspecting body", K.TEXT),
        F("task_source", "任务来源", "Task source", K.TEXT),
        F("notice_number", "通告号", "Notice number", K.TEXT, max_length=100),
        F("announcement_date", "公告日期", "Announced on", K.DATE),
        F("producer_name", "标称生产企业名称", "Producer named on the label", K.TEXT),
        F(
            "producer_address",
            "标称生产企业地址",
            "Producer's address on the label",
            K.TEXT,
            max_length=300,
        ),
        F("food_category", "食品分类", "Food class", K.TEXT, max_length=100),
        F("sampling_stage", "抽样环节", "Sampling stage", K.CHOICE, choices=SAMPLING_STAGES),
        F("report_number", "检验报告编号", "Test report number", K.TEXT, max_length=100),
        F("rectification_required", "需要整改", "Rectification required", K.BOOL),
        F("rectification_deadline", "整改期限", "Rectification deadline", K.DATE),
        F(
            "rectification_status",
            "整改状态",
            "Rectification status",
            K.CHOICE,
            choices=RECTIFICATION_STATUSES,
        ),
        F("rectification_closed_date", "整改完成日期", "Rectified on", K.DATE),
        F("notes", "备注", "Notes", K.TEXT, max_length=2000),
    ),
)

CERTIFICATIONS = LedgerSpec(
    name="certifications",
    model=Certification,
    label_zh="认证/品牌/标准",
    label_en="Certifications",
    title_field="title",
    date_field="awarded_date",
    search_fields=("title", "document_number", "awarding_body", "notes"),
    cross_checks=(_check_certification,),
    fields=(
        F("category_code", "类别", "Category", K.CATEGORY, True, category_group="certification"),
        F("township_code", "乡镇", "Township", K.TOWNSHIP, True),
        F("enterprise_id", "企业", "Enterprise", K.ENTERPRISE),
        F("title", "名称", "Title", K.TEXT, True),
        F("level", "级别", "Level", K.CHOICE, True, choices=LEVELS),
        F("document_number", "证书/文号", "Certificate or document number", K.TEXT, max_length=100),
        F("awarding_body", "发证/授予单位", "Awarding body", K.TEXT),
        F("awarded_date", "发证日期", "Awarded on", K.DATE, True),
        F("expiry_date", "有效期至", "Expires on", K.DATE),
        F("role", "主导/参与", "Role", K.CHOICE, choices=ROLES),
        F("notes", "备注", "Notes", K.TEXT, max_length=2000),
    ),
)

PROJECTS = LedgerSpec(
    name="projects",
    model=Project,
    label_zh="示范项目",
    label_en="Projects",
    title_field="name",
    date_field="start_date",
    search_fields=("name", "lead_unit", "notes"),
    cross_checks=(_check_project,),
    fields=(
        F(
            "category_code",
            "项目类别",
            "Category",
            K.CATEGORY,
            True,
            category_group="demonstration",
        ),
        F("township_code", "乡镇", "Township", K.TOWNSHIP, True),
        F("name", "项目名称", "Name", K.TEXT, True),
        F("lead_unit", "牵头单位", "Lead unit", K.TEXT, True),
        F("enterprise_id", "实施企业", "Enterprise", K.ENTERPRISE),
        F("start_date", "开工日期", "Start date", K.DATE, True),
        F("planned_completion", "计划完成日期", "Planned completion", K.DATE),
        F(
            "planned_investment",
            "计划投资(万元)",
            "Planned investment (10k yuan)",
            K.FLOAT,
            minimum=0,
            maximum=1e9,
        ),
        F("level", "级别", "Level", K.CHOICE, choices=PROJECT_LEVELS),
        F("status", "状态", "Status", K.CHOICE, choices=PROJECT_STATUSES),
        F("milestones", "里程碑", "Milestones", K.ITEMS, item_keys=("name", "due", "done")),
        F("notes", "备注", "Notes", K.TEXT, max_length=2000),
    ),
)

PROJECT_PROGRESS = LedgerSpec(
    name="project_progress",
    model=ProjectProgress,
    label_zh="项目月度进展",
    label_en="Project progress",
    title_field="period",
    date_field=None,
    search_fields=("milestone_reached", "notes"),
    fields=(
        F("project_id", "项目", "Project", K.PROJECT, True),
        F("period", "月份", "Period", K.PERIOD, True),
        F(
            "percent_complete",
            "完成进度(%)",
            "Percent complete",
            K.FLOAT,
            True,
            minimum=0,
            maximum=100,
        ),
        F(
            "investment_to_date",
            "累计投资(万元)",
            "Investment to date (10k yuan)",
            K.FLOAT,
            minimum=0,
            maximum=1e9,
        ),
        F(
            "investment_this_month",
            "本月完成投资(万元)",
            "Investment this month (10k yuan)",
            K.FLOAT,
            minimum=0,
            maximum=1e9,
        ),
        F("milestone_reached", "达到的里程碑", "Milestone reached", K.TEXT),
        F("notes", "备注", "Notes", K.TEXT, max_length=2000),
    ),
)

MANUAL_STATISTICS = LedgerSpec(
    name="manual_statistics",
    model=ManualStatistic,
    label_zh="县级统计数据",
    label_en="County statistics",
    title_field="target_id",
    date_field="as_of",
    search_fields=("source", "notes"),
    fields=(
        F("target_id", "目标", "Target", K.TARGET, True),
        F("value", "数值", "Value", K.FLOAT, True, minimum=-1e12, maximum=1e12),
        F("as_of", "统计日期", "As of", K.DATE, True),
        F("source", "数据来源", "Source", K.TEXT, True),
        F("notes", "备注", "Notes", K.TEXT, max_length=2000),
    ),
)

LEDGERS: dict[str, LedgerSpec] = {
    spec.name: spec
    for spec in (
        ENTERPRISES,
        INSPECTIONS,
        CERTIFICATIONS,
        PROJECTS,
        PROJECT_PROGRESS,
        MANUAL_STATISTICS,
    )
}
"""Every ledger by name; the names are the CLI's LEDGER argument and the table names."""
