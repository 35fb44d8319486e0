"""A garbage-collector setting for long batch runs (the command line uses it).

CPython's cyclic collector runs after every 700 net allocations of container objects
and, from time to time, walks every object the process holds. A batch check holds many:
the modules and pydantic schemas loaded at start-up, and the results it accumulates.
In a re-run answered from the cache the collector's walks were 20-45% of the time
(``benchmarks/crossref_cache.py --gc default``), though refenrich's own objects seldom
form reference cycles: plain reference counting frees them.

:func:`relaxed_gc` therefore freezes what exists when the batch starts (start-up objects
are never walked again) and lets many more allocations pass between collections. The
collector still runs, so cyclic garbage (from asyncio, exceptions) is still freed, a bit
later. Everything is put back on exit (objects frozen before are left frozen). Library
users may opt in the same way.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["BATCH_THRESHOLD", "relaxed_gc"]

BATCH_THRESHOLD = 20_000
"""Net container allocations between young-generation collections (CPython's default: 700)."""


@contextmanager
def relaxed_gc(threshold: int = BATCH_THRESHOLD) -> Iterator[None]:
    """Run the body with start-up objects frozen and collections ``threshold`` apart."""
    previous = gc.get_threshold()
    # Objects someone else froze (a pre-fork server, say) must stay frozen after us.
    frozen_before = gc.get_freeze_count() > 0
    gc.freeze()
    gc.set_threshold(max(threshold, previous[0]), *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)
        if not frozen_before:
            gc.unfreeze()
