"""Import an enterprise list from Excel: map columns by header, check every row, write the good.

Three steps, each usable alone (the CLI and a window dialog share them):

1. :func:`read_workbook` reads the sheet in openpyxl's read-only mode, finds the header row and
   maps columns by their header text (统一社会信用代码, 企业名称, 所属乡镇, ...; English field names
   too). A file without the credit-code or name column, with merged cells, or beyond the size
   limits is refused as a whole with a clear message.
2. :func:`check_rows` validates each row with the same rules as a form (``clean_record``): bad
   credit code, missing name, unknown township, formulas, duplicates within the file and against
   enterprises already registered by this office. Nothing is written.
3. :func:`write_rows` inserts all good rows in one transaction with set-based inserts, each with
   its sync identity (UUIDv7, owner, HLC) and an audit entry, exactly as ``LedgerService.create``
   would write them. It either writes every good row or none.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy import insert, select

from desktop.db import Database
from desktop.errors import FieldError, UsageError, ValidationError
from desktop.ids import owned_id
from desktop.models import AuditEntry, Enterprise, Township
from desktop.services import credit_code
from desktop.services import office as office_service
from desktop.services.audit import audit_values
from desktop.services.fields import ENTERPRISES, TIERS
from desktop.services.office import Office
from desktop.services.records import json_ready
from desktop.services.validation import References, clean_record

MAX_ROWS = 200_000
MAX_BYTES = 60 * 1024 * 1024
HEADER_SEARCH_ROWS = 10
CHUNK = 5000

ALIASES: dict[str, tuple[str, ...]] = {
    "credit_code": ("统一社会信用代码", "社会信用代码", "信用代码", "统一代码", "creditcode"),
    "name": ("企业名称", "单位名称", "企业(单位)名称", "名称", "企业", "name"),
    "township_code": ("所属乡镇", "乡镇", "乡镇(街道)", "乡镇代码", "township", "townshipcode"),
    "industry": ("行业", "所属行业", "industry"),
    "tier": ("企业类型", "类型", "企业规模", "tier"),
    "address": ("地址", "住所", "经营地址", "注册地址", "address"),
    "contact_person": ("联系人", "负责人", "法定代表人", "contactperson"),
    "contact_phone": ("联系电话", "电话", "手机", "手机号码", "contactphone"),
    "notes": ("备注", "notes"),
    "credit_code_override_reason": ("代码校验例外说明", "例外说明", "creditcodeoverridereason"),
}
REQUIRED = ("credit_code", "name")
MERGE_RE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]+[0-9]+:[A-Z]+[0-9]+)\"")


def _normalise_header(text: Any) -> str:
    folded = unicodedata.normalize("NFKC", str(text or ""))
    return re.sub(r"[\s*_:：]|[((]必填[))]", "", folded).lower()


HEADER_TO_FIELD = {
    _normalise_header(alias): name for name, aliases in ALIASES.items() for alias in aliases
}
for _field in ENTERPRISES.fields:
    HEADER_TO_FIELD.setdefault(_normalise_header(_field.label_zh), _field.name)
    HEADER_TO_FIELD.setdefault(_normalise_header(_field.label_en), _field.name)
    HEADER_TO_FIELD.setdefault(_normalise_header(_field.name), _field.name)


@dataclass
class ImportPlan:
    """What was read: the sheet, which column holds which field, and the raw rows."""

    path: Path
    sheet: str
    header_row: int
    mapping: dict[int, str]
    headers: dict[int, str]
    unmapped: list[str]
    rows: list[tuple[int, dict[str, Any], list[str]]] = field(default_factory=list)
    """(row number, values by field, problems found while reading such as formulas)."""

    def mapping_labels(self) -> dict[str, str]:
        """Field name → the header it was read from."""
        return {name: self.headers[column] for column, name in sorted(self.mapping.items())}


@dataclass(frozen=True)
class RowProblem:
    """A refused row: its number in the sheet, what it said, and why it was refused."""

    row: int
    credit_code: str
    name: str
    reasons: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "credit_code": self.credit_code,
            "name": self.name,
            "reasons": list(self.reasons),
        }


@dataclass
class CheckedRows:
    """Rows that may go in (cleaned values) and rows refused with reasons."""

    total: int
    good: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    bad: list[RowProblem] = field(default_factory=list)

    def preview(self, limit: int) -> list[dict[str, Any]]:
        return [
            {"row": number, **{k: json_ready(v) for k, v in values.items()}}
            for number, values in self.good[:limit]
        ]


def _file_error(path: Path, zh: str, en: str) -> UsageError:
    return UsageError(f"{path.name}:{zh}", f"{path.name}: {en}")


def _merged_ranges(sheet: Any) -> list[str]:
    """Merged ranges of a read-only sheet, read from its XML stream."""
    found: list[str] = []
    tail = b""
    with sheet._get_source() as source:
        while chunk := source.read(1 << 20):
            data = tail + chunk
            found.extend(m.decode() for m in MERGE_RE.findall(data))
            tail = data[-200:]
    return sorted(set(found))


def read_workbook(path: Path, sheet: str | None = None) -> ImportPlan:
    """Read an enterprise list; whole-file problems raise :class:`UsageError`."""
    if not path.is_file():
        raise UsageError(f"找不到文件 {path}", f"no such file: {path}")
    if path.stat().st_size > MAX_BYTES:
        raise _file_error(path, "文件超过 60 MB,请分批导入", "larger than 60 MB; split it")
    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise _file_error(
            path, "不是有效的 .xlsx 工作簿(请在 Excel 中另存为 .xlsx)", "not a valid .xlsx workbook"
        ) from None
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            names = "、".join(workbook.sheetnames)
            raise _file_error(path, f"没有工作表 {sheet}(现有:{names})", f"no sheet {sheet}")
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        merged = _merged_ranges(worksheet)
        if merged:
            shown = "、".join(merged[:5]) + (" 等" if len(merged) > 5 else "")
            raise _file_error(
                path,
                f"含合并单元格 {shown},请取消合并并在每行填写完整后再导入",
                f"has merged cells ({', '.join(merged[:5])}); unmerge them and fill every row",
            )
        return _read_rows(path, worksheet)
    finally:
        workbook.close()


def _read_rows(path: Path, worksheet: Any) -> ImportPlan:
    rows = worksheet.iter_rows()
    header_row = 0
    mapping: dict[int, str] = {}
    headers: dict[int, str] = {}
    for number, cells in enumerate(rows, start=1):
        texts = {i: str(c.value).strip() for i, c in enumerate(cells) if c.value is not None}
        found = {
            i: HEADER_TO_FIELD[_normalise_header(t)]
            for i, t in texts.items()
            if _normalise_header(t) in HEADER_TO_FIELD
        }
        if all(name in found.values() for name in REQUIRED):
            header_row, headers = number, texts
            for index, name in found.items():
                if name not in mapping.values():
                    mapping[index] = name
            break
        if number >= HEADER_SEARCH_ROWS:
            break
    if not header_row:
        raise _file_error(
            path,
            "前10行中找不到表头,至少需要“统一社会信用代码”和“企业名称”两列",
            "no header row in the first 10 rows; 统一社会信用代码 and 企业名称 are required",
        )
    unmapped = [t for i, t in sorted(headers.items()) if i not in mapping]
    plan = ImportPlan(path, worksheet.title, header_row, mapping, headers, unmapped)
    for number, cells in enumerate(rows, start=header_row + 1):
        values: dict[str, Any] = {}
        problems: list[str] = []
        for index, cell in enumerate(cells):
            if index not in mapping or cell.value is None:
                continue
            name = mapping[index]
            if cell.data_type == "f":
                problems.append(f"{get_column_letter(index + 1)}{number} 含公式,请粘贴为数值")
                continue
            values[name] = cell.value
        if not values and not problems:
            continue
        plan.rows.append((number, values, problems))
        if len(plan.rows) > MAX_ROWS:
            raise _file_error(
                path,
                f"超过 {MAX_ROWS} 行,请分批导入",
                f"more than {MAX_ROWS} rows; split the list",
            )
    return plan


TIER_BY_TEXT = {
    **{c.code: c.code for c in TIERS},
    **{c.label_zh: c.code for c in TIERS},
    **{c.label_en.lower(): c.code for c in TIERS},
    "规上": "above_scale",
    "规模以上": "above_scale",
    "领军": "leading",
    "高成长型": "high_growth",
}


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def check_rows(
    database: Database,
    office: Office,
    plan: ImportPlan,
    default_township: str | None = None,
    today: date | None = None,
) -> CheckedRows:
    """Check every row like a form would; nothing is written."""
    today = today or date.today()
    with database.session() as session:
        townships = {t.code: t.name_zh for t in session.scalars(select(Township))}
        registered = set(
            session.scalars(
                select(Enterprise.credit_code).where(
                    Enterprise.owner == office.owner, Enterprise.deleted.is_(False)
                )
            )
        )
    by_name = {name: code for code, name in townships.items()}
    by_name.update({name[:-1]: code for name, code in list(by_name.items()) if len(name) > 2})
    if default_township and default_township not in townships:
        raise UsageError(
            f"未知的乡镇代码 {default_township}", f"unknown township code {default_township}"
        )
    fallback = office.township_code or default_township
    refs = References(
        category_group=lambda _code: None,
        township_exists=lambda code: code in townships,
        enterprise_exists=lambda _id: False,
        project_exists=lambda _id: False,
        target_exists=lambda _id: False,
    )
    checked = CheckedRows(total=len(plan.rows))
    first_seen: dict[str, int] = {}
    for number, raw, problems in plan.rows:
        data = {name: _text(value) for name, value in raw.items()}
        reasons = list(problems)
        town = data.get("township_code", "")
        if town:
            data["township_code"] = by_name.get(town, town)
        elif fallback:
            data["township_code"] = fallback
        else:
            reasons.append("缺少所属乡镇(可用 --township 指定默认乡镇)")
        if office.township_code and data.get("township_code") not in (None, office.township_code):
            reasons.append(f"不属于本乡镇({townships.get(office.township_code, '')})")
        if data.get("tier"):
            data["tier"] = TIER_BY_TEXT.get(data["tier"].lower(), data["tier"])
        code = credit_code.normalise(data.get("credit_code", ""))
        try:
            cleaned = clean_record(ENTERPRISES, data, refs, today)
        except ValidationError as error:
            cleaned = {}
            reasons.extend(_reason(e) for e in error.errors)
        if code and code in first_seen:
            reasons.append(f"与第 {first_seen[code]} 行重复")
        elif code and code in registered:
            reasons.append("该统一社会信用代码的企业已登记")
        if reasons:
            checked.bad.append(
                RowProblem(
                    number, data.get("credit_code", ""), data.get("name", ""), tuple(reasons)
                )
            )
            continue
        first_seen[code] = number
        checked.good.append((number, cleaned))
    return checked


LABELS = {f.name: f.label_zh for f in ENTERPRISES.fields}


def _reason(error: FieldError) -> str:
    return f"{LABELS.get(error.field, error.field)}:{error.message_zh}"


def write_rows(
    database: Database, office: Office, checked: CheckedRows, actor: str | None = None
) -> int:
    """Insert every good row in one transaction (set-based), each with an audit entry."""
    if not checked.good:
        return 0
    actor = actor or office.operator
    now = datetime.now().replace(microsecond=0)
    columns = ENTERPRISES.field_names
    with database.session() as session:
        first = office_service.next_hlc(session)
        enterprises: list[dict[str, Any]] = []
        audits: list[dict[str, Any]] = []
        for offset, (_, cleaned) in enumerate(checked.good):
            values = {name: cleaned.get(name) for name in columns}
            record_id = owned_id(office.owner)
            hlc = first + offset
            enterprises.append(
                {
                    "id": record_id,
                    "owner": office.owner,
                    "hlc": hlc,
                    "origin": office.installation_id,
                    "base_hlc": None,
                    "deleted": False,
                    "created_by": actor,
                    "created_at": now,
                    "updated_by": actor,
                    "updated_at": now,
                    **values,
                }
            )
            audits.append(
                audit_values(
                    office,
                    at=now,
                    actor=actor,
                    table=ENTERPRISES.name,
                    record_id=record_id,
                    action="create",
                    hlc=hlc,
                    changed=columns,
                    after={k: json_ready(v) for k, v in values.items()},
                    reason=f"导入 {checked.total} 行名单",
                )
            )
        for chunk in _chunks(enterprises):
            session.execute(insert(Enterprise), chunk)
        for chunk in _chunks(audits):
            session.execute(insert(AuditEntry), chunk)
        office_service.observe_hlc(session, first + len(enterprises))
    return len(enterprises)


def _chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


def describe(plan: ImportPlan, checked: CheckedRows, written: int, dry_run: bool) -> str:
    """A plain-text account for the command line: mapping, counts, preview and refusals."""
    lines = [f"工作表 / sheet: {plan.sheet}(表头在第 {plan.header_row} 行)"]
    lines.append(
        "列对应 / columns: "
        + ",".join(f"{header}→{LABELS[name]}" for name, header in plan.mapping_labels().items())
    )
    if plan.unmapped:
        lines.append("未使用的列 / ignored columns: " + "、".join(plan.unmapped))
    lines.append(
        f"共 {checked.total} 行:可导入 {len(checked.good)} 行,有问题 {len(checked.bad)} 行"
        f" / {checked.total} rows: {len(checked.good)} good, {len(checked.bad)} refused"
    )
    if dry_run:
        lines.append("预览(未写入)/ preview (nothing written):")
        for item in checked.preview(10):
            lines.append(f"  第{item['row']}行 {item['credit_code']} {item['name']}")
    else:
        lines.append(f"已导入 / imported: {written}")
    if checked.bad:
        lines.append("未导入的行 / refused rows:")
        for problem in checked.bad[:200]:
            lines.append(
                f"  第{problem.row}行 {problem.credit_code} {problem.name}:"
                + ";".join(problem.reasons)
            )
        if len(checked.bad) > 200:
            lines.append(f"  …另有 {len(checked.bad) - 200} 行,请用 --errors-out 导出全部")
    return "\n".join(lines)
