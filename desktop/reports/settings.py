"""The county-editable settings the indicators read, with the plan's defaults.

They live in the ``settings`` table (text values, pushed down by the county like any reference
row). The counting window comes from :func:`desktop.services.reference.setting`; the keys only the
reports know fall back to :data:`REPORT_DEFAULTS` here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from desktop.errors import UsageError
from desktop.services import reference
from desktop.services.expiry import EXPIRY_WARNING_DAYS

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


@dataclass(frozen=True)
class CountingWindow:
    """The plan's counting window for "新增" (new) figures."""

    start: date
    end: date

    def elapsed_share(self, as_of: date) -> float:
        """Share of the window elapsed on ``as_of`` (0 before it starts, 1 after it ends)."""
        total = (self.end - self.start).days
        if total <= 0:
            return 1.0
        return min(1.0, max(0.0, (as_of - self.start).days / total))


def report_setting(session: Session, key: str) -> str:
    """A report setting's value, falling back to the default."""
    return reference.setting(session, key, REPORT_DEFAULTS.get(key))


def id_list(session: Session, key: str) -> frozenset[str]:
    """A setting holding target ids separated by commas, semicolons or spaces."""
    text = report_setting(session, key).replace(";", ",").replace(" ", ",")
    return frozenset(part.strip() for part in text.split(",") if part.strip())


def counting_window(session: Session) -> CountingWindow:
    """The counting window from the settings (default 2019-01-01 … 2022-12-31)."""
    try:
        start = date.fromisoformat(reference.setting(session, "counting_window_start").strip())
        end = date.fromisoformat(reference.setting(session, "counting_window_end").strip())
    except ValueError:
        raise UsageError(
            "计数期设置有误,应为 YYYY-MM-DD", "the counting window settings must be YYYY-MM-DD"
        ) from None
    if end < start:
        raise UsageError("计数期结束早于开始", "the counting window ends before it starts")
    return CountingWindow(start, end)
