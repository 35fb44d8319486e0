"""HTML, Markdown and JSON reports: content, escaping of hostile text, and the JSON schema."""

from __future__ import annotations

import html.parser
import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest

from refenrich.cli import main
from refenrich.errors import InputError
from refenrich.export.report import render_report, report_format, write_report
from refenrich.export.report_html import render_html_report, safe_http_url
from refenrich.export.report_json import SCHEMA_VERSION, render_json_report, report_schema
from refenrich.export.report_md import escape_markdown, render_markdown_report
from refenrich.models import (
    Author,
    CheckResult,
    DocumentFinding,
    Finding,
    FindingField,
    PartialDate,
    Reference,
    Report,
    Resolution,
    ResolutionVia,
    Severity,
    Status,
    Work,
)
from refenrich.ref.check import CaseStudySummary
from refenrich.ref.section import CaseStudySection, GrantEntry, RuleResult, SourceEntry
from refenrich.render import render_text

from .conftest import EXAMPLE_DOCUMENT, EXAMPLE_RECORDS

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = "<script>alert('x')</script>"
WHEN = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def hostile_report() -> Report:
    """Results whose every text field carries markup, quotes or a javascript: URL."""
    work = Work(
        doi='10.1234/x"><script>alert(1)</script>',
        type="journal-article",
        title=f"Title {SCRIPT} & <b onmouseover=\"alert('t')\">bold</b>",
        authors=[Author(family=f"O'Brien{SCRIPT}", given="A")],
        container_title='Journal "of" <img src=x onerror=alert(2)>',
        volume="<i>4</i>",
        issued=PartialDate(year=2019),
    )
    verified = CheckResult(
        index=1,
        raw=f'O\'Brien, A. (2019) {SCRIPT} "quoted" & [link](javascript:alert(3)) *x* `c` # h',
        status=Status.ERROR,
        reference=Reference(raw="r", url="javascript:alert(4)", key="k<1>"),
        resolution=Resolution(work=work, via=ResolutionVia.DOI, doi=work.doi, tried=["t"]),
        findings=[
            Finding(
                code="venue_mismatch",
                field=FindingField.VENUE,
                severity=Severity.ERROR,
                claimed=f"Claimed {SCRIPT}",
                actual="Actual <iframe src='javascript:alert(5)'>",
                message=f"Message {SCRIPT} & 'quotes'",
            )
        ],
    )
    linked = CheckResult(
        index=2,
        raw="Some web page <style>body{display:none}</style>",
        status=Status.UNRESOLVED,
        reference=Reference(raw="r", url="https://example.org/page?a=1&b=<2>\"'"),
        resolution=Resolution(),
    )
    missing = CheckResult(
        index=3,
        raw="Not found \u202egnp.exe",
        status=Status.NOT_FOUND,
        reference=Reference(raw="r", doi="10.5555/nope"),
        resolution=Resolution(doi="10.5555/nope", tried=["crossref <api>"]),
    )
    failed = CheckResult(
        index=4,
        raw="Failed",
        status=Status.FAILED,
        reference=Reference(raw="r", doi="10.5555/down"),
        resolution=Resolution(doi="10.5555/down", error=f"connection refused {SCRIPT}"),
    )
    return Report(source=f"docs/{SCRIPT}.txt", results=[verified, linked, missing, failed])


class _Collector(html.parser.HTMLParser):
    """Every start tag with its attributes, and every text node."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    collector.close()
    return collector


# --- HTML -------------------------------------------------------------------------------


def test_html_escapes_every_hostile_string() -> None:
    page = render_html_report([hostile_report()], created=WHEN)
    tree = parsed(page)
    tags = {tag for tag, _ in tree.tags}
    assert tags <= {
        "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "p", "ul",
        "li", "b", "span", "section", "h2", "article", "div", "a", "i", "dl", "dt", "dd",
        "footer",
    }  # fmt: skip
    assert "script" not in tags
    assert "img" not in tags
    assert "iframe" not in tags
    for _, attrs in tree.tags:
        assert not any(name.startswith("on") for name in attrs)
    # The hostile text is shown, as text.
    text = "".join(tree.text)
    assert SCRIPT in text
    assert "O'Brien" in text
    assert '"quoted"' in text
    assert "\u202e" not in page  # bidirectional override removed


def test_html_links_only_doi_org_and_http() -> None:
    page = render_html_report([hostile_report()], created=WHEN)
    hrefs = [attrs["href"] or "" for tag, attrs in parsed(page).tags if tag == "a"]
    assert hrefs, "expected links"
    for href in hrefs:
        assert href.startswith(("https://doi.org/", "https://example.org/")), href
    assert "javascript:" not in " ".join(hrefs)
    # A DOI with quotes and markup is percent-encoded inside its link.
    assert any(h.startswith("https://doi.org/10.1234/x%22%3E%3Cscript%3E") for h in hrefs)
    assert "https://doi.org/10.5555/nope" in hrefs


def test_html_is_self_contained() -> None:
    page = render_html_report([hostile_report()], created=WHEN)
    tree = parsed(page)
    for tag, attrs in tree.tags:
        assert "src" not in attrs, tag
        if tag == "link":  # pragma: no cover - there are none
            pytest.fail("external stylesheet")
    csp = next(
        attrs["content"] or ""
        for tag, attrs in tree.tags
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in csp
    assert "script-src" not in csp


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a", "https://example.org/a"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//example.org/x", None),
        ("https:///nohost", None),
        ("https://exa mple.org", None),
        ("vbscript:x", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_http_url(url: str | None, expected: str | None) -> None:
    assert safe_http_url(url) == expected


def test_html_multiple_documents_have_a_table_and_anchors() -> None:
    first, second = hostile_report(), Report(source="second.txt", results=[])
    page = render_html_report([first, second], created=WHEN)
    assert '<table class="docs">' in page
    assert 'href="#d2"' in page
    assert 'id="d2"' in page
    assert "No references found." in page


# --- Markdown ---------------------------------------------------------------------------


def test_markdown_escapes_hostile_text() -> None:
    text = render_markdown_report([hostile_report()], created=WHEN)
    # Outside the link destinations we wrote, every "<" and "&" is escaped.
    prose = re.sub(r"\]\(<[^>]*>\)", "]()", text)
    assert not re.search(r"(?<!\\)<", prose)
    assert not re.search(r"(?<!\\)&", prose)
    assert "\\<script\\>" in text
    # No link to anything but doi.org or http(s).
    destinations = re.findall(r"\]\(<([^>]*)>\)", text)
    assert destinations
    assert all(d.startswith(("https://doi.org/", "https://example.org/")) for d in destinations)
    assert not re.search(r"(?<!\\)\]\(javascript", text)
    # One line per item: untrusted text cannot start a heading or a list.
    assert not any(line.startswith("# h") for line in text.splitlines())


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("*a* _b_ `c`", "\\*a\\* \\_b\\_ \\`c\\`"),
        ("[x](javascript:y)", "\\[x\\](javascript:y)"),
        ("<b>&amp;</b>", "\\<b\\>\\&amp;\\</b\\>"),
        ("line\n# heading\n- item", "line \\# heading - item"),
        ("a | b ~~c~~ $x$", "a \\| b \\~\\~c\\~\\~ \\$x\\$"),
    ],
)
def test_escape_markdown(raw: str, escaped: str) -> None:
    assert escape_markdown(raw) == escaped


# --- JSON -------------------------------------------------------------------------------


def test_committed_schema_is_the_generated_one() -> None:
    committed = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
    assert committed == report_schema(), (
        "docs/report.schema.json is stale: regenerate it with "
        "`python -m refenrich.export.report_json > docs/report.schema.json` "
        "and raise SCHEMA_VERSION if the shape changed"
    )


def test_json_report_validates_against_its_schema() -> None:
    reports = [hostile_report(), Report(source="empty.txt")]
    data = json.loads(render_json_report(reports, created=WHEN))
    jsonschema.Draft202012Validator.check_schema(report_schema())
    jsonschema.validate(data, report_schema(), cls=jsonschema.Draft202012Validator)
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["created"] == "2024-05-01T12:00:00Z"
    assert data["summary"]["checked"] == 4
    assert [d["source"] for d in data["documents"]] == [reports[0].source, "empty.txt"]
    first = data["documents"][0]["results"][0]
    assert first["raw"].startswith("O'Brien")  # kept verbatim: JSON needs no escaping
    assert first["findings"][0]["code"] == "venue_mismatch"


# --- dispatch and the command line ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"), [("a.html", "html"), ("b.HTM", "html"), ("c.md", "md"), ("d.json", "json")]
)
def test_report_format_by_suffix(name: str, fmt: str) -> None:
    assert report_format(name) == fmt


def test_report_format_unknown_suffix() -> None:
    with pytest.raises(InputError, match=r"\.html, \.md or \.json"):
        report_format("report.pdf")


def test_write_report(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    assert write_report(path, [hostile_report()], created=WHEN) == "md"
    assert path.read_text(encoding="utf-8") == render_report([hostile_report()], "md", created=WHEN)


@pytest.mark.parametrize("suffix", [".html", ".md", ".json"])
def test_cli_check_writes_report(tmp_path: Path, example_text: str, suffix: str) -> None:
    target = tmp_path / f"report{suffix}"
    out, err = io.StringIO(), io.StringIO()
    args = ["check", str(EXAMPLE_DOCUMENT), "--index", str(EXAMPLE_RECORDS), "--offline"]
    code = main([*args, "--report", str(target)], environ={}, stdout=out, stderr=err)
    assert code in {0, 1}  # test_cli pins the exit code
    assert f"report to {target}" in err.getvalue()
    content = target.read_text(encoding="utf-8")
    assert "10.1080/23812346.2019.1595912" in content
    assert "Journal of Chinese Governance" in content


def test_cli_bad_report_suffix_is_a_usage_error(example_text: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    args = ["check", str(EXAMPLE_DOCUMENT), "--index", str(EXAMPLE_RECORDS), "--offline"]
    code = main([*args, "--report", "r.txt"], environ={}, stdout=out, stderr=err)
    assert code == 2
    assert ".html, .md or .json" in err.getvalue()


# --- the per-case-study section ---------------------------------------------------------


def hostile_section() -> CaseStudySection:
    """A case-study section whose every text field carries markup or a javascript: URL."""
    finding = DocumentFinding(
        code="ref_output_outside_window",
        severity=Severity.ERROR,
        message=f"Output {SCRIPT} first published 1995",
    )
    summary = CaseStudySummary(source=f"docs/{SCRIPT}.txt", recognised=True, exercise="ref2021")
    return CaseStudySection(
        exercise="ref2021",
        exercise_name=f"REF {SCRIPT}",
        exercise_basis="exercise <b>named</b> & 'quoted'",
        recognised=True,
        title=f"Title {SCRIPT}",
        unit_of_assessment="<img src=x onerror=alert(1)>",
        institution="# heading",
        window_start="2000-01-01",
        window_end="2020-12-31",
        rules=[RuleResult(passed=False, text=f"references {SCRIPT}: 7 (at most 6)")],
        findings=[finding],
        summary=summary,
        sources=[
            SourceEntry(
                label="<A>",
                text=f"Testimonial {SCRIPT} [x](javascript:alert(2))",
                kind="testimonial",
                state="testimonial <i>",
                url="javascript:alert(3)",
            ),
            SourceEntry(
                label="B",
                text="Report",
                kind="reference",
                state="reference, verified",
                doi='10.1234/s"><script>',
            ),
        ],
        grants=[
            GrantEntry(
                reference=f"ES/{SCRIPT}",
                claims="ESRC, <iframe src='javascript:alert(4)'>",
                state="not verified",
                findings=[finding],
            )
        ],
    )


def test_html_case_study_section_escapes_hostile_text() -> None:
    page = render_html_report([hostile_report()], created=WHEN, sections=[hostile_section()])
    tree = parsed(page)
    tags = {tag for tag, _ in tree.tags}
    assert tags <= {
        "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "p", "ul",
        "li", "b", "span", "section", "h2", "h3", "h4", "article", "div", "a", "i", "dl",
        "dt", "dd", "footer",
    }  # fmt: skip
    for _, attrs in tree.tags:
        assert not any(name.startswith("on") for name in attrs)
    hrefs = [attrs["href"] or "" for tag, attrs in tree.tags if tag == "a"]
    assert all(h.startswith(("https://doi.org/", "https://example.org/")) for h in hrefs)
    assert any(h.startswith("https://doi.org/10.1234/s%22%3E%3Cscript%3E") for h in hrefs)
    text = "".join(tree.text)
    assert f"REF {SCRIPT} checks" in text
    assert "✗ references" in text
    assert f"Testimonial {SCRIPT}" in text
    assert "2000-01-01 to 2020-12-31" in text
    assert 'class="ref-checks"' in page


def test_html_without_a_section_has_no_case_study_block() -> None:
    page = render_html_report([hostile_report()], created=WHEN, sections=[None])
    assert 'class="ref-checks"' not in page
    assert page == render_html_report([hostile_report()], created=WHEN)
    with pytest.raises(ValueError, match="one case-study section"):
        render_html_report([hostile_report()], sections=[])


def test_markdown_case_study_section_escapes_hostile_text() -> None:
    text = render_markdown_report([hostile_report()], created=WHEN, sections=[hostile_section()])
    prose = re.sub(r"\]\(<[^>]*>\)", "]()", text)
    assert not re.search(r"(?<!\\)<", prose)
    assert not re.search(r"(?<!\\)&", prose)
    destinations = re.findall(r"\]\(<([^>]*)>\)", text)
    assert all(d.startswith(("https://doi.org/", "https://example.org/")) for d in destinations)
    assert not re.search(r"(?<!\\)\]\(javascript", text)
    assert not any(line.startswith("# heading") for line in text.splitlines())
    assert "### REF \\<script\\>" in text
    assert "- ✗ references" in text


def test_json_report_with_a_section_validates() -> None:
    reports = [hostile_report(), Report(source="paper.txt")]
    data = json.loads(render_json_report(reports, created=WHEN, sections=[hostile_section(), None]))
    jsonschema.validate(data, report_schema(), cls=jsonschema.Draft202012Validator)
    section = data["documents"][0]["case_study"]
    assert section["title"] == f"Title {SCRIPT}"  # verbatim: JSON needs no escaping
    assert section["rules"] == [{"passed": False, "text": f"references {SCRIPT}: 7 (at most 6)"}]
    assert data["documents"][1]["case_study"] is None


def searched_report() -> Report:
    """A reference searched without a DOI and matched to nothing, and an ambiguous one."""
    searched = CheckResult(
        index=1,
        raw="Smith (2020) A sparse reference",
        status=Status.UNRESOLVED,
        reference=Reference(raw="r", year=2020),
        resolution=Resolution(tried=[f"crossref search: 3 candidates, none credible {SCRIPT}"]),
    )
    twins = [
        Work(doi=f"10.5555/twin.{n}", type="journal-article", title="Same title") for n in (1, 2)
    ]
    ambiguous = CheckResult(
        index=2,
        raw="Doe (2019) Same title",
        status=Status.AMBIGUOUS,
        reference=Reference(raw="r"),
        resolution=Resolution(candidates=twins, tried=["crossref search"]),
    )
    return Report(source="list.txt", results=[searched, ambiguous])


def test_reports_say_what_a_search_without_a_doi_found() -> None:
    page = render_html_report([searched_report()], created=WHEN)
    text = " ".join(parsed(page).text)
    assert "3 candidates, none credible" in text
    assert SCRIPT not in page  # the search message is escaped like any other text
    assert "several records fit equally well" in text
    assert 'href="https://doi.org/10.5555/twin.2"' in page
    assert "not searched" not in text
    markdown = render_markdown_report([searched_report()], created=WHEN)
    assert "No DOI: crossref search: 3 candidates, none credible" in markdown
    assert "Ambiguous: several records fit equally well: [10.5555/twin.1]" in markdown


def test_jsonl_lines_survive_splitlines() -> None:
    """U+2028, U+2029 and U+0085 are escaped in JSON Lines (a library user's own raw
    text may hold them): str.splitlines ends a line at each."""
    from refenrich.models import CheckResult, Reference, Report, Resolution, Status
    from refenrich.render import render_jsonl

    raw = "Okafor, A. (2020) Ledger of the\u2028river\u2029 and the\x85sea."
    result = CheckResult(
        index=1,
        raw=raw,
        status=Status.NOT_FOUND,
        reference=Reference(raw=raw, title="Ledger of the river and the sea", year=2020),
        resolution=Resolution(),
    )
    report = Report(source=None, results=[result, result])
    for document in (None, "/docs/a.txt"):
        lines = render_jsonl(report, document=document).splitlines()
        assert [json.loads(line)["raw"] for line in lines] == [raw, raw]


def test_text_report_shortens_unspaced_text_by_columns_not_to_nothing() -> None:
    # A reference in Chinese has no spaces and a pasted URL is one long word: cut at a
    # word boundary they shrank to a bare "…". Made-up reference text.
    title = "城市治理中的共同生产研究以上海市社区为例的实证分析与理论探讨及其对于基层政府改革的启示意义与实践价值"
    raw = f"王小明，李华，张伟。{title}[J]。中国行政管理，2020，6（2）：1-5。"
    url = "https://example.org/works/10.5555/g.5?" + "a" * 150
    results = [
        CheckResult(
            index=1,
            raw=raw,
            status=Status.ERROR,
            reference=Reference(raw=raw, title=title),
            resolution=Resolution(),
            findings=[
                Finding(
                    code="title_mismatch",
                    field=FindingField.TITLE,
                    severity=Severity.ERROR,
                    claimed=title,
                    actual="王小明的研究",
                    message="The title is not the record's title.",
                )
            ],
        ),
        CheckResult(
            index=2,
            raw=url,
            status=Status.UNRESOLVED,
            reference=Reference(raw=url),
            resolution=Resolution(),
        ),
    ]
    lines = render_text(Report(results=results)).splitlines()
    head = next(line for line in lines if line.startswith("[1]"))
    claimed = next(line for line in lines if "reference: " in line).split("reference: ")[1]
    assert head.endswith(" …")
    assert "王小明，李华" in head
    # 90 columns: 44 two-column characters and the placeholder.
    assert claimed == title[:44] + " …"
    assert next(line for line in lines if line.startswith("[2]")).endswith("aaaa …")
    # Text with spaces is still cut at a word.
    words = " ".join(["Richardson"] * 20)
    plain = CheckResult(
        index=3,
        raw=words,
        status=Status.UNRESOLVED,
        reference=Reference(raw=words),
        resolution=Resolution(),
    )
    [line] = [x for x in render_text(Report(results=[plain])).splitlines() if x.startswith("[3]")]
    assert line.endswith("Richardson …")


def test_jsonl_writes_a_lone_surrogate_a_caller_passes() -> None:
    """A library caller's text may hold a lone surrogate (decoded with surrogateescape):
    the line is still written, as JSON with the surrogate escaped."""
    from refenrich.models import CheckResult, Reference, Report, Resolution, Status
    from refenrich.render import render_jsonl

    raw = "Okafor, A. (2020) Ledger \udce9 of the river."
    result = CheckResult(
        index=1,
        raw=raw,
        status=Status.NOT_FOUND,
        reference=Reference(raw=raw),
        resolution=Resolution(),
    )
    [line] = render_jsonl(Report(results=[result])).splitlines()
    assert json.loads(line)["raw"] == raw
