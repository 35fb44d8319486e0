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
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, cast

import orjson

from refenrich.errors import InputError

__all__ = ["iter_record_files", "iter_records"]

_BOM = b"\xef\xbb\xbf"
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


def _open(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


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


def _is_plain(payload: Any) -> bool:
    """Whether a parsed line is a work message itself (the usual case: no unwrapping)."""
    return type(payload) is dict and "items" not in payload and "message" not in payload


def iter_records(path: Path) -> Iterator[dict[str, Any]]:
    """The work messages in one file, streamed (see the module docstring for formats)."""
    try:
        with _open(path) as handle:
            first = b""
            while not first:
                chunk = handle.readline()
                if not chunk:
                    return
                first = chunk.strip().removeprefix(_BOM)
            if first.startswith(b"{") and _complete(first):
                yield from _unwrap(orjson.loads(first))
                # Bytes straight to orjson: no decoding to str first.
                for number, line in enumerate(handle, start=2):
                    if line.isspace():
                        continue
                    try:
                        payload = orjson.loads(line)
                    except orjson.JSONDecodeError as error:
                        raise InputError(f"{path}, line {number}: not JSON: {error}") from None
                    if _is_plain(payload):
                        yield payload
                    else:
                        yield from _unwrap(payload)
            else:
                yield from _unwrap(orjson.loads(first + b"\n" + handle.read()))
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise InputError(f"cannot read records from {path}: {error}") from error
    except orjson.JSONDecodeError as error:
        raise InputError(f"{path} is not JSON or JSON Lines: {error}") from None


def _complete(line: bytes) -> bool:
    try:
        orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return True
