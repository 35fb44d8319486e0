"""The command line's REF options and the ``ref-summary`` command.

Kept here so that :mod:`refenrich.cli` only needs a few hooks: :func:`add_exercise_options`
on ``check``, :func:`document_check` after the outputs are checked, and
:func:`add_ref_summary_command` for the research office's table.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable, Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import TextIO

from refenrich.cli_extras import EPILOGS
from refenrich.documents import read_document
from refenrich.errors import InputError
from refenrich.files import write_text_file
from refenrich.models import DocumentFinding, Report, Severity
from refenrich.ref.check import (
    CaseStudyCheck,
    CaseStudySummary,
    check_case_study,
    summarise,
    verify_grants,
)
from refenrich.ref.gtr import DEFAULT_GTR_URL, GtrClient, GtrSettings
from refenrich.ref.profile import (
    ExerciseProfile,
    available_profiles,
    load_profile,
    load_profile_file,
)
from refenrich.ref.render import summary_table
from refenrich.render import terminal_safe
from refenrich.sources.base import WorkSource

__all__ = [
    "DOCUMENT_GLOBS",
    "add_exercise_options",
    "add_ref_summary_command",
    "all_document_findings",
    "document_check",
    "document_problems",
    "exercise_from_args",
    "findings_reach",
]

DOCUMENT_GLOBS = ("*.pdf", "*.docx", "*.txt")
_RANK = {"warning": Severity.WARNING.rank, "error": Severity.ERROR.rank}

SourceFactory = Callable[[argparse.Namespace, Mapping[str, str], ExitStack], WorkSource]


def add_exercise_options(parser: argparse.ArgumentParser) -> None:
    """``--exercise``, ``--exercise-file`` and ``--grants``."""
    parser.add_argument(
        "--exercise",
        choices=available_profiles(),
        help="apply this REF exercise's rules, even to a document not recognised as a case "
        "study (default: the exercise the case study names, else ref2021)",
    )
    parser.add_argument(
        "--exercise-file",
        metavar="TOML",
        help="apply the rules in this exercise profile (same format as the shipped ones)",
    )
    parser.add_argument(
        "--grants",
        action="store_true",
        help="verify the case study's grants at UKRI's Gateway to Research (network)",
    )
    parser.add_argument(
        "--gtr-url",
        metavar="URL",
        help=f"Gateway to Research base URL (default: {DEFAULT_GTR_URL})",
    )


def _gtr_client(args: argparse.Namespace, stack: ExitStack) -> GtrClient | None:
    if not getattr(args, "grants", False):
        return None
    if getattr(args, "offline", False):
        raise InputError("--grants asks Gateway to Research over the network: drop --offline")
    settings = GtrSettings(
        base_url=getattr(args, "gtr_url", None) or DEFAULT_GTR_URL,
        mailto=getattr(args, "mailto", None),
    )
    return stack.enter_context(GtrClient(settings))


def exercise_from_args(args: argparse.Namespace) -> ExerciseProfile | None:
    """The profile the options ask for, or None to infer it from the document."""
    path = getattr(args, "exercise_file", None)
    name = getattr(args, "exercise", None)
    if path and name:
        raise InputError("give --exercise or --exercise-file, not both")
    if path:
        return load_profile_file(Path(path))
    return load_profile(name) if name else None


def document_check(
    args: argparse.Namespace, text: str, report: Report, source: WorkSource
) -> CaseStudyCheck | None:
    """The case-study check of a document already checked reference by reference.

    None for ``--lines`` input, and for a document that is not a case study when no
    exercise was asked for (its report is then exactly the ordinary one).
    """
    exercise = exercise_from_args(args)
    if getattr(args, "lines", False) and exercise is None:
        return None
    check = check_case_study(text, source=source, exercise=exercise, report=report)
    if check.profile is None:
        return None
    with ExitStack() as stack:
        client = _gtr_client(args, stack)
        if client is not None and check.grants:
            check = verify_grants(check, client)
    return check


def all_document_findings(check: CaseStudyCheck) -> list[DocumentFinding]:
    """The document's own findings and its grants' findings."""
    return check.findings + [f for g in check.grants for f in g.findings]


def findings_reach(findings: Iterable[DocumentFinding], fail_on: str) -> bool:
    """Whether any of ``findings`` is at or above ``--fail-on`` (``warning``/``error``)."""
    threshold = _RANK[fail_on]
    return any(f.severity.rank >= threshold for f in findings)


def document_problems(check: CaseStudyCheck | None, fail_on: str) -> bool:
    """Whether the document's own findings reach ``--fail-on``."""
    if check is None:
        return False
    return findings_reach(all_document_findings(check), fail_on)


def _documents(paths: list[str]) -> list[Path]:
    """The documents to summarise: the batch module's discovery (folders searched
    recursively for .txt/.pdf/.docx), or a flat search where that module is absent."""
    try:
        from refenrich.batch import find_documents
    except ImportError:  # pragma: no cover - batch.py comes with issue 6
        found: list[Path] = []
        for name in paths:
            path = Path(name)
            if path.is_dir():
                found.extend(
                    sorted({p for g in DOCUMENT_GLOBS for p in path.glob(g) if p.is_file()})
                )
            elif path.exists():
                found.append(path)
            else:
                raise InputError(f"no such file or directory: {name}") from None
    else:
        found = find_documents(paths)
    if not found:
        raise InputError("no .pdf, .docx or .txt documents found in " + ", ".join(paths))
    return found


def _run_ref_summary(
    args: argparse.Namespace,
    environ: Mapping[str, str],
    out: TextIO,
    err: TextIO,
    make_source: SourceFactory,
) -> int:
    exercise = exercise_from_args(args)
    rows: list[CaseStudySummary] = []
    unreadable = 0
    with ExitStack() as stack:
        source = make_source(args, environ, stack)
        client = _gtr_client(args, stack)
        for path in _documents(args.inputs):
            try:
                text = read_document(path)
            except InputError as error:
                unreadable += 1
                err.write(f"refenrich: skipped {terminal_safe(str(error))}\n")
                rows.append(
                    CaseStudySummary(
                        source=str(path),
                        recognised=False,
                        exercise=None,
                        status="unreadable",
                        problems="unreadable",
                    )
                )
                continue
            check = check_case_study(text, source=source, exercise=exercise, name=str(path))
            if client is not None and check.grants:
                check = verify_grants(check, client)
            rows.append(summarise(check))
    table = summary_table(rows, args.format)
    if args.output and args.output != "-":
        write_text_file(args.output, table)
        err.write(terminal_safe(f"wrote {len(rows)} rows to {args.output}") + "\n")
    else:
        out.write(table)
    statuses = {row.status for row in rows}
    err.write(
        "Case studies: "
        + ", ".join(
            f"{sum(1 for row in rows if row.status == status)} {status}"
            for status in ("ok", "warnings", "errors", "incomplete", "unreadable")
            if status in statuses
        )
        + "\n"
    )
    if "incomplete" in statuses:
        return 3
    failing = {"errors", "unreadable"} | ({"warnings"} if args.fail_on == "warning" else set())
    return 1 if statuses & failing or unreadable else 0


def add_ref_summary_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    add_source: Callable[[argparse.ArgumentParser], None],
    make_source: SourceFactory,
) -> None:
    """``refenrich ref-summary DIR|FILE... [-o table.csv] [--format csv|jsonl]``."""
    parser = commands.add_parser(
        "ref-summary",
        help="check case studies (files or folders of .pdf/.docx/.txt) and write one row each",
        epilog=EPILOGS["ref-summary"],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("inputs", nargs="+", metavar="PATH", help="case study files or folders")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the table here")
    parser.add_argument(
        "--format",
        choices=("csv", "jsonl"),
        default=None,
        help="default: from -o's suffix, else csv",
    )
    parser.add_argument(
        "--fail-on",
        choices=("warning", "error"),
        default="error",
        help="lowest case-study status that makes the exit code 1 (default: error)",
    )
    add_exercise_options(parser)
    add_source(parser)

    def run(args: argparse.Namespace, environ: Mapping[str, str], out: TextIO, err: TextIO) -> int:
        suffix = Path(str(args.output or "")).suffix.lower()
        if args.format is None and suffix in (".xlsx", ".xls", ".ods", ".numbers"):
            raise InputError(
                f"-o {args.output}: ref-summary writes CSV (-o table.csv, which spreadsheets "
                "open) or JSON Lines (-o table.jsonl), not a spreadsheet file"
            )
        if args.format is None:
            args.format = "jsonl" if suffix in (".jsonl", ".json") else "csv"
        return _run_ref_summary(args, environ, out, err, make_source)

    parser.set_defaults(run=run, lines=False)
