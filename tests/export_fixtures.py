"""Work/Reference/CheckResult fixtures shared by the export tests.

``richardson_*`` are built from public facts about Richardson, Durose and Dean (2019)
"Why Decentralize Decision Making? English Local Actors' Viewpoints", Governance 32(1)
159-176, doi:10.1111/gove.12365 (issued 2019, online 2018-10-02). Everything else here
is synthetic; the "hostile" records are made up to break careless writers.
"""

from __future__ import annotations

from refenrich.models import (
    Author,
    CheckResult,
    PartialDate,
    Reference,
    Resolution,
    ResolutionVia,
    ReviewMention,
    Status,
    Work,
)

RICHARDSON_AUTHORS = [
    Author(family="Richardson", given="Liz"),
    Author(family="Durose", given="Catherine"),
    Author(family="Dean", given="Rikki John"),
]


def richardson_work() -> Work:
    """The Crossref record of the Governance article (public facts)."""
    return Work(
        doi="10.1111/gove.12365",
        type="journal-article",
        title="Why Decentralize Decision Making? English Local Actors' Viewpoints",
        authors=RICHARDSON_AUTHORS,
        container_title="Governance",
        short_container_title="Governance",
        volume="32",
        issue="1",
        pages="159-176",
        publisher="Wiley",
        issued=PartialDate(year=2019, month=1),
        published_print=PartialDate(year=2019, month=1),
        published_online=PartialDate(year=2018, month=10, day=2),
        issn=["0952-1895", "1468-0491"],
    )


def richardson_reference() -> Reference:
    """The reference as the example REF case study writes it (public facts)."""
    return Reference(
        raw=(
            "Richardson, L., Durose, C. and Dean, R.J. (2018) 'Why Decentralize "
            "Decision-making? English Local Actors' Viewpoints', Governance, 32(1): 159-176"
        ),
        authors=[
            Author(family="Richardson", given="L."),
            Author(family="Durose", given="C."),
            Author(family="Dean", given="R.J."),
        ],
        year=2018,
        title="Why Decentralize Decision-making? English Local Actors' Viewpoints",
        container_title="Governance",
        volume="32",
        issue="1",
        pages="159-176",
        type="article",
    )


def resolved(work: Work, reference: Reference | None = None, index: int = 0) -> CheckResult:
    """A verified result for ``work``."""
    reference = reference or Reference(raw=work.title or "x", title=work.title)
    return CheckResult(
        index=index,
        raw=reference.raw,
        status=Status.VERIFIED,
        reference=reference,
        resolution=Resolution(work=work, via=ResolutionVia.DOI, doi=work.doi),
    )


def unresolved(
    reference: Reference, status: Status = Status.NOT_FOUND, index: int = 0
) -> CheckResult:
    """A result whose look-up found nothing (or failed)."""
    return CheckResult(
        index=index,
        raw=reference.raw,
        status=status,
        reference=reference,
        resolution=Resolution(error="timed out" if status is Status.FAILED else None),
    )


def reviewed_book_reference(*, with_doi: bool = True) -> Reference:
    """A book cited through its review (synthetic)."""
    return Reference(
        raw="Smith, J. (2020) Cities and Power. Bristol: Policy Press. ISBN 978-1-4473-0000-0. "
        "Reviewed in Urban Studies: doi:10.1177/0042098020000000",
        authors=[Author(family="Smith", given="J.")],
        year=2020,
        title="Cities and Power",
        container_title="Urban Studies",
        volume="57",
        pages="1-3",
        publisher="Policy Press",
        place="Bristol",
        isbn="978-1-4473-0000-0",
        doi="10.1177/0042098020000000" if with_doi else None,
        type="article",
        reviewed_in=[ReviewMention(venue="Urban Studies", doi="10.1177/0042098020000000")],
    )


def review_work() -> Work:
    """The Crossref record of the review itself (synthetic)."""
    return Work(
        doi="10.1177/0042098020000000",
        type="journal-article",
        title="Book review: Cities and Power",
        authors=[Author(family="Reviewer", given="R.")],
        container_title="Urban Studies",
        volume="57",
        pages="1-3",
        issued=PartialDate(year=2020, month=6),
    )


HOSTILE_TITLE = 'The "100%" {solution} & #1 for a_b in $5 \\emph ^hat ~tilde: It Works'


def hostile_works() -> list[Work]:
    """Synthetic records meant to break a BibTeX writer, one per entry type."""
    many = [Author(family=f"Author{chr(65 + i)}", given=f"Given {i}") for i in range(25)]
    return [
        Work(
            doi="10.5555/hostile.1",
            type="journal-article",
            title=HOSTILE_TITLE,
            authors=[
                Author(family="O'Brien", given='Seán "Jack"'),
                Author(family="Müller-Lüdenscheidt", given="Jürgen"),
                Author(family="Ørsted", given="Søren"),
                Author(family="Straße", given="Łukasz"),
                Author(family="Núñez", given="François"),
                Author(family="Dvořák", given="Antonín"),
                Author(family="Erdős", given="Paul"),
            ],
            container_title="Journal of {Unbalanced} Braces & Co",
            volume="12}",
            issue="3{",
            pages="e1234",
            issued=PartialDate(year=2021, month=12, day=24),
            issn=["1234-5678"],
        ),
        Work(
            doi="10.5555/hostile.2",
            type="journal-article",
            title=(
                "Effect of <mml:math><mml:msub><mml:mi>CO</mml:mi><mml:mn>2</mml:mn></mml:msub>"
                "</mml:math> on <i>Escherichia coli</i> &amp; the "
                "<mml:math><mml:msup><mml:mi>x</mml:mi><mml:mn>2</mml:mn></mml:msup>"
                "<mml:mo>\u2264</mml:mo><mml:mi>\u03b1</mml:mi></mml:math> bound in the UK"
                " at 37\u00b0C \u00b1 2 \u2013 a DNA study"
            ),
            authors=many,
            container_title="Physical Review E",
            volume="101",
            issue="2",
            pages="020101\u2013020105",
            issued=PartialDate(year=2020, month=2),
        ),
        Work(
            doi="10.5555/hostile.3",
            type="book",
            title="中文标题: A Study of 東京 and 北京",
            authors=[Author(literal="World Health Organization")],
            publisher="Procter & Gamble Press",
            issued=PartialDate(year=2019),
            isbn=["978-92-4-000000-0"],
        ),
        Work(
            doi="10.5555/hostile.4",
            type="book-chapter",
            title="Back\\slash and }closing{ braces",
            authors=[Author(family="Smith, Jr.", given="John"), Author(family="Cook and Son")],
            editors=[Author(family="Élise", given="Anne-Marie")],
            container_title="The Handbook of $Money$",
            publisher="Routledge",
            pages="1\u201420",
            issued=PartialDate(year=2018, month=5),
            isbn=["978-0-00-000000-0"],
        ),
        Work(
            doi="10.5555/hostile.5",
            type="proceedings-article",
            title="<b>Bold</b> and <sc>Small Caps</sc> in <i>\\LaTeX{}</i>",
            authors=[Author(family="Lee", given="Min-jun")],
            container_title="Proceedings of the 1st Workshop on ~Tildes~",
            pages="10--12",
            issued=PartialDate(year=2022, month=7),
        ),
        Work(
            doi="10.5555/hostile.6",
            type="report",
            title="Annual report 2020",
            authors=[Author(literal="Office for National Statistics")],
            publisher="ONS",
            issued=PartialDate(year=2020),
        ),
        Work(
            doi="10.5555/hostile.7",
            type="dissertation",
            title="A thesis on Ångström-scale ßtructures",
            authors=[Author(family="Øre", given="Åsa")],
            publisher="Universität Zürich",
            issued=PartialDate(year=2017),
        ),
        Work(
            doi="10.5555/hostile.8",
            type="posted-content",
            title="A preprint with 50% more _underscores_",
            authors=[Author(family="Doe", given="Jane")],
            publisher="Center for Open Science",
            issued=PartialDate(year=2023, month=3, day=1),
        ),
        Work(
            doi="10.5555/hostile_9",
            type="dataset",
            title="Dataset #9",
            authors=[Author(family="Data", given="Dana")],
            publisher="Zenodo",
            issued=PartialDate(year=2024),
        ),
    ]
