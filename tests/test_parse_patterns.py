"""Reference shapes met in real reference lists, one test per pattern the parser must read.

Every row is written from public bibliographic facts about a well-known work (author,
title, venue, volume, pages), in the shape a style guide or a house style gives it. A row
checks only the fields its pattern is about; ``authors`` lists family names (or the
literal name of a group) in order.
"""

from __future__ import annotations

from typing import Any

import pytest

from refenrich.models import Reference
from refenrich.text.parse import parse_reference


def _families(reference: Reference) -> list[str | None]:
    return [author.family or author.literal for author in reference.authors]


PATTERNS: list[tuple[str, str, dict[str, Any]]] = [
    # --- Elsevier numbered: "Title, J. Abbrev. 215 (1990) 403–410" ---------------------
    (
        "elsevier-abbreviated-journal",
        "J. Bardeen, L.N. Cooper, J.R. Schrieffer, Theory of superconductivity, "
        "Phys. Rev. 108 (1957) 1175–1204.",
        {
            "authors": ["Bardeen", "Cooper", "Schrieffer"],
            "title": "Theory of superconductivity",
            "container_title": "Phys. Rev.",
            "volume": "108",
            "year": 1957,
            "pages": "1175-1204",
            "type": "article",
        },
    ),
    (
        "elsevier-long-abbreviation",
        "M. Born, R. Oppenheimer, Zur Quantentheorie der Molekeln, Ann. Phys. 389 (1927) 457–484.",
        {
            "title": "Zur Quantentheorie der Molekeln",
            "container_title": "Ann. Phys.",
            "volume": "389",
            "pages": "457-484",
        },
    ),
    (
        "elsevier-corporate-author",
        "ATLAS Collaboration, Observation of a new particle in the search for the Standard "
        "Model Higgs boson with the ATLAS detector at the LHC, Phys. Lett. B 716 (2012) 1–29.",
        {
            "authors": ["ATLAS Collaboration"],
            "title": "Observation of a new particle in the search for the Standard Model Higgs "
            "boson with the ATLAS detector at the LHC",
            "container_title": "Phys. Lett. B",
            "volume": "716",
            "year": 2012,
        },
    ),
    # --- abbreviated journal names keep every word -------------------------------------
    (
        "nature-proc-natl-acad",
        "Hansen, J. et al. Global temperature change. Proc. Natl Acad. Sci. USA 103, "
        "14288–14293 (2006).",
        {
            "authors": ["Hansen"],
            "title": "Global temperature change",
            "container_title": "Proc. Natl Acad. Sci. USA",
            "volume": "103",
            "year": 2006,
        },
    ),
    (
        "nature-long-abbreviated-word",
        "Einstein, A., Podolsky, B. & Rosen, N. Can quantum-mechanical description of physical "
        "reality be considered complete? Phys. Rev. 47, 777–780 (1935).",
        {"container_title": "Phys. Rev.", "volume": "47", "pages": "777-780"},
    ),
    (
        "nature-astrophys",
        "Penzias, A. A. & Wilson, R. W. A measurement of excess antenna temperature at "
        "4080 Mc/s. Astrophys. J. 142, 419–421 (1965).",
        {
            "authors": ["Penzias", "Wilson"],
            "title": "A measurement of excess antenna temperature at 4080 Mc/s",
            "container_title": "Astrophys. J.",
            "volume": "142",
        },
    ),
    (
        "ieee-commun-acm",
        "E. F. Codd, “A relational model of data for large shared data banks,” Commun. ACM, "
        "vol. 13, no. 6, pp. 377–387, Jun. 1970.",
        {"container_title": "Commun. ACM", "volume": "13", "issue": "6", "type": "article"},
    ),
    (
        "ieee-proc-ieee-journal",
        "L. R. Rabiner, “A tutorial on hidden Markov models and selected applications in "
        "speech recognition,” Proc. IEEE, vol. 77, no. 2, pp. 257–286, Feb. 1989.",
        {"container_title": "Proc. IEEE", "volume": "77", "type": "article"},
    ),
    # --- IEEE conference papers and lettered volumes -----------------------------------
    (
        "ieee-in-proc",
        "A. Krizhevsky, I. Sutskever, and G. E. Hinton, “ImageNet classification with deep "
        "convolutional neural networks,” in Proc. Adv. Neural Inf. Process. Syst. (NIPS), "
        "Lake Tahoe, NV, USA, 2012, pp. 1097–1105.",
        {
            "container_title": "Proc. Adv. Neural Inf. Process. Syst. (NIPS)",
            "year": 2012,
            "pages": "1097-1105",
            "type": "proceedings",
        },
    ),
    (
        "ieee-lettered-volume",
        "T. M. Cover and P. E. Hart, “Nearest neighbor pattern classification,” IEEE Trans. "
        "Inf. Theory, vol. IT-13, no. 1, pp. 21–27, Jan. 1967.",
        {"container_title": "IEEE Trans. Inf. Theory", "volume": "IT-13", "issue": "1"},
    ),
    # --- books with the year at the end --------------------------------------------------
    (
        "chicago-book-given-name-and-initial",
        "Kuhn, Thomas S. The Structure of Scientific Revolutions. Chicago: University of "
        "Chicago Press, 1962.",
        {
            "authors": ["Kuhn"],
            "title": "The Structure of Scientific Revolutions",
            "year": 1962,
            "type": "book",
        },
    ),
    (
        "mla-book-given-name-and-initial",
        "Bourdieu, Pierre F. Distinction. Harvard UP, 1984.",
        {"authors": ["Bourdieu"], "title": "Distinction", "year": 1984, "type": "book"},
    ),
    (
        "ieee-book-edition",
        "S. Haykin, Adaptive Filter Theory, 4th ed. Upper Saddle River, NJ, USA: Prentice "
        "Hall, 2002.",
        {
            "authors": ["Haykin"],
            "title": "Adaptive Filter Theory",
            "edition": "4",
            "year": 2002,
            "type": "book",
        },
    ),
    (
        "springer-book-edition",
        "Hastie T, Tibshirani R, Friedman J (2009) The elements of statistical learning, "
        "2nd edn. Springer, New York",
        {
            "authors": ["Hastie", "Tibshirani", "Friedman"],
            "title": "The elements of statistical learning",
            "edition": "2",
            "type": "book",
        },
    ),
    (
        "harvard-caps-bare-year-commas",
        "GIDDENS, A. 1991. Modernity and Self-Identity, Cambridge, Polity.",
        {
            "authors": ["GIDDENS"],
            "year": 1991,
            "title": "Modernity and Self-Identity",
            "type": "book",
        },
    ),
    # --- corporate authors ---------------------------------------------------------------
    (
        "corporate-panel-on",
        "Intergovernmental Panel on Climate Change. (2021). Climate change 2021: The physical "
        "science basis. Cambridge University Press.",
        {"authors": ["Intergovernmental Panel on Climate Change"], "year": 2021},
    ),
    (
        "corporate-hm-treasury",
        "HM Treasury (2013) Managing public money. London: HM Treasury.",
        {"authors": ["HM Treasury"], "year": 2013, "type": "report"},
    ),
    (
        "corporate-collaborators",
        "GBD 2016 Causes of Death Collaborators. Global, regional, and national age-sex "
        "specific mortality for 264 causes of death, 1980–2016: a systematic analysis for the "
        "Global Burden of Disease Study 2016. Lancet 2017; 390: 1151–210.",
        {
            "authors": ["GBD 2016 Causes of Death Collaborators"],
            "container_title": "Lancet",
            "volume": "390",
            "year": 2017,
        },
    ),
    (
        "science-corporate-article-number",
        "Open Science Collaboration, Estimating the reproducibility of psychological science. "
        "Science 349, aac4716 (2015).",
        {
            "authors": ["Open Science Collaboration"],
            "title": "Estimating the reproducibility of psychological science",
            "container_title": "Science",
            "volume": "349",
            "pages": "aac4716",
            "year": 2015,
            "type": "article",
        },
    ),
    # --- where the author list ends -------------------------------------------------------
    (
        "title-opens-with-a",
        "Mayor, M. & Queloz, D. A Jupiter-mass companion to a solar-type star. Nature 378, "
        "355–359 (1995).",
        {
            "authors": ["Mayor", "Queloz"],
            "title": "A Jupiter-mass companion to a solar-type star",
            "container_title": "Nature",
        },
    ),
    (
        "acs-title-opens-with-a",
        "Becke, A. D. A New Mixing of Hartree–Fock and Local Density-Functional Theories. "
        "J. Chem. Phys. 1993, 98, 1372–1377.",
        {
            "authors": ["Becke"],
            "title": "A New Mixing of Hartree–Fock and Local Density-Functional Theories",
            "container_title": "J. Chem. Phys.",
        },
    ),
    (
        "vancouver-title-ends-with-year",
        "Siegel RL, Miller KD, Jemal A. Cancer statistics, 2020. CA Cancer J Clin. "
        "2020;70(1):7-30.",
        {
            "authors": ["Siegel", "Miller", "Jemal"],
            "title": "Cancer statistics, 2020",
            "container_title": "CA Cancer J Clin",
            "year": 2020,
            "volume": "70",
        },
    ),
    (
        "vancouver-suffix",
        "Jack CR Jr, Knopman DS, Jagust WJ, et al. Hypothetical model of dynamic biomarkers of "
        "the Alzheimer's pathological cascade. Lancet Neurol. 2010;9(1):119-128.",
        {"authors": ["Jack", "Knopman", "Jagust"], "container_title": "Lancet Neurol"},
    ),
    (
        "vancouver-suffix-3rd",
        "Smith GS, Reynolds CF 3rd, Pollock B, et al. Cerebral glucose metabolic response to "
        "combined total sleep deprivation and antidepressant treatment in geriatric "
        "depression. Am J Psychiatry. 1999;156(5):683-689.",
        {"authors": ["Smith", "Reynolds", "Pollock"], "volume": "156"},
    ),
    (
        "ecology-compact-names-bare-year",
        "MacArthur RH, Wilson EO. 1967. The theory of island biogeography. Princeton: "
        "Princeton University Press.",
        {
            "authors": ["MacArthur", "Wilson"],
            "year": 1967,
            "title": "The theory of island biogeography",
        },
    ),
    (
        "spaced-et-al",
        "Lowry, O. H. , Rosebrough, N. J. , et al . ( 1951 ) . Protein measurement with the "
        "Folin phenol reagent . Journal of Biological Chemistry , 193 , 265–275 .",
        {"authors": ["Lowry", "Rosebrough"], "et_al": True, "year": 1951, "volume": "193"},
    ),
    # --- titles not delimited by quotes or a full stop -------------------------------------
    (
        "harvard-unquoted-title-comma-journal",
        "Granovetter, M.S. (1973) The strength of weak ties, American Journal of Sociology, "
        "78(6), pp. 1360–1380.",
        {
            "title": "The strength of weak ties",
            "container_title": "American Journal of Sociology",
            "volume": "78",
            "issue": "6",
            "pages": "1360-1380",
            "type": "article",
        },
    ),
    (
        "comma-journal-no-pages-label",
        "LeCun Y, Bengio Y, Hinton G (2015) Deep learning, Nature 521(7553), 436-444",
        {
            "title": "Deep learning",
            "container_title": "Nature",
            "volume": "521",
            "issue": "7553",
            "pages": "436-444",
        },
    ),
    (
        "missing-spaces",
        "Turing AM (1950). Computing Machinery and Intelligence.Mind,59(236),433-460.",
        {
            "title": "Computing Machinery and Intelligence",
            "container_title": "Mind",
            "volume": "59",
            "issue": "236",
            "pages": "433-460",
        },
    ),
    (
        "numbered-title",
        "American Diabetes Association. 6. Glycemic Targets: Standards of Medical Care in "
        "Diabetes-2019. Diabetes Care. 2019 Jan;42(Suppl 1):S61-S70.",
        {
            "authors": ["American Diabetes Association"],
            "title": "6. Glycemic Targets: Standards of Medical Care in Diabetes-2019",
            "container_title": "Diabetes Care",
            "volume": "42",
            "issue": "Suppl 1",
            "pages": "S61-S70",
        },
    ),
    (
        "roman-numeral-part-in-title",
        "Planck Collaboration. Planck 2015 results. XIII. Cosmological parameters. Astron. "
        "Astrophys. 594, A13 (2016).",
        {
            "title": "Planck 2015 results. XIII. Cosmological parameters",
            "container_title": "Astron. Astrophys.",
            "volume": "594",
            "pages": "A13",
        },
    ),
    # --- pages and article numbers ------------------------------------------------------------
    (
        "apa-article-number-word",
        "Open Science Collaboration. (2015). Estimating the reproducibility of psychological "
        "science. Science, 349(6251), Article aac4716.",
        {"pages": "aac4716", "volume": "349", "issue": "6251"},
    ),
    (
        "apa-bare-article-number",
        "Wilkinson, M. D., Dumontier, M., Aalbersberg, I. J., et al. (2016). The FAIR Guiding "
        "Principles for scientific data management and stewardship. Scientific Data, 3, 160018.",
        {"container_title": "Scientific Data", "volume": "3", "pages": "160018"},
    ),
    (
        "apa-issue-then-article-number",
        "Wickham, H. et al. (2019). Welcome to the tidyverse. Journal of Open Source Software, "
        "4(43), 1686.",
        {"volume": "4", "issue": "43", "pages": "1686"},
    ),
    (
        "lettered-page-range",
        "Romer, P. M. (1990). Endogenous technological change. Journal of Political Economy, "
        "98(5), S71–S102.",
        {"volume": "98", "issue": "5", "pages": "S71-S102"},
    ),
    # --- leftovers that belong to no field -------------------------------------------------
    (
        "apa-translator",
        "Piaget, J. (1954). The construction of reality in the child (M. Cook, Trans.). "
        "Basic Books.",
        {"title": "The construction of reality in the child", "type": "book"},
    ),
    (
        "apa-software-version",
        "R Core Team. (2020). R: A language and environment for statistical computing "
        "(Version 4.0.2) [Computer software]. R Foundation for Statistical Computing.",
        {
            "title": "R: A language and environment for statistical computing",
            "type": "other",
        },
    ),
    (
        "vancouver-internet-cited",
        "National Institute for Health and Care Excellence. Obesity: identification, "
        "assessment and management [Internet]. London: NICE; 2014 [cited 2020 Jun 1]. "
        "Available from: https://www.nice.org.uk/guidance/cg189",
        {
            "title": "Obesity: identification, assessment and management",
            "year": 2014,
            "volume": None,
            "container_title": None,
        },
    ),
    (
        "chicago-translated-by",
        "Benjamin, Walter. “The Work of Art in the Age of Mechanical Reproduction.” In "
        "Illuminations, edited by Hannah Arendt, translated by Harry Zohn, 217–51. New York: "
        "Schocken Books, 1969.",
        {"container_title": "Illuminations", "pages": "217-51", "type": "chapter"},
    ),
    (
        "chicago-series",
        "Turing, A. M. 1936. “On Computable Numbers, with an Application to the "
        "Entscheidungsproblem.” Proceedings of the London Mathematical Society, 2nd ser., "
        "42: 230–65.",
        {
            "container_title": "Proceedings of the London Mathematical Society",
            "volume": "42",
            "type": "article",
        },
    ),
    (
        "springer-lncs-year-in-name",
        "Zeiler MD, Fergus R (2014) Visualizing and understanding convolutional networks. In: "
        "Fleet D, Pajdla T, Schiele B, Tuytelaars T (eds) Computer vision – ECCV 2014. "
        "Springer, Cham, pp 818–833",
        {"container_title": "Computer vision – ECCV 2014", "year": 2014, "pages": "818-833"},
    ),
    (
        "chicago-lower-case-proceedings",
        "Socher, Richard, Alex Perelygin, Jean Wu, Jason Chuang, Christopher D. Manning, "
        'Andrew Ng, and Christopher Potts. "Recursive deep models for semantic '
        'compositionality over a sentiment treebank." In Proceedings of the 2013 conference '
        "on empirical methods in natural language processing, pp. 1631-1642. 2013.",
        {
            "container_title": "Proceedings of the 2013 conference on empirical methods in "
            "natural language processing",
            "volume": None,
            "year": 2013,
            "type": "proceedings",
        },
    ),
    # --- types -----------------------------------------------------------------------------------
    (
        "pnas-is-a-journal",
        "Hopfield, J. J. (1982). Neural networks and physical systems with emergent collective "
        "computational abilities. Proceedings of the National Academy of Sciences, 79(8), "
        "2554–2558.",
        {"container_title": "Proceedings of the National Academy of Sciences", "type": "article"},
    ),
    (
        "report-word-in-article-title",
        "Doll R, Hill AB. The mortality of doctors in relation to their smoking habits: a "
        "preliminary report. Br Med J. 1954;1(4877):1451-5.",
        {"volume": "1", "pages": "1451-5", "type": "article"},
    ),
    (
        "data-brief-is-a-report",
        "Hales CM, Carroll MD, Fryar CD, Ogden CL. Prevalence of obesity and severe obesity "
        "among adults: United States, 2017–2018. NCHS Data Brief, no 360. Hyattsville, MD: "
        "National Center for Health Statistics; 2020.",
        {"type": "report", "year": 2020},
    ),
    (
        "mla-edited-by-is-the-books-editor",
        "Austen, Jane. Pride and Prejudice. Edited by Vivien Jones, Penguin Classics, 2003.",
        {
            "authors": ["Austen"],
            "title": "Pride and Prejudice",
            "container_title": None,
            "year": 2003,
            "type": "book",
        },
    ),
    (
        "acs-software-revision",
        "Frisch, M. J.; Trucks, G. W.; Schlegel, H. B.; et al. Gaussian 09, Revision A.02; "
        "Gaussian, Inc.: Wallingford, CT, 2009.",
        {"type": "other", "year": 2009},
    ),
    (
        "harvard-data-store",
        "Muñoz Sabater, J. (2019) ERA5-Land hourly data from 1981 to present. Copernicus "
        "Climate Change Service (C3S) Climate Data Store (CDS). doi: 10.24381/cds.e2161bac",
        {"type": "dataset", "year": 2019},
    ),
    # --- one-offs with a general rule behind them ---------------------------------------------
    (
        "harvard-editors-in-author-position",
        "Denzin, N.K. and Lincoln, Y.S. (eds) (2011) The SAGE handbook of qualitative "
        "research. 4th edn. Thousand Oaks, CA: SAGE.",
        {"authors": ["Denzin", "Lincoln"], "year": 2011, "edition": "4"},
    ),
    (
        "springer-year-as-volume",
        "Blondel VD, Guillaume J-L, Lambiotte R, Lefebvre E (2008) Fast unfolding of "
        "communities in large networks. J Stat Mech 2008:P10008",
        {"container_title": "J Stat Mech", "volume": "2008", "pages": "P10008", "year": 2008},
    ),
    (
        "reprint-year-slash",
        "Darwin, C. (1859/2009). On the origin of species. Penguin Classics.",
        {"year": 2009, "title": "On the origin of species"},
    ),
    (
        "aps-no-title",
        "W. Kohn and L. J. Sham, Phys. Rev. 140, A1133 (1965).",
        {
            "authors": ["Kohn", "Sham"],
            "title": None,
            "container_title": "Phys. Rev.",
            "volume": "140",
            "pages": "A1133",
            "year": 1965,
            "type": "article",
        },
    ),
    (
        "aps-erratum",
        "S. Grimme, J. Antony, S. Ehrlich, and H. Krieg, J. Chem. Phys. 132, 154104 (2010); "
        "133, 099902(E) (2010).",
        {
            "title": None,
            "container_title": "J. Chem. Phys.",
            "volume": "132",
            "pages": "154104",
            "year": 2010,
        },
    ),
]


@pytest.mark.parametrize(
    ("text", "want"), [row[1:] for row in PATTERNS], ids=[row[0] for row in PATTERNS]
)
def test_pattern(text: str, want: dict[str, Any]) -> None:
    reference = parse_reference(text)
    for name, value in want.items():
        have = _families(reference) if name == "authors" else getattr(reference, name)
        assert have == value, f"{name}: {have!r} != {value!r}"
