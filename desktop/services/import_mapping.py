"""Which column of a clerk's file holds which field: proposed from the headers, editable, saved.

Headers are compared after folding (full-width → half-width, case, spaces, ``*``, colons and
``(必填)`` removed). An exact field label beats a synonym, and a synonym beats a match that
ignores bracketed units such as ``(万元)``; each field takes one column and each column one field.
Besides a ledger's own fields a column may name a *reference*: ``enterprise.credit_code``,
``enterprise.name``, ``enterprise.address`` (the enterprise a record belongs to, found or created)
and ``project.name`` (the project a progress row belongs to).

A mapping is saved as JSON (``--mapping FILE.json``; docs/import-mapping.md) and remembered per
layout: the fingerprint of the folded header row.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from desktop.errors import UsageError
from desktop.services.fields import LEDGERS, Kind, LedgerSpec

MAPPING_FORMAT = "quality-desk-import-mapping"
MAPPING_VERSION = 1

REFERENCE_LABELS: dict[str, tuple[str, str]] = {
    "enterprise.credit_code": ("企业统一社会信用代码", "Enterprise credit code"),
    "enterprise.name": ("企业名称", "Enterprise name"),
    "enterprise.address": ("企业地址", "Enterprise address"),
    "project.name": ("项目名称", "Project name"),
}
_ENTERPRISE_SYNONYMS = {
    "enterprise.credit_code": (
        "统一社会信用代码",
        "社会信用代码",
        "信用代码",
        "企业统一社会信用代码",
        "被抽样单位统一社会信用代码",
        "被检单位统一社会信用代码",
        "creditcode",
    ),
    "enterprise.address": ("企业地址", "单位地址", "被抽样单位地址", "被检单位地址", "地址"),
}
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "enterprises": {
        "credit_code": ("社会信用代码", "信用代码", "统一代码", "creditcode"),
        "name": ("单位名称", "企业（单位）名称", "名称", "企业", "name"),
        "township_code": ("乡镇", "乡镇（街道）", "乡镇代码", "township"),
        "industry": ("所属行业", "行业类别"),
        "tier": ("类型", "企业规模", "规模"),
        "address": ("住所", "经营地址", "注册地址", "企业地址"),
        "contact_person": ("负责人", "法定代表人", "联系人姓名"),
        "contact_phone": ("电话", "手机", "手机号码", "联系方式"),
        "notes": ("说明",),
        "credit_code_override_reason": ("例外说明",),
    },
    "inspections": {
        "category_code": ("抽检类别", "类别", "检查类型", "抽检类型", "检查种类"),
        "inspection_date": ("抽检日期", "抽样日期", "检验日期", "检查时间", "抽检时间", "日期"),
        "township_code": ("所属乡镇", "乡镇（街道）"),
        "enterprise.name": (
            "被抽样单位名称",
            "被抽样单位",
            "被检企业名称",
            "被检单位",
            "被检单位名称",
            "被检查单位",
            "受检单位",
            "企业名称",
            "单位名称",
        ),
        **_ENTERPRISE_SYNONYMS,
        "subject": ("食品名称", "产品名称", "样品名称", "检查对象", "抽检产品", "品名", "产品"),
        "specification": ("规格", "型号"),
        "trademark": ("品牌",),
        "batch": ("生产日期", "批号", "生产批号", "生产日期或批号"),
        "batches_sampled": ("抽检数", "抽样批次", "批次数", "抽检批数", "抽检数量"),
        "batches_passed": ("合格数", "合格批数", "合格数量"),
        "result": ("检验结论", "结论", "判定结果", "检查结果", "抽检结果", "结果", "检验结果"),
        "failing_items": (
            "不合格项目║检验结果║标准值",
            "不合格项目|检验结果|标准值",
            "不合格项",
            "主要问题",
            "不合格项目及检验结果",
        ),
        "inspecting_body": ("检验机构", "检查机构", "承检机构", "检验单位"),
        "task_source": ("任务类别", "任务来源/项目名称"),
        "notice_number": ("公告号", "通告编号", "公告编号", "通报号"),
        "announcement_date": ("通告日期", "发布日期", "公告时间"),
        "producer_name": (
            "标称生产者名称",
            "标称生产企业",
            "生产企业名称",
            "生产企业",
            "生产单位",
            "生产者名称",
        ),
        "producer_address": ("标称生产者地址", "生产企业地址", "生产单位地址", "生产者地址"),
        "food_category": ("食品类别", "分类", "食品大类", "食品细类", "产品类别"),
        "sampling_stage": ("环节", "抽样环节（生产/流通/餐饮）"),
        "report_number": ("报告编号", "检验报告号", "报告书编号"),
        "rectification_required": ("是否整改", "是否需要整改"),
        "rectification_deadline": ("整改时限", "整改期限日期"),
        "rectification_status": ("整改情况", "处置情况"),
        "rectification_closed_date": ("整改日期", "完成整改日期"),
        "notes": ("说明",),
    },
    "certifications": {
        "category_code": ("认证类别", "品牌类别", "类型", "认证类型"),
        "township_code": ("所属乡镇",),
        "enterprise.name": ("企业名称", "单位名称", "获证企业", "获证单位", "企业"),
        **_ENTERPRISE_SYNONYMS,
        "title": ("认证名称", "证书名称", "品牌名称", "标准名称", "荣誉名称", "项目名称"),
        "level": ("等级",),
        "document_number": ("证书编号", "证书号", "文号", "标准号", "编号", "证书/文号"),
        "awarding_body": ("发证机构", "发证单位", "认证机构", "授予单位", "颁发单位"),
        "awarded_date": ("获证日期", "授予日期", "认定日期", "颁发日期", "发证时间", "日期"),
        "expiry_date": ("有效期", "到期日期", "截止日期", "有效期限"),
        "role": ("主导或参与", "角色"),
        "notes": ("说明",),
    },
    "projects": {
        "category_code": ("类别", "项目类型"),
        "township_code": ("所属乡镇",),
        "name": ("名称", "项目"),
        "lead_unit": ("责任单位", "实施单位", "承担单位"),
        "enterprise.name": ("企业名称", "实施企业名称"),
        **_ENTERPRISE_SYNONYMS,
        "start_date": ("开始日期", "立项日期", "启动日期", "开工时间"),
        "planned_completion": ("计划完成时间", "完成期限", "计划竣工日期"),
        "planned_investment": ("计划投资", "总投资", "计划总投资", "总投资（万元）"),
        "level": ("项目级别", "等级"),
        "status": ("项目状态", "进展状态"),
        "notes": ("说明",),
    },
    "project_progress": {
        "project.name": ("项目名称", "项目"),
        "period": ("报告期", "年月", "统计月份", "期间", "月度"),
        "percent_complete": ("完成进度", "进度", "形象进度", "完成比例", "完成率"),
        "investment_this_month": ("本月完成投资", "本月投资", "当月投资", "当月完成投资"),
        "investment_to_date": ("累计完成投资", "累计投资", "累计完成投资（万元）"),
        "milestone_reached": ("里程碑", "进展情况", "本月进展", "形象进度说明"),
        "notes": ("说明",),
    },
    "manual_statistics": {
        "target_id": ("指标", "指标名称", "目标名称"),
        "value": ("值", "统计值", "数据"),
        "as_of": ("日期", "截至日期"),
        "source": ("来源", "数据出处"),
        "notes": ("说明",),
    },
}
"""Common header texts of each target, beyond its own Chinese and English labels."""

EXACT, SYNONYM, LOOSE = 0, 1, 2
_STRIP = re.compile(r"[\s*_:：]|[(（]必填[)）]")
_BRACKETS = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")


def fold_header(text: Any) -> str:
    """A header as compared: half-width, lower case, no spaces, marks or ``(必填)``."""
    folded = unicodedata.normalize("NFKC", str(text if text is not None else ""))
    return _STRIP.sub("", folded).lower()


def _loose(text: str) -> str:
    return _BRACKETS.sub("", text)


def targets(spec: LedgerSpec) -> tuple[str, ...]:
    """What a column of this ledger may be mapped to: its fields and its references."""
    names = [f.name for f in spec.fields if f.kind not in (Kind.ENTERPRISE, Kind.PROJECT)]
    if any(f.kind is Kind.ENTERPRISE for f in spec.fields):
        names += ["enterprise.credit_code", "enterprise.name", "enterprise.address"]
    if any(f.kind is Kind.PROJECT for f in spec.fields):
        names.append("project.name")
    return tuple(names)


def target_label(spec: LedgerSpec, target: str, language: str = "zh") -> str:
    """The label of a field or reference target."""
    if target in REFERENCE_LABELS:
        zh, en = REFERENCE_LABELS[target]
        return en if language == "en" else zh
    return spec.field(target).label(language)


def _vocabulary(spec: LedgerSpec) -> list[tuple[str, str, int]]:
    """(folded text, target, strength) for every label and synonym of the ledger."""
    words: list[tuple[str, str, int]] = []
    for target in targets(spec):
        if target in REFERENCE_LABELS:
            words.append((fold_header(REFERENCE_LABELS[target][0]), target, EXACT))
        else:
            fld = spec.field(target)
            for text in (fld.label_zh, fld.label_en, fld.name):
                words.append((fold_header(text), target, EXACT))
        for text in SYNONYMS.get(spec.name, {}).get(target, ()):
            words.append((fold_header(text), target, SYNONYM))
    return words


def match_header(spec: LedgerSpec, header: Any) -> list[tuple[int, str]]:
    """Candidate targets of one header, strongest first: (strength, target)."""
    folded = fold_header(header)
    if not folded:
        return []
    found: dict[str, int] = {}
    loose = _loose(folded)
    for text, target, strength in _vocabulary(spec):
        if text == folded:
            level = strength
        elif loose and _loose(text) == loose:
            level = LOOSE
        else:
            continue
        found[target] = min(level, found.get(target, LOOSE))
    return sorted((level, target) for target, level in found.items())


def propose_columns(spec: LedgerSpec, headers: list[Any]) -> dict[int, str]:
    """Column index → target, the strongest matches first, one column per target."""
    candidates = sorted(
        (level, index, target)
        for index, header in enumerate(headers)
        for level, target in match_header(spec, header)
    )
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for _level, index, target in candidates:
        if index in mapping or target in taken:
            continue
        mapping[index] = target
        taken.add(target)
    return mapping


def header_score(spec: LedgerSpec, cells: Iterable[Any]) -> int:
    """How much a row looks like this ledger's header row (distinct targets recognised)."""
    texts = [c for c in cells if isinstance(c, str) and c.strip()]
    if len(texts) < 2:
        return 0
    return len(set(propose_columns(spec, list(texts)).values()))


def fingerprint(ledger: str, headers: list[Any]) -> str:
    """The layout's identity: ledger and folded header texts, column by column."""
    text = ledger + "\x1f" + "\x1f".join(fold_header(h) for h in headers).rstrip("\x1f")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass
class Mapping:
    """How one layout maps onto a ledger, plus per-file defaults, derivations and value maps."""

    ledger: str
    columns: dict[int, str]
    defaults: dict[str, Any] = field(default_factory=dict)
    derive: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    header_row: int | None = None
    source: str = "proposed"
    """``proposed`` (from the headers), ``remembered`` (this layout's last import) or ``file``."""

    def to_json(self, headers: list[Any]) -> dict[str, Any]:
        """The mapping file's content (columns keyed by header text)."""
        columns: dict[str, str | None] = {}
        for index, header in enumerate(headers):
            text = str(header).strip() if header is not None else ""
            if text and text not in columns:
                columns[text] = self.columns.get(index)
        return {
            "format": MAPPING_FORMAT,
            "version": MAPPING_VERSION,
            "ledger": self.ledger,
            "header_row": self.header_row,
            "columns": columns,
            "defaults": self.defaults,
            "derive": self.derive,
            "values": self.values,
        }


DERIVATIONS: dict[str, dict[str, tuple[str, str]]] = {
    "inspections": {
        "result": ("failing_items", "有不合格项目为不合格，否则为合格"),
        "batches_passed": ("result", "合格为全部批次，不合格为 0"),
        "inspection_date": ("announcement_date", "取公告日期"),
    },
}
"""Ledger → field → (rule, what it means in Chinese): values a file may lack and derive."""


def _mapping_error(zh: str, en: str) -> UsageError:
    return UsageError(f"映射文件有误：{zh}", f"mapping file: {en}")


def mapping_from_json(data: Any, ledger: str, headers: list[Any]) -> Mapping:
    """Read a mapping file's content against a sheet's headers; raise UsageError if wrong."""
    spec = LEDGERS[ledger]
    if not isinstance(data, dict) or data.get("format") != MAPPING_FORMAT:
        raise _mapping_error(f"format 应为 {MAPPING_FORMAT}", f"format must be {MAPPING_FORMAT}")
    if data.get("version") != MAPPING_VERSION:
        raise _mapping_error("不支持的版本", "unsupported version")
    if data.get("ledger", ledger) != ledger:
        raise _mapping_error(
            f"是 {data.get('ledger')} 台账的映射，不是 {ledger}",
            f"it maps ledger {data.get('ledger')}, not {ledger}",
        )
    allowed = set(targets(spec))
    by_header: dict[str, int] = {}
    for position, text in enumerate(headers):
        by_header.setdefault(fold_header(text), position)
    columns: dict[int, str] = {}
    raw_columns = data.get("columns", {})
    if not isinstance(raw_columns, dict):
        raise _mapping_error("columns 应为对象", "columns must be an object")
    for header, target in raw_columns.items():
        if target is None:
            continue
        if target not in allowed:
            raise _mapping_error(f"未知的字段 {target}", f"unknown field {target}")
        index: int | None = by_header.get(fold_header(header))
        if index is None:
            letter = str(header).strip().upper()
            if re.fullmatch(r"[A-Z]{1,3}", letter):
                index = sum((ord(c) - 64) * 26**i for i, c in enumerate(reversed(letter))) - 1
            else:
                continue  # a column this file does not have
        if target in columns.values():
            raise _mapping_error(f"字段 {target} 对应了两列", f"field {target} maps two columns")
        columns[index] = target
    defaults = data.get("defaults", {}) or {}
    derive = data.get("derive", {}) or {}
    values = data.get("values", {}) or {}
    if (
        not isinstance(defaults, dict)
        or not isinstance(derive, dict)
        or not isinstance(values, dict)
    ):
        raise _mapping_error(
            "defaults、derive、values 应为对象", "defaults, derive and values must be objects"
        )
    names = set(spec.field_names)
    for name in list(defaults) + list(values):
        if name not in names:
            raise _mapping_error(f"未知的字段 {name}", f"unknown field {name}")
    rules = DERIVATIONS.get(ledger, {})
    for name, rule in derive.items():
        if rules.get(name, ("",))[0] != rule:
            known = "、".join(f"{k}={v[0]}" for k, v in rules.items()) or "无"
            raise _mapping_error(
                f"不支持的推导 {name}={rule}（可用：{known}）",
                f"unsupported derivation {name}={rule}",
            )
    for name, table in values.items():
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise _mapping_error(f"values.{name} 应为文字对照表", f"values.{name} must map text")
    header_row = data.get("header_row")
    if header_row is not None and (not isinstance(header_row, int) or header_row < 1):
        raise _mapping_error("header_row 应为正整数", "header_row must be a positive integer")
    return Mapping(
        ledger,
        columns,
        dict(defaults),
        {str(k): str(v) for k, v in derive.items()},
        {str(k): {str(a): str(b) for a, b in v.items()} for k, v in values.items()},
        header_row,
        "file",
    )
