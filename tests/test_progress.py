"""The progress bar (silent off a terminal) and the summary table."""

from __future__ import annotations

import io

from refenrich.models import CheckResult, Reference, Report, Resolution, Status
from refenrich.progress import Progress, print_summary_table


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_when_not_a_terminal() -> None:
    stream = io.StringIO()
    with Progress(stream) as progress:
        assert not progress.enabled
        progress.start(5)
        progress.advance(5)
    assert stream.getvalue() == ""


def test_draws_count_rate_and_eta_on_a_terminal() -> None:
    stream = _Terminal()
    with Progress(stream, unit="refs") as progress:
        assert progress.enabled
        progress.start(4, description="Checking a.txt")
        progress.advance(2)
        progress.describe("Checking b.txt")
        progress.advance(2)
    drawn = stream.getvalue()
    assert "Checking" in drawn
    assert "4/4" in drawn
    assert "refs/s" in drawn
    assert "ETA" in drawn


def test_descriptions_are_terminal_safe() -> None:
    stream = _Terminal()
    with Progress(stream) as progress:
        progress.start(1, description="evil\x1b]0;title\x07name")
        progress.advance()
    assert "\x1b]0;" not in stream.getvalue()


def _report(name: str, statuses: list[Status]) -> Report:
    results = [
        CheckResult(
            index=i, raw="r", status=s, reference=Reference(raw="r"), resolution=Resolution()
        )
        for i, s in enumerate(statuses, 1)
    ]
    return Report(source=name, results=results)


def test_summary_table() -> None:
    stream = io.StringIO()
    reports = [
        _report("a.txt", [Status.VERIFIED, Status.ERROR]),
        _report("b\x1b[31m.txt", [Status.WARNING, Status.NOT_FOUND, Status.VERIFIED]),
    ]
    print_summary_table(reports, stream, colour=False)
    table = stream.getvalue()
    assert "\x1b" not in table
    lines = table.splitlines()
    row_a = next(line for line in lines if "a.txt" in line)
    assert [cell for cell in row_a.split() if cell.isdigit()][:3] == ["2", "1", "0"]
    total = next(line for line in lines if "Total" in line)
    assert [cell for cell in total.split() if cell.isdigit()][:5] == ["5", "2", "1", "1", "1"]
