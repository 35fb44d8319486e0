"""Reports as people read them in a terminal, and as JSON Lines for machines.

All text that came from outside (references, records) passes through
:func:`terminal_safe`, so a reference cannot move the cursor, change colours or
rewrite the screen.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator

import orjson

from refenrich.models import CheckResult, Finding, Report, Severity, Status

__all__ = ["render_jsonl", "render_summary", "render_text", "result_json", "terminal_safe"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")

_STATUS_LABEL = {
    Status.VERIFIED: ("✓", "verified", "32"),
    Status.WARNING: ("!", "warning", "33"),
    Status.ERROR: ("✗", "error", "31"),
    Status.NOT_FOUND: ("?", "not found", "35"),
    Status.UNRESOLVED: ("·", "unresolved", "2"),
    Status.FAILED: ("✗", "lookup failed", "31"),
    Status.AMBIGUOUS: ("?", "ambiguous", "35"),
}
_SEVERITY_COLOUR = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def terminal_safe(text: str) -> str:
    """``text`` without control characters, escapes or bidirectional overrides."""
    return _CONTROL.sub("", text.replace("\t", " ").replace("\n", " "))


def _paint(text: str, code: str, colour: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if colour else text


def _columns(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _shorten(text: str, width: int) -> str:
    """``text`` on one line in at most ``width`` terminal columns, cut at a word where
    that keeps at least half of it, else mid-word: a reference in Chinese or Japanese (no
    spaces) or one long URL would otherwise shrink to a bare "…"."""
    flat = " ".join(terminal_safe(text).split())
    if sum(map(_columns, flat)) <= width:
        return flat
    kept: list[str] = []
    used = 2  # the " …" placeholder
    for char in flat:
        used += _columns(char)
        if used > width:
            break
        kept.append(char)
    cut = "".join(kept)
    at_word = cut.rsplit(" ", 1)[0] if " " in cut else ""
    if len(at_word) * 2 >= len(cut):
        cut = at_word
    return cut.rstrip() + " …"


def _finding_lines(finding: Finding, colour: bool) -> Iterator[str]:
    severity = _paint(f"{finding.severity.value:<7}", _SEVERITY_COLOUR[finding.severity], colour)
    yield f"    {severity} {finding.field.value:<7} {terminal_safe(finding.message)}"
    if finding.severity is not Severity.INFO:
        if finding.claimed is not None:
            yield f"{'':<20}reference: {_shorten(finding.claimed, 90)}"
        if finding.actual is not None:
            yield f"{'':<20}record:    {_shorten(finding.actual, 90)}"


def _result_lines(result: CheckResult, colour: bool) -> Iterator[str]:
    mark, label, code = _STATUS_LABEL[result.status]
    head = _paint(f"{mark} {label}", code, colour)
    yield f"[{result.index}] {head}  {_shorten(result.raw, 100)}"
    resolution = result.resolution
    if resolution.work is not None:
        work = resolution.work
        title = f"'{work.full_title}'" if work.full_title else "(untitled)"
        where = f" in {work.container_title}" if work.container_title else ""
        year = f" ({work.year})" if work.year else ""
        yield f"    DOI {terminal_safe(work.doi or '')} -> {_shorten(title + year + where, 90)}"
        if resolution.confidence is not None and resolution.via is not None:
            yield (
                f"    found by {resolution.via.value} from the text "
                f"(confidence {resolution.confidence:.2f})"
            )
    elif result.status is Status.AMBIGUOUS:
        dois = ", ".join(terminal_safe(w.doi or "?") for w in resolution.candidates)
        yield f"    The text fits several records equally well: {dois}"
    elif resolution.error is not None:
        yield f"    {terminal_safe(resolution.error)}"
    elif resolution.doi is not None:
        tried = "; ".join(resolution.tried) or "the source"
        yield f"    DOI {terminal_safe(resolution.doi)} is not known to {terminal_safe(tried)}"
    elif resolution.tried:
        yield "    No DOI in the reference; " + _shorten("; ".join(resolution.tried), 140)
    else:
        yield "    No DOI in the reference, and it was not searched for by its text."
    ordered = sorted(result.findings, key=lambda finding: -finding.severity.rank)
    for finding in ordered:
        yield from _finding_lines(finding, colour)


def render_summary(report: Report) -> str:
    """One line of counts: checked, verified, with warnings, with errors, not found, ..."""
    s = report.summary
    parts = [
        f"{s.checked} checked",
        f"{s.verified} verified",
        f"{s.with_warnings} with warnings",
        f"{s.with_errors} with errors",
        f"{s.not_found} not found",
    ]
    if s.unresolved:
        parts.append(f"{s.unresolved} unresolved (no DOI)")
    if s.failed:
        parts.append(f"{s.failed} lookups failed")
    return "Summary: " + ", ".join(parts)


def render_text(report: Report, *, colour: bool = False, before_summary: str = "") -> str:
    """The whole report for a terminal: a block per reference, then the summary.

    ``before_summary`` is a block printed between the references and the summary line
    (the REF checks of a case study).
    """
    blocks = ["\n".join(_result_lines(result, colour)) for result in report.results]
    if not blocks:
        blocks = ["No references found."]
    if before_summary.strip():
        blocks.append(before_summary.rstrip("\n"))
    return "\n\n".join(blocks) + "\n\n" + render_summary(report) + "\n"


def result_json(result: CheckResult) -> dict[str, object]:
    """One result as a JSON object: raw, status, doi, work, findings, reference, resolution."""
    data = result.model_dump(mode="json", exclude={"resolution": {"work"}})
    ordered = {key: data[key] for key in ("index", "raw", "status", "doi", "work", "findings")}
    ordered.update({key: value for key, value in data.items() if key not in ordered})
    return ordered


# Legal raw in a JSON string, but str.splitlines (and so many a reader) ends a line at
# each; JSON escapes the other line ends (all below U+0020).
_LINE_ENDS_ESCAPED = {ord(c): f"\\u{ord(c):04x}" for c in "\x85\u2028\u2029"}


def render_jsonl(report: Report, *, document: str | None = None) -> str:
    """One JSON object per reference, one per line; ``document`` (a batch's file) first."""
    head = {} if document is None else {"document": document}
    lines = "".join(_json_line({**head, **result_json(result)}) for result in report.results)
    return lines.translate(_LINE_ENDS_ESCAPED)


def _json_line(data: dict[str, object]) -> str:
    # orjson takes a third of json.dumps's time for the same JSON (written compactly);
    # json.dumps still writes what orjson refuses (a lone surrogate in a caller's text).
    try:
        return orjson.dumps(data, option=orjson.OPT_APPEND_NEWLINE).decode("utf-8")
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(data, ensure_ascii=False) + "\n"
