"""Turn user input (form text or JSON values) into checked Python values, field by field.

Every problem becomes a :class:`FieldError` with a Chinese and an English message; all problems of
a record are collected and raised together so a form can mark every bad field at once.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.errors import FieldError, ValidationError
from desktop.services import credit_code
from desktop.services.dates import DateTextError, parse_clerk_date, parse_clerk_period
from desktop.services.fields import Field, Kind, LedgerSpec

EARLIEST_DATE = date(2000, 1, 1)
FUTURE_DAYS_ALLOWED = 366 * 5


@dataclass(frozen=True)
class References:
    """Callbacks that answer whether a referenced row exists (backed by the database)."""

    category_group: Callable[[str], str | None]
    township_exists: Callable[[str], bool]
    enterprise_exists: Callable[[str], bool]
    project_exists: Callable[[str], bool]
    target_exists: Callable[[str], bool]


def _err(name: str, code: str, zh: str, en: str, overridable: bool = False) -> FieldError:
    return FieldError(name, code, zh, en, overridable)


def parse_date(value: Any) -> date:
    """Parse a date as clerks type it (2026-11-21, 20261121, 2026/11/21, …; see
    :mod:`desktop.services.dates`); raise :class:`DateTextError` (a ValueError) otherwise."""
    return parse_clerk_date(value)


def parse_period(value: Any) -> str:
    """Parse a month (2026-11, 202611, 2026/11, …) to ``YYYY-MM``; raise ValueError otherwise."""
    return parse_clerk_period(value)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _clean_value(fld: Field, value: Any, refs: References, today: date) -> Any:
    """Return the checked value or raise a FieldError."""
    name, kind = fld.name, fld.kind
    if kind in (
        Kind.TEXT,
        Kind.CATEGORY,
        Kind.TOWNSHIP,
        Kind.ENTERPRISE,
        Kind.PROJECT,
        Kind.TARGET,
    ):
        if not isinstance(value, str):
            raise _Problem(_err(name, "type", "应为文字", "must be text"))
        text = value.strip()
        if "\x00" in text:
            raise _Problem(_err(name, "control", "含有无效的控制字符", "contains a NUL character"))
        if len(text) > fld.max_length:
            raise _Problem(
                _err(
                    name,
                    "too_long",
                    f"不能超过 {fld.max_length} 个字（现为 {len(text)} 个）",
                    f"at most {fld.max_length} characters (got {len(text)})",
                )
            )
        _check_reference(fld, text, refs)
        return text
    if kind is Kind.CREDIT_CODE:
        if not isinstance(value, str):
            raise _Problem(_err(name, "type", "应为文字", "must be text"))
        return credit_code.normalise(value)
    if kind is Kind.INT:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise _Problem(_err(name, "type", "应为整数", "must be a whole number"))
        try:
            number = int(str(value).strip())
        except ValueError:
            raise _Problem(_err(name, "type", "应为整数", "must be a whole number")) from None
        _check_range(fld, number)
        return number
    if kind is Kind.FLOAT:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise _Problem(_err(name, "type", "应为数字", "must be a number"))
        try:
            real = float(str(value).strip())
        except ValueError:
            raise _Problem(_err(name, "type", "应为数字", "must be a number")) from None
        if not math.isfinite(real):
            raise _Problem(_err(name, "type", "应为数字", "must be a number"))
        _check_range(fld, real)
        return real
    if kind is Kind.DATE:
        try:
            parsed = parse_date(value)
        except DateTextError as error:
            # one code for both (callers match on it); the message says which mistake it is
            raise _Problem(_err(name, "date", error.message_zh(), error.message_en())) from None
        if parsed < EARLIEST_DATE or (parsed - today).days > FUTURE_DAYS_ALLOWED:
            raise _Problem(
                _err(
                    name,
                    "date_range",
                    f"日期 {parsed.isoformat()} 超出合理范围",
                    f"date {parsed.isoformat()} is out of the plausible range",
                )
            )
        return parsed
    if kind is Kind.PERIOD:
        try:
            period = parse_period(value)
        except DateTextError as error:
            if error.reason == "no_such_month":
                raise _Problem(
                    _err(name, "no_such_month", error.message_zh(), error.message_en())
                ) from None
            raise _Problem(
                _err(
                    name,
                    "period",
                    "月份格式应为 YYYY-MM（如 2026-11 或 202611）",
                    "periods are written YYYY-MM (e.g. 2026-11 or 202611)",
                )
            ) from None
        first_day = date(int(period[:4]), int(period[5:]), 1)
        if first_day < EARLIEST_DATE or (first_day - today).days > FUTURE_DAYS_ALLOWED:
            raise _Problem(
                _err(
                    name,
                    "date_range",
                    f"月份 {period} 超出合理范围",
                    f"month {period} is out of the plausible range",
                )
            )
        return period
    if kind is Kind.BOOL:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in {"1", "true", "yes", "是"}:
            return True
        if isinstance(value, str) and value.strip().lower() in {"0", "false", "no", "否"}:
            return False
        raise _Problem(_err(name, "type", "应为 是/否", "must be true or false"))
    if kind is Kind.CHOICE:
        codes = [c.code for c in fld.choices]
        if value not in codes:
            labels = "、".join(f"{c.code}（{c.label_zh}）" for c in fld.choices)
            raise _Problem(
                _err(
                    name,
                    "choice",
                    f"取值应为 {labels}",
                    f"must be one of {', '.join(codes)}",
                )
            )
        return value
    if kind is Kind.ITEMS:
        return _clean_items(fld, value)
    raise AssertionError(kind)


def _clean_items(fld: Field, value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list) or len(value) > 100:
        raise _Problem(
            _err(fld.name, "type", "应为列表（最多100项）", "must be a list (100 items at most)")
        )
    items: list[dict[str, str]] = []
    for position, item in enumerate(value, start=1):
        if not isinstance(item, dict) or set(item) - set(fld.item_keys):
            raise _Problem(
                _err(
                    fld.name,
                    "item",
                    f"第 {position} 项应只含 {'、'.join(fld.item_keys)}",
                    f"item {position} may only have {', '.join(fld.item_keys)}",
                )
            )
        cleaned = {}
        for key, raw in item.items():
            text = "" if raw is None else str(raw).strip()
            if len(text) > 200:
                raise _Problem(
                    _err(fld.name, "too_long", f"第 {position} 项过长", f"item {position} too long")
                )
            cleaned[key] = text
        items.append(cleaned)
    return items


def _check_range(fld: Field, number: float) -> None:
    if fld.minimum is not None and number < fld.minimum:
        raise _Problem(
            _err(
                fld.name, "range", f"不能小于 {fld.minimum:g}", f"must be at least {fld.minimum:g}"
            )
        )
    if fld.maximum is not None and number > fld.maximum:
        raise _Problem(
            _err(fld.name, "range", f"不能大于 {fld.maximum:g}", f"must be at most {fld.maximum:g}")
        )


def _check_reference(fld: Field, text: str, refs: References) -> None:
    if not text:
        return
    name = fld.name
    if fld.kind is Kind.CATEGORY:
        group = refs.category_group(text)
        if group is None:
            raise _Problem(
                _err(name, "unknown", f"未知的类别代码 {text}", f"unknown category {text}")
            )
        if fld.category_group and group != fld.category_group:
            raise _Problem(
                _err(
                    name,
                    "wrong_group",
                    f"类别 {text} 不属于本台账",
                    f"category {text} does not belong to this ledger",
                )
            )
    elif fld.kind is Kind.TOWNSHIP and not refs.township_exists(text):
        raise _Problem(_err(name, "unknown", f"未知的乡镇代码 {text}", f"unknown township {text}"))
    elif fld.kind is Kind.ENTERPRISE and not refs.enterprise_exists(text):
        raise _Problem(_err(name, "unknown", f"找不到企业 {text}", f"no enterprise with id {text}"))
    elif fld.kind is Kind.PROJECT and not refs.project_exists(text):
        raise _Problem(_err(name, "unknown", f"找不到项目 {text}", f"no project with id {text}"))
    elif fld.kind is Kind.TARGET and not refs.target_exists(text):
        raise _Problem(_err(name, "unknown", f"未知的目标 {text}", f"unknown target {text}"))


class _Problem(Exception):  # noqa: N818 - internal signal, never escapes the module
    def __init__(self, error: FieldError) -> None:
        super().__init__(error.one_line())
        self.error = error


def clean_record(
    spec: LedgerSpec,
    data: Mapping[str, Any],
    refs: References,
    today: date,
    existing: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Check ``data`` for a new record (``existing`` None) or the changes to an existing one.

    Returns the cleaned values of the given fields; raises :class:`ValidationError` with every
    problem found. Cross-field rules see the merged record (existing values plus changes).
    """
    errors: list[FieldError] = []
    cleaned: dict[str, Any] = {}
    known = set(spec.field_names)
    for name in data:
        if name not in known:
            errors.append(
                _err(name, "unknown_field", "本台账没有这个字段", "this ledger has no such field")
            )
    for fld in spec.fields:
        if fld.name not in data:
            continue
        value = data[fld.name]
        if _blank(value):
            if fld.required:
                errors.append(_err(fld.name, "required", "必填", "required"))
            else:
                cleaned[fld.name] = [] if fld.kind is Kind.ITEMS else None
            continue
        try:
            cleaned[fld.name] = _clean_value(fld, value, refs, today)
        except _Problem as problem:
            errors.append(problem.error)
    if existing is None:
        for fld in spec.fields:
            if fld.required and fld.name not in data:
                errors.append(_err(fld.name, "required", "必填", "required"))
    merged = {**(existing or {}), **cleaned}
    errors.extend(_credit_code_problems(spec, merged))
    bad_fields = {e.field for e in errors}
    for check in spec.cross_checks:
        for name, code, zh, en in check(merged):
            if name not in bad_fields:
                errors.append(_err(name, code, zh, en))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _malformed(overridable: bool) -> FieldError:
    return _err(
        "credit_code",
        "malformed",
        "统一社会信用代码应为18位数字或大写字母（不含 I、O、S、V、Z）；"
        "如为旧版注册号等特殊情况，请填写例外说明",
        "the credit code must be 18 digits or capital letters (no I, O, S, V, Z); "
        "give a reason to accept another identifier (e.g. an old registration number)",
        overridable,
    )


def _credit_code_problems(spec: LedgerSpec, merged: Mapping[str, Any]) -> list[FieldError]:
    if "credit_code" not in spec.field_names or not isinstance(merged.get("credit_code"), str):
        return []
    code = merged["credit_code"]
    if merged.get("credit_code_override_reason"):
        return [] if len(code) <= 18 else [_malformed(overridable=False)]
    verdict = credit_code.check(code)
    if verdict is credit_code.CodeCheck.MALFORMED:
        return [_malformed(overridable=len(code) <= 18)]
    if verdict is credit_code.CodeCheck.BAD_CHECK_DIGIT:
        return [
            _err(
                "credit_code",
                "check_digit",
                "统一社会信用代码校验位不符；如确认无误，请填写例外说明",
                "the credit code's check character is wrong; give a reason to accept it anyway",
                overridable=True,
            )
        ]
    return []
