"""How each plan target is computed, derived from the reference data (never hard-coded figures).

A target's ``record_source`` says which ledger can compute it and the plan's category links
(``plan_targets.category_codes``) say which records feed it in that plan. From those:

- ``inspection`` → pass rate = Σ合格批次 / Σ抽检批次 of the linked inspection kinds;
- ``certification`` with a rate measure → adoption rate: enterprises of the linked tiers
  (``DIM_ENT_*`` categories) holding a linked certification / enterprises of those tiers;
- ``certification`` counted in 家 → distinct enterprises (by credit code, across townships);
- other ``certification`` counts → distinct certificates (enterprise, category, number/title);
- ``demonstration`` → distinct projects (category, name), optionally only completed ones;
- ``none`` (or no linked category) → the latest hand-entered county statistic.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from sqlalchemy.orm import Session

from desktop.models import PlanTarget, Target
from desktop.reports.settings import id_list
from desktop.services import plans, reference


class RuleKind(Enum):
    """The shape of a target's computation."""

    PASS_RATE = "pass_rate"
    ADOPTION_RATE = "adoption_rate"
    ENTERPRISE_COUNT = "enterprise_count"
    ITEM_COUNT = "item_count"
    PROJECT_COUNT = "project_count"
    MANUAL = "manual"


SOURCE_GROUP = {
    "inspection": "inspection",
    "certification": "certification",
    "demonstration": "demonstration",
}
"""Which category group feeds a record source."""

TIER_OF_DIMENSION = {
    "DIM_ENT_ABOVE_SCALE": "above_scale",
    "DIM_ENT_LEADING": "leading",
    "DIM_ENT_HIGH_GROWTH": "high_growth",
}
"""Enterprise-tier dimension categories and the ``tier`` choice codes they stand for."""


@dataclass(frozen=True)
class Rule:
    """How one target is computed."""

    target_id: str
    kind: RuleKind
    categories: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    cumulative: bool = False
    completed_only: bool = False

    @property
    def ledger(self) -> str:
        """The ledger whose records lie behind the figure."""
        return {
            RuleKind.PASS_RATE: "inspections",
            RuleKind.ADOPTION_RATE: "enterprises",
            RuleKind.ENTERPRISE_COUNT: "certifications",
            RuleKind.ITEM_COUNT: "certifications",
            RuleKind.PROJECT_COUNT: "projects",
            RuleKind.MANUAL: "manual_statistics",
        }[self.kind]

    @property
    def is_rate(self) -> bool:
        return self.kind in (RuleKind.PASS_RATE, RuleKind.ADOPTION_RATE)


def build_rules(session: Session, targets: list[tuple[Target, PlanTarget]]) -> dict[str, Rule]:
    """The rule of every target of a plan, from its category links and the report settings."""
    groups = {category.code: category.group for category in reference.categories(session)}
    cumulative = id_list(session, "cumulative_targets")
    completed_only = id_list(session, "completed_only_targets")
    rules: dict[str, Rule] = {}
    for target, link in targets:
        group = SOURCE_GROUP.get(target.record_source)
        links = [(groups[c], c) for c in plans.split_codes(link.category_codes) if c in groups]
        codes = tuple(code for g, code in links if g == group)
        if group is None or not codes:
            rules[target.id] = Rule(target.id, RuleKind.MANUAL)
            continue
        if group == "inspection":
            kind = RuleKind.PASS_RATE
        elif group == "demonstration":
            kind = RuleKind.PROJECT_COUNT
        elif target.measure_type == "rate":
            tiers = tuple(TIER_OF_DIMENSION[c] for g, c in links if c in TIER_OF_DIMENSION)
            rules[target.id] = Rule(
                target.id, RuleKind.ADOPTION_RATE, codes, tiers, target.id in cumulative
            )
            continue
        elif target.unit == "家":
            kind = RuleKind.ENTERPRISE_COUNT
        else:
            kind = RuleKind.ITEM_COUNT
        rules[target.id] = Rule(
            target.id,
            kind,
            codes,
            cumulative=target.id in cumulative,
            completed_only=target.id in completed_only,
        )
    return rules
