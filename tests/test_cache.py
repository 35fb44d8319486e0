"""The SQLite cache: hits, misses, TTL, refresh, no secrets, two processes, and the CLI flags."""

from __future__ import annotations

import io
import multiprocessing
from pathlib import Path
from typing import Any

import httpx
import pytest

import refenrich
from refenrich.cli import main
from refenrich.crossref.cache import SQLiteCache
from refenrich.crossref.protocol import build_work_request, cache_key
from refenrich.testing import FakeCrossref

MAILTO = "secret.person@example.org"
TOKEN = "s3cr3t-plus-token"


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_hit_miss_ttl_and_refresh(tmp_path: Path) -> None:
    clock = Clock()
    cache = SQLiteCache(tmp_path / "c.db", ttl=100, not_found_ttl=10, clock=clock)
    assert cache.get("k") is None
    cache.put("k", 200, "application/json", b"{}")
    cache.put("gone", 404, "text/plain", b"Resource not found.")
    for status in (429, 500, 503, 400):
        cache.put(f"bad{status}", status, "text/html", b"x")
    hit = cache.get("k")
    assert hit is not None
    assert (hit.status, hit.body) == (200, b"{}")
    assert cache.get("gone") is not None
    assert all(cache.get(f"bad{s}") is None for s in (429, 500, 503, 400))
    clock.now += 11
    assert cache.get("gone") is None  # 404s live shorter
    assert cache.get("k") is not None
    clock.now += 100
    assert cache.get("k") is None
    refreshing = SQLiteCache(tmp_path / "c.db", refresh=True, clock=clock)
    refreshing.put("k2", 200, "application/json", b"[]")
    assert refreshing.get("k2") is None
    assert cache.get("k2") is not None


def test_keys_hold_no_secrets() -> None:
    settings = refenrich.CrossrefSettings(mailto=MAILTO, plus_token=TOKEN)
    key = cache_key(build_work_request(settings, "10.5555/x"))
    assert key == "GET https://api.crossref.org/works/10.5555/x"


def _write_many(path: str, prefix: str) -> None:
    cache = SQLiteCache(path)
    for n in range(200):
        cache.put(f"{prefix}{n}", 200, "application/json", b"{}")
    cache.close()


def test_two_processes_write_at_once(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.db")
    SQLiteCache(path).close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_many, args=(path, p)) for p in ("a", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert [worker.exitcode for worker in workers] == [0, 0]
    assert len(SQLiteCache(path)) == 400


@pytest.fixture
def fake_crossref_records(example_records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return example_records


def test_client_second_run_makes_no_request_and_db_has_no_secret(
    fake_crossref: FakeCrossref, example_records: list[dict[str, Any]], tmp_path: Path
) -> None:
    settings = refenrich.CrossrefSettings(
        base_url=fake_crossref.url, mailto=MAILTO, plus_token=TOKEN
    )
    dois = [record["DOI"] for record in example_records] + ["10.5555/not-there"]
    for _ in range(2):
        cache = SQLiteCache(tmp_path / "c.db")
        with refenrich.CrossrefClient(settings, cache=cache) as client:
            works = [client.get_work(doi) for doi in dois]
            client.search_works("co-production policy", rows=2)
        cache.close()
    assert works[-1] is None
    assert fake_crossref.stats.requests == len(dois) + 1  # the second run asked nothing
    assert client.traffic.cache_hits == len(dois) + 1
    for file in tmp_path.iterdir():
        data = file.read_bytes()
        assert MAILTO.encode() not in data
        assert TOKEN.encode() not in data
        assert b"secret.person" not in data


def test_errors_are_not_cached(fake_crossref: FakeCrossref, tmp_path: Path) -> None:
    from refenrich.testing import Fault

    fake_crossref.inject(Fault.INVALID_JSON)
    cache = SQLiteCache(tmp_path / "c.db")
    settings = refenrich.CrossrefSettings(base_url=fake_crossref.url)
    with refenrich.CrossrefClient(settings, cache=cache) as client:
        with pytest.raises(refenrich.ResponseValidationError):
            client.get_work("10.1111/gove.12365")
        assert client.get_work("10.1111/gove.12365") is not None
    assert fake_crossref.stats.requests == 2


def run_cli(args: list[str], environ: dict[str, str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(args, environ=environ, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_cache_flags(fake_crossref: FakeCrossref, tmp_path: Path) -> None:
    text = tmp_path / "refs.txt"
    text.write_text(
        "Richardson, L. (2018) Why. Governance. https://doi.org/10.1111/gove.12365\n",
        encoding="utf-8",
    )
    environ = {"REFENRICH_CROSSREF_URL": fake_crossref.url, "REFENRICH_MAILTO": MAILTO}
    base = ["check", str(text), "--lines", "--cache-dir", str(tmp_path / "cache")]
    run_cli(base, environ)
    assert fake_crossref.stats.requests == 1
    _, _, err = run_cli(base, environ)
    assert fake_crossref.stats.requests == 1  # from the cache
    assert "1 from cache" in err
    run_cli([*base, "--refresh"], environ)
    assert fake_crossref.stats.requests == 2
    run_cli([*base, "--no-cache"], environ)
    assert fake_crossref.stats.requests == 3
    assert MAILTO not in err
    assert httpx.URL(fake_crossref.url).host == "127.0.0.1"
