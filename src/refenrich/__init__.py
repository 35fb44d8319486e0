"""refenrich: check and enrich bibliographic references against Crossref.

>>> import refenrich
>>> report = refenrich.check(text)                      # doctest: +SKIP
>>> for result in report.results:                      # doctest: +SKIP
...     print(result.status, result.doi, [f.message for f in result.findings])
"""

import sys
import types
import typing

from refenrich import _lazy
from refenrich._version import __version__

if typing.TYPE_CHECKING:
    from refenrich.check import (
        Extraction,
        acheck,
        acheck_references,
        check,
        check_references,
        extract_references,
    )
    from refenrich.compare import DEFAULT_RULES, Rule, compare
    from refenrich.crossref import (
        AsyncCrossrefClient,
        CircuitPolicy,
        CrossrefClient,
        CrossrefSettings,
        PoolLimits,
        RetryPolicy,
        SQLiteCache,
        TrafficStats,
    )
    from refenrich.doi import find_dois, normalize_doi
    from refenrich.errors import (
        CircuitOpenError,
        CorruptResponseError,
        InputError,
        NotCachedError,
        RateLimitedError,
        RefenrichError,
        ResponseValidationError,
        SourceConnectionError,
        SourceError,
        SourceStatusError,
        SourceTimeoutError,
    )
    from refenrich.models import (
        Author,
        CheckResult,
        DocumentFinding,
        Finding,
        FindingField,
        PartialDate,
        Reference,
        Report,
        Resolution,
        ResolutionVia,
        ReviewMention,
        Severity,
        Status,
        Summary,
        Work,
        WorkUpdate,
    )
    from refenrich.sources import AsyncRecordsSource, AsyncWorkSource, RecordsSource, WorkSource
    from refenrich.text.parse import parse_reference

__all__ = [
    "DEFAULT_RULES",
    "AsyncCrossrefClient",
    "AsyncRecordsSource",
    "AsyncWorkSource",
    "Author",
    "CheckResult",
    "CircuitOpenError",
    "CircuitPolicy",
    "CorruptResponseError",
    "CrossrefClient",
    "CrossrefSettings",
    "DocumentFinding",
    "Extraction",
    "Finding",
    "FindingField",
    "InputError",
    "NotCachedError",
    "PartialDate",
    "PoolLimits",
    "RateLimitedError",
    "RecordsSource",
    "RefenrichError",
    "Reference",
    "Report",
    "Resolution",
    "ResolutionVia",
    "ResponseValidationError",
    "RetryPolicy",
    "ReviewMention",
    "Rule",
    "SQLiteCache",
    "Severity",
    "SourceConnectionError",
    "SourceError",
    "SourceStatusError",
    "SourceTimeoutError",
    "Status",
    "Summary",
    "TrafficStats",
    "Work",
    "WorkSource",
    "WorkUpdate",
    "__version__",
    "acheck",
    "acheck_references",
    "check",
    "check_references",
    "compare",
    "extract_references",
    "find_dois",
    "normalize_doi",
    "parse_reference",
]

# The public names are imported on first use (PEP 562), so that ``import refenrich`` and
# ``refenrich --version`` do not pay for pydantic, httpx and the parser's patterns.
_HOMES = {
    "refenrich.check": (
        "Extraction",
        "acheck",
        "acheck_references",
        "check",
        "check_references",
        "extract_references",
    ),
    "refenrich.compare": ("DEFAULT_RULES", "Rule", "compare"),
    "refenrich.crossref": (
        "AsyncCrossrefClient",
        "CircuitPolicy",
        "CrossrefClient",
        "CrossrefSettings",
        "PoolLimits",
        "RetryPolicy",
        "SQLiteCache",
        "TrafficStats",
    ),
    "refenrich.doi": ("find_dois", "normalize_doi"),
    "refenrich.errors": (
        "CircuitOpenError",
        "CorruptResponseError",
        "InputError",
        "NotCachedError",
        "RateLimitedError",
        "RefenrichError",
        "ResponseValidationError",
        "SourceConnectionError",
        "SourceError",
        "SourceStatusError",
        "SourceTimeoutError",
    ),
    "refenrich.models": (
        "Author",
        "CheckResult",
        "DocumentFinding",
        "Finding",
        "FindingField",
        "PartialDate",
        "Reference",
        "Report",
        "Resolution",
        "ResolutionVia",
        "ReviewMention",
        "Severity",
        "Status",
        "Summary",
        "Work",
        "WorkUpdate",
    ),
    "refenrich.sources": ("AsyncRecordsSource", "AsyncWorkSource", "RecordsSource", "WorkSource"),
    "refenrich.text.parse": ("parse_reference",),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}


if not typing.TYPE_CHECKING:  # for mypy the names are the imports above, no others

    def __getattr__(name: str) -> object:
        return _lazy.load(globals(), _HOME_OF, __name__, name)

    def __dir__() -> list[str]:
        return _lazy.names(globals(), __all__)


class _Package(types.ModuleType):
    """The package's module type: ``refenrich.check`` and ``refenrich.compare`` stay the
    functions when their submodules are imported later (Python sets a submodule as an
    attribute of its package when it first loads it)."""

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, types.ModuleType) and _HOME_OF.get(name) == value.__name__:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
