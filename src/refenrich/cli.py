"""The ``refenrich`` command.

Exit codes (stable, for CI use):

- 0: every reference checked out (or the command did its job);
- 1: at least one reference has a problem at or above ``--fail-on`` (default:
  warning), or was not found;
- 2: usage or input error (unreadable file, bad option);
- 3: some look-ups could not be completed (network or service failure), so the
  check is incomplete;
- 141: the output's reader closed it early (``refenrich parse refs.txt | head``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from refenrich._version import __version__
from refenrich.cli_extras import (
    EPILOGS,
    add_batch_options,
    add_cache_options,
    add_config_option,
    add_export_command,
    add_report_option,
    add_update_options,
    apply_config,
    crossref_settings,
    emit_report,
    is_batch,
    open_cache,
    progress_bar,
    read_references,
    refuse_output_over_input,
    run_bibtex_update,
)
from refenrich.cli_index import add_index_commands, open_index_option, with_agency_fallback
from refenrich.errors import InputError
from refenrich.files import write_text_file
from refenrich.gcpolicy import relaxed_gc

# The rest is imported where it is used: each command loads only what it needs, and
# ``refenrich --version`` next to nothing.
if TYPE_CHECKING:
    from refenrich.check import Extraction
    from refenrich.models import CheckResult, Report
    from refenrich.ref.check import CaseStudyCheck
    from refenrich.sources.base import WorkSource

__all__ = ["main"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INCOMPLETE = 0, 1, 2, 3
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, what a shell reports for a program the signal ended
_VERSION = f"refenrich {__version__}"

_FAILING = {  # the values of the statuses (refenrich.models.Status) that fail the run
    "warning": {"warning", "error", "not_found", "ambiguous"},
    "error": {"error", "not_found"},
}


def _read_input(name: str, stdin: TextIO) -> str:
    from refenrich.documents import read_document, read_document_bytes

    if name == "-":
        buffer = getattr(stdin, "buffer", None)
        if buffer is None:  # a text stream handed in by a caller, decoded already
            return stdin.read()
        # The bytes, read as a file's are: the same errors for text that is not UTF-8,
        # and PDF or Word piped in is read as such.
        return read_document_bytes(buffer.read())
    return read_document(Path(name))


def _describe(extraction: Extraction, name: str) -> str:
    from refenrich.render import terminal_safe
    from refenrich.text.section import SectionKind

    count = len(extraction.references)
    noun = "reference" if count == 1 else "references"
    section = extraction.section
    if section is None and extraction.references and all(r.key for r in extraction.references):
        where = "BibTeX entries"
    elif section is None:
        where = "one reference per line"
    elif section.kind is SectionKind.REF_CASE_STUDY and section.heading is None:
        where = "REF impact case study without its section 3"
    elif section.kind is SectionKind.REF_CASE_STUDY:
        where = f"REF impact case study, section '{section.heading}'"
    elif section.kind is SectionKind.HEADING:
        where = f"section '{section.heading}'"
    else:
        where = "the whole input as a reference list"
    return terminal_safe(f"{name}: {where}: {count} {noun}")


def _source(args: argparse.Namespace, environ: Mapping[str, str], stack: ExitStack) -> WorkSource:
    index = open_index_option(args.index) if args.index else None
    if args.offline:
        if index is None:
            raise InputError(
                "--offline needs --index FILE: with no network there is nothing to ask"
            )
        return index
    from refenrich.crossref.client import CrossrefClient
    from refenrich.sources.chain import ChainSource

    settings = crossref_settings(args, environ)
    client = stack.enter_context(CrossrefClient(settings, cache=open_cache(args, environ, stack)))
    args.crossref_traffic = lambda: client.traffic.describe()
    records = ChainSource([index, client]) if index is not None else client
    return with_agency_fallback(records, client, args, environ, stack)


def _fails(result: CheckResult, fail_on: str) -> bool:
    from refenrich.models import Severity, Status

    if result.status is Status.NOT_FOUND and fail_on == "error":
        # Not found is an error for a DOI nothing holds, a warning for a reference without
        # a DOI that matches no record (a book, grey literature): its findings say which.
        return not result.findings or any(f.severity is Severity.ERROR for f in result.findings)
    return result.status.value in _FAILING[fail_on]


def _exit_code(report: Report, fail_on: str) -> int:
    from refenrich.models import Status

    if any(result.status is Status.FAILED for result in report.results):
        return EXIT_INCOMPLETE
    return EXIT_PROBLEMS if any(_fails(r, fail_on) for r in report.results) else EXIT_OK


def _incomplete_hint(report: Report, args: argparse.Namespace) -> str | None:
    from refenrich.models import Status
    from refenrich.render import terminal_safe

    failed = [r for r in report.results if r.status is Status.FAILED]
    if not failed:
        return None
    first = failed[0].resolution.error or "unknown error"
    advice = (
        ""
        if getattr(args, "offline", False)
        else " Without network, check against local records: --index FILE --offline."
    )
    return terminal_safe(
        f"{len(failed)} look-up(s) could not be completed: {first}. The check is incomplete."
        + advice
    )


def _check_input(
    args: argparse.Namespace,
    environ: Mapping[str, str],
    then: Callable[[str, Report, WorkSource], None] | None = None,
) -> tuple[Extraction, Report, str]:
    """Read the input, check its references; the report and the records' source name.

    ``then(text, report, source)`` runs while the source is still open (REF checks).
    """
    from refenrich.check import check_references

    text = _read_input(args.input, sys.stdin)
    extraction = read_references(text, args)
    with ExitStack() as stack:
        source = _source(args, environ, stack)
        with progress_bar(len(extraction.references)) as progress:
            report = check_references(
                extraction.references, source, name=args.input, progress=progress
            )
        if then is not None:
            then(text, report, source)
    return extraction, report, source.name


def _run_check(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    from refenrich.ref.cli import document_check, document_problems, findings_reach
    from refenrich.ref.render import render_document_jsonl, render_ref_text
    from refenrich.render import render_jsonl, render_summary, render_text

    if is_batch(args):
        from refenrich.batch import DOCUMENT_NOT_READ, run_batch_command

        settings = crossref_settings(args, environ)
        report = run_batch_command(args, environ, out, err, settings=settings)
        if any(f.code == DOCUMENT_NOT_READ for f in report.document_findings):
            return EXIT_USAGE  # the others were checked, but the batch is incomplete
        code = _exit_code(report, args.fail_on)
        if code == EXIT_OK and findings_reach(report.document_findings, args.fail_on):
            return EXIT_PROBLEMS
        return code
    documents: list[CaseStudyCheck] = []

    def ref_checks(text: str, report: Report, source: WorkSource) -> None:
        document = document_check(args, text, report, source)
        documents.extend([document] if document is not None else [])

    extraction, report, source_name = _check_input(args, environ, ref_checks)
    document = documents[0] if documents else None
    if args.format == "jsonl":
        out.write(render_jsonl(report))
        if document is not None:
            out.write(render_document_jsonl(document))
        err.write(render_summary(report) + "\n")
    else:
        colour = out.isatty() and "NO_COLOR" not in environ
        out.write(_describe(extraction, args.input) + f" (records: {source_name})\n\n")
        ref_block = render_ref_text(document) if document is not None else ""
        out.write(render_text(report, colour=colour, before_summary=ref_block))
    hint = _incomplete_hint(report, args)
    if hint:
        err.write(hint + "\n")
    if hasattr(args, "crossref_traffic"):
        err.write(args.crossref_traffic() + "\n")
    if document is not None:
        emit_report(args, [document.report], err, [document])
    else:
        emit_report(args, [report], err)
    code = _exit_code(report, args.fail_on)
    if code == EXIT_OK and document_problems(document, args.fail_on):
        return EXIT_PROBLEMS
    return code


def _run_bibtex(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    from refenrich.export.bibtex import to_bibtex
    from refenrich.render import render_summary, terminal_safe

    if args.update:
        return run_bibtex_update(args, environ, out, err, _check_input)
    refuse_output_over_input(
        args, "write to another file, or correct a .bib file with --update --in-place"
    )
    _, report, _ = _check_input(args, environ)
    bibtex = to_bibtex(report.results, flavour=args.flavour)
    bibtex = bibtex + "\n" if bibtex and not bibtex.endswith("\n") else bibtex
    if args.output and args.output != "-":
        write_text_file(args.output, bibtex)
        err.write(terminal_safe(f"wrote {len(report.results)} entries to {args.output}") + "\n")
    else:
        out.write(bibtex)
    err.write(render_summary(report) + "\n")
    hint = _incomplete_hint(report, args)
    if hint:
        err.write(hint + "\n")
    return EXIT_INCOMPLETE if hint else EXIT_OK


def _run_parse(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    text = _read_input(args.input, sys.stdin)
    for reference in read_references(text, args).references:  # a .bib file's entries too
        data = reference.model_dump(mode="json")
        data["authors"] = [
            {
                "family": a["family"],
                "given": a["given"],
                **({"literal": a["literal"]} if a["literal"] else {}),
            }
            for a in data["authors"]
        ]
        ordered = {"raw": data.pop("raw"), **data}
        out.write(json.dumps(ordered, ensure_ascii=False) + "\n")
    return EXIT_OK


def _add_input(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", help="a text file, or '-' for standard input")
    parser.add_argument(
        "--lines",
        action="store_true",
        help="treat each non-empty line as one reference (no section finding or splitting)",
    )


def _add_source(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--crossref-url",
        metavar="URL",
        help="Crossref REST API base URL (default: $REFENRICH_CROSSREF_URL or https://api.crossref.org)",
    )
    parser.add_argument(
        "--mailto",
        metavar="EMAIL",
        help="contact address for Crossref's polite pool (default: $REFENRICH_MAILTO)",
    )
    parser.add_argument(
        "--index",
        metavar="FILE",
        help="a local index (refenrich index build) or Crossref records (JSON Lines or JSON) "
        "to look DOIs up in and search before asking Crossref",
    )
    parser.add_argument(
        "--offline", action="store_true", help="use only --index; make no network call"
    )
    parser.add_argument(
        "--doi-org-url",
        metavar="URL",
        help="doi.org base URL for DOIs Crossref does not hold (default: $REFENRICH_DOI_ORG_URL; "
        "asked automatically only with the real Crossref API)",
    )
    parser.add_argument(
        "--no-agency",
        action="store_true",
        help="do not ask doi.org about DOIs Crossref does not hold",
    )
    add_config_option(parser)
    add_cache_options(parser)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``refenrich`` command."""
    from refenrich.ref.cli import add_exercise_options, add_ref_summary_command

    parser = argparse.ArgumentParser(
        prog="refenrich",
        description="Check and enrich bibliographic references against Crossref.",
        epilog=EPILOGS["main"],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=_VERSION)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="check every reference in a document, list or .bib file",
        epilog=EPILOGS["check"],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_input(check)
    _add_source(check)
    add_batch_options(check)
    check.add_argument("--format", choices=("text", "jsonl"), default="text", help="output format")
    check.add_argument(
        "--fail-on",
        choices=("warning", "error"),
        default=None,
        help="lowest severity that makes the exit code 1 (default: [check] fail_on "
        "in the config file, else warning)",
    )
    add_report_option(check)
    add_exercise_options(check)
    check.set_defaults(run=_run_check)

    bibtex = commands.add_parser(
        "bibtex",
        help="write BibTeX for the references in a document, or update a .bib file",
        epilog=EPILOGS["bibtex"],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_input(bibtex)
    _add_source(bibtex)
    bibtex.add_argument(
        "-o", "--output", metavar="FILE", help="write here instead of standard output"
    )
    bibtex.add_argument(
        "--flavour",
        choices=("bibtex", "biblatex"),
        default=None,
        help="BibTeX or biblatex field names and types (default: [bibtex] flavour in the "
        "config file, else bibtex)",
    )
    add_update_options(bibtex)
    add_report_option(bibtex)
    bibtex.set_defaults(run=_run_bibtex)

    add_export_command(commands, _add_input, _add_source, _check_input)

    parse = commands.add_parser(
        "parse",
        help="print the parsed fields of each reference",
        epilog=EPILOGS["parse"],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_input(parse)
    parse.add_argument("--format", choices=("jsonl",), default="jsonl", help="output format")
    parse.set_defaults(run=_run_parse)

    add_ref_summary_command(commands, _add_source, _source)
    add_index_commands(commands, _add_input, _add_source, _read_input, _source)
    return parser


def _check_report_target(path: str) -> None:
    """Refuse a --report that cannot be written before the check runs, not after."""
    from refenrich.export.report import report_format

    report_format(path)  # a suffix it knows
    folder = Path(path).parent
    if not folder.is_dir():
        raise InputError(f"cannot write the report {path}: the folder {folder} does not exist")


def _never_fail_to_encode(stream: TextIO) -> None:
    """Let a stream whose encoding cannot hold the output's marks (✓ ✗ …) write "?" for
    them instead of raising: Windows writes redirected output in its ANSI code page."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        "✓✗…‘’“”".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


def main(
    argv: Sequence[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit code (see the module docstring)."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    for stream in (out, err):
        _never_fail_to_encode(stream)
    if (sys.argv[1:] if argv is None else list(argv)) == ["--version"]:
        # Answered before the parser is built, as argparse would (on standard output):
        # the parser's options import most of the package.
        sys.stdout.write(_VERSION + "\n")
        return EXIT_OK
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    run: Callable[[argparse.Namespace, Mapping[str, str], TextIO, TextIO], int] = args.run
    # The command reports unreadable .bib blocks itself; bibtexparser's own log line about
    # the same block would print it twice (library users keep their logging as it is).
    logging.getLogger("bibtexparser").setLevel(logging.ERROR)
    try:
        apply_config(args, os.environ if environ is None else environ)
        if getattr(args, "report", None):
            _check_report_target(args.report)
        with relaxed_gc():
            return run(args, os.environ if environ is None else environ, out, err)
    except InputError as error:
        from refenrich.render import terminal_safe

        err.write(f"refenrich: error: {terminal_safe(str(error))}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        err.write("refenrich: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader went away ("refenrich parse refs.txt | head"): stop quietly, as a
        # program killed by SIGPIPE does, and keep Python from complaining at exit when
        # it flushes the dead stream.
        with contextlib.suppress(OSError, AttributeError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), out.fileno())
        return EXIT_BROKEN_PIPE


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
