"""The drill-down's columns and its Excel export, on the figures read facade (no open session).

What the dashboard shows is read by :class:`desktop.reports.reads.ReportReads`; here the records
behind a figure become the clerk's columns and labels for the .xlsx.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from desktop.reports import drill_export
from desktop.reports.reads import DrillRecords, ReportReads
from desktop.services.fields import LEDGERS, Field
from desktop.ui.display import ReferenceLabels, format_value


def drill_fields(ledger: str) -> tuple[Field, ...]:
    """Every field of the ledger: the drill-down shows all the columns a record has."""
    return LEDGERS[ledger].fields


def export_records(
    reads: ReportReads,
    path: Path,
    records: DrillRecords,
    title: str,
    subtitle: str,
    labels: ReferenceLabels,
    language: str,
) -> int:
    """Every record behind a figure (all of them, in batches) to an .xlsx; the count written."""
    ledger = records.drill.ledger
    fields = drill_fields(ledger)
    headers = [f.label(language) for f in fields] + ["记录编号" if language == "zh" else "Id"]

    def rows() -> Iterator[list[str]]:
        for batch in reads.record_batches(ledger, records.drill.ids):
            for record in batch.records:
                yield [
                    format_value(f, record.get(f.name), labels, language, batch.enterprises)
                    for f in fields
                ] + [str(record["id"])]

    return drill_export.write_records(path, title, subtitle, headers, rows())
