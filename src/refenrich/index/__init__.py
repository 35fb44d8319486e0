"""A local index of Crossref work records, for offline and bulk resolution.

``build_index`` streams records (JSON Lines, JSON or ``.json.gz`` files holding
``{"items": [...]}`` as in Crossref's public data file, or directories of those) into an
SQLite database with an FTS5 table; :class:`IndexSource` answers DOI look-ups and text
searches from it, as a :class:`~refenrich.sources.base.SearchSource`. :func:`open_index`
opens either an index or, for small sets, a records file (searched in memory).
"""

from refenrich.index.memory import MemorySearch
from refenrich.index.reader import iter_record_files, iter_records
from refenrich.index.sqlite import (
    AsyncIndexSource,
    BuildStats,
    IndexSource,
    build_index,
    is_sqlite_index,
    open_index,
)

__all__ = [
    "AsyncIndexSource",
    "BuildStats",
    "IndexSource",
    "MemorySearch",
    "build_index",
    "is_sqlite_index",
    "iter_record_files",
    "iter_records",
    "open_index",
]
