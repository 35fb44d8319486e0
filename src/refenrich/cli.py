"""The ``refenrich`` command.

Exit codes (stable, for CI use):

- 0: every reference checked out (or the command did its job);
- 1: at least one reference has a problem at or above ``--fail-on`` (default:
  warning), or was not found;
- 2: usage or input error (unreadable file, bad option);
- 3: some look-ups could not be completed (network or service failure), so the
  check is incomplete.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import TextIO

from refenrich._version import __version__
from refenrich.check import Extraction, check_references, extract_references
from refenrich.config import settings_from_env
from refenrich.crossref.client import CrossrefClient
from refenrich.errors import InputError
from refenrich.models import Report, Status
from refenrich.render import render_jsonl, render_summary, render_text, terminal_safe
from refenrich.sources.base import WorkSource
from refenrich.sources.chain import ChainSource
from refenrich.sources.records import RecordsSource
from refenrich.text.section import SectionKind

__all__ = ["main"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INCOMPLETE = 0, 1, 2, 3

_FAILING = {
    "warning": {Status.WARNING, Status.ERROR, Status.NOT_FOUND},
    "error": {Status.ERROR, Status.NOT_FOUND},
}


def _read_input(name: str, stdin: TextIO) -> str:
    if name == "-":
        return stdin.read()
    path = Path(name)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"no such file: {name}") from None
    except IsADirectoryError:
        raise InputError(f"{name} is a directory; give a file or '-' for standard input") from None
    except OSError as error:
        raise InputError(f"cannot read {name}: {error.strerror}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(
            f"{name} is not UTF-8 text (PDF and Word files are not read yet)"
        ) from None


def _describe(extraction: Extraction, name: str) -> str:
    count = len(extraction.references)
    noun = "reference" if count == 1 else "references"
    section = extraction.section
    if section is None:
        where = "one reference per line"
    elif section.kind is SectionKind.REF_CASE_STUDY:
        where = f"REF impact case study, section '{section.heading}'"
    elif section.kind is SectionKind.HEADING:
        where = f"section '{section.heading}'"
    else:
        where = "the whole input as a reference list"
    return terminal_safe(f"{name}: {where}: {count} {noun}")


def _source(args: argparse.Namespace, environ: Mapping[str, str], stack: ExitStack) -> WorkSource:
    index = RecordsSource.from_path(Path(args.index)) if args.index else None
    if args.offline:
        if index is None:
            raise InputError(
                "--offline needs --index FILE: with no network there is nothing to ask"
            )
        return index
    settings = settings_from_env(environ, base_url=args.crossref_url, mailto=args.mailto)
    client = stack.enter_context(CrossrefClient(settings))
    return ChainSource([index, client]) if index is not None else client


def _exit_code(report: Report, fail_on: str) -> int:
    statuses = {result.status for result in report.results}
    if Status.FAILED in statuses:
        return EXIT_INCOMPLETE
    return EXIT_PROBLEMS if statuses & _FAILING[fail_on] else EXIT_OK


def _incomplete_hint(report: Report) -> str | None:
    failed = [r for r in report.results if r.status is Status.FAILED]
    if not failed:
        return None
    first = failed[0].resolution.error or "unknown error"
    return terminal_safe(
        f"{len(failed)} look-up(s) could not be completed: {first}. The check is incomplete. "
        "Without network, check against local records: --index FILE --offline."
    )


def _check_input(
    args: argparse.Namespace, environ: Mapping[str, str]
) -> tuple[Extraction, Report, str]:
    """Read the input, check its references; the report and the records' source name."""
    text = _read_input(args.input, sys.stdin)
    extraction = extract_references(text, lines=args.lines)
    with ExitStack() as stack:
        source = _source(args, environ, stack)
        report = check_references(extraction.references, source, name=args.input)
    return extraction, report, source.name


def _run_check(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    extraction, report, source_name = _check_input(args, environ)
    if args.format == "jsonl":
        out.write(render_jsonl(report))
        err.write(render_summary(report) + "\n")
    else:
        colour = out.isatty() and "NO_COLOR" not in environ
        out.write(_describe(extraction, args.input) + f" (records: {source_name})\n\n")
        out.write(render_text(report, colour=colour))
    hint = _incomplete_hint(report)
    if hint:
        err.write(hint + "\n")
    return _exit_code(report, args.fail_on)


def _run_bibtex(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    from refenrich.export.bibtex import to_bibtex

    _, report, _ = _check_input(args, environ)
    bibtex = to_bibtex(report.results, flavour=args.flavour)
    bibtex = bibtex + "\n" if bibtex and not bibtex.endswith("\n") else bibtex
    if args.output and args.output != "-":
        try:
            Path(args.output).write_text(bibtex, encoding="utf-8")
        except OSError as error:
            raise InputError(f"cannot write {args.output}: {error.strerror}") from None
        err.write(terminal_safe(f"wrote {len(report.results)} entries to {args.output}") + "\n")
    else:
        out.write(bibtex)
    err.write(render_summary(report) + "\n")
    hint = _incomplete_hint(report)
    if hint:
        err.write(hint + "\n")
    return EXIT_INCOMPLETE if hint else EXIT_OK


def _run_parse(
    args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO
) -> int:
    text = _read_input(args.input, sys.stdin)
    for reference in extract_references(text, lines=args.lines).references:
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
        help="Crossref records (JSON Lines or JSON) to look DOIs up in before asking Crossref",
    )
    parser.add_argument(
        "--offline", action="store_true", help="use only --index; make no network call"
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``refenrich`` command."""
    parser = argparse.ArgumentParser(
        prog="refenrich",
        description="Check and enrich bibliographic references against Crossref.",
        epilog="Exit codes: 0 all good, 1 problems found, 2 usage or input error, "
        "3 look-ups incomplete (network).",
    )
    parser.add_argument("--version", action="version", version=f"refenrich {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="check every reference in a document or list")
    _add_input(check)
    _add_source(check)
    check.add_argument("--format", choices=("text", "jsonl"), default="text", help="output format")
    check.add_argument(
        "--fail-on",
        choices=("warning", "error"),
        default="warning",
        help="lowest severity that makes the exit code 1 (default: warning)",
    )
    check.set_defaults(run=_run_check)

    bibtex = commands.add_parser("bibtex", help="write BibTeX for the references in a document")
    _add_input(bibtex)
    _add_source(bibtex)
    bibtex.add_argument(
        "-o", "--output", metavar="FILE", help="write here instead of standard output"
    )
    bibtex.add_argument("--flavour", choices=("bibtex", "biblatex"), default="bibtex")
    bibtex.set_defaults(run=_run_bibtex)

    parse = commands.add_parser("parse", help="print the parsed fields of each reference")
    _add_input(parse)
    parse.add_argument("--format", choices=("jsonl",), default="jsonl", help="output format")
    parse.set_defaults(run=_run_parse)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line; returns the exit code (see the module docstring)."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    run: Callable[[argparse.Namespace, Mapping[str, str], TextIO, TextIO], int] = args.run
    try:
        return run(args, os.environ if environ is None else environ, out, err)
    except InputError as error:
        err.write(f"refenrich: error: {terminal_safe(str(error))}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        err.write("refenrich: interrupted\n")
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
