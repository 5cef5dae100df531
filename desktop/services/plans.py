"""Plans (规划) the county adopts: read them, seed the first, copy, edit and mark one current.

A plan is county reference data (``plans`` and ``plan_targets``, versioned by ``hlc`` and carried
down in the reference package). The release ships the 2018 plan (window 2019-01-01…2022-12-31)
built from its reference files; the county adds the next round by copying a plan and editing it
or by importing a targets workbook (:mod:`desktop.services.plan_import`). Which plan is current
is the ``current_plan`` setting, so it travels down with the other settings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, UsageError
from desktop.models import Category, Plan, PlanTarget, Setting, Target
from desktop.services import audit, reference
from desktop.services import office as office_service
from desktop.services.office import Office

FIRST_PLAN_ID = reference.FIRST_PLAN_ID
FIRST_PLAN = reference.FIRST_PLAN
CURRENT_PLAN_KEY = "current_plan"
split_codes = reference.split_codes
seed = reference.seed_plans

PLAN_ID_MAX = 32


@dataclass(frozen=True)
class CountingWindow:
    """A plan's counting window for "新增" (new) figures, both days included."""

    start: date
    end: date

    def elapsed_share(self, as_of: date) -> float:
        """Share of the window elapsed on ``as_of`` (0 before it starts, 1 after it ends)."""
        total = (self.end - self.start).days
        if total <= 0:
            return 1.0
        return min(1.0, max(0.0, (as_of - self.start).days / total))

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def label(self) -> str:
        return f"{self.start.isoformat()}…{self.end.isoformat()}"


def parse_window(start: str, end: str) -> CountingWindow:
    """A window from YYYY-MM-DD text; a clear error when malformed or reversed."""
    try:
        window = CountingWindow(date.fromisoformat(start.strip()), date.fromisoformat(end.strip()))
    except ValueError:
        raise UsageError(
            f"计数期 {start}…{end} 有误，日期应为 YYYY-MM-DD",
            f"the counting window {start}…{end} is malformed; write YYYY-MM-DD",
        ) from None
    if window.end < window.start:
        raise UsageError(
            f"计数期结束（{end}）早于开始（{start}）",
            f"the counting window ends ({end}) before it starts ({start})",
        )
    return window


def window_of(plan: Plan) -> CountingWindow:
    return parse_window(plan.window_start, plan.window_end)


# ---- reading -------------------------------------------------------------------------------


def all_plans(session: Session) -> list[Plan]:
    """Every plan, oldest round first."""
    return list(session.scalars(select(Plan).order_by(Plan.window_start, Plan.sort_order)))


def current_id(session: Session) -> str:
    """The current plan's id: the setting, else the latest plan started by today, else the first."""
    row = session.get(Setting, CURRENT_PLAN_KEY)
    chosen = row.value.strip() if row is not None else ""
    if chosen and session.get(Plan, chosen) is not None:
        return chosen
    plans = all_plans(session)
    if not plans:
        raise NotFoundError("数据库中没有规划", "the database holds no plan")
    today = date.today().isoformat()
    started = [p for p in plans if p.window_start <= today]
    return (started or plans)[-1].id


def find(session: Session, key: str | None) -> Plan:
    """A plan by id (or exact Chinese name); ``None`` or empty means the current plan."""
    if not key or not key.strip():
        key = current_id(session)
    key = key.strip()
    plan = session.get(Plan, key)
    if plan is None:
        plan = session.scalars(select(Plan).where(Plan.name_zh == key)).first()
    if plan is None:
        known = "、".join(p.id for p in all_plans(session)) or "无"
        raise NotFoundError(
            f"未知的规划 {key}（已有：{known}）", f"unknown plan {key} (known: {known})"
        )
    return plan


def plan_targets(session: Session, plan_id: str) -> list[tuple[Target, PlanTarget]]:
    """The plan's active targets with their definitions, in the plan's order."""
    rows = session.execute(
        select(Target, PlanTarget)
        .join(PlanTarget, PlanTarget.target_id == Target.id)
        .where(PlanTarget.plan_id == plan_id, PlanTarget.active.is_(True))
        .order_by(PlanTarget.sort_order, Target.sort_order)
    ).all()
    return [(target, link) for target, link in rows]


# ---- the county's edits -----------------------------------------------------------------------


def county_only(office: Office) -> None:
    if not office.is_county:
        raise UsageError(
            "规划由县级制定并随参考数据包下发，乡镇不能修改",
            "plans are made by the county and come down in the reference package",
        )


def _audit(
    session: Session, office: Office, table: str, key: str, action: str, after: dict[str, Any]
) -> None:
    audit.record_audit(
        session,
        office,
        at=datetime.now().replace(microsecond=0),
        actor=office.operator,
        table=table,
        record_id=key[:36],
        action=action,
        hlc=after.get("hlc"),
        changed=sorted(after),
        after=after,
    )


def check_plan_id(plan_id: str) -> str:
    plan_id = plan_id.strip()
    if not plan_id or len(plan_id) > PLAN_ID_MAX or ":" in plan_id or not plan_id.isprintable():
        raise UsageError(
            f"规划编号 {plan_id!r} 无效（1–{PLAN_ID_MAX} 个字符，不含冒号）",
            f"invalid plan id {plan_id!r} (1–{PLAN_ID_MAX} characters, no colon)",
        )
    return plan_id


def set_current(session: Session, office: Office, key: str) -> Plan:
    """Mark a plan current (a setting, so the reference package carries it down)."""
    county_only(office)
    plan = find(session, key)
    hlc = office_service.next_hlc(session)
    row = session.get(Setting, CURRENT_PLAN_KEY)
    if row is None:
        session.add(Setting(key=CURRENT_PLAN_KEY, value=plan.id, hlc=hlc))
    else:
        row.value, row.hlc = plan.id, hlc
    _audit(session, office, "settings", CURRENT_PLAN_KEY, "update", {"value": plan.id, "hlc": hlc})
    session.flush()
    return plan


PLAN_FIELDS = (
    "name_zh",
    "name_en",
    "document",
    "document_number",
    "issuer",
    "issued_on",
    "window_start",
    "window_end",
    "notes",
)


def save_plan(
    session: Session,
    office: Office,
    plan_id: str,
    fields: dict[str, Any],
    targets: Iterable[dict[str, Any]] = (),
) -> Plan:
    """Create or update a plan and its targets (``target_id``, goal fields, ``category_codes``).

    Targets not named keep their rows; a target with ``active`` False leaves the plan.
    """
    county_only(office)
    plan_id = check_plan_id(plan_id)
    plan = session.get(Plan, plan_id)
    values = {k: fields[k] for k in PLAN_FIELDS if k in fields and fields[k] is not None}
    merged = {**(FIRST_PLAN if plan is None else {}), **values}
    start = merged.get("window_start", plan.window_start if plan else "")
    end = merged.get("window_end", plan.window_end if plan else "")
    parse_window(str(start), str(end))
    if not str(merged.get("name_zh", plan.name_zh if plan else "")).strip():
        raise UsageError("规划名称不能为空", "the plan needs a name")
    hlc = office_service.next_hlc(session)
    if plan is None:
        plan = Plan(**{**FIRST_PLAN, "document_number": "", "notes": "", **values})
        plan.id = plan_id
        plan.sort_order = len(all_plans(session))
        session.add(plan)
    else:
        for key, value in values.items():
            setattr(plan, key, value)
    plan.hlc = hlc
    _audit(session, office, "plans", plan_id, "update", {**values, "hlc": hlc})
    known_targets = set(session.scalars(select(Target.id)))
    known_codes = set(session.scalars(select(Category.code)))
    order = len(session.scalars(select(PlanTarget.id).where(PlanTarget.plan_id == plan_id)).all())
    for item in targets:
        target_id = str(item["target_id"])
        if target_id not in known_targets:
            raise NotFoundError(f"未知的目标 {target_id}", f"unknown target {target_id}")
        unknown = [
            c for c in split_codes(str(item.get("category_codes", ""))) if c not in known_codes
        ]
        if unknown:
            raise NotFoundError(
                f"目标 {target_id} 的计入类别未知：{'、'.join(unknown)}",
                f"target {target_id} names unknown categories: {', '.join(unknown)}",
            )
        key = f"{plan_id}:{target_id}"
        row = session.get(PlanTarget, key)
        if row is None:
            row = PlanTarget(
                id=key,
                plan_id=plan_id,
                target_id=target_id,
                comparison=">=",
                target_value=None,
                target_text="",
                deadline_year=None,
                category_codes="",
                active=True,
                sort_order=order,
            )
            order += 1
            session.add(row)
        for name in ("comparison", "target_value", "target_text", "deadline_year", "active"):
            if name in item:
                setattr(row, name, item[name])
        if "category_codes" in item:
            row.category_codes = ";".join(split_codes(str(item["category_codes"])))
        if "sort_order" in item and item["sort_order"] is not None:
            row.sort_order = int(item["sort_order"])
        row.hlc = hlc
    session.flush()
    return plan


def copy_plan(
    session: Session, office: Office, source: str, new_id: str, fields: dict[str, Any]
) -> Plan:
    """A new plan with the source plan's targets and links; ``fields`` override its details."""
    county_only(office)
    original = find(session, source)
    new_id = check_plan_id(new_id)
    if session.get(Plan, new_id) is not None:
        raise UsageError(f"规划 {new_id} 已存在", f"the plan {new_id} already exists")
    details = {k: getattr(original, k) for k in PLAN_FIELDS}
    # The new round has its own document: the source's is not carried over unless given.
    details.update({"document": "", "document_number": "", "issued_on": "", "notes": ""})
    details.update({k: v for k, v in fields.items() if v is not None})
    targets = [
        {
            "target_id": link.target_id,
            "comparison": link.comparison,
            "target_value": link.target_value,
            "target_text": link.target_text,
            "deadline_year": link.deadline_year,
            "category_codes": link.category_codes,
            "sort_order": link.sort_order,
        }
        for _, link in plan_targets(session, original.id)
    ]
    return save_plan(session, office, new_id, details, targets)


# ---- as data ---------------------------------------------------------------------------------


def plan_summary(session: Session, plan: Plan, current: str | None = None) -> dict[str, Any]:
    """A plan's details as JSON-ready data (without its targets)."""
    current = current if current is not None else current_id(session)
    count = len(plan_targets(session, plan.id))
    return {
        "id": plan.id,
        "name": plan.name_zh,
        "name_en": plan.name_en,
        "document": plan.document,
        "document_number": plan.document_number,
        "issuer": plan.issuer,
        "issued_on": plan.issued_on,
        "window": {"start": plan.window_start, "end": plan.window_end},
        "current": plan.id == current,
        "targets": count,
    }


def plan_as_dict(session: Session, plan: Plan) -> dict[str, Any]:
    """A plan with every target: definition, goal in this plan and the categories counted."""
    data = plan_summary(session, plan)
    data["targets"] = [
        {
            "id": target.id,
            "name": target.name_zh,
            "name_en": target.name_en,
            "unit": target.unit,
            "measure_type": target.measure_type,
            "record_source": target.record_source,
            "section": target.section,
            "comparison": link.comparison,
            "target_value": link.target_value,
            "target_text": link.target_text,
            "deadline_year": link.deadline_year,
            "categories": split_codes(link.category_codes),
        }
        for target, link in plan_targets(session, plan.id)
    ]
    return data
