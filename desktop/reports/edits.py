"""The figures screens' writes: plans (the county's editor) and the 月报 file, each one transaction.

The plan editor and the reports tab call :class:`ReportEdits` off the GUI thread and get plain
results back (a plan id, the plan workbook's draft, the written report's summary); the rules stay
in :mod:`desktop.services.plans`, :mod:`desktop.reports.plan_workbook` and
:mod:`desktop.reports.writing` (the 月报 written or issued, as the command line does).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from desktop.db import Database
from desktop.reports import plan_workbook
from desktop.reports.monthly import Period
from desktop.reports.plan_workbook import PlanDraft
from desktop.reports.workbook import ReportSummary
from desktop.reports.writing import write_or_issue
from desktop.services import plans
from desktop.services.office import Office


class ReportEdits:
    """Writes of one office's database for the figures screens."""

    def __init__(self, database: Database, office: Office) -> None:
        self.database = database
        self.office = office

    def save_plan(self, plan_id: str, fields: dict[str, Any], targets: list[dict[str, Any]]) -> str:
        """Write a plan's details and its targets' goals and category links; the plan id."""
        with self.database.session() as session:
            return plans.save_plan(session, self.office, plan_id, fields, targets).id

    def copy_plan(self, source: str, new_id: str, fields: dict[str, Any]) -> str:
        """A new plan with the targets of ``source``; its id."""
        with self.database.session() as session:
            return plans.copy_plan(session, self.office, source, new_id, fields).id

    def set_current_plan(self, plan_id: str) -> str:
        """Make a plan the current one; its id."""
        with self.database.session() as session:
            return plans.set_current(session, self.office, plan_id).id

    def import_plan(self, path: Path) -> PlanDraft:
        """Read a plan workbook and, when it has no problems, write it; the draft either way."""
        with self.database.session() as session:
            draft = plan_workbook.read_workbook(session, path)
            if not draft.problems:
                plan_workbook.apply(session, self.office, draft)
        return draft

    def write_monthly(
        self,
        path: Path,
        period: Period,
        today: date,
        *,
        township: str | None = None,
        issue: bool = False,
    ) -> ReportSummary:
        """Write the 月报 to ``path``; with ``issue`` (county only) also freeze it as issued."""
        with self.database.session() as session:
            return write_or_issue(
                session, self.office, path, period, today, township=township, issue=issue
            ).summary
