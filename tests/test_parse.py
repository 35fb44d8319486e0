"""Table tests for the reference parser, one or more references per citation style.

Provenance of the rows: the five ``ref-*`` rows are the project's first real input (a
REF impact case study) verbatim; rows marked "public" are written from public
bibliographic facts of well-known works; every other row is synthetic (invented names,
titles and numbers) in the shape of the named style.
"""

from __future__ import annotations

from typing import Any

import pytest

from refenrich.models import Author, Reference, ReviewMention
from refenrich.text.parse import parse_reference

DUROSE_BOOK = (
    "Durose, C. and Richardson, L. (2016) Designing Public Policy for Co-production, "
    "Bristol/Chicago: Policy Press/University of Chicago Press. Reviewed in Political "
    "Studies: https://doi.org/10.1177/1478929917716890  and Political Studies Review: "
    "https://journals.sagepub.com/doi/full/10.1177/1478929917716890"
)

CASES: list[tuple[str, str, dict[str, Any]]] = [
    # --- the project's first real input, verbatim -------------------------------------
    (
        "ref-book-reviews",
        DUROSE_BOOK,
        {
            "authors": [
                Author(family="Durose", given="C."),
                Author(family="Richardson", given="L."),
            ],
            "year": 2016,
            "title": "Designing Public Policy for Co-production",
            "type": "book",
            "place": "Bristol/Chicago",
            "publisher": "Policy Press/University of Chicago Press",
            "doi": None,
            "container_title": None,
            "reviewed_in": [
                ReviewMention(venue="Political Studies", doi="10.1177/1478929917716890"),
                ReviewMention(venue="Political Studies Review", doi="10.1177/1478929917716890"),
            ],
        },
    ),
    (
        "ref-hybridity",
        "Richardson, L., Durose, C. and Perry, B. (2019) ‘Moving Towards Hybridity in Causal "
        "Explanation: The Example of Citizen Participation’, Social Policy and Administration, "
        "53(2): 265-278. https://doi.org/10.1111/spol.12481",
        {
            "authors": [
                Author(family="Richardson", given="L."),
                Author(family="Durose", given="C."),
                Author(family="Perry", given="B."),
            ],
            "year": 2019,
            "title": "Moving Towards Hybridity in Causal Explanation: The Example of Citizen "
            "Participation",
            "container_title": "Social Policy and Administration",
            "volume": "53",
            "issue": "2",
            "pages": "265-278",
            "doi": "10.1111/spol.12481",
            "type": "article",
        },
    ),
    (
        "ref-craft-metrics",
        "Durose, C., Richardson, L. and Perry, B. (2018) ‘Craft Metrics to Value "
        "Co-production’, Nature, 562: 32-33. https://doi.org/10.1038/d41586-018-06860-w",
        {
            "authors": [
                Author(family="Durose", given="C."),
                Author(family="Richardson", given="L."),
                Author(family="Perry", given="B."),
            ],
            "year": 2018,
            "title": "Craft Metrics to Value Co-production",
            "container_title": "Nature",
            "volume": "562",
            "issue": None,
            "pages": "32-33",
            "doi": "10.1038/d41586-018-06860-w",
            "type": "article",
        },
    ),
    (
        "ref-tyrannies",
        "Richardson, L., Durose, C. and Perry, B. (2019) ‘Three Tyrannies of Participatory "
        "Governance’, Journal of Chinese Governance, 4(2): 123-143. "
        "https://doi.org/10.1080/23812346.2019.1595912",
        {
            "authors": [
                Author(family="Richardson", given="L."),
                Author(family="Durose", given="C."),
                Author(family="Perry", given="B."),
            ],
            "year": 2019,
            "title": "Three Tyrannies of Participatory Governance",
            "container_title": "Journal of Chinese Governance",
            "volume": "4",
            "issue": "2",
            "pages": "123-143",
            "doi": "10.1080/23812346.2019.1595912",
            "type": "article",
        },
    ),
    (
        "ref-decentralize",
        "Richardson, L., Durose, C. and Dean, R.J. (2018) ‘Why Decentralize Decision-making? "
        "English Local Actors’ Viewpoints’, Governance, 32(1): 159-176. "
        "https://doi.org/10.1111/gove.12365",
        {
            "authors": [
                Author(family="Richardson", given="L."),
                Author(family="Durose", given="C."),
                Author(family="Dean", given="R.J."),
            ],
            "year": 2018,
            "title": "Why Decentralize Decision-making? English Local Actors’ Viewpoints",
            "container_title": "Governance",
            "volume": "32",
            "issue": "1",
            "pages": "159-176",
            "doi": "10.1111/gove.12365",
            "type": "article",
        },
    ),
    # --- public bibliographic facts, in several styles ---------------------------------
    (
        "public-apa",
        "LeCun, Y., Bengio, Y., & Hinton, G. (2015). Deep learning. Nature, 521(7553), "
        "436–444. https://doi.org/10.1038/nature14539",
        {
            "authors": [
                Author(family="LeCun", given="Y."),
                Author(family="Bengio", given="Y."),
                Author(family="Hinton", given="G."),
            ],
            "year": 2015,
            "title": "Deep learning",
            "container_title": "Nature",
            "volume": "521",
            "issue": "7553",
            "pages": "436-444",
            "doi": "10.1038/nature14539",
            "type": "article",
        },
    ),
    (
        "public-nature",
        "1. Watson, J. D. & Crick, F. H. C. Molecular structure of nucleic acids: a structure "
        "for deoxyribose nucleic acid. Nature 171, 737–738 (1953).",
        {
            "authors": [
                Author(family="Watson", given="J. D."),
                Author(family="Crick", given="F. H. C."),
            ],
            "year": 1953,
            "title": "Molecular structure of nucleic acids: a structure for deoxyribose nucleic acid",
            "container_title": "Nature",
            "volume": "171",
            "pages": "737-738",
            "type": "article",
        },
    ),
    (
        "public-vancouver",
        "Watson JD, Crick FH. Molecular structure of nucleic acids; a structure for "
        "deoxyribose nucleic acid. Nature. 1953;171(4356):737-8.",
        {
            "authors": [Author(family="Watson", given="JD"), Author(family="Crick", given="FH")],
            "year": 1953,
            "title": "Molecular structure of nucleic acids; a structure for deoxyribose nucleic acid",
            "container_title": "Nature",
            "volume": "171",
            "issue": "4356",
            "pages": "737-8",
            "type": "article",
        },
    ),
    (
        "public-ieee-arxiv",
        "[12] A. Vaswani, N. Shazeer, N. Parmar, J. Uszkoreit, L. Jones, A. N. Gomez, "
        "Ł. Kaiser, and I. Polosukhin, “Attention is all you need,” 2017, arXiv:1706.03762.",
        {
            "authors": [
                Author(family="Vaswani", given="A."),
                Author(family="Shazeer", given="N."),
                Author(family="Parmar", given="N."),
                Author(family="Uszkoreit", given="J."),
                Author(family="Jones", given="L."),
                Author(family="Gomez", given="A. N."),
                Author(family="Kaiser", given="Ł."),
                Author(family="Polosukhin", given="I."),
            ],
            "year": 2017,
            "title": "Attention is all you need",
            "arxiv": "1706.03762",
            "type": "preprint",
        },
    ),
    (
        "public-book-chicago",
        "Kahneman, Daniel. Thinking, Fast and Slow. New York: Farrar, Straus and Giroux, 2011.",
        {
            "authors": [Author(family="Kahneman", given="Daniel")],
            "year": 2011,
            "title": "Thinking, Fast and Slow",
            "place": "New York",
            "publisher": "Farrar, Straus and Giroux",
            "type": "book",
        },
    ),
    # --- synthetic references in the shape of each style -------------------------------
    (
        "harvard-unquoted-etal",
        "Okafor, C. et al. (2021a) Soil microbial communities under drought. Journal of Applied "
        "Ecology, 58(4), pp. 812–824. doi:10.1111/1365-2664.99999",
        {
            "authors": [Author(family="Okafor", given="C.")],
            "et_al": True,
            "year": 2021,
            "year_suffix": "a",
            "title": "Soil microbial communities under drought",
            "container_title": "Journal of Applied Ecology",
            "volume": "58",
            "issue": "4",
            "pages": "812-824",
            "doi": "10.1111/1365-2664.99999",
        },
    ),
    (
        "apa-question-title",
        "Smith, J. A., & van der Berg, B. (2019). Why do councils share power? Evidence from "
        "twelve cities. Urban Studies, 56(3), 45–67. https://doi.org/10.1000/xyz123",
        {
            "authors": [
                Author(family="Smith", given="J. A."),
                Author(family="van der Berg", given="B."),
            ],
            "year": 2019,
            "title": "Why do councils share power? Evidence from twelve cities",
            "container_title": "Urban Studies",
            "volume": "56",
            "issue": "3",
            "pages": "45-67",
            "doi": "10.1000/xyz123",
        },
    ),
    (
        "apa-title-ends-with-question",
        "García, M., & Müller, K. (2020). Does trust matter? Public Administration Review, "
        "80(2), 211–220.",
        {
            "authors": [Author(family="García", given="M."), Author(family="Müller", given="K.")],
            "year": 2020,
            "title": "Does trust matter?",
            "container_title": "Public Administration Review",
            "volume": "80",
            "issue": "2",
            "pages": "211-220",
        },
    ),
    (
        "chicago-notes-bibliography",
        "de la Cruz, María, and Jean-Pierre Lefèvre. “Local Actors and the State.” Journal of "
        "Public Policy 12, no. 3 (2019): 45–67.",
        {
            "authors": [
                Author(family="de la Cruz", given="María"),
                Author(family="Lefèvre", given="Jean-Pierre"),
            ],
            "year": 2019,
            "title": "Local Actors and the State",
            "container_title": "Journal of Public Policy",
            "volume": "12",
            "issue": "3",
            "pages": "45-67",
        },
    ),
    (
        "chicago-author-date",
        "Đặng, Văn, and Sarah Jones. 2018. “Networks of Care.” Ageing & Society 38 (4): 700–725.",
        {
            "authors": [Author(family="Đặng", given="Văn"), Author(family="Jones", given="Sarah")],
            "year": 2018,
            "title": "Networks of Care",
            "container_title": "Ageing & Society",
            "volume": "38",
            "issue": "4",
            "pages": "700-725",
        },
    ),
    (
        "mla",
        "Müller, Karl, and Anna Schmidt. “Quantum Transport in Graphs.” Physical Review "
        "Letters, vol. 12, no. 3, 2019, pp. 45-67.",
        {
            "authors": [
                Author(family="Müller", given="Karl"),
                Author(family="Schmidt", given="Anna"),
            ],
            "year": 2019,
            "title": "Quantum Transport in Graphs",
            "container_title": "Physical Review Letters",
            "volume": "12",
            "issue": "3",
            "pages": "45-67",
        },
    ),
    (
        "ieee-journal",
        "[3] A. B. Family and C. van Dijk, “Neural models of memory,” IEEE Trans. Softw. Eng., "
        "vol. 12, no. 3, pp. 45–67, Mar. 2019.",
        {
            "authors": [
                Author(family="Family", given="A. B."),
                Author(family="van Dijk", given="C."),
            ],
            "year": 2019,
            "title": "Neural models of memory",
            "container_title": "IEEE Trans. Softw. Eng.",
            "volume": "12",
            "issue": "3",
            "pages": "45-67",
        },
    ),
    (
        "vancouver-ama",
        "2) Wang X, Petrova A, O'Brien RJ. Ageing and migration in urban China. BMJ Open. "
        "2020;10(5):e035421. doi:10.1136/bmjopen-2019-999999",
        {
            "authors": [
                Author(family="Wang", given="X"),
                Author(family="Petrova", given="A"),
                Author(family="O'Brien", given="RJ"),
            ],
            "year": 2020,
            "title": "Ageing and migration in urban China",
            "container_title": "BMJ Open",
            "volume": "10",
            "issue": "5",
            "pages": "e035421",
            "doi": "10.1136/bmjopen-2019-999999",
        },
    ),
    (
        "acs",
        "(4) Tanaka, H.; Suzuki, K. Catalysis on Gold Surfaces. J. Am. Chem. Soc. 2019, 141 "
        "(3), 1234–1240.",
        {
            "authors": [Author(family="Tanaka", given="H."), Author(family="Suzuki", given="K.")],
            "year": 2019,
            "title": "Catalysis on Gold Surfaces",
            "container_title": "J. Am. Chem. Soc.",
            "volume": "141",
            "issue": "3",
            "pages": "1234-1240",
        },
    ),
    (
        "elsevier-harvard",
        "Kowalski, J., Øvergaard, S., 2017. Trust and markets. Cambridge Journal of Economics "
        "41, 100234.",
        {
            "authors": [
                Author(family="Kowalski", given="J."),
                Author(family="Øvergaard", given="S."),
            ],
            "year": 2017,
            "title": "Trust and markets",
            "container_title": "Cambridge Journal of Economics",
            "volume": "41",
            "pages": "100234",
        },
    ),
    (
        "springer-chapter",
        "Smith J, Lee B (2010) Local energy storage. In: Jones A, Patel P (eds) Energy Systems. "
        "Springer, Cham, pp 1–20",
        {
            "authors": [Author(family="Smith", given="J"), Author(family="Lee", given="B")],
            "editors": [Author(family="Jones", given="A"), Author(family="Patel", given="P")],
            "year": 2010,
            "title": "Local energy storage",
            "container_title": "Energy Systems",
            "publisher": "Springer",
            "place": "Cham",
            "pages": "1-20",
            "type": "chapter",
        },
    ),
    (
        "harvard-chapter",
        "Brown, A. (2015) ‘Co-production in practice’, in Green, B. and White, C. (eds) Public "
        "Services. 2nd edn. London: Routledge, pp. 33–50.",
        {
            "authors": [Author(family="Brown", given="A.")],
            "editors": [Author(family="Green", given="B."), Author(family="White", given="C.")],
            "year": 2015,
            "title": "Co-production in practice",
            "container_title": "Public Services",
            "edition": "2",
            "place": "London",
            "publisher": "Routledge",
            "pages": "33-50",
            "type": "chapter",
        },
    ),
    (
        "corporate-report-webpage",
        "World Health Organization (2020) Global report on ageing. Geneva: World Health "
        "Organization. Available at: https://www.who.int/example-report (Accessed: 3 March 2021).",
        {
            "authors": [Author(literal="World Health Organization")],
            "year": 2020,
            "title": "Global report on ageing",
            "place": "Geneva",
            "url": "https://www.who.int/example-report",
            "type": "report",
        },
    ),
    (
        "thesis",
        "Nguyen, T. (2012) Migration and memory in Hanoi. PhD thesis. University of Leeds.",
        {
            "authors": [Author(family="Nguyen", given="T.")],
            "year": 2012,
            "title": "Migration and memory in Hanoi",
            "type": "thesis",
            "publisher": "University of Leeds",
        },
    ),
    (
        "in-press-and-cjk",
        "王小明 (in press) Urban governance in transition. China Quarterly.",
        {
            "authors": [Author(family="王小明")],
            "year": None,
            "title": "Urban governance in transition",
            "container_title": "China Quarterly",
        },
    ),
    (
        "jr-and-hyphen",
        "King, M. L., Jr., & Smith-Jones, A. (1999). Letters on justice. Journal of Ethics, "
        "3(1), 1–10.",
        {
            "authors": [
                Author(family="King", given="M. L. Jr."),
                Author(family="Smith-Jones", given="A."),
            ],
            "year": 1999,
            "title": "Letters on justice",
            "container_title": "Journal of Ethics",
            "pages": "1-10",
        },
    ),
    (
        "em-dash-and-minus-pages",
        "Rossi, P. (2001) Soil and care. Ecology Letters, 4, 10—20.",
        {"pages": "10-20", "volume": "4", "year": 2001, "container_title": "Ecology Letters"},
    ),
    (
        "n-d-webpage",
        "Joseph Rowntree Foundation (n.d.) Poverty in the UK. Available at: "
        "https://www.jrf.org.uk/example (Accessed: 1 May 2022).",
        {
            "year": None,
            "title": "Poverty in the UK",
            "url": "https://www.jrf.org.uk/example",
            "type": "webpage",
        },
    ),
]


@pytest.mark.parametrize(
    ("raw", "expected"), [case[1:] for case in CASES], ids=[c[0] for c in CASES]
)
def test_parse_reference(raw: str, expected: dict[str, Any]) -> None:
    reference = parse_reference(raw)
    assert reference.raw == raw
    actual = {name: getattr(reference, name) for name in expected}
    assert actual == expected


def test_durose_review_doi_is_not_the_book_doi() -> None:
    reference = parse_reference(DUROSE_BOOK)
    assert reference.doi is None
    assert [mention.venue for mention in reference.reviewed_in] == [
        "Political Studies",
        "Political Studies Review",
    ]


def test_n_d_note_is_kept() -> None:
    reference = parse_reference("Smith, J. (n.d.) Untitled notes. Leeds: Example Press.")
    assert reference.year is None
    assert any("n.d" in part for part in reference.unparsed)


@pytest.mark.parametrize("marker", ["1. ", "[1] ", "(1) ", "1) ", "12.", ""])
def test_list_markers_are_stripped(marker: str) -> None:
    reference = parse_reference(
        marker + "Smith, J. (2019) ‘A title’, Journal of Things, 3(1): 1-2."
    )
    assert reference.authors[0] == Author(family="Smith", given="J.")
    assert reference.title == "A title"


def test_result_is_a_reference() -> None:
    assert isinstance(parse_reference(""), Reference)
    assert parse_reference("").unparsed == []
