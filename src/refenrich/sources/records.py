"""Records held locally: Crossref work messages from a file, for offline use.

Accepts JSON Lines (one work message per line, optionally wrapped as a full API
response ``{"message": {...}}``), or a JSON file holding ``{"items": [...]}`` as in
Crossref's public data file, a single API response, or a list of work messages.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from refenrich.crossref.schema import parse_work_message, to_work
from refenrich.errors import InputError, ResponseValidationError
from refenrich.models import Work

__all__ = ["AsyncRecordsSource", "RecordsSource", "read_records"]


def _unwrap(payload: Any) -> Iterator[Any]:
    if isinstance(payload, list):
        yield from payload
    elif isinstance(payload, dict) and isinstance(payload.get("items"), list):
        yield from payload["items"]
    elif isinstance(payload, dict) and isinstance(payload.get("message"), dict):
        yield from _unwrap(payload["message"])
    else:
        yield payload


def _one_document(text: str) -> list[Any] | None:
    """``[document]`` when ``text`` is a single JSON document, else None."""
    try:
        return [json.loads(text)]
    except json.JSONDecodeError:
        return None


def read_records(path: Path | str) -> Iterator[dict[str, Any]]:
    """The Crossref work messages stored in ``path`` (JSON Lines or JSON, either of them
    gzipped as ``.gz``, the form of Crossref's public data files)."""
    path = Path(path)
    try:
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError, EOFError, gzip.BadGzipFile) as error:
        raise InputError(f"cannot read records from {path}: {error}") from error
    stripped = text.lstrip()
    try:
        if stripped.startswith("[") or (stripped.startswith("{") and "\n{" not in stripped):
            chunks: Iterable[Any] = [json.loads(text)]
        else:
            # One JSON object may have lines starting with "{" too ({"items": [\n{...}...).
            chunks = _one_document(text) or (
                json.loads(line) for line in text.splitlines() if line.strip()
            )
        for chunk in chunks:
            for item in _unwrap(chunk):
                if isinstance(item, dict):
                    yield item
    except json.JSONDecodeError as error:
        raise InputError(f"{path} is not JSON or JSON Lines: {error}") from error


class RecordsSource:
    """Look DOIs up in a set of Crossref records held in memory, or search their text."""

    local = True
    """A local source: a text search match is labelled ``via="index"``."""

    def __init__(self, records: Iterable[dict[str, Any]], *, name: str = "records") -> None:
        self.name = name
        self._search: Any = None
        self._works: dict[str, Work] = {}
        for record in records:
            try:
                work = to_work(parse_work_message(record))
            except ResponseValidationError as error:
                raise InputError(f"a record is not a Crossref work message: {error}") from error
            if work.doi and work.doi not in self._works:  # the first of two, as index build
                self._works[work.doi] = work

    @classmethod
    def from_path(cls, path: Path | str) -> RecordsSource:
        """Load the records in ``path`` (see :func:`read_records`)."""
        path = Path(path)
        return cls(read_records(path), name=f"records in {path.name}")

    def __len__(self) -> int:
        return len(self._works)

    def get_work(self, doi: str) -> Work | None:
        """The record for ``doi`` (case-insensitive), or None."""
        return self._works.get(doi.lower())

    def search_works(
        self, query: str, *, rows: int = 10, select: Sequence[str] | None = None
    ) -> list[Work]:
        """Records sharing the most (rare) words with the reference text ``query``."""
        if self._search is None:
            from refenrich.index.memory import MemorySearch  # built on first search only

            self._search = MemorySearch(self._works.values())
        found: list[Work] = self._search.search(query, rows)
        return found


class AsyncRecordsSource:
    """The async face of a :class:`RecordsSource` (no I/O happens after loading)."""

    local = True

    def __init__(self, records: RecordsSource) -> None:
        self.name = records.name
        self._records = records

    async def get_work(self, doi: str) -> Work | None:
        """The record for ``doi``, or None."""
        return self._records.get_work(doi)

    async def search_works(
        self, query: str, *, rows: int = 10, select: Sequence[str] | None = None
    ) -> list[Work]:
        """Records sharing the most (rare) words with ``query``, best first."""
        return self._records.search_works(query, rows=rows, select=select)
