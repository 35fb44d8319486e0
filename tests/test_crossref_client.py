"""CrossrefClient and AsyncCrossrefClient against mocked transports (never the network).

Every test that concerns a client runs for both the sync and the async client (the
``mode`` fixture); async clients run under ``asyncio.run`` inside sync tests. Requests
are answered by ``httpx.MockTransport`` (passed via ``transport=`` or inside a
caller-supplied httpx client) or by a respx router used as such a transport; sleeps
are injected recorders, so retries cost no time.

Fixtures are synthetic (DOIs under Crossref's test prefix 10.5555) except where a
comment says they are public facts.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
import respx
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from refenrich._version import __version__
from refenrich.crossref import (
    AsyncCrossrefClient,
    CrossrefClient,
    CrossrefSettings,
    RetryPolicy,
)
from refenrich.crossref.protocol import build_work_request
from refenrich.errors import (
    CorruptResponseError,
    RateLimitedError,
    RefenrichError,
    ResponseValidationError,
    SourceConnectionError,
    SourceError,
    SourceStatusError,
    SourceTimeoutError,
)
from refenrich.models import PartialDate, Work, WorkUpdate
from refenrich.sources import RecordsSource
from refenrich.sources.chain import ChainSource

HOST = "api.crossref.org"
DOI = "10.5555/synthetic.2019.42"
MAILTO = "secret.person@example.org"
TOKEN = "s3cr3t-plus-token"

Answer = Callable[[httpx.Request], httpx.Response]


# -- helpers ----------------------------------------------------------------------------


def work_message(doi: str = DOI, **fields: Any) -> dict[str, Any]:
    """A synthetic ``GET /works/{doi}`` response body."""
    message: dict[str, Any] = {
        "DOI": doi,
        "type": "journal-article",
        "title": ["Retracted <jats:italic>sediment</jats:italic> budgets"],
        "author": [
            {"given": "Maria", "family": "Okafor", "sequence": "first"},
            {"name": "Example River Consortium", "sequence": "additional"},
        ],
        "container-title": ["Journal of Synthetic Geomorphology"],
        "volume": "44",
        "issue": "3",
        "page": "211–229",
        "issued": {"date-parts": [[2019, 1, 15]]},
        "published-print": {"date-parts": [[2019, 3]]},
        "published-online": {"date-parts": [[2019, 1, 15]]},
        "updated-by": [
            {
                "DOI": "10.5555/retraction.7",
                "type": "retraction",
                "label": "Retraction",
                "updated": {"date-parts": [[2021, 2, 3]]},
            }
        ],
        **fields,
    }
    return {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": message}


def respond(
    status: int = 200,
    body: Any = None,
    *,
    headers: dict[str, str] | None = None,
    content: bytes | None = None,
) -> Answer:
    """An answer making a fresh response each time (JSON body unless ``content``)."""

    def answer(request: httpx.Request) -> httpx.Response:
        if content is not None:
            return httpx.Response(status, headers=headers, content=content)
        return httpx.Response(status, headers=headers, json=body)

    return answer


def ok(doi: str = DOI) -> Answer:
    return respond(200, work_message(doi))


def fail(error: type[httpx.TransportError], message: str = "mocked failure") -> Answer:
    def answer(request: httpx.Request) -> httpx.Response:
        raise error(message, request=request)

    return answer


class Script:
    """An httpx handler giving scripted answers in turn (the last one repeats)."""

    def __init__(self, *answers: Answer) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        index = min(len(self.requests), len(self.answers)) - 1
        return self.answers[index](request)


class ClosingTransport(httpx.MockTransport):
    """A mock transport that notes whether its client closed it."""

    closed = False

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


class Harness:
    """One sync or async client with a recorded sleep; ``get_work`` is always sync."""

    def __init__(
        self,
        mode: str,
        script: Script,
        settings: CrossrefSettings | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.mode = mode
        self.script = script
        self.sleeps: list[float] = []
        transport = httpx.MockTransport(script)
        self.client: CrossrefClient | AsyncCrossrefClient
        if mode == "sync":
            self.client = CrossrefClient(
                settings, transport=transport, sleep=self.sleeps.append, rng=rng
            )
        else:

            async def sleep(seconds: float) -> None:
                self.sleeps.append(seconds)

            self.client = AsyncCrossrefClient(settings, transport=transport, sleep=sleep, rng=rng)

    @property
    def requests(self) -> list[httpx.Request]:
        return self.script.requests

    def get_work(self, doi: str = DOI) -> Work | None:
        if isinstance(self.client, CrossrefClient):
            return self.client.get_work(doi)
        return asyncio.run(self.client.get_work(doi))

    def close(self) -> None:
        if isinstance(self.client, CrossrefClient):
            self.client.close()
        else:
            asyncio.run(self.client.aclose())


MakeHarness = Callable[..., Harness]


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def make(mode: str) -> Iterator[MakeHarness]:
    """Build harnesses for the current mode; they are closed after the test."""
    made: list[Harness] = []

    def build(
        *answers: Answer,
        settings: CrossrefSettings | None = None,
        rng: random.Random | None = None,
    ) -> Harness:
        harness = Harness(mode, Script(*answers), settings, rng)
        made.append(harness)
        return harness

    yield build
    for harness in made:
        harness.close()


def fast_policy(max_attempts: int = 4, max_wait: float = 60.0) -> CrossrefSettings:
    return CrossrefSettings(retry=RetryPolicy(max_attempts=max_attempts, max_wait=max_wait))


def assert_no_httpx_leak(error: BaseException) -> None:
    """The error is refenrich's and its printed chain holds no httpx exception."""
    assert isinstance(error, RefenrichError)
    current: BaseException | None = error
    while current is not None:
        assert not isinstance(current, httpx.HTTPError | httpx.InvalidURL), repr(current)
        if current.__cause__ is not None:
            current = current.__cause__
        elif current.__suppress_context__:
            current = None
        else:
            current = current.__context__


# -- success and not found ------------------------------------------------------------


def test_work_message_is_converted(make: MakeHarness) -> None:
    harness = make(ok())
    work = harness.get_work()
    assert work is not None
    assert work.doi == DOI
    assert work.title == "Retracted sediment budgets"  # JATS markup stripped
    assert [author.family for author in work.authors] == ["Okafor", None]
    assert work.authors[1].literal == "Example River Consortium"
    assert work.container_title == "Journal of Synthetic Geomorphology"
    assert work.pages == "211-229"  # en dash normalised
    assert work.issued == PartialDate(year=2019, month=1, day=15)
    assert work.published_print == PartialDate(year=2019, month=3)
    assert work.published_online == PartialDate(year=2019, month=1, day=15)
    assert work.updated_by == [
        WorkUpdate(
            type="retraction",
            doi="10.5555/retraction.7",
            label="Retraction",
            date=PartialDate(year=2021, month=2, day=3),
        )
    ]
    assert len(harness.requests) == 1
    request = harness.requests[0]
    assert request.method == "GET"
    assert request.url.host == HOST
    assert request.url.path == f"/works/{DOI}"
    assert request.headers["accept"] == "application/json"
    assert harness.sleeps == []


def test_not_found_is_none(make: MakeHarness) -> None:
    harness = make(
        respond(404, content=b"Resource not found.", headers={"content-type": "text/plain"})
    )
    assert harness.get_work() is None
    assert len(harness.requests) == 1
    assert harness.sleeps == []


# -- retries ----------------------------------------------------------------------------


def test_429_with_retry_after_seconds_is_retried(make: MakeHarness) -> None:
    harness = make(respond(429, {}, headers={"Retry-After": "2"}), ok())
    work = harness.get_work()
    assert work is not None
    assert work.doi == DOI
    assert len(harness.requests) == 2
    assert harness.sleeps == [2.0]
    assert all(isinstance(seconds, float) for seconds in harness.sleeps)
    assert harness.client.retries == 1


def test_429_with_retry_after_http_date(make: MakeHarness) -> None:
    moment = datetime.now(UTC) + timedelta(seconds=30)
    harness = make(
        respond(429, {}, headers={"Retry-After": format_datetime(moment, usegmt=True)}), ok()
    )
    assert harness.get_work() is not None
    [wait] = harness.sleeps
    assert 27.0 <= wait <= 30.0  # HTTP dates have whole seconds


@pytest.mark.parametrize(
    "value",
    [
        "Wed, 21 Oct 2015 07:28:00 GMT",  # RFC 9110 example, long past
        "Wed, 21 Oct 2015 07:28:00 -0000",  # obsolete zone: parsed as a naive datetime
        "Wed, 21 Oct 2015 07:28:00",  # no zone at all
    ],
)
def test_retry_after_date_in_the_past_means_no_wait(make: MakeHarness, value: str) -> None:
    harness = make(respond(429, {}, headers={"Retry-After": value}), ok())
    assert harness.get_work() is not None
    assert harness.sleeps == [0.0]


def test_retry_after_above_the_cap_is_capped(make: MakeHarness) -> None:
    harness = make(
        respond(429, {}, headers={"Retry-After": "3600"}), ok(), settings=fast_policy(max_wait=7.5)
    )
    assert harness.get_work() is not None
    assert harness.sleeps == [7.5]


@pytest.mark.parametrize("value", ["soon", "nan", ""])
def test_unusable_retry_after_falls_back_to_backoff(make: MakeHarness, value: str) -> None:
    policy = RetryPolicy()
    harness = make(respond(429, {}, headers={"Retry-After": value}), ok(), rng=random.Random(3))
    assert harness.get_work() is not None
    [wait] = harness.sleeps
    assert policy.initial_wait / 2 <= wait <= policy.initial_wait


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_back_off_exponentially_then_raise(make: MakeHarness, status: int) -> None:
    policy = RetryPolicy(max_attempts=5, initial_wait=0.5, max_wait=3.0)
    harness = make(
        respond(status, {"status": "error"}),
        settings=CrossrefSettings(retry=policy),
        rng=random.Random(1234),
    )
    with pytest.raises(SourceStatusError) as caught:
        harness.get_work()
    assert type(caught.value) is SourceStatusError
    assert caught.value.status_code == status
    assert len(harness.requests) == policy.max_attempts
    assert len(harness.sleeps) == policy.max_attempts - 1
    for attempt, wait in enumerate(harness.sleeps, start=1):
        ceiling = min(policy.max_wait, policy.initial_wait * 2 ** (attempt - 1))
        assert ceiling / 2 <= wait <= ceiling, (attempt, wait)
    # Seeded jitter makes the waits reproducible.
    replay = random.Random(1234)
    expected = [policy.wait_before(n, None, replay) for n in range(1, policy.max_attempts)]
    assert harness.sleeps == pytest.approx(expected)
    assert harness.client.retries == policy.max_attempts - 1


def test_server_error_then_success(make: MakeHarness) -> None:
    harness = make(respond(503, {}), respond(502, {}), ok(), rng=random.Random(0))
    assert harness.get_work() is not None
    assert len(harness.requests) == 3
    assert len(harness.sleeps) == 2


def test_rate_limit_exhausted_raises_rate_limited(make: MakeHarness) -> None:
    harness = make(respond(429, {}, headers={"Retry-After": "2"}), settings=fast_policy(3))
    with pytest.raises(RateLimitedError) as caught:
        harness.get_work()
    assert caught.value.status_code == 429
    assert caught.value.retry_after == 2.0
    assert len(harness.requests) == 3
    assert harness.sleeps == [2.0, 2.0]


@pytest.mark.parametrize("status", [400, 401, 403, 410, 422])
def test_client_errors_are_not_retried(make: MakeHarness, status: int) -> None:
    harness = make(respond(status, {"status": "failed"}))
    with pytest.raises(SourceStatusError) as caught:
        harness.get_work()
    assert caught.value.status_code == status
    assert len(harness.requests) == 1
    assert harness.sleeps == []


# -- transport failures -----------------------------------------------------------------


@pytest.mark.parametrize(
    "error", [httpx.ReadTimeout, httpx.ConnectTimeout, httpx.WriteTimeout, httpx.PoolTimeout]
)
def test_timeouts_become_source_timeout_error(
    make: MakeHarness, error: type[httpx.TimeoutException]
) -> None:
    harness = make(fail(error, "timed out"), settings=fast_policy(2))
    with pytest.raises(SourceTimeoutError) as caught:
        harness.get_work()
    assert_no_httpx_leak(caught.value)
    assert HOST in str(caught.value)
    assert len(harness.requests) == 2


def test_timeout_then_success(make: MakeHarness) -> None:
    harness = make(fail(httpx.ReadTimeout), ok())
    assert harness.get_work() is not None
    assert len(harness.requests) == 2


@pytest.mark.parametrize(
    "error",
    [httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError, httpx.UnsupportedProtocol],
)
def test_connection_errors_become_source_connection_error(
    make: MakeHarness, error: type[httpx.TransportError]
) -> None:
    harness = make(fail(error, "[Errno 111] Connection refused"), settings=fast_policy(3))
    with pytest.raises(SourceConnectionError) as caught:
        harness.get_work()
    assert type(caught.value) is SourceConnectionError
    assert "Connection refused" in str(caught.value)
    assert_no_httpx_leak(caught.value)
    assert len(harness.requests) == 3


def test_after_exhausted_connection_failure_the_client_fails_fast(make: MakeHarness) -> None:
    harness = make(fail(httpx.ConnectError, "no route to host"), settings=fast_policy(3))
    with pytest.raises(SourceConnectionError):
        harness.get_work(DOI)
    assert len(harness.requests) == 3
    with pytest.raises(SourceConnectionError, match="failed earlier") as caught:
        harness.get_work("10.5555/another.doi")
    assert_no_httpx_leak(caught.value)
    assert len(harness.requests) == 3  # nothing more was sent
    assert harness.client.requests_sent == 3


def test_status_errors_do_not_make_the_client_fail_fast(make: MakeHarness) -> None:
    harness = make(respond(400, {}), ok())
    with pytest.raises(SourceStatusError):
        harness.get_work()
    assert harness.get_work() is not None
    assert len(harness.requests) == 2


# -- malformed responses ----------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        respond(
            200, content=b'{"message-type": "work", ', headers={"content-type": "application/json"}
        ),
        respond(200, content=b"\xff\xfe{}", headers={"content-type": "application/json"}),
        respond(
            200,
            content=b"<html><body>Maintenance</body></html>",
            headers={"content-type": "text/html; charset=utf-8"},
        ),
        respond(200, content=b'{"message-type": "work"}', headers={}),
    ],
    ids=["invalid-json", "invalid-utf8", "text-html", "no-content-type"],
)
def test_bodies_that_are_not_json_are_retried_then_fail(make: MakeHarness, answer: Answer) -> None:
    # Cut short in transit, or an intermediary's page: asking again may well succeed.
    harness = make(answer, settings=fast_policy(3))
    with pytest.raises(CorruptResponseError) as caught:
        harness.get_work()
    assert_no_httpx_leak(caught.value)
    assert len(harness.requests) == 3
    assert harness.client.retries == 2


def test_a_body_cut_short_once_is_read_on_the_retry(make: MakeHarness) -> None:
    harness = make(respond(200, content=b'{"status": "ok", "message-type": "wo'), ok())
    work = harness.get_work()
    assert work is not None
    assert work.doi == DOI
    assert len(harness.requests) == 2
    assert harness.client.retries == 1


@pytest.mark.parametrize(
    "answer",
    [
        respond(200, {"status": "ok", "message-type": "work-list", "message": {"items": []}}),
        respond(200, {"status": "ok", "message": work_message()["message"]}),
        respond(200, [work_message()]),
        respond(200, "work"),
        respond(200, {"status": "ok", "message-type": "work", "message": None}),
        respond(200, {"status": "ok", "message-type": "work", "message": {"title": ["No DOI"]}}),
    ],
    ids=["work-list", "no-message-type", "json-list", "json-string", "null-message", "missing-doi"],
)
def test_json_of_the_wrong_shape_is_a_validation_error_not_retried(
    make: MakeHarness, answer: Answer
) -> None:
    # Well-formed JSON that is no work message would say the same thing every time.
    harness = make(answer)
    with pytest.raises(ResponseValidationError) as caught:
        harness.get_work()
    assert not isinstance(caught.value, CorruptResponseError)
    assert_no_httpx_leak(caught.value)
    assert len(harness.requests) == 1
    assert harness.sleeps == []


# -- etiquette --------------------------------------------------------------------------


def test_anonymous_requests_carry_no_mailto_or_token(make: MakeHarness) -> None:
    harness = make(ok())
    harness.get_work()
    [request] = harness.requests
    assert request.url.query == b""
    assert "mailto" not in request.url.params
    assert f"refenrich/{__version__}" in request.headers["user-agent"]
    assert "mailto:" not in request.headers["user-agent"]
    assert "crossref-plus-api-token" not in request.headers
    assert "authorization" not in request.headers


def test_polite_and_plus_requests(make: MakeHarness) -> None:
    harness = make(ok(), settings=CrossrefSettings(mailto=MAILTO, plus_token=TOKEN))
    harness.get_work()
    [request] = harness.requests
    # The address goes in the User-Agent only: URLs end up in logs (issue 6).
    assert request.url.query == b""
    assert MAILTO not in str(request.url)
    user_agent = request.headers["user-agent"]
    assert user_agent.startswith(f"refenrich/{__version__} ")
    assert f"mailto:{MAILTO}" in user_agent
    assert request.headers["crossref-plus-api-token"] == f"Bearer {TOKEN}"


def test_mailto_only_and_token_only() -> None:
    polite = build_work_request(CrossrefSettings(mailto=MAILTO), DOI)
    assert "mailto" not in polite.url.params
    assert f"(mailto:{MAILTO})" in polite.headers["user-agent"]
    assert "crossref-plus-api-token" not in polite.headers
    plus = build_work_request(CrossrefSettings(plus_token=TOKEN), DOI)
    assert "mailto" not in plus.url.params
    assert plus.headers["crossref-plus-api-token"] == f"Bearer {TOKEN}"


def test_settings_repr_hides_secrets() -> None:
    text = repr(CrossrefSettings(mailto=MAILTO, plus_token=TOKEN))
    assert MAILTO not in text
    assert "secret.person" not in text
    assert TOKEN not in text
    assert "CrossrefSettings(" in text


@pytest.mark.parametrize("supplied", [False, True], ids=["own-client", "supplied-client"])
def test_redirects_are_not_followed(mode: str, supplied: bool) -> None:
    """A 301 elsewhere is an error; the other host never sees a request (or the token)."""
    router = respx.MockRouter(assert_all_called=False)
    crossref = router.get(host=HOST).respond(
        301, headers={"Location": f"https://evil.example/works/{DOI}"}
    )
    elsewhere = router.route(host="evil.example").respond(200, json=work_message())
    settings = CrossrefSettings(plus_token=TOKEN)

    def run() -> Work | None:
        if mode == "sync":
            transport = httpx.MockTransport(router.handler)
            # A supplied client that would follow redirects by itself must not here.
            http = httpx.Client(transport=transport, follow_redirects=True) if supplied else None
            with CrossrefClient(settings, http_client=http, transport=transport) as client:
                try:
                    return client.get_work(DOI)
                finally:
                    if http is not None:
                        http.close()

        async def main() -> Work | None:
            transport = httpx.MockTransport(router.async_handler)
            http = (
                httpx.AsyncClient(transport=transport, follow_redirects=True) if supplied else None
            )
            async with AsyncCrossrefClient(
                settings, http_client=http, transport=transport
            ) as client:
                try:
                    return await client.get_work(DOI)
                finally:
                    if http is not None:
                        await http.aclose()

        return asyncio.run(main())

    with pytest.raises(SourceStatusError) as caught:
        run()
    assert caught.value.status_code == 301
    assert crossref.call_count == 1
    assert elsewhere.call_count == 0


# -- DOI encoding -----------------------------------------------------------------------

HOSTILE_DOIS = [
    "10.5555/abc?rows=1000&mailto=attacker@example.org",
    "10.5555/abc#fragment",
    "10.5555/with space and\ttab",
    "10.5555/100%",
    "10.5555/%2E%2E/%2e%2e/members",
    "10.5555/../../members?query=x",
    "10.5555/./.",
    "10.5555/<script>alert(1)</script>",
    "10.5555/@evil.example",
    "10.5555/x:y@evil.example:8080/",
    "10.5555/back\\..\\slash",
    "10.5555//evil.example",
    "10.5555/\r\nHost: evil.example",
    "10.5555/ünïcødé–doi",
]


@pytest.mark.parametrize("doi", HOSTILE_DOIS)
def test_hostile_dois_stay_inside_works(make: MakeHarness, doi: str) -> None:
    harness = make(respond(404, {}), settings=CrossrefSettings(mailto=MAILTO))
    assert harness.get_work(doi) is None
    [request] = harness.requests
    assert_url_confined(request.url, doi)


def test_normal_doi_keeps_its_slash(make: MakeHarness) -> None:
    # A public DOI (an article in the journal Governance), used only for its shape.
    harness = make(ok("10.1111/gove.12365"))
    harness.get_work("10.1111/gove.12365")
    [request] = harness.requests
    assert request.url.raw_path == b"/works/10.1111/gove.12365"
    assert str(request.url) == "https://api.crossref.org/works/10.1111/gove.12365"


def assert_url_confined(url: httpx.URL, doi: str) -> None:
    assert url.scheme == "https"
    assert url.host == HOST
    assert url.port is None
    assert url.userinfo == b""
    assert url.fragment == ""
    assert url.query == b""
    raw_path = url.raw_path.split(b"?", 1)[0].decode("ascii")
    assert raw_path.startswith("/works/10.")
    segments = raw_path.split("/")
    assert "." not in segments
    assert ".." not in segments
    assert url.path == "/works/" + doi  # encoded faithfully, nothing lost or added


@hypothesis_settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(suffix=st.text(min_size=1, max_size=40))
def test_any_doi_stays_inside_works(suffix: str) -> None:
    doi = "10.5555/" + suffix
    request = build_work_request(CrossrefSettings(mailto=MAILTO), doi)
    assert_url_confined(request.url, doi)


# -- httpx client ownership -------------------------------------------------------------


def test_supplied_client_is_used_and_not_closed(mode: str) -> None:
    script = Script(ok())
    transport = ClosingTransport(script)
    if mode == "sync":
        http = httpx.Client(transport=transport)
        client = CrossrefClient(http_client=http)
        assert client.get_work(DOI) is not None
        client.close()
        with CrossrefClient(http_client=http) as again:
            assert again.get_work(DOI) is not None
        assert not http.is_closed
        assert not transport.closed
        http.close()
    else:

        async def main() -> None:
            http = httpx.AsyncClient(transport=transport)
            client = AsyncCrossrefClient(http_client=http)
            assert await client.get_work(DOI) is not None
            await client.aclose()
            async with AsyncCrossrefClient(http_client=http) as again:
                assert await again.get_work(DOI) is not None
            assert not http.is_closed
            assert not transport.closed
            await http.aclose()

        asyncio.run(main())
    assert len(script.requests) == 2
    assert transport.closed  # by the caller's own close, above


def test_own_client_is_closed(mode: str) -> None:
    closed_by_close = ClosingTransport(Script(ok()))
    closed_by_exit = ClosingTransport(Script(ok()))
    if mode == "sync":
        client = CrossrefClient(transport=closed_by_close)
        assert client.get_work(DOI) is not None
        client.close()
        with CrossrefClient(transport=closed_by_exit) as managed:
            assert managed.get_work(DOI) is not None
    else:

        async def main() -> None:
            client = AsyncCrossrefClient(transport=closed_by_close)
            assert await client.get_work(DOI) is not None
            await client.aclose()
            async with AsyncCrossrefClient(transport=closed_by_exit) as managed:
                assert await managed.get_work(DOI) is not None

        asyncio.run(main())
    assert closed_by_close.closed
    assert closed_by_exit.closed


# -- ChainSource ------------------------------------------------------------------------


class Failing:
    """A source that cannot answer."""

    def __init__(self, name: str = "broken") -> None:
        self.name = name
        self.calls = 0

    def get_work(self, doi: str) -> Work | None:
        self.calls += 1
        raise SourceConnectionError(f"{self.name} is down")


class Counting:
    """A source holding fixed works, counting the questions it is asked."""

    def __init__(self, name: str, works: dict[str, Work]) -> None:
        self.name = name
        self.works = works
        self.calls = 0

    def get_work(self, doi: str) -> Work | None:
        self.calls += 1
        return self.works.get(doi)


def test_chain_asks_in_order_and_stops_at_the_first_hit() -> None:
    first = Counting("first", {DOI: Work(doi=DOI, title="First", source="first")})
    second = Counting("second", {DOI: Work(doi=DOI, title="Second", source="second")})
    chain = ChainSource([first, second])
    assert chain.name == "first+second"
    work = chain.get_work(DOI)
    assert work is not None
    assert work.title == "First"
    assert (first.calls, second.calls) == (1, 0)
    assert chain.get_work("10.5555/absent") is None
    assert (first.calls, second.calls) == (2, 1)


def test_chain_falls_back_when_a_source_fails() -> None:
    broken = Failing()
    records = RecordsSource([work_message()["message"]])
    work = ChainSource([broken, records]).get_work(DOI)
    assert work is not None
    assert work.doi == DOI
    assert broken.calls == 1


def test_chain_raises_the_failure_when_no_source_holds_the_doi() -> None:
    broken, later = Failing("first-broken"), Failing("second-broken")
    chain = ChainSource([broken, Counting("empty", {}), later])
    with pytest.raises(SourceError, match="first-broken is down"):
        chain.get_work(DOI)
    assert (broken.calls, later.calls) == (1, 1)


def test_chain_with_an_unreachable_crossref_client() -> None:
    # ChainSource is synchronous, so only the sync client takes part.
    script = Script(fail(httpx.ConnectError, "offline"))
    sleeps: list[float] = []
    with CrossrefClient(
        fast_policy(2), transport=httpx.MockTransport(script), sleep=sleeps.append
    ) as client:
        records = RecordsSource([work_message()["message"]], name="local")
        chain = ChainSource([client, records])
        assert chain.name == "crossref+local"
        assert chain.get_work(DOI) is not None
        with pytest.raises(SourceConnectionError):
            chain.get_work("10.5555/only.at.crossref")
    assert len(script.requests) == 2  # the second lookup failed fast


@pytest.mark.parametrize("url", ["http://[::1", "not a url", "ftp://example.org", "https://"])
def test_a_crossref_url_that_is_not_http_with_a_host_is_refused_up_front(url: str) -> None:
    from refenrich.errors import InputError

    with pytest.raises(InputError, match="Crossref URL"):
        CrossrefSettings(base_url=url)


def test_a_404_for_the_address_is_a_failure_not_an_unknown_doi() -> None:
    """Behind a mistyped URL every DOI would otherwise be "not found", and so "possibly
    fabricated"; Crossref's own 404 for an unknown DOI stays "not held"."""
    from refenrich.crossref.protocol import interpret_work
    from refenrich.errors import SourceStatusError

    text = {"content-type": "text/plain"}
    assert interpret_work(404, text, b"Resource not found.") is None
    for headers, body in (
        (
            {"content-type": "application/json"},
            b'{"status":"error","message-type":"route-not-found"}',
        ),
        ({"content-type": "text/html"}, b"<html><body>404 Not Found</body></html>"),
    ):
        with pytest.raises(SourceStatusError, match="is the Crossref URL right"):
            interpret_work(404, headers, body)


def test_a_crossref_url_with_a_query_is_refused() -> None:
    from refenrich.errors import InputError

    with pytest.raises(InputError, match="query or fragment"):
        CrossrefSettings(base_url="https://api.crossref.org?mailto=me@example.org")
