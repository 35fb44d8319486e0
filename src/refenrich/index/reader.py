"""Streaming Crossref work records from files, one record at a time.

- JSON Lines (``.jsonl``, ``.ndjson``, optionally ``.gz``): one work message per line,
  optionally wrapped as an API response ``{"message": {...}}``; read line by line.
- JSON (``.json``, ``.json.gz``): ``{"items": [...]}`` as in Crossref's public data
  file, an API response, or a list of messages. One such file is parsed whole, so
  memory is bounded by the largest file (the public data file's are a few MB each).
- A directory: every such file in it, recursively, in name order.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from refenrich.errors import InputError

__all__ = ["iter_record_files", "iter_records"]

_SUFFIXES = (".jsonl", ".ndjson", ".json", ".jsonl.gz", ".ndjson.gz", ".json.gz")


def _is_records_file(path: Path) -> bool:
    return path.name.lower().endswith(_SUFFIXES)


def iter_record_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Each records file named by ``paths``, expanding directories (sorted, recursive)."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and _is_records_file(p))
        elif path.is_file():
            yield path
        else:
            raise InputError(f"no such file or directory: {path}")


def _open(path: Path) -> IO[str]:
    if path.name.lower().endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
    return path.open(encoding="utf-8")


def _unwrap(payload: Any) -> Iterator[dict[str, Any]]:
    if isinstance(payload, list):
        for item in payload:
            yield from _unwrap(item)
    elif isinstance(payload, dict):
        if isinstance(payload.get("items"), list):
            yield from _unwrap(payload["items"])
        elif isinstance(payload.get("message"), dict):
            yield from _unwrap(payload["message"])
        else:
            yield payload


def iter_records(path: Path) -> Iterator[dict[str, Any]]:
    """The work messages in one file, streamed (see the module docstring for formats)."""
    try:
        with _open(path) as handle:
            first = ""
            while not first:
                chunk = handle.readline()
                if not chunk:
                    return
                first = chunk.strip()
            rest_is_lines = first.startswith("{") and _complete(first)
            if rest_is_lines:
                yield from _unwrap(orjson.loads(first))
                for number, line in enumerate(handle, start=2):
                    line = line.strip()
                    if line:
                        try:
                            yield from _unwrap(orjson.loads(line))
                        except json.JSONDecodeError as error:
                            raise InputError(f"{path}, line {number}: not JSON: {error}") from None
            else:
                yield from _unwrap(orjson.loads(first + "\n" + handle.read()))
    except (OSError, UnicodeDecodeError, EOFError, gzip.BadGzipFile) as error:
        raise InputError(f"cannot read records from {path}: {error}") from error
    except json.JSONDecodeError as error:
        raise InputError(f"{path} is not JSON or JSON Lines: {error}") from None


def _complete(line: str) -> bool:
    try:
        orjson.loads(line)
    except json.JSONDecodeError:
        return False
    return True
