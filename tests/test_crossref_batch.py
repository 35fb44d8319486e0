"""Batched DOI look-ups (issue 4): ``/works?filter=doi:A,doi:B,...`` instead of one
``/works/{doi}`` each.

Pure request building and reading, the clients against mocked transports (sync and
async), the resolution pipeline and sources around them, and the fake Crossref serving
the filter. Records are synthetic (DOIs under Crossref's test prefix 10.5555).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import httpx
import pytest

import refenrich
from refenrich.check import check_references, extract_references
from refenrich.crossref import AsyncCrossrefClient, CrossrefClient, CrossrefSettings, RetryPolicy
from refenrich.crossref.cache import SQLiteCache
from refenrich.crossref.protocol import (
    DOI_BATCH_SIZE,
    batchable_doi,
    build_works_by_doi_request,
    doi_batches,
    interpret_work,
    interpret_works_by_doi,
    request_kind,
)
from refenrich.crossref.schema import WORK_FIELDS
from refenrich.errors import ResponseValidationError, SourceStatusError
from refenrich.models import Status, Work
from refenrich.resolve import DoiPrefetch, batch_steps, prefetch_works, resolve_all
from refenrich.sources import RecordsSource
from refenrich.sources.chain import ChainSource
from refenrich.sources.doiorg import AgencyFallbackSource
from refenrich.testing import FakeCrossref, FakeCrossrefConfig, Fault

BASE = "https://api.crossref.org"
MAILTO = "batch.person@example.org"
TOKEN = "batch-plus-token"


def record(doi: str, title: str | None = None) -> dict[str, Any]:
    """A synthetic Crossref work message."""
    return {
        "DOI": doi,
        "type": "journal-article",
        "title": [title or f"Sediment budgets of river {doi.rsplit('.', 1)[-1]}"],
        "author": [{"given": "Maria", "family": "Okafor", "sequence": "first"}],
        "container-title": ["Journal of Synthetic Geomorphology"],
        "volume": "44",
        "page": "211-229",
        "issued": {"date-parts": [[2019, 1, 15]]},
        "reference": [{"key": "r1", "unstructured": "not selected, not needed"}],
    }


def work_list(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "status": "ok",
        "message-type": "work-list",
        "message-version": "1.0.0",
        "message": {"items": items, "total-results": len(items)},
    }


class FakeApi:
    """An httpx handler: ``/works/{doi}`` and ``/works?filter=doi:...`` over ``records``.

    Records every request; ``fail_batches`` makes batched requests answer that status.
    """

    def __init__(self, records: Iterable[dict[str, Any]], fail_batches: int | None = None):
        self.records = {item["DOI"].lower(): item for item in records}
        self.requests: list[httpx.Request] = []
        self.fail_batches = fail_batches

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path = request.url.path
        if path.startswith("/works/"):
            item = self.records.get(path.removeprefix("/works/").lower())
            if item is None:
                return httpx.Response(404, text="Resource not found.")
            return httpx.Response(200, json={"message-type": "work", "message": item})
        if self.fail_batches is not None:
            return httpx.Response(self.fail_batches, text="down")
        wanted = [v.removeprefix("doi:").lower() for v in request.url.params["filter"].split(",")]
        return httpx.Response(
            200, json=work_list([self.records[d] for d in wanted if d in self.records])
        )

    @property
    def batches(self) -> list[httpx.Request]:
        return [request for request in self.requests if "filter" in request.url.params]

    @property
    def singles(self) -> list[httpx.Request]:
        return [request for request in self.requests if request.url.path.startswith("/works/")]


def dois(count: int, prefix: str = "10.5555/batch") -> list[str]:
    return [f"{prefix}.{number}" for number in range(count)]


# -- which DOIs go in a batch -----------------------------------------------------------


@pytest.mark.parametrize(
    ("doi", "batchable"),
    [
        ("10.1111/gove.12365", True),
        ("10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0", True),
        ("10.5555/abc?rows=1000&mailto=attacker@example.org", True),  # encoded
        ("10.5555/abc#fragment", True),
        ("10.5555/../../members", True),
        ("10.5555/a&b=c", True),
        ("10.5555/ünïcødé–doi", True),
        ("10.5555/a,doi:10.5555/b", False),  # the filter separator
        ("10.5555/with space", False),
        ("10.5555/tab\there", False),
        ("10.5555/line\nbreak", False),
        ('10.5555/quote"d', False),
        ("10.5555/back\\slash", False),
        ("10.5555/" + "x" * 193, False),  # over 200 characters
        ("not-a-doi", False),
    ],
)
def test_batchable_doi(doi: str, batchable: bool) -> None:
    assert batchable_doi(doi) is batchable


def test_batches_are_even_and_at_most_twenty() -> None:
    batches, singles = doi_batches(dois(45))
    assert [len(batch) for batch in batches] == [15, 15, 15]
    assert singles == []
    batches, _ = doi_batches(dois(21))
    assert [len(batch) for batch in batches] == [11, 10]
    batches, _ = doi_batches(dois(20))
    assert [len(batch) for batch in batches] == [DOI_BATCH_SIZE]


def test_batches_dedupe_case_insensitively_and_leave_odd_ones_single() -> None:
    batches, singles = doi_batches(
        ["10.5555/A.1", "10.5555/a.1", "10.5555/b.2", "10.5555/x,y", "10.5555/c 3"]
    )
    assert batches == [("10.5555/a.1", "10.5555/b.2")]
    assert singles == ["10.5555/x,y", "10.5555/c 3"]
    # one DOI saves no request: it is looked up on its own
    assert doi_batches(["10.5555/only"]) == ([], ["10.5555/only"])


def test_long_dois_keep_urls_short() -> None:
    long_dois = [f"10.5555/{number:03d}" + "x" * 180 for number in range(40)]
    batches, singles = doi_batches(long_dois)
    assert singles == []
    assert sorted(doi for batch in batches for doi in batch) == sorted(long_dois)
    for batch in batches:
        url = str(build_works_by_doi_request(CrossrefSettings(mailto=MAILTO), batch).url)
        assert len(url) < 2000


# -- the request and its answer ---------------------------------------------------------


def test_batch_request_shape() -> None:
    settings = CrossrefSettings(mailto=MAILTO, plus_token=TOKEN)
    request = build_works_by_doi_request(settings, ["10.5555/a.1", "10.5555/b.2"])
    assert request.method == "GET"
    assert request.url.path == "/works"
    assert request_kind(request) == "list"  # the search/list budget, not the look-up one
    params = request.url.params
    assert [name for name, _ in params.multi_items()] == ["filter", "rows", "select"]
    assert params["filter"] == "doi:10.5555/a.1,doi:10.5555/b.2"
    assert int(params["rows"]) >= DOI_BATCH_SIZE
    assert params["select"].split(",") == list(WORK_FIELDS)
    # the contact travels in the User-Agent, never in the URL (issue 6)
    assert "mailto" not in params
    assert MAILTO not in str(request.url)
    assert f"(mailto:{MAILTO})" in request.headers["user-agent"]
    assert request.headers["crossref-plus-api-token"] == f"Bearer {TOKEN}"


HOSTILE = [
    "10.5555/abc?rows=1000&mailto=attacker@example.org",
    "10.5555/abc#fragment",
    "10.5555/../../members?query=x",
    "10.5555/a&filter=doi:10.5555/other",
    "10.5555/100%",
    "10.5555/x:y@evil.example:8080/",
    "10.5555/ünïcødé–doi",
]


def test_hostile_dois_are_encoded_in_the_filter() -> None:
    request = build_works_by_doi_request(CrossrefSettings(), HOSTILE)
    url = request.url
    assert (url.scheme, url.host, url.path, url.fragment) == (
        "https",
        "api.crossref.org",
        "/works",
        "",
    )
    assert [name for name, _ in url.params.multi_items()] == ["filter", "rows", "select"]
    # nothing lost or added: the server reads back exactly the DOIs sent
    assert url.params["filter"] == ",".join(f"doi:{doi}" for doi in HOSTILE)
    raw_query = url.query.decode("ascii")
    for character in "#? &":
        assert character not in raw_query.split("&", 1)[0].removeprefix("filter=")


def test_unsafe_dois_never_enter_a_filter() -> None:
    batches, singles = doi_batches(["10.5555/a b", "10.5555/c,d", "10.5555/e.1", "10.5555/f.2"])
    assert batches == [("10.5555/e.1", "10.5555/f.2")]
    assert singles == ["10.5555/a b", "10.5555/c,d"]


def test_answer_read_by_lower_case_doi_as_single_look_ups_would_be() -> None:
    originals = {
        "10.5555/mixed.case": record("10.5555/Mixed.Case"),
        "10.5555/b.2": record("10.5555/b.2"),
    }
    items = [originals["10.5555/mixed.case"], {"no": "DOI"}, originals["10.5555/b.2"]]
    headers = {"content-type": "application/json"}
    found = interpret_works_by_doi(200, headers, json.dumps(work_list(items)).encode())
    assert set(found) == set(originals)  # by lower-case DOI; the malformed item left out
    for doi, batched in found.items():
        single = json.dumps({"message-type": "work", "message": originals[doi]}).encode()
        # the record a single look-up gives, and a stored body that reads back to it
        assert interpret_work(200, headers, single) == batched.work
        assert interpret_work(200, headers, batched.body) == batched.work
        assert json.loads(batched.body)["message-type"] == "work"


@pytest.mark.parametrize(
    ("status", "content", "error"),
    [
        (200, b'{"message-type": "work", "message": {}}', ResponseValidationError),
        (200, b'{"message-type": "work-list", "message": {}}', ResponseValidationError),
        (200, b"[1, 2]", ResponseValidationError),
        (200, b"not json", ResponseValidationError),
        (500, b"down", SourceStatusError),
        (400, b"bad filter", SourceStatusError),
    ],
)
def test_bad_answers_are_errors(status: int, content: bytes, error: type[Exception]) -> None:
    with pytest.raises(error):
        interpret_works_by_doi(status, {"content-type": "application/json"}, content)


# -- the clients ------------------------------------------------------------------------


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


GetWorks = Callable[[Iterable[str]], dict[str, Work | None]]
GetWork = Callable[[str], Work | None]


def clients(
    mode: str, api: FakeApi, settings: CrossrefSettings | None = None, cache: Any = None
) -> tuple[GetWorks, GetWork, Any]:
    """``get_works`` and ``get_work`` of a sync or async client, both callable synchronously."""
    settings = settings or CrossrefSettings(
        mailto=MAILTO, retry=RetryPolicy(max_attempts=2, initial_wait=0.0, max_wait=0.0)
    )
    transport = httpx.MockTransport(api)
    if mode == "sync":
        client = CrossrefClient(settings, transport=transport, cache=cache, sleep=lambda _: None)
        return client.get_works, client.get_work, client

    async def no_sleep(_: float) -> None:
        return None

    aclient = AsyncCrossrefClient(settings, transport=transport, cache=cache, sleep=no_sleep)
    return (
        lambda wanted: asyncio.run(aclient.get_works(list(wanted))),
        lambda doi: asyncio.run(aclient.get_work(doi)),
        aclient,
    )


def test_one_request_for_many_dois(mode: str) -> None:
    api = FakeApi([record(doi) for doi in dois(30)])
    get_works, _, _ = clients(mode, api)
    wanted = [*dois(30), "10.5555/BATCH.1", "10.5555/absent.1"]
    found = get_works(wanted)
    assert len(api.batches) == 2  # 31 distinct DOIs: 16 + 15
    assert api.singles == []
    # answered by DOI as given (any case); an absent DOI is left out, not None
    assert set(found) == {*dois(30), "10.5555/BATCH.1"}
    assert found["10.5555/BATCH.1"] == found["10.5555/batch.1"]
    assert all(work is not None and work.doi == doi.lower() for doi, work in found.items())
    assert "10.5555/absent.1" not in found


def test_batched_records_are_cached_as_single_look_ups(mode: str, tmp_path: Path) -> None:
    api = FakeApi([record(doi) for doi in dois(5)])
    cache = SQLiteCache(tmp_path / "cache.sqlite3")
    get_works, get_work, client = clients(mode, api, cache=cache)
    first = get_works([*dois(5), "10.5555/absent.1"])
    assert len(api.requests) == 1
    # a later single look-up is a cache hit, with the same record
    assert get_work("10.5555/batch.3") == first["10.5555/batch.3"]
    assert len(api.requests) == 1
    # the absent DOI goes singly: 404, cached as such
    assert get_work("10.5555/absent.1") is None
    assert [r.url.path for r in api.requests[1:]] == ["/works/10.5555/absent.1"]
    # a re-run asks nothing: records and the "not found" come from the cache
    again = get_works([*dois(5), "10.5555/absent.1"])
    assert len(api.requests) == 2
    assert again == {**first, "10.5555/absent.1": None}
    assert client.traffic.cache_hits >= 7
    # and a fresh client on the same cache file too
    fresh_works, _, _ = clients(mode, api, cache=SQLiteCache(tmp_path / "cache.sqlite3"))
    assert fresh_works(dois(5)) == {doi: first[doi] for doi in dois(5)}
    assert len(api.requests) == 2
    cache.close()


def test_no_batch_for_a_single_missing_doi(mode: str, tmp_path: Path) -> None:
    api = FakeApi([record(doi) for doi in dois(3)])
    cache = SQLiteCache(tmp_path / "cache.sqlite3")
    get_works, get_work, _ = clients(mode, api, cache=cache)
    get_work("10.5555/batch.0")
    get_work("10.5555/batch.1")
    found = get_works(dois(3))
    assert set(found) == {"10.5555/batch.0", "10.5555/batch.1"}  # from the cache
    assert api.batches == []  # one DOI to fetch saves nothing: left to get_work
    cache.close()


def test_failed_batch_answers_nothing_and_singles_still_work(mode: str) -> None:
    api = FakeApi([record(doi) for doi in dois(3)], fail_batches=503)
    get_works, get_work, client = clients(mode, api)
    assert get_works(dois(3)) == {}
    assert len(api.batches) == 2  # retried once (max_attempts=2), then given up
    assert client.traffic.retries == 1
    api.fail_batches = None
    work = get_work("10.5555/batch.2")
    assert work is not None
    assert work.doi == "10.5555/batch.2"


def test_unbatchable_dois_are_not_sent_in_a_filter(mode: str) -> None:
    odd = ["10.5555/with,comma", "10.5555/with space"]
    api = FakeApi([record(doi) for doi in [*dois(2), *odd]])
    get_works, _, _ = clients(mode, api)
    found = get_works([*dois(2), *odd])
    assert set(found) == set(dois(2))
    [batch] = api.batches
    assert batch.url.params["filter"] == "doi:10.5555/batch.0,doi:10.5555/batch.1"


# -- the pipeline -----------------------------------------------------------------------


def references_text(wanted: Iterable[str]) -> str:
    return "\n".join(
        f"Okafor, M. (2019) 'Sediment budgets of river {doi.rsplit('.', 1)[-1]}', Journal of "
        f"Synthetic Geomorphology, 44, pp. 211-229. doi:{doi}"
        for doi in wanted
    )


def test_check_batches_then_falls_back_for_absent_dois() -> None:
    api = FakeApi([record(doi) for doi in dois(4)])

    class Agency:
        name = "doi.org"

        def __init__(self) -> None:
            self.asked: list[str] = []

        def get_work(self, doi: str) -> Work | None:
            self.asked.append(doi)
            return None

    agency = Agency()
    text = references_text([*dois(4), "10.5555/batch.1", "10.5555/absent.9"])
    with CrossrefClient(CrossrefSettings(), transport=httpx.MockTransport(api)) as client:
        report = refenrich.check(text, source=client, lines=True, search=False, agency=agency)
    statuses = [result.status for result in report.results]
    assert statuses == [Status.VERIFIED] * 5 + [Status.NOT_FOUND]
    # five distinct DOIs in one request; the absent one looked up on its own (404)
    # and then asked of the registration agencies, as before batching
    assert len(api.batches) == 1
    assert [r.url.path for r in api.singles] == ["/works/10.5555/absent.9"]
    assert agency.asked == ["10.5555/absent.9"]


def test_async_check_batches_too() -> None:
    api = FakeApi([record(doi) for doi in dois(6)])

    async def run() -> refenrich.Report:
        transport = httpx.MockTransport(api)
        async with AsyncCrossrefClient(CrossrefSettings(), transport=transport) as client:
            return await refenrich.acheck(references_text(dois(6)), source=client, lines=True)

    report = asyncio.run(run())
    assert [r.status for r in report.results] == [Status.VERIFIED] * 6
    assert len(api.requests) == 1


def test_without_batching_each_doi_is_one_look_up() -> None:
    api = FakeApi([record(doi) for doi in dois(3)])
    references = extract_references(references_text(dois(3)), lines=True).references
    items = [(reference, reference.doi) for reference in references]
    with CrossrefClient(CrossrefSettings(), transport=httpx.MockTransport(api)) as client:
        resolved = resolve_all(items, client, [], batch=False)
    assert all(outcome.resolution.work is not None for outcome in resolved)
    assert len(api.singles) == 3
    assert api.batches == []


def test_batch_steps_need_a_batching_source_and_two_dois() -> None:
    assert batch_steps(["10.5555/a", None, "10.5555/a"], CrossrefClient()) == []
    assert batch_steps(["10.5555/a", "10.5555/b"], RecordsSource([])) == []
    steps = batch_steps([f"10.5555/{n}" for n in range(5)], CrossrefClient(), window=2)
    assert [len(step.dois) for step in steps] == [2, 2, 1]


def test_chain_batches_only_what_the_local_source_lacks() -> None:
    local = RecordsSource([record("10.5555/batch.0")])
    api = FakeApi([record(doi) for doi in dois(4)])
    with CrossrefClient(CrossrefSettings(), transport=httpx.MockTransport(api)) as client:
        chain = ChainSource([local, client])
        found = prefetch_works(dois(4), chain)
        assert set(found) == set(dois(4))
        # the local record, not Crossref's
        assert found["10.5555/batch.0"] is local.get_work("10.5555/batch.0")
    [batch] = api.batches
    assert "10.5555/batch.0" not in batch.url.params["filter"]


def test_chain_of_sources_that_cannot_batch_answers_nothing() -> None:
    chain = ChainSource([RecordsSource([record("10.5555/batch.0")])])
    assert chain.get_works(["10.5555/batch.0"]) == {}


def test_agency_fallback_passes_batches_through_but_not_absence() -> None:
    api = FakeApi([record(doi) for doi in dois(2)])

    class Agency:
        name = "doi.org"

        def get_work(self, doi: str) -> Work | None:
            return None

    with CrossrefClient(CrossrefSettings(), transport=httpx.MockTransport(api)) as client:
        source = AgencyFallbackSource(client, Agency())
        found = source.get_works([*dois(2), "10.5555/absent.1"])
    assert set(found) == set(dois(2))
    assert len(api.requests) == 1


def test_prefetch_waits_only_for_its_window() -> None:
    calls: list[tuple[str, ...]] = []

    class Slow:
        name = "slow"

        async def get_work(self, doi: str) -> Work | None:
            return None

        async def get_works(self, wanted: Iterable[str]) -> dict[str, Work | None]:
            batch = tuple(wanted)
            calls.append(batch)
            if "10.5555/2" in batch:
                await asyncio.sleep(30)  # the second window never finishes in time
            return dict.fromkeys(batch)

    async def run() -> Any:
        prefetch = DoiPrefetch([f"10.5555/{n}" for n in range(4)], Slow(), window=2)
        try:
            return await asyncio.wait_for(prefetch.answers("10.5555/1"), 5)
        finally:
            await prefetch.aclose()

    assert asyncio.run(run()) == {"10.5555/1": None}
    assert calls == [("10.5555/0", "10.5555/1"), ("10.5555/2", "10.5555/3")]


# -- against the fake Crossref ----------------------------------------------------------


def served(count: int) -> list[dict[str, Any]]:
    return [record(doi) for doi in dois(count)]


def get(server: FakeCrossref, **params: str) -> dict[str, Any]:
    response = httpx.get(f"{server.url}/works", params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_fake_serves_the_doi_filter_ored_and_case_insensitive() -> None:
    with FakeCrossref(served(5)) as server:
        body = get(server, filter="doi:10.5555/BATCH.1,doi:10.5555/batch.3,doi:10.5555/nope")
        assert [item["DOI"] for item in body["message"]["items"]] == [
            "10.5555/batch.1",
            "10.5555/batch.3",
        ]
        assert body["message"]["total-results"] == 2
        # rows and select as for any list; other filters are ignored
        body = get(
            server,
            filter="type:journal-article,doi:10.5555/batch.0,doi:10.5555/batch.4",
            rows="1",
            select="DOI,title",
        )
        [item] = body["message"]["items"]
        assert set(item) == {"DOI", "title"}
        assert body["message"]["total-results"] == 2
        assert server.stats.by_kind["list"] == 2


def test_fake_reads_commas_inside_a_filter_value_as_crossref_does() -> None:
    with FakeCrossref([*served(1), record("10.5555/a,b")]) as server:
        body = get(server, filter="doi:10.5555/a,b,doi:10.5555/batch.0")
        assert {item["DOI"] for item in body["message"]["items"]} == {
            "10.5555/a,b",
            "10.5555/batch.0",
        }


def test_fake_faults_and_limits_apply_to_batches() -> None:
    with FakeCrossref(served(2), FakeCrossrefConfig(list_limit=1)) as server:
        server.inject(Fault.HTTP_503)
        query = {"filter": "doi:10.5555/batch.0,doi:10.5555/batch.1"}
        assert httpx.get(f"{server.url}/works", params=query).status_code == 503
        assert httpx.get(f"{server.url}/works", params=query).status_code == 429


def test_hostile_dois_round_trip_through_the_fake(mode: str) -> None:
    with FakeCrossref([record(doi) for doi in HOSTILE]) as server:
        settings = CrossrefSettings(base_url=server.url, rate_limit=False)
        if mode == "sync":
            with CrossrefClient(settings) as client:
                found = client.get_works(HOSTILE)
        else:

            async def run() -> dict[str, Work | None]:
                async with AsyncCrossrefClient(settings) as client:
                    return await client.get_works(HOSTILE)

            found = asyncio.run(run())
        assert server.stats.requests == 1
        assert server.stats.by_kind["list"] == 1
    assert {doi: work.doi if work else None for doi, work in found.items()} == {
        doi: doi.lower() for doi in HOSTILE
    }


def test_rerun_with_the_cache_makes_no_request(tmp_path: Path) -> None:
    text = references_text(dois(25))
    with FakeCrossref(served(25)) as server:
        settings = CrossrefSettings(base_url=server.url, mailto=MAILTO)
        for run in range(2):
            cache = SQLiteCache(tmp_path / "cache.sqlite3")
            with CrossrefClient(settings, cache=cache) as client:
                report = refenrich.check(text, source=client, lines=True)
                if run == 1:
                    # and a single look-up of a batched DOI is a cache hit too
                    assert client.get_work("10.5555/batch.7") is not None
            cache.close()
            assert [r.status for r in report.results] == [Status.VERIFIED] * 25
            if run == 0:
                assert server.stats.requests == 2  # 25 DOIs: 13 + 12
                assert {request.pool for request in server.requests} == {"polite"}
        assert server.stats.requests == 2  # the second run asked nothing


def test_batch_runner_looks_dois_up_together(tmp_path: Path) -> None:
    from refenrich.batch import arun_batch

    paths = []
    for number in range(3):
        path = tmp_path / f"doc{number}.txt"
        path.write_text(references_text(dois(30)[number * 10 : number * 10 + 10]) + "\n")
        paths.append(path)
    with FakeCrossref(served(30)) as server:

        async def run() -> Any:
            settings = CrossrefSettings(base_url=server.url)
            async with AsyncCrossrefClient(settings) as client:
                return await arun_batch(paths, client, lines=True)

        outcome = asyncio.run(run())
        assert server.stats.requests == 2  # 30 DOIs from three documents: 15 + 15
        assert server.stats.by_kind.get("single", 0) == 0
    assert [r.status for r in outcome.report.results] == [Status.VERIFIED] * 30


def test_check_references_public_path_batches() -> None:
    api = FakeApi([record(doi) for doi in dois(3)])
    references = extract_references(references_text(dois(3)), lines=True).references
    with CrossrefClient(CrossrefSettings(), transport=httpx.MockTransport(api)) as client:
        report = check_references(references, client)
    assert report.summary.verified == 3
    assert len(api.requests) == 1


def test_batches_draw_on_the_list_budget_and_keep_within_it() -> None:
    # Six batches against a server allowing 3 list requests/s and 100 look-ups/s: sent
    # on the look-up budget they would go at once and earn 429s.
    config = FakeCrossrefConfig(single_limit=100, list_limit=3, concurrency_limit=3)
    with FakeCrossref(served(120), config) as server:
        settings = CrossrefSettings(
            base_url=server.url,
            mailto=MAILTO,
            polite_limits=refenrich.PoolLimits(single=100, list=3, concurrency=3),
        )

        async def run() -> dict[str, Work | None]:
            async with AsyncCrossrefClient(settings) as client:
                found = await client.get_works(dois(120))
                assert client.limits.limits.list == 3
                assert client.limits.limits.single == 100  # untouched by list answers
                return found

        found = asyncio.run(run())
        assert server.stats.by_kind == {"list": 6}
        assert server.stats.rate_limited == 0
        assert server.stats.max_concurrency <= 3
    assert len(found) == 120
