"""The ``index build`` and ``resolve`` commands, and how ``--index`` is opened.

``refenrich index build SOURCE... -o INDEX`` streams Crossref work records into an SQLite
FTS5 index (see :mod:`refenrich.index`), printing progress to standard error.
``refenrich resolve FILE|-`` prints one JSON object per reference: how it resolved
(``status``, ``doi``, ``via``, ``confidence``, ``evidence``, ``candidates``, ``tried``).
``--index`` takes an index or a records file (JSON Lines / JSON), told apart by content.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

from refenrich.cli_extras import EPILOGS
from refenrich.errors import InputError

# The index and doi.org modules are imported by the commands that use them, so building
# the parser does not load them.
if TYPE_CHECKING:
    from refenrich.index.sqlite import BuildStats
    from refenrich.sources.base import WorkSource

__all__ = ["add_index_commands", "agency_url", "open_index_option", "with_agency_fallback"]

Runner = Callable[[argparse.Namespace, Mapping[str, str], TextIO, TextIO], int]


def open_index_option(value: str) -> WorkSource:
    """The source for ``--index VALUE``: an SQLite index, or records loaded in memory."""
    from refenrich.index.sqlite import open_index

    path = Path(value)
    if not path.is_file():
        raise InputError(f"--index {value}: no such file")
    return cast("WorkSource", open_index(path))


def agency_url(
    args: argparse.Namespace, environ: Mapping[str, str], crossref_url: str
) -> str | None:
    """The doi.org base URL to ask about DOIs Crossref does not hold, or None for none.

    On by default against the real Crossref API; against a mirror or test server only
    when a doi.org URL is given (``--doi-org-url`` or ``REFENRICH_DOI_ORG_URL``), so a
    test setup never reaches out to doi.org by surprise. ``--no-agency`` turns it off.
    """
    from refenrich.crossref.protocol import DEFAULT_CROSSREF_URL
    from refenrich.sources.doiorg import DEFAULT_DOI_ORG_URL

    if getattr(args, "no_agency", False):
        return None
    url = getattr(args, "doi_org_url", None) or environ.get("REFENRICH_DOI_ORG_URL")
    if url is None and crossref_url.rstrip("/") != DEFAULT_CROSSREF_URL:
        return None
    return str(url or DEFAULT_DOI_ORG_URL)


def with_agency_fallback(
    records: WorkSource,
    client: Any,
    args: argparse.Namespace,
    environ: Mapping[str, str],
    stack: ExitStack,
) -> WorkSource:
    """``records`` paired with doi.org's registration agencies, asked for DOIs that
    ``records`` lacks, when :func:`agency_url` says so (settings and cache from the
    Crossref ``client``). :func:`~refenrich.check.check_references` unpairs them and asks
    the agencies in the resolution flow's own step, as a batch does."""
    from refenrich.sources.doiorg import AgencyFallbackSource, DoiOrgClient

    settings = getattr(client, "settings", None)
    url = agency_url(args, environ, str(settings and settings.base_url))
    if url is None:
        return records
    mailto = getattr(settings, "mailto", None)
    cache = getattr(client, "cache", None)
    agency = stack.enter_context(DoiOrgClient(url, mailto=mailto, cache=cache))
    return AgencyFallbackSource(records, agency)


def _progress(err: TextIO) -> Callable[[BuildStats], None]:
    last = [0.0]
    terminal = getattr(err, "isatty", lambda: False)()

    def report(stats: BuildStats) -> None:
        now = time.perf_counter()
        if not terminal or (now - last[0] < 0.5 and not stats.bytes):
            return  # a log file gets the closing line only, not a run of "\r" updates
        last[0] = now
        err.write(
            f"\rindexed {stats.indexed:,} records ({stats.rate:,.0f}/s), "
            f"{stats.duplicates:,} duplicates, {stats.skipped:,} without DOI; "
            f"file {stats.files}"
        )
        err.flush()

    return report


def _run_build(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    from refenrich.index.sqlite import build_index

    output = Path(args.output)
    stats = build_index(
        [Path(source) for source in args.sources],
        output,
        progress=_progress(err),
        batch_size=args.batch_size,
    )
    err.write(
        ("\n" if getattr(err, "isatty", lambda: False)() else "")
        + f"wrote {output}: {stats.indexed:,} records from {stats.files} file(s) in "
        f"{stats.seconds:.1f}s ({stats.indexed / max(stats.seconds, 1e-9):,.0f} records/s), "
        f"{stats.bytes / 1e6:.1f} MB\n"
    )
    if stats.skipped:
        err.write(f"skipped {stats.skipped:,} record(s) without a DOI\n")
    if stats.malformed:
        err.write(
            f"warning: skipped {stats.malformed:,} record(s) that are not Crossref work "
            f"records (the first: {stats.malformed_example}); refenrich reads the records "
            "Crossref's /works API returns\n"
        )
        if not stats.indexed:
            return 1
    return 0


def _resolution_json(result: Any) -> dict[str, Any]:
    resolution = result.resolution
    return {
        "index": result.index,
        "raw": result.raw,
        "status": result.status.value,
        "doi": result.doi,
        "via": resolution.via.value if resolution.via else None,
        "confidence": resolution.confidence,
        "evidence": resolution.evidence,
        "text_doi": resolution.text_doi,
        "candidates": [work.doi for work in resolution.candidates],
        "tried": resolution.tried,
        "error": resolution.error,
        "findings": [finding.code for finding in result.findings],
        "work": resolution.work.model_dump(mode="json") if resolution.work else None,
    }


def _resolve_runner(
    read_input: Callable[[str, TextIO], str],
    make_source: Callable[[argparse.Namespace, Mapping[str, str], ExitStack], Any],
) -> Runner:
    def run(args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO) -> int:
        from refenrich.check import check_references
        from refenrich.cli_extras import read_references
        from refenrich.models import Status

        text = read_input(args.input, sys.stdin)
        references = read_references(text, args).references  # a .bib file's entries too
        with ExitStack() as stack:
            source = make_source(args, environ, stack)
            report = check_references(references, source, name=args.input)
        for result in report.results:
            out.write(json.dumps(_resolution_json(result), ensure_ascii=False) + "\n")
        if any(result.status is Status.FAILED for result in report.results):
            return 3
        return 0

    return run


def add_index_commands(
    commands: Any,
    add_input: Callable[[argparse.ArgumentParser], None],
    add_source: Callable[[argparse.ArgumentParser], None],
    read_input: Callable[[str, TextIO], str],
    make_source: Callable[[argparse.Namespace, Mapping[str, str], ExitStack], Any],
) -> None:
    """Add ``index build`` and ``resolve`` to the ``refenrich`` parser's subcommands."""
    index = commands.add_parser("index", help="build a local index of Crossref records")
    actions = index.add_subparsers(dest="index_command", required=True, metavar="ACTION")
    build = actions.add_parser(
        "build",
        help="build an SQLite FTS5 index from Crossref work records",
        description="Records: JSON Lines (one work message per line), JSON or .json.gz "
        'files holding {"items": [...]} (Crossref\'s public data file), or directories.',
        epilog=EPILOGS["index build"],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build.add_argument("sources", nargs="+", metavar="SOURCE", help="records file or directory")
    build.add_argument("-o", "--output", required=True, metavar="INDEX", help="index to write")
    build.add_argument("--batch-size", type=int, default=5000, help=argparse.SUPPRESS)
    build.set_defaults(run=_run_build)

    resolve = commands.add_parser(
        "resolve",
        help="print how each reference resolves (one JSON object per reference)",
        epilog=EPILOGS["resolve"],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_input(resolve)
    add_source(resolve)
    resolve.set_defaults(run=_resolve_runner(read_input, make_source))
