"""--fail-on error: a reference without a DOI that matches no record is a warning (exit 0),
a DOI that nothing holds an error (exit 1). Records: examples/jam-and-justice.crossref.jsonl."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from refenrich.cli import main

from .conftest import EXAMPLE_RECORDS

BOOK = "Smith, J. (2010) A Book About Things. London: Routledge."


@pytest.mark.parametrize(
    ("text", "fail_on", "code"),
    [
        (BOOK, "error", 0),
        (BOOK, "warning", 1),
        (BOOK + " https://doi.org/10.5555/nothing.here", "error", 1),
    ],
)
def test_not_found_fails_by_its_findings_severity(
    tmp_path: Path, text: str, fail_on: str, code: int
) -> None:
    source = tmp_path / "refs.txt"
    source.write_text(text + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    command = ["check", str(source), "--lines", "--index", str(EXAMPLE_RECORDS), "--offline"]
    assert main([*command, "--fail-on", fail_on], environ={}, stdout=out, stderr=err) == code
    assert "not found" in out.getvalue()
