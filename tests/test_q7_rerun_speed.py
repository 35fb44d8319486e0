"""Speed changes of a cached re-run (session 7, helper Q) that must not change a result:
the DOI-like scan of compare_doi that tries its pattern only where a match can begin,
and match's per-record view, made once per Work object."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from refenrich.compare import _DOI_LIKE, _doi_like, compare_doi
from refenrich.match import _RECORDS, _Record, decide, field_evidence, score_candidate
from refenrich.models import Author, PartialDate, Reference, Work

# --- compare._doi_like is _DOI_LIKE.finditer ------------------------------------------


def _found(matches: object) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(match.span(), match.groups()) for match in matches]  # type: ignore[attr-defined]


_PIECES = [
    "doi",
    "DOI",
    "Doi",
    "dOİ",
    "doı",
    "doi:",
    "doi.org/",
    "DOI.ORG/ ",
    "10.",
    "10 . 1234 /",
    " 10.1000/xyz",
    "2010",
    "x",
    "d",
    "1",
    "0",
    " ",
    ".",
    "/",
    ":",
    "=",
    "_",
    "-",
    "\t",
    "é",
    "ı",
]


@settings(max_examples=3000)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_doi_like_finds_what_finditer_finds(text: str) -> None:
    assert _found(_doi_like(text)) == _found(_DOI_LIKE.finditer(text))


@given(st.text(alphabet="dDoOiIİı10 ./:=x\n", max_size=40))
def test_doi_like_on_dense_text(text: str) -> None:
    assert _found(_doi_like(text)) == _found(_DOI_LIKE.finditer(text))


def test_doi_like_respects_the_word_boundary_before_its_start() -> None:
    # "\bdoi" cannot start inside a word: the scan begins later but still sees the
    # character before the candidate.
    text = "Pseudoi: 10.1000/abc; xdoi 10.5/1 doi:10.1000/182"
    assert _found(_doi_like(text)) == _found(_DOI_LIKE.finditer(text))
    assert [m.group(0) for m in _doi_like(text)] == [m.group(0) for m in _DOI_LIKE.finditer(text)]


def test_compare_doi_still_flags_a_malformed_doi() -> None:
    work = Work(doi="10.1000/182", title="A title")
    reference = Reference(raw="Smith, J. (2020) A title. doi: 10.1000 /18 2x.")
    findings = compare_doi(reference, work)
    assert [finding.code for finding in findings] == ["doi_malformed"]
    clean = Reference(raw="Smith, J. (2020) A title. doi:10.1000/182", doi="10.1000/182")
    assert compare_doi(clean, work) == []


# --- match's record view -----------------------------------------------------------------


def _work(doi: str, title: str, family: str, year: int, volume: str, pages: str) -> Work:
    return Work(
        doi=doi,
        title=title,
        authors=[Author(family=family, given="Ana")],
        container_title="Journal of Tests",
        volume=volume,
        issue="2",
        pages=pages,
        issued=PartialDate(year=year),
    )


_REFERENCE = Reference(
    raw="Okafor, A. (2001) 'River sediment budget', Journal of Tests, 12(2), pp. 10-20.",
    authors=[Author(family="Okafor", given="A.")],
    year=2001,
    title="River sediment budget",
    container_title="Journal of Tests",
    volume="12",
    issue="2",
    pages="10-20",
)


def test_record_view_is_made_once_per_work_object() -> None:
    _RECORDS.cache_clear()
    work = _work("10.5555/a", "River sediment budget", "Okafor", 2001, "12", "10-20")
    first = _RECORDS.get(work)
    assert _RECORDS.get(work) is first
    # An equal but distinct Work object gets its own view (identity, not equality).
    twin = work.model_copy()
    assert _RECORDS.get(twin) is not first
    assert _RECORDS.get(twin).work is twin


def test_record_view_reads_the_record_as_the_evidence_did() -> None:
    work = Work(
        doi="10.5555/B",
        title="Harbour ledgers",
        editors=[Author(family="Lee", given="Mo")],
        volume="007",
        issue=" 03",
        article_number="e0012",
        issued=PartialDate(year=1999),
        published_online=PartialDate(year=1998),
        container_title="Test Quarterly",
    )
    record = _Record.of(work)
    assert record.distinct_key == "10.5555/b"
    assert record.families == ["Lee"]
    assert record.people == work.editors
    assert record.years == (1999, 1998)
    assert (record.volume, record.issue) == ("7", "3")
    assert record.first_page is None
    assert record.article == "e0012"
    assert record.first_terms == frozenset({"lee"})


def test_decide_is_the_same_on_a_second_sight_of_its_records() -> None:
    _RECORDS.cache_clear()
    works = [
        _work("10.5555/a", "River sediment budget", "Okafor", 2001, "12", "10-20"),
        _work("10.5555/b", "River sediment budget revisited", "Okafor", 2003, "14", "1-9"),
        _work("10.5555/c", "Coastal policy", "Novak", 2001, "12", "10-20"),
    ]
    first = decide(_REFERENCE, works)
    again = decide(_REFERENCE, works)  # every record's view now comes from the memo
    _RECORDS.cache_clear()
    fresh = decide(_REFERENCE, [work.model_copy() for work in works])
    assert first == again
    assert [(c.logit, c.confidence, c.evidence) for c in first.candidates] == [
        (c.logit, c.confidence, c.evidence) for c in fresh.candidates
    ]
    assert first.kind == fresh.kind
    best = first.best
    assert best is not None
    assert best.work.doi == "10.5555/a"
    assert score_candidate(_REFERENCE, works[0]).evidence == best.evidence
    assert field_evidence(_REFERENCE, works[0]) == best.evidence


def test_records_memo_evicts_the_oldest() -> None:
    from refenrich.match import _Records

    memo = _Records(size=2)
    works = [_work(f"10.5555/{n}", f"Title {n} here", "Lee", 2000, "1", "1-2") for n in range(3)]
    views = [memo.get(work) for work in works]
    assert memo.get(works[2]) is views[2]
    assert memo.get(works[1]) is views[1]
    assert memo.get(works[0]) is not views[0]  # evicted, made again
