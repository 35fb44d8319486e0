"""Batch runs: many documents, results appended to a state file, resumed without
checking any reference twice or losing one; the CLI's batch form."""

from __future__ import annotations

import asyncio
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import refenrich
from refenrich.batch import StateFile, arun_batch, find_documents
from refenrich.cli import main
from refenrich.models import Status
from refenrich.testing import FakeCrossref, FakeCrossrefConfig

# Forty made-up words (ba-dan, ba-fel, ...), four to a title.
_WORDS = [
    a + b
    for a in ("ba", "ke", "lo", "mu", "ri")
    for b in ("dan", "fel", "gor", "hin", "sto", "vox", "wen", "zul")
]


def title(n: int) -> str:
    """A title sharing at most one word with any other (so a search cannot mix them up)."""
    return " ".join(_WORDS[(3 * n + k) % len(_WORDS)] for k in range(4)).capitalize()


def records(count: int) -> list[dict[str, Any]]:
    return [
        {
            "DOI": f"10.5555/batch.{n}",
            "type": "journal-article",
            "title": [title(n)],
            "author": [{"given": "Ana", "family": "Okafor"}],
            "container-title": ["Journal of Tests"],
            "issued": {"date-parts": [[2020]]},
        }
        for n in range(count)
    ]


def write_docs(root: Path, count: int, per_doc: int = 4, *, dois: bool = True) -> list[Path]:
    (root / "sub").mkdir(parents=True)
    paths = []
    for start in range(0, count, per_doc):
        path = root / ("sub" if start % 8 else "") / f"d{start}.txt"
        lines = [
            f"Okafor, A. (2020) '{title(n)}', Journal of Tests."
            + (f" doi:10.5555/batch.{n}" if dois else "")
            for n in range(start, min(start + per_doc, count))
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    (root / "ignored.json").write_text("{}", encoding="utf-8")
    return paths


@pytest.fixture
def fake_crossref_records() -> list[dict[str, Any]]:
    return records(20)


def client_for(server: FakeCrossref) -> refenrich.AsyncCrossrefClient:
    settings = refenrich.CrossrefSettings(base_url=server.url, rate_limit=False)
    return refenrich.AsyncCrossrefClient(settings)


def test_find_documents_recurses_and_filters(tmp_path: Path) -> None:
    paths = write_docs(tmp_path, 20)
    found = find_documents([tmp_path])
    assert sorted(found) == sorted(paths)
    assert find_documents([paths[0], tmp_path]).count(paths[0]) == 1


def test_stop_and_resume_checks_each_reference_once(
    fake_crossref: FakeCrossref, tmp_path: Path
) -> None:
    documents = find_documents([write_docs(tmp_path / "docs", 20)[0].parent])
    state_path = tmp_path / "state.jsonl"

    async def run(stop_after: int | None) -> Any:
        state = StateFile(state_path)
        try:
            async with client_for(fake_crossref) as client:
                return await arun_batch(
                    documents, client, state=state, lines=True, workers=3, stop_after=stop_after
                )
        finally:
            state.close()

    first = asyncio.run(run(stop_after=7))
    assert first.complete is False
    done_first = first.checked
    assert 7 <= done_first < 20
    # all twenty DOIs were asked for in one batched request (no cache here)
    assert fake_crossref.stats.requests == 1
    second = asyncio.run(run(stop_after=None))
    assert second.complete is True
    assert second.resumed == done_first
    assert second.checked == 20 - done_first
    # the resumed run asked only for the DOIs of the references not yet done
    assert fake_crossref.stats.requests == 2
    last = dict(fake_crossref.requests[-1].params)["filter"].split(",")
    done = {result.reference.doi for result in first.report.results}
    assert len(last) == 20 - done_first
    assert not done & {value.removeprefix("doi:") for value in last}
    results = second.report.results
    assert len(results) == 20
    # asyncio.run formats the main task's result on the way out: the repr stays short
    assert repr(second) == (
        f"BatchOutcome(5 document(s), checked={second.checked}, resumed={done_first}, "
        "complete=True)"
    )
    assert all(result.status is Status.VERIFIED for result in results)
    lines = [json.loads(line) for line in state_path.read_text().splitlines()]
    checked = [(line["document"], line["index"]) for line in lines if line["kind"] == "result"]
    assert len(checked) == len(set(checked)) == 20


def test_torn_last_line_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "state.jsonl"
    path.write_text('{"kind": "document", "document": "x", "sha256": "s", "references": 2}\n{"kin')
    state = StateFile(path)
    assert state.documents["x"].references == 2
    assert state.done("x", "s") == {}


def test_cli_batch_resume_after_kill(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    # Without DOIs, one search each (with DOIs, one batched look-up would answer all
    # twenty before the kill could land).
    write_docs(docs, 20, per_doc=2, dois=False)
    state = tmp_path / "state.jsonl"
    config = FakeCrossrefConfig(latency=0.2)
    with FakeCrossref(records(20), config) as server:
        environ = {
            **os.environ,
            "REFENRICH_CROSSREF_URL": server.url,
            "REFENRICH_CACHE_DIR": str(tmp_path / "cache"),
        }
        command = [sys.executable, "-m", "refenrich.cli", "check", str(docs), "--lines"]
        process = subprocess.Popen(
            [*command, "--resume", str(state), "--no-cache"],
            env=environ,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if state.exists() and state.read_text().count('"kind": "result"') >= 3:
                break
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        done_before = state.read_text().count('"kind": "result"')
        assert 3 <= done_before < 20
        sent_before = server.stats.requests
        out, err = io.StringIO(), io.StringIO()
        code = main(
            [
                "check",
                str(docs),
                "--lines",
                "--resume",
                str(state),
                "--no-cache",
                "--format",
                "jsonl",
            ],
            environ={"REFENRICH_CROSSREF_URL": server.url},
            stdout=out,
            stderr=err,
        )
        assert code == 0, err.getvalue()
        rows = [json.loads(line) for line in out.getvalue().splitlines()]
        assert len(rows) == 20
        assert {row["status"] for row in rows} == {"verified"}
        # nothing recorded before the kill was asked again
        assert server.stats.requests - sent_before == 20 - done_before
        assert "came from the state file" in err.getvalue()
        assert "request(s)" in err.getvalue()
