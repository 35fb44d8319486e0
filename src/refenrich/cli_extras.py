"""Command-line pieces for exports, reports, .bib input, configuration and progress.

:mod:`refenrich.cli` calls these through small hooks, so each concern lives in one
place: ``--report``, ``--config``, ``bibtex --update``, the ``export`` command, reading
``.bib`` input, the progress bar, and the examples shown by ``--help``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from refenrich.errors import InputError
from refenrich.files import write_text_file

# What only some commands use is imported where it is used, so building the parser
# (``refenrich --help``) does not load the .bib reader, the config reader or the
# renderers.
if TYPE_CHECKING:
    from refenrich.check import Extraction
    from refenrich.configfile import Config
    from refenrich.crossref.cache import SQLiteCache
    from refenrich.crossref.protocol import CrossrefSettings
    from refenrich.models import Report
    from refenrich.ref.check import CaseStudyCheck

__all__ = [
    "DEFAULT_STATE_FILE",
    "EPILOGS",
    "EXPORT_FORMATS",
    "add_batch_options",
    "add_cache_options",
    "add_config_option",
    "add_export_command",
    "add_report_option",
    "add_update_options",
    "apply_config",
    "config_of",
    "crossref_settings",
    "emit_report",
    "export_text",
    "is_batch",
    "open_cache",
    "progress_bar",
    "read_references",
    "run_bibtex_update",
]

EXPORT_FORMATS = ("bibtex", "biblatex", "csljson", "ris")

_EXAMPLE = "case-study.txt"
EPILOGS: dict[str, str] = {
    "main": f"""\
examples:
  refenrich check {_EXAMPLE}                      check every reference against Crossref
  refenrich check {_EXAMPLE} --report out.html    ... and write a report to open in a browser
  refenrich check refs.bib                            check an existing BibTeX file
  refenrich bibtex {_EXAMPLE} -o refs.bib         BibTeX from the verified records
  refenrich bibtex --update refs.bib -o fixed.bib     fill in and correct a .bib, keeping keys
  refenrich export {_EXAMPLE} --format csljson    CSL-JSON (also: bibtex, biblatex, ris)

settings: flags > environment (REFENRICH_MAILTO, REFENRICH_CROSSREF_URL,
REFENRICH_CROSSREF_PLUS_TOKEN, REFENRICH_CONFIG) > config file (--config FILE,
./refenrich.toml, or refenrich.toml in the user config directory).

exit codes: 0 all good, 1 problems found, 2 usage or input error,
3 look-ups incomplete (network).""",
    "check": f"""\
examples:
  refenrich check {_EXAMPLE} --mailto you@example.org
  refenrich check {_EXAMPLE} --report report.html   (or .md, or .json)
  refenrich check refs.bib --fail-on error
  pdftotext paper.pdf - | refenrich check -
  refenrich check list.txt --lines --format jsonl > results.jsonl
  refenrich check {_EXAMPLE} --index records.jsonl --offline

exit codes: 0 all good, 1 problems at or above --fail-on (or a DOI not found),
2 usage or input error, 3 look-ups incomplete (network).""",
    "bibtex": f"""\
examples:
  refenrich bibtex {_EXAMPLE} -o refs.bib
  refenrich bibtex {_EXAMPLE} --flavour biblatex > refs.bib
  refenrich bibtex --update refs.bib -o refs.fixed.bib   keeps your keys and other fields
  refenrich bibtex --update refs.bib --in-place           rewrites refs.bib itself

With --update, an entry changes only where its record disagrees with it or where it
lacks a field the record has; every other entry is kept byte for byte, and the changes
are listed on standard error. Other formats: refenrich export --format csljson|ris.""",
    "export": f"""\
examples:
  refenrich export {_EXAMPLE} --format csljson -o refs.json   for Zotero or pandoc
  refenrich export {_EXAMPLE} --format ris -o refs.ris        for EndNote or Mendeley
  refenrich export refs.bib --format biblatex                     a .bib, re-exported
  refenrich export - --lines --format bibtex < list.txt

References that could not be verified are exported as written, with a note saying so.""",
    "parse": """\
examples:
  refenrich parse case-study.txt
  refenrich parse - --lines < list.txt""",
    "resolve": f"""\
examples:
  refenrich resolve {_EXAMPLE}                  the DOI, record and evidence of each reference
  refenrich resolve refs.bib --index records.sqlite --offline
  refenrich resolve - --lines < list.txt > resolutions.jsonl""",
    "index build": """\
examples:
  refenrich index build crossref-data/ -o records.sqlite     a folder of .json.gz data files
  refenrich index build records.jsonl -o records.sqlite
  refenrich check case-study.txt --index records.sqlite --offline    then check against it""",
    "ref-summary": """\
examples:
  refenrich ref-summary case-studies/ -o table.csv        one row per case study, for a spreadsheet
  refenrich ref-summary cs1.pdf cs2.docx -o table.jsonl
  refenrich ref-summary case-studies/ --exercise ref2014 --grants""",
}


def config_of(args: argparse.Namespace) -> Config:
    """The config file's settings stored on ``args`` by :func:`apply_config` (empty if none)."""
    from refenrich.configfile import Config

    config = getattr(args, "config_data", None)
    return config if isinstance(config, Config) else Config()


def apply_config(args: argparse.Namespace, environ: Mapping[str, str]) -> None:
    """Read the config file and fill in the options the command line left unset.

    Flags win, then the environment, then the file, then built-in defaults.
    """
    from refenrich.configfile import find_config_file, load_config

    if getattr(args, "report", None):
        from refenrich.export.report import report_format

        report_format(args.report)  # a bad name fails before any look-up is made
    path = find_config_file(getattr(args, "config", None), environ)
    config = load_config(path)
    args.config_data = config
    if hasattr(args, "fail_on") and args.fail_on is None:
        args.fail_on = config.check.fail_on or "warning"
    if hasattr(args, "flavour") and args.flavour is None:
        args.flavour = config.bibtex.flavour or "bibtex"


def crossref_settings(args: argparse.Namespace, environ: Mapping[str, str]) -> CrossrefSettings:
    """Crossref settings from flags, environment and config file, in that order."""
    from refenrich.configfile import resolve_settings

    return resolve_settings(
        config_of(args),
        environ,
        base_url=getattr(args, "crossref_url", None),
        mailto=getattr(args, "mailto", None),
    )


def read_references(text: str, args: argparse.Namespace) -> Extraction:
    """The references of the input: entries of a .bib file, or those found in a document.

    A ``.bib`` name, or text made of ``@type{...}`` blocks, is read as BibTeX; each
    entry keeps its citation key on ``Reference.key``.
    """
    from refenrich.bibfile import looks_like_bibtex, read_bib
    from refenrich.check import Extraction, extract_references
    from refenrich.render import terminal_safe

    name = getattr(args, "input", None)
    args.input_text = text  # bibtex --update rewrites the text it read
    if not getattr(args, "lines", False) and looks_like_bibtex(text, name):
        bib = read_bib(text)
        for message in bib.failed:
            sys.stderr.write(
                f"refenrich: warning: {terminal_safe(name or '-')}: {terminal_safe(message)}\n"
            )
        if not bib.entries and bib.failed:
            raise InputError(f"{name}: no BibTeX entry could be read")
        return Extraction(bib.references, None)
    return extract_references(text, lines=getattr(args, "lines", False))


@contextmanager
def progress_bar(total: int, *, description: str = "Checking") -> Iterator[Callable[[int], None]]:
    """A ``progress(n)`` callback drawing a bar of ``total`` references on standard error.

    The bar shows only when standard error is a terminal; elsewhere the callback does
    nothing.
    """
    isatty = getattr(sys.stderr, "isatty", None)
    if not (isatty and isatty()):  # no bar to draw: do not import rich to draw nothing
        yield lambda n: None
        return
    from refenrich.progress import Progress

    with Progress(sys.stderr, unit="refs") as progress:
        progress.start(total, description=description)
        yield progress.advance


def add_report_option(parser: argparse.ArgumentParser) -> None:
    """``--report FILE`` (HTML, Markdown or JSON, by suffix)."""
    parser.add_argument(
        "--report",
        metavar="FILE",
        help="also write a report: .html (a page to open or print), .md (Markdown) "
        "or .json (versioned schema, see docs/report.schema.json)",
    )


def add_config_option(parser: argparse.ArgumentParser) -> None:
    """``--config FILE``."""
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="read settings from this TOML file (default: $REFENRICH_CONFIG, "
        "./refenrich.toml, then the user config directory)",
    )


# The batch options of ``refenrich check`` are here, not in refenrich.batch (which uses
# them), so that building the parser does not import the batch machinery.
_AUTO_JOBS = 4
"""The most worker processes ``--jobs 0`` (the default) starts."""

DEFAULT_STATE_FILE = ".refenrich-check.state.jsonl"
"""The state file ``--resume`` uses when given no path (in the working directory)."""


def add_cache_options(parser: argparse.ArgumentParser) -> None:
    """``--no-cache``, ``--refresh`` and ``--cache-dir`` (for every command that asks Crossref)."""
    fresh = parser.add_mutually_exclusive_group()
    fresh.add_argument(
        "--no-cache", action="store_true", help="neither read nor write the Crossref cache"
    )
    fresh.add_argument(
        "--refresh",
        action="store_true",
        help="ask Crossref again for everything (and update the cache)",
    )
    parser.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="where the Crossref cache lives (default: $REFENRICH_CACHE_DIR or the user "
        "cache directory)",
    )


def add_batch_options(parser: argparse.ArgumentParser) -> None:
    """More inputs and ``--resume [STATE]`` for ``refenrich check``."""
    parser.add_argument(
        "more",
        nargs="*",
        metavar="MORE",
        help="more files or directories (directories are searched for .txt, .bib, .pdf, .docx)",
    )
    parser.add_argument(
        "--resume",
        nargs="?",
        const=DEFAULT_STATE_FILE,
        metavar="STATE",
        help="record results in STATE (JSON Lines) and skip references already there; "
        f"default {DEFAULT_STATE_FILE}",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="worker processes for what the cache or --index can answer (parsing, "
        "validation, comparison); network requests stay in one process. Default 0: one "
        f"per usable CPU but one, at most {_AUTO_JOBS}, none below 3 CPUs; 1: none",
    )


def is_batch(args: argparse.Namespace) -> bool:
    """Whether ``refenrich check`` was given several inputs, a directory, or ``--resume``."""
    if getattr(args, "more", None) or getattr(args, "resume", None):
        return True
    return args.input != "-" and Path(args.input).is_dir()


def open_cache(
    args: argparse.Namespace, environ: Mapping[str, str], stack: ExitStack
) -> SQLiteCache | None:
    """The cache the command-line flags ask for (closed with ``stack``), or None."""
    import sqlite3

    from refenrich.crossref.cache import SQLiteCache, default_cache_dir

    if getattr(args, "no_cache", False):
        return None
    directory = getattr(args, "cache_dir", None)
    root = Path(directory) if directory else default_cache_dir(environ)
    try:
        cache = SQLiteCache(root / "crossref.sqlite3", refresh=getattr(args, "refresh", False))
    except (OSError, sqlite3.Error) as error:
        raise InputError(f"cannot open the cache in {root}: {error}") from None
    stack.callback(cache.close)
    return cache


def emit_report(
    args: argparse.Namespace,
    reports: Sequence[Report],
    err: TextIO,
    checks: Sequence[CaseStudyCheck | None] | None = None,
) -> None:
    """Write ``--report`` if it was asked for, and say so on ``err``.

    ``checks`` holds, per report, its case-study check (or None): those documents get
    a section of REF checks, corroborating sources and grants.
    """
    target = getattr(args, "report", None)
    if not target:
        return
    from refenrich.export.report import write_report
    from refenrich.ref.section import case_study_section
    from refenrich.render import terminal_safe

    sections = (
        [case_study_section(check) if check is not None else None for check in checks]
        if checks is not None
        else None
    )
    fmt = write_report(target, reports, sections=sections)
    err.write(terminal_safe(f"wrote the {fmt.upper()} report to {target}") + "\n")


def refuse_output_over_input(args: argparse.Namespace, hint: str) -> None:
    """Refuse an ``-o`` that names the input file: writing would destroy what is read."""
    if (
        args.input != "-"
        and args.output
        and args.output != "-"
        and Path(args.output).resolve() == Path(args.input).resolve()
    ):
        raise InputError(f"-o names the input file; {hint}")


def _write_output(path: str | None, text: str, out: TextIO) -> None:
    if path and path != "-":
        write_text_file(path, text)
    else:
        out.write(text)


CheckInput = Callable[..., "tuple[Extraction, Report, str]"]
Runner = Callable[[argparse.Namespace, Mapping[str, str], TextIO, TextIO], int]


def run_bibtex_update(
    args: argparse.Namespace,
    environ: Mapping[str, str],
    out: TextIO,
    err: TextIO,
    check_input: CheckInput,
) -> int:
    """``refenrich bibtex --update FILE``: fill in and correct a .bib, keeping keys.

    Writes to ``-o FILE``, to the input itself with ``--in-place``, else to standard
    output; the input is never overwritten otherwise.
    """
    from refenrich.bibfile import results_by_key, update_bib
    from refenrich.render import render_summary, terminal_safe

    if args.input == "-" and args.in_place:
        raise InputError("--in-place needs a file, not standard input")
    if args.in_place and args.output:
        raise InputError("give either --in-place or -o FILE, not both")
    refuse_output_over_input(args, "use --in-place to rewrite it")
    _, report, _ = check_input(args, environ)
    text: str = args.input_text
    if not any(result.reference.key for result in report.results):
        raise InputError(f"{args.input} has no BibTeX entries to update")
    update = update_bib(text, results_by_key(report.results))
    updated, changes = update.text, update.changes
    for line in [*(change.describe() for change in changes), *update.skipped]:
        err.write(terminal_safe(line) + "\n")
    keys = {change.key for change in changes}
    target = args.input if args.in_place else args.output
    _write_output(target, updated, out)
    where = f" in {target}" if target and target != "-" else ""
    err.write(
        f"updated {len(keys)} of {len(report.results)} entries ({len(changes)} fields){where}\n"
    )
    err.write(render_summary(report) + "\n")
    emit_report(args, [report], err)
    failed = any(result.status.value == "failed" for result in report.results)
    return 3 if failed else 0


def export_text(report: Report, fmt: str, *, newline: str = "\n") -> str:
    """``report``'s references in bibliography format ``fmt`` (one of :data:`EXPORT_FORMATS`).

    References read from a .bib file keep their citation keys (as BibTeX keys, CSL-JSON
    ids and RIS ``ID`` tags); others get generated, unique keys.
    """
    from refenrich.export.bibtex import format_entry
    from refenrich.export.csljson import record_to_csl
    from refenrich.export.records import records_for_results
    from refenrich.export.ris import record_to_ris

    records = records_for_results(report.results)
    if fmt in ("bibtex", "biblatex"):
        text = "\n".join(
            format_entry(record, flavour="biblatex" if fmt == "biblatex" else "bibtex")
            for record in records
        )
    elif fmt == "csljson":
        items = [record_to_csl(record) for record in records]
        text = json.dumps(items, ensure_ascii=False, indent=2)
    else:
        text = "".join(
            f"{tag}  - {value}{newline}"
            for record in records
            for tag, value in record_to_ris(record)
        )
    return text + "\n" if text and not text.endswith("\n") else text


def _run_export(
    args: argparse.Namespace,
    environ: Mapping[str, str],
    out: TextIO,
    err: TextIO,
    check_input: CheckInput,
) -> int:
    from refenrich.render import render_summary, terminal_safe

    refuse_output_over_input(args, "write to another file")
    _, report, _ = check_input(args, environ)
    # RIS files are specified with CRLF line ends; standard output keeps the terminal's.
    to_file = bool(args.output and args.output != "-")
    text = export_text(report, args.format, newline="\r\n" if to_file else "\n")
    _write_output(args.output, text, out)
    if to_file:
        err.write(
            terminal_safe(f"wrote {len(report.results)} {args.format} records to {args.output}")
            + "\n"
        )
    err.write(render_summary(report) + "\n")
    emit_report(args, [report], err)
    failed = any(result.status.value == "failed" for result in report.results)
    return 3 if failed else 0


def add_export_command(
    commands: Any,
    add_input: Callable[[argparse.ArgumentParser], None],
    add_source: Callable[[argparse.ArgumentParser], None],
    check_input: CheckInput,
) -> argparse.ArgumentParser:
    """Add ``refenrich export FILE|- --format bibtex|biblatex|csljson|ris``."""
    export: argparse.ArgumentParser = commands.add_parser(
        "export",
        help="write the references as BibTeX, biblatex, CSL-JSON or RIS",
        description="Check the references of a document (or .bib file) and write them in "
        "a bibliography format: the verified record where there is one, else the "
        "reference as written with a note.",
        epilog=EPILOGS["export"],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_input(export)
    add_source(export)
    export.add_argument(
        "--format", choices=EXPORT_FORMATS, required=True, help="the bibliography format"
    )
    export.add_argument(
        "-o", "--output", metavar="FILE", help="write here instead of standard output"
    )
    add_report_option(export)

    def run(args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO) -> int:
        return _run_export(args, environ, out, err, check_input)

    export.set_defaults(run=run)
    return export


def add_update_options(parser: argparse.ArgumentParser) -> None:
    """``--update`` and ``--in-place`` for ``refenrich bibtex``."""
    parser.add_argument(
        "--update",
        action="store_true",
        help="INPUT is a .bib file: fill in and correct its entries from their records, "
        "keeping your keys and other fields",
    )
    parser.add_argument(
        "--in-place", action="store_true", help="with --update, rewrite the input file itself"
    )
