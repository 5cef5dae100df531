"""Import commands: ``import-ledger`` (any ledger from Excel/WPS/CSV) and ``import-enterprises``.

Both run the one importer (``desktop.services.ledger_import``): header found, columns mapped
(``--mapping FILE.json``, else the mapping remembered for this layout, else one proposed from the
headers), every row checked, good rows written in one transaction unless ``--dry-run``. A dry run
writes nothing at all, not even the remembered mapping.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from desktop.cli.context import CliContext, print_json
from desktop.errors import UsageError
from desktop.names import LEDGER_TABLES

if TYPE_CHECKING:
    from desktop.services.import_mapping import Mapping
    from desktop.services.ledger_import import ImportCheck, SheetLayout


def register(subparsers: Any) -> None:
    """Add this module's commands to the parser."""
    ledger = subparsers.add_parser(
        "import-ledger",
        help="import a ledger from an Excel/WPS/CSV file (good rows in, refused rows listed)",
    )
    ledger.add_argument("ledger", choices=list(LEDGER_TABLES), metavar="LEDGER")
    ledger.add_argument("file", metavar="FILE")
    _common(ledger)
    ledger.add_argument("--all-sheets", action="store_true", help="every sheet with this layout")
    ledger.add_argument("--mapping", metavar="FILE.json", help="column mapping to use")
    ledger.add_argument(
        "--default",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="a value for rows that lack the field (e.g. category_code=INS_FOOD_SAFETY_SAMPLING)",
    )
    ledger.add_argument(
        "--write-mapping", metavar="FILE.json", help="save the mapping used, to edit and reuse"
    )
    ledger.set_defaults(handler=cmd_import_ledger)

    enterprises = subparsers.add_parser(
        "import-enterprises", help="add enterprises from an Excel list (good rows in, bad listed)"
    )
    enterprises.add_argument("file", metavar="FILE.xlsx")
    _common(enterprises)
    enterprises.set_defaults(handler=cmd_import_enterprises)


def _common(parser: Any) -> None:
    parser.add_argument("--sheet", metavar="NAME", help="worksheet (default: the first)")
    parser.add_argument("--township", metavar="CODE", help="township for rows without one")
    parser.add_argument("--dry-run", action="store_true", help="preview and check, write nothing")
    parser.add_argument(
        "--errors-out", metavar="FILE.xlsx", help="also write the refused rows with reasons"
    )
    parser.add_argument("--json", action="store_true")


def _load_mapping(path: str) -> Any:
    file = Path(path).expanduser()
    try:
        return orjson.loads(file.read_bytes())
    except OSError as error:
        raise UsageError(f"无法读取映射文件 {file}：{error}", f"cannot read {file}") from None
    except orjson.JSONDecodeError as error:
        raise UsageError(
            f"映射文件 {file} 不是有效的 JSON：{error}", f"{file} is not valid JSON"
        ) from None


def _defaults(pairs: list[str], ledger: str) -> dict[str, str]:
    from desktop.services.fields import LEDGERS

    names = LEDGERS[ledger].field_names
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or name.strip() not in names:
            raise UsageError(
                f"--default 应写成 字段=值，字段为 {ledger} 的字段名（收到 {pair}）",
                f"--default takes FIELD=VALUE with a field of {ledger} (got {pair})",
            )
        out[name.strip()] = value.strip()
    return out


def _plan(
    context: CliContext, args: argparse.Namespace, ledger: str
) -> list[tuple[SheetLayout, Mapping]]:
    from desktop.services import ledger_import
    from desktop.services.import_mapping import mapping_from_json

    path = Path(args.file).expanduser()
    data = _load_mapping(args.mapping) if getattr(args, "mapping", None) else None
    header_row = data.get("header_row") if isinstance(data, dict) else None
    layout = ledger_import.detect_layout(path, ledger, args.sheet, header_row)
    layouts = (
        ledger_import.same_layout_sheets(path, ledger, layout)
        if getattr(args, "all_sheets", False)
        else [layout]
    )
    database = context.database()
    plan = []
    for each in layouts:
        if data is not None:
            mapping = mapping_from_json(data, ledger, each.headers)
            mapping.header_row = each.header_row
        else:
            mapping = ledger_import.mapping_for(database, ledger, each)
        mapping.defaults.update(_defaults(getattr(args, "default", []), ledger))
        plan.append((each, mapping))
    return plan


def _run(
    context: CliContext, args: argparse.Namespace, ledger: str
) -> tuple[ImportCheck, dict[str, int]]:
    from desktop.output_paths import output_file
    from desktop.reports.import_errors import write_error_report
    from desktop.reports.xlsx import check_output_path
    from desktop.services import import_writer, ledger_import

    if args.errors_out:  # refused before anything is imported, not after
        check_output_path(Path(args.errors_out).expanduser())
    if getattr(args, "write_mapping", None):
        output_file(Path(args.write_mapping).expanduser(), (".json",))
    office = context.office()
    database = context.database()
    plan = _plan(context, args, ledger)
    if getattr(args, "write_mapping", None):
        layout, mapping = plan[0]
        target = Path(args.write_mapping).expanduser()
        try:
            target.write_bytes(
                orjson.dumps(mapping.to_json(layout.headers), option=orjson.OPT_INDENT_2)
            )
        except OSError as error:
            raise UsageError(f"无法写入 {target}：{error}", f"cannot write {target}") from None
    check = ledger_import.run_check(
        database,
        office,
        Path(args.file).expanduser(),
        ledger,
        plan,
        default_township=args.township,
    )
    written: dict[str, int] = {}
    if not args.dry_run:
        written = import_writer.run_write(database, office, check).written
    if args.errors_out and check.refused:
        write_error_report(Path(args.errors_out).expanduser(), check)
    return check, written


def _sheet_dict(check: ImportCheck) -> list[dict[str, Any]]:
    from desktop.services.fields import LEDGERS
    from desktop.services.import_mapping import target_label

    spec = LEDGERS[check.ledger]
    out = []
    for sheet in check.sheets:
        headers = sheet.layout.headers
        columns = {
            str(headers[i]): {"field": t, "label": target_label(spec, t)}
            for i, t in sorted(sheet.mapping.columns.items())
            if i < len(headers) and headers[i] is not None
        }
        out.append(
            {
                "sheet": sheet.layout.sheet,
                "header_row": sheet.layout.header_row,
                "layout": sheet.layout.fingerprint,
                "mapping": sheet.mapping.source,
                "columns": columns,
                "unmapped": [
                    str(h)
                    for i, h in enumerate(headers)
                    if h is not None and i not in sheet.mapping.columns
                ],
                "defaults": sheet.mapping.defaults,
                "derive": sheet.mapping.derive,
                "rows": sheet.good + sheet.duplicates + sheet.refused,
                "good": sheet.good,
                "duplicates": sheet.duplicates,
                "refused": sheet.refused,
                "skipped": sheet.skipped,
            }
        )
    return out


def cmd_import_ledger(context: CliContext, args: argparse.Namespace) -> int:
    check, written = _run(context, args, args.ledger)
    if args.json:
        print_json(
            {
                "file": str(args.file),
                "ledger": check.ledger,
                "dry_run": bool(args.dry_run),
                "counts": check.counts(),
                "written": written,
                "skipped": check.skipped,
                "derived": check.derived,
                "sheets": _sheet_dict(check),
                "preview": check.preview[:10],
                "duplicates": [d.as_dict() for d in check.duplicates],
                "refused": [r.as_dict() for r in check.refused],
            }
        )
        return 0
    print(describe(check, written, bool(args.dry_run)))
    return 0


def describe(check: ImportCheck, written: dict[str, int], dry_run: bool) -> str:
    """A plain-text account: sheets and mapping, counts, preview, duplicates and refusals."""
    from desktop.services.fields import LEDGERS

    spec = LEDGERS[check.ledger]
    lines: list[str] = []
    for sheet in _sheet_dict(check):
        lines.append(
            f"工作表 / sheet: {sheet['sheet']}（表头在第 {sheet['header_row']} 行 / header row"
            f" {sheet['header_row']}；映射 / mapping: {sheet['mapping']}）"
        )
        lines.append(
            "列对应 / columns: "
            + "，".join(f"{h}→{c['label']}" for h, c in sheet["columns"].items())
        )
        if sheet["unmapped"]:
            lines.append("未使用的列 / ignored columns: " + "、".join(sheet["unmapped"]))
    for name, count in check.derived.items():
        lines.append(f"默认或推导 / default or derived: {spec.field(name).label_zh} × {count}")
    for ledger, counts in check.counts().items():
        label = LEDGERS[ledger].label_zh
        verb = "将新增" if dry_run else "新增"
        lines.append(
            f"{label}：{verb} {counts['created']}，重复跳过 {counts['duplicate']}，"
            f"未导入 {counts['refused']} / {ledger}: created {counts['created']}, "
            f"duplicate {counts['duplicate']}, refused {counts['refused']}"
        )
    if check.skipped:
        lines.append(f"跳过空行、合计行等 / skipped blank or subtotal rows: {check.skipped}")
    if dry_run:
        lines.append("预览（未写入）/ preview (nothing written):")
        for item in check.preview[:10]:
            title = item.get(spec.title_field, "")
            day = item.get(spec.date_field, "") if spec.date_field else ""
            lines.append(f"  {item['sheet']} 第{item['row']}行 {title} {day or ''}".rstrip())
    else:
        lines.append(f"已导入 / imported: {sum(written.values())}")
    for duplicate in check.duplicates[:20]:
        lines.append(
            f"  重复 / duplicate: {duplicate.sheet} 第{duplicate.row}行 {duplicate.summary}："
            f"{duplicate.reason}"
        )
    if check.refused:
        lines.append("未导入的行 / refused rows:")
        for refused in check.refused[:200]:
            lines.append(f"  {refused.sheet} 第{refused.row}行：" + "；".join(refused.reasons))
        if len(check.refused) > 200:
            lines.append(f"  …另有 {len(check.refused) - 200} 行，请用 --errors-out 导出全部")
    return "\n".join(lines)


def cmd_import_enterprises(context: CliContext, args: argparse.Namespace) -> int:
    """The enterprise list import of earlier releases, now the general importer's."""
    check, written = _run(context, args, "enterprises")
    if args.json:
        sheet = check.sheets[0]
        headers = sheet.layout.headers
        errors = [
            {
                "row": r.row,
                "credit_code": _cell_text(r.values, sheet.mapping, "credit_code"),
                "name": _cell_text(r.values, sheet.mapping, "name"),
                "reasons": r.reasons,
            }
            for r in check.refused
        ]
        print_json(
            {
                "file": str(args.file),
                "sheet": sheet.layout.sheet,
                "columns": {t: str(headers[i]) for i, t in sorted(sheet.mapping.columns.items())},
                "unmapped": [
                    str(h) for i, h in enumerate(headers) if h and i not in sheet.mapping.columns
                ],
                "rows": check.rows,
                "good": len(check.good),
                "bad": len(check.refused),
                "duplicates": len(check.duplicates),
                "written": written.get("enterprises", 0),
                "dry_run": bool(args.dry_run),
                "preview": check.preview[:10],
                "errors": errors,
                "duplicate_rows": [d.as_dict() for d in check.duplicates],
            }
        )
        return 0
    print(describe(check, written, bool(args.dry_run)))
    return 0


def _cell_text(values: list[Any], mapping: Mapping, target: str) -> str:
    index = next((i for i, t in mapping.columns.items() if t == target), None)
    if index is None or index >= len(values) or values[index] is None:
        return ""
    return str(values[index]).strip()
