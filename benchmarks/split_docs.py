"""How often the reference list of a whole document is found and split right.

Measures ``refenrich.check.split_reference_texts`` (section finding + splitting) on
documents composed from the reference strings of ``real_refs/dev.jsonl``, ``dev2.jsonl``
and ``dev3.jsonl`` (never ``heldout.jsonl``), and counts how often
``refenrich.check.extract_references`` returns as many references as the document holds.

How documents are made (all from one ``random.Random(seed)``; nothing is tuned to the
splitter). Each document holds 3-40 references, drawn from one style (author-date lists
from author-date styles only, sorted by author as such lists are), with any list label the
string carried in the data set removed. Families:

- ``ref``: a REF impact case study: the template's header lines, "Section A", "1. Summary
  of the impact", "2. Underpinning research", "3. References to the research" with the
  list (``[R1]``, ``R1.``, ``R1``, ``(R1)``, ``3.1`` or unlabelled paragraphs), sometimes a
  trailing "Grants: ..." / "Evidence of quality: ..." line, "4. Details of the impact" and
  "5. Sources to corroborate the impact" with ``[S1]``-style sources. ``section.py``
  promises the block ends at section 4 (or 5), so a source or the trailing line taken as a
  reference is an error.
- ``paper``: title, abstract and body, then a "References"-like heading (several forms)
  and a list numbered ``1.``, ``[1]``, ``(1)``, ``1)`` or unnumbered author-date (one line
  each or wrapped with a hanging indent; blank-line separated or not), sometimes followed
  by an appendix, supplementary material or acknowledgements that must not be swallowed.
- ``pdf-ref`` / ``pdf-paper``: the same documents as PDF text extraction gives them: lines
  wrapped at 60-95 characters (at spaces, never just after a token that ends in a hyphen),
  some alphabetic words of 8+ letters without a hyphen hyphenated at the line end (so the
  expected text is the original: the splitter must undo it), running headers or footers
  every 30-50 lines (journal line, author line, "Page 3 of 20", a bare page number, a form
  feed), sometimes a blank line inside an entry, trailing spaces.
- ``word``: a REF case study or paper exported from Word/HTML: one paragraph per line,
  references bulleted (``•``, ``-``, ``*``) or numbered with a tab or non-breaking space
  after the number, non-breaking spaces inside some references.

A reference is right when the split string equals the source string after collapsing
whitespace, and nothing else. Other outcomes come from aligning the words of the expected
and the returned entries: *merged* (its entry holds most of another reference too),
*split* (two or more returned entries are mostly made of it), *lost* (less than half its
words returned), *inexact* (one-to-one but different text; the second table says why: a
running header or page number kept inside it, a line-end hyphen not undone, text after the
list kept at its end, other). *Junk* counts returned entries that hold no reference and
are mostly words of none (a heading, prose, a header line); *sec5* counts returned entries
holding a corroborating source of a case study's section 5. *Section found* means the
first and last expected references lie inside the block the section finder chose; *count*
means as many entries as references. The variant table (``--variants``) splits each family
by list label, layout and blank lines. Usage::

    python benchmarks/split_docs.py [--docs 300] [--seed 1] [--repeat 3] [--variants]
    python benchmarks/split_docs.py --show 10 [--family pdf-paper] [--variant "3.1"]

``--show`` prints failing documents (dev, dev2 and dev3 strings only, so it may be used
for tuning): whole references missing (-) or returned (+), and for one-to-one mismatches
the differing words, ``[-expected-]{+returned+}``.
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from refenrich.check import extract_references, split_reference_texts

DATA = Path(__file__).resolve().parent / "real_refs"
SPLITS = ("dev", "dev2", "dev3")  # never heldout
FAMILIES = ("ref", "paper", "pdf-ref", "pdf-paper", "word")
AUTHOR_DATE = ("harvard", "apa", "chicago-ad", "chicago-nb", "mla", "springer")
NBSP = "\u00a0"

# A list label some strings of the data set carry ("[R3] ", "3.1 ", "27 "): removed, since
# each layout adds its own.
_OWN_LABEL = re.compile(
    r"^(?:\[R?\d{1,3}\]|\(R?\d{1,3}\)|R?\d{1,3}[.):]|\d\.\d{1,2}|R?\d{1,2})"
    r"(?:[ \t]+[\u2013-])?[ \t]+(?=\S)"
)
_WORDS = re.compile(r"\w+")

PROSE = (
    "The project brought together researchers from three departments and two partner "
    "organisations.",
    "Fieldwork took place between 2012 and 2016 in 14 sites across the region.",
    "Findings were published in journals including the British Medical Journal and "
    "Environmental Science & Technology.",
    "A survey of 2,450 households provided the baseline for the later work.",
    "The team developed a new method for measuring change over time.",
    "These results were presented to policy makers at a workshop in March 2017.",
    "In 2018 the approach was adopted by the national agency as part of its guidance.",
    "The data set is openly available and has been downloaded more than 3,000 times.",
    "Previous studies had relied on small samples and short follow-up periods.",
    "Our analysis shows a reduction of 12% in the main outcome after two years.",
    "The model was validated against independent records from 1990 to 2010.",
    "Further details are given in the supplementary material.",
    "This work was carried out with colleagues at partner universities in Europe and Asia.",
    "The second phase extended the study to 1,200 participants in 2019.",
    "We thank the participants for their time and the reviewers for their comments.",
    "Interviews with 35 practitioners informed the design of the toolkit.",
    "Results were consistent across age groups and regions (see Table 2).",
    "The framework has since been cited in 40 policy documents.",
    "Volume 3 of the series, published in 2015, summarised the evidence.",
    "A follow-up trial is now under way with funding from a national research council.",
)
TITLES = (
    "Rethinking local flood resilience: evidence from a ten-year panel",
    "Low-cost sensors for monitoring air quality in schools",
    "Measuring the social value of public libraries",
    "A randomised trial of early intervention for reading difficulties",
    "Machine learning methods for predicting crop yield under drought",
)
SOURCES = (
    "Letter from the Director of Policy, Department for Education, 12 March 2019.",
    "Report: National Audit Office (2018) Managing public money, HC 1123, pp. 14-16.",
    "Testimonial from the Chief Executive, Regional Water Trust (2020).",
    "Parliamentary debate, Hansard, HC Deb 4 May 2017, vol. 624, col. 1012.",
    "Guidance document: Public Health England (2019) Screening programme standards.",
    "Interview with the Head of Research, Environment Agency, 2 June 2020.",
    "News article: The Guardian, 15 January 2018, 'New approach cuts waiting times'.",
    "Minutes of the WHO technical advisory group, Geneva, 21-23 November 2016.",
    "Corroborating statement from the Chair, Local Government Association (2021).",
    "Website analytics for the online toolkit, 2016-2020 (available on request).",
)
TRAILING = (
    "Grants: ESRC ES/K001234/1 (2015-2018, GBP 450,000); NERC NE/P005678/1 (2017-2020).",
    "Evidence of quality: all outputs were peer reviewed; [R2] was returned to REF2014.",
    "Funding: Wellcome Trust 098765/Z/12/Z (2013-2018, GBP 1.2m).",
    "Key grants: AHRC AH/N001234/1, Principal Investigator (2016-2019, GBP 610,000).",
    "Evidence of the quality of the research: outputs appeared in leading journals and "
    "were supported by competitive funding.",
)
PAPER_HEADINGS = (
    "References",
    "REFERENCES",
    "Bibliography",
    "Works Cited",
    "Literature Cited",
    "Reference list",
    "7 References",
    "7. References",
)
AFTER_PAPER = (
    "Appendix A",
    "Appendix A. Supplementary data",
    "Supplementary material",
    "Acknowledgements",
    "Supporting information",
)
HEADERS = (
    "Journal of Applied Social Research 12 (2019) 233-251",
    "M. Okafor et al.",
    "IMPACT CASE STUDY (REF3)",
    "Environmental Policy and Governance",
)


@dataclass
class Doc:
    """One composed document and the references it holds, in order."""

    family: str
    variant: str
    text: str
    expected: list[str]
    noise: set[str] = field(default_factory=set)


@dataclass
class Outcome:
    """How one document came out."""

    found: bool
    count_ok: bool
    exact: int
    merged: int
    split: int
    lost: int
    inexact: int
    junk: int
    got: list[str]
    sources: int = 0
    """Returned entries holding a corroborating source of a case study's section 5."""
    causes: Counter[str] = field(default_factory=Counter)
    """Why inexact references differ: see :func:`causes`."""


def normalise(text: str) -> str:
    """Whitespace collapsed (non-breaking spaces included), nothing else."""
    return " ".join(text.split())


def load_pool() -> dict[str, list[str]]:
    """The reference strings of the tunable splits, by style, labels removed."""
    pool: dict[str, list[str]] = defaultdict(list)
    for split in SPLITS:
        for line in (DATA / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                text = normalise(_OWN_LABEL.sub("", item["text"].strip(), count=1))
                pool[item["style"]].append(text)
    return dict(pool)


# --- composing documents --------------------------------------------------------------


def _prose(rng: random.Random, sentences: int, cite: str = "") -> str:
    chosen = rng.sample(PROSE, sentences)
    if cite:
        chosen.insert(rng.randrange(len(chosen) + 1), cite)
    return " ".join(chosen)


def _draw(rng: random.Random, pool: dict[str, list[str]], author_date: bool) -> list[str]:
    styles = [s for s in pool if (s in AUTHOR_DATE or not author_date) and len(pool[s]) >= 3]
    weights = [len(pool[s]) for s in styles]
    style = rng.choices(styles, weights)[0]
    refs = rng.sample(pool[style], rng.randint(3, min(40, len(pool[style]))))
    return sorted(refs, key=str.casefold) if author_date else refs


def _ref_label(style: str, number: int, prefix: str = "R") -> str:
    if prefix == "S" and style == "none":
        return f"[S{number}]"
    return {
        "[R1]": f"[{prefix}{number}]",
        "R1.": f"{prefix}{number}.",
        "R1": f"{prefix}{number}",
        "(R1)": f"({prefix}{number})",
        "3.1": f"3.{number}" if prefix == "R" else f"5.{number}",
        "none": "",
        "1.": f"{number}.",
        "[1]": f"[{number}]",
        "(1)": f"({number})",
        "1)": f"{number})",
        "author-date": "",
    }[style]


# A paragraph: (text, kind, label) with kind "head", "prose", "ref" or "gap" (a blank line).
Para = tuple[str, str, str]


def ref_case_study(rng: random.Random, refs: list[str], label: str, sep: bool) -> list[Para]:
    """The paragraphs of a REF impact case study citing ``refs`` with ``label``, the
    references separated by blank lines if ``sep``."""
    first = _ref_label(label, 1) or "the first output"
    paras: list[Para] = [
        ("Impact case study (REF3)", "head", ""),
        ("Institution: University of Northbridge", "head", ""),
        ("Unit of Assessment: 14 - Geography and Environmental Studies", "head", ""),
        (f"Title of case study: {rng.choice(TITLES)}", "head", ""),
        ("Period when the underpinning research was undertaken: 2009 - 2019", "head", ""),
        ("Period when the claimed impact occurred: 2014 - 2020", "head", ""),
        ("Section A", "head", ""),
        ("1. Summary of the impact (indicative maximum 100 words)", "head", ""),
        (_prose(rng, 3), "prose", ""),
        ("2. Underpinning research (indicative maximum 500 words)", "head", ""),
        (_prose(rng, 4, f"This was shown in {first.rstrip('.')}."), "prose", ""),
        (_prose(rng, 3), "prose", ""),
        (
            rng.choice(
                (
                    "3. References to the research (indicative maximum of six references)",
                    "3. References to the research",
                )
            ),
            "head",
            "",
        ),
    ]
    for number, ref in enumerate(refs, 1):
        paras.append((ref, "ref", _ref_label(label, number)))
        if sep:
            paras.append(("", "gap", ""))
    if rng.random() < 0.4:
        paras.append((rng.choice(TRAILING), "prose", ""))
    paras += [
        ("4. Details of the impact (indicative maximum 750 words)", "head", ""),
        (
            _prose(rng, 4, f"The guidance cites the work ({_ref_label(label, 1, 'S')})."),
            "prose",
            "",
        ),
        (_prose(rng, 3), "prose", ""),
        ("5. Sources to corroborate the impact (indicative maximum of 10 references)", "head", ""),
    ]
    for number, source in enumerate(rng.sample(SOURCES, rng.randint(3, 8)), 1):
        paras.append((source, "source", _ref_label(label, number, "S")))
    return paras


def paper(rng: random.Random, refs: list[str], label: str, sep: bool) -> list[Para]:
    """The paragraphs of a paper whose reference list is ``refs`` labelled ``label``, the
    references separated by blank lines if ``sep``."""
    paras: list[Para] = [
        (rng.choice(TITLES), "head", ""),
        ("A. Mensah, B. Kowalski and C. Ruiz", "head", ""),
        ("Abstract", "head", ""),
        (_prose(rng, 4), "prose", ""),
    ]
    for number, heading in enumerate(("Introduction", "Methods", "Results", "Discussion"), 1):
        paras.append((f"{number} {heading}", "head", ""))
        for _ in range(rng.randint(1, 3)):
            paras.append((_prose(rng, rng.randint(3, 6)), "prose", ""))
    paras.append((rng.choice(PAPER_HEADINGS), "head", ""))
    for number, ref in enumerate(refs, 1):
        paras.append((ref, "ref", _ref_label(label, number)))
        if sep:
            paras.append(("", "gap", ""))
    if rng.random() < 0.5:
        paras.append((rng.choice(AFTER_PAPER), "head", ""))
        paras.append((_prose(rng, 3), "prose", ""))
    return paras


def _wrap(words: list[str], width: int, indent: str, first: str) -> list[list[str]]:
    """Greedy wrapping into lines of words; a word is never moved away from a hyphen-ended
    word before it (PDF text breaks such words there, and nothing can tell them apart)."""
    lines: list[list[str]] = [[first]] if first else [[]]
    length = len(first)
    for word in words:
        line = lines[-1]
        fits = length + 1 + len(word) <= width
        if line and not fits and not line[-1].endswith("-"):
            lines.append([])
            length = len(indent)
            line = lines[-1]
        line.append(word)
        length += len(word) + (1 if len(line) > 1 else 0)
    return lines


def _pdf_lines(rng: random.Random, text: str, width: int, indent: str, first: str) -> list[str]:
    words = [w for w in text.split(" ") if w]
    out: list[str] = []
    lines = _wrap(words, width, indent, first)
    for index, line in enumerate(lines):
        # Hyphenate the first word of the next line onto this one, sometimes.
        if index + 1 < len(lines) and lines[index + 1]:
            word = lines[index + 1][0]
            cut = rng.randint(3, len(word) - 3) if len(word) >= 8 else 0
            room = width - len(" ".join(line)) - (len(indent) if index else 0) - 2
            if word.isalpha() and 0 < cut <= room and rng.random() < 0.5:
                line.append(word[:cut] + "-")
                lines[index + 1][0] = word[cut:]
        out.append((indent if index else "") + " ".join(line))
    return out


def render_plain(rng: random.Random, paras: list[Para], wrapped: bool) -> str:
    """Text as typed or exported: one line per paragraph, or references wrapped at 70-90
    characters with a hanging indent."""
    width = rng.randint(70, 90)
    hang = " " * rng.choice((2, 3, 4))
    out: list[str] = []
    for text, kind, label in paras:
        if kind in ("head", "prose"):
            out += ["", text, ""] if kind == "head" else [text, ""]
        elif kind == "gap":
            out.append("")
        else:
            first = f"{label} " if label else ""
            if wrapped and kind == "ref":
                words = [w for w in text.split(" ") if w]
                lines = _wrap(words, width, hang, first.strip())
                out += [(hang if i else "") + " ".join(line) for i, line in enumerate(lines)]
            else:
                out.append(first + text)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"


def render_pdf(rng: random.Random, paras: list[Para], hang: str) -> tuple[str, set[str]]:
    """Text as PDF extraction gives it (see the module docstring), and the noise lines."""
    width = rng.randint(60, 95)
    body: list[str] = []
    for text, kind, label in paras:
        if kind == "gap":
            body.append("")
        elif kind == "head":
            body += [text, ""] if rng.random() < 0.5 else [text]
        elif kind == "prose":
            body += [*_pdf_lines(rng, text, width, "", ""), ""]
        else:
            lines = _pdf_lines(rng, text, width, hang, label)
            if len(lines) > 1 and rng.random() < 0.1:
                lines.insert(rng.randint(1, len(lines) - 1), "")
            body += lines
    out: list[str] = []
    noise: set[str] = set()
    page = rng.randint(1, 9)
    next_break = rng.randint(30, 50)
    for line in body:
        if len(out) >= next_break:
            page += 1
            header = rng.choice(
                (
                    [str(page)],
                    [f"Page {page} of {page + rng.randint(2, 20)}"],
                    [rng.choice(HEADERS)],
                    [str(page), "\f" + rng.choice(HEADERS)],
                    ["\f"],
                )
            )
            noise.update(h.strip("\f") for h in header)
            out += header
            next_break = len(out) + rng.randint(30, 50)
        out.append(line + (" " if rng.random() < 0.2 else ""))
    return "\n".join(out) + "\n", noise


def render_word(rng: random.Random, paras: list[Para], marker: str, blank: bool) -> str:
    """Text of a Word/HTML export: one paragraph per line, bullets or tab/NBSP numbers."""
    out: list[str] = []
    number = 0
    for text, kind, label in paras:
        if kind == "gap":
            continue
        if kind == "ref":
            number += 1
            words = text.split(" ")
            text = (
                "".join(w + (NBSP if rng.random() < 0.1 else " ") for w in words[:-1]) + words[-1]
            )
            lead = {"tab": f"{number}.\t", "nbsp": f"{number}.{NBSP}"}.get(marker, marker + " ")
            out.append(lead + text)
        else:
            out.append(f"{label} {text}" if label else text)
        if blank:
            out.append("")
    return "\n".join(out) + "\n"


REF_LABELS = ("[R1]", "R1.", "R1", "(R1)", "3.1", "none")
PAPER_LABELS = ("1.", "[1]", "(1)", "1)", "author-date")
WORD_MARKERS = ("•", "-", "*", "tab", "nbsp")


def make_doc(rng: random.Random, pool: dict[str, list[str]], family: str) -> Doc:
    """One document of ``family``; its variant names the list's layout."""
    case_study = family in ("ref", "pdf-ref") or (family == "word" and rng.random() < 0.5)
    build = ref_case_study if case_study else paper
    sep = rng.random() < 0.5
    gaps = "blank-separated" if sep else "no blank lines"
    if family == "word":
        marker = rng.choice(WORD_MARKERS)
        refs = _draw(rng, pool, author_date=marker in "•-*")
        paras = build(rng, refs, "none", False)
        variant = f"{'ref' if case_study else 'paper'} {marker!r} {gaps}"
        return Doc(family, variant, render_word(rng, paras, marker, sep), refs)
    label = rng.choice(REF_LABELS if case_study else PAPER_LABELS)
    refs = _draw(rng, pool, author_date=label in ("author-date", "none"))
    paras = build(rng, refs, label, sep)
    if family.startswith("pdf"):
        hang = rng.choice(("", "", "  ", "    "))
        text, noise = render_pdf(rng, paras, hang)
        variant = f"{label} {'hanging' if hang else 'flush'} {gaps}"
        return Doc(family, variant, text, refs, noise)
    wrapped = rng.random() < 0.5
    variant = f"{label} {'wrapped' if wrapped else 'one-line'} {gaps}"
    return Doc(family, variant, render_plain(rng, paras, wrapped), refs)


def make_docs(seed: int, count: int) -> list[Doc]:
    """``count`` documents, the families in turn."""
    rng = random.Random(seed)
    pool = load_pool()
    return [make_doc(rng, pool, FAMILIES[index % len(FAMILIES)]) for index in range(count)]


# --- scoring --------------------------------------------------------------------------


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


def _found(doc: Doc, block: str) -> bool:
    lines = [line for line in block.splitlines() if line.strip().strip("\f") not in doc.noise]
    squashed = _squash("".join(lines))
    return _squash(doc.expected[0]) in squashed and _squash(doc.expected[-1]) in squashed


_SOURCE_KEYS = [_squash(source) for source in SOURCES]
CAUSES = ("header", "hyphen", "tail", "other")


def _all_noise(words: list[str], noise: set[str]) -> bool:
    """Whether ``words`` are running headers/footers only (several may follow each other)."""
    text = " ".join(words)
    while text:
        head = next((n for n in noise if n and (text == n or text.startswith(n + " "))), None)
        if head is None:
            return False
        text = text[len(head) :].lstrip()
    return True


def causes(expected: str, got: str, noise: set[str]) -> set[str]:
    """Why a returned reference differs from the expected one: a running header or page
    number kept inside it ("header"), a line-end hyphen not undone ("hyphen"), text that
    follows the list kept at its end ("tail"), anything else ("other")."""
    a, b = expected.split(), got.split()
    found: set[str] = set()
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag == "insert" and _all_noise(b[b1:b2], noise):
            found.add("header")
        elif tag == "insert" and a1 == len(a):
            found.add("tail")
        elif tag == "replace" and "".join(b[b1:b2]).replace("-", "") == "".join(a[a1:a2]).replace(
            "-", ""
        ):
            found.add("hyphen")
        else:
            found.add("other")
    return found


def score(doc: Doc, got: list[str], block: str) -> Outcome:
    """Compare the split of ``doc`` with its references."""
    expected = [normalise(text) for text in doc.expected]
    got = [normalise(text) for text in got]
    left = Counter(got)
    exact_flags = []
    for text in expected:
        exact_flags.append(left[text] > 0)
        left[text] -= 1
    if all(exact_flags) and len(got) == len(expected):
        return Outcome(_found(doc, block), True, len(got), 0, 0, 0, 0, 0, got)
    exp_tokens = [(t, e) for e, text in enumerate(expected) for t in _WORDS.findall(text.lower())]
    got_tokens = [(t, g) for g, text in enumerate(got) for t in _WORDS.findall(text.lower())]
    matcher = difflib.SequenceMatcher(
        None, [t for t, _ in exp_tokens], [t for t, _ in got_tokens], autojunk=False
    )
    shared: Counter[tuple[int, int]] = Counter()
    for a, b, size in matcher.get_matching_blocks():
        for offset in range(size):
            shared[exp_tokens[a + offset][1], got_tokens[b + offset][1]] += 1
    exp_len = Counter(e for _, e in exp_tokens)
    got_len = Counter(g for _, g in got_tokens)
    holds: dict[int, list[int]] = defaultdict(list)  # got entry -> refs mostly in it
    owner: dict[int, int] = {}  # got entry -> the ref most of it comes from
    matched: Counter[int] = Counter()
    best: dict[int, tuple[int, int]] = {}  # got entry -> (shared words, ref)
    from_refs: Counter[int] = Counter()  # got entry -> its words found in references
    for (e, g), size in shared.items():
        matched[e] += size
        from_refs[g] += size
        if size * 2 >= exp_len[e]:
            holds[g].append(e)
        best[g] = max(best.get(g, (0, 0)), (size, e))
    for g, (size, e) in best.items():
        if size * 2 >= got_len[g]:
            owner[g] = e
    parts = Counter(owner.values())
    merged = {e for refs in holds.values() if len(refs) > 1 for e in refs}
    outcome = Outcome(_found(doc, block), len(got) == len(expected), 0, 0, 0, 0, 0, 0, got)
    for e, exact in enumerate(exact_flags):
        if exact:
            outcome.exact += 1
        elif e in merged:
            outcome.merged += 1
        elif parts[e] > 1:
            outcome.split += 1
        elif matched[e] * 2 < exp_len[e]:
            outcome.lost += 1
        else:
            outcome.inexact += 1
            where = [g for g, refs in holds.items() if e in refs]
            found = causes(expected[e], got[where[0]], doc.noise) if where else {"other"}
            outcome.causes.update(found)
    outcome.sources = sum(any(key in _squash(text) for key in _SOURCE_KEYS) for text in got)
    outcome.junk = sum(
        1 for g in range(len(got)) if g not in holds and from_refs[g] * 2 < max(1, got_len[g])
    )
    return outcome


def run(docs: Sequence[Doc]) -> list[Outcome]:
    """Split every document and score it."""
    outcomes = []
    for doc in docs:
        items, section = split_reference_texts(doc.text)
        outcomes.append(score(doc, items, section.text if section else doc.text))
    return outcomes


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def print_table(docs: Sequence[Doc], outcomes: Sequence[Outcome], key: str) -> None:
    """One row per family (or variant) and a total row."""
    groups: dict[str, list[int]] = defaultdict(list)
    for index, doc in enumerate(docs):
        groups[doc.family if key == "family" else f"{doc.family} {doc.variant}"].append(index)
    width = max(len(name) for name in [*groups, key]) + 2
    header = (
        f"{key:<{width}} {'docs':>5} {'found':>7} {'count':>7} {'refs':>6} {'exact':>7} "
        f"{'merged':>6} {'split':>6} {'lost':>6} {'inexact':>7} {'junk':>6} {'sec5':>5}"
    )
    print(header)
    print("-" * len(header))
    rows = [*sorted(groups.items()), ("all", list(range(len(docs))))]
    for name, indexes in rows:
        chosen = [outcomes[i] for i in indexes]
        refs = sum(len(docs[i].expected) for i in indexes)
        print(
            f"{name:<{width}} {len(chosen):>5} {_pct(sum(o.found for o in chosen), len(chosen)):>7} "
            f"{_pct(sum(o.count_ok for o in chosen), len(chosen)):>7} {refs:>6} "
            f"{_pct(sum(o.exact for o in chosen), refs):>7} "
            f"{sum(o.merged for o in chosen):>6} {sum(o.split for o in chosen):>6} "
            f"{sum(o.lost for o in chosen):>6} {sum(o.inexact for o in chosen):>7} "
            f"{sum(o.junk for o in chosen):>6} {sum(o.sources for o in chosen):>5}"
        )
    print()


def print_causes(docs: Sequence[Doc], outcomes: Sequence[Outcome]) -> None:
    """Why inexact references were wrong, per family (a reference may have several)."""
    print(f"{'inexact because of':<20}" + "".join(f"{c:>8}" for c in CAUSES))
    for family in (*FAMILIES, "all"):
        total: Counter[str] = Counter()
        for doc, outcome in zip(docs, outcomes, strict=True):
            if family in ("all", doc.family):
                total.update(outcome.causes)
        print(f"{family:<20}" + "".join(f"{total[c]:>8}" for c in CAUSES))
    print()


def show(
    docs: Sequence[Doc], outcomes: Sequence[Outcome], limit: int, family: str | None, variant: str
) -> None:
    """The first ``limit`` failing documents, with a diff of expected and returned entries."""
    shown = 0
    for index, (doc, outcome) in enumerate(zip(docs, outcomes, strict=True)):
        if shown >= limit:
            break
        if (family and doc.family != family) or variant not in doc.variant:
            continue
        if outcome.exact == len(doc.expected) and outcome.count_ok:
            continue
        shown += 1
        print(
            f"=== doc {index}: {doc.family} {doc.variant}  found={outcome.found} "
            f"expected={len(doc.expected)} got={len(outcome.got)}"
        )
        expected = [normalise(text) for text in doc.expected]
        matcher = difflib.SequenceMatcher(None, expected, outcome.got, autojunk=False)
        for tag, a1, a2, b1, b2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            if tag == "replace" and a2 - a1 == b2 - b1:
                for a, b in zip(expected[a1:a2], outcome.got[b1:b2], strict=True):
                    print(f"  ~ {_clip(a, 60)}\n      {_word_diff(a, b)}")
                continue
            for text in expected[a1:a2]:
                print(f"  - {_clip(text)}")
            for text in outcome.got[b1:b2]:
                print(f"  + {_clip(text)}")
        print()


def _clip(text: str, width: int = 200) -> str:
    return text if len(text) <= width else f"{text[: width // 2 - 3]} ... {text[-width // 2 :]}"


def _word_diff(expected: str, got: str) -> str:
    """The words that differ, with a little context: [-expected-] {+got+}."""
    a, b = expected.split(), got.split()
    parts = []
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            before = " ".join(a[max(0, a1 - 2) : a1])
            removed = f"[-{' '.join(a[a1:a2])}-]" if a2 > a1 else ""
            added = f"{{+{_clip(' '.join(b[b1:b2]), 120)}+}}" if b2 > b1 else ""
            parts.append(f"...{before} {removed}{added}")
    return " ".join(parts)


def speed(docs: Sequence[Doc], repeat: int) -> tuple[float, float, int]:
    """References per CPU second of split_reference_texts (best pass) and of
    extract_references (one pass), and in how many documents the latter found as many
    references as there are."""
    refs = sum(len(doc.expected) for doc in docs)
    best = float("inf")
    for _ in range(max(1, repeat)):
        start = time.process_time()
        for doc in docs:
            split_reference_texts(doc.text)
        best = min(best, time.process_time() - start)
    counted = 0
    start = time.process_time()
    for doc in docs:
        counted += len(extract_references(doc.text).references) == len(doc.expected)
    full = time.process_time() - start
    return refs / max(best, 1e-9), refs / max(full, 1e-9), counted


def main() -> None:
    """Print the tables, the end-to-end count and the speed (or the failing documents)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3, help="passes for the speed figure")
    parser.add_argument("--show", type=int, default=0, help="print the first N failing documents")
    parser.add_argument("--family", choices=FAMILIES, default=None, help="only for --show")
    parser.add_argument("--variant", default="", help="only for --show: variants containing this")
    parser.add_argument("--variants", action="store_true", help="also a table per variant")
    args = parser.parse_args()
    docs = make_docs(args.seed, args.docs)
    outcomes = run(docs)
    if args.show:
        show(docs, outcomes, args.show, args.family, args.variant)
        return
    refs = sum(len(doc.expected) for doc in docs)
    print(f"documents={len(docs)} references={refs} seed={args.seed} (dev, dev2, dev3 strings)\n")
    print_table(docs, outcomes, "family")
    print_causes(docs, outcomes)
    if args.variants:
        print_table(docs, outcomes, "variant")
    split_rate, full_rate, counted = speed(docs, args.repeat)
    print(f"extract_references: reference count right in {_pct(counted, len(docs))} of documents")
    print(
        f"speed: split_reference_texts {split_rate:,.0f} refs/s (best of {max(1, args.repeat)}), "
        f"extract_references {full_rate:,.0f} refs/s (CPU time, one process)"
    )


if __name__ == "__main__":
    main()
