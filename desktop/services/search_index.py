"""A bigram search index beside a SQLite ledger database, so free text stays instant at a
million rows — including the 2-character Chinese terms that SQLite's trigram index cannot find.

The index is a derived cache in its own file (``<database>.search.sqlite3``), never part of the
schema: deleting it only costs a rebuild. Each ledger gets an FTS5 table whose tokens are the
record's character pairs (every pair of neighbouring characters, and each character at the end
of a field), written as hex code points so no tokenizer can split them. A search for a word asks
the index for the rows holding all of the word's pairs (one character: pairs that start with it),
and the usual ``LIKE`` conditions still decide the exact match — the index only narrows the rows
that ``LIKE`` has to look at, so results are identical with or without it.

Freshness: ``PRAGMA data_version`` tells whether anyone (this window, the command line, a sync
import in another process) has committed to the database since the index was last brought up to
date. A stale index is never used; :meth:`SearchIndex.update` catches up by comparing each row's
``hlc`` (which every write changes) with the one indexed.
"""

from __future__ import annotations

import itertools
import sqlite3
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import (
    Integer,
    and_,
    bindparam,
    column,
    literal_column,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import TextualSelect

from desktop.db import Database, sqlite_file
from desktop.models import Enterprise
from desktop.services import search_terms
from desktop.services.fields import LEDGERS, LedgerSpec

SCHEMA = "qd_search"
INDEX_SUFFIX = ".search.sqlite3"
BATCH = 20000
DENSE_ROWS = 8000
"""Above about this many candidate rows, walking the ledger in order finds a page sooner."""


def pair_tokens(text: str) -> list[str]:
    """Tokens of a text: each pair of neighbouring characters, and the last character alone."""
    folded = text.lower()
    tokens = [f"{ord(a):x}x{ord(b):x}" for a, b in itertools.pairwise(folded)]
    if folded:
        tokens.append(f"{ord(folded[-1]):x}x")
    return tokens


def word_query(word: str) -> str:
    """FTS5 query matching every record that contains ``word`` (and possibly a few more)."""
    folded = word.lower()
    if len(folded) == 1:
        return f"{ord(folded):x}x*"
    pairs = {f"{ord(a):x}x{ord(b):x}" for a, b in itertools.pairwise(folded)}
    return " AND ".join(sorted(pairs))


def _document_sql(spec: LedgerSpec) -> str:
    return " || char(10) || ".join(f"coalesce({name}, '')" for name in spec.search_fields)


class SearchIndex:
    """The bigram index of one SQLite ledger database."""

    def __init__(self, database: Database) -> None:
        path = sqlite_file(database)
        if path is None:
            raise ValueError("the search index needs a SQLite database file")
        self.database = database
        self.path = path
        self.index_path = path.with_name(path.name + INDEX_SUFFIX)
        self._lock = threading.Lock()
        self._probe = sqlite3.connect(str(path), check_same_thread=False)
        self._fresh_version: int | None = None
        self._ratios: dict[str, int] = {}
        self._stop = threading.Event()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []

    # ---- freshness -----------------------------------------------------------------------------

    def _data_version(self) -> int:
        with self._lock:
            return int(self._probe.execute("PRAGMA main.data_version").fetchone()[0])

    def is_fresh(self) -> bool:
        """True when nothing was committed to the database since the last update."""
        return self._fresh_version is not None and self._data_version() == self._fresh_version

    def stop(self) -> None:
        """Ask a running :meth:`update` to stop after its current batch (it resumes next time)."""
        self._stop.set()

    def close(self) -> None:
        self._stop.set()
        for reader in self._readers:
            reader.close()
        self._readers.clear()
        with self._lock:
            self._probe.close()

    # ---- building ------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(str(self.path), timeout=30)
        connection.execute("PRAGMA query_only=OFF")
        connection.execute(f"ATTACH DATABASE ? AS {SCHEMA}", (str(self.index_path),))
        connection.execute(f"PRAGMA {SCHEMA}.journal_mode=WAL")
        connection.execute(f"PRAGMA {SCHEMA}.synchronous=OFF")
        for name in LEDGERS:
            connection.execute(
                f"CREATE TABLE IF NOT EXISTS {SCHEMA}.{name}_docs "
                "(rid INTEGER PRIMARY KEY, hlc INTEGER NOT NULL)"
            )
            connection.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {SCHEMA}.{name}_grams "
                "USING fts5(body, detail=none, prefix='3 5')"
            )
        return connection

    def update(self) -> Iterator[tuple[int, int]]:
        """Bring the index up to date; yields (rows done, 0) after each batch it writes.

        Changed rows are streamed in batches (one connection reads the ledger, another writes
        the index), so a first build over a million rows stays within a few megabytes.
        """
        version = self._data_version()
        reader = self._connect()
        writer = sqlite3.connect(str(self.index_path), timeout=30)
        writer.execute("PRAGMA synchronous=OFF")
        done = 0
        try:
            for spec in LEDGERS.values():
                table = spec.model.__tablename__
                reader.execute(
                    f"DELETE FROM {SCHEMA}.{table}_grams WHERE rowid IN "
                    f"(SELECT d.rid FROM {SCHEMA}.{table}_docs d LEFT JOIN main.{table} m "
                    "ON m.rowid = d.rid WHERE m.rowid IS NULL)"
                )
                reader.execute(
                    f"DELETE FROM {SCHEMA}.{table}_docs WHERE rid NOT IN "
                    f"(SELECT rowid FROM main.{table})"
                )
                reader.commit()
            yield done, 0
            for spec in LEDGERS.values():
                table = spec.model.__tablename__
                changed = reader.execute(
                    f"SELECT m.rowid, m.hlc, {_document_sql(spec)} FROM main.{table} m "
                    f"LEFT JOIN {SCHEMA}.{table}_docs d ON d.rid = m.rowid "
                    "WHERE d.hlc IS NULL OR d.hlc <> m.hlc"
                )
                while chunk := changed.fetchmany(BATCH):
                    if self._stop.is_set():
                        return
                    writer.executemany(
                        f"DELETE FROM {table}_grams WHERE rowid = ?",
                        [(rid,) for rid, _, _ in chunk],
                    )
                    writer.executemany(
                        f"INSERT INTO {table}_grams(rowid, body) VALUES (?, ?)",
                        [(rid, " ".join(pair_tokens(text))) for rid, _, text in chunk],
                    )
                    writer.executemany(
                        f"INSERT OR REPLACE INTO {table}_docs(rid, hlc) VALUES (?, ?)",
                        [(rid, hlc) for rid, hlc, _ in chunk],
                    )
                    writer.commit()
                    done += len(chunk)
                    yield done, 0
        finally:
            writer.close()
            reader.close()
        self._fresh_version = version
        self._ratios.clear()

    def update_all(self) -> int:
        """Run :meth:`update` to the end; returns the number of rows (re)indexed."""
        last = deque(self.update(), maxlen=1)
        return last[0][0] if last else 0

    # ---- searching -----------------------------------------------------------------------------

    def attach(self, connection: Connection) -> None:
        """Make the index visible to a connection of the ledger database (once per connection)."""
        attached = {row[1] for row in connection.exec_driver_sql("PRAGMA database_list")}
        if SCHEMA not in attached:
            connection.exec_driver_sql(f"ATTACH DATABASE ? AS {SCHEMA}", (str(self.index_path),))

    def plan(self, spec: LedgerSpec, text: str, exact: bool = False) -> SearchPlan | None:
        """How to search ``text`` in a ledger with the index; None when stale or no text.

        Candidates are counted up to just past :data:`DENSE_ROWS` (enough to choose how to
        read a page), or all of them when ``exact`` (to choose how to count).
        """
        words = search_terms.search_words(text)
        if not words or not self.is_fresh():
            return None
        table = spec.model.__tablename__
        rowid: ColumnElement[int] = literal_column(f"{table}.rowid")
        conditions = []
        estimate = 0
        for word in words:
            query = word_query(word)
            own = self._probe_count(f"{table}_grams", query, exact)
            linked = 0
            alternatives: list[ColumnElement[bool]] = [rowid.in_(self._grams(table, query))]
            if "enterprise_id" in spec.field_names:
                enterprises = self._probe_count("enterprises_grams", query, exact)
                linked = enterprises * self._per_enterprise(table)
                matching = select(Enterprise.id).where(
                    literal_column("enterprises.rowid").in_(self._grams("enterprises", query))
                )
                alternatives.append(spec.model.__table__.c.enterprise_id.in_(matching))
            conditions.append(or_(*alternatives))
            word_estimate = own + linked
            estimate = word_estimate if not estimate else min(estimate, word_estimate)
        rows = self._rows(table)
        return SearchPlan(
            candidates=and_(*conditions),
            verify=exact_condition(spec, words),
            dense=estimate > DENSE_ROWS,
            estimate=estimate,
            rows=rows,
        )

    def _reader(self) -> sqlite3.Connection:
        """This thread's connection to the index (page reads and counts run on two threads)."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(str(self.index_path), check_same_thread=False)
            self._local.connection = connection
            self._readers.append(connection)
        return connection

    def _probe_count(self, grams: str, query: str, exact: bool = False) -> int:
        """Rows of the index matching ``query``, counted up to just past :data:`DENSE_ROWS`."""
        limit = "" if exact else f" LIMIT {DENSE_ROWS + 1}"
        row = (
            self._reader()
            .execute(
                f"SELECT count(*) FROM (SELECT rowid FROM {grams} WHERE {grams} MATCH ?{limit})",
                (query,),
            )
            .fetchone()
        )
        return int(row[0])

    def _rows(self, table: str) -> int:
        """Rows indexed for a ledger (cached until the next update)."""
        key = f"rows:{table}"
        if key not in self._ratios:
            row = self._reader().execute(f"SELECT count(*) FROM {table}_docs").fetchone()
            self._ratios[key] = int(row[0])
        return self._ratios[key]

    def _per_enterprise(self, table: str) -> int:
        """Rows per enterprise in a ledger (rounded up), to estimate enterprise matches."""
        if table not in self._ratios:
            rows = self._reader().execute(f"SELECT count(*) FROM {table}_docs").fetchone()
            firms = self._reader().execute("SELECT count(*) FROM enterprises_docs").fetchone()
            self._ratios[table] = max(1, -(-int(rows[0]) // max(1, int(firms[0]))))
        return self._ratios[table]

    @staticmethod
    def _grams(table: str, query: str) -> TextualSelect:
        return (
            text(f"SELECT rowid FROM {SCHEMA}.{table}_grams WHERE {table}_grams MATCH :terms")
            .bindparams(bindparam("terms", query, unique=True))
            .columns(column("rowid", Integer))
        )


@dataclass(frozen=True)
class SearchPlan:
    """Conditions of an indexed search.

    ``candidates`` narrows the rows through the index, ``verify`` is the exact match. When the
    words are common (``dense``) it is quicker to walk the ledger in display order and stop
    after a page than to collect every candidate, and quicker to count by scanning than by
    looking up every candidate, so both leave ``candidates`` out.
    """

    candidates: ColumnElement[bool]
    verify: ColumnElement[bool]
    dense: bool
    estimate: int
    """Rows the index offers (at most one word's worth; capped unless asked for exactly)."""
    rows: int
    """Rows of the ledger in the index."""

    @property
    def count_by_candidates(self) -> bool:
        """Counting the candidates beats scanning when they are under a third of the rows."""
        return self.estimate * 3 < self.rows


def exact_condition(spec: LedgerSpec, words: list[str]) -> ColumnElement[bool]:
    """Rows whose search fields, or whose enterprise's name or credit code, contain every word.

    The meaning of :mod:`desktop.services.search_terms`, with the enterprise looked up per row
    (a primary-key probe) instead of scanning every enterprise first.
    """
    condition = search_terms.text_condition(spec, words, per_row=True)
    return condition if condition is not None else true()
