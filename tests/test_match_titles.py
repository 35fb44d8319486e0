"""Titles the parser ran on: a record whose whole title opens a longer parsed title.

The white paper's facts are public (DCLG, February 2017, Cm 9352); the records are
synthetic (DOIs under Crossref's test prefix 10.5555).
"""

from __future__ import annotations

from refenrich.match import MatchKind, decide, field_evidence
from refenrich.models import Author, PartialDate, Reference, Work

GROUP = Author(literal="Department for Communities and Local Government")
WHITE_PAPER = Work(
    doi="10.5555/housing.white.paper",
    type="report",
    title="Fixing our broken housing market",
    authors=[GROUP],
    issued=PartialDate(year=2017),
)


def _cited(title: str) -> Reference:
    return Reference(
        raw=f"Department for Communities and Local Government (2017) {title}. London: HMSO.",
        authors=[GROUP],
        year=2017,
        title=title,
    )


def test_a_title_run_on_with_its_command_paper_number_still_matches() -> None:
    cited = _cited("Fixing our broken housing market, Cm 9352, presented to Parliament")
    assert field_evidence(cited, WHITE_PAPER)["title"] > 0
    decision = decide(cited, [WHITE_PAPER])
    assert decision.kind is MatchKind.MATCHED


def test_a_short_record_title_opening_a_longer_one_is_no_evidence() -> None:
    # Three words are too few: "Housing market review" opens many titles.
    short = WHITE_PAPER.model_copy(update={"title": "Housing market review"})
    cited = _cited("Housing market review of the northern regions and their rental sectors")
    assert field_evidence(cited, short)["title"] < 0
