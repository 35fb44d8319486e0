"""A preprint and its published version, both found by one search: which one a
reference means (match.decide's tie-break between versions of one work).

The records are synthetic (DOIs under Crossref's test prefix 10.5555), shaped like
Crossref's: a posted-content preprint linked by ``is-preprint-of`` to a journal article.
"""

from __future__ import annotations

from typing import Any

from refenrich.check import check_references
from refenrich.match import MatchKind, decide
from refenrich.models import Author, PartialDate, Reference, Work
from refenrich.sources import RecordsSource

TITLE = "Soil microbes slow the spread of a root pathogen in upland pasture"
AUTHORS = [Author(family="Okafor", given="Maria"), Author(family="Lindqvist", given="Per")]

ARTICLE = Work(
    doi="10.5555/journal.2021.77",
    type="journal-article",
    title=TITLE,
    authors=AUTHORS,
    container_title="Journal of Synthetic Ecology",
    volume="12",
    pages="101-119",
    issued=PartialDate(year=2021),
    relations={"has-preprint": ["10.5555/preprint.2021.03"]},
)
PREPRINT = Work(
    doi="10.5555/preprint.2021.03",
    type="posted-content",
    title=TITLE,
    authors=AUTHORS,
    publisher="Synthetic Preprint Server",
    issued=PartialDate(year=2021),
    relations={"is-preprint-of": ["10.5555/journal.2021.77"]},
)


def _reference(raw: str, **fields: Any) -> Reference:
    return Reference(
        raw=raw,
        authors=[Author(family="Okafor", given="M."), Author(family="Lindqvist", given="P.")],
        year=2021,
        title=TITLE,
        **fields,
    )


NO_VENUE = _reference(f"Okafor, M. and Lindqvist, P. (2021) {TITLE}.")


def test_without_a_venue_the_published_version_is_taken() -> None:
    decision = decide(NO_VENUE, [PREPRINT, ARTICLE])
    assert decision.kind is MatchKind.MATCHED
    assert decision.work == ARTICLE
    assert {c.work.doi for c in decision.close} == {ARTICLE.doi, PREPRINT.doi}


def test_a_reference_citing_a_preprint_gets_the_preprint() -> None:
    cited = _reference(
        f"Okafor, M. and Lindqvist, P. (2021) {TITLE}. bioRxiv [Preprint].", type="preprint"
    )
    decision = decide(cited, [ARTICLE, PREPRINT])
    assert decision.kind is MatchKind.MATCHED
    assert decision.work == PREPRINT


def test_versions_without_a_crossref_link_still_count_when_the_titles_agree() -> None:
    article = ARTICLE.model_copy(update={"relations": {}})
    preprint = PREPRINT.model_copy(update={"relations": {}})
    decision = decide(NO_VENUE, [preprint, article])
    assert decision.kind is MatchKind.MATCHED
    assert decision.work == article


def test_two_published_records_and_a_preprint_stay_ambiguous() -> None:
    duplicate = ARTICLE.model_copy(update={"doi": "10.5555/journal.2021.77.dup"})
    decision = decide(NO_VENUE, [ARTICLE, duplicate, PREPRINT])
    assert decision.kind is MatchKind.AMBIGUOUS
    assert len(decision.close) == 3


def _message(work: Work, **fields: Any) -> dict[str, Any]:
    return {
        "DOI": work.doi,
        "type": work.type,
        "title": [work.title],
        "author": [{"family": a.family, "given": a.given} for a in work.authors],
        "issued": {"date-parts": [[2021]]},
        "relation": {
            name: [{"id-type": "doi", "id": doi, "asserted-by": "subject"} for doi in dois]
            for name, dois in work.relations.items()
        },
        **fields,
    }


def test_a_text_search_takes_the_published_version_and_says_so() -> None:
    source = RecordsSource(
        [
            _message(PREPRINT, publisher="Synthetic Preprint Server"),
            _message(ARTICLE, **{"container-title": ["Journal of Synthetic Ecology"]}),
        ]
    )
    [result] = check_references([NO_VENUE], source).results
    assert result.resolution.work is not None
    assert result.resolution.work.doi == ARTICLE.doi
    assert any("published version" in step for step in result.resolution.tried)
