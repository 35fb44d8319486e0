"""The ``mailto`` and the Plus token never appear in logs, output, reports or state files.

Every run here sends both (from the environment, as users set them) to the fake Crossref,
including runs where look-ups fail, so error messages are covered too.
"""

from __future__ import annotations

import asyncio
import io
import logging
from pathlib import Path

import httpx
import pytest

import refenrich
from refenrich.cli import main
from refenrich.testing import FakeCrossref, Fault

MAILTO = "hidden.contact@example.org"
TOKEN = "plus-t0ken-never-shown"
SECRETS = (MAILTO, TOKEN, "hidden.contact", "t0ken-never")

REFERENCES = (
    "Okafor, A. (2019) 'Sediment budgets', Journal of Geo Studies. doi:10.5555/jgs.2019.0142\n"
    "Lee, B. (2020) 'A river book'. doi:10.5555/book.river-systems\n"
    "Nobody, C. (2001) 'Not a record', Nowhere Quarterly, 3, pp. 1-2. doi:10.5555/nothing\n"
    "Smith, J. (2015) A reference without a DOI at all, Test Quarterly, 4(2), pp. 5-9.\n"
)


def assert_no_secret(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} appears in {where}"


def run_cli(args: list[str], environ: dict[str, str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(args, environ=environ, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "fault", [None, Fault.HTTP_500, Fault.CONNECTION_RESET, Fault.INVALID_JSON]
)
def test_cli_output_reports_state_and_logs_hold_no_secret(
    fake_crossref: FakeCrossref,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    fault: Fault | None,
) -> None:
    caplog.set_level(logging.DEBUG, logger="refenrich")
    documents = tmp_path / "docs"
    documents.mkdir()
    (documents / "a.txt").write_text(REFERENCES, encoding="utf-8")
    (documents / "b.txt").write_text(REFERENCES[::-1].split("\n", 1)[-1][::-1], encoding="utf-8")
    if fault is not None:
        # the batched look-up fails for good (4 attempts), then a single one does too
        fake_crossref.inject(fault, times=8)
    environ = {
        "REFENRICH_CROSSREF_URL": fake_crossref.url,
        "REFENRICH_MAILTO": MAILTO,
        "REFENRICH_CROSSREF_PLUS_TOKEN": TOKEN,
        "REFENRICH_CACHE_DIR": str(tmp_path / "cache"),
    }
    reports = [tmp_path / f"report.{suffix}" for suffix in ("json", "md", "html")]
    state = tmp_path / "state.jsonl"
    runs = [
        ["check", str(documents / "a.txt"), "--lines", "--format", "jsonl"],
        ["check", str(documents / "a.txt"), "--lines", "--report", str(reports[0])],
        ["check", str(documents), "--lines", "--resume", str(state), "--report", str(reports[1])],
        ["check", str(documents), "--lines", "--format", "jsonl", "--report", str(reports[2])],
        ["resolve", str(documents / "a.txt"), "--lines"],
        ["bibtex", str(documents / "a.txt"), "--lines", "--no-cache"],
    ]
    for number, args in enumerate(runs):
        _, out, err = run_cli(args, environ)
        if number == 0 and fault is not None:
            assert '"failed"' in out  # an error message is part of what is checked
        assert_no_secret(out, f"the output of {args}")
        assert_no_secret(err, f"the messages of {args}")
    assert fake_crossref.stats.requests > 0
    for path in [*reports, state, *(tmp_path / "cache").iterdir()]:
        assert_no_secret(path.read_bytes().decode("utf-8", "replace"), str(path))
    assert_no_secret(caplog.text, "the refenrich logs")
    assert all(record.name.startswith("refenrich") for record in caplog.records)


def test_library_errors_and_reprs_hold_no_secret(
    fake_crossref: FakeCrossref, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="refenrich")
    settings = refenrich.CrossrefSettings(
        base_url=fake_crossref.url, mailto=MAILTO, plus_token=TOKEN
    )
    fake_crossref.inject(Fault.HTTP_500, times=4)
    with refenrich.CrossrefClient(settings, sleep=lambda _: None) as client:
        with pytest.raises(refenrich.SourceError) as caught:
            client.get_work("10.5555/jgs.2019.0142")
        assert_no_secret(str(caught.value), "the error")
        assert_no_secret(repr(client.traffic) + client.traffic.describe(), "the traffic stats")
    assert_no_secret(repr(settings), "the settings' repr")
    report = refenrich.check(REFERENCES, settings=settings, lines=True)
    assert_no_secret(report.model_dump_json(), "the report")
    assert_no_secret(caplog.text, "the refenrich logs")


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_httpx_and_httpcore_logs_hold_no_secret(
    fake_crossref: FakeCrossref, caplog: pytest.LogCaptureFixture, mode: str
) -> None:
    """httpx logs every request's URL at INFO (httpcore more at DEBUG): the contact and
    the token travel in headers only, so neither reaches those logs (issue 6)."""
    caplog.set_level(logging.DEBUG)  # the root logger: httpx's and httpcore's records too
    settings = refenrich.CrossrefSettings(
        base_url=fake_crossref.url,
        mailto=MAILTO,
        plus_token=TOKEN,
        retry=refenrich.RetryPolicy(initial_wait=0.01, max_wait=0.02),
    )
    fake_crossref.inject(Fault.HTTP_503)  # a retried request is logged as well
    if mode == "sync":
        report = refenrich.check(REFERENCES, settings=settings, lines=True)
    else:
        report = asyncio.run(refenrich.acheck(REFERENCES, settings=settings, lines=True))
    assert report.summary.checked == 4
    logged = [r for r in caplog.records if r.name.split(".")[0] in ("httpx", "httpcore")]
    urls = [r.getMessage() for r in logged if r.name == "httpx" and r.levelno == logging.INFO]
    # every kind of request was logged with its URL: batched, single and search
    assert any("/works?filter=doi" in message for message in urls)
    assert any("/works/10.5555/nothing" in message for message in urls)
    assert any("query.bibliographic" in message for message in urls)
    assert any(r.name.startswith("httpcore") and r.levelno == logging.DEBUG for r in logged)
    assert_no_secret("\n".join(f"{r.getMessage()} {r.args!r}" for r in logged), "httpx's logs")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("mailto", "hidden contact@example.org"),
        ("mailto", "hidden.contact@example.org)\r\nX-Injected: 1"),
        ("mailto", "hïdden.contact@example.org"),
        ("plus_token", "plus-t0ken-never-shown\r\nX-Injected: 1"),
    ],
)
def test_unsendable_contact_or_token_is_refused_without_repeating_it(
    field: str, value: str
) -> None:
    # Both go into request headers now, where a line break would inject a header.
    with pytest.raises(refenrich.InputError) as caught:
        refenrich.CrossrefSettings(**{field: value})
    assert_no_secret(str(caught.value), "the error")
    assert value not in str(caught.value)


def test_cli_refuses_an_unsendable_contact(tmp_path: Path) -> None:
    path = tmp_path / "refs.txt"
    path.write_text(REFERENCES, encoding="utf-8")
    code, out, err = run_cli(
        ["check", str(path), "--lines", "--mailto", "hidden contact@example.org"], {}
    )
    assert code == 2
    assert "mailto" in err
    assert_no_secret(out + err, "the CLI's messages")


def test_contact_is_trimmed() -> None:
    settings = refenrich.CrossrefSettings(mailto=f"  {MAILTO}\n")
    assert settings.mailto == MAILTO
    assert settings.user_agent.endswith(f"(mailto:{MAILTO}) httpx/{httpx.__version__}")
