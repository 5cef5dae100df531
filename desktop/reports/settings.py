"""The county-editable settings the indicators read, with the plan's defaults.

They live in the ``settings`` table (text values, pushed down by the county like any reference
row). The counting window is the plan's (:mod:`desktop.services.plans`); the keys only the
reports know fall back to :data:`REPORT_DEFAULTS` here.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.services import plans, reference
from desktop.services.expiry import EXPIRY_WARNING_DAYS
from desktop.services.plans import CountingWindow

__all__ = ["REPORT_DEFAULTS", "CountingWindow", "counting_window", "id_list", "report_setting"]

REPORT_DEFAULTS = {
    "cumulative_targets": "enterprise_product_standards_published_online",
    "completed_only_targets": "rr_demo_belts_completed",
    "rate_period": "year",
    "expiry_warning_days": str(EXPIRY_WARNING_DAYS),
    "report_table_number": "质提月01表",
    "report_issuer": "泰顺县质量强县工作领导小组办公室",
    "report_contact_phone": "",
    "report_head": "",
    "report_reviewer": "",
}
"""``cumulative_targets``: counted from the beginning, not from the window start (the plan's 200
published standards). ``completed_only_targets``: projects count only when completed (两条示范带
建成). ``rate_period``: pass rates over the calendar year of the as-of date (``year``) or the
whole counting window (``window``)."""


def report_setting(session: Session, key: str) -> str:
    """A report setting's value, falling back to the default."""
    return reference.setting(session, key, REPORT_DEFAULTS.get(key))


def id_list(session: Session, key: str) -> frozenset[str]:
    """A setting holding target ids separated by commas, semicolons or spaces."""
    text = report_setting(session, key).replace(";", ",").replace(" ", ",")
    return frozenset(part.strip() for part in text.split(",") if part.strip())


def counting_window(session: Session, plan: str | None = None) -> CountingWindow:
    """The counting window of a plan (the current plan when ``plan`` is None)."""
    return plans.window_of(plans.find(session, plan))
