"""Reference data: load the county's townships, categories and targets, and read them back.

The CSV files in ``resources/reference/`` are the release's copy of the plan's tables; ``seed``
inserts what is missing and never overwrites rows the county has since changed (higher ``hlc``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import Category, Plan, PlanTarget, Setting, Target, Township
from desktop.resources import reference_file

DEFAULT_SETTINGS = {
    "counting_window_start": "2019-01-01",
    "counting_window_end": "2022-12-31",
    "report_due_day": "5",
    "county_name": "泰顺县",
    "county_code": "330329000000",
}
EXCLUDED_BY_DEFAULT = {"330329400000"}
"""乌岩岭自然保护区 is a statistical unit, not a township government; kept inactive."""


@dataclass(frozen=True)
class SeedCounts:
    townships: int
    categories: int
    targets: int


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def township_rows() -> list[dict[str, Any]]:
    return [
        {
            "code": r["code12"],
            "code9": r["code9"],
            "name_zh": r["name_zh"],
            "kind": r["type"],
            "active": r["code12"] not in EXCLUDED_BY_DEFAULT,
            "sort_order": i,
            "hlc": 0,
        }
        for i, r in enumerate(_rows(reference_file("townships.csv")))
    ]


def category_rows() -> list[dict[str, Any]]:
    return [
        {
            "code": r["code"],
            "group": r["group"],
            "label_zh": r["label_zh"],
            "label_en": r["label_en"],
            "section": r["section"],
            "related_target_ids": r["related_target_ids"],
            "notes": r["notes"],
            "active": True,
            "sort_order": i,
            "hlc": 0,
        }
        for i, r in enumerate(_rows(reference_file("categories.csv")))
    ]


def target_rows() -> list[dict[str, Any]]:
    return [
        {
            "id": r["id"],
            "kind": r["kind"],
            "name_zh": r["name_zh"],
            "name_en": r["name_en"],
            "measure_type": r["measure_type"],
            "unit": r["unit"],
            "comparison": r["comparison"],
            "target_value": _number(r["target_value"]),
            "target_text": r["target_value"],
            "deadline_year": int(r["deadline_year"]) if r["deadline_year"] else None,
            "section": r["section"],
            "responsible_units": r["responsible_units_listed"],
            "responsibility_note": r["responsibility_note"],
            "record_source": r["record_source"],
            "record_source_note": r["record_source_note"],
            "sort_order": i,
            "hlc": 0,
        }
        for i, r in enumerate(_rows(reference_file("targets.csv")))
    ]


def seed(session: Session) -> SeedCounts:
    """Insert the release's reference rows that the database lacks; return how many."""
    added = []
    for model, rows, key in (
        (Township, township_rows(), "code"),
        (Category, category_rows(), "code"),
        (Target, target_rows(), "id"),
    ):
        present = set(session.scalars(select(getattr(model, key))))
        new = [model(**row) for row in rows if row[key] not in present]
        session.add_all(new)
        added.append(len(new))
    present_settings = set(session.scalars(select(Setting.key)))
    session.add_all(
        Setting(key=k, value=v, hlc=0)
        for k, v in DEFAULT_SETTINGS.items()
        if k not in present_settings
    )
    session.flush()
    seed_plans(session)
    return SeedCounts(*added)


def townships(session: Session, include_inactive: bool = False) -> list[Township]:
    """Townships in the county's order."""
    query = select(Township).order_by(Township.sort_order)
    if not include_inactive:
        query = query.where(Township.active.is_(True))
    return list(session.scalars(query))


def categories(session: Session, group: str | None = None) -> list[Category]:
    """Active categories, optionally of one group (inspection, certification, ...)."""
    query = select(Category).where(Category.active.is_(True)).order_by(Category.sort_order)
    if group:
        query = query.where(Category.group == group)
    return list(session.scalars(query))


def targets(session: Session) -> list[Target]:
    """The plan's targets in the plan's order."""
    return list(session.scalars(select(Target).order_by(Target.sort_order)))


def setting(session: Session, key: str, default: str | None = None) -> str:
    """A setting's stored value, else its default here, else ``default`` (KeyError if none)."""
    row = session.get(Setting, key)
    if row is not None:
        return row.value
    if key in DEFAULT_SETTINGS:
        return DEFAULT_SETTINGS[key]
    if default is None:
        raise KeyError(key)
    return default


def target_as_dict(target: Target) -> dict[str, Any]:
    """A target as plain JSON-ready data."""
    return {
        "id": target.id,
        "kind": target.kind,
        "name_zh": target.name_zh,
        "name_en": target.name_en,
        "measure_type": target.measure_type,
        "unit": target.unit,
        "comparison": target.comparison,
        "target_value": target.target_value,
        "target_text": target.target_text,
        "deadline_year": target.deadline_year,
        "section": target.section,
        "responsible_units": target.responsible_units,
        "record_source": target.record_source,
    }


# ---- the first plan (desktop.services.plans reads and edits plans) --------------------------

FIRST_PLAN_ID = "2018"
FIRST_PLAN: dict[str, Any] = {
    "id": FIRST_PLAN_ID,
    "name_zh": "泰顺县质量提升行动实施意见(2019—2022年)",
    "name_en": "Taishun county quality improvement action plan (2019-2022)",
    "document": "关于开展质量提升行动的实施意见(征求意见稿)",
    "document_number": "",
    "issuer": "泰顺县质量强县工作领导小组办公室",
    "issued_on": "2018-11-21",
    "window_start": "2019-01-01",
    "window_end": "2022-12-31",
    "notes": "",
    "sort_order": 0,
    "hlc": 0,
}
"""The plan the release ships (the same row migration 0005 gives a stored database)."""


def split_codes(text: str) -> list[str]:
    """Codes written with ``;``, ``,``, ``、`` or spaces between them."""
    for separator in (",", "、", "，", " ", "\n"):
        text = text.replace(separator, ";")
    return [part.strip() for part in text.split(";") if part.strip()]


def first_plan_targets(session: Session) -> list[PlanTarget]:
    """Plan-target rows of the first plan from the targets and the categories' links."""
    links: dict[str, list[str]] = {}
    for category in session.scalars(select(Category).order_by(Category.sort_order)):
        for target_id in split_codes(category.related_target_ids):
            links.setdefault(target_id, []).append(category.code)
    return [
        PlanTarget(
            id=f"{FIRST_PLAN_ID}:{target.id}",
            plan_id=FIRST_PLAN_ID,
            target_id=target.id,
            comparison=target.comparison,
            target_value=target.target_value,
            target_text=target.target_text,
            deadline_year=target.deadline_year,
            category_codes=";".join(links.get(target.id, [])),
            active=True,
            sort_order=target.sort_order,
            hlc=0,
        )
        for target in session.scalars(select(Target).order_by(Target.sort_order))
    ]


def seed_plans(session: Session) -> int:
    """Create the first plan (and its targets) where missing; the number of rows added."""
    added = 0
    if session.get(Plan, FIRST_PLAN_ID) is None:
        session.add(Plan(**FIRST_PLAN))
        added += 1
    present = set(session.scalars(select(PlanTarget.id).where(PlanTarget.plan_id == FIRST_PLAN_ID)))
    new = [row for row in first_plan_targets(session) if row.id not in present]
    session.add_all(new)
    session.flush()
    return added + len(new)
