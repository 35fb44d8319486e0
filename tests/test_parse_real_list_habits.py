"""Habits of real reference lists: entities pasted from web pages, translated titles in
brackets, reprints, names written in lower case, "et al;" before a group, RSC's journal
references without a title."""

from __future__ import annotations

from refenrich.text.parse import parse_reference


def test_html_entities_from_a_web_page() -> None:
    reference = parse_reference(
        "Kahneman, D., &amp; Tversky, A. (1979). Prospect theory: An analysis of decision "
        "under risk. Econometrica, 47(2), 263–291."
    )
    assert [author.family for author in reference.authors] == ["Kahneman", "Tversky"]
    assert reference.container_title == "Econometrica"


def test_translated_title_in_brackets_after_the_title() -> None:
    reference = parse_reference(
        "Habermas, Jürgen. Strukturwandel der Öffentlichkeit [The Structural Transformation "
        "of the Public Sphere]. Neuwied: Luchterhand, 1962."
    )
    assert reference.title == "Strukturwandel der Öffentlichkeit"
    assert "The Structural Transformation of the Public Sphere" in reference.unparsed
    assert (reference.publisher, reference.year) == ("Luchterhand", 1962)


def test_translated_title_in_brackets_after_a_quoted_title() -> None:
    reference = parse_reference(
        "Benjamin, Walter, ‘Über den Begriff der Geschichte’ [On the Concept of History], "
        "Neue Rundschau, 61 (1950), 560–70"
    )
    assert reference.title == "Über den Begriff der Geschichte"
    assert reference.container_title == "Neue Rundschau"


def test_bracket_notes_that_say_what_a_work_is_stay() -> None:
    reference = parse_reference(
        "World Health Organization. Global tuberculosis report 2020 [Internet]. Geneva: WHO; 2020."
    )
    assert reference.title == "Global tuberculosis report 2020"
    assert reference.type == "report"


def test_reprint_year_with_the_original_in_brackets() -> None:
    reference = parse_reference(
        "Keynes JM. The General Theory of Employment, Interest and Money. London: Macmillan, "
        "2007 [1936]."
    )
    assert reference.year == 2007
    assert "first published 1936" in reference.unparsed


def test_reprinted_by_another_publisher() -> None:
    reference = parse_reference(
        "Weber M (1930) The Protestant Ethic and the Spirit of Capitalism. Allen & Unwin, "
        "London; reprinted Routledge, Abingdon, 2001"
    )
    assert reference.year == 2001
    assert reference.publisher == "Routledge"
    assert "first published 1930" in reference.unparsed


def test_chicago_reprint_note() -> None:
    reference = parse_reference(
        "Kuhn, Thomas S. The Structure of Scientific Revolutions. Chicago: University of "
        "Chicago Press, 1962. Reprint, with an introduction by Ian Hacking, 2012."
    )
    assert reference.year == 2012
    assert reference.publisher == "University of Chicago Press"
    assert reference.type == "book"


def test_names_written_in_lower_case() -> None:
    reference = parse_reference(
        "hooks, bell. Teaching to Transgress: Education as the Practice of Freedom. "
        "Routledge, 1994."
    )
    assert [(a.family, a.given) for a in reference.authors] == [("hooks", "bell")]
    reference = parse_reference("simon, h. a., & march, j. g. (1958). organizations. wiley.")
    assert [(a.family, a.given) for a in reference.authors] == [
        ("simon", "h. a."),
        ("march", "j. g"),
    ]
    assert (reference.year, reference.title) == (1958, "organizations")


def test_et_al_before_a_group_author() -> None:
    reference = parse_reference(
        "Baden LR, El Sahly HM, Essink B, et al; COVE Study Group. Efficacy and safety of the "
        "mRNA-1273 SARS-CoV-2 vaccine. N Engl J Med. 2021;384(5):403-416."
    )
    assert [a.family or a.literal for a in reference.authors] == [
        "Baden",
        "El Sahly",
        "Essink",
        "COVE Study Group",
    ]
    assert reference.et_al


def test_rsc_reference_without_a_title() -> None:
    reference = parse_reference("5 K. S. Novoselov and A. K. Geim, Nat. Mater., 2007, 6, 183–191.")
    assert [a.family for a in reference.authors] == ["Novoselov", "Geim"]
    assert reference.title is None
    assert reference.container_title == "Nat. Mater."
    assert (reference.year, reference.volume, reference.pages) == (2007, "6", "183-191")


def test_rsc_reference_with_a_title() -> None:
    reference = parse_reference(
        "R. Noyori, Asymmetric catalysis: science and opportunities, Angew. Chem., 2002, 41, "
        "2008–2022."
    )
    assert reference.title == "Asymmetric catalysis: science and opportunities"
    assert reference.container_title == "Angew. Chem."
    assert (reference.year, reference.volume) == (2002, "41")


def test_corporate_author_with_commas_and_an_acronym() -> None:
    reference = parse_reference(
        "University of Manchester, NIHR Patient Safety Research Collaboration (2022) Annual "
        "report 2021–22. Manchester: University of Manchester."
    )
    assert [author.literal for author in reference.authors] == [
        "University of Manchester, NIHR Patient Safety Research Collaboration"
    ]
    assert reference.year == 2022


def test_vancouver_question_title_before_a_short_journal_name() -> None:
    reference = parse_reference(
        "Horton R. Offline: What is medicine's 5 sigma? Lancet. 2015;385(9976):1380."
    )
    assert reference.title == "Offline: What is medicine's 5 sigma?"
    assert reference.container_title == "Lancet"
    assert (reference.volume, reference.issue, reference.pages) == ("385", "9976", "1380")


def test_a_journal_named_database_with_an_issue_is_a_journal() -> None:
    reference = parse_reference(
        "Smith J, Jones K. Exercise for depression. Cochrane Database Syst Rev. 2013;9(9):CD004366."
    )
    assert reference.container_title == "Cochrane Database Syst Rev"
    assert reference.type == "article"


def test_question_title_before_a_place_and_publisher() -> None:
    reference = parse_reference(
        "Sandel, M.J. (2009) Justice: What's the Right Thing to Do? New York, NY: Farrar, "
        "Straus and Giroux."
    )
    assert reference.title == "Justice: What's the Right Thing to Do?"
    assert reference.place == "New York, NY"


def test_place_and_publisher_after_a_comma() -> None:
    reference = parse_reference(
        "Schelling, Thomas (1960), The Strategy of Conflict, Cambridge, MA: Harvard University "
        "Press"
    )
    assert reference.title == "The Strategy of Conflict"
    assert (reference.place, reference.publisher) == ("Cambridge, MA", "Harvard University Press")
    assert reference.type == "book"


def test_double_issue_with_a_slash() -> None:
    reference = parse_reference(
        "Spivak, Gayatri Chakravorty. “Can the Subaltern Speak?” Wedge, no. 7/8, 1985, pp. 120–30."
    )
    assert reference.issue == "7/8"


def test_agu_electronic_locator() -> None:
    reference = parse_reference(
        "Lenssen, N. J. L., Schmidt, G. A., Hansen, J. E., et al. (2019). Improvements in the "
        "GISTEMP uncertainty model. Journal of Geophysical Research: Atmospheres, 124, "
        "e2019JD030680."
    )
    assert (reference.volume, reference.pages) == ("124", "e2019JD030680")


def test_question_title_before_a_report_series() -> None:
    reference = parse_reference(
        "Piketty, T. and Saez, E. (2001) Income inequality in the United States: does it "
        "matter? NBER Working Paper 8467. Cambridge, MA: National Bureau of Economic Research."
    )
    assert reference.title == "Income inequality in the United States: does it matter?"
    assert reference.type == "report"
    assert reference.publisher == "National Bureau of Economic Research"


def test_an_organisation_that_publishes_its_own_work_issues_a_report() -> None:
    reference = parse_reference(
        "Citizens Advice (2019) The cost of credit. London: Citizens Advice."
    )
    assert reference.authors[0].literal == "Citizens Advice"
    assert reference.type == "report"


def test_publisher_and_place_after_a_title_ending_in_a_letter() -> None:
    reference = parse_reference(
        "Wood SN (2017) Generalized additive models: an introduction with R. CRC Press, Boca Raton"
    )
    assert reference.title == "Generalized additive models: an introduction with R"
    assert (reference.publisher, reference.place) == ("CRC Press", "Boca Raton")


def test_ama_journal_before_published_online() -> None:
    reference = parse_reference(
        "Baden LR, Rubin EJ. Covid-19: the search for an effective therapy. N Engl J Med. "
        "Published online March 18, 2020. doi:10.1056/NEJMe2005477"
    )
    assert reference.container_title == "N Engl J Med"
    assert reference.type == "article"


def test_an_international_body_before_a_bare_year_is_a_group() -> None:
    # Chicago author-date and Harvard without brackets (Transparency International
    # publishes the Corruption Perceptions Index each year: public facts).
    for text in (
        "Transparency International. 2019. Corruption Perceptions Index 2019. Berlin: "
        "Transparency International.",
        "Transparency International, 2019. Corruption Perceptions Index 2019. Berlin.",
    ):
        reference = parse_reference(text)
        assert [author.literal for author in reference.authors] == ["Transparency International"]
        assert reference.year == 2019
