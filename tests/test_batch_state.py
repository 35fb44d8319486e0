"""The batch state file: what a result line holds, and reading it back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from refenrich.batch import StateFile
from refenrich.errors import InputError
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


def test_a_file_that_is_not_a_state_file_is_never_written_to(tmp_path: Path) -> None:
    # "refenrich check --resume a.txt b.txt": argparse gives a.txt to --resume.
    document = tmp_path / "a.txt"
    document.write_text("Okafor, A. (2020) Ledger of the river. Review of Tests 3: 1-9.\n")
    before = document.read_bytes()
    with pytest.raises(InputError, match=r"not a refenrich state file.*--resume=FILE"):
        StateFile(document)
    records = tmp_path / "records.jsonl"  # JSON Lines, but not ours
    records.write_text('{"DOI": "10.5555/x", "title": ["Ledger"]}\n')
    with pytest.raises(InputError, match="not a refenrich state file"):
        StateFile(records)
    assert document.read_bytes() == before


def test_an_empty_file_is_a_new_state_file(tmp_path: Path) -> None:
    path = tmp_path / "state.jsonl"
    path.write_text("")
    state = StateFile(path)
    state.add_result("/docs/a.txt", "ef" * 32, _result("Okafor, A. (2020) Ledger."))
    state.close()
    assert set(StateFile(path).done("/docs/a.txt", "ef" * 32)) == {1}


def test_a_torn_last_line_is_ended_before_new_lines(tmp_path: Path) -> None:
    path = tmp_path / "state.jsonl"
    state = StateFile(path)
    first = _result("Okafor, A. (2020) Ledger of the river.")
    state.add_result("/docs/a.txt", "ab" * 32, first)
    state.close()
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"kind": "result", "document": "/docs/a.txt", "sha2')  # killed here
    second = _result("Okafor, A. (2021) Ledger of the sea.").model_copy(update={"index": 2})
    state = StateFile(path)
    state.add_result("/docs/a.txt", "ab" * 32, second)
    state.close()
    # the torn line is its own line, so the result written after it is read back
    assert StateFile(path).done("/docs/a.txt", "ab" * 32) == {1: first, 2: second}
