"""A persistent cache of Crossref answers: SQLite under the user cache directory.

Keys are normalised requests (:func:`refenrich.crossref.protocol.cache_key`: method and
URL without ``mailto``; headers such as the Plus token never take part), so the file
holds no secret. Only answers worth keeping are stored: a 200 whose body was valid and
understood, and a 404 (a DOI Crossref does not hold) with a shorter life. Errors, 429s
and malformed bodies never are, so a bad moment at the server is never replayed.

Beside Crossref's body, a row may hold the answer as refenrich read it (``decoded``,
JSON of :class:`~refenrich.models.Work` records, a list one record per line, tagged with
``decoded_format``), so a re-run validates refenrich's own compact JSON in one pass
instead of converting Crossref's record again, and reads that column alone
(:meth:`SQLiteCache.get_decoded`); a row whose tag does not match this version is read
from the body as before (and its decoded form replaced).

Several processes may share one file: the database runs in WAL mode (readers never
block the writer) with a busy timeout, and every write is one short transaction.

Why not hishel (an RFC 9111 HTTP cache for httpx)? It sits in the transport, below the
client's rate limiter, so a hit would still wait for a rate slot; it keys on the full
URL (with the ``mailto``) unless given a custom key; it follows Crossref's
``Cache-Control`` headers where refenrich wants a fixed, configurable TTL with a shorter
one for 404s; and it would store a 200 whose JSON was cut short. What is needed here is
a keyed table with expiry, which the standard library's sqlite3 gives in a page.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

__all__ = [
    "DEFAULT_NOT_FOUND_TTL",
    "DEFAULT_TTL",
    "CachedResponse",
    "DecodedBulkReader",
    "DecodedReader",
    "DecodedStore",
    "ResponseCache",
    "SQLiteCache",
    "default_cache_dir",
    "default_cache_path",
]

DEFAULT_TTL = 30 * 24 * 3600.0
"""How long a record is served from the cache: 30 days."""
DEFAULT_NOT_FOUND_TTL = 24 * 3600.0
"""How long "Crossref does not hold this DOI" is believed: 1 day (new DOIs appear)."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    status INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    body BLOB NOT NULL,
    stored_at REAL NOT NULL,
    expires_at REAL NOT NULL
)
"""
_COLUMNS = frozenset({"key", "status", "content_type", "body", "stored_at", "expires_at"})
_DECODED_COLUMNS = {"decoded": "BLOB", "decoded_format": "TEXT"}
_KEYS_PER_STATEMENT = 500
"""Keys per ``IN (...)`` of :meth:`SQLiteCache.get_decoded_many` (SQLite before 3.32
allowed at most 999 parameters to a statement)."""


@dataclass(frozen=True, slots=True)
class CachedResponse:
    """A stored answer: status, content type and body as Crossref sent them."""

    status: int
    content_type: str
    body: bytes
    stored_at: float
    decoded: bytes | None = None
    """The answer as refenrich read it, if stored (see :class:`DecodedStore`)."""
    decoded_format: str | None = None
    """What ``decoded`` holds and which version wrote it."""


class ResponseCache(Protocol):
    """What the Crossref clients need of a cache (inject your own, or None for none)."""

    def get(self, key: str) -> CachedResponse | None:
        """The live entry for ``key``, or None (missing or expired)."""
        ...

    def put(self, key: str, status: int, content_type: str, body: bytes) -> None:
        """Store an answer (the cache decides whether and how long)."""
        ...


@runtime_checkable
class DecodedStore(Protocol):
    """A cache that can also keep the answer as refenrich read it (optional)."""

    def put_decoded(self, key: str, decoded_format: str, decoded: bytes) -> None:
        """Attach ``decoded`` (in ``decoded_format``) to the live entry for ``key``."""
        ...


@runtime_checkable
class DecodedReader(Protocol):
    """A cache that can hand out the decoded form alone (optional; saves reading the body)."""

    def get_decoded(self, key: str, decoded_format: str) -> bytes | None:
        """The decoded form of the live entry for ``key`` if it is in ``decoded_format``."""
        ...


@runtime_checkable
class DecodedBulkReader(Protocol):
    """A cache that can hand out many decoded forms in one read (optional)."""

    def get_decoded_many(self, keys: Sequence[str], decoded_format: str) -> dict[str, bytes]:
        """:meth:`DecodedReader.get_decoded` for each of ``keys``: the decoded forms
        found, by key (a key without one is left out)."""
        ...


def default_cache_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``$REFENRICH_CACHE_DIR``, else refenrich's directory under the user cache dir."""
    if environ and environ.get("REFENRICH_CACHE_DIR"):
        return Path(environ["REFENRICH_CACHE_DIR"])
    import platformdirs

    return Path(platformdirs.user_cache_dir("refenrich", appauthor=False))


def default_cache_path(environ: Mapping[str, str] | None = None) -> Path:
    """The cache database file in :func:`default_cache_dir`."""
    return default_cache_dir(environ) / "crossref.sqlite3"


class SQLiteCache:
    """A :class:`ResponseCache` in one SQLite file, safe across threads and processes.

    ``ttl`` and ``not_found_ttl`` are in seconds. ``refresh=True`` ignores what is
    stored (every look-up asks Crossref again) but still stores the new answers.
    ``clock`` is wall-clock time (injectable for tests of expiry).
    """

    def __init__(
        self,
        path: str | Path,
        *,
        ttl: float = DEFAULT_TTL,
        not_found_ttl: float = DEFAULT_NOT_FOUND_TTL,
        refresh: bool = False,
        busy_timeout: float = 30.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = Path(path)
        self.ttl = ttl
        self.not_found_ttl = not_found_ttl
        self.refresh = refresh
        self._clock = clock
        self._lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: autocommit; each statement is its own short transaction.
        self._db = sqlite3.connect(
            self.path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
        )
        self._db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._db.execute(_SCHEMA)
        self._add_decoded_columns()

    def _add_decoded_columns(self) -> None:
        # Files written before the decoded form existed get its columns; two processes
        # may race to add them, so a duplicate column is fine.
        have = {str(row[1]) for row in self._db.execute("PRAGMA table_info(responses)")}
        if not _COLUMNS.issubset(have):
            self._db.close()
            raise sqlite3.DatabaseError(
                f"{self.path} holds a 'responses' table that is not refenrich's cache"
            )
        for name, kind in _DECODED_COLUMNS.items():
            if name not in have:
                try:
                    self._db.execute(f"ALTER TABLE responses ADD COLUMN {name} {kind}")
                except sqlite3.OperationalError as error:
                    if "duplicate column" not in str(error):
                        raise

    def __repr__(self) -> str:
        return f"SQLiteCache({str(self.path)!r}, ttl={self.ttl:g}, refresh={self.refresh})"

    def get(self, key: str) -> CachedResponse | None:
        """The live entry for ``key``; None if missing, expired, or refreshing."""
        if self.refresh:
            return None
        with self._lock:
            row = self._db.execute(
                "SELECT status, content_type, body, stored_at, expires_at, decoded, "
                "decoded_format FROM responses WHERE key = ?",
                (key,),
            ).fetchone()
        if row is None or row[4] <= self._clock():
            return None
        return CachedResponse(
            int(row[0]),
            str(row[1]),
            bytes(row[2]),
            float(row[3]),
            bytes(row[5]) if row[5] is not None else None,
            str(row[6]) if row[6] is not None else None,
        )

    def get_decoded(self, key: str, decoded_format: str) -> bytes | None:
        """The decoded form of the live entry for ``key`` when it is in ``decoded_format``;
        None if there is none (missing, expired, refreshing, no or another decoded form).

        What a re-run reads for nearly every look-up: Crossref's body is left on disk.
        """
        if self.refresh:
            return None
        with self._lock:
            row = self._db.execute(
                "SELECT decoded, expires_at FROM responses WHERE key = ? AND decoded_format = ?",
                (key, decoded_format),
            ).fetchone()
        if row is None or row[0] is None or row[1] <= self._clock():
            return None
        return bytes(row[0])

    def get_decoded_many(self, keys: Sequence[str], decoded_format: str) -> dict[str, bytes]:
        """:meth:`get_decoded` for many keys, a few hundred to a statement: what one
        statement per key costs (a read transaction, locks on the WAL's index) is paid
        once per chunk. Keys without a live decoded form are left out."""
        found: dict[str, bytes] = {}
        if self.refresh:
            return found
        distinct = list(dict.fromkeys(keys))
        for start in range(0, len(distinct), _KEYS_PER_STATEMENT):
            chunk = distinct[start : start + _KEYS_PER_STATEMENT]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                rows = self._db.execute(
                    "SELECT key, decoded, expires_at FROM responses "
                    f"WHERE decoded_format = ? AND key IN ({marks})",
                    (decoded_format, *chunk),
                ).fetchall()
            now = self._clock()
            for key, decoded, expires_at in rows:
                if decoded is not None and expires_at > now:
                    found[str(key)] = bytes(decoded)
        return found

    def put(self, key: str, status: int, content_type: str, body: bytes) -> None:
        """Store a 200 (for ``ttl``) or a 404 (for ``not_found_ttl``); ignore anything else."""
        if status == 200:
            ttl = self.ttl
        elif status == 404:
            ttl, body = self.not_found_ttl, b""
        else:
            return
        now = self._clock()
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO responses "
                "(key, status, content_type, body, stored_at, expires_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (key, status, content_type, body, now, now + ttl),
            )

    def put_decoded(self, key: str, decoded_format: str, decoded: bytes) -> None:
        """Attach refenrich's reading of the entry for ``key`` (no-op if there is none).

        Best effort: it only saves work later, so a failed write (a read-only file, a
        lock held too long by another process) is ignored rather than failing a look-up.
        """
        with self._lock, contextlib.suppress(sqlite3.Error):
            self._db.execute(
                "UPDATE responses SET decoded = ?, decoded_format = ? WHERE key = ?",
                (decoded, decoded_format, key),
            )

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM responses").fetchone()[0])

    def purge_expired(self) -> int:
        """Delete expired entries; returns how many went."""
        with self._lock:
            cursor = self._db.execute(
                "DELETE FROM responses WHERE expires_at <= ?", (self._clock(),)
            )
            return cursor.rowcount

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._db.close()
