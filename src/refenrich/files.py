"""Writing output files so that a failure never leaves a damaged one behind."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from refenrich.errors import InputError

__all__ = ["write_text_file"]


def write_text_file(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8, line ends as given) to ``path`` all at once: into a
    temporary file beside it, flushed to disk, then renamed over it. A full disk or a
    crash leaves the old file as it was (``bibtex --update --in-place`` rewrites the
    user's own .bib this way). Raises :class:`~refenrich.errors.InputError` when it
    cannot be written."""
    target = Path(path)
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.",
            suffix=".tmp",
            dir=target.parent if str(target.parent) else ".",
        )
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            shutil.copymode(target, temporary)  # the file keeps its permissions
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
        temporary = None
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
