"""Shapes of real reference lists the parser reads: report numbers, series, agencies, sites.

Every row is written from public bibliographic facts about a well-known work, in the shape
a style guide or a house style gives it (none is taken from the benchmark strings). A row
checks only the fields its shape is about; ``authors`` lists family names (or the literal
name of a group) in order, and ``unparsed_has`` a piece the parser must keep unplaced.
"""

from __future__ import annotations

from typing import Any

import pytest

from refenrich.doi import find_dois
from refenrich.models import Reference
from refenrich.text.parse import parse_reference


def _families(reference: Reference) -> list[str | None]:
    return [author.family or author.literal for author in reference.authors]


SHAPES: list[tuple[str, str, dict[str, Any]]] = [
    # --- a report's number in its series is no journal issue ----------------------------
    (
        "working-paper-number",
        "Card, D. and Krueger, A. B. (1993) Minimum wages and employment: a case study of "
        "the fast food industry in New Jersey and Pennsylvania. NBER Working Paper No. 4509. "
        "Cambridge, MA: National Bureau of Economic Research.",
        {
            "authors": ["Card", "Krueger"],
            "container_title": None,
            "issue": None,
            "publisher": "National Bureau of Economic Research",
            "type": "report",
            "unparsed_has": "NBER Working Paper No. 4509",
        },
    ),
    (
        "data-brief-number-ama",
        "Martin JA, Hamilton BE, Osterman MJK. Births in the United States, 2018. NCHS Data "
        "Brief No. 346. National Center for Health Statistics; 2019.",
        {
            "title": "Births in the United States, 2018",
            "container_title": None,
            "issue": None,
            "year": 2019,
            "type": "report",
        },
    ),
    (
        "apa-report-number-in-brackets",
        "Chetty, R., Hendren, N., Kline, P., & Saez, E. (2014). Where is the land of "
        "opportunity? (NBER Working Paper No. w19843). National Bureau of Economic Research.",
        {
            "title": "Where is the land of opportunity?",
            "container_title": None,
            "issue": None,
            "type": "report",
            "unparsed_has": "NBER Working Paper No. w19843",
        },
    ),
    # --- UK parliamentary papers ---------------------------------------------------------
    (
        "report-of-session",
        "Health Committee (2014) Children's and adolescents' mental health and CAMHS. Third "
        "Report of Session 2014–15 (HC 342). London: House of Commons.",
        {
            "authors": ["Health Committee"],
            "container_title": None,
            "volume": None,
            "issue": None,
            "publisher": "House of Commons",
            "type": "report",
            "unparsed_has": "Third Report of Session 2014–15 (HC 342)",
        },
    ),
    (
        "command-paper",
        "Department of Health (2010) Equity and excellence: liberating the NHS (Cm 7881). "
        "London: The Stationery Office.",
        {
            "title": "Equity and excellence: liberating the NHS",
            "container_title": None,
            "type": "report",
        },
    ),
    # --- United Nations documents ---------------------------------------------------------
    (
        "un-resolution-symbol",
        "United Nations (1948) Universal Declaration of Human Rights. A/RES/217(III). "
        "Paris: United Nations.",
        {
            "title": "Universal Declaration of Human Rights",
            "container_title": None,
            "volume": None,
            "publisher": "United Nations",
            "type": "report",
            "unparsed_has": "A/RES/217(III)",
        },
    ),
    (
        "security-council-symbol",
        "United Nations Security Council (2000) Resolution 1325 on women, peace and security. "
        "S/RES/1325 (2000). New York: United Nations.",
        {"publisher": "United Nations", "type": "report", "unparsed_has": "S/RES/1325 (2000)"},
    ),
    # --- reports by reviews and agencies -----------------------------------------------------
    (
        "review-as-publisher",
        "Stern, N. (2006) The economics of climate change. London: The Stern Review.",
        {"publisher": "The Stern Review", "type": "report"},
    ),
    (
        "agency-acronym-as-publisher",
        "Hoffman, S. J. and Kaplan, D. I. (1997) Human exploration of Mars: the reference "
        "mission of the NASA Mars Exploration Study Team. Houston, TX: NASA.",
        {"publisher": "NASA", "type": "report"},
    ),
    (
        "publishing-house-acronym-is-a-book",
        "Strang, G. (2007) Computational science and engineering. Wellesley, MA: SIAM.",
        {"publisher": "SIAM", "type": "book"},
    ),
    # --- IEEE online items --------------------------------------------------------------------
    (
        "ieee-available-label",
        "W3C. “HTML 4.01 Specification.” 1999. [Online]. Available: https://www.w3.org/TR/html401/",
        {
            "title": "HTML 4.01 Specification",
            "publisher": None,
            "url": "https://www.w3.org/TR/html401/",
            "type": "webpage",
        },
    ),
    (
        "ieee-site-named-by-domain",
        "Wikipedia. “Reference management software.” Wikipedia.org. Accessed: Jan. 5, 2024. "
        "[Online]. Available: https://en.wikipedia.org/wiki/Reference_management_software",
        {
            "title": "Reference management software",
            "container_title": None,
            "publisher": "Wikipedia.org",
            "type": "webpage",
        },
    ),
    # --- Vancouver "[Internet]" -----------------------------------------------------------
    (
        "vancouver-internet-database",
        "The Cancer Genome Atlas Research Network. The Cancer Genome Atlas database "
        "[Internet]. Bethesda (MD): National Cancer Institute; 2006 [cited 2020 May 1]. "
        "Available from: https://www.cancer.gov/tcga",
        {
            "title": "The Cancer Genome Atlas database",
            "publisher": "National Cancer Institute",
            "type": "dataset",
        },
    ),
    (
        "vancouver-internet-publisher-keeps-bracket",
        "Institute of Medicine. Crossing the quality chasm [Internet]. Washington (DC): "
        "National Academies Press (US); 2001 [cited 2020 Jan 1]. Available from: "
        "https://www.ncbi.nlm.nih.gov/books/NBK222274/",
        {"publisher": "National Academies Press (US)", "place": "Washington (DC)"},
    ),
    # --- book series and their volumes --------------------------------------------------------
    (
        "ieee-lncs-series-and-volume",
        "K. He, X. Zhang, S. Ren, and J. Sun, “Identity mappings in deep residual networks,” "
        "in Computer Vision – ECCV 2016 (Lecture Notes in Computer Science), vol. 9908, "
        "B. Leibe, J. Matas, N. Sebe, and M. Welling, Eds. Cham, Switzerland: Springer, 2016, "
        "pp. 630–645.",
        {
            "authors": ["He", "Zhang", "Ren", "Sun"],
            "container_title": "Computer Vision – ECCV 2016",
            "volume": "9908",
            "pages": "630-645",
            "publisher": "Springer",
            "unparsed_has": "Lecture Notes in Computer Science",
        },
    ),
    (
        "springer-lncs-chapter",
        "Lin, T.-Y., Maire, M., et al.: Microsoft COCO: common objects in context. In: Fleet, "
        "D., Pajdla, T., Schiele, B., Tuytelaars, T. (eds.) ECCV 2014. LNCS, vol. 8693, "
        "pp. 740–755. Springer, Cham (2014)",
        {
            "authors": ["Lin", "Maire"],
            "title": "Microsoft COCO: common objects in context",
            "container_title": "ECCV 2014",
            "volume": "8693",
            "pages": "740-755",
            "publisher": "Springer",
            "place": "Cham",
            "year": 2014,
        },
    ),
    # --- Springer LNCS: "Names: Title." -----------------------------------------------------
    (
        "springer-colon-after-names-article",
        "Smith, T.F., Waterman, M.S.: Identification of common molecular subsequences. "
        "J. Mol. Biol. 147, 195–197 (1981)",
        {
            "authors": ["Smith", "Waterman"],
            "title": "Identification of common molecular subsequences",
            "container_title": "J. Mol. Biol.",
            "volume": "147",
            "pages": "195-197",
            "year": 1981,
            "type": "article",
        },
    ),
    (
        "springer-colon-after-names-book",
        "Foster, I., Kesselman, C.: The Grid: Blueprint for a New Computing Infrastructure. "
        "Morgan Kaufmann, San Francisco (1999)",
        {
            "authors": ["Foster", "Kesselman"],
            "title": "The Grid: Blueprint for a New Computing Infrastructure",
            "year": 1999,
            "type": "book",
        },
    ),
    # --- names --------------------------------------------------------------------------------
    (
        "short-family-name-in-capitals",
        "MEAD, G. H. 1934. Mind, Self and Society, Chicago, University of Chicago Press.",
        {"authors": ["MEAD"], "year": 1934, "title": "Mind, Self and Society"},
    ),
    (
        "two-short-family-names-in-capitals",
        "ECO, U. and LEE, H. 1990. A title on signs. London: Sage.",
        {"authors": ["ECO", "LEE"]},
    ),
    (
        "group-author-joined-by-and",
        "Centers for Disease Control and Prevention. (2020, March 5). How to protect yourself "
        "and others. https://www.cdc.gov/coronavirus/2019-ncov/prevent-getting-sick/prevention.html",
        {"authors": ["Centers for Disease Control and Prevention"], "type": "webpage"},
    ),
    # --- chapters: editors with middle initials, MLA book and publisher -------------------------
    (
        "chicago-chapter-editor-with-initial",
        'Douglass, Frederick. "What to the Slave Is the Fourth of July?" In The Oxford '
        "Frederick Douglass Reader, edited by William L. Andrews, 108–30. New York: Oxford "
        "University Press, 1996.",
        {
            "editors": ["Andrews"],
            "container_title": "The Oxford Frederick Douglass Reader",
            "publisher": "Oxford University Press",
            "place": "New York",
            "pages": "108-30",
            "type": "chapter",
        },
    ),
    (
        "mla-book-then-publisher",
        'Baldwin, James. "Stranger in the Village." Notes of a Native Son, Beacon Press, 1955, '
        "pp. 159-75.",
        {
            "container_title": "Notes of a Native Son",
            "publisher": "Beacon Press",
            "pages": "159-75",
            "year": 1955,
            "type": "chapter",
        },
    ),
    # --- papers given at meetings ---------------------------------------------------------------
    (
        "paper-presented-at-harvard",
        "Milgram, S. (1961) Dynamics of obedience. Paper presented at the annual meeting of the "
        "Eastern Psychological Association, Philadelphia, April.",
        {
            "title": "Dynamics of obedience",
            "container_title": "annual meeting of the Eastern Psychological Association",
            "publisher": None,
            "year": 1961,
            "type": "proceedings",
        },
    ),
    (
        "paper-presented-at-ama-with-day-range",
        "Mikolov T, Chen K, Corrado G, Dean J. Efficient estimation of word representations in "
        "vector space. Paper presented at: International Conference on Learning "
        "Representations; May 2-4, 2013; Scottsdale, AZ.",
        {
            "container_title": "International Conference on Learning Representations",
            "pages": None,
            "year": 2013,
            "type": "proceedings",
        },
    ),
    (
        "proceedings-of-the-year-conference",
        "Devlin, J., Chang, M.-W., Lee, K. and Toutanova, K. (2019) 'BERT: pre-training of deep "
        "bidirectional transformers for language understanding', in Proceedings of the 2019 "
        "Conference of the North American Chapter of the Association for Computational "
        "Linguistics. Minneapolis, MN: ACL, pp. 4171–4186.",
        {
            "container_title": "Proceedings of the 2019 Conference of the North American "
            "Chapter of the Association for Computational Linguistics",
            "pages": "4171-4186",
            "type": "proceedings",
        },
    ),
    (
        "ieee-shortened-proceedings-with-link-words",
        "A. Vaswani et al., “Attention is all you need,” in Proc. of the 31st Int. Conf. on "
        "Neural Inf. Process. Syst., 2017, pp. 6000–6010.",
        {
            "container_title": "Proc. of the 31st Int. Conf. on Neural Inf. Process. Syst.",
            "pages": "6000-6010",
            "type": "proceedings",
        },
    ),
    # --- newspapers and magazines: the day is no volume ---------------------------------------
    (
        "harvard-newspaper-day-month",
        "Krugman, P. (2008) 'The conscience of a liberal', The New York Times, 12 March, p. A23.",
        {
            "container_title": "The New York Times",
            "volume": None,
            "pages": "A23",
            "type": "article",
        },
    ),
    (
        "mla-magazine-day-month-year",
        'Gladwell, Malcolm. "The Tipping Point." The New Yorker, 3 June 1996, pp. 32-38.',
        {"container_title": "The New Yorker", "volume": None, "pages": "32-38", "year": 1996},
    ),
    (
        "harvard-online-newspaper",
        "Cadwalladr, C. (2018) 'I made Steve Bannon's psychological warfare tool', The "
        "Guardian, 18 March. Available at: https://www.theguardian.com/news/2018/mar/17/"
        "data-war-whistleblower (Accessed: 2 April 2020).",
        {"container_title": "The Guardian", "volume": None},
    ),
    # --- theses --------------------------------------------------------------------------------
    (
        "chicago-phd-diss",
        'Nash, John F. "Non-Cooperative Games." PhD diss., Princeton University, 1950.',
        {"publisher": "Princeton University", "year": 1950, "type": "thesis"},
    ),
    # --- preprints, data sets and software ------------------------------------------------------
    (
        "nature-preprint-at-arxiv-link",
        "Brown, T. B. et al. Language models are few-shot learners. Preprint at "
        "https://arxiv.org/abs/2005.14165 (2020).",
        {
            "arxiv": "2005.14165",
            "publisher": None,
            "place": None,
            "year": 2020,
            "type": "preprint",
        },
    ),
    (
        "arxiv-datacite-doi",
        "Kingma DP, Ba J. Adam: a method for stochastic optimization. arXiv. Preprint posted "
        "online December 22, 2014. doi:10.48550/arXiv.1412.6980",
        {"arxiv": "1412.6980", "type": "preprint"},
    ),
    (
        "data-repository-is-no-journal",
        "Hansen, M. C. et al. (2013) ‘High-resolution global maps of 21st-century forest cover "
        "change’, Zenodo. doi:10.5281/zenodo.1234567.",
        {"container_title": None, "publisher": "Zenodo", "type": "dataset"},
    ),
    (
        "apa-data-set-note-is-no-publisher",
        "Smith, A. (2019). Bird counts in Kenya [Data set]. Dryad. "
        "https://doi.org/10.5061/dryad.abc123",
        {"publisher": "Dryad", "type": "dataset"},
    ),
    (
        "apa-software-version-note-is-no-publisher",
        "Python Software Foundation. (2023). Python (Version 3.12) [Computer software]. "
        "https://www.python.org",
        {"title": "Python", "publisher": None, "type": "other"},
    ),
    (
        "software-word-in-a-book-title",
        "Gamma, E., Helm, R., Johnson, R. and Vlissides, J. (1994) Design patterns: elements of "
        "reusable object-oriented software. Reading, MA: Addison-Wesley.",
        {"publisher": "Addison-Wesley", "type": "book"},
    ),
    (
        "european-commission-document",
        "European Commission (2020) A new industrial strategy for Europe. COM(2020) 102 final. "
        "Brussels: European Commission.",
        {
            "publisher": "European Commission",
            "place": "Brussels",
            "type": "report",
            "unparsed_has": "COM(2020) 102 final",
        },
    ),
    # --- Nature and Science books: "Title (Publisher, Place, Year)." ---------------------------
    (
        "nature-book-publisher-and-year",
        "Dawkins, R. The Selfish Gene (Oxford Univ. Press, 1976).",
        {
            "authors": ["Dawkins"],
            "title": "The Selfish Gene",
            "publisher": "Oxford Univ. Press",
            "year": 1976,
            "type": "book",
        },
    ),
    (
        "nature-book-place-with-state",
        "Goodfellow, I., Bengio, Y. & Courville, A. Deep Learning (MIT Press, Cambridge, MA, "
        "2016).",
        {"title": "Deep Learning", "publisher": "MIT Press", "place": "Cambridge, MA"},
    ),
    (
        "nature-book-publisher-with-commas-and-title-with-comma",
        "Kahneman, D. Thinking, Fast and Slow (Farrar, Straus and Giroux, 2011).",
        {
            "authors": ["Kahneman"],
            "title": "Thinking, Fast and Slow",
            "publisher": "Farrar, Straus and Giroux",
            "place": None,
            "year": 2011,
        },
    ),
    (
        "nature-book-edition",
        "Sutton, R. S. & Barto, A. G. Reinforcement Learning: An Introduction 2nd edn (MIT "
        "Press, 2018).",
        {"title": "Reinforcement Learning: An Introduction", "edition": "2", "year": 2018},
    ),
    (
        "nature-chapter-cited-by-its-book",
        "Vapnik, V. N. in The Nature of Statistical Learning Theory (ed. Jordan, M.) 123–167 "
        "(Springer, 1995).",
        {
            "title": None,
            "container_title": "The Nature of Statistical Learning Theory",
            "editors": ["Jordan"],
            "pages": "123-167",
            "publisher": "Springer",
            "year": 1995,
            "type": "chapter",
        },
    ),
    # --- translators are neither publishers nor places --------------------------------------
    (
        "harvard-translated-by",
        "Foucault, M. (1977) Discipline and punish: the birth of the prison. Translated by A. "
        "Sheridan. London: Allen Lane.",
        {"publisher": "Allen Lane", "place": "London", "unparsed_has": "Translated by A. Sheridan"},
    ),
    (
        "mla-translated-by-then-publisher",
        "Beauvoir, Simone de. The Second Sex. Translated by H. M. Parshley, Knopf, 1953.",
        {"publisher": "Knopf", "year": 1953, "type": "book"},
    ),
    (
        "apa-translator-note",
        "Freire, P. (1970). Pedagogy of the oppressed (M. B. Ramos, Trans.). Continuum.",
        {"title": "Pedagogy of the oppressed", "publisher": "Continuum", "type": "book"},
    ),
    # --- blogs, acronyms, patents -----------------------------------------------------------------
    (
        "blog-post",
        "Smith, J. (2020) 'How to write a literature review', LSE Impact Blog, 12 May. "
        "Available at: https://blogs.lse.ac.uk/impactofsocialsciences/ (Accessed: 1 June 2020).",
        {
            "container_title": None,
            "publisher": "LSE Impact Blog",
            "volume": None,
            "type": "webpage",
        },
    ),
    (
        "acronym-author-keeps-no-full-stop",
        "OECD. (2019). Education at a glance 2019: OECD indicators. OECD Publishing.",
        {"authors": ["OECD"], "type": "report"},
    ),
    (
        "patent-number",
        "Rivest, R. L., Shamir, A. and Adleman, L. M. (1983) Cryptographic communications "
        "system and method. U.S. Patent No. 4,405,829.",
        {
            "container_title": None,
            "volume": None,
            "pages": None,
            "type": "other",
            "unparsed_has": "U.S. Patent No. 4,405,829",
        },
    ),
    # --- groups as authors --------------------------------------------------------------------
    (
        "author-date-group-without-comma",
        "Human Rights Watch (2019) World report 2019. New York: Human Rights Watch.",
        {"authors": ["Human Rights Watch"], "year": 2019, "title": "World report 2019"},
    ),
    (
        "author-date-long-group",
        "House of Commons Science and Technology Committee (2018) Evidence-based early years "
        "intervention. London: House of Commons.",
        {
            "authors": ["House of Commons Science and Technology Committee"],
            "year": 2018,
            "title": "Evidence-based early years intervention",
            "type": "report",
        },
    ),
    (
        "group-with-commas-in-its-name",
        "Department for Digital, Culture, Media and Sport (2019) Online harms white paper. "
        "London: HMSO.",
        {"authors": ["Department for Digital, Culture, Media and Sport"], "type": "report"},
    ),
    (
        "vancouver-group-after-semicolon",
        "Moher D, Liberati A, Tetzlaff J, Altman DG; PRISMA Group. Preferred reporting items "
        "for systematic reviews and meta-analyses: the PRISMA statement. PLoS Med. "
        "2009;6(7):e1000097.",
        {"authors": ["Moher", "Liberati", "Tetzlaff", "Altman", "PRISMA Group"]},
    ),
    (
        "family-name-that-is-a-particle",
        "Bengio, Y., Le, Q. and Ng, A. (2012) A title on learning. London: Sage.",
        {"authors": ["Bengio", "Le", "Ng"]},
    ),
    (
        "title-words-are-not-names",
        "Mildenhall, B., Srinivasan, P. P. & Tancik, M. Representing scenes as neural radiance "
        "fields. Preprint at https://arxiv.org/abs/2003.08934 (2020).",
        {
            "authors": ["Mildenhall", "Srinivasan", "Tancik"],
            "title": "Representing scenes as neural radiance fields",
            "arxiv": "2003.08934",
        },
    ),
    (
        "et-al-without-full-stop-before-quoted-title",
        'Devlin, J. et al "BERT: pre-training of deep bidirectional transformers" Proceedings '
        "of NAACL-HLT, 2019, pp. 4171-4186",
        {"authors": ["Devlin"], "title": "BERT: pre-training of deep bidirectional transformers"},
    ),
    (
        "inverted-name-then-title-with-comma",
        "Putnam, Robert D. Bowling alone, the collapse of community. Simon and Schuster, 2000.",
        {"authors": ["Putnam"], "title": "Bowling alone, the collapse of community"},
    ),
    # --- titles --------------------------------------------------------------------------------
    (
        "question-then-title-with-an-act-and-year",
        "Klein, R. (2013) Still the NHS? The politics of the Health Act 2009: a study. "
        "London: Policy Press.",
        {"title": "Still the NHS? The politics of the Health Act 2009: a study", "volume": None},
    ),
    (
        "quotation-opening-a-title",
        'Tversky A, Kahneman D. "Judgment under uncertainty": heuristics and biases. Science. '
        "1974;185(4157):1124-31.",
        {
            "title": '"Judgment under uncertainty": heuristics and biases',
            "container_title": "Science",
        },
    ),
    # --- journals named without volume: online first, in press -------------------------------
    (
        "apa-advance-online-publication",
        "Haidt, J., & Allen, N. (2020). Scrutinizing the effects of digital technology on mental "
        "health. Nature. Advance online publication. https://doi.org/10.1038/d41586-020-00296-x",
        {"container_title": "Nature", "publisher": None, "type": "article"},
    ),
    (
        "apa-in-press",
        "Smith, A. B., & Jones, C. (in press). A study of things. Psychological Science.",
        {"container_title": "Psychological Science", "type": "article"},
    ),
    (
        "ama-published-online",
        "Wu Z, McGoogan JM. Characteristics of and important lessons from the coronavirus disease "
        "2019 outbreak in China. JAMA. Published online February 24, 2020. "
        "doi:10.1001/jama.2020.2648",
        {"container_title": "JAMA", "publisher": None, "type": "article"},
    ),
    # --- reports, magazines, bodies ----------------------------------------------------------
    (
        "body-named-research-center-is-no-journal",
        "Perrin, A. (2015). Social media usage: 2005-2015. Pew Research Center. "
        "https://www.pewresearch.org/internet/2015/10/08/social-networking-usage-2005-2015/",
        {"container_title": None},
    ),
    (
        "magazine-after-quoted-title",
        'Knight, W. (2017, April 11). "The dark secret at the heart of AI". MIT Technology '
        "Review. https://www.technologyreview.com/2017/04/11/5113/the-dark-secret-at-the-heart-of-ai/",
        {"container_title": "MIT Technology Review", "type": "article"},
    ),
    (
        "international-body-as-publisher",
        "Oxfam (2017) An economy for the 99%. Oxford: Oxfam International.",
        {"publisher": "Oxfam International", "type": "report"},
    ),
    (
        "statistical-bulletin",
        "Office for National Statistics (2019) ‘Overview of the UK population: August 2019’, "
        "Statistical bulletin, 23 August.",
        {"container_title": None, "type": "report"},
    ),
    (
        "unpublished-manuscript-note",
        "Simmons, J. P. (2012). A 21 word solution [Unpublished manuscript]. Department of "
        "Psychology, University of Pennsylvania.",
        {"title": "A 21 word solution", "type": "report"},
    ),
    (
        "data-collection-note",
        "Office for National Statistics (2020) Labour Force Survey, 2019. [data collection]. UK "
        "Data Service.",
        {"type": "dataset"},
    ),
    (
        "r-package",
        "Wickham H (2016) ggplot2: elegant graphics for data analysis. R package version 3.3.0. "
        "https://CRAN.R-project.org/package=ggplot2",
        {"type": "other"},
    ),
    (
        "github-repository-is-software",
        "Wolf, T. et al (2019) Transformers. GitHub repository, "
        "https://github.com/huggingface/transformers",
        {"type": "other"},
    ),
    (
        "neurips-is-proceedings",
        "Kingma, D. P. and Ba, J. (2015) 'A method', Advances in Neural Information Processing "
        "Systems, Vol. 28, pp. 1-9.",
        {
            "container_title": "Advances in Neural Information Processing Systems",
            "type": "proceedings",
        },
    ),
    (
        "translated-and-edited-by",
        "Weber, Max. Economy and Society. Translated and edited by Guenther Roth and Claus "
        "Wittich. Berkeley: University of California Press, 1978.",
        {"publisher": "University of California Press", "container_title": None, "type": "book"},
    ),
    (
        "mla-edited-by-two-then-publisher",
        "Woolf, Virginia. Selected Essays. Edited by David Bradshaw and Stuart N. Clarke, Oxford "
        "UP, 2008.",
        {"editors": ["Bradshaw", "Clarke"], "type": "book"},
    ),
    # --- IEEE and conference details -------------------------------------------------------
    (
        "ieee-meeting-acronym-after-abbreviation",
        "J. Dean and S. Ghemawat, “MapReduce: Simplified data processing on large clusters,” in "
        "Proc. 6th USENIX Symp. Operating Syst. Design Implement. (OSDI), San Francisco, CA, USA, "
        "2004, pp. 137–150.",
        {
            "container_title": "Proc. 6th USENIX Symp. Operating Syst. Design Implement. (OSDI)",
            "publisher": None,
            "pages": "137-150",
        },
    ),
    (
        "ieee-presented-at-abbreviated-meeting",
        "I. Goodfellow, J. Shlens, and C. Szegedy, “Explaining and harnessing adversarial "
        "examples,” presented at the 3rd Int. Conf. Learn. Represent. (ICLR), San Diego, CA, USA, "
        "May 2015.",
        {"container_title": "3rd Int. Conf. Learn. Represent. (ICLR)", "type": "proceedings"},
    ),
    (
        "springer-meeting-then-place",
        "Mnih, V., et al.: Asynchronous methods for deep reinforcement learning. In: 33rd "
        "International Conference on Machine Learning, ICML 2016, New York, USA (2016)",
        {"container_title": "33rd International Conference on Machine Learning, ICML 2016"},
    ),
    (
        "ieee-spanish-double-family-name",
        "J. García y Pérez and A. Smith, “A title,” IEEE Trans. Inf. Theory, vol. 1, no. 2, "
        "pp. 3–4, 2001.",
        {"authors": ["García y Pérez", "Smith"]},
    ),
    (
        "ieee-initial-outside-ascii",
        "Ł. Kowalski and J. Smith, Graph algorithms in practice. London: Sage, 2001.",
        {"authors": ["Kowalski", "Smith"], "title": "Graph algorithms in practice"},
    ),
    (
        "ieee-thesis-has-no-container",
        "A. M. Turing, “Systems of logic based on ordinals,” Ph.D. dissertation, Dept. Math., "
        "Princeton Univ., Princeton, NJ, USA, 1938.",
        {"container_title": None, "type": "thesis", "year": 1938},
    ),
    (
        "elsevier-abbreviated-journal-with-a-full-word",
        "J. Han, J. Pei, Y. Yin, Mining frequent patterns without candidate generation, Data "
        "Min. Knowl. Discov. 8 (1) (2004) 53–87.",
        {
            "title": "Mining frequent patterns without candidate generation",
            "container_title": "Data Min. Knowl. Discov.",
            "volume": "8",
        },
    ),
    # --- Vancouver details --------------------------------------------------------------------
    (
        "vancouver-date-then-epub",
        "Polack FP, Thomas SJ, Kitchin N, et al. Safety and efficacy of the BNT162b2 mRNA Covid-19 "
        "vaccine. N Engl J Med. 2020 Dec 31;383(27):2603-15. Epub 2020 Dec 10.",
        {
            "container_title": "N Engl J Med",
            "year": 2020,
            "volume": "383",
            "publisher": None,
            "unparsed_has": "Epub 2020 Dec 10",
        },
    ),
    (
        "vancouver-updated-date-is-not-the-year",
        "World Health Organization. Obesity and overweight [Internet]. Geneva: WHO; 2021 "
        "[updated 2024 Mar 1; cited 2024 May 2]. Available from: "
        "https://www.who.int/news-room/fact-sheets/detail/obesity-and-overweight",
        {"year": 2021, "container_title": None, "volume": None},
    ),
    (
        "ama-updated-web-page",
        "Cleveland Clinic. Hypertension. Cleveland Clinic. Updated March 3, 2023. Accessed May 1, "
        "2023. https://my.clevelandclinic.org/health/diseases/4314-hypertension",
        {"type": "webpage"},
    ),
    (
        "abnt-organisers",
        "FREIRE, Paulo; SHOR, Ira (org.). Medo e ousadia. Rio de Janeiro: Paz e Terra, 1986.",
        {"authors": ["FREIRE", "SHOR"]},
    ),
    # --- patents and preprints -------------------------------------------------------------------
    (
        "patent-code-alone",
        "Brin S. Method for ranking pages. US7058628B1, 2006.",
        {"type": "other", "unparsed_has": "US7058628B1"},
    ),
    (
        "patent-number-in-groups",
        "T. A. Edison, “Electric lamp,” U.S. Patent 223 898, Jan. 27, 1880.",
        {"volume": None, "type": "other", "year": 1880},
    ),
    (
        "chicago-preprint-label-is-no-journal",
        "Radford, Alec, and Ilya Sutskever. 2019. “Language Models Are Unsupervised Learners.” "
        "Preprint, arXiv, February 14. https://arxiv.org/abs/1902.00001.",
        {"container_title": None, "arxiv": "1902.00001", "type": "preprint"},
    ),
    # --- old SICI-style DOIs with one colon ----------------------------------------------------
    (
        "sici-doi-one-colon",
        "Madden, R. A. & Julian, P. R. Detection of a 40–50 day oscillation in the zonal wind "
        "in the tropical Pacific. J. Atmos. Sci. 28, 702–708 (1971). "
        "https://doi.org/10.1175/1520-0469(1971)028<0702:DOADOI>2.0.CO;2",
        {
            "doi": "10.1175/1520-0469(1971)028<0702:doadoi>2.0.co;2",
            "volume": "28",
            "publisher": None,
        },
    ),
    # --- Chicago's reprint form: the original's year in parentheses, then the edition's --
    (
        "chicago-reprint-year",
        "Weber, Max. (1905) 2002. The Protestant Ethic and the Spirit of Capitalism. "
        "Translated by Stephen Kalberg. Oxford: Blackwell.",
        {
            "authors": ["Weber"],
            "year": 2002,
            "title": "The Protestant Ethic and the Spirit of Capitalism",
            "unparsed_has": "first published 1905",
        },
    ),
    # The next two are invented shapes, not real works: no reprint year to read in them.
    (
        "chicago-reprint-year-not-a-title-opening-with-a-year",
        "Author, A. (1988) 2014 Cities of tomorrow. Oxford: Blackwell.",
        {"year": 1988},
    ),
    (
        "a-title-opening-with-an-earlier-year-is-a-title",
        "Author, A. (2021) 2020. A year of change. Bristol: Policy Press.",
        {"year": 2021},
    ),
]


@pytest.mark.parametrize(
    ("text", "want"), [pytest.param(text, want, id=name) for name, text, want in SHAPES]
)
def test_shape(text: str, want: dict[str, Any]) -> None:
    reference = parse_reference(text)
    for name, value in want.items():
        if name == "authors":
            assert _families(reference) == value
        elif name == "editors":
            assert [editor.family or editor.literal for editor in reference.editors] == value
        elif name == "unparsed_has":
            assert value in reference.unparsed
        else:
            assert getattr(reference, name) == value, name


def test_given_initials_stay_with_a_family_name_in_capitals() -> None:
    reference = parse_reference("MEAD, G. H. 1934. Mind, Self and Society, Chicago, Sage.")
    assert [(author.family, author.given) for author in reference.authors] == [("MEAD", "G. H.")]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # one colon and a "2.0.CO;" version: a SICI segment, kept
        ("doi:10.1175/1520-0493(1989)117<1779:TPOAAP>2.0.CO;2.", "10.1175/1520-0493(1989)117"),
        # a bracketed link after a DOI is no SICI segment
        ("10.1234/abc<https://example.org/x>2.0.CO;2", "10.1234/abc"),
        # angle brackets without the version after them end the DOI
        ("10.1234/abc<12:x>next", "10.1234/abc"),
    ],
)
def test_sici_segment_with_one_colon(text: str, want: str) -> None:
    found = find_dois(text)
    assert found
    assert found[0].startswith(want)
    if "TPOAAP" in text:
        assert found == ["10.1175/1520-0493(1989)117<1779:tpoaap>2.0.co;2"]
    else:
        assert found == [want]
