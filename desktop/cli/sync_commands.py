"""Sync commands: keys, export, import, conflicts, receipt, completeness.

``import`` exits 0 when every package merged (conflicts included) or was already imported, 3
when any package was rejected (one line per rejection on stderr; that package changed nothing),
else 4 when a package was held for enrolment (a new PC of a township: one line with township, PC
label and fingerprint; nothing of it merged). Every file of a batch is processed.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.console import zh_text
from desktop.cli.context import CliContext, print_json
from desktop.errors import QualityDeskError, StorageError, UsageError

if TYPE_CHECKING:
    from desktop.sync import importer, keys

EXIT_REJECTED = 3
STORAGE = "storage"
EXIT_HELD = 4


def register(subparsers: Any) -> None:
    """Add this module's commands to the parser."""
    keys_parser = subparsers.add_parser("keys", help="signing keys: show, enrol, county key")
    actions = keys_parser.add_subparsers(dest="keys_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="this office's key fingerprint and the pinned keys")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_keys_show)
    listing = actions.add_parser("list", help="county: every township installation (the roster)")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_keys_list)
    for name, text in (
        ("approve", "county: admit a pending installation and merge its held packages"),
        ("decline", "county: refuse a pending installation and its held packages"),
        ("retire", "county: refuse an installation's later packages (broken, stolen, replaced)"),
    ):
        decide = actions.add_parser(name, help=text)
        decide.add_argument("installation", metavar="INSTALLATION")
        if name != "approve":
            decide.add_argument("--reason", metavar="R")
        decide.add_argument("--json", action="store_true")
        decide.set_defaults(handler=cmd_keys_decide, decision=name)
    enrol = actions.add_parser(
        "enrol", help="add a township installation from its key file or one of its packages"
    )
    enrol.add_argument("township", metavar="TOWNSHIP")
    which = enrol.add_mutually_exclusive_group(required=True)
    which.add_argument("file", nargs="?", metavar="FILE")
    which.add_argument("--reset", action="store_true", help="trust the next package's key")
    enrol.add_argument("--json", action="store_true")
    enrol.set_defaults(handler=cmd_keys_enrol)
    export_county = actions.add_parser(
        "export-county",
        help="write this office's public key file (the county's, for townships to import; "
        "a township's, for the county to enrol)",
    )
    export_county.add_argument("file", metavar="FILE")
    export_county.set_defaults(handler=cmd_keys_export_county)
    import_county = actions.add_parser(
        "import-county", help="pin the county's key; packages are then encrypted to it"
    )
    import_county.add_argument("file", metavar="FILE")
    import_county.set_defaults(handler=cmd_keys_import_county)

    export_parser = subparsers.add_parser("export", help="write the next sync package")
    export_parser.add_argument("--out", metavar="PATH", help="folder or file (default: outbox)")
    export_parser.add_argument("--period", metavar="YYYY-MM", help="reporting month")
    export_parser.add_argument("--full", action="store_true", help="every row, not only changes")
    export_parser.add_argument(
        "--summary", action="store_true", help="also write a readable .xlsx beside the package"
    )
    export_parser.add_argument(
        "--township",
        metavar="CODE",
        help="county: only this township's reference package (default: one for every township)",
    )
    export_parser.add_argument("--json", action="store_true")
    export_parser.set_defaults(handler=cmd_export)

    import_parser = subparsers.add_parser("import", help="verify and merge sync packages")
    import_parser.add_argument("paths", nargs="+", metavar="PATH")
    import_parser.add_argument("--dry-run", action="store_true", help="check and count only")
    import_parser.add_argument("--json", action="store_true")
    import_parser.set_defaults(handler=cmd_import)

    conflicts = subparsers.add_parser("conflicts", help="list or settle merge conflicts")
    conflicts.add_argument("--json", action="store_true")
    conflicts.add_argument("--all", action="store_true", help="include settled conflicts")
    conflicts.set_defaults(handler=cmd_conflicts)
    conflict_actions = conflicts.add_subparsers(dest="conflict_action", metavar="ACTION")
    resolve = conflict_actions.add_parser("resolve", help="settle one conflict")
    resolve.add_argument("conflict_id", metavar="ID")
    resolve.add_argument("--keep", required=True, metavar="mine|theirs|VERSION")
    resolve.add_argument("--json", action="store_true")
    resolve.set_defaults(handler=cmd_conflicts_resolve)

    receipt = subparsers.add_parser("receipt", help="write a signed receipt for a township")
    receipt.add_argument("township", metavar="TOWNSHIP")
    receipt.add_argument("--out", required=True, metavar="FILE")
    receipt.set_defaults(handler=cmd_receipt)

    grid = subparsers.add_parser("completeness", help="townships × months: what arrived")
    grid.add_argument("--json", action="store_true")
    grid.add_argument("--from", dest="first", metavar="YYYY-MM")
    grid.add_argument("--to", dest="last", metavar="YYYY-MM")
    grid.set_defaults(handler=cmd_completeness)


def cmd_keys_show(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.sync import keys, roster

    office = context.office()
    with context.database().session() as session:
        identity = keys.ensure_identity(session)
        pinned = keys.trust_rows(session)
        installations = roster.entries(session)
    if args.json:
        print_json(
            {
                "office": office.owner,
                "fingerprint": identity.fingerprint,
                "pc_label": office.pc_label,
                "installation_id": office.installation_id,
                "trusted": pinned,
                "installations": [r.as_dict() for r in installations],
            }
        )
        return 0
    print(f"{office.display_name()}（{office.owner}）“{office.pc_label}”")
    print(f"本机密钥指纹 / fingerprint: {identity.fingerprint}")
    for row in pinned:
        print(
            f"  {row['owner']}: {row['fingerprint'] or '-'} ({row['method']}, {row['pinned_at']})"
        )
    for entry in installations:
        print(
            f"  {entry.owner} “{entry.label}”: {entry.fingerprint} "
            f"（{STATUS_ZH.get(entry.status, entry.status)} / {entry.status}）"
        )
    return 0


def cmd_keys_enrol(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.sync import importer, keys, roster

    office = context.office()
    if not office.is_county:
        raise UsageError("只有县级可以登记乡镇密钥", "only the county enrols township keys")
    database = context.database()
    with database.session() as session:
        from desktop.models import Township

        if session.get(Township, args.township) is None:
            raise UsageError(f"未知的乡镇代码 {args.township}", f"unknown township {args.township}")
        if args.reset:
            retired = roster.reset(session, args.township, office.operator, _now())
            print(
                f"{args.township}：已停用 {retired} 台电脑，下一个包的密钥将被信任 / "
                f"{retired} installation(s) retired; the next package's key will be trusted"
            )
            return 0
        source = _key_from_file(Path(args.file), args.township, keys.load_identity(session))
    decision = importer.enrol(database, office, args.township, *source)
    if args.json:
        print_json(decision.as_dict())
        return 0
    entry = decision.installation
    print(f"{args.township}：已登记 / enrolled “{entry.label}” {entry.fingerprint}")
    _print_merged(decision.merged)
    return _exit_of(decision.merged)


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _key_from_file(
    path: Path, township: str, identity: keys.Identity | None
) -> tuple[bytes, str | None, str]:
    """(verify key, installation id or None, PC label) from a key file or a package."""
    from desktop.sync import keys, package
    from desktop.sync.errors import PackageRejectedError

    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UsageError(f"无法读取 {path}：{error}", f"cannot read {path}: {error}") from error
    if raw[:1] == b"{":
        key_file = keys.parse_key_file(raw)
        owner, verify_key = key_file.owner, key_file.verify_key
        installation, label = key_file.installation_id, key_file.pc_label
    else:
        try:
            pkg = package.read(raw, identity)
        except PackageRejectedError as error:
            raise UsageError(error.message_zh, error.message_en) from None
        owner, verify_key = pkg.manifest.owner, pkg.manifest.verify_key
        installation, label = pkg.manifest.installation_id, pkg.manifest.pc_label
    if owner != township:
        raise UsageError(
            f"文件属于 {owner}，不是 {township}", f"the file belongs to {owner}, not {township}"
        )
    return verify_key, installation, label


STATUS_ZH = {"active": "在用", "pending": "待批准", "retired": "已停用", "declined": "已拒绝"}


def cmd_keys_list(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.sync import roster

    context.office()
    with context.database().session() as session:
        rows = roster.entries(session)
    if args.json:
        print_json([r.as_dict() for r in rows])
        return 0
    if not rows:
        print("尚无乡镇终端 / no township installations yet")
    for row in rows:
        last = (
            f"#{row.last_sequence} {row.last_period}"
            if row.last_sequence is not None
            else "尚无 / none"
        )
        held = f"，暂存 {row.held} 个包 / {row.held} held" if row.held else ""
        print(
            f"{row.township}（{row.owner}）“{row.label}” {row.fingerprint} "
            f"{STATUS_ZH.get(row.status, row.status)} / {row.status}{held}"
        )
        print(
            f"    终端 / installation {row.installation_id or '-'}；最近的包 / last package {last}"
        )
    return 0


def cmd_keys_decide(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.sync import importer

    office = context.office()
    decision = importer.decide(
        context.database(),
        office,
        args.installation,
        args.decision,
        reason=getattr(args, "reason", None),
    )
    if args.json:
        print_json(decision.as_dict())
        return _exit_of(decision.merged)
    entry = decision.installation
    verb = {"approve": "已批准 / approved", "decline": "已拒绝 / declined"}.get(
        args.decision, "已停用 / retired"
    )
    print(f"{entry.township}（{entry.owner}）“{entry.label}” {entry.fingerprint}: {verb}")
    if decision.refused:
        print(f"  {decision.refused} 个暂存的包不予接收 / held packages refused")
    _print_merged(decision.merged)
    return _exit_of(decision.merged)


def _print_merged(results: list[importer.ImportResult]) -> None:
    from desktop.sync import importer

    for result in results:
        if result.status == importer.STATUS_REJECTED:
            sys.stderr.write(f"quality-desk: {_rejection(result)}\n")
        else:
            print("  " + _line(result))


def _exit_of(results: list[importer.ImportResult]) -> int:
    from desktop.sync import importer

    if any(r.status == importer.STATUS_REJECTED for r in results):
        return EXIT_REJECTED
    if any(r.status == importer.STATUS_HELD for r in results):
        return EXIT_HELD
    return 0


def cmd_keys_export_county(context: CliContext, args: argparse.Namespace) -> int:
    from desktop import output_paths
    from desktop.sync import keys

    office = context.office()
    with context.database().session() as session:
        identity = keys.ensure_identity(session)
    path = output_paths.output_file(Path(args.file))
    try:
        if office.is_county:
            keys.write_key_file(path, office.owner, identity)
        else:
            keys.write_key_file(
                path, office.owner, identity, office.installation_id, office.pc_label
            )
    except OSError as error:
        raise UsageError(f"无法写入 {path}：{error}", f"cannot write {path}: {error}") from error
    print(f"{path}: {office.owner} {identity.fingerprint}")
    return 0


def cmd_keys_import_county(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.models import COUNTY_OWNER
    from desktop.sync import keys

    office = context.office()
    if office.is_county:
        raise UsageError("县级不需要导入县级公钥", "the county does not import its own key")
    try:
        key_file = keys.parse_key_file(Path(args.file).read_bytes())
    except OSError as error:
        raise UsageError(
            f"无法读取 {args.file}：{error}", f"cannot read {args.file}: {error}"
        ) from error
    if key_file.owner != COUNTY_OWNER:
        raise UsageError("这不是县级的公钥文件", "this is not the county's key file")
    with context.database().session() as session:
        keys.pin(
            session,
            COUNTY_OWNER,
            key_file.verify_key,
            key_file.box_public_key,
            keys.METHOD_IMPORTED,
            office.operator,
        )
    print(f"县级公钥已导入 / county key imported: {key_file.fingerprint}")
    print("此后导出的包将加密给县级 / packages will now be encrypted to the county")
    return 0


def cmd_export(context: CliContext, args: argparse.Namespace) -> int:
    from desktop import output_paths
    from desktop.sync import export

    out = Path(args.out) if args.out else context.data_dir / "outbox"
    output_paths.file_or_folder(out, (".qdpkg", ".zip"))  # before any work: a one-line reason
    office = context.office()
    if office.is_county and args.township is None and out.suffix.lower() not in (".qdpkg", ".zip"):
        written = export.export_all(context.database(), office, out, args.period)
        if args.json:
            print_json([r.as_dict() for r in written])
            return 0
        for one in written:
            print(f"{one.path}")
        print(
            f"  {len(written)} 个基础数据包（每个乡镇一个，含该乡镇全部电脑的记录）/ "
            f"{len(written)} reference packages, one per township with its own records"
        )
        return 0
    if args.township is not None:
        result = export.export_reference(
            context.database(), office, out, args.period, township=args.township
        )
    else:
        result = export.export_data(
            context.database(), office, out, args.period, args.full, summary=args.summary
        )
    if args.json:
        print_json(result.as_dict())
        return 0
    what = (
        "本月无数据上报 / nothing to report"
        if result.nothing_to_report
        else ", ".join(f"{t}={n}" for t, n in result.records.items())
    )
    sealed = "（已加密 / encrypted）" if result.sealed else ""
    print(f"{result.path}{sealed}")
    print(f"  #{result.sequence} {result.kind} {result.period}: {what}")
    if result.summary_path:
        print(f"  {result.summary_path}")
    return 0


def _line(result: importer.ImportResult) -> str:
    from desktop.sync import importer

    totals = result.totals
    pc = f" “{result.pc_label}”" if result.pc_label else ""
    head = f"{result.owner}{pc} #{result.sequence} {result.period}"
    if result.status == importer.STATUS_ALREADY:
        return f"{head}: 已导入过，未做改动 / already imported, nothing changed"
    if result.status == importer.STATUS_HELD:
        would = "试导入：将暂存 / dry run: would be held" if result.dry_run else "已暂存 / held"
        return (
            f"{head}: {would} — 新电脑待县级批准，未合并任何记录；指纹 {result.fingerprint} / "
            f"a new PC awaiting approval, nothing merged; fingerprint {result.fingerprint}"
        )
    counts = (
        f"新增 created {totals.created}, 更新 updated {totals.updated}, "
        f"未变 unchanged {totals.unchanged}, 删除 deleted {totals.deleted}, "
        f"冲突 conflicts {totals.conflicts}"
    )
    if result.receipt:
        held = sum(1 for r in result.receipt if r["held_by_county"])
        counts = f"县级已收到 {held}/{len(result.receipt)} 个包 / county holds {held} packages"
    label = "试导入 / dry run" if result.status == importer.STATUS_DRY_RUN else "已合并 / merged"
    return f"{head}: {label}: {counts}"


def _rejection(result: importer.ImportResult) -> str:
    return f"{result.path}: {zh_text(result.reason_zh or '')} / {result.reason_en}"


def _import_one(context: CliContext, path: str, dry_run: bool) -> importer.ImportResult:
    """One file of a batch; an error of this file (even of the disk) never stops the others."""
    from desktop import logs
    from desktop.sync import importer

    try:
        return importer.import_package(
            context.database(), context.office(), Path(path), dry_run=dry_run
        )
    except QualityDeskError as error:  # the disk or the database, not the file: exit 2 after
        return importer.ImportResult(
            path=path,
            status=importer.STATUS_REJECTED,
            reason_code=STORAGE if isinstance(error, StorageError) else "error",
            reason_zh=error.message_zh,
            reason_en=error.message_en,
        )
    except Exception:  # a bug met on this file: logged, reported, and the batch goes on
        written = logs.record_failure(
            f"unexpected error importing {path}", traceback.format_exc()
        ) or Path("-")
        return importer.ImportResult(
            path=path,
            status=importer.STATUS_REJECTED,
            reason_code="unexpected",
            reason_zh=f"导入此文件时发生意外错误，未做任何改动；详情见日志 {written}",
            reason_en=f"unexpected error while importing this file, nothing changed; "
            f"details in {written}",
        )


def cmd_import(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.sync import importer

    context.office()
    results = [_import_one(context, p, args.dry_run) for p in args.paths]
    if args.json:
        print_json([r.as_dict() for r in results])
    else:
        for result in results:
            if result.status == importer.STATUS_REJECTED:
                continue
            if result.key == "first_use" and result.status == importer.STATUS_DRY_RUN:
                print(
                    f"{result.owner}：首次收到，正式导入时将信任此密钥（试导入未登记任何密钥）"
                    f" / would trust this key on first use (dry run: nothing pinned): "
                    f"{result.fingerprint}（请电话核对 / confirm by phone）"
                )
            elif result.key == "first_use":
                print(
                    f"{result.owner}：首次收到，已信任密钥 / key trusted on first use: "
                    f"{result.fingerprint}（请电话核对 / confirm by phone）"
                )
            print(_line(result))
            for row in result.receipt:
                mark = "√" if row["held_by_county"] else "×"
                print(f"  {mark} #{row['sequence']} {row['period']} {row['file_name']}")
            for dup in result.duplicates:
                print(
                    f"  可能重复 / likely duplicate: {dup['credit_code']} “{dup['name']}” "
                    f"（{dup['count']} 条 / records）"
                )
    for result in results:
        if result.status == importer.STATUS_REJECTED:
            sys.stderr.write(f"quality-desk: {_rejection(result)}\n")
    if any(r.reason_code == STORAGE for r in results):
        return StorageError.exit_code  # the disk or database refused, as for any command
    return _exit_of(results)


def cmd_conflicts(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.sync import conflicts as conflict_service

    context.office()
    views = conflict_service.list_conflicts(context.database(), include_resolved=args.all)
    if args.json:
        print_json([v.as_dict() for v in views])
        return 0
    if not views:
        print("没有待处理的冲突 / no open conflicts")
    for view in views:
        print(f"{view.id} {view.table} {view.record_id} ({view.owner}) [{view.status}]")
        print(
            f"  当前 current: hlc {view.current['hlc']} by {view.current['updated_by']} "
            f"at {view.current['updated_at']}"
        )
        print(
            f"  另一方 other: hlc {view.lost['hlc']} by {view.lost['updated_by']} "
            f"at {view.lost['updated_at']}"
        )
        for name in view.differing:
            print(f"    {name}: {view.current.get(name)!r} ≠ {view.lost.get(name)!r}")
    return 0


def cmd_conflicts_resolve(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.sync import conflicts as conflict_service

    office = context.office()
    outcome = conflict_service.resolve(context.database(), office, args.conflict_id, args.keep)
    if args.json:
        print_json(outcome)
        return 0
    print(f"{outcome['conflict']}: 已保留 / kept {outcome['kept']}")
    return 0


def cmd_receipt(context: CliContext, args: argparse.Namespace) -> int:
    from desktop import output_paths
    from desktop.sync import export

    out = Path(args.out)
    output_paths.file_or_folder(out, (".qdpkg", ".zip"))
    result = export.write_receipt(context.database(), context.office(), args.township, out)
    print(f"{result.path}: {result.records.get('receipt', 0)} 个包 / packages held")
    return 0


SYMBOLS = {"received": "✓", "nothing": "○", "late": "L", "missing": "✗", "not_due": "·"}


def cmd_completeness(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.sync import completeness as completeness_service

    context.office()
    grid = completeness_service.completeness(context.database(), first=args.first, last=args.last)
    if args.json:
        print_json(grid.as_dict())
        return 0
    print("✓ 已收到 received  ○ 无数据上报 nothing  L 迟交 late  ✗ 缺报 missing  · 未到期 not due")
    print(f"{'':<14}" + " ".join(m[2:] for m in grid.months))
    for code, name in grid.townships:
        cells = grid.cells[code]
        print(f"{name:<8}{code[-6:]} " + " ".join(f"{SYMBOLS[cells[m]]:^5}" for m in grid.months))
    for code, name in grid.townships:
        for month in grid.months:
            waiting = grid.waiting_for(code, month)
            if waiting and len(grid.pcs[code][month]) > 1:
                print(f"  {name} {month}: 等待 / waiting for {'、'.join(waiting)}")
    for issue in grid.issues:
        print(f"! {issue.owner} “{issue.label}” {issue.kind}: {issue.detail} {issue.numbers()}")
    return 0


def run_county_demo(context: CliContext, records: int, seed: int) -> int:
    """``demo --county``: every township's installation, real signed packages, real import."""
    from desktop.sync.demo import county_demo

    if not 1 <= records <= 200_000:
        raise UsageError("--records 应在 1 到 200000 之间", "--records must be 1..200000")
    office = context.office()
    workdir = context.data_dir / "demo-townships"
    results = county_demo(
        context.database(), office, workdir, records, seed, progress=lambda line: print(line)
    )
    total = sum(r.created for r in results)
    print(f"{len(results)} 个乡镇包已导入，共新增 {total} 条 / packages imported, {total} created")
    return 0
