"""Worker processes for batches (refenrich.parallel): what the cache or a local index can
answer is checked in workers, with results identical to one process; the rest goes
through the parent's client; nothing is lost when a worker breaks.

Records are synthetic (DOIs under Crossref's test prefix 10.5555), except the example's
index, which holds the public Crossref records of the example's references.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from refenrich.batch import BatchOutcome, StateFile, arun_batch, auto_jobs
from refenrich.cli import main
from refenrich.compare import DEFAULT_RULES
from refenrich.crossref import AsyncCrossrefClient, CrossrefClient, CrossrefSettings
from refenrich.crossref.cache import SQLiteCache
from refenrich.errors import NotCachedError
from refenrich.index import build_index
from refenrich.models import CheckResult, Reference, Work
from refenrich.parallel import SourceRecipe, WorkerPool
from refenrich.testing import FakeCrossref

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_INDEX = ROOT / "examples" / "jam-and-justice.crossref.jsonl"
EXAMPLE = ROOT.parent / "shared" / "examples" / "ref2021-impact-case-study-jam-and-justice.txt"

_WORDS = [
    a + b for a in ("ta", "re", "mo", "su", "vi") for b in ("lin", "pak", "dor", "sem", "gut")
]


def _title(n: int) -> str:
    return " ".join(_WORDS[(7 * n + 3 * k) % len(_WORDS)] for k in range(4)).capitalize()


def _records(count: int) -> list[dict[str, Any]]:
    return [
        {
            "DOI": f"10.5555/par.{n}",
            "type": "journal-article",
            "title": [f"{_title(n)} case {n}"],
            "author": [{"given": "Ana", "family": ("Okafor", "Lindqvist", "Moreau")[n % 3]}],
            "container-title": ["Journal of Tests"],
            "volume": str(10 + n % 7),
            "page": f"{n + 1}-{n + 9}",
            "issued": {"date-parts": [[2010 + n % 9]]},
        }
        for n in range(count)
    ]


def _documents(root: Path, records: Sequence[dict[str, Any]], per_doc: int) -> list[Path]:
    """One reference a line; every other one without its DOI (resolved by search)."""
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for start in range(0, len(records), per_doc):
        lines = []
        for n, record in enumerate(records[start : start + per_doc], start):
            author = record["author"][0]
            line = (
                f"{author['family']}, A. ({record['issued']['date-parts'][0][0]}) "
                f"'{record['title'][0]}', Journal of Tests, {record['volume']}, "
                f"pp. {record['page']}."
            )
            lines.append(line + (f" doi:{record['DOI']}" if n % 2 else ""))
        path = root / f"doc{start:03d}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _settings(server: FakeCrossref) -> CrossrefSettings:
    return CrossrefSettings(base_url=server.url, rate_limit=False)


def _run(
    server: FakeCrossref,
    documents: Sequence[Path],
    cache_path: Path,
    *,
    jobs: int = 1,
    state: StateFile | None = None,
    rules: Sequence[Any] = DEFAULT_RULES,
) -> BatchOutcome:
    """A batch run; with ``jobs`` > 1, with a WorkerPool of ``jobs`` processes."""
    cache = SQLiteCache(cache_path)
    recipe = SourceRecipe.for_cache(_settings(server), cache)
    assert recipe is not None
    workers = WorkerPool(jobs, recipe, rules) if jobs > 1 else None

    async def run() -> BatchOutcome:
        async with AsyncCrossrefClient(_settings(server), cache=cache) as client:
            return await arun_batch(documents, client, lines=True, state=state, pool=workers)

    try:
        return asyncio.run(run())
    finally:
        if workers is not None:
            workers.close()
        cache.close()


def _dumps(outcome: BatchOutcome) -> list[str]:
    return [
        result.model_dump_json()
        for document in outcome.documents
        for result in document.report.results
    ]


def test_a_cached_rerun_in_workers_gives_the_same_results(tmp_path: Path) -> None:
    records = _records(60)
    documents = _documents(tmp_path / "docs", records, per_doc=12)
    cache = tmp_path / "cache.sqlite3"
    with FakeCrossref(records) as server:
        first = _run(server, documents, cache)
        primed = server.stats.requests
        alone = _run(server, documents, cache)
        in_workers = _run(server, documents, cache, jobs=2)
        assert server.stats.requests == primed  # neither re-run asked anything
    assert len(_dumps(first)) == 60
    assert _dumps(in_workers) == _dumps(alone) == _dumps(first)
    assert in_workers.first_pass == in_workers.checked == 60
    assert in_workers.processes == 2
    assert in_workers.first_pass_cache_hits == 60  # one look-up or one search each
    assert alone.first_pass == 0


def test_what_the_cache_cannot_answer_goes_through_the_parent(tmp_path: Path) -> None:
    records = _records(48)
    documents = _documents(tmp_path / "docs", records, per_doc=12)
    cache = tmp_path / "cache.sqlite3"
    with FakeCrossref(records) as server:
        _run(server, documents[:2], cache)  # the first 24 references are cached
        primed = server.stats.requests
        shutil.copy(cache, tmp_path / "copy.sqlite3")
        in_workers = _run(server, documents, cache, jobs=2)
        asked_by_workers_run = server.stats.requests - primed
        alone = _run(server, documents, tmp_path / "copy.sqlite3")
        asked_alone = server.stats.requests - primed - asked_by_workers_run
    assert _dumps(in_workers) == _dumps(alone)
    assert len(_dumps(in_workers)) == 48
    assert in_workers.first_pass == 24
    assert in_workers.checked == 48
    assert asked_by_workers_run == asked_alone > 0


def test_workers_write_the_state_and_a_resume_checks_nothing_again(tmp_path: Path) -> None:
    records = _records(30)
    documents = _documents(tmp_path / "docs", records, per_doc=10)
    cache = tmp_path / "cache.sqlite3"
    state_path = tmp_path / "state.jsonl"
    with FakeCrossref(records) as server:
        _run(server, documents, cache)
        state = StateFile(state_path)
        try:
            first = _run(server, documents, cache, jobs=2, state=state)
        finally:
            state.close()
        state = StateFile(state_path)
        try:
            again = _run(server, documents, cache, jobs=2, state=state)
        finally:
            state.close()
    assert first.checked == 30
    assert again.checked == 0
    assert again.resumed == 30
    assert _dumps(again) == _dumps(first)


def _dies_in_a_worker(reference: Reference, work: Work) -> list[Any]:
    if os.getpid() != _PARENT:
        os._exit(3)
    return []


_PARENT = os.getpid()


def test_a_worker_that_dies_loses_no_reference(tmp_path: Path) -> None:
    records = _records(24)
    documents = _documents(tmp_path / "docs", records, per_doc=6)
    cache = tmp_path / "cache.sqlite3"
    with FakeCrossref(records) as server:
        expected = _dumps(_run(server, documents, cache))
        # The workers' rules kill them at the first comparison; the parent's are the usual.
        outcome = _run(server, documents, cache, jobs=2, rules=[_dies_in_a_worker])
    assert outcome.first_pass == 0
    assert _dumps(outcome) == expected


def test_spawned_workers_give_the_same_results(tmp_path: Path) -> None:
    # How workers start where fork is not used (macOS, Windows): everything they need
    # must cross to a fresh interpreter.
    records = _records(12)
    documents = _documents(tmp_path / "docs", records, per_doc=6)
    cache_path = tmp_path / "cache.sqlite3"
    with FakeCrossref(records) as server:
        expected = _dumps(_run(server, documents, cache_path))
        cache = SQLiteCache(cache_path)
        recipe = SourceRecipe.for_cache(_settings(server), cache)
        assert recipe is not None
        with WorkerPool(2, recipe, start_method="spawn") as pool:

            async def run() -> BatchOutcome:
                async with AsyncCrossrefClient(_settings(server), cache=cache) as client:
                    return await arun_batch(documents, client, lines=True, pool=pool)

            outcome = asyncio.run(run())
        cache.close()
    assert _dumps(outcome) == expected
    assert outcome.first_pass == 12


def test_a_pool_that_cannot_start_says_so(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        WorkerPool(2, SourceRecipe(index_path=tmp_path / "missing.jsonl"))
    with pytest.raises(ValueError, match="two or more"):
        WorkerPool(1, SourceRecipe(index_path=EXAMPLE_INDEX))


def test_a_cache_only_client_sends_nothing(tmp_path: Path) -> None:
    with FakeCrossref(_records(2)) as server:
        with CrossrefClient(
            _settings(server), cache=SQLiteCache(tmp_path / "c.sqlite3"), cache_only=True
        ) as client:
            with pytest.raises(NotCachedError):
                client.get_work("10.5555/par.1")
            assert client.get_works(["10.5555/par.0", "10.5555/par.1"]) == {}
            assert client.cache_misses == 2
        assert server.stats.requests == 0


def test_refreshing_cache_has_no_worker_view(tmp_path: Path) -> None:
    cache = SQLiteCache(tmp_path / "c.sqlite3", refresh=True)
    try:
        assert SourceRecipe.for_cache(CrossrefSettings(), cache) is None
    finally:
        cache.close()


@pytest.mark.skipif(not EXAMPLE.exists(), reason="../shared/examples is not beside the repo")
def test_cli_batch_against_an_index_is_the_same_with_workers(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for number in range(3):
        shutil.copy(EXAMPLE, docs / f"case{number}.txt")
    sqlite_index = tmp_path / "index.sqlite3"
    build_index([EXAMPLE_INDEX], sqlite_index)
    outputs = []
    for index, jobs in ((EXAMPLE_INDEX, "1"), (EXAMPLE_INDEX, "2"), (sqlite_index, "2")):
        out, err = io.StringIO(), io.StringIO()
        code = main(
            ["check", str(docs), "--index", str(index), "--offline", "--jobs", jobs],
            environ={},
            stdout=out,
            stderr=err,
        )
        assert code in (0, 1), err.getvalue()
        outputs.append(out.getvalue())
        if jobs == "2":
            assert "(15 from the cache in 2 worker processes)" in err.getvalue()
    assert outputs[0] == outputs[1] == outputs[2]  # an SQLite index too (refenrich index build)
    assert outputs[0].count("== ") == 3


def test_cli_rerun_is_answered_by_the_workers_and_says_so(tmp_path: Path) -> None:
    records = _records(20)
    documents = _documents(tmp_path / "docs", records, per_doc=5)
    with FakeCrossref(records) as server:
        environ = {"REFENRICH_CROSSREF_URL": server.url, "REFENRICH_CACHE_DIR": str(tmp_path)}
        outputs, errors = [], []
        for _ in range(2):
            out, err = io.StringIO(), io.StringIO()
            command = ["check", str(documents[0].parent), "--lines", "--jobs", "2"]
            code = main([*command, "--format", "jsonl"], environ=environ, stdout=out, stderr=err)
            assert code in (0, 1), err.getvalue()
            outputs.append(out.getvalue())
            errors.append(err.getvalue())
            if len(outputs) == 1:
                asked = server.stats.requests
        assert server.stats.requests == asked > 0
    assert outputs[0] == outputs[1]
    assert outputs[1].count('"index"') == 20
    assert "(20 from the cache in 2 worker processes)" in errors[1]
    assert "worker processes: 20 from cache" in errors[1]
    assert "Crossref: 0 request(s)" in errors[1]


def test_cli_batch_asks_the_index_first_then_crossref(tmp_path: Path) -> None:
    records = _records(20)
    documents = _documents(tmp_path / "docs", records, per_doc=5)
    index = tmp_path / "index.jsonl"
    index.write_text("\n".join(json.dumps(record) for record in records[:10]) + "\n")
    with FakeCrossref(records[10:]) as server:
        environ = {"REFENRICH_CROSSREF_URL": server.url, "REFENRICH_CACHE_DIR": str(tmp_path)}
        rows = []
        for jobs in ("1", "2", "2"):  # the last run answered by the cache and the index
            out, err = io.StringIO(), io.StringIO()
            command = ["check", str(documents[0].parent), "--lines", "--index", str(index)]
            code = main(
                [*command, "--jobs", jobs, "--format", "jsonl"],
                environ=environ,
                stdout=out,
                stderr=err,
            )
            assert code in (0, 1), err.getvalue()
            rows.append([json.loads(line) for line in out.getvalue().splitlines()])
            if len(rows) == 1:
                asked = server.stats.requests
        assert server.stats.requests == asked > 0  # only the first run asked Crossref
    assert rows[0] == rows[1] == rows[2]
    assert len(rows[0]) == 20
    assert {row["status"] for row in rows[0]} == {"verified"}
    via = {row["work"]["doi"]: row["resolution"]["via"] for row in rows[0]}
    searched = [record["DOI"] for n, record in enumerate(records) if n % 2 == 0]
    # searched references found in the index are labelled so; the rest came from Crossref
    assert {via[doi] for doi in searched[:5]} == {"index"}
    assert {via[doi] for doi in searched[5:]} == {"search"}
    assert "(20 from the cache in 2 worker processes)" in err.getvalue()


@pytest.mark.parametrize(("cpus", "jobs"), [(1, 1), (2, 1), (3, 2), (4, 3), (8, 4), (64, 4)])
def test_default_jobs_leave_a_cpu_to_the_parent(cpus: int, jobs: int) -> None:
    assert auto_jobs(cpus) == jobs


def test_results_cross_processes_whole() -> None:
    # What a worker sends back is pickled: a result must come back equal.
    import pickle

    result = CheckResult.model_validate(
        {
            "index": 1,
            "raw": "Okafor, A. (2019) 'Title', Journal of Tests, 3, pp. 1-9.",
            "status": "verified",
            "reference": {"raw": "Okafor, A. (2019) 'Title', Journal of Tests, 3, pp. 1-9."},
            "resolution": {"work": {"doi": "10.5555/par.1", "title": "Title"}},
        }
    )
    assert pickle.loads(pickle.dumps(result)) == result
