"""Labels and numbers in front of a reference, as REF impact case studies and numbered
lists print them, are not part of the first author's name."""

from __future__ import annotations

import pytest

from refenrich.text.parse import parse_reference

_OSTROM = (
    "Ostrom, E. (2010) 'Beyond markets and states: polycentric governance of complex "
    "economic systems', American Economic Review, 100(3), pp. 641-672."
)


@pytest.mark.parametrize("label", ["[R1]", "(R2)", "R3.", "R4:", "R5", "3.1", "[12]", "7."])
def test_labels_before_a_harvard_reference(label: str) -> None:
    reference = parse_reference(f"{label} {_OSTROM}")
    assert reference.authors[0].family == "Ostrom"
    assert reference.year == 2010
    assert (
        reference.title
        == "Beyond markets and states: polycentric governance of complex economic systems"
    )
    assert reference.container_title == "American Economic Review"
    assert (reference.volume, reference.issue, reference.pages) == ("100", "3", "641-672")


def test_label_before_a_corporate_author() -> None:
    reference = parse_reference(
        "R2 Office for National Statistics (2021) Census 2021: first results. London: ONS."
    )
    assert reference.authors[0].literal == "Office for National Statistics"
    assert reference.year == 2021


def test_bare_number_before_an_rsc_reference() -> None:
    reference = parse_reference(
        "4 K. S. Novoselov, A. K. Geim, S. V. Morozov, D. Jiang, Y. Zhang, S. V. Dubonos, "
        "I. V. Grigorieva and A. A. Firsov, Science, 2004, 306, 666-669."
    )
    assert [author.family for author in reference.authors][:2] == ["Novoselov", "Geim"]
    assert reference.year == 2004


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # A number that opens a name or a title is kept.
        (
            "1000 Genomes Project Consortium (2015) A global reference for human genetic "
            "variation. Nature, 526, 68-74.",
            None,
        ),
        (
            "R Core Team (2023) R: A language and environment for statistical computing. "
            "Vienna: R Foundation for Statistical Computing.",
            None,
        ),
    ],
)
def test_numbers_that_belong_to_the_reference_stay(text: str, family: str | None) -> None:
    reference = parse_reference(text)
    first = reference.authors[0]
    assert (first.literal or first.family or "").split()[0] == text.split()[0]
