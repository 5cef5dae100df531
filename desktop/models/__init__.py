"""SQLAlchemy models of Quality Desk. No Qt here: the core knows no screen."""

from desktop.models.audit import AuditEntry
from desktop.models.base import COUNTY_OWNER, SYNC_COLUMNS, Base, SyncRecord
from desktop.models.imports import ImportLayout
from desktop.models.installation import OFFICE_COUNTY, OFFICE_TOWNSHIP, Installation
from desktop.models.ledgers import (
    Certification,
    Enterprise,
    Inspection,
    ManualStatistic,
    Project,
    ProjectProgress,
)
from desktop.models.plans import IssuedReport, Plan, PlanTarget
from desktop.models.reference import Category, Setting, Target, Township
from desktop.models.sync_state import (
    SyncConflict,
    SyncHeld,
    SyncIdentity,
    SyncInbox,
    SyncInstallation,
    SyncOutbox,
    SyncTrust,
    SyncVersion,
)

LEDGER_MODELS: dict[str, type[SyncRecord]] = {
    "enterprises": Enterprise,
    "inspections": Inspection,
    "certifications": Certification,
    "projects": Project,
    "project_progress": ProjectProgress,
    "manual_statistics": ManualStatistic,
}
"""Every table that travels in sync packages, by its table name."""

__all__ = [
    "COUNTY_OWNER",
    "LEDGER_MODELS",
    "OFFICE_COUNTY",
    "OFFICE_TOWNSHIP",
    "SYNC_COLUMNS",
    "AuditEntry",
    "Base",
    "Category",
    "Certification",
    "Enterprise",
    "ImportLayout",
    "Inspection",
    "Installation",
    "IssuedReport",
    "ManualStatistic",
    "Plan",
    "PlanTarget",
    "Project",
    "ProjectProgress",
    "Setting",
    "SyncConflict",
    "SyncHeld",
    "SyncIdentity",
    "SyncInbox",
    "SyncInstallation",
    "SyncOutbox",
    "SyncRecord",
    "SyncTrust",
    "SyncVersion",
    "Target",
    "Township",
]
