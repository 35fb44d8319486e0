"""Names close to the record's that are, or are not, the record's: a sibling journal
("Nature Medicine" for Nature), a title that runs on past the record's ("Deep learning for
everyone"), a conference named the way people cite it ("CVPR").

The records are written from public bibliographic facts: LeCun, Bengio and Hinton, "Deep
learning", Nature 521(7553): 436-444, 2015, doi:10.1038/nature14539; He, Zhang, Ren and
Sun, "Deep Residual Learning for Image Recognition", 2016 IEEE Conference on Computer
Vision and Pattern Recognition (CVPR), 770-778, doi:10.1109/CVPR.2016.90; Ostrom,
"Governing the Commons", Cambridge University Press, 1990, doi:10.1017/CBO9780511807763.
"""

from __future__ import annotations

import pytest

from refenrich.compare import compare, compare_title, compare_venue
from refenrich.models import Author, Finding, PartialDate, Severity, Work
from refenrich.text.parse import parse_reference

DEEP_LEARNING = Work(
    doi="10.1038/nature14539",
    type="journal-article",
    title="Deep learning",
    authors=[
        Author(family="LeCun", given="Yann"),
        Author(family="Bengio", given="Yoshua"),
        Author(family="Hinton", given="Geoffrey"),
    ],
    container_title="Nature",
    volume="521",
    issue="7553",
    pages="436-444",
    issued=PartialDate(year=2015, month=5, day=27),
    published_online=PartialDate(year=2015, month=5, day=27),
    published_print=PartialDate(year=2015, month=5, day=28),
)

RESNET = Work(
    doi="10.1109/cvpr.2016.90",
    type="proceedings-article",
    title="Deep Residual Learning for Image Recognition",
    authors=[
        Author(family="He", given="Kaiming"),
        Author(family="Zhang", given="Xiangyu"),
        Author(family="Ren", given="Shaoqing"),
        Author(family="Sun", given="Jian"),
    ],
    container_title="2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)",
    pages="770-778",
    issued=PartialDate(year=2016, month=6),
    published_print=PartialDate(year=2016, month=6),
)

# Crossref holds the book's title without its subtitle in some records.
COMMONS = Work(
    doi="10.1017/cbo9780511807763",
    type="book",
    title="Governing the Commons",
    authors=[Author(family="Ostrom", given="Elinor")],
    publisher="Cambridge University Press",
    issued=PartialDate(year=1990, month=11, day=30),
)

LECUN = "LeCun, Y., Bengio, Y., & Hinton, G. (2015). "
HE = "He, K., Zhang, X., Ren, S., & Sun, J. (2016). Deep residual learning for image recognition. "


def venue_findings(text: str, work: Work) -> list[tuple[str, Severity]]:
    reference = parse_reference(text)
    return [(f.code, f.severity) for f in compare_venue(reference, work)]


def title_findings(text: str, work: Work) -> list[Finding]:
    return compare_title(parse_reference(text), work)


@pytest.mark.parametrize(
    "venue", ["Nature Reviews Neuroscience", "Nature Medicine", "Nature Communications"]
)
def test_a_sibling_journal_is_another_journal(venue: str) -> None:
    # the journal's site in a link names no journal
    text = f"{LECUN}Deep learning. *{venue}*, 521(7553), 436–444. https://www.nature.com/articles/x"
    assert parse_reference(text).container_title == venue
    assert venue_findings(text, DEEP_LEARNING) == [("venue_mismatch", Severity.ERROR)]


@pytest.mark.parametrize(
    "venue",
    [
        "Nature",
        "Nature (London)",
        "Nature: International Weekly Journal of Science",
    ],
)
def test_the_journal_with_a_qualifier_or_subtitle_is_the_journal(venue: str) -> None:
    text = f"{LECUN}Deep learning. {venue}, 521(7553), 436–444."
    assert venue_findings(text, DEEP_LEARNING) == []


def test_a_trailing_of_phrase_or_a_place_after_a_comma_is_not_a_sibling() -> None:
    pnas = DEEP_LEARNING.model_copy(
        update={"container_title": "Proceedings of the National Academy of Sciences"}
    )
    long_name = "Proceedings of the National Academy of Sciences of the United States of America"
    reference = parse_reference(f"{LECUN}Deep learning. {long_name}, 521(7553), 436–444.")
    assert compare_venue(reference.model_copy(update={"container_title": long_name}), pnas) == []
    icml = DEEP_LEARNING.model_copy(
        update={
            "type": "proceedings-article",
            "container_title": "Proceedings of the 35th International Conference on Machine "
            "Learning",
        }
    )
    claimed = "Proceedings of the 35th International Conference on Machine Learning, PMLR"
    reference = parse_reference(f"{LECUN}Deep learning. In {claimed} 80, pp. 436–444.")
    assert compare_venue(reference.model_copy(update={"container_title": claimed}), icml) == []


def test_a_title_run_on_past_the_records_is_flagged() -> None:
    text = f"{LECUN}Deep learning for everyone. Nature, 521(7553), 436–444."
    [finding] = title_findings(text, DEEP_LEARNING)
    assert (finding.code, finding.severity) == ("title_differs", Severity.WARNING)
    assert "for everyone" in finding.message
    assert finding.actual == "Deep learning"


@pytest.mark.parametrize(
    "text",
    [
        # the record's subtitle is missing from the record, not added by the reference
        "Ostrom, E. (1990). Governing the commons: The evolution of institutions for "
        "collective action. Cambridge University Press.",
        # the parser ran the publisher into the title
        "Ostrom E. Governing the Commons, Cambridge University Press, Cambridge, 1990.",
    ],
)
def test_a_subtitle_or_run_on_fields_are_not_another_title(text: str) -> None:
    assert title_findings(text, COMMONS) == []


@pytest.mark.parametrize(
    "venue",
    [
        "In Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition "
        "(pp. 770–778).",
        "In CVPR (pp. 770–778).",
        "In Proc. IEEE Conf. Computer Vision and Pattern Recognition, pp. 770–778.",
    ],
)
def test_a_conference_cited_the_usual_ways_is_the_records(venue: str) -> None:
    assert venue_findings(HE + venue, RESNET) == []


def test_another_conference_is_flagged() -> None:
    text = HE + "In Proceedings of the European Conference on Computer Vision (pp. 770–778)."
    assert venue_findings(text, RESNET) == [("venue_mismatch", Severity.WARNING)]


def test_the_made_up_neighbour_of_a_real_article_gets_every_difference() -> None:
    """A list from a chat assistant: real authors, a title run on, a sibling journal,
    another volume and pages, and the real article's DOI."""
    text = (
        "Hinton, G., LeCun, Y., & Bengio, Y. (2016). Deep learning for everyone. "
        "*Nature Reviews Neuroscience*, 17(3), 123–130. https://doi.org/10.1038/nature14539"
    )
    fields = {finding.field.value for finding in compare(parse_reference(text), DEEP_LEARNING)}
    assert {"title", "venue", "volume", "pages", "year", "authors"} <= fields


def test_a_journal_named_for_a_proceedings_record_says_what_the_record_is() -> None:
    text = HE + "IEEE Transactions on Pattern Analysis and Machine Intelligence, 770–778."
    (finding,) = [f for f in compare(parse_reference(text), RESNET) if f.field.value == "venue"]
    assert finding.severity is Severity.WARNING
    assert "the record appeared in the proceedings '2016 IEEE Conference" in finding.message
    assert "a journal version would have a DOI of its own" in finding.message
    assert "book" not in finding.message
