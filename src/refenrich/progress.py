"""Progress display and the end-of-run summary table for the command line.

:class:`Progress` is the one progress display every command uses, single file or
batch: ``start(total)``, ``advance(n)``, ``finish()`` (or use it as a context manager).
It draws a bar with count, rate and ETA on standard error when that is a terminal, and
does nothing at all otherwise, so piped and logged runs stay clean. ``advance`` fits the
``progress`` callback of :func:`refenrich.check.check_references`.

>>> with Progress(enabled=False) as progress:   # what a pipeline sees: nothing
...     progress.start(3)
...     progress.advance(3)
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as _RichProgress
from rich.table import Table
from rich.text import Text

from refenrich.models import Report, Summary
from refenrich.render import terminal_safe

__all__ = ["Progress", "print_summary_table"]


class _RateColumn(ProgressColumn):
    """Items per second, e.g. ``4.2 refs/s``."""

    def __init__(self, unit: str) -> None:
        super().__init__()
        self._unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if speed is None:
            return Text(f"– {self._unit}/s", style="progress.data.speed")
        return Text(f"{speed:.1f} {self._unit}/s", style="progress.data.speed")


class Progress:
    """A progress bar with count, rate and ETA on a terminal; silent elsewhere.

    ``enabled`` defaults to whether ``stream`` (standard error by default) is a
    terminal. ``unit`` names what is counted (``refs``, ``docs``). Calls are cheap
    no-ops when disabled, so callers never need to check.
    """

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        enabled: bool | None = None,
        unit: str = "refs",
        description: str = "Checking",
    ) -> None:
        self._stream = stream if stream is not None else sys.stderr
        if enabled is None:
            isatty = getattr(self._stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self._unit = unit
        self._description = description
        self._bar: _RichProgress | None = None
        self._task: TaskID | None = None

    def start(self, total: int | None, description: str | None = None) -> None:
        """Show the bar for ``total`` items (None when the total is not known yet)."""
        if description is not None:
            self._description = description
        if not self.enabled:
            return
        if self._bar is None:
            console = Console(file=self._stream, force_terminal=True, stderr=True)
            self._bar = _RichProgress(
                TextColumn("[progress.description]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                _RateColumn(self._unit),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=console,
                transient=True,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            self._bar.start()
        if self._task is None:
            self._task = self._bar.add_task(terminal_safe(self._description), total=total)
        else:
            self._bar.reset(self._task, total=total, description=terminal_safe(self._description))

    def set_total(self, total: int | None) -> None:
        """Change the total (a batch learns it as files are read)."""
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, total=total)

    def describe(self, description: str) -> None:
        """Change the text before the bar (e.g. the file being checked)."""
        self._description = description
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, description=terminal_safe(description))

    def advance(self, n: int = 1) -> None:
        """Count ``n`` more items done."""
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task, n)

    def finish(self) -> None:
        """Remove the bar (it is transient: the run's own output follows)."""
        if self._bar is not None:
            self._bar.stop()
        self._bar = None
        self._task = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.finish()


_COLUMNS: tuple[tuple[str, str, str | None], ...] = (
    ("checked", "Checked", None),
    ("verified", "Verified", "green"),
    ("with_warnings", "Warnings", "yellow"),
    ("with_errors", "Errors", "red"),
    ("not_found", "Not found", "magenta"),
    ("unresolved", "No DOI", None),
    ("failed", "Failed", "red"),
)


def print_summary_table(
    reports: Sequence[Report],
    stream: TextIO | None = None,
    *,
    colour: bool | None = None,
    ref_status: Sequence[str | None] | None = None,
) -> None:
    """Print a table of counts per document, with a total row, to ``stream``.

    Meant for the end of a run over several documents. Colour only on a terminal
    (or as ``colour`` says). ``ref_status``, one per report, adds a "REF" column: the
    case study's status (ok, warnings, errors, incomplete), or None for "-" (not
    checked as a case study).
    """
    target = stream if stream is not None else sys.stderr
    console = Console(
        file=target,
        force_terminal=colour,
        no_color=colour is False,
        highlight=False,
        width=120 if not getattr(target, "isatty", lambda: False)() else None,
    )
    table = Table(title=None, show_footer=len(reports) > 1, header_style="bold")
    totals: dict[str, int] = dict.fromkeys(Summary.model_fields, 0)
    for report in reports:
        for name, value in report.summary.model_dump().items():
            totals[name] += value
    table.add_column("Document", footer="Total", overflow="fold")
    for name, label, style in _COLUMNS:
        table.add_column(label, justify="right", style=style, footer=str(totals[name]))
    if ref_status is not None:
        studies = sum(1 for status in ref_status if status is not None)
        table.add_column("REF", footer=f"{studies} case stud{'y' if studies == 1 else 'ies'}")
    for number, report in enumerate(reports, start=1):
        counts = report.summary.model_dump()
        name = terminal_safe(report.source or f"document {number}")
        name += " (not read)" if report.error is not None else ""
        cells = [str(counts[column]) for column, _, _ in _COLUMNS]
        if ref_status is not None:
            cells.append(ref_status[number - 1] or "-")
        table.add_row(Text(name), *cells)
    console.print(table)
