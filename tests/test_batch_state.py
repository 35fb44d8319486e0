"""The batch state file: what a result line holds, and reading it back."""

from __future__ import annotations

import json
from pathlib import Path

from refenrich.batch import StateFile
from refenrich.models import (
    Author,
    CheckResult,
    Finding,
    FindingField,
    Reference,
    Resolution,
    ResolutionVia,
    Severity,
    Status,
    Work,
)


def _result(raw: str) -> CheckResult:
    work = Work(
        doi="10.5555/state.1",
        title="Ledger of the \u2028river",
        authors=[Author(family="Okafor", given="Ana")],
    )
    return CheckResult(
        index=1,
        raw=raw,
        status=Status.WARNING,
        reference=Reference(raw=raw, title="Ledger of the river", year=2020),
        resolution=Resolution(
            work=work, via=ResolutionVia.SEARCH, confidence=0.9731, evidence={"year": -0.2}
        ),
        findings=[
            Finding(
                code="year_off_by_one",
                field=FindingField.YEAR,
                severity=Severity.WARNING,
                claimed="2020",
                actual="2021",
                message="Year 2020 is one year off.",
            )
        ],
    )


def test_result_line_is_the_results_json(tmp_path: Path) -> None:
    state = StateFile(tmp_path / "state.jsonl")
    result = _result("Okafor, A. (2020) 'Ledger of the river', Müller Review.")
    state.add_result("/docs/a.txt", "ab" * 32, result)
    state.close()
    record = json.loads((tmp_path / "state.jsonl").read_text(encoding="utf-8"))
    assert record == {
        "kind": "result",
        "document": "/docs/a.txt",
        "sha256": "ab" * 32,
        "index": 1,
        "result": result.model_dump(mode="json", exclude={"doi", "work"}),
    }


def test_line_separators_inside_a_result_survive_a_resume(tmp_path: Path) -> None:
    # U+2028 and U+0085 end a line for str.splitlines, not for JSON Lines.
    path = tmp_path / "state.jsonl"
    state = StateFile(path)
    result = _result("Okafor, A. (2020) 'Ledger of the\u2028river', Review\x85 of Tests.")
    state.add_result("/docs/a.txt", "cd" * 32, result)
    state.close()
    assert StateFile(path).done("/docs/a.txt", "cd" * 32) == {1: result}
