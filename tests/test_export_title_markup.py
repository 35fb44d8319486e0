"""A Crossref title's markup reaches the exports: italic species names, sub- and
superscripts (R30). The record is made up, in the shape Crossref serves such titles."""

from __future__ import annotations

from refenrich.crossref.schema import parse_work_message, to_work
from refenrich.export.bibtex import to_bibtex
from refenrich.export.csljson import to_csl_json
from refenrich.models import CheckResult, Reference, Resolution, ResolutionVia, Status

RECORD = {
    "DOI": "10.5555/sup.1",
    "type": "journal-article",
    "title": ["Reaction rates at 10<sup>-3</sup> M of CO<sub>2</sub> in <i>Escherichia coli</i>"],
    "subtitle": ["a &lt;model&gt; study"],
    "author": [{"family": "Okafor", "given": "Ana"}],
    "container-title": ["Journal of Tests"],
    "issued": {"date-parts": [[2020]]},
}


def _result() -> CheckResult:
    work = to_work(parse_work_message(RECORD))
    return CheckResult(
        index=1,
        raw="Okafor (2020)",
        status=Status.VERIFIED,
        reference=Reference(raw="Okafor (2020)"),
        resolution=Resolution(work=work, via=ResolutionVia.DOI, doi=work.doi),
    )


def test_the_plain_title_is_compared_and_the_deposited_one_kept() -> None:
    work = to_work(parse_work_message(RECORD))
    assert work.title == "Reaction rates at 10-3 M of CO2 in Escherichia coli"
    assert work.title_markup == (
        "Reaction rates at 10<sup>-3</sup> M of CO<sub>2</sub> in <i>Escherichia coli</i>: "
        "a &lt;model&gt; study"
    )
    plain = to_work(parse_work_message({**RECORD, "title": ["Plain"], "subtitle": []}))
    assert plain.title_markup is None


def test_exports_keep_the_titles_styling() -> None:
    bibtex = to_bibtex([_result()])
    assert (
        r"title = {Reaction rates at 10\textsuperscript{-3} {M} of {CO}\textsubscript{2} in "
        r"\emph{Escherichia coli}: a {\textless}model{\textgreater} study}"
    ) in bibtex
    [item] = to_csl_json([_result()])
    assert str(item["title"]).startswith(
        "Reaction rates at 10<sup>-3</sup> M of CO<sub>2</sub> in <i>Escherichia coli</i>"
    )
