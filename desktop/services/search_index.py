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
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import (
    Integer,
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
LOOKUP_ROWS = 4000
"""Up to this many candidates, a page looks each of them up by rowid (counted exactly)."""
SAMPLE_ROWS = 20000
"""Past LOOKUP_ROWS, candidates are estimated from their share of the newest row ids."""
PAGE_ROWS = 50
"""Rows of a page, for the plan's costs (the table model's page: first_page.PAGE_ROWS, kept
equal by a test)."""
_ATTACHED = "quality_desk_search_index"
"""Key of a pooled connection's info: the index file attached to it."""


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
        self._listeners: list[Callable[[], bool]] = []

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
        self._tell_listeners()

    def add_listener(self, listener: Callable[[], bool]) -> None:
        """Call ``listener`` (on the updating thread) each time the index is up to date again;
        it answers False once it no longer wants to be told."""
        with self._lock:
            self._listeners.append(listener)

    def _tell_listeners(self) -> None:
        with self._lock:
            listeners = list(self._listeners)
        gone = [listener for listener in listeners if not listener()]
        if gone:
            with self._lock:
                self._listeners = [x for x in self._listeners if x not in gone]

    def update_all(self) -> int:
        """Run :meth:`update` to the end; returns the number of rows (re)indexed."""
        last = deque(self.update(), maxlen=1)
        return last[0][0] if last else 0

    # ---- searching -----------------------------------------------------------------------------

    def attach(self, connection: Connection) -> None:
        """Make the index visible to a connection of the ledger database (once per connection:
        the pooled connection remembers it, so a keystroke's read asks SQLite nothing)."""
        info = connection.info
        if info.get(_ATTACHED) == str(self.index_path):
            return
        attached = {row[1] for row in connection.exec_driver_sql("PRAGMA database_list")}
        if SCHEMA not in attached:
            connection.exec_driver_sql(f"ATTACH DATABASE ? AS {SCHEMA}", (str(self.index_path),))
        info[_ATTACHED] = str(self.index_path)

    def plan(self, spec: LedgerSpec, text: str, ordered_page: bool = False) -> SearchPlan | None:
        """How to search ``text`` in a ledger with the index; None when stale or no text.

        The candidates of the most selective word drive the plan (the exact check still tests
        every word): counted up to :data:`LOOKUP_ROWS` (cheap), else estimated from a sample of
        the newest :data:`SAMPLE_ROWS` row ids, so a long common phrase costs no more to plan
        than a rare one. ``ordered_page``: the plan is for a page read in an index's order,
        which only needs its mode — a single word whose own rows already make it a scan is not
        estimated among the enterprises too (their rows could only add candidates, which keeps
        it a scan); its ``estimate`` is then its own rows only.
        """
        words = search_terms.search_words(text)
        if not words or not self.is_fresh():
            return None
        table = spec.model.__tablename__
        rows = self._rows(table)
        linked_table = "enterprise_id" in spec.field_names
        best: tuple[int, int, str] | None = None
        for word in words:
            query = word_query(word)
            own = self._estimate(table, query)
            linked = 0
            alone = linked_table and ordered_page and len(words) == 1
            if alone and choose_mode(own, 0, rows) == "scan":
                return self._scan_plan(spec, words, table, query, own, rows)
            if linked_table:
                firms = self._estimate("enterprises", query)
                linked = firms * self._per_enterprise(table)
            if best is None or own + linked < best[0] + best[1]:
                best = (own, linked, query)
        assert best is not None
        own, linked, query = best
        rowid: ColumnElement[int] = literal_column(f"{table}.rowid")
        # The unary + keeps SQLite from looking the candidates up by rowid: it walks the
        # display order and tests each row against the candidate list instead.
        walked: ColumnElement[int] = literal_column(f"+{table}.rowid")
        # One list of row ids (the record's own words, or its enterprise's): SQLite then looks
        # the few candidates up by rowid. An OR of the two lists made it walk the whole ledger
        # in display order instead (20 s for a term nobody recorded).
        # When no enterprise can match, the record's own words are the whole list (no UNION
        # to build: 香菇's 34,000 candidates are tested 3 ms sooner).
        ids = self._own_or_linked(table, query) if linked else self._grams(table, query)
        return SearchPlan(
            candidates=rowid.in_(ids),
            walk_candidates=walked.in_(ids),
            verify=exact_condition(spec, words),
            mode=choose_mode(own, linked, rows),
            estimate=own + linked,
            rows=rows,
        )

    @classmethod
    def _scan_plan(
        cls, spec: LedgerSpec, words: list[str], table: str, query: str, own: int, rows: int
    ) -> SearchPlan:
        """A scan of a word whose enterprises were not estimated (its candidates, never read
        by a scan, are the whole list all the same)."""
        ids = cls._own_or_linked(table, query)
        return SearchPlan(
            candidates=literal_column(f"{table}.rowid").in_(ids),
            walk_candidates=literal_column(f"+{table}.rowid").in_(ids),
            verify=exact_condition(spec, words),
            mode="scan",
            estimate=own,
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

    def _estimate(self, table: str, query: str) -> int:
        """About how many rows of a ledger's index match ``query``: counted when there are at
        most :data:`LOOKUP_ROWS`, else scaled up from the matches among the newest
        :data:`SAMPLE_ROWS` indexed rows (FTS5 seeks straight to a rowid range). When the
        sample alone holds more than LOOKUP_ROWS matches, the count is not needed."""
        reader = self._reader()
        grams = f"{table}_grams"
        floor = self._sample_floor(table)
        sampled = None
        if floor is not None:
            sampled = int(
                reader.execute(
                    f"SELECT count(*) FROM {grams} WHERE {grams} MATCH ? AND rowid > {floor}",
                    (query,),
                ).fetchone()[0]
            )
            scaled = max(LOOKUP_ROWS + 1, sampled * self._rows(table) // SAMPLE_ROWS)
            if sampled > LOOKUP_ROWS:  # so many in the sample alone: more than that in all
                return scaled
        found = int(
            reader.execute(
                f"SELECT count(*) FROM (SELECT rowid FROM {grams} WHERE {grams} MATCH ? "
                f"LIMIT {LOOKUP_ROWS + 1})",
                (query,),
            ).fetchone()[0]
        )
        if found <= LOOKUP_ROWS:
            return found
        if sampled is None:  # a small ledger: count them all
            return int(
                reader.execute(
                    f"SELECT count(*) FROM {grams} WHERE {grams} MATCH ?", (query,)
                ).fetchone()[0]
            )
        return scaled

    def _sample_floor(self, table: str) -> int | None:
        """The rowid below the newest SAMPLE_ROWS indexed rows (None: fewer rows than that);
        cached until the next update."""
        key = f"floor:{table}:{SAMPLE_ROWS}"
        if key not in self._ratios:
            low = (
                self._reader()
                .execute(
                    f"SELECT rid FROM {table}_docs ORDER BY rid DESC LIMIT 1 OFFSET {SAMPLE_ROWS}"
                )
                .fetchone()
            )
            self._ratios[key] = int(low[0]) if low else -1
        floor = self._ratios[key]
        return None if floor < 0 else floor

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
            rows = self._rows(table)
            firms = self._rows("enterprises")
            self._ratios[table] = max(1, -(-rows // max(1, firms)))
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


def choose_mode(own: int, linked: int, rows: int) -> str:
    """The cheapest way to read a page, from the candidates' estimated number.

    ``lookup``: look every candidate up by rowid and sort them (few candidates). ``walk``: walk
    the ledger in display order, testing each row against the candidate list, and check only
    the rows on it. ``scan``: walk in display order and check every row (so many candidates
    that building their list costs more than the rows walked past to fill a page). Costs per
    row measured at 1.4 million inspections: building the list 0.15 µs per own candidate and
    about 1 µs per enterprise-linked one, testing a row against it 0.2 µs, checking a row
    8 µs; a page needs about ``PAGE_ROWS × rows / candidates`` rows walked.
    """
    candidates = own + linked
    if candidates <= LOOKUP_ROWS:
        return "lookup"
    walked = PAGE_ROWS * rows / candidates
    walk_cost = 0.15 * own + 1.0 * linked + 0.2 * walked
    scan_cost = 8.0 * walked
    return "walk" if walk_cost < scan_cost else "scan"


@dataclass(frozen=True)
class SearchPlan:
    """Conditions of an indexed search.

    ``candidates`` narrows the rows through the index (looked up by rowid),
    ``walk_candidates`` is the same list tested row by row while walking the display order,
    ``verify`` is the exact match. ``mode`` says which a page read uses
    (:func:`choose_mode`).
    """

    candidates: ColumnElement[bool]
    walk_candidates: ColumnElement[bool]
    verify: ColumnElement[bool]
    mode: str
    estimate: int
    """Rows the index offers for the most selective word (estimated past LOOKUP_ROWS; a scan
    planned for an ordered page counts only the records' own words)."""
    rows: int
    """Rows of the ledger in the index."""

    @property
    def count_by_candidates(self) -> bool:
        """Counting the candidates beats scanning when they are under a third of the rows."""
        return self.estimate * 3 < self.rows

    def page_conditions(self, ordered: bool = True) -> list[ColumnElement[bool]]:
        """The conditions a page read adds for this plan.

        ``ordered``: an index holds the rows in the page's order. Without one, walking finds
        nothing sooner (SQLite would check every row and sort them all), so the candidates are
        looked up whatever their number.
        """
        if self.mode == "lookup" or not ordered:
            return [self.verify, self.candidates]
        if self.mode == "walk":
            return [self.verify, self.walk_candidates]
        return [self.verify]

    def count_conditions(self) -> list[ColumnElement[bool]]:
        """The conditions a count adds for this plan."""
        if self.count_by_candidates:
            return [self.verify, self.candidates]
        return [self.verify]


def exact_condition(spec: LedgerSpec, words: list[str]) -> ColumnElement[bool]:
    """Rows whose search fields, or whose enterprise's name or credit code, contain every word.

    The meaning of :mod:`desktop.services.search_terms`, with the enterprise looked up per row
    (a primary-key probe) instead of scanning every enterprise first.
    """
    condition = search_terms.text_condition(spec, words, per_row=True)
    return condition if condition is not None else true()
