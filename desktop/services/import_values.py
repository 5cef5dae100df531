"""Cell values into field values: numbers, dates, choices, categories and yes/no as files have them.

Each converter takes a cell (text, number, date, :class:`Formula`, :class:`Percent`) and returns the
value the ledger's validation expects, or raises :class:`ValueProblem` with a Chinese reason.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from desktop.services.dates import parse_loose_date, parse_loose_period
from desktop.services.fields import Choice, Field, Kind
from desktop.services.spreadsheet import Formula, Percent

_NUMBER = re.compile(r"[+-]?(?:\d+(?:,\d{3})*|\d*)(?:\.\d+)?")
_UNIT = re.compile(r"(万元|元|批次|批|个|家|次|项|件|%)$")

CHOICE_SYNONYMS: dict[str, dict[str, str]] = {
    "result": {
        "合格": "pass",
        "符合": "pass",
        "符合要求": "pass",
        "通过": "pass",
        "不合格": "fail",
        "不符合": "fail",
        "不符合要求": "fail",
        "未通过": "fail",
        "正常经营": "no_problem",
        "未发现问题": "no_problem",
        "正常": "no_problem",
        "无问题": "no_problem",
        "责令整改": "order_correction",
        "限期整改": "order_correction",
    },
    "sampling_stage": {
        "生产环节": "production",
        "生产企业": "production",
        "流通环节": "circulation",
        "销售环节": "circulation",
        "销售": "circulation",
        "经营": "circulation",
        "餐饮环节": "catering",
        "餐饮服务": "catering",
    },
    "level": {
        "镇": "township",
        "乡级": "township",
        "乡镇级": "township",
        "县": "county",
        "市": "city",
        "省": "province",
        "国家": "national",
        "国家级": "national",
    },
    "tier": {
        "规上": "above_scale",
        "规模以上": "above_scale",
        "规模以上企业": "above_scale",
        "领军": "leading",
        "高成长型": "high_growth",
    },
    "rectification_status": {
        "无需整改": "none",
        "不需要整改": "none",
        "无": "none",
        "正在整改": "pending",
        "整改中": "pending",
        "未整改": "pending",
        "已完成整改": "done",
        "整改完成": "done",
        "已整改到位": "done",
    },
    "status": {
        "在建": "ongoing",
        "实施中": "ongoing",
        "推进中": "ongoing",
        "完成": "completed",
        "已完工": "completed",
        "竣工": "completed",
        "未开工": "planned",
        "停工": "suspended",
    },
}
"""Words clerks write for a choice, beyond its code and labels (by field name)."""
TRUE_WORDS = frozenset({"是", "需要", "有", "√", "✓", "y", "yes", "true", "1", "要"})
FALSE_WORDS = frozenset({"否", "不需要", "无", "×", "✗", "n", "no", "false", "0", "不要"})


class ValueProblem(Exception):  # noqa: N818 - internal signal, caught row by row
    """A cell cannot become the field's value; ``message_zh`` says why."""

    def __init__(self, message_zh: str) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh


def fold(text: str) -> str:
    """NFKC-folded, trimmed, lower case and without inner spaces (for comparing words)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def as_text(value: Any) -> str:
    """A cell as the text a clerk sees (a formula keeps its text; 3.0 is "3"; dates ISO)."""
    if isinstance(value, Formula):
        return str(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.date().isoformat() if not value.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _formula(value: Any) -> None:
    if isinstance(value, Formula):
        raise ValueProblem(f"含公式 {value}，请复制后“粘贴为数值”再导入")


def as_number(value: Any) -> float:
    """A number from a cell: ``1,234``, ``72%`` (72), a percentage cell (its shown value)."""
    _formula(value)
    if isinstance(value, bool):
        raise ValueProblem("应为数字")
    if isinstance(value, Percent):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(" ", "")
    text = _UNIT.sub("", text).replace("，", ",")
    if not text or not _NUMBER.fullmatch(text):
        raise ValueProblem(f"“{value}”不是数字")
    return float(text.replace(",", ""))


def as_int(value: Any) -> int:
    number = as_number(value)
    if not number.is_integer():
        raise ValueProblem(f"“{as_text(value)}”应为整数")
    return int(number)


def as_date(value: Any) -> date:
    _formula(value)
    day = parse_loose_date(value)
    if day is None:
        raise ValueProblem(
            f"“{as_text(value)}”不是日期（可写 2024-03-05、2024/3/5、2024.3.5 或 2024年3月5日）"
        )
    return day


def as_period(value: Any) -> str:
    _formula(value)
    period = parse_loose_period(value)
    if period is None:
        raise ValueProblem(f"“{as_text(value)}”不是月份（可写 2024-03 或 2024年3月）")
    return period


def as_bool(value: Any) -> bool:
    _formula(value)
    if isinstance(value, bool):
        return value
    word = fold(as_text(value))
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueProblem(f"“{as_text(value)}”应为 是 或 否")


def choice_table(fld: Field, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Folded word → code: codes, both labels, the usual synonyms and the file's own words."""
    table: dict[str, str] = {}
    choices: tuple[Choice, ...] = fld.choices
    for choice in choices:
        for word in (choice.code, choice.label_zh, choice.label_en):
            table[fold(word)] = choice.code
    for word, code in CHOICE_SYNONYMS.get(fld.name, {}).items():
        if any(c.code == code for c in choices):
            table.setdefault(fold(word), code)
    for word, code in (extra or {}).items():
        table[fold(word)] = code
    return table


def converter(fld: Field, extra: dict[str, str] | None = None) -> Callable[[Any], Any]:
    """The function that turns a cell into this field's value (before validation)."""
    kind = fld.kind
    if kind is Kind.INT:
        return as_int
    if kind is Kind.FLOAT:
        return as_number
    if kind is Kind.DATE:
        return as_date
    if kind is Kind.PERIOD:
        return as_period
    if kind is Kind.BOOL:
        return as_bool
    if kind is Kind.CHOICE:
        table = choice_table(fld, extra)
        labels = "、".join(c.label_zh for c in fld.choices)

        def choice(value: Any) -> str:
            code = table.get(fold(as_text(value)))
            if code is None:
                raise ValueProblem(f"“{as_text(value)}”不是可选值（可选：{labels}）")
            return code

        return choice
    if kind is Kind.ITEMS:
        return as_items(fld)
    if extra:
        words = {fold(k): v for k, v in extra.items()}

        def mapped_text(value: Any) -> str:
            text = as_text(value)
            return words.get(fold(text), text)

        return mapped_text
    return as_text


_ITEM_SPLIT = re.compile(r"[;；\n]+")
_PART_SPLIT = re.compile(r"\s*[║|｜]\s*")


def as_items(fld: Field) -> Callable[[Any], list[dict[str, str]]]:
    """A list field from text: items split by ``；`` or new lines, parts by ``║`` or ``|``."""
    keys = fld.item_keys

    def items(value: Any) -> list[dict[str, str]]:
        text = as_text(value)
        if fold(text) in {"无", "/", "-", "—", "无不合格项目"}:
            return []
        out = []
        for chunk in _ITEM_SPLIT.split(text):
            if not chunk.strip():
                continue
            parts = _PART_SPLIT.split(chunk.strip())
            item = {key: part for key, part in zip(keys, parts, strict=False) if part}
            if len(parts) > len(keys):
                item[keys[-1]] = " ".join(parts[len(keys) - 1 :])
            out.append(item)
        return out

    return items
