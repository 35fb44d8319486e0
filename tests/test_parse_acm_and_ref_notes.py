"""ACM's reference format and the notes REF impact case studies add after a reference."""

from __future__ import annotations

from refenrich.text.parse import parse_reference


def _families(text: str) -> list[str | None]:
    return [author.family for author in parse_reference(text).authors]


def test_acm_names_written_out_in_direct_order() -> None:
    text = (
        "Giuseppe DeCandia, Deniz Hastorun, Madan Jampani, and Werner Vogels. 2007. Dynamo: "
        "Amazon’s Highly Available Key-value Store. In Proceedings of Twenty-first ACM SIGOPS "
        "Symposium on Operating Systems Principles (SOSP ’07). ACM, New York, NY, USA, 205–220."
    )
    reference = parse_reference(text)
    assert _families(text) == ["DeCandia", "Hastorun", "Jampani", "Vogels"]
    assert reference.authors[0].given == "Giuseppe"
    assert reference.year == 2007
    assert reference.title == "Dynamo: Amazon’s Highly Available Key-value Store"
    # "’07" is the conference's year cut short, not a volume, and stays in the name.
    assert reference.container_title == (
        "Proceedings of Twenty-first ACM SIGOPS Symposium on Operating Systems Principles "
        "(SOSP ’07)"
    )
    assert reference.volume is None
    assert reference.pages == "205-220"
    assert reference.type == "proceedings"


def test_acm_single_author_is_a_person_not_a_group() -> None:
    reference = parse_reference(
        "Edsger W. Dijkstra. 1968. Go To Statement Considered Harmful. Commun. ACM 11, 3 "
        "(March 1968), 147–148."
    )
    assert (reference.authors[0].family, reference.authors[0].given) == ("Dijkstra", "Edsger W.")
    assert (reference.volume, reference.issue, reference.pages) == ("11", "3", "147-148")


def test_acm_two_word_single_author() -> None:
    text = "Grace Hopper. 1952. The Education of a Computer. In Proceedings of the ACM National Meeting. ACM, 243–249."
    assert _families(text) == ["Hopper"]


def test_acm_article_number_after_the_issue() -> None:
    reference = parse_reference(
        "Ben Mildenhall, Pratul P. Srinivasan, and Matthew Tancik. 2021. NeRF: Representing "
        "Scenes as Neural Radiance Fields for View Synthesis. Commun. ACM 65, 1, Article 99 "
        "(January 2021), 9 pages."
    )
    assert (reference.volume, reference.issue) == ("65", "1")


def test_first_name_inverted_still_reads_inverted() -> None:
    # MLA and Chicago invert the first name only: "Family, Given, and Given Family".
    assert _families("Smith, John, and Jane Doe. The Title. New York: Norton, 2001.") == [
        "Smith",
        "Doe",
    ]


def test_spanish_particles_join_the_family_name() -> None:
    assert _families("Diego de los Santos and Ana de las Heras. 2015. A Title. ACM, 1–10.") == [
        "de los Santos",
        "de las Heras",
    ]


def test_group_author_before_a_bare_year_stays_a_group() -> None:
    reference = parse_reference("World Bank. 2019. World Development Report 2019. Washington, DC.")
    assert reference.authors[0].literal == "World Bank"


def test_ref_output_type_note() -> None:
    reference = parse_reference(
        "Piketty, T. (2014) Capital in the Twenty-First Century. Cambridge, MA: Belknap Press. "
        "Output type: Authored book."
    )
    assert reference.title == "Capital in the Twenty-First Century"
    assert reference.publisher == "Belknap Press"
    assert reference.type == "book"
    assert "Output type: Authored book" in reference.unparsed


def test_ref_output_type_of_a_practice_output() -> None:
    reference = parse_reference(
        "Adès, T. (2004) The Tempest. Opera in three acts. London: Faber Music. "
        "Output type: Composition."
    )
    assert reference.type == "other"
    assert reference.title == "The Tempest"


def test_ref_submission_funding_and_grant_notes_go_to_unparsed() -> None:
    base = (
        "Chetty, R., Hendren, N., Kline, P. and Saez, E. (2014) 'Where is the land of "
        "opportunity?', Quarterly Journal of Economics, 129(4), pp. 1553–1623."
    )
    for note in (
        "Submitted to REF2 by Harvard.",
        "Submitted to REF2 (output 1 of 3).",
        "Funded by ESRC (ES/L000000/1, £120,000).",
        "(Grant: Nuffield Foundation, £95k, 2012–2014).",
        "Available on request.",
        "[Journal article; available on request]",
    ):
        reference = parse_reference(f"{base} {note}")
        assert reference.container_title == "Quarterly Journal of Economics", note
        assert (reference.volume, reference.issue, reference.pages) == ("129", "4", "1553-1623")
        assert reference.year == 2014, note
        assert reference.unparsed == [note.strip(" .")], note
