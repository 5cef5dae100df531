"""Each ledger's spec: its fields (type, Chinese and English label, limits and choices) and its
rules — cross-field checks, defaults, derived values, uniqueness, dependent records, row states,
search fields and which columns the table shows.

One declaration serves validation and writes (:mod:`desktop.services.ledger`), the command line's
JSON, the importers, the window's forms, columns and row colours, and the Excel reports, so adding
a field or a rule to a ledger touches this file only.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from desktop.services.expiry import EXPIRY_WARNING_DAYS, expiry_state

if TYPE_CHECKING:
    from desktop.models import SyncRecord


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
Prepare = Callable[[dict[str, Any]], None]
"""Fills, in a new record's raw values, what follows from the values the caller gave."""
Derive = Callable[[dict[str, Any], Mapping[str, Any] | None], None]
"""Takes the cleaned changes and the stored values (None for a new record); fills derived ones."""
RowState = Callable[[Mapping[str, Any], date, int], str | None]
"""Takes a record (plain data), today and the expiry warning days; returns a state or None."""


@dataclass(frozen=True)
class Unique:
    """Live records of a ledger may not share the values of ``fields`` (within one office when
    ``per_owner``); the error shows at ``field``."""

    fields: tuple[str, ...]
    field: str
    message_zh: str
    message_en: str
    per_owner: bool = False


@dataclass(frozen=True)
class Children:
    """Records of ``ledger`` point at this ledger through ``link``: a record with live children
    cannot be deleted. The messages take ``{count}``."""

    ledger: str
    link: str
    message_zh: str
    message_en: str


ROW_STATE_TEXT = {
    "overdue": ("整改已逾期", "Rectification overdue"),
    "expired": ("证书已过期", "Expired"),
    "expiring": ("{days}天内到期", "Expires within {days} days"),
}
"""What a row state means, as the table's tooltip says it (``{days}``: the warning days)."""


def row_state_text(
    state: str | None, language: str, warning_days: int = EXPIRY_WARNING_DAYS
) -> str | None:
    """The tooltip of a row state (None for no state)."""
    if state not in ROW_STATE_TEXT:
        return None
    zh, en = ROW_STATE_TEXT[state]
    return (en if language == "en" else zh).format(days=warning_days)


@dataclass(frozen=True)
class LedgerSpec:
    """A ledger: its table, fields, cross-field rules and what free-text search looks at."""

    name: str
    model_name: str
    """The class in :mod:`desktop.models` holding its rows (see :attr:`model`)."""
    label_zh: str
    label_en: str
    fields: tuple[Field, ...]
    title_field: str
    date_field: str | None
    search_fields: tuple[str, ...]
    cross_checks: tuple[CrossCheck, ...] = field(default=())
    defaults: tuple[tuple[str, Any], ...] = ()
    """Values a new record starts with in the entry form."""
    remembered: tuple[str, ...] = ()
    """Fields whose last saved value becomes the form's default for the next new record."""
    prepare: Prepare | None = None
    derive: Derive | None = None
    unique: tuple[Unique, ...] = ()
    children: tuple[Children, ...] = ()
    row_state: RowState | None = None
    """Why a row needs attention (``overdue``, ``expiring``, ``expired``; see ROW_STATE_TEXT)."""
    hidden_columns: tuple[str, ...] = ()
    """Columns the table hides until the clerk shows them with the column chooser."""
    form_only: tuple[str, ...] = ()
    """Fields that are never a table column (free-form item lists are form-only too)."""

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    @cached_property
    def model(self) -> type[SyncRecord]:
        """The table's model class, imported on first use: the window paints its first page
        from these specs before SQLAlchemy has loaded (:mod:`desktop.services.first_page`)."""
        import desktop.models

        found: type[SyncRecord] = getattr(desktop.models, self.model_name)
        return found

    @cached_property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def label(self, language: str = "zh") -> str:
        return self.label_en if language == "en" else self.label_zh

    @property
    def table_fields(self) -> tuple[Field, ...]:
        """The fields shown as table columns."""
        return tuple(
            f for f in self.fields if f.kind is not Kind.ITEMS and f.name not in self.form_only
        )

    def state(
        self, record: Mapping[str, Any], today: date, warning_days: int = EXPIRY_WARNING_DAYS
    ) -> str | None:
        """The row state of a record (None when it needs no attention)."""
        return self.row_state(record, today, warning_days) if self.row_state else None


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


def _prepare_inspection(data: dict[str, Any]) -> None:
    """A new inspection without a result passes when every sampled batch passed."""
    sampled, passed = data.get("batches_sampled"), data.get("batches_passed")
    if "result" not in data and sampled is not None and passed is not None:
        with contextlib.suppress(TypeError, ValueError):
            data["result"] = "pass" if int(passed) >= int(sampled) else "fail"


def _derive_inspection(cleaned: dict[str, Any], existing: Mapping[str, Any] | None) -> None:
    """The rectification status follows from its flags unless given."""
    merged = {**(existing or {}), **cleaned}
    if "rectification_status" in cleaned and cleaned["rectification_status"] is not None:
        return
    if "rectification_required" in cleaned or existing is None:
        if merged.get("rectification_closed_date"):
            cleaned["rectification_status"] = "done"
        elif merged.get("rectification_required"):
            cleaned["rectification_status"] = "pending"
        else:
            cleaned["rectification_status"] = "none"


def _inspection_state(record: Mapping[str, Any], today: date, warning_days: int) -> str | None:
    """Overdue: the rectification is pending past its deadline."""
    if record.get("rectification_status") == "pending":
        deadline = record.get("rectification_deadline")
        if deadline and str(deadline) < today.isoformat():
            return "overdue"
    return None


def _certification_state(record: Mapping[str, Any], today: date, warning_days: int) -> str | None:
    """Expired, or expiring within the warning days (:mod:`desktop.services.expiry`)."""
    return expiry_state(record.get("expiry_date"), today, warning_days)


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
    model_name="Enterprise",
    label_zh="企业名录",
    label_en="Enterprises",
    title_field="name",
    date_field=None,
    search_fields=("name", "credit_code", "address"),
    unique=(
        Unique(
            ("credit_code",),
            "credit_code",
            "该统一社会信用代码的企业已登记",
            "an enterprise with this credit code is already registered",
            per_owner=True,
        ),
    ),
    hidden_columns=("contact_person", "contact_phone", "notes"),
    form_only=("credit_code_override_reason",),
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
    model_name="Inspection",
    label_zh="抽检/检查",
    label_en="Inspections",
    title_field="subject",
    date_field="inspection_date",
    search_fields=("subject", "inspecting_body", "notice_number", "notes"),
    cross_checks=(_check_inspection,),
    defaults=(("batches_sampled", 1), ("batches_passed", 1), ("result", "pass")),
    remembered=("category_code", "inspecting_body", "task_source"),
    prepare=_prepare_inspection,
    derive=_derive_inspection,
    row_state=_inspection_state,
    hidden_columns=(
        "specification",
        "trademark",
        "batch",
        "batches_passed_labelling",
        "task_source",
        "notice_number",
        "announcement_date",
        "producer_address",
        "sampling_stage",
        "report_number",
        "rectification_required",
        "rectification_closed_date",
        "notes",
    ),
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
    model_name="Certification",
    label_zh="认证/品牌/标准",
    label_en="Certifications",
    title_field="title",
    date_field="awarded_date",
    search_fields=("title", "document_number", "awarding_body", "notes"),
    remembered=("category_code", "level"),
    row_state=_certification_state,
    hidden_columns=("awarding_body", "role", "notes"),
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
    model_name="Project",
    label_zh="示范项目",
    label_en="Projects",
    title_field="name",
    date_field="start_date",
    search_fields=("name", "lead_unit", "notes"),
    cross_checks=(_check_project,),
    remembered=("category_code", "level"),
    children=(
        Children(
            "project_progress",
            "project_id",
            "该项目还有 {count} 条月度进展，请先删除进展记录",
            "the project still has {count} progress entries; delete those first",
        ),
    ),
    hidden_columns=("planned_investment", "notes"),
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
            "计划投资（万元）",
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
    model_name="ProjectProgress",
    label_zh="项目月度进展",
    label_en="Project progress",
    title_field="period",
    date_field=None,
    search_fields=("milestone_reached", "notes"),
    unique=(
        Unique(
            ("project_id", "period"),
            "period",
            "该项目本月进展已登记，请修改原记录",
            "progress for this project and month already exists; edit that entry",
        ),
    ),
    hidden_columns=("project_id", "investment_this_month", "notes"),
    fields=(
        F("project_id", "项目", "Project", K.PROJECT, True),
        F("period", "月份", "Period", K.PERIOD, True),
        F(
            "percent_complete",
            "完成进度（%）",
            "Percent complete",
            K.FLOAT,
            True,
            minimum=0,
            maximum=100,
        ),
        F(
            "investment_to_date",
            "累计投资（万元）",
            "Investment to date (10k yuan)",
            K.FLOAT,
            minimum=0,
            maximum=1e9,
        ),
        F(
            "investment_this_month",
            "本月完成投资（万元）",
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
    model_name="ManualStatistic",
    label_zh="县级统计数据",
    label_en="County statistics",
    title_field="target_id",
    date_field="as_of",
    search_fields=("source", "notes"),
    hidden_columns=("notes",),
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
