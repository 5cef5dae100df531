"""A bigram search index beside a SQLite ledger database, so free text stays instant at a
million rows — including the 2-character Chinese terms that SQLite's trigram index cannot find.

The index is a derived cache in its own file (``<database>.search.sqlite3``), never part of the
schema: deleting it only costs a rebuild. Each ledger gets an FTS5 table whose tokens are the
distinct characters and character pairs of the record's search fields, written as hex code
points so no tokenizer can split them. A search for a word asks the index for the rows holding
all of the word's pairs (one character: that character), and the usual ``LIKE`` conditions
still decide the exact match — the index only narrows the rows that ``LIKE`` has to look at, so
results are identical with or without it.

Small by construction (about a twentieth of the database): the FTS5 tables are *contentless*
(``content=''``: no copy of the tokens), keep no positions or sizes (``detail=none``,
``columnsize=0``) and are keyed by the ledger's integer ``rowid``. A contentless table cannot
forget a row's old tokens (SQLite before 3.43 has no ``contentless_delete``), so an edited row
is indexed again on top of its old tokens: the index may offer a few rows too many, never too
few, and ``LIKE`` removes them. When such leftovers pass :data:`REBUILD_SHARE` of a ledger's
rows, the next update rebuilds that ledger's table from scratch.

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
    text,
    true,
)
from sqlalchemy.engine import Connection
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import TextualSelect

from desktop.db import Database, sqlite_file
from desktop.services import search_terms
from desktop.services.fields import LEDGERS, LedgerSpec

SCHEMA = "qd_search"
INDEX_SUFFIX = ".search.sqlite3"
INDEX_FORMAT = 2
"""``PRAGMA user_version`` of the index file; a file of another format is replaced."""
BATCH = 20000
REBUILD_SHARE = 0.2
REBUILD_MIN_ROWS = 1000
"""A ledger's table is rebuilt once its leftover rows (edited or deleted since the last build)
pass this share of its rows (and this many)."""
DENSE_ROWS = 8000
"""Above about this many candidate rows, walking the ledger in order finds a page sooner."""


def pair_tokens(text: str) -> list[str]:
    """Tokens of a text, each once: every character, and every pair of neighbouring ones."""
    folded = text.lower()
    tokens = {f"{ord(a):x}x{ord(b):x}" for a, b in itertools.pairwise(folded)}
    tokens.update(f"{ord(character):x}" for character in folded)
    return sorted(tokens)


def word_query(word: str) -> str:
    """FTS5 query matching every record that contains ``word`` (and possibly a few more)."""
    folded = word.lower()
    if len(folded) == 1:
        return f"{ord(folded):x}"
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

    def size_bytes(self) -> int:
        """Bytes the index takes on disk (its file and write-ahead log)."""
        paths = (self.index_path, self.index_path.with_name(self.index_path.name + "-wal"))
        return sum(path.stat().st_size for path in paths if path.exists())

    def _replace_other_format(self) -> None:
        """Start afresh when the index file was written in another format (e.g. by an older
        release, whose index kept a copy of every token and was ten times larger)."""
        if not self.index_path.exists():
            return
        check = sqlite3.connect(str(self.index_path), timeout=30)
        try:
            version = int(check.execute("PRAGMA user_version").fetchone()[0])
            tables = check.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            check.close()
        if version == INDEX_FORMAT or not tables:
            return
        try:
            for suffix in ("", "-wal", "-shm"):
                self.index_path.with_name(self.index_path.name + suffix).unlink(missing_ok=True)
        except OSError:  # open elsewhere (Windows): empty it instead
            check = sqlite3.connect(str(self.index_path), timeout=30)
            try:
                for name in LEDGERS:  # the FTS5 tables take their shadow tables with them
                    check.execute(f"DROP TABLE IF EXISTS {name}_grams")
                    check.execute(f"DROP TABLE IF EXISTS {name}_docs")
                check.execute("DROP TABLE IF EXISTS leftovers")
                check.commit()
                check.execute("VACUUM")
            finally:
                check.close()

    def _connect(self) -> sqlite3.Connection:
        self._replace_other_format()
        connection = sqlite3.connect(str(self.path), timeout=30)
        connection.execute("PRAGMA query_only=OFF")
        connection.execute(f"ATTACH DATABASE ? AS {SCHEMA}", (str(self.index_path),))
        connection.execute(f"PRAGMA {SCHEMA}.journal_mode=WAL")
        connection.execute(f"PRAGMA {SCHEMA}.synchronous=OFF")
        connection.execute(
            f"CREATE TABLE IF NOT EXISTS {SCHEMA}.leftovers "
            "(ledger TEXT PRIMARY KEY, rows INTEGER NOT NULL)"
        )
        for name in LEDGERS:
            connection.execute(
                f"CREATE TABLE IF NOT EXISTS {SCHEMA}.{name}_docs "
                "(rid INTEGER PRIMARY KEY, hlc INTEGER NOT NULL)"
            )
            connection.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {SCHEMA}.{name}_grams "
                "USING fts5(body, content='', detail=none, columnsize=0)"
            )
        connection.execute(f"PRAGMA {SCHEMA}.user_version = {INDEX_FORMAT}")
        connection.commit()
        return connection

    @staticmethod
    def _leftovers(connection: sqlite3.Connection, table: str) -> int:
        row = connection.execute(
            f"SELECT rows FROM {SCHEMA}.leftovers WHERE ledger = ?", (table,)
        ).fetchone()
        return int(row[0]) if row else 0

    @staticmethod
    def _add_leftovers(connection: sqlite3.Connection, table: str, rows: int) -> None:
        if rows:
            connection.execute(
                f"INSERT INTO {SCHEMA}.leftovers (ledger, rows) VALUES (?, ?) "
                "ON CONFLICT (ledger) DO UPDATE SET rows = rows + excluded.rows",
                (table, rows),
            )

    def _forget(self, connection: sqlite3.Connection, table: str) -> None:
        """Remove rows deleted from the ledger; rebuild the ledger's table when too much of it
        is left over from edits and deletions."""
        gone = connection.execute(
            f"DELETE FROM {SCHEMA}.{table}_docs WHERE rid NOT IN (SELECT rowid FROM main.{table})"
        ).rowcount
        self._add_leftovers(connection, table, max(0, gone))
        leftovers = self._leftovers(connection, table)
        indexed = connection.execute(f"SELECT count(*) FROM {SCHEMA}.{table}_docs").fetchone()[0]
        if leftovers > max(REBUILD_MIN_ROWS, REBUILD_SHARE * int(indexed)):
            connection.execute(
                f"INSERT INTO {SCHEMA}.{table}_grams({table}_grams) VALUES ('delete-all')"
            )
            connection.execute(f"DELETE FROM {SCHEMA}.{table}_docs")
            connection.execute(f"DELETE FROM {SCHEMA}.leftovers WHERE ledger = ?", (table,))
        connection.commit()

    def update(self) -> Iterator[tuple[int, int]]:
        """Bring the index up to date; yields (rows done, 0) after each batch it writes.

        Changed rows are streamed in batches (one connection reads the ledger, another writes
        the index), so a first build over a million rows stays within a few megabytes.
        """
        version = self._data_version()
        reader = self._connect()
        writer = sqlite3.connect(":memory:", timeout=30)
        writer.execute(f"ATTACH DATABASE ? AS {SCHEMA}", (str(self.index_path),))
        writer.execute(f"PRAGMA {SCHEMA}.synchronous=OFF")
        done = 0
        try:
            for spec in LEDGERS.values():
                self._forget(reader, spec.model.__tablename__)
            yield done, 0
            for spec in LEDGERS.values():
                table = spec.model.__tablename__
                changed = reader.execute(
                    f"SELECT m.rowid, m.hlc, d.hlc IS NOT NULL, {_document_sql(spec)} "
                    f"FROM main.{table} m LEFT JOIN {SCHEMA}.{table}_docs d ON d.rid = m.rowid "
                    "WHERE d.hlc IS NULL OR d.hlc <> m.hlc ORDER BY m.rowid"
                )
                while chunk := changed.fetchmany(BATCH):
                    if self._stop.is_set():
                        return
                    # An edited row's old tokens stay (a contentless table cannot forget them):
                    # counted as leftovers until the ledger's table is rebuilt.
                    self._add_leftovers(writer, table, sum(1 for row in chunk if row[2]))
                    writer.executemany(
                        f"INSERT INTO {SCHEMA}.{table}_grams(rowid, body) VALUES (?, ?)",
                        [(rid, " ".join(pair_tokens(text))) for rid, _, _, text in chunk],
                    )
                    writer.executemany(
                        f"INSERT OR REPLACE INTO {SCHEMA}.{table}_docs(rid, hlc) VALUES (?, ?)",
                        [(rid, hlc) for rid, hlc, _, _ in chunk],
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
            if "enterprise_id" in spec.field_names:
                enterprises = self._probe_count("enterprises_grams", query, exact)
                linked = enterprises * self._per_enterprise(table)
                # One list of row ids (the record's own words, or its enterprise's): SQLite then
                # looks the few candidates up by rowid. An OR of the two lists made it walk the
                # whole ledger in display order instead (20 s for a term nobody recorded).
                conditions.append(rowid.in_(self._own_or_linked(table, query)))
            else:
                conditions.append(rowid.in_(self._grams(table, query)))
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
    def _own_or_linked(table: str, query: str) -> TextualSelect:
        """Row ids of a ledger whose own words match, or whose enterprise's do."""
        return (
            text(
                f"SELECT rowid FROM {SCHEMA}.{table}_grams WHERE {table}_grams MATCH :own "
                f"UNION SELECT linked.rowid FROM main.{table} AS linked "
                "WHERE linked.enterprise_id IN (SELECT firm.id FROM main.enterprises AS firm "
                f"WHERE firm.rowid IN (SELECT rowid FROM {SCHEMA}.enterprises_grams "
                "WHERE enterprises_grams MATCH :firm))"
            )
            .bindparams(bindparam("own", query, unique=True), bindparam("firm", query, unique=True))
            .columns(column("rowid", Integer))
        )

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
