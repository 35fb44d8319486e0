"""The on-disk index: SQLite with an FTS5 table, built by streaming.

Layout (one file, no server; SQLite ships with Python):

- ``works(id, doi, record)``: each record's Crossref work message trimmed to the fields
  refenrich reads, as compact JSON, with a unique index on the lower-case DOI;
- ``works_fts``: a contentless FTS5 table (``detail=none``: no positions, so it stays
  small) over each record's folded title, subtitle, family names and container;
- ``terms(term, df)``: how many records hold each word, for choosing a reference's
  rarest words at search time (filled from ``fts5vocab`` when the build ends);
- ``meta``: format version and counts.

The build reads records one at a time and writes them in batches (all in one
transaction), so its memory does not grow with the number of records. It writes to a
temporary file beside the output and renames it at the end.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError

from refenrich import match as _match
from refenrich.crossref.schema import RECORD_FIELDS, parse_work_message, to_work
from refenrich.errors import InputError, ResponseValidationError, SourceError
from refenrich.index.reader import iter_record_files, iter_records
from refenrich.index.terms import choose_terms, query_terms, rank, record_text, terms
from refenrich.models import Work

__all__ = [
    "FORMAT_VERSION",
    "AsyncIndexSource",
    "BuildStats",
    "IndexSource",
    "build_index",
    "is_sqlite_index",
    "open_index",
]

FORMAT_VERSION = "1"
_MAGIC = b"SQLite format 3\x00"
_KEEP = frozenset(RECORD_FIELDS)
_PERSON_KEEP = ("given", "family", "name", "ORCID", "sequence")
# A word in more records than this is no help in finding one; skip it unless fewer
# than ``_ENOUGH_RARE`` rarer words are left.
_COMMON_SHARE = 0.02
_COMMON_FLOOR = 5000
# The first stage keeps this many times ``rows`` records by summed word weight; the
# second re-ranks them by how much of their title (and first author) the reference
# holds, which a long record sharing a few rare words cannot fake.
_POOL = 3
_BROAD_SHARE = 0.002
_BROAD_FLOOR = 1000
_ENOUGH_RARE = 3

_POSTINGS = "(SELECT json_group_array(rowid) FROM works_fts WHERE works_fts MATCH ?)"

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE works(id INTEGER PRIMARY KEY, doi TEXT NOT NULL UNIQUE, record BLOB NOT NULL);
CREATE VIRTUAL TABLE works_fts USING fts5(
    body, content='', detail='none', columnsize=0, tokenize='unicode61 remove_diacritics 0'
);
"""
_BUILD_PRAGMAS = (
    "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;"
    "PRAGMA temp_store=MEMORY;"
)
# FTS5 gathers new rows in memory up to ``hashsize`` bytes before writing a segment:
# fewer, larger segments mean less merging (the memory stays bounded).
_BUILD_FTS = "INSERT INTO works_fts(works_fts, rank) VALUES ('hashsize', 16777216);"
_IDS_BETWEEN = "SELECT id FROM works WHERE id BETWEEN ? AND ?"
# Validating a record costs about as much as indexing it, so the build checks the first
# records of each file and then a sample: a file of the wrong kind (CSL-JSON, a
# home-made export) is wrong from its first record on.
_CHECK_FIRST = 100
_CHECK_EVERY = 97


def is_sqlite_index(path: Path) -> bool:
    """Whether ``path`` is an SQLite database (by its first 16 bytes, not its name)."""
    try:
        with path.open("rb") as handle:
            return handle.read(16) == _MAGIC
    except OSError:
        return False


@dataclass(slots=True)
class BuildStats:
    """Progress and outcome of :func:`build_index`."""

    files: int = 0
    records: int = 0
    indexed: int = 0
    duplicates: int = 0
    skipped: int = 0
    malformed: int = 0
    """Records set aside because they are not Crossref work records (of those checked:
    the first ``_CHECK_FIRST`` of each file, then a sample)."""
    malformed_example: str = ""
    """Where the first such record was and what is wrong with it."""
    seconds: float = 0.0
    bytes: int = 0
    current: str = ""
    started: float = field(default_factory=time.perf_counter)

    @property
    def rate(self) -> float:
        """Records read per second so far."""
        elapsed = time.perf_counter() - self.started
        return self.records / elapsed if elapsed > 0 else 0.0


_PERSON_KEYS = frozenset(_PERSON_KEEP)


def _person(person: Any) -> Any:
    if not isinstance(person, dict) or person.keys() <= _PERSON_KEYS:
        return person
    return {key: person[key] for key in _PERSON_KEEP if key in person}


def _plain_people(people: list[Any]) -> bool:
    """Whether no person in ``people`` has keys to drop (a fast test; False if unsure)."""
    try:
        return all(map(_PERSON_KEYS.issuperset, people))
    except TypeError:  # a person that is not a dict, nor even iterable
        return False


def _trim(record: dict[str, Any]) -> dict[str, Any]:
    kept = record if record.keys() <= _KEEP else {k: v for k, v in record.items() if k in _KEEP}
    for key in ("author", "editor"):
        people = kept.get(key)
        if isinstance(people, list) and not _plain_people(people):
            kept = kept if kept is not record else dict(record)
            kept[key] = [_person(person) for person in people]
    return kept


def _body(record: dict[str, Any]) -> str:
    """The text the FTS table holds for a record.

    ASCII text goes in as it is: FTS5's ``unicode61`` tokenizer splits and lower-cases
    it as :func:`~refenrich.index.terms.terms` would. Short words, stop words and numbers
    are then indexed too, but never searched (queries go through ``terms``), so this
    only costs a little space and saves a third of the build's Python time.
    """
    text = record_text(record)
    return text if text.isascii() else " ".join(terms(text))


def _rows(records: Iterable[dict[str, Any]], stats: BuildStats) -> Iterator[tuple[str, bytes, str]]:
    """Each record with a DOI as (lower-case DOI, stored JSON, text to index)."""
    for position, record in enumerate(records):
        stats.records += 1
        doi = record.get("DOI")
        if type(doi) is not str or not (doi := doi.strip()):
            stats.skipped += 1
            continue
        trimmed = _trim(record)
        if position < _CHECK_FIRST or position % _CHECK_EVERY == 0:
            problem = work_problem(trimmed)
            if problem is not None:
                stats.malformed += 1
                if not stats.malformed_example:
                    stats.malformed_example = f"{stats.current}, DOI {doi}: {problem}"
                continue
        # Plain JSON: zlib would save ~40% of the space but cost a quarter of build time.
        try:
            blob = orjson.dumps(trimmed)
        except TypeError:  # e.g. an integer beyond 64 bits
            blob = json.dumps(trimmed, separators=(",", ":"), ensure_ascii=False).encode()
        yield doi.lower(), blob, _body(record)


@dataclass(slots=True)
class _Batch:
    """Rows read but not yet written: ``works`` rows and the FTS rows for the same ids."""

    works: list[tuple[int, str, bytes]] = field(default_factory=list)
    bodies: list[tuple[int, str]] = field(default_factory=list)


def _flush(db: sqlite3.Connection, batch: _Batch) -> int:
    """Write ``batch``; how many records went in (not duplicates)."""
    before = db.total_changes
    db.executemany("INSERT OR IGNORE INTO works VALUES (?, ?, ?)", batch.works)
    inserted = db.total_changes - before
    bodies = batch.bodies
    if inserted != len(bodies):  # some DOIs were there already: index only the new rows
        first, last = batch.works[0][0], batch.works[-1][0]
        new = {row[0] for row in db.execute(_IDS_BETWEEN, (first, last))}
        bodies = [row for row in bodies if row[0] in new]
    db.executemany("INSERT INTO works_fts(rowid, body) VALUES (?, ?)", bodies)
    return inserted


def build_index(
    sources: Sequence[Path],
    output: Path,
    *,
    progress: Callable[[BuildStats], None] | None = None,
    batch_size: int = 5000,
) -> BuildStats:
    """Build an index at ``output`` from the records in ``sources`` (files or directories).

    A DOI seen twice keeps its first record. ``progress`` is called after every batch.
    An existing ``output`` is replaced only if it is itself an index.
    """
    if output.exists() and not is_sqlite_index(output):
        raise InputError(f"{output} exists and is not a refenrich index; not overwriting it")
    files = list(iter_record_files(sources))
    if not files:
        raise InputError("no records files (.jsonl, .json, .json.gz) in the given sources")
    temporary = output.with_name(output.name + ".building")
    stats = BuildStats()
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        temporary.unlink(missing_ok=True)
        db = sqlite3.connect(temporary, isolation_level=None)
    except (OSError, sqlite3.Error) as error:
        raise InputError(f"cannot write the index {output}: {error}") from None
    try:
        db.executescript(_BUILD_PRAGMAS + _SCHEMA + _BUILD_FTS)
        # One transaction for the whole build: nothing to roll back to (the file is
        # temporary until renamed), and FTS5 then writes a segment each time its
        # in-memory hash fills rather than at every commit, so far less is merged.
        db.execute("BEGIN")
        batch = _Batch()
        next_id = 1
        for path in files:
            stats.files += 1
            stats.current = str(path)
            for doi, blob, body in _rows(iter_records(path), stats):
                batch.works.append((next_id, doi, blob))
                batch.bodies.append((next_id, body))
                next_id += 1
                if len(batch.works) >= batch_size:
                    _commit(db, batch, stats)
                    if progress is not None:
                        progress(stats)
        _commit(db, batch, stats)
        _finish(db, stats, files)
        db.execute("COMMIT")
    except BaseException as error:
        db.close()
        temporary.unlink(missing_ok=True)
        if isinstance(error, sqlite3.Error):  # cannot create the file, disk full, ...
            raise InputError(f"cannot write the index {output}: {error}") from None
        raise
    db.close()
    os.replace(temporary, output)
    stats.bytes = output.stat().st_size
    stats.seconds = time.perf_counter() - stats.started
    if progress is not None:
        progress(stats)
    return stats


def _commit(db: sqlite3.Connection, batch: _Batch, stats: BuildStats) -> None:
    if not batch.works:
        return
    inserted = _flush(db, batch)
    stats.indexed += inserted
    stats.duplicates += len(batch.works) - inserted
    batch.works.clear()
    batch.bodies.clear()


def _finish(db: sqlite3.Connection, stats: BuildStats, files: Sequence[Path]) -> None:
    db.execute("INSERT INTO works_fts(works_fts) VALUES ('optimize')")
    db.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, 'works_fts', 'row')")
    db.execute("CREATE TABLE terms(term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID")
    db.execute("INSERT INTO terms SELECT term, doc FROM temp.vocab")
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [
            ("format", FORMAT_VERSION),
            ("records", str(stats.indexed)),
            ("built", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())),
            ("sources", json.dumps([str(path) for path in files[:1000]])),
        ],
    )


def _loads(blob: bytes) -> Any:
    try:
        return orjson.loads(blob)
    except orjson.JSONDecodeError:
        return None


def _to_work(record: Any) -> Work | None:
    if not isinstance(record, dict):
        return None
    try:
        return to_work(parse_work_message(record))
    except (ResponseValidationError, ValueError):
        return None


def work_problem(record: Any) -> str | None:
    """Why ``record`` is not a Crossref work record refenrich can read (None if it is)."""
    if not isinstance(record, dict):
        return f"a JSON {type(record).__name__}, not an object"
    try:
        to_work(parse_work_message(record))
    except ResponseValidationError as error:
        cause = error.__cause__
        if isinstance(cause, ValidationError) and cause.errors():
            first = cause.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "the record"
            return f"{where}: {first['msg']}"
        return str(error)
    except ValueError as error:
        return str(error)
    return None


def _work(blob: bytes) -> Work | None:
    return _to_work(_loads(blob))


def _first_string(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, str) else None


def _fields(record: Any) -> tuple[str | None, str | None] | None:
    """A stored record's title and first family name (for the word-overlap pre-filter)."""
    if not isinstance(record, dict):
        return None
    people = record.get("author") or record.get("editor") or [{}]
    first = people[0] if isinstance(people, list) and isinstance(people[0], dict) else {}
    family = first.get("family") or first.get("name")
    return _first_string(record.get("title")), family if isinstance(family, str) else None


class IndexSource:
    """Look DOIs up in, and search, an index made by :func:`build_index`.

    A :class:`~refenrich.sources.base.SearchSource`; ``local`` marks its matches as
    ``via="index"``. Opened read-only; safe to share within one thread.
    """

    local = True

    def __init__(self, path: Path, *, name: str | None = None) -> None:
        if not is_sqlite_index(path):
            raise InputError(f"{path} is not an SQLite index (build one: refenrich index build)")
        try:
            self._db = sqlite3.connect(
                f"file:{path.resolve()}?mode=ro", uri=True, check_same_thread=False
            )
            meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error as error:
            raise InputError(f"{path} is not a refenrich index: {error}") from None
        if meta.get("format") != FORMAT_VERSION:
            raise InputError(f"{path} has index format {meta.get('format')!r}; rebuild it")
        self.name = name or f"index {path.name}"
        self.records = int(meta.get("records", "0"))
        self._common = max(_COMMON_FLOOR, int(self.records * _COMMON_SHARE))
        self._broad = max(_BROAD_FLOOR, int(self.records * _BROAD_SHARE))

    def __len__(self) -> int:
        return self.records

    def get_work(self, doi: str) -> Work | None:
        """The record for ``doi`` (case-insensitive), or None."""
        try:
            row = self._db.execute(
                "SELECT record FROM works WHERE doi = ?", (doi.strip().lower(),)
            ).fetchone()
        except sqlite3.Error as error:
            raise SourceError(f"{self.name}: {error}") from None
        if not row:
            return None
        work = _work(row[0])
        if work is None:
            raise SourceError(
                f"{self.name}: the record stored for {doi} is not a Crossref work record "
                f"({work_problem(_loads(row[0])) or 'not JSON'}); rebuild the index from "
                "Crossref records"
            )
        return work

    def search_works(
        self, query: str, *, rows: int = 10, select: Sequence[str] | None = None
    ) -> list[Work]:
        """Records sharing the most (rare) words with the reference text ``query``."""
        words = query_terms(query)[:64]
        if not words:
            return []
        try:
            chosen = self._choose(words)
            lists = self._postings([term for term, _ in chosen])
            weighted = [(weight, found) for (_, weight), found in zip(chosen, lists, strict=True)]
            ids = rank(weighted, rows * _POOL)
            if not ids:
                return []
            marks = ",".join("?" * len(ids))
            blobs = dict(
                self._db.execute(f"SELECT id, record FROM works WHERE id IN ({marks})", ids)
            )
        except sqlite3.Error as error:
            raise SourceError(f"{self.name}: {error}") from None
        wanted = frozenset(words)
        ranked: list[tuple[float, int, Any]] = []
        for position, record_id in enumerate(ids):
            record = _loads(blobs[record_id]) if record_id in blobs else None
            fields = _fields(record)
            # A record that validation would set aside unscored is not worth parsing.
            if fields is not None and _match.plausible_fields(wanted, *fields):
                ranked.append((-_match.word_overlap(wanted, *fields), position, record))
        works = (_to_work(record) for _, _, record in sorted(ranked)[:rows])
        return [work for work in works if work is not None]

    def _choose(self, words: Sequence[str]) -> list[tuple[str, float]]:
        """The words to search by, each with its weight: the rarest in the index."""
        marks = ",".join("?" * len(words))
        frequencies: dict[str, int] = dict(
            self._db.execute(f"SELECT term, df FROM terms WHERE term IN ({marks})", words)
        )
        useful = {t: df for t, df in frequencies.items() if df <= self._common}
        # One or two uncommon words alone pick thousands of records in no useful order:
        # then the common words must help.
        chosen = choose_terms(useful if len(useful) >= _ENOUGH_RARE else frequencies, self.records)
        # Reading a broad word's postings costs more than it tells once a few rare
        # words have picked the candidates (the re-ranking below sorts them).
        rare = [(t, w) for t, w in chosen if frequencies[t] <= self._broad]
        return rare if len(rare) >= _ENOUGH_RARE else chosen

    def _postings(self, words: Sequence[str]) -> list[list[int]]:
        """The ids of the records holding each word, ascending.

        Read in one statement, each list as one JSON array: far cheaper than a row
        per id through the sqlite3 module.
        """
        if not words:
            return []
        sql = "SELECT " + ",".join([_POSTINGS] * len(words))
        row = self._db.execute(sql, ['"' + word + '"' for word in words]).fetchone()
        lists: list[list[int]] = [orjson.loads(text) for text in row]
        for ids in lists:
            ids.sort()  # FTS5 returns rowids in order: one pass to make sure
        return lists

    def close(self) -> None:
        """Close the database."""
        self._db.close()


class AsyncIndexSource:
    """The async face of an :class:`IndexSource` (SQLite answers in microseconds)."""

    local = True

    def __init__(self, index: IndexSource) -> None:
        self.name = index.name
        self._index = index

    async def get_work(self, doi: str) -> Work | None:
        """The record for ``doi``, or None."""
        return self._index.get_work(doi)

    async def search_works(
        self, query: str, *, rows: int = 10, select: Sequence[str] | None = None
    ) -> list[Work]:
        """Records sharing the most (rare) words with ``query``, best first."""
        return self._index.search_works(query, rows=rows, select=select)


def open_index(path: Path) -> Any:
    """An :class:`IndexSource` for an SQLite index, else a records file loaded in memory.

    Decided by the file's content (SQLite's header), not its name.
    """
    from refenrich.sources.records import RecordsSource

    if is_sqlite_index(path):
        return IndexSource(path)
    return RecordsSource.from_path(path)
