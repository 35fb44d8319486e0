"""Shapes nobody tuned for (session 6), each tested on a different real work than the
string that showed the failure.

Preprint servers named with NLM's "[Preprint]" mark, ACM's series and volume in brackets
after a proceedings title, names built on a father's name ("wa", "ap"), organisations
named for health or research, and a particle that ends a direct-order name.
"""

from __future__ import annotations

from refenrich.text.names import parse_names
from refenrich.text.parse import parse_reference


def test_nlm_preprint_server_before_its_mark_is_the_container() -> None:
    ref = parse_reference(
        "Sattler A, Angermair S, Stockmann H, Heim KM, Khadzhynov D, Treskatsch S, et al. "
        "SARS-CoV-2 specific T-cell responses and correlations with COVID-19 patient "
        "predisposition. medRxiv [Preprint]. 2020 [cited 2020 Jun 1]. "
        "Available from: https://doi.org/10.1101/2020.05.19.20106245"
    )
    assert ref.container_title == "medRxiv"
    assert ref.type == "preprint"
    assert ref.year == 2020
    assert ref.volume is None
    assert str(ref.title).endswith("patient predisposition")


def test_nlm_preprint_number_between_server_and_mark_is_no_volume() -> None:
    ref = parse_reference(
        "Korber B, Fischer WM, Gnanakaran S, Yoon H, Theiler J, Abfalterer W, et al. "
        "Spike mutation pipeline reveals the emergence of a more transmissible form of "
        "SARS-CoV-2. bioRxiv 069054 [Preprint]. 2020. doi:10.1101/2020.04.29.069054"
    )
    assert (ref.container_title, ref.volume, ref.type) == ("bioRxiv", None, "preprint")
    assert ref.doi == "10.1101/2020.04.29.069054"


def test_acm_series_and_volume_in_brackets_leave_the_proceedings_title() -> None:
    ref = parse_reference(
        "Andrew Y. Ng and Michael I. Jordan. 2001. On Discriminative vs. Generative "
        "Classifiers: A Comparison of Logistic Regression and Naive Bayes. In Proceedings "
        "of the 14th International Conference on Neural Information Processing Systems "
        "(Advances in Neural Information Processing Systems, Vol. 14). MIT Press, 841–848."
    )
    assert ref.container_title == (
        "Proceedings of the 14th International Conference on Neural Information Processing Systems"
    )
    assert ref.volume is None
    assert ref.pages == "841-848"
    assert ref.publisher == "MIT Press"


def test_a_name_built_on_a_fathers_name_is_kept_whole() -> None:
    ref = parse_reference("Mukoma wa Ngugi. Nairobi Heat. Melville House, 2011.")
    assert [(a.family, a.given) for a in ref.authors] == [("Mukoma wa Ngugi", None)]
    welsh, _ = parse_names("Dafydd ap Gwilym")
    assert [(a.family, a.given) for a in welsh] == [("Dafydd ap Gwilym", None)]
    # A particle that joins a family name still does: "Ludwig van Beethoven".
    german, _ = parse_names("Ludwig van Beethoven")
    assert [(a.family, a.given) for a in german] == [("van Beethoven", "Ludwig")]


def test_health_and_research_bodies_are_organisations() -> None:
    ref = parse_reference(
        "Health Canada (2019) Canada's Food Guide. Ottawa: Health Canada. "
        "Available at: https://food-guide.canada.ca/en/ (Accessed: 4 May 2021)."
    )
    assert [a.literal for a in ref.authors] == ["Health Canada"]
    vancouver = parse_reference(
        "Medical Research Council. MRC Strategic Plan 2009-2014. London: MRC; 2009."
    )
    assert [a.literal for a in vancouver.authors] == ["Medical Research Council"]


def test_a_particle_last_in_a_direct_name_is_the_family_name() -> None:
    names, _ = parse_names(
        "Jeffrey Dean, Greg S. Corrado, Rajat Monga, Kai Chen, Matthieu Devin, Quoc V. Le, "
        "Mark Z. Mao, and Andrew Y. Ng"
    )
    assert [a.family for a in names] == [
        "Dean",
        "Corrado",
        "Monga",
        "Chen",
        "Devin",
        "Le",
        "Mao",
        "Ng",
    ]
    names, _ = parse_names("Sanjiv Das, Hongbo Zhang, Ankit Sharma")
    assert [(a.family, a.given) for a in names] == [
        ("Das", "Sanjiv"),
        ("Zhang", "Hongbo"),
        ("Sharma", "Ankit"),
    ]


def test_a_report_series_and_its_number_after_a_comma_are_no_journal_issue() -> None:
    ref = parse_reference(
        "World Health Organization (2003) Diet, nutrition and the prevention of chronic "
        "diseases. WHO Technical Report Series, No. 916. Geneva: World Health Organization."
    )
    assert (ref.container_title, ref.issue, ref.type) == (None, None, "report")
    assert ref.title == "Diet, nutrition and the prevention of chronic diseases"
    assert ref.publisher == "World Health Organization"


def test_a_map_scale_is_no_volume_and_page() -> None:
    ref = parse_reference(
        "Harvey (2019) Lake District: British Mountain Map. 1:40 000. Doune: Harvey Map Services."
    )
    assert (ref.volume, ref.pages, ref.type) == (None, None, "other")
    assert ref.title == "Lake District: British Mountain Map"
    assert ref.publisher == "Harvey Map Services"
    # A volume and page without an issue stay what they are.
    old = parse_reference("Doll R, Hill AB. Smoking and carcinoma of the lung. BMJ. 1950;2:739-48.")
    assert (old.volume, old.pages) == ("2", "739-48")


def test_a_magazine_month_without_a_day_is_no_part_of_its_name() -> None:
    ref = parse_reference(
        "Carr, N. (2008) ‘Is Google making us stupid?’, The Atlantic, July. "
        "Available at: https://www.theatlantic.com/magazine/archive/2008/07/"
        "is-google-making-us-stupid/306868/ (Accessed: 1 May 2020)."
    )
    assert ref.container_title == "The Atlantic"
    assert (ref.year, ref.type) == (2008, "article")


def test_a_weekly_named_after_an_unquoted_title_is_the_container() -> None:
    ref = parse_reference(
        "Nast, Thomas. The Tammany Tiger Loose. Harper’s Weekly, November 11, 1871."
    )
    assert (ref.title, ref.container_title) == ("The Tammany Tiger Loose", "Harper’s Weekly")
    assert (ref.year, ref.publisher, ref.type) == (1871, None, "article")


def test_the_book_a_review_reviews_is_neither_title_nor_container() -> None:
    ref = parse_reference(
        "Kamp, David. “Deconstructing Dinner.” Review of The Omnivore’s Dilemma: A Natural "
        "History of Four Meals, by Michael Pollan. New York Times, April 23, 2006."
    )
    assert (ref.title, ref.container_title) == ("Deconstructing Dinner", "New York Times")
    assert (ref.year, ref.type) == (2006, "article")


def test_a_page_after_the_volume_and_year_in_brackets_is_the_first_page() -> None:
    ref = parse_reference(
        "[3] S. Ryu and T. Takayanagi, Aspects of holographic entanglement entropy, "
        "JHEP 08 (2006) 045 [hep-th/0605073]."
    )
    assert (ref.container_title, ref.volume, ref.year, ref.pages) == ("JHEP", "08", 2006, "045")
    atlas = parse_reference(
        "ATLAS Collaboration, Observation of a new particle in the search for the Standard "
        "Model Higgs boson with the ATLAS detector at the LHC, Phys. Lett. B 716 (2012) 1."
    )
    assert (atlas.container_title, atlas.volume, atlas.pages) == ("Phys. Lett. B", "716", "1")


def test_a_year_in_brackets_after_an_arxiv_number_is_the_year() -> None:
    ref = parse_reference(
        "[2] J. M. Maldacena, The large N limit of superconformal field theories and "
        "supergravity, arXiv:hep-th/9711200 (1997)."
    )
    assert (ref.year, ref.arxiv, ref.type) == (1997, "hep-th/9711200", "preprint")
    assert ref.title == "The large N limit of superconformal field theories and supergravity"


def test_an_issue_supplement_without_a_number_is_the_issue() -> None:
    ref = parse_reference(
        "R.A. Weiss, A.J. McMichael, Social and environmental risk factors in the emergence "
        "of infectious diseases, Nat. Med. 10 (12 Suppl) (2004) S70–S76."
    )
    assert (ref.volume, ref.issue, ref.pages) == ("10", "12 Suppl", "S70-S76")
    assert ref.publisher is None


def test_iso4_journal_names_with_long_shortened_words_stay_whole() -> None:
    elsevier = parse_reference(
        "S.A. Kalogirou, Solar thermal collectors and applications, "
        "Prog. Energy Combust. Sci. 30 (2004) 231–295."
    )
    assert elsevier.title == "Solar thermal collectors and applications"
    assert elsevier.container_title == "Prog. Energy Combust. Sci."
    assert (elsevier.volume, elsevier.pages) == ("30", "231-295")
    nature = parse_reference(
        "Taylor, S. R. Abundance of chemical elements in the continental crust: a new table. "
        "Geochim. Cosmochim. Acta 28, 1273–1285 (1964)."
    )
    assert nature.container_title == "Geochim. Cosmochim. Acta"
    assert (nature.volume, nature.pages, nature.year) == ("28", "1273-1285", 1964)
    ieee = parse_reference(
        "E. J. Candès and M. B. Wakin, “An introduction to compressive sampling,” "
        "IEEE Signal Process. Mag., vol. 25, no. 2, pp. 21–30, Mar. 2008."
    )
    assert str(ieee.container_title).rstrip(".") == "IEEE Signal Process. Mag"


def test_philosophical_transactions_is_no_translator() -> None:
    ref = parse_reference(
        "Turing, A. M. The chemical basis of morphogenesis. "
        "Phil. Trans. R. Soc. Lond. B 237, 37–72 (1952)."
    )
    assert str(ref.container_title).rstrip(".") == "Phil. Trans. R. Soc. Lond. B"
    assert (ref.volume, ref.pages, ref.year) == ("237", "37-72", 1952)
    assert ref.unparsed == []


def test_spaces_a_paste_lost_or_misplaced_are_put_right() -> None:
    ref = parse_reference(
        "Efron B ,Tibshirani R. Bootstrap methods for standard errors, confidence intervals, "
        "and other measures of statistical accuracy.Statistical Science.1986;1(1):54–75."
    )
    assert [(a.family, a.given) for a in ref.authors] == [("Efron", "B"), ("Tibshirani", "R")]
    assert (ref.container_title, ref.year) == ("Statistical Science", 1986)
    assert (ref.volume, ref.issue, ref.pages) == ("1", "1", "54-75")
    glued = parse_reference(
        "Zeger SL, Liang KY. Longitudinal data analysis for discrete and continuous "
        "outcomes. Biometrics1986;42:121–30."
    )
    assert (glued.container_title, glued.year, glued.volume) == ("Biometrics", 1986, "42")
    packed = parse_reference(
        "May,R.M.(1972)Will a large complex system be stable?Nature,238,413–414."
    )
    assert [(a.family, a.given) for a in packed.authors] == [("May", "R.M.")]
    assert (packed.year, packed.title) == (1972, "Will a large complex system be stable?")
    assert (packed.container_title, packed.volume, packed.pages) == ("Nature", "238", "413-414")


def test_a_task_force_before_its_members_is_one_group() -> None:
    ref = parse_reference(
        "US Preventive Services Task Force; Davidson KW, Barry MJ, Mangione CM, et al. "
        "Screening for colorectal cancer: US Preventive Services Task Force recommendation "
        "statement. JAMA. 2021;325(19):1965-1977."
    )
    assert ref.authors[0].literal == "US Preventive Services Task Force"
    assert [a.family for a in ref.authors[1:]] == ["Davidson", "Barry", "Mangione"]
    assert (ref.container_title, ref.volume, ref.issue) == ("JAMA", "325", "19")
