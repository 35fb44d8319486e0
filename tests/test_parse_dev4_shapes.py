"""Reference shapes first met in the dev4 strings, each tested on a different well-known work.

Astronomy, chemistry and physics lists that give no titles, a collaboration before its
members, a journal's series before the volume (AMS), United States legal citations
(Bluebook), standards cited by number, meeting acronyms in ACM proceedings, OSCOLA and MHRA
books and reports, APA descriptions in brackets, Vancouver issues and online dates, Hansard
debates and EU cases, guidelines and trial registrations, Markdown and LaTeX markup, and
Chicago and MLA roles (editor, director) after a name.
"""

from __future__ import annotations

from refenrich.text.parse import parse_reference


def test_an_astronomy_list_without_titles_gives_journal_volume_and_page() -> None:
    ref = parse_reference(
        "Freedman, W. L., Madore, B. F., Gibson, B. K., et al. 2001, ApJ, 553, 47"
    )
    assert [author.family for author in ref.authors] == ["Freedman", "Madore", "Gibson"]
    assert ref.et_al
    assert (ref.year, ref.title, ref.container_title) == (2001, None, "ApJ")
    assert (ref.volume, ref.pages, ref.type) == ("553", "47", "article")


def test_mnras_names_before_the_year_without_a_title() -> None:
    ref = parse_reference("Schechter P., 1976, ApJ, 203, 297")
    assert ref.authors[0].family == "Schechter"
    assert (ref.year, ref.title, ref.container_title) == (1976, None, "ApJ")
    assert (ref.volume, ref.pages) == ("203", "297")


def test_a_title_in_title_case_before_a_short_journal_stays_the_title() -> None:
    ref = parse_reference(
        "Chandrasekhar, S. 1943. Stochastic Problems in Physics and Astronomy. RvMP, 15, 1."
    )
    assert ref.title == "Stochastic Problems in Physics and Astronomy"
    assert (ref.container_title, ref.volume, ref.pages) == ("RvMP", "15", "1")


def test_a_collaboration_takes_no_given_name_from_the_next_author() -> None:
    ref = parse_reference(
        "Fermi-LAT Collaboration, Abdollahi, S., Acero, F., et al. 2020, ApJS, 247, 33"
    )
    assert ref.authors[0].literal == "Fermi-LAT Collaboration"
    assert [(author.family, author.given) for author in ref.authors[1:]] == [
        ("Abdollahi", "S."),
        ("Acero", "F."),
    ]
    assert (ref.container_title, ref.volume, ref.pages) == ("ApJS", "247", "33")


def test_an_ams_series_number_is_not_the_volume() -> None:
    ref = parse_reference(
        "[5] A. Wiles, Modular elliptic curves and Fermat's last theorem, Ann. of Math. (2) 141 "
        "(1995), no. 3, 443–551."
    )
    assert (ref.container_title, ref.volume, ref.issue) == ("Ann. of Math.", "141", "3")
    assert (ref.pages, ref.year) == ("443-551", 1995)
    assert "2" in ref.unparsed


def test_a_bluebook_case_is_named_by_its_parties() -> None:
    ref = parse_reference("Roe v. Wade, 410 U.S. 113 (1973).")
    assert (ref.title, ref.year, ref.type, ref.authors) == ("Roe v. Wade", 1973, "other", [])
    court = parse_reference("United States v. Microsoft Corp., 253 F.3d 34 (D.C. Cir. 2001).")
    assert (court.title, court.year) == ("United States v. Microsoft Corp.", 2001)


def test_a_bluebook_statute_keeps_its_name_and_the_code_year() -> None:
    ref = parse_reference("Civil Rights Act of 1964, 42 U.S.C. § 2000e (2018).")
    assert (ref.title, ref.year, ref.type) == ("Civil Rights Act of 1964", 2018, "other")


def test_a_law_review_article_in_bluebook_form() -> None:
    ref = parse_reference(
        "Louis Kaplow & Steven Shavell, Fairness Versus Welfare, 114 Harv. L. Rev. 961, 964 (2001)."
    )
    assert [(author.family, author.given) for author in ref.authors] == [
        ("Kaplow", "Louis"),
        ("Shavell", "Steven"),
    ]
    assert (ref.title, ref.container_title) == ("Fairness Versus Welfare", "Harv. L. Rev.")
    assert (ref.volume, ref.pages, ref.year, ref.type) == ("114", "961", 2001, "article")


def test_chicago_editor_mark_ends_the_author_part() -> None:
    ref = parse_reference(
        "Hall, Stuart, ed. Representation: Cultural Representations and Signifying Practices. "
        "London: Sage, 1997."
    )
    assert [(author.family, author.given) for author in ref.authors] == [("Hall", "Stuart")]
    assert ref.editors == ref.authors
    assert ref.title == "Representation: Cultural Representations and Signifying Practices"
    assert (ref.publisher, ref.place, ref.year) == ("Sage", "London", 1997)


def test_a_meeting_acronym_and_year_stay_in_the_proceedings_title() -> None:
    ref = parse_reference(
        "Mike Burrows. 2006. The Chubby Lock Service for Loosely-Coupled Distributed Systems. "
        "In 7th USENIX Symposium on Operating Systems Design and Implementation (OSDI 06). "
        "USENIX Association, Seattle, WA, 335–350."
    )
    assert ref.container_title == (
        "7th USENIX Symposium on Operating Systems Design and Implementation (OSDI 06)"
    )
    assert (ref.volume, ref.pages, ref.type) == (None, "335-350", "proceedings")
    merkle = parse_reference(
        "Ralph C. Merkle. 1987. A Digital Signature Based on a Conventional Encryption Function. "
        "In Advances in Cryptology (CRYPTO 1987). Springer, 369–378."
    )
    assert merkle.container_title == "Advances in Cryptology (CRYPTO 1987)"
    assert (merkle.year, merkle.pages) == (1987, "369-378")


def test_a_standard_cited_by_its_number_after_the_title() -> None:
    ref = parse_reference(
        "[7] Information Technology—Coding of Audio-Visual Objects—Part 10: Advanced Video "
        "Coding, ISO/IEC 14496-10:2014, International Organization for Standardization, "
        "Geneva, Switzerland, 2014."
    )
    assert ref.authors == []
    assert ref.title == (
        "Information Technology—Coding of Audio-Visual Objects—Part 10: Advanced Video Coding"
    )
    assert (ref.year, ref.publisher, ref.type) == (
        2014,
        "International Organization for Standardization",
        "other",
    )
    assert "ISO/IEC 14496-10:2014" in ref.unparsed
    ieee = parse_reference(
        "[8] IEEE Standard for Ethernet, IEEE Std 802.3-2018 (Revision of IEEE Std 802.3-2015), "
        "Aug. 2018."
    )
    assert (ieee.title, ieee.year) == ("IEEE Standard for Ethernet", 2018)


def test_an_oscola_book_with_its_edition_before_the_publisher() -> None:
    ref = parse_reference("Timothy Endicott, Administrative Law (4th edn, OUP 2018)")
    assert [(author.family, author.given) for author in ref.authors] == [("Endicott", "Timothy")]
    assert (ref.title, ref.publisher, ref.year) == ("Administrative Law", "OUP", 2018)
    assert (ref.edition, ref.type) == ("4", "book")


def test_an_mhra_book_by_a_name_written_out() -> None:
    ref = parse_reference("Richard Hoggart, The Uses of Literacy (London: Chatto & Windus, 1957)")
    assert [(author.family, author.given) for author in ref.authors] == [("Hoggart", "Richard")]
    assert (ref.title, ref.publisher, ref.place, ref.year) == (
        "The Uses of Literacy",
        "Chatto & Windus",
        "London",
        1957,
    )


def test_an_acs_reference_without_a_title() -> None:
    ref = parse_reference("Wittig, G.; Schöllkopf, U. Chem. Ber. 1954, 87, 1318−1330.")
    assert [(author.family, author.given) for author in ref.authors] == [
        ("Wittig", "G."),
        ("Schöllkopf", "U."),
    ]
    assert (ref.title, ref.container_title, ref.year) == (None, "Chem. Ber.", 1954)
    assert (ref.volume, ref.pages, ref.type) == ("87", "1318-1330", "article")
    # The journal's "J." after the last initials is the journal's, not an initial.
    corey = parse_reference("Corey, E. J.; Chaykovsky, M. J. Am. Chem. Soc. 1965, 87, 1353−1364.")
    assert [(author.family, author.given) for author in corey.authors] == [
        ("Corey", "E. J."),
        ("Chaykovsky", "M."),
    ]
    assert corey.container_title == "J. Am. Chem. Soc."


def test_an_apa_description_in_brackets_is_no_part_of_the_title() -> None:
    film = parse_reference("Tarantino, Q. (Director). (1994). Pulp fiction [Film]. Miramax.")
    assert (film.title, film.year, film.type) == ("Pulp fiction", 1994, "other")
    assert "Film" in film.unparsed
    podcast = parse_reference(
        "Koenig, S. (Host). (2014). The alibi [Audio podcast episode]. In Serial. WBEZ Chicago."
    )
    assert podcast.title == "The alibi"
    assert "Audio podcast episode" in podcast.unparsed


def test_an_rsc_reference_without_a_title() -> None:
    ref = parse_reference(
        "H. W. Kroto, J. R. Heath, S. C. O'Brien, R. F. Curl and R. E. Smalley, Nature, 1985, "
        "318, 162–163."
    )
    assert [author.family for author in ref.authors] == [
        "Kroto",
        "Heath",
        "O'Brien",
        "Curl",
        "Smalley",
    ]
    assert (ref.title, ref.container_title, ref.year) == (None, "Nature", 1985)
    assert (ref.volume, ref.pages, ref.type) == ("318", "162-163", "article")
    sers = parse_reference(
        "M. Fleischmann, P. J. Hendra and A. J. McQuillan, Chem. Phys. Lett., 1974, 26, 163–166."
    )
    assert [author.family for author in sers.authors] == ["Fleischmann", "Hendra", "McQuillan"]
    assert (sers.title, sers.container_title, sers.volume) == (None, "Chem. Phys. Lett.", "26")


def test_a_physics_reference_with_the_journal_place_and_no_title() -> None:
    ref = parse_reference("[2] J. Chadwick, Nature (London) 129, 312 (1932).")
    assert [(author.family, author.given) for author in ref.authors] == [("Chadwick", "J.")]
    assert (ref.title, ref.container_title) == (None, "Nature (London)")
    assert (ref.volume, ref.pages, ref.year) == ("129", "312", 1932)


def test_a_capitalised_particle_joins_the_family_name_in_an_ieee_list() -> None:
    ref = parse_reference("[6] P. G. De Gennes, Soft matter, Rev. Mod. Phys. 64, 645 (1992).")
    assert [(author.family, author.given) for author in ref.authors] == [("De Gennes", "P. G.")]
    assert (ref.title, ref.container_title) == ("Soft matter", "Rev. Mod. Phys.")


def test_trans_opening_a_journal_name_is_no_translator() -> None:
    ref = parse_reference(
        "[5] C. L. Fortescue, “Method of symmetrical co-ordinates applied to the solution of "
        "polyphase networks,” Trans. Amer. Inst. Elect. Eng., vol. 37, no. 2, pp. 1027–1140, "
        "Jul. 1918."
    )
    assert ref.container_title == "Trans. Amer. Inst. Elect. Eng."
    assert (ref.volume, ref.issue, ref.pages, ref.year) == ("37", "2", "1027-1140", 1918)


def test_an_ams_book_with_series_publisher_place_and_year_split_by_commas() -> None:
    ref = parse_reference(
        "[4] J. E. Humphreys, Introduction to Lie algebras and representation theory, Graduate "
        "Texts in Mathematics, vol. 9, Springer-Verlag, New York-Berlin, 1972. MR0323842"
    )
    assert ref.title == "Introduction to Lie algebras and representation theory"
    assert (ref.publisher, ref.place, ref.year, ref.type) == (
        "Springer-Verlag",
        "New York-Berlin",
        1972,
        "book",
    )
    assert ref.volume is None
    assert "MR0323842" in ref.unparsed
    assert "Graduate Texts in Mathematics, vol. 9" in ref.unparsed
    milnor = parse_reference(
        "[3] J. W. Milnor, Topology from the differentiable viewpoint, Univ. Press of Virginia, "
        "Charlottesville, 1965. MR0226651"
    )
    assert (milnor.title, milnor.publisher, milnor.year) == (
        "Topology from the differentiable viewpoint",
        "Univ. Press of Virginia",
        1965,
    )


def test_a_vancouver_issue_without_a_volume() -> None:
    ref = parse_reference(
        "Rees K, Dyakova M, Wilson N, Ward K, Thorogood M, Brunner E. Dietary advice for reducing "
        "cardiovascular risk. Cochrane Database Syst Rev. 2013;(12):CD002128."
    )
    assert (ref.container_title, ref.year) == ("Cochrane Database Syst Rev", 2013)
    assert (ref.volume, ref.issue, ref.pages, ref.type) == (None, "12", "CD002128", "article")


def test_a_vancouver_online_date_in_brackets_is_a_note() -> None:
    ref = parse_reference(
        "Wölfel R, Corman VM, Guggemos W, et al. Virological assessment of hospitalized "
        "patients with COVID-2019. Nature. 2020 [Epub 2020 Apr 1];581(7809):465–9."
    )
    assert (ref.container_title, ref.year) == ("Nature", 2020)
    assert (ref.volume, ref.issue, ref.pages) == ("581", "7809", "465-9")
    assert "Epub 2020 Apr 1" in ref.unparsed


def test_a_year_opening_a_meeting_name_stays_in_the_proceedings_title() -> None:
    ref = parse_reference(
        "Ross Girshick, Jeff Donahue, Trevor Darrell, and Jitendra Malik. 2014. Rich Feature "
        "Hierarchies for Accurate Object Detection and Semantic Segmentation. In 2014 IEEE "
        "Conference on Computer Vision and Pattern Recognition. 580–587."
    )
    assert ref.container_title == "2014 IEEE Conference on Computer Vision and Pattern Recognition"
    assert (ref.year, ref.volume, ref.pages, ref.type) == (2014, None, "580-587", "proceedings")
    kafka = parse_reference(
        "Jay Kreps, Neha Narkhede, and Jun Rao. 2011. Kafka: A Distributed Messaging System for "
        "Log Processing. In Proceedings 2011 NetDB Workshop. 1–7."
    )
    assert (kafka.container_title, kafka.volume) == ("Proceedings 2011 NetDB Workshop", None)


def test_ads_names_arxiv_as_the_journal_of_a_preprint() -> None:
    ref = parse_reference("Hogg, D. W., Bovy, J., & Lang, D. 2010, arXiv e-prints, arXiv:1008.4686")
    assert [author.family for author in ref.authors] == ["Hogg", "Bovy", "Lang"]
    assert (ref.title, ref.container_title, ref.arxiv) == (None, "arXiv e-prints", "1008.4686")
    assert (ref.year, ref.type) == (2010, "preprint")


def test_a_hansard_debate_has_a_year_and_no_title() -> None:
    ref = parse_reference("HC Deb 13 May 1940, vol 360, cols 1501–1525")
    assert (ref.year, ref.title, ref.volume, ref.type) == (1940, None, None, "other")
    harvard = parse_reference("Hansard (1940) HC Deb, 13 May, vol. 360, cols. 1501–1525.")
    assert [author.family or author.literal for author in harvard.authors] == ["Hansard"]
    assert (harvard.year, harvard.title, harvard.volume, harvard.type) == (
        1940,
        None,
        None,
        "other",
    )


def test_an_eu_case_cited_by_its_ecli() -> None:
    ref = parse_reference(
        "Case C-362/14 Maximillian Schrems v Data Protection Commissioner EU:C:2015:650"
    )
    assert ref.title == "Maximillian Schrems v Data Protection Commissioner"
    assert (ref.year, ref.type, ref.authors) == (2015, "other", [])


def test_a_nice_guideline_is_a_report() -> None:
    ref = parse_reference(
        "National Institute for Health and Care Excellence (2022) Type 2 diabetes in adults: "
        "management. NICE guideline NG28. London: NICE."
    )
    assert ref.authors[0].literal == "National Institute for Health and Care Excellence"
    assert (ref.title, ref.year, ref.type) == (
        "Type 2 diabetes in adults: management",
        2022,
        "report",
    )


def test_a_trial_registration_is_no_book() -> None:
    ref = parse_reference(
        "AstraZeneca (2020) Phase III Double-blind, Placebo-controlled Study of AZD1222 for the "
        "Prevention of COVID-19 in Adults. ClinicalTrials.gov identifier: NCT04516746."
    )
    assert (ref.year, ref.type) == (2020, "other")
    assert "ClinicalTrials.gov identifier: NCT04516746" in ref.unparsed


def test_markdown_and_latex_markup_is_not_read_as_text() -> None:
    rendered = parse_reference(
        "Wickham H (2016). _ggplot2: Elegant Graphics for Data Analysis_. Springer-Verlag New York."
    )
    assert rendered.title == "ggplot2: Elegant Graphics for Data Analysis"
    latex = parse_reference(
        r"Neal, R. M. (2011). {MCMC} using {H}amiltonian dynamics. \emph{Handbook of Markov "
        r"Chain Monte Carlo}, 2:113--162."
    )
    assert latex.title == "MCMC using Hamiltonian dynamics"
    assert latex.container_title == "Handbook of Markov Chain Monte Carlo"
    markdown = parse_reference(
        "- **Glorot, X., & Bengio, Y.** (2010). Understanding the difficulty of training deep "
        "feedforward neural networks. *Proceedings of the Thirteenth International Conference on "
        "Artificial Intelligence and Statistics*, 249–256."
    )
    assert [author.family for author in markdown.authors] == ["Glorot", "Bengio"]
    assert markdown.title == (
        "Understanding the difficulty of training deep feedforward neural networks"
    )
    assert markdown.container_title == (
        "Proceedings of the Thirteenth International Conference on Artificial Intelligence and "
        "Statistics"
    )


def test_an_oscola_report_by_a_body_without_full_stops() -> None:
    ref = parse_reference(
        "Law Commission, Reforming the Law of Taxi and Private Hire Services (Law Com No 347, 2014)"
    )
    assert [author.literal for author in ref.authors] == ["Law Commission"]
    assert (ref.title, ref.year, ref.type) == (
        "Reforming the Law of Taxi and Private Hire Services",
        2014,
        "report",
    )


def test_the_date_closing_an_archival_title_is_its_year() -> None:
    ref = parse_reference(
        "Keats, John. Letter to George and Tom Keats, 21 December 1817. Keats House, London."
    )
    assert (ref.title, ref.year) == ("Letter to George and Tom Keats", 1817)
    assert "21 December 1817" in ref.unparsed


def test_opus_is_an_abbreviation_inside_a_title() -> None:
    ref = parse_reference("Chopin, Frédéric. Nocturnes, Op. 9. Leipzig: Kistner, 1833.")
    assert (ref.title, ref.publisher, ref.year) == ("Nocturnes, Op. 9", "Kistner", 1833)


def test_an_mla_role_after_the_name_is_no_author() -> None:
    ref = parse_reference(
        "Coppola, Francis Ford, director. The Godfather. Paramount Pictures, 1972."
    )
    assert [(author.family, author.given) for author in ref.authors] == [
        ("Coppola", "Francis Ford")
    ]
    assert (ref.title, ref.year, ref.type) == ("The Godfather", 1972, "other")


def test_early_view_after_the_journal_is_an_online_first_note() -> None:
    ref = parse_reference(
        "Warton, D. I. and Hui, F. K. C. (2011) ‘The arcsine is asinine: the analysis of "
        "proportions in ecology’, Ecology, early view."
    )
    assert ref.container_title == "Ecology"
    assert "early view" in ref.unparsed
