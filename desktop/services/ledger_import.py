"""Import any ledger from a clerk's spreadsheet: find the header, map, check every row, preview.

The steps, each usable alone (the command line and the window's wizard share them):

1. :func:`detect_layout` finds the header row of a sheet (the row, within the first 30, that
   names the most of the ledger's fields; title rows and merged titles above it are skipped).
2. :func:`mapping_for` proposes the column mapping: the one remembered for this layout when the
   clerk imported such a file before, else one built from the header texts.
3. :func:`check` (a generator yielding progress) reads every row and sorts it: *good* rows with
   their cleaned values, *duplicates* of records already stored (or of an earlier row) that will
   be skipped, *refused* rows with their reasons in Chinese, and rows *skipped* as blank,
   subtotal, repeated header or footer. References are resolved here: an enterprise by credit
   code, else by exact name within the township, created from the row when it carries a valid
   credit code; a project by its name. Nothing is written.
4. :func:`desktop.services.import_writer.write` puts the good rows in, in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.errors import FieldError, UsageError, ValidationError
from desktop.ids import owned_id
from desktop.models import (
    Category,
    Certification,
    Enterprise,
    ImportLayout,
    Inspection,
    ManualStatistic,
    Project,
    ProjectProgress,
    Target,
    Township,
)
from desktop.services import credit_code, spreadsheet
from desktop.services.fields import ENTERPRISES, LEDGERS, Field, Kind, LedgerSpec
from desktop.services.import_mapping import (
    DERIVATIONS,
    REFERENCE_LABELS,
    Mapping,
    fingerprint,
    fold_header,
    header_score,
    propose_columns,
    target_label,
)
from desktop.services.import_values import ValueProblem, as_text, converter, fold
from desktop.services.ledger import spec_for
from desktop.services.office import Office
from desktop.services.validation import References, clean_record

HEADER_SEARCH_ROWS = 30
PREVIEW_ROWS = 50
PROGRESS_EVERY = 2000
MAX_ROWS = 500_000
ERROR_COLUMNS = ("原工作表", "原行号", "未导入原因")
"""Columns the refused-rows workbook adds; ignored when that workbook is imported again."""
_SUBTOTAL = re.compile(r"^(合计|小计|总计|共计|累计|本页合计|total|subtotal)", re.IGNORECASE)
_FOOTER = re.compile(
    r"^(填表人|制表人|审核人|负责人|填报人|填报单位|制表|填表|统计人|联系电话|说明|注[:：]|备注[:：])"
)

Progress = Generator[tuple[int, int], None, "ImportCheck"]


@dataclass(frozen=True)
class SheetLayout:
    """A sheet's header: where it is, what it says, and the layout's fingerprint."""

    sheet: str
    header_row: int
    headers: list[Any]
    fingerprint: str
    rows_hint: int | None = None


@dataclass
class RefusedRow:
    """A row that cannot go in: where it was, what it said, and why (Chinese)."""

    sheet: str
    row: int
    values: list[Any]
    reasons: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "reasons": self.reasons}


@dataclass
class DuplicateRow:
    """A row that repeats a stored record (or an earlier row) and will be skipped."""

    sheet: str
    row: int
    summary: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "summary": self.summary,
            "reason": self.reason,
        }


@dataclass
class SheetResult:
    """One sheet as read: its layout, the mapping used, and how its rows were sorted."""

    layout: SheetLayout
    mapping: Mapping
    rows: int = 0
    good: int = 0
    duplicates: int = 0
    refused: int = 0
    skipped: int = 0


@dataclass
class ImportCheck:
    """Everything a dry run shows; :func:`import_writer.write` writes its good rows."""

    ledger: str
    path: Path
    columns: tuple[str, ...]
    sheets: list[SheetResult] = field(default_factory=list)
    good: list[tuple[Any, ...]] = field(default_factory=list)
    """Cleaned values in ``columns`` order (the ledger's fields), one tuple per row to write."""
    good_rows: list[tuple[str, int]] = field(default_factory=list)
    new_enterprises: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[DuplicateRow] = field(default_factory=list)
    refused: list[RefusedRow] = field(default_factory=list)
    skipped: int = 0
    derived: dict[str, int] = field(default_factory=dict)
    """Field → how many rows took a per-file default or a derived value."""
    preview: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.good) + len(self.duplicates) + len(self.refused)

    def counts(self) -> dict[str, dict[str, int]]:
        """Created / duplicate / refused per ledger (enterprises created along count too)."""
        result = {
            self.ledger: {
                "created": len(self.good),
                "duplicate": len(self.duplicates),
                "refused": len(self.refused),
            }
        }
        if self.new_enterprises and self.ledger != "enterprises":
            result["enterprises"] = {
                "created": len(self.new_enterprises),
                "duplicate": 0,
                "refused": 0,
            }
        return result


class ImportCancelled(Exception):  # noqa: N818 - the clerk's choice, not a failure
    """The clerk cancelled the import; nothing was written."""


def _file_error(path: Path, zh: str, en: str) -> UsageError:
    return UsageError(f"{path.name}：{zh}", f"{path.name}: {en}")


# ---- layout and mapping --------------------------------------------------------------------


def _layout_headers(headers: list[Any]) -> list[Any]:
    """Headers without the columns the refused-rows workbook adds (so a fixed file maps itself)."""
    out = list(headers)
    while out and (out[-1] is None or str(out[-1]).strip() in ERROR_COLUMNS):
        out.pop()
    return out


def detect_layout(
    path: Path, ledger: str, sheet: str | None = None, header_row: int | None = None
) -> SheetLayout:
    """Find the header row of a sheet (or take the one given) for this ledger."""
    spec = spec_for(ledger)
    sheets = spreadsheet.list_sheets(path)
    name = sheet if sheet is not None else sheets[0].name
    info = next((s for s in sheets if s.name == name), None)
    if info is None:
        names = "、".join(s.name for s in sheets)
        raise _file_error(path, f"没有工作表 {name}（现有：{names}）", f"no sheet named {name}")
    best: tuple[int, int, list[Any]] = (0, 0, [])
    for number, cells in enumerate(spreadsheet.read_rows(path, name), start=1):
        if header_row is not None:
            if number == header_row:
                best = (2, number, cells)  # the clerk said so: no score needed
                break
            continue
        score = header_score(spec, cells)
        if score > best[0]:
            best = (score, number, cells)
        if number >= HEADER_SEARCH_ROWS:
            break
    score, number, cells = best
    if score < 2 or not cells:
        labels = "、".join(f.label_zh for f in spec.fields if f.required)
        raise _file_error(
            path,
            f"工作表 {name} 前 {HEADER_SEARCH_ROWS} 行中找不到{spec.label_zh}的表头"
            f"（应有 {labels} 等列）",
            f"sheet {name}: no {spec.label_en} header row in the first {HEADER_SEARCH_ROWS} rows",
        )
    headers = _layout_headers([_header_text(c) for c in cells])
    return SheetLayout(name, number, headers, fingerprint(ledger, headers), info.rows_hint)


def sample_rows(path: Path, layout: SheetLayout, count: int = 3) -> list[list[Any]]:
    """The first ``count`` non-blank rows under the header (shown beside the mapping)."""
    rows: list[list[Any]] = []
    for number, cells in enumerate(spreadsheet.read_rows(path, layout.sheet), start=1):
        if number <= layout.header_row or not any(c is not None for c in cells):
            continue
        rows.append(cells)
        if len(rows) >= count:
            break
    return rows


def _header_text(cell: Any) -> Any:
    return None if cell is None else as_text(cell).replace("\n", "")


def remembered(database: Database, ledger: str, layout: SheetLayout) -> Mapping | None:
    """The mapping the clerk confirmed for this layout last time, if any."""
    from desktop.services.import_mapping import mapping_from_json

    with database.session() as session:
        row = session.get(ImportLayout, (ledger, layout.fingerprint))
        if row is None:
            return None
        data = dict(row.mapping)
    try:
        mapping = mapping_from_json(data, ledger, layout.headers)
    except UsageError:
        return None  # a field renamed since: propose afresh
    mapping.source = "remembered"
    mapping.header_row = layout.header_row
    return mapping


def mapping_for(database: Database, ledger: str, layout: SheetLayout) -> Mapping:
    """The remembered mapping of this layout, else one proposed from its headers."""
    found = remembered(database, ledger, layout)
    if found is not None:
        return found
    spec = spec_for(ledger)
    columns = propose_columns(spec, layout.headers)
    return Mapping(ledger, columns, header_row=layout.header_row)


def same_layout_sheets(path: Path, ledger: str, first: SheetLayout) -> list[SheetLayout]:
    """Every sheet of the file whose header has the same layout as ``first``."""
    layouts = [first]
    for info in spreadsheet.list_sheets(path):
        if info.name == first.sheet:
            continue
        try:
            layout = detect_layout(path, ledger, info.name)
        except UsageError:
            continue
        if layout.fingerprint == first.fingerprint:
            layouts.append(layout)
    return layouts


# ---- the reference data one check needs ----------------------------------------------------


@dataclass
class _Lookups:
    """Reference data and existing records, loaded once per check (set lookups per row)."""

    townships: dict[str, str]
    categories: dict[str, tuple[str, str]]
    """folded code or label → (code, group)."""
    category_groups: dict[str, str]
    targets: dict[str, str]
    enterprise_by_code: dict[str, str]
    enterprise_by_name: dict[tuple[str, str], list[str]]
    enterprise_ids: set[str]
    project_by_name: dict[str, list[str]]
    project_ids: set[str]
    existing: set[Any]


def _township_words(rows: Iterable[tuple[str, str]]) -> dict[str, str]:
    words: dict[str, str] = {}
    for code, name in rows:
        words[fold(code)] = code
        words[fold(name)] = code
        if len(name) > 2 and name[-1] in "镇乡":
            words.setdefault(fold(name[:-1]), code)
    return words


def _load(session: Session, spec: LedgerSpec, office: Office) -> _Lookups:
    owner = office.owner
    towns = list(session.execute(select(Township.code, Township.name_zh)))
    categories: dict[str, tuple[str, str]] = {}
    groups: dict[str, str] = {}
    for code, zh, en, group, active in session.execute(
        select(Category.code, Category.label_zh, Category.label_en, Category.group, Category.active)
    ):
        if not active:
            continue
        groups[code] = group
        for word in (code, zh, en):
            categories.setdefault(fold(word), (code, group))
    targets = {}
    for target_id, name in session.execute(select(Target.id, Target.name_zh)):
        targets[fold(target_id)] = target_id
        targets.setdefault(fold(name), target_id)
    by_code: dict[str, str] = {}
    by_name: dict[tuple[str, str], list[str]] = {}
    ids: set[str] = set()
    live = Enterprise.deleted.is_(False)
    mine = [live] if office.is_county else [live, Enterprise.owner == owner]
    for rid, code, name, town in session.execute(
        select(Enterprise.id, Enterprise.credit_code, Enterprise.name, Enterprise.township_code)
        .where(*mine)
        .order_by(Enterprise.hlc)
    ):
        ids.add(rid)
        by_code.setdefault(code, rid)
        by_name.setdefault((town, fold(name)), []).append(rid)
    projects: dict[str, list[str]] = {}
    project_ids: set[str] = set()
    for rid, name in session.execute(
        select(Project.id, Project.name).where(Project.deleted.is_(False), Project.owner == owner)
    ):
        project_ids.add(rid)
        projects.setdefault(fold(name), []).append(rid)
    return _Lookups(
        _township_words(towns),
        categories,
        groups,
        targets,
        by_code,
        by_name,
        ids,
        projects,
        project_ids,
        _existing_keys(session, spec, owner),
    )


def _key_fields(spec: LedgerSpec) -> tuple[str, ...]:
    """What makes a row a duplicate: the ledger's uniqueness rule, else the import's own."""
    return spec.unique[0].fields if spec.unique else _KEY_FIELDS[spec.name]


def _duplicate_reason(spec: LedgerSpec) -> str:
    return spec.unique[0].message_zh if spec.unique else _DUPLICATE_REASON[spec.name]


def _existing_keys(session: Session, spec: LedgerSpec, owner: str) -> set[Any]:
    model = spec.model
    names = _key_fields(spec)
    columns = [getattr(model, name) for name in names]
    statement = select(*columns).where(model.deleted.is_(False), model.owner == owner)
    keys: set[Any] = set()
    for row in session.execute(statement):
        keys.update(_keys(spec, dict(zip(names, row, strict=True))))
    return keys


_KEY_FIELDS: dict[str, tuple[str, ...]] = {
    "inspections": ("enterprise_id", "inspection_date", "category_code", "subject"),
    "certifications": (
        "document_number",
        "enterprise_id",
        "category_code",
        "title",
        "awarded_date",
    ),
    "projects": ("township_code", "name"),
    "manual_statistics": ("target_id", "as_of"),
}
"""Duplicates by the issue's rules for ledgers whose spec declares no uniqueness (an inspection
may repeat a product on another day; a certificate is known by its number)."""
_DUPLICATE_REASON = {
    "inspections": "同一企业、日期、类别和产品的记录已登记",
    "certifications": "同一证书/文号的记录已登记",
    "projects": "同名项目已登记",
    "manual_statistics": "该目标同一日期的数据已登记",
}
assert set(_KEY_FIELDS) == set(_DUPLICATE_REASON)
assert all(spec.unique or name in _KEY_FIELDS for name, spec in LEDGERS.items())
_ = (Inspection, Certification, ProjectProgress, ManualStatistic)  # the models the keys read


def _keys(spec: LedgerSpec, values: dict[str, Any]) -> list[Any]:
    """The identities a record is a duplicate by (a certificate: its number, else its content)."""
    ledger = spec.name
    if ledger == "certifications":
        number = values.get("document_number")
        if number:
            return [("no", fold(number))]
        return [
            (
                "content",
                values.get("enterprise_id") or "",
                values.get("category_code"),
                fold(values.get("title") or ""),
                values.get("awarded_date"),
            )
        ]
    if ledger == "projects":
        return [(values.get("township_code"), fold(values.get("name") or ""))]
    return [tuple(values.get(name) or "" for name in _key_fields(spec))]


# ---- row checking ---------------------------------------------------------------------------


def _label(spec: LedgerSpec, target: str) -> str:
    return target_label(spec, target)


def _reason(spec: LedgerSpec, error: FieldError) -> str:
    try:
        label = spec.field(error.field).label_zh
    except KeyError:
        label = REFERENCE_LABELS.get(error.field, (error.field,))[0]
    return f"{label}：{error.message_zh}"


def _model_defaults(spec: LedgerSpec) -> dict[str, Any]:
    defaults: dict[str, Any] = {}
    for fld in spec.fields:
        column = spec.model.__table__.c[fld.name]
        if fld.kind is Kind.ITEMS:
            defaults[fld.name] = []
        elif column.default is not None and column.default.is_scalar:
            defaults[fld.name] = column.default.arg
        else:
            defaults[fld.name] = None
    return defaults


class _RowChecker:
    """Turns one mapped row into cleaned values, resolving references as it goes."""

    def __init__(
        self,
        spec: LedgerSpec,
        office: Office,
        lookups: _Lookups,
        today: date,
        default_township: str | None,
        check: ImportCheck,
    ) -> None:
        self.spec = spec
        self.office = office
        self.lookups = lookups
        self.today = today
        self.check = check
        self.township = office.township_code or default_township
        self.pending_by_code: dict[str, str] = {}
        self.pending_by_name: dict[tuple[str, str], str] = {}
        self.seen: dict[Any, int] = {}
        self.defaults = _model_defaults(spec)
        self.refs = References(
            category_group=lambda code: lookups.category_groups.get(code),
            township_exists=lambda code: code in self.town_codes,
            enterprise_exists=lambda rid: rid in lookups.enterprise_ids,
            project_exists=lambda rid: rid in lookups.project_ids,
            target_exists=lambda tid: tid in lookups.targets.values(),
        )
        self.town_codes = set(lookups.townships.values())
        self.names = frozenset(spec.field_names)
        self.converters: dict[str, Callable[[Any], Any]] = {}

    def prepare(self, mapping: Mapping) -> None:
        self.mapping = mapping
        self.converters = {
            f.name: self._converter(f, mapping.values.get(f.name)) for f in self.spec.fields
        }
        self.default_values: dict[str, Any] = {}
        for name, raw in mapping.defaults.items():
            if raw is None or raw == "":
                continue
            try:
                self.default_values[name] = self.converters[name](raw)
            except ValueProblem as problem:
                raise UsageError(
                    f"默认值有误：{self.spec.field(name).label_zh}：{problem.message_zh}",
                    f"bad default for {name}",
                ) from None

    def _converter(self, fld: Field, extra: dict[str, str] | None) -> Callable[[Any], Any]:
        lookups = self.lookups
        words = {fold(k): v for k, v in (extra or {}).items()}
        if fld.kind is Kind.CATEGORY:
            group = fld.category_group

            def category(value: Any) -> str:
                text = as_text(value)
                found = words.get(fold(text)) or text
                hit = lookups.categories.get(fold(found))
                if hit is None or (group and hit[1] != group):
                    raise ValueProblem(f"未知的类别“{text}”（可用代码或中文名称，见类别表）")
                return hit[0]

            return category
        if fld.kind is Kind.TOWNSHIP:

            def township(value: Any) -> str:
                text = as_text(value)
                code = lookups.townships.get(fold(words.get(fold(text), text)))
                if code is None:
                    raise ValueProblem(f"未知的乡镇“{text}”")
                return code

            return township
        if fld.kind is Kind.TARGET:

            def target(value: Any) -> str:
                text = as_text(value)
                hit = lookups.targets.get(fold(words.get(fold(text), text)))
                if hit is None:
                    raise ValueProblem(f"未知的目标“{text}”")
                return hit

            return target
        return converter(fld, extra)

    def row(self, sheet: str, number: int, cells: list[Any]) -> None:
        """Sort one row into good, duplicate or refused."""
        spec, check = self.spec, self.check
        data: dict[str, Any] = {}
        refs: dict[str, str] = {}
        reasons: list[str] = []
        failed: set[str] = set()
        width = len(cells)
        for index, target in self.mapping.columns.items():
            if index >= width:
                continue
            value = cells[index]
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if target in REFERENCE_LABELS:
                refs[target] = as_text(value)
                continue
            try:
                data[target] = self.converters[target](value)
            except ValueProblem as problem:
                reasons.append(f"{_label(spec, target)}：{problem.message_zh}")
                failed.add(target)
        for name, value in self.default_values.items():
            if name not in data and name not in failed:
                data[name] = value
                check.derived[name] = check.derived.get(name, 0) + 1
        self._derive(data, failed)
        if spec.prepare is not None:  # what follows from the given values, as in the form
            spec.prepare(data)
        self._township(data, reasons, failed)
        new_enterprise = self._enterprise(data, refs, reasons)
        self._project(data, refs, reasons)
        cleaned: dict[str, Any] = {}
        try:
            cleaned = clean_record(spec, data, self.refs, self.today)
        except ValidationError as error:
            reasons.extend(_reason(spec, e) for e in error.errors if e.field not in failed)
        if reasons:
            check.refused.append(RefusedRow(sheet, number, cells, reasons))
            if new_enterprise is not None:  # created only along with a row that goes in
                self._forget(new_enterprise)
            return
        if spec.derive is not None:  # e.g. the rectification status, as the form derives it
            spec.derive(cleaned, None)
        full = {**self.defaults, **cleaned}
        keys = _keys(spec, full)
        first_seen = next((self.seen[k] for k in keys if k in self.seen), None)
        if first_seen is not None or any(k in self.lookups.existing for k in keys):
            reason = (
                f"与第 {first_seen} 行重复" if first_seen is not None else _duplicate_reason(spec)
            )
            check.duplicates.append(DuplicateRow(sheet, number, self._summary(full), reason))
            if new_enterprise is not None:
                self._forget(new_enterprise)
            return
        for key in keys:
            self.seen[key] = number
        if new_enterprise is not None:
            check.new_enterprises.append(new_enterprise)
        check.good.append(tuple(full[name] for name in check.columns))
        check.good_rows.append((sheet, number))
        if len(check.preview) < PREVIEW_ROWS:
            check.preview.append({"sheet": sheet, "row": number, **full})

    def _summary(self, values: dict[str, Any]) -> str:
        title = values.get(self.spec.title_field)
        day = values.get(self.spec.date_field) if self.spec.date_field else None
        return " ".join(str(v) for v in (title, day) if v not in (None, ""))

    def _derive(self, data: dict[str, Any], failed: set[str]) -> None:
        rules = self.mapping.derive
        derived = self.check.derived
        if self.spec.name != "inspections":
            return
        if (
            rules.get("inspection_date")
            and "inspection_date" not in data
            and data.get("announcement_date") is not None
        ):
            data["inspection_date"] = data["announcement_date"]
            derived["inspection_date"] = derived.get("inspection_date", 0) + 1
        if rules.get("result") and "result" not in data and "result" not in failed:
            data["result"] = "fail" if data.get("failing_items") else "pass"
            derived["result"] = derived.get("result", 0) + 1
        sampled = data.get("batches_sampled")
        if (
            rules.get("batches_passed")
            and "batches_passed" not in data
            and isinstance(sampled, int)
            and data.get("result") is not None
        ):
            data["batches_passed"] = sampled if data["result"] in ("pass", "no_problem") else 0
            derived["batches_passed"] = derived.get("batches_passed", 0) + 1

    def _township(self, data: dict[str, Any], reasons: list[str], failed: set[str]) -> None:
        if "township_code" not in self.names or "township_code" in failed:
            return
        own = self.office.township_code
        given = data.get("township_code")
        if given is None:
            if self.township:
                data["township_code"] = self.township
            else:
                reasons.append("乡镇：缺少乡镇（请映射乡镇列，或为本文件设默认乡镇）")
                failed.add("township_code")
        elif own and given != own:
            reasons.append("乡镇：不属于本乡镇，乡镇台账只能导入本乡镇的记录")
            failed.add("township_code")

    def _enterprise(
        self, data: dict[str, Any], refs: dict[str, str], reasons: list[str]
    ) -> dict[str, Any] | None:
        """Set ``enterprise_id`` from the row's code or name; a new enterprise when needed."""
        if "enterprise_id" not in self.names:
            return None
        raw_code = refs.get("enterprise.credit_code", "")
        name = refs.get("enterprise.name", "")
        if not raw_code and not name:
            return None
        lookups = self.lookups
        code = _normalised_code(raw_code) if raw_code else ""
        town = data.get("township_code") or self.township or ""
        if code:
            found = lookups.enterprise_by_code.get(code) or self.pending_by_code.get(code)
            if found:
                data["enterprise_id"] = found
                return None
        if name:
            folded = _folded_name(name)
            matches = lookups.enterprise_by_name.get((town, folded), [])
            if len(matches) > 1:
                reasons.append(
                    f"企业：本乡镇有 {len(matches)} 家企业名为“{name}”，请填写统一社会信用代码"
                )
                return None
            if matches:
                data["enterprise_id"] = matches[0]
                return None
            pending = self.pending_by_name.get((town, folded))
            if pending and not code:
                data["enterprise_id"] = pending
                return None
        if not code:
            reasons.append(f"企业：找不到企业“{name}”，且没有统一社会信用代码，无法新建")
            return None
        if credit_code.check(code) is not credit_code.CodeCheck.VALID:
            reasons.append(
                f"企业：找不到统一社会信用代码为 {raw_code} 的企业，且该代码无效，无法新建"
            )
            return None
        if not name:
            reasons.append(
                f"企业：找不到统一社会信用代码为 {code} 的企业，且没有企业名称，无法新建"
            )
            return None
        values = {"credit_code": code, "name": name, "township_code": town}
        if refs.get("enterprise.address"):
            values["address"] = refs["enterprise.address"]
        try:
            cleaned = clean_record(ENTERPRISES, values, self.refs, self.today)
        except ValidationError as error:
            reasons.extend(f"新建企业：{_reason(ENTERPRISES, e)}" for e in error.errors)
            return None
        record_id = owned_id(self.office.owner)  # the owner's tag in the id (issue 9)
        self.pending_by_code[code] = record_id
        self.pending_by_name[(town, fold(name))] = record_id
        lookups.enterprise_ids.add(record_id)
        data["enterprise_id"] = record_id
        return {**_model_defaults(ENTERPRISES), **cleaned, "id": record_id}

    def _forget(self, enterprise: dict[str, Any]) -> None:
        """A new enterprise whose only row turned out a duplicate is not created."""
        self.pending_by_code.pop(enterprise["credit_code"], None)
        self.pending_by_name.pop((enterprise["township_code"], fold(enterprise["name"])), None)
        self.lookups.enterprise_ids.discard(enterprise["id"])

    def _project(self, data: dict[str, Any], refs: dict[str, str], reasons: list[str]) -> None:
        if "project_id" not in self.names:
            return
        name = refs.get("project.name", "")
        if not name:
            return
        matches = self.lookups.project_by_name.get(fold(name), [])
        if len(matches) > 1:
            reasons.append(f"项目：有 {len(matches)} 个项目名为“{name}”，请先改名区分")
        elif not matches:
            reasons.append(f"项目：找不到项目“{name}”（请先登记或导入示范项目）")
        else:
            data["project_id"] = matches[0]


@lru_cache(maxsize=16384)
def _normalised_code(raw: str) -> str:
    """Credit codes repeat row after row (one enterprise, many samples): normalise each once."""
    return credit_code.normalise(raw)


@lru_cache(maxsize=16384)
def _folded_name(name: str) -> str:
    return fold(name)


def _skip(cells: list[Any], mapped: Iterable[int], headers_folded: list[str]) -> bool:
    """Blank, subtotal, footer or repeated-header rows (not records)."""
    first: Any = None
    strings = 0
    repeats = 0
    for index, cell in enumerate(cells):
        if cell is None:
            continue
        if isinstance(cell, str):
            if not cell.strip():
                continue
            if first is None:
                first = cell
            strings += 1
            if (
                strings <= 3
                and index < len(headers_folded)
                and fold_header(cell) == headers_folded[index]
            ):
                repeats += 1
        elif first is None:
            first = cell
    if first is None:
        return True
    if isinstance(first, str):
        text = first.strip()
        if _SUBTOTAL.match(fold(text)) or _FOOTER.match(text):
            return True
        if repeats >= 2:
            return True
    width = len(cells)
    return not any(i < width and cells[i] is not None for i in mapped)


def check(
    database: Database,
    office: Office,
    path: Path,
    ledger: str,
    sheets: list[tuple[SheetLayout, Mapping]],
    today: date | None = None,
    default_township: str | None = None,
) -> Progress:
    """Read and sort every row of the given sheets; yields (rows done, rows expected)."""
    spec = spec_for(ledger)
    today = today or date.today()
    if default_township is not None:
        with database.session() as session:
            if session.get(Township, default_township) is None:
                raise UsageError(
                    f"未知的乡镇代码 {default_township}",
                    f"unknown township code {default_township}",
                )
    with database.session() as session:
        lookups = _load(session, spec, office)
    result = ImportCheck(ledger, path, spec.field_names)
    checker = _RowChecker(spec, office, lookups, today, default_township, result)
    expected = sum(layout.rows_hint or 0 for layout, _ in sheets)
    done = 0
    for layout, mapping in sheets:
        _check_mapping(spec, mapping)
        checker.prepare(mapping)
        outcome = SheetResult(layout, mapping)
        before = (len(result.good), len(result.duplicates), len(result.refused), result.skipped)
        headers_folded = [fold_header(h) for h in layout.headers]
        mapped = list(mapping.columns)
        for number, cells in enumerate(spreadsheet.read_rows(path, layout.sheet), start=1):
            if number <= layout.header_row:
                continue
            done += 1
            outcome.rows += 1
            if done > MAX_ROWS:
                raise _file_error(
                    path, f"超过 {MAX_ROWS} 行，请分批导入", f"more than {MAX_ROWS} rows; split it"
                )
            if _skip(cells, mapped, headers_folded):
                result.skipped += 1
            else:
                checker.row(layout.sheet, number, cells)
            if done % PROGRESS_EVERY == 0:
                yield done, max(expected, done)
        outcome.good = len(result.good) - before[0]
        outcome.duplicates = len(result.duplicates) - before[1]
        outcome.refused = len(result.refused) - before[2]
        outcome.skipped = result.skipped - before[3]
        result.sheets.append(outcome)
    yield done, done
    return result


def _check_mapping(spec: LedgerSpec, mapping: Mapping) -> None:
    """A mapping must cover what the ledger requires (by a column, a default or a derivation)."""
    covered = set(mapping.columns.values()) | set(mapping.defaults) | set(mapping.derive)
    if "enterprise.credit_code" in covered or "enterprise.name" in covered:
        covered.add("enterprise_id")
    if "project.name" in covered:
        covered.add("project_id")
    covered.add("township_code")  # from the office, or refused row by row
    if spec.name == "inspections" and {"batches_sampled", "batches_passed"} <= covered:
        covered.add("result")  # derived from the batches, as the form does
    rules = DERIVATIONS.get(spec.name, {})
    missing = [
        f.label_zh
        for f in spec.fields
        if f.required and f.name not in covered and f.name not in rules
    ]
    missing += [
        spec.field(name).label_zh
        for name in rules
        if spec.field(name).required and name not in covered
    ]
    if missing:
        raise UsageError(
            "缺少必需的列："
            + "、".join(dict.fromkeys(missing))
            + "（请在映射中指定这些列，或为本文件设默认值/推导规则）",
            "required columns are not mapped: " + ", ".join(dict.fromkeys(missing)),
        )


def run_check(*args: Any, **kwargs: Any) -> ImportCheck:
    """:func:`check` to its end, for callers without a progress display."""
    job = check(*args, **kwargs)
    while True:
        try:
            next(job)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
