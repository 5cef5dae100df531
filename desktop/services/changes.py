"""What a write changed, so each view decides for itself whether to refresh.

Modelled on Anki's ``OpChanges``: a write returns a :class:`~desktop.services.ledger.WriteResult`,
the window turns it (or several: a record and the enterprise added inline for it) into one
:class:`Changes` and broadcasts it; a ledger refreshes when its own ledger changed or a ledger it
shows names from (enterprises, projects), the status bar when any record did. A write by another
process (the command line, a second window) is only known to have happened: ``everything``.
No Qt.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

REFERENCED_BY = {
    "enterprises": ("enterprise_id",),
    "projects": ("project_id",),
}
"""A ledger whose names other ledgers show, and the fields they show them through."""


class _Written(Protocol):
    @property
    def ledger(self) -> str: ...


@dataclass(frozen=True)
class Changes:
    """The ledgers a write touched, and whether the sync dates changed."""

    ledgers: frozenset[str] = field(default_factory=frozenset)
    sync_state: bool = False
    """An export or an import changed the last export / import dates."""
    everything: bool = False
    """Something changed but not known what (another process wrote): refresh all."""

    @classmethod
    def of(cls, *ledgers: str, sync_state: bool = False) -> Changes:
        return cls(frozenset(ledgers), sync_state=sync_state)

    @classmethod
    def from_writes(cls, results: Iterable[_Written]) -> Changes:
        """The changes of the given write results (e.g. ``form.writes``)."""
        return cls(frozenset(result.ledger for result in results))

    @classmethod
    def unknown(cls) -> Changes:
        return cls(everything=True, sync_state=True)

    @classmethod
    def from_name(cls, name: str) -> Changes:
        """From the older string signal of a screen: a ledger, ``"*"`` (any) or ``""`` (only the
        sync dates changed)."""
        if name == "*":
            return cls(everything=True, sync_state=True)
        if not name:
            return cls(sync_state=True)
        return cls.of(name)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.ledgers | other.ledgers,
            self.sync_state or other.sync_state,
            self.everything or other.everything,
        )

    def __bool__(self) -> bool:
        return bool(self.ledgers) or self.sync_state or self.everything

    @property
    def records(self) -> bool:
        """Whether any record may have changed (counts, the search index)."""
        return self.everything or bool(self.ledgers)

    def affects(self, ledger: str, field_names: Iterable[str] = ()) -> bool:
        """Whether a view of ``ledger`` showing ``field_names`` must refresh."""
        if self.everything or ledger in self.ledgers:
            return True
        names = set(field_names)
        return any(
            changed in REFERENCED_BY and names.intersection(REFERENCED_BY[changed])
            for changed in self.ledgers
        )
