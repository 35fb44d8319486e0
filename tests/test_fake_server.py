"""Tests of refenrich.testing.FakeCrossref, driven by plain httpx clients."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from refenrich.testing import (
    FakeCrossref,
    FakeCrossrefConfig,
    Fault,
    sample_works,
)

pytestmark = pytest.mark.integration
pytest_plugins = ["pytester"]

ARTICLE = "10.5555/jgs.2019.0142"
SECRET_EMAIL = "secret.person@example.org"
SECRET_TOKEN = "Bearer s3cr3t-plus-token"


@pytest.fixture
def server() -> Iterator[FakeCrossref]:
    with FakeCrossref(sample_works()) as fake:
        yield fake


@pytest.fixture
def client(server: FakeCrossref) -> Iterator[httpx.Client]:
    with connect(server.url) as http:
        yield http


def connect(url: str, timeout: float | httpx.Timeout = 5.0) -> httpx.Client:
    # Plain http to 127.0.0.1 only; verify=False just skips loading the CA bundle,
    # which costs ~0.1 s per client.
    return httpx.Client(base_url=url, timeout=timeout, verify=False)


def limited(**config: object) -> FakeCrossref:
    return FakeCrossref(sample_works(), FakeCrossrefConfig(**config))  # type: ignore[arg-type]


def raw_exchange(port: int, data: bytes) -> bytes:
    """Send raw bytes, return everything the server answers before closing."""
    with socket.create_connection(("127.0.0.1", port), timeout=5.0) as sock:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


# -- single look-ups ----------------------------------------------------------------


def test_lookup_returns_work_message(client: httpx.Client) -> None:
    response = client.get(f"/works/{ARTICLE}")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json;charset=utf-8"
    body = response.json()
    assert body["status"] == "ok"
    assert body["message-type"] == "work"
    assert body["message-version"] == "1.0.0"
    assert body["message"]["DOI"] == ARTICLE
    assert body["message"]["author"][1]["ORCID"].startswith("https://orcid.org/")


@pytest.mark.parametrize(
    "path",
    [
        "/works/10.5555/JGS.2019.0142",
        "/works/10.5555%2Fjgs.2019.0142",
        "/works/10.5555%2FJGS.2019.0142",
        "/v1/works/10.5555/jgs.2019.0142",
    ],
)
def test_lookup_ignores_case_and_percent_encoding(client: httpx.Client, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 200
    assert response.json()["message"]["DOI"] == ARTICLE


def test_unknown_doi_is_404_resource_not_found(client: httpx.Client) -> None:
    response = client.get("/works/10.5555/does-not-exist")

    assert response.status_code == 404
    assert response.text == "Resource not found."
    assert "x-rate-limit-limit" in response.headers


def test_head_sends_headers_only(client: httpx.Client) -> None:
    response = client.head(f"/works/{ARTICLE}")

    assert response.status_code == 200
    assert int(response.headers["content-length"]) > 0
    assert response.content == b""


# -- searches ---------------------------------------------------------------------


def test_search_ranks_best_match_first(client: httpx.Client) -> None:
    response = client.get(
        "/works",
        params={"query.bibliographic": "Okafor, M. (2019) Sediment transport in braided rivers"},
    )

    message = response.json()["message"]
    assert response.json()["message-type"] == "work-list"
    dois = [item["DOI"] for item in message["items"]]
    assert dois[0] == ARTICLE
    assert "10.5555/preprint.8841" in dois
    scores = [item["score"] for item in message["items"]]
    assert all(isinstance(score, float) for score in scores)
    assert scores == sorted(scores, reverse=True)
    assert message["total-results"] == len(dois)
    assert message["items-per-page"] == 20
    assert message["query"]["search-terms"].startswith("Okafor")


def test_search_field_queries(client: httpx.Client) -> None:
    by_author = client.get("/works", params={"query.author": "Tavares"}).json()["message"]
    by_container = client.get("/works", params={"query.container-title": "geomorphic"}).json()[
        "message"
    ]

    assert [item["DOI"] for item in by_author["items"]] == ["10.5555/book.river-systems.ch4"]
    assert by_container["total-results"] == 3


def test_search_without_query_lists_everything(client: httpx.Client) -> None:
    message = client.get("/works").json()["message"]

    assert message["total-results"] == len(sample_works())
    assert message["query"]["search-terms"] is None


def test_search_honours_rows_and_offset(client: httpx.Client) -> None:
    first = client.get("/works", params={"rows": 2}).json()["message"]
    second = client.get("/works", params={"rows": 2, "offset": 2}).json()["message"]
    none = client.get("/works", params={"rows": 0}).json()["message"]

    assert len(first["items"]) == 2
    assert first["items-per-page"] == 2
    assert {item["DOI"] for item in first["items"]}.isdisjoint(
        item["DOI"] for item in second["items"]
    )
    assert none["items"] == []
    assert none["total-results"] == len(sample_works())


@pytest.mark.parametrize("rows", ["1001", "-1", "many"])
def test_bad_rows_is_a_validation_failure(client: httpx.Client, rows: str) -> None:
    response = client.get("/works", params={"rows": rows})

    assert response.status_code == 400
    body = response.json()
    assert body["message-type"] == "validation-failure"
    assert body["message"][0]["value"] == rows


def test_select_keeps_doi_and_chosen_fields(client: httpx.Client) -> None:
    plain = client.get("/works", params={"query": "sediment", "select": "title,volume"})
    with_score = client.get("/works", params={"query": "sediment", "select": "DOI,score"})

    for item in plain.json()["message"]["items"]:
        assert set(item) <= {"DOI", "title", "volume"}
        assert {"DOI", "title"} <= set(item)
    for item in with_score.json()["message"]["items"]:
        assert set(item) == {"DOI", "score"}


# -- headers and pools ------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "headers", "pool"),
    [
        ({}, {}, "public"),
        ({"mailto": SECRET_EMAIL}, {}, "polite"),
        ({}, {"User-Agent": f"refenrich/0.1 (mailto:{SECRET_EMAIL})"}, "polite"),
        ({"mailto": SECRET_EMAIL}, {"Crossref-Plus-API-Token": SECRET_TOKEN}, "plus"),
    ],
)
def test_rate_limit_headers_and_pool(
    client: httpx.Client, params: dict[str, str], headers: dict[str, str], pool: str
) -> None:
    for path in (f"/works/{ARTICLE}", "/works", "/works/10.5555/missing", "/nowhere"):
        response = client.get(path, params=params, headers=headers)

        assert response.headers["x-api-pool"] == pool
        assert response.headers["x-rate-limit-limit"] == "1000"
        assert response.headers["x-rate-limit-interval"] == "1s"
        assert response.headers["x-concurrency-limit"] == "100"


# -- limits -----------------------------------------------------------------------


def test_single_rate_limit_gives_429_with_retry_after() -> None:
    with (
        limited(single_limit=2, list_limit=5, interval=60) as fake,
        connect(fake.url) as http,
    ):
        statuses = [http.get(f"/works/{ARTICLE}").status_code for _ in range(3)]
        refused = http.get(f"/works/{ARTICLE}")
        search = http.get("/works", params={"query": "river"})

        assert statuses == [200, 200, 429]
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["retry-after"]) <= 60
        assert refused.headers["x-rate-limit-limit"] == "2"
        assert refused.headers["x-rate-limit-interval"] == "60s"
        assert search.status_code == 200  # list queries have their own budget
        assert search.headers["x-rate-limit-limit"] == "5"
        assert fake.stats.rate_limited == 2


def test_list_rate_limit_is_separate() -> None:
    with limited(list_limit=1, interval=60) as fake, connect(fake.url) as http:
        assert http.get("/works").status_code == 200
        assert http.get("/works").status_code == 429
        assert http.get(f"/works/{ARTICLE}").status_code == 200


def test_rate_window_slides() -> None:
    with (
        limited(single_limit=1, interval=0.2) as fake,
        connect(fake.url) as http,
    ):
        assert http.get(f"/works/{ARTICLE}").status_code == 200
        assert http.get(f"/works/{ARTICLE}").status_code == 429
        time.sleep(0.3)
        assert http.get(f"/works/{ARTICLE}").status_code == 200
        assert http.get(f"/works/{ARTICLE}").headers["x-rate-limit-interval"] == "0.2s"


def test_concurrency_limit_gives_429_async() -> None:
    async def scenario(fake: FakeCrossref) -> tuple[httpx.Response, httpx.Response]:
        async with httpx.AsyncClient(base_url=fake.url, timeout=10.0, verify=False) as http:
            first = asyncio.create_task(http.get(f"/works/{ARTICLE}"))
            # Counting, not timing: wait until the first request is being held.
            deadline = time.monotonic() + 5.0
            while fake.stats.in_flight < 1 and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
            second = await http.get("/works")
            return await first, second

    with limited(concurrency_limit=1, latency=0.5) as fake:
        first, second = asyncio.run(scenario(fake))

        assert first.status_code == 200
        assert second.status_code == 429
        assert int(second.headers["retry-after"]) >= 1
        assert second.headers["x-concurrency-limit"] == "1"
        stats = fake.stats
        assert stats.max_concurrency == 2
        assert stats.rate_limited == 1
        assert stats.in_flight == 0


def test_limits_change_at_runtime(client: httpx.Client, server: FakeCrossref) -> None:
    assert client.get(f"/works/{ARTICLE}").headers["x-rate-limit-limit"] == "1000"

    server.set_limits(single_limit=1, list_limit=7, concurrency_limit=3, interval=30)
    single = client.get(f"/works/{ARTICLE}")
    search = client.get("/works")

    # The earlier request is still in the (now 30 s) window, so the budget of 1 is used.
    assert single.status_code == 429
    assert single.headers["x-rate-limit-limit"] == "1"
    assert single.headers["x-rate-limit-interval"] == "30s"
    assert single.headers["x-concurrency-limit"] == "3"
    assert search.headers["x-rate-limit-limit"] == "7"
    assert server.config.single_limit == 1


# -- faults -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "status"),
    [(Fault.HTTP_500, 500), (Fault.HTTP_502, 502), (Fault.HTTP_503, 503)],
)
def test_injected_status_faults(
    client: httpx.Client, server: FakeCrossref, fault: Fault, status: int
) -> None:
    server.inject(fault)

    assert client.get(f"/works/{ARTICLE}").status_code == status
    assert client.get(f"/works/{ARTICLE}").status_code == 200
    assert server.stats.faults == {fault: 1}


@pytest.mark.parametrize("fault", [Fault.CONNECTION_RESET, Fault.INCOMPLETE_BODY])
def test_injected_connection_faults(
    client: httpx.Client, server: FakeCrossref, fault: Fault
) -> None:
    server.inject(fault)

    with pytest.raises((httpx.ReadError, httpx.RemoteProtocolError)):
        client.get(f"/works/{ARTICLE}")
    assert client.get(f"/works/{ARTICLE}").status_code == 200
    assert server.requests[0].fault is fault


def test_connection_reset_is_a_reset(server: FakeCrossref) -> None:
    server.inject(Fault.CONNECTION_RESET)

    with socket.create_connection(("127.0.0.1", server.port), timeout=5.0) as sock:
        sock.sendall(b"GET /works/10.5555/jgs.2019.0142 HTTP/1.1\r\nHost: x\r\n\r\n")
        try:
            received = sock.recv(1024)
        except ConnectionResetError:
            received = b""
    assert received == b""
    assert server.requests[0].status is None


@pytest.mark.parametrize("fault", [Fault.TRUNCATED_JSON, Fault.INVALID_JSON])
def test_injected_body_faults(client: httpx.Client, server: FakeCrossref, fault: Fault) -> None:
    good = client.get(f"/works/{ARTICLE}").content
    server.inject(fault)

    bad = client.get(f"/works/{ARTICLE}")

    assert bad.status_code == 200
    assert bad.headers["content-type"] == "application/json;charset=utf-8"
    with pytest.raises(json.JSONDecodeError):
        json.loads(bad.content)
    if fault is Fault.TRUNCATED_JSON:
        assert good.startswith(bad.content)
        assert len(bad.content) < len(good)


def test_injected_wrong_content_type(client: httpx.Client, server: FakeCrossref) -> None:
    server.inject(Fault.WRONG_CONTENT_TYPE, times=2)

    responses = [client.get("/works") for _ in range(3)]

    assert [r.headers["content-type"].split(";")[0] for r in responses] == [
        "text/html",
        "text/html",
        "application/json",
    ]
    assert responses[0].status_code == 200
    assert responses[0].text.lstrip().startswith("<!DOCTYPE html>")


def test_slow_body_trips_read_timeout_then_arrives_whole() -> None:
    with limited(slow_body_chunks=4, slow_body_delay=0.1) as fake:
        fake.inject(Fault.SLOW_BODY, times=2)
        timeout = httpx.Timeout(5.0, read=0.03)
        with (
            connect(fake.url, timeout) as http,
            pytest.raises(httpx.ReadTimeout),
        ):
            http.get(f"/works/{ARTICLE}")
        with connect(fake.url) as http:
            started = time.monotonic()
            response = http.get(f"/works/{ARTICLE}")
            elapsed = time.monotonic() - started

        assert response.json()["message"]["DOI"] == ARTICLE
        assert elapsed >= 0.2  # three pauses of 0.1 s, with tolerance
        assert fake.stats.faults == {Fault.SLOW_BODY: 2}


def test_injections_queue_in_order(client: httpx.Client, server: FakeCrossref) -> None:
    server.inject(Fault.HTTP_503, times=2)
    server.inject(Fault.HTTP_500)

    statuses = [client.get(f"/works/{ARTICLE}").status_code for _ in range(4)]

    assert statuses == [503, 503, 500, 200]


def test_cleared_injections_are_not_used(client: httpx.Client, server: FakeCrossref) -> None:
    server.inject(Fault.HTTP_500, times=3)
    server.clear_injected()

    assert client.get(f"/works/{ARTICLE}").status_code == 200


def test_random_faults_are_seeded_and_deterministic() -> None:
    def run(seed: int) -> list[int]:
        rates = {Fault.HTTP_503: 0.3, Fault.HTTP_500: 0.2}
        with (
            limited(fault_rates=rates, seed=seed) as fake,
            connect(fake.url) as http,
        ):
            return [http.get(f"/works/{ARTICLE}").status_code for _ in range(40)]

    first, again, other = run(7), run(7), run(8)

    assert first == again
    assert first != other
    assert {200, 500, 503} == set(first)


def test_fault_rates_change_at_runtime(client: httpx.Client, server: FakeCrossref) -> None:
    server.set_fault_rates({Fault.HTTP_502: 1.0})
    assert client.get("/works").status_code == 502

    server.set_fault_rates({}, seed=3)
    assert client.get("/works").status_code == 200


def test_latency_is_added(client: httpx.Client, server: FakeCrossref) -> None:
    server.set_latency(0.2)
    started = time.monotonic()
    client.get(f"/works/{ARTICLE}")

    assert time.monotonic() - started >= 0.15


# -- counters, log and redaction --------------------------------------------------


def test_counters(client: httpx.Client, server: FakeCrossref) -> None:
    server.set_limits(list_limit=1, interval=60)
    server.inject(Fault.HTTP_500)
    client.get(f"/works/{ARTICLE}")
    client.get("/works/10.5555/missing")
    client.get("/works")
    client.get("/works")
    client.get("/elsewhere")

    stats = server.stats
    assert stats.requests == 5
    assert stats.by_kind == {"single": 2, "list": 2, "other": 1}
    assert stats.by_status == {500: 1, 404: 2, 200: 1, 429: 1}
    assert stats.rate_limited == 1
    assert stats.faults_injected == 1
    assert stats.max_concurrency == 1
    assert stats.internal_errors == 0
    assert [entry.kind for entry in server.requests] == [
        "single",
        "single",
        "list",
        "list",
        "other",
    ]

    server.reset_stats()
    assert server.stats.requests == 0
    assert server.requests == []
    assert client.get("/works").status_code == 200  # the rate window was reset too


def test_log_records_requests(client: httpx.Client, server: FakeCrossref) -> None:
    client.get("/works", params={"query.bibliographic": "braided rivers", "rows": "5"})

    (entry,) = server.requests
    assert entry.method == "GET"
    assert entry.path == "/works"
    assert entry.params == (("query.bibliographic", "braided rivers"), ("rows", "5"))
    assert entry.headers["user-agent"].startswith("python-httpx/")
    assert entry.status == 200
    assert entry.pool == "public"


def test_secrets_are_redacted(client: httpx.Client, server: FakeCrossref) -> None:
    client.get(
        f"/works/{ARTICLE}",
        params={"mailto": SECRET_EMAIL},
        headers={
            "User-Agent": f"refenrich/0.1 (https://example.invalid; mailto:{SECRET_EMAIL})",
            "Crossref-Plus-API-Token": SECRET_TOKEN,
            "Authorization": SECRET_TOKEN,
        },
    )

    (entry,) = server.requests
    assert entry.params == (("mailto", "<redacted>"),)
    assert entry.headers["crossref-plus-api-token"] == "<redacted>"
    assert entry.headers["authorization"] == "<redacted>"
    assert entry.headers["user-agent"] == (
        "refenrich/0.1 (https://example.invalid; mailto:<redacted>)"
    )
    everything = " ".join(
        [repr(server), repr(server.requests), repr(server.stats), repr(server.config)]
    )
    assert "secret" not in everything.lower()
    assert "s3cr3t" not in everything


# -- robustness and lifecycle -----------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/members", "/works/x/../../../etc/passwd", "/%00"])
def test_other_paths_get_json_404(client: httpx.Client, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 404
    assert response.json()["message-type"] == "route-not-found"


def test_dot_segments_are_just_an_unknown_doi(server: FakeCrossref) -> None:
    answer = raw_exchange(
        server.port,
        b"GET /works/../../../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )

    assert answer.startswith(b"HTTP/1.1 404")
    assert answer.endswith(b"\r\n\r\nResource not found.")


def test_other_methods_get_405(client: httpx.Client) -> None:
    response = client.post("/works", json={"a": 1})

    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    "data",
    [
        b"GARBAGE\r\n\r\n",
        b"GET /works?%zz=%ff&&&==&rows=%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET /works/\xff\xfe\x00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET /works?q=" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n",
        b"GET //works/10.5555/jgs.2019.0142 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"GET http://other.invalid/works HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(256)),
    ],
)
def test_malformed_requests_do_not_break_the_server(server: FakeCrossref, data: bytes) -> None:
    answer = raw_exchange(server.port, data)

    assert b"Traceback" not in answer
    with connect(server.url) as http:
        assert http.get(f"/works/{ARTICLE}").status_code == 200
    assert server.stats.internal_errors == 0


def test_serves_the_project_example_records(example_records: list[dict[str, Any]]) -> None:
    with FakeCrossref(example_records) as fake, connect(fake.url) as http:
        for record in example_records:
            response = http.get(f"/works/{record['DOI'].upper()}")
            assert response.json()["message"] == record
        title = example_records[0]["title"][0]
        found = http.get("/works", params={"query.bibliographic": title, "rows": 1})
        assert found.json()["message"]["items"][0]["DOI"] == example_records[0]["DOI"]


def test_from_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "works.jsonl"
    lines = [json.dumps(record) for record in sample_works()[:2]]
    lines.insert(1, "")
    lines.append(
        json.dumps({"status": "ok", "message-type": "work", "message": {"DOI": "10.5555/X"}})
    )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with FakeCrossref.from_jsonl(path) as fake, connect(fake.url) as http:
        assert http.get("/works").json()["message"]["total-results"] == 3
        assert http.get("/works/10.5555/x").status_code == 200


@pytest.mark.parametrize(
    "config",
    [
        {"single_limit": 0},
        {"interval": 0},
        {"latency": -1},
        {"fault_rates": {Fault.HTTP_500: 1.5}},
        {"fault_rates": {Fault.HTTP_500: 0.6, Fault.HTTP_503: 0.6}},
        {"fault_rates": {"no_such_fault": 0.1}},
    ],
)
def test_config_validation(config: dict[str, object]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        FakeCrossrefConfig(**config)  # type: ignore[arg-type]


def test_records_need_unique_dois() -> None:
    with pytest.raises(ValueError, match="no DOI"):
        FakeCrossref([{"title": ["x"]}])
    with pytest.raises(ValueError, match="duplicate"):
        FakeCrossref([{"DOI": "10.5555/A"}, {"DOI": "10.5555/a"}])


def test_close_frees_port_and_threads_even_when_busy() -> None:
    fake = limited(slow_body_chunks=50, slow_body_delay=1.0).start()
    port = fake.port
    idle = connect(fake.url)
    assert idle.get(f"/works/{ARTICLE}").status_code == 200  # leaves a keep-alive connection
    fake.inject(Fault.SLOW_BODY)
    errors: list[BaseException] = []

    def slow_request() -> None:
        try:
            with connect(fake.url, 30.0) as http:
                http.get(f"/works/{ARTICLE}")
        except httpx.HTTPError as error:
            errors.append(error)

    worker = threading.Thread(target=slow_request)
    worker.start()
    deadline = time.monotonic() + 5.0
    while fake.stats.in_flight < 1 and time.monotonic() < deadline:
        time.sleep(0.01)

    started = time.monotonic()
    fake.close()
    worker.join(5.0)
    idle.close()

    assert time.monotonic() - started < 3.0
    assert not worker.is_alive()
    assert errors  # the slow body was cut short
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2.0).close()
    assert not [t for t in threading.enumerate() if t.name.startswith(f"FakeCrossref:{port}")]
    fake.close()  # idempotent
    with pytest.raises(RuntimeError):
        fake.start()


def test_url_needs_a_started_server() -> None:
    fake = FakeCrossref()

    with pytest.raises(RuntimeError):
        _ = fake.url
    assert "not started" in repr(fake)


def test_async_client_lookups(server: FakeCrossref) -> None:
    async def scenario() -> list[int]:
        async with httpx.AsyncClient(base_url=server.url, verify=False) as http:
            responses = await asyncio.gather(
                *(http.get(f"/works/{work['DOI']}") for work in sample_works())
            )
        return [response.status_code for response in responses]

    assert asyncio.run(scenario()) == [200] * len(sample_works())
    assert server.stats.by_kind == {"single": len(sample_works())}


# -- the pytest plugin --------------------------------------------------------------


def test_pytest_plugin_fixture(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> None:
    # Entry-point plugins stay off so the -p below is the only registration.
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makepyfile(
        """
        import httpx
        import pytest
        from refenrich.testing import FakeCrossrefConfig

        @pytest.fixture
        def fake_crossref_config():
            return FakeCrossrefConfig(single_limit=1, interval=60)

        def test_served(fake_crossref):
            url = fake_crossref.url + "/works/10.5555/jgs.2019.0142"
            assert httpx.get(url).status_code == 200
            assert httpx.get(url).status_code == 429

        def test_records_override(fake_crossref_records, fake_crossref):
            assert len(fake_crossref_records) == 6
        """
    )

    result = pytester.runpytest_inprocess("-p", "refenrich.testing.pytest_plugin")

    result.assert_outcomes(passed=2)
