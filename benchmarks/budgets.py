"""Budgets of issue 16 and how every benchmark reports against them.

Each benchmark measures what a person waits for, next to a baseline run in the same process or
the same run (the machine is shared, so absolute times move with its load; ratios much less),
prints each figure beside its budget with ``OK`` or ``MISS``, and exits non-zero when any figure
misses. The budgets are the product's goals, not looser ones.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field


def load_average() -> str:
    """The machine's 1/5/15-minute load (printed beside the figures: they move with it)."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "load unknown"
    return f"load {one:.1f} / {five:.1f} / {fifteen:.1f} on {os.cpu_count()} cores"


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def timed_process(command: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Wall seconds from starting ``command`` to its exit (output discarded; must exit 0)."""
    started = time.perf_counter()
    subprocess.run(
        command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


@dataclass
class Report:
    """Figures checked against their budgets; :meth:`finish` prints the verdict."""

    title: str
    lines: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        print(f"== {self.title} ({load_average()})", flush=True)

    def check(
        self,
        label: str,
        value: float,
        budget: float,
        unit: str = "",
        *,
        at_least: bool = False,
        detail: str = "",
    ) -> bool:
        """Print ``label value (budget ≤/≥ budget) OK|MISS``; returns whether it met it."""
        ok = value >= budget if at_least else value <= budget
        sign = "≥" if at_least else "≤"
        verdict = "OK" if ok else "MISS"
        text = f"  {label:<58} {value:10.3g}{unit:<5} budget {sign} {budget:g}{unit}  {verdict}"
        if detail:
            text += f"   ({detail})"
        print(text, flush=True)
        if not ok:
            self.misses.append(label)
        return ok

    def note(self, text: str) -> None:
        print(f"  {text}", flush=True)

    def finish(self) -> int:
        """Print the verdict (with the load again) and return the exit code: 0, or 1 on a miss."""
        if self.misses:
            print(f"MISSED {len(self.misses)}: {'; '.join(self.misses)}  ({load_average()})")
            return 1
        print(f"all budgets met ({load_average()})")
        return 0


def python() -> str:
    return sys.executable
