"""Narrowing a search from the previous keystroke's matches (SQLite).

Typing ``泰顺`` after ``泰`` can only lose rows: a record containing the longer text contains
the shorter one. So once every match of a text is known (its first page held them all, or its
count listed them, at most :data:`NARROW_ROWS`), the next text that extends it — every old word
inside one of the new words, same filters, same day — looks those few rows up by rowid instead
of searching the ledger. The usual conditions (:mod:`desktop.services.search_terms`) still
decide each row, so the rows are exactly those of a plain ``LIKE`` search.

Remembered matches are only valid for the database as it was: ``PRAGMA data_version`` (on a
connection of its own that never writes) changes when anyone — this window, the command line, a
sync import — commits. A read is narrowed only when the version is the remembered one both
before and after it ran, and matches are remembered only when it did not move during their
read; otherwise the read runs again without narrowing.

The last counts are remembered the same way (any text, the empty one too): clearing the search
box, or going back to a text counted a moment ago, shows its number without counting a million
rows again, as long as nobody committed since.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Integer, bindparam, column, literal_column, text
from sqlalchemy.sql.elements import ColumnElement

NARROW_ROWS = 4000
"""At most this many matches are remembered per text (beyond, the index is quicker)."""
REMEMBERED = 16
"""Texts remembered (the few last keystrokes of each ledger)."""
COUNTS = 32
"""Counts remembered (of the last queries counted, in every ledger)."""


@dataclass(frozen=True)
class Matches:
    """Every row (by rowid) that ``words`` matched under one set of filters, at ``version``."""

    words: tuple[str, ...]
    rowids: tuple[int, ...]
    version: int


def extends(new: Sequence[str], old: Sequence[str]) -> bool:
    """Whether every row matching all of ``new`` also matches all of ``old``: each old word
    lies inside one of the new words (exact characters, so any case rule keeps it true)."""
    return bool(old) and all(any(word in longer for longer in new) for word in old)


def rowid_condition(table: str, rowids: Sequence[int]) -> ColumnElement[bool]:
    """``rowid IN (…)`` over a list of any length (one JSON value, not one bind per row)."""
    listed = (
        text("SELECT value FROM json_each(:rowids)")
        .bindparams(bindparam("rowids", json.dumps(list(rowids)), unique=True))
        .columns(column("value", Integer))
    )
    result: ColumnElement[bool] = literal_column(f"{table}.rowid").in_(listed)
    return result


class Narrowing:
    """The remembered matches of one SQLite database file."""

    def __init__(self, path: Path) -> None:
        self._lock = threading.Lock()
        self._probe = sqlite3.connect(str(path), check_same_thread=False)
        self._remembered: OrderedDict[Hashable, list[Matches]] = OrderedDict()
        self._counts: OrderedDict[Hashable, tuple[int, int]] = OrderedDict()
        """Query → (version, rows it matched)."""

    def version(self) -> int:
        """The database's ``data_version`` as this (never writing) connection sees it."""
        with self._lock:
            return int(self._probe.execute("PRAGMA main.data_version").fetchone()[0])

    def find(self, key: Hashable, words: Sequence[str], version: int) -> Matches | None:
        """The smallest remembered matches that ``words`` narrows, at ``version``."""
        with self._lock:
            found = [
                matches
                for matches in self._remembered.get(key, ())
                if matches.version == version and extends(words, matches.words)
            ]
        return min(found, key=lambda m: len(m.rowids), default=None)

    def remember(
        self, key: Hashable, words: Sequence[str], rowids: Sequence[int], version: int
    ) -> None:
        """Keep the matches of ``words`` (when there are few enough of them)."""
        if not words or len(rowids) > NARROW_ROWS:
            return
        entry = Matches(tuple(words), tuple(rowids), version)
        with self._lock:
            kept = [
                m
                for m in self._remembered.pop(key, [])
                if m.version == version and m.words != entry.words
            ]
            self._remembered[key] = [*kept[-(REMEMBERED - 1) :], entry]
            while len(self._remembered) > REMEMBERED:
                self._remembered.popitem(last=False)

    def counted(self, key: Hashable, version: int) -> int | None:
        """The remembered count of a query (``key``: filters and words), if made at ``version``."""
        with self._lock:
            found = self._counts.get(key)
            if found is None or found[0] != version:
                return None
            self._counts.move_to_end(key)
            return found[1]

    def remember_count(self, key: Hashable, total: int, version: int) -> None:
        """Keep the count of a query made at ``version``."""
        with self._lock:
            self._counts[key] = (version, total)
            self._counts.move_to_end(key)
            while len(self._counts) > COUNTS:
                self._counts.popitem(last=False)

    def forget(self) -> None:
        with self._lock:
            self._remembered.clear()
            self._counts.clear()

    def close(self) -> None:
        with self._lock:
            self._remembered.clear()
            self._counts.clear()
            self._probe.close()
