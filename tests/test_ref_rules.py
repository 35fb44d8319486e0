"""Case study structure, exercise profiles, REF rules (true and false cases) and grants."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from refenrich.errors import InputError
from refenrich.models import PartialDate, Severity
from refenrich.ref import (
    check_case_study,
    infer_profile,
    load_profile,
    load_profile_file,
    parse_case_study,
    parse_grants,
    summarise,
)
from refenrich.ref.check import UNKNOWN_EXERCISE
from refenrich.ref.grants import grant_findings
from refenrich.ref.render import exercise_phrase
from refenrich.ref.rules import _outside
from refenrich.ref.structure import SourceKind, split_sources
from refenrich.sources.records import RecordsSource
from refenrich.testing.ref_samples import SampleOutput, case_study_text, output_record


def output(n: int, year: int, **changes: object) -> SampleOutput:
    base = SampleOutput(
        authors=[("Okafor", "Maria"), ("Evans", "Sian")],
        year=year,
        title=f"Participation and policy number {n}",
        journal="Policy and Politics",
        volume="4",
        issue="2",
        pages="10-20",
        doi=f"10.5555/rule.{n}",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


SOURCES = [
    "Testimonial from the Director of Policy. Received 3 March 2020.",
    "Evaluation report of the programme (2019). https://doi.org/10.5555/rule.src",
    "Minutes of the cabinet meeting, 12 May 2018.",
]


def study(outputs: list[SampleOutput], sources: list[str] = SOURCES, **kw: object) -> str:
    return case_study_text(
        title="Better buses for everyone",
        unit="20 - Social Work and Social Policy",
        institution="University of Example",
        outputs=outputs,
        sources=sources,
        **kw,  # type: ignore[arg-type]
    )


def run(text: str, outputs: list[SampleOutput], exercise: str | None = None):  # type: ignore[no-untyped-def]
    records = [output_record(o) for o in outputs]
    records.append(
        {
            "DOI": "10.5555/rule.src",
            "type": "report",
            "title": ["Evaluation report of the programme"],
            "issued": {"date-parts": [[2019]]},
        }
    )
    return check_case_study(
        text,
        source=RecordsSource(records),
        exercise=load_profile(exercise) if exercise else None,
    )


def codes(check) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.code for f in check.findings]


# --- structure -------------------------------------------------------------------


def test_structure_of_a_synthetic_case_study() -> None:
    outputs = [output(1, 2015), output(2, 2018)]
    case = parse_case_study(study(outputs, grants="ESRC grant ES/N000001/1 (Leeds, 2016-2018)."))
    assert case is not None
    assert sorted(case.sections) == [1, 2, 3, 4, 5]
    assert case.title == "Better buses for everyone"
    assert case.unit_of_assessment == "20 - Social Work and Social Policy"
    assert case.institution == "University of Example"
    assert case.research_quality == "all outputs were published in peer-reviewed journals."
    assert case.grants_text is not None
    assert "ES/N000001/1" in case.grants_text
    assert [s.kind for s in case.sources] == [
        SourceKind.TESTIMONIAL,
        SourceKind.REFERENCE,
        SourceKind.OTHER,
    ]
    assert case.sources[1].doi == "10.5555/rule.src"


def test_a_paper_is_not_a_case_study() -> None:
    paper = "Introduction\nText.\n\nReferences\nSmith, J. (2019) A title. Journal, 1: 2-3.\n"
    assert parse_case_study(paper) is None
    # Only section 3's heading is not enough either.
    assert parse_case_study("3. References to the research\n1. Smith, J. (2019) X.\n") is None


def test_source_labels_must_be_in_sequence() -> None:
    block = (
        "1. Report of the inquiry (2019).\n"
        "2. Letter from the minister,\n"
        "4. March 2020, confirming adoption.\n"
        "3. Hansard debate, 4 May 2019.\n"
    )
    items = split_sources(block)
    assert [item.label for item in items] == ["1", "2", "3"]
    assert items[1].text == "Letter from the minister, 4. March 2020, confirming adoption."
    assert [item.label for item in split_sources("E1. Report (2019).\nE2. Email from X.\n")] == [
        "E1",
        "E2",
    ]
    assert len(split_sources("- A report (2019).\n- Testimonial from Y.\n")) == 2


# --- profiles ----------------------------------------------------------------------


def test_shipped_profiles_have_the_published_figures() -> None:
    ref2021, ref2014 = load_profile("ref2021"), load_profile("REF 2014")
    assert ref2021.references
    assert ref2021.references.max == 6
    assert ref2021.corroborating_sources
    assert ref2021.corroborating_sources.max == 10
    window = ref2021.underpinning_research
    assert window
    assert (window.start, window.end) == (date(2000, 1, 1), date(2020, 12, 31))
    window = ref2014.underpinning_research
    assert window
    assert (window.start, window.end) == (date(1993, 1, 1), date(2013, 12, 31))
    for profile in (ref2021, ref2014):
        for rule in (
            profile.references,
            profile.underpinning_research,
            profile.corroborating_sources,
        ):
            assert (rule is not None and "paragraph" in rule.source) or "Annex" in rule.source  # type: ignore[union-attr]


def test_unknown_profile_and_bad_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown exercise"):
        load_profile("ref1996")
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'id = "x"\nname = "X"\n[references]\nmax = -1\nseverity = "error"\nsource = "s"\n'
    )
    with pytest.raises(InputError, match=r"references\.max"):
        load_profile_file(bad)
    bad.write_text("not = [toml")
    with pytest.raises(InputError, match="not TOML"):
        load_profile_file(bad)


def test_user_profile_file(tmp_path: Path) -> None:
    path = tmp_path / "ref2029.toml"
    path.write_text(
        'id = "ref2029"\nname = "REF 2029 (draft)"\n'
        '[references]\nmax = 2\nseverity = "warning"\nsource = "draft"\n'
    )
    profile = load_profile_file(path)
    outputs = [output(n, 2015) for n in range(3)]
    check = check_case_study(
        study(outputs), source=RecordsSource([output_record(o) for o in outputs]), exercise=profile
    )
    [finding] = check.findings
    assert (finding.code, finding.severity) == ("ref_too_many_references", Severity.WARNING)


def test_exercise_inferred_from_the_document() -> None:
    assert infer_profile("Impact case study (REF3)\n...")[0].id == "ref2021"
    assert infer_profile("REF3b impact case study, REF 2014\n...") == (
        load_profile("ref2014"),
        True,
    )
    assert infer_profile("no marker") == (load_profile("ref2021"), False)


def test_an_exercise_without_rules_is_named_not_silently_replaced() -> None:
    outputs = [output(1, 2010)]
    check = run("REF 2029 impact case study\n" + study(outputs), outputs)
    [unknown] = [f for f in check.findings if f.code == UNKNOWN_EXERCISE]
    assert unknown.severity is Severity.WARNING
    assert (unknown.claimed, unknown.actual) == ("REF 2029", "REF 2021")
    assert check.profile is not None
    assert check.profile.id == "ref2021"
    assert exercise_phrase(check) == (
        "the document names REF 2029, which has no rules here, so REF 2021"
    )
    assert summarise(check).problems.startswith("ref_exercise_unknown")
    # Guidance numbers ("REF 2019/01") are not exercises; a named or asked exercise wins.
    for text, exercise in [
        ("See REF 2019/01, paragraph 304.\n" + study(outputs), None),
        ("REF 2021 case study, planned for REF 2029\n" + study(outputs), None),
        ("REF 2029 impact case study\n" + study(outputs), "ref2021"),
    ]:
        assert UNKNOWN_EXERCISE not in codes(run(text, outputs, exercise))


# --- rules ---------------------------------------------------------------------------


def test_six_references_pass_seven_fail() -> None:
    six = [output(n, 2010) for n in range(6)]
    assert "ref_too_many_references" not in codes(run(study(six), six))
    seven = [output(n, 2010) for n in range(7)]
    check = run(study(seven), seven)
    [finding] = [f for f in check.findings if f.code == "ref_too_many_references"]
    assert finding.severity is Severity.ERROR
    assert (finding.claimed, finding.actual) == ("7", "6")


def test_window_edges_use_the_records_earliest_date() -> None:
    outputs = [
        output(1, 2000),  # inside, first year
        output(2, 2020),  # inside, last year
        output(3, 1999),  # before
        output(4, 2021),  # after
        # print 2001 but online-first December 1999: the earliest date counts
        output(5, 2001, online=(1999, 12)),
    ]
    check = run(study(outputs), outputs)
    outside = {
        f.reference_index: f for f in check.findings if f.code == "ref_output_outside_window"
    }
    assert sorted(outside) == [3, 4, 5]
    assert "1999-06" in outside[3].message
    assert "2000-01-01 to 2020-12-31" in outside[3].message
    assert "after" in outside[4].message
    assert outside[5].claimed == "1999-12"
    assert "record's earliest date" in outside[5].message
    assert all(f.severity is Severity.ERROR for f in outside.values())


def test_window_uses_written_year_without_a_record() -> None:
    outputs = [output(1, 1998), output(2, 2005)]
    text = study(outputs)
    check = check_case_study(text, source=RecordsSource([]))
    [finding] = [f for f in check.findings if f.code == "ref_output_outside_window"]
    assert finding.reference_index == 1
    assert "the year given" in finding.message


def test_ref2014_window() -> None:
    outputs = [output(1, 1993), output(2, 2014)]
    check = run(study(outputs, exercise_marker="REF3b"), outputs)
    assert check.profile is not None
    assert check.profile.id == "ref2014"
    assert [f.reference_index for f in check.findings if f.code == "ref_output_outside_window"] == [
        2
    ]


def test_partial_dates_outside_only_when_certain() -> None:
    window = load_profile("ref2021").underpinning_research
    assert window is not None
    assert _outside(PartialDate(year=2000), window) is None
    assert _outside(PartialDate(year=1999, month=12, day=31), window) == "before"
    assert _outside(PartialDate(year=2021, month=1), window) == "after"
    assert _outside(PartialDate(year=2020, month=12), window) is None


def test_ten_sources_pass_eleven_warn() -> None:
    outputs = [output(1, 2010)]
    ten = [f"Testimonial number {n} from a partner." for n in range(10)]
    assert "ref_too_many_sources" not in codes(run(study(outputs, ten), outputs))
    eleven = [*ten, "Minutes of a meeting, 2019."]
    check = run(study(outputs, eleven), outputs)
    [finding] = [f for f in check.findings if f.code == "ref_too_many_sources"]
    assert finding.severity is Severity.WARNING
    assert finding.claimed == "11"


def test_rules_only_for_case_studies_unless_asked() -> None:
    outputs = [output(n, 1990) for n in range(8)]
    paper = "Text.\n\nReferences\n" + "\n".join(
        f"{o.authors[0][0]}, M. ({o.year}) {o.title}. Policy and Politics, 4(2): 10-20. "
        f"https://doi.org/{o.doi}"
        for o in outputs
    )
    assert run(paper, outputs).profile is None
    forced = run(paper, outputs, exercise="ref2021")
    assert "ref_too_many_references" in codes(forced)
    assert "ref_output_outside_window" in codes(forced)


def test_sources_that_are_references_are_checked() -> None:
    outputs = [output(1, 2010)]
    check = run(study(outputs), outputs)
    states = [(s.source.label, s.result.status.value if s.result else None) for s in check.sources]
    assert states == [("A", None), ("B", "verified"), ("C", None)]
    row = summarise(check)
    assert (row.sources, row.sources_references, row.sources_verified) == (3, 1, 1)
    assert row.status == "ok"
    assert row.exercise == "ref2021"


def test_summary_problems_name_the_outputs_findings() -> None:
    # An output cited in the wrong journal makes the row "errors"; problems must say why
    # even when no REF rule fired.
    outputs = [output(1, 2010), output(2, 2012)]
    records = [output_record(o) for o in outputs]
    records[1]["container-title"] = ["Journal of Urban Affairs"]
    check = check_case_study(study(outputs), source=RecordsSource(records))
    row = summarise(check)
    assert row.rule_errors == 0
    assert row.status == "errors"
    assert row.problems == "venue_mismatch"


def test_missing_section_is_a_warning() -> None:
    outputs = [output(1, 2010)]
    text = study(outputs).replace("1. Summary of the impact", "Summary")
    assert "ref_missing_section" in codes(run(text, outputs))


# --- grants --------------------------------------------------------------------------


def test_grants_parsed_from_the_example_wording() -> None:
    text = (
        "funded by ESRC Research Grants ES/N005945/2 (Sheffield, Sep 2016\u2013Dec 2019, "
        "GBP659,794) and ES/N005945/1 (Salford, Jan\u2013Aug 2016, GBP801,488). Innovate UK "
        "project 104092 (Carbon Co-op, 2018-2020, \u00a31.2m) and EP/T022159/1."
    )
    grants = parse_grants(text)
    assert [(g.reference, g.funder) for g in grants] == [
        ("ES/N005945/2", "ESRC"),
        ("ES/N005945/1", "ESRC"),
        ("EP/T022159/1", "EPSRC"),
        ("104092", "Innovate UK"),
    ]
    first, second = grants[0], grants[1]
    assert (first.organisation, str(first.start), str(first.end), first.amount) == (
        "Sheffield",
        "2016-09",
        "2019-12",
        659794.0,
    )
    assert (str(second.start), str(second.end), second.amount) == ("2016-01", "2016-08", 801488.0)
    assert grants[3].amount == 1_200_000.0
    assert grants[2].organisation is None
    assert grant_findings(grants) == []


def test_grant_offline_findings() -> None:
    grants = parse_grants(
        "EPSRC grant ES/N000001/1 (Leeds, Dec 2019-Jan 2017, GBP10,000). "
        "Also ES/N000002/1 (York, 2016-2018, GBP5,000) and ES/N000002/1 (York, 2016-2019, GBP5,000)."
    )
    found = {f.code for f in grant_findings(grants)}
    assert found == {"grant_period_inverted", "grant_funder_mismatch", "grant_claims_differ"}


def test_digits_are_not_innovate_numbers_without_innovate_uk() -> None:
    assert parse_grants("In 2019 the council spent 7000000 on 104092 things.") == []


@pytest.mark.parametrize("mark", ["Section {n}: ", "Section {n} – ", "Section {n}. ", "{n}) "])
def test_section_headings_as_templates_write_them(mark: str) -> None:
    """Institutions' Word templates and drafts write "Section 3: References to the
    research" as often as "3. References to the research" (made-up case study)."""
    from refenrich.ref.structure import parse_case_study
    from refenrich.text.section import SectionKind, find_reference_section

    titles = [
        "Summary of the impact",
        "Underpinning research",
        "References to the research",
        "Details of the impact",
        "Sources to corroborate the impact",
    ]
    bodies = [
        "Research changed policy.",
        "Okafor studied councils.",
        "Okafor, A. (2020) 'Ledger of the river', Journal of Tests, 1(2), pp. 3-4.",
        "Councils changed how they work.",
        "A. Letter from a council.",
    ]
    text = "\n".join(
        f"{mark.format(n=n)}{title}\n{body}\n"
        for n, (title, body) in enumerate(zip(titles, bodies, strict=True), 1)
    )
    section = find_reference_section(text)
    assert section.kind is SectionKind.REF_CASE_STUDY
    assert section.text.strip() == bodies[2]
    case_study = parse_case_study(text)
    assert case_study is not None
    assert sorted(case_study.sections) == [1, 2, 3, 4, 5]


def test_a_case_study_without_section_3_has_no_references_and_says_so(tmp_path: Path) -> None:
    """A draft whose section 3 was left out: its prose is not read as a reference list,
    and the missing section is reported (made-up case study)."""
    import io

    from refenrich.cli import main
    from refenrich.ref.structure import parse_case_study
    from refenrich.text.section import SectionKind, find_reference_section

    text = (
        "1. Summary of the impact\nResearch changed policy.\n\n"
        "2. Underpinning research\nOkafor studied councils (2015-2019).\n\n"
        "4. Details of the impact\nCouncils changed how they work.\n\n"
        "5. Sources to corroborate the impact\nA. Letter from a council.\n"
    )
    section = find_reference_section(text)
    assert (section.kind, section.text) == (SectionKind.REF_CASE_STUDY, "")
    case_study = parse_case_study(text)
    assert case_study is not None
    assert sorted(case_study.sections) == [1, 2, 4, 5]
    records = Path(__file__).parent.parent / "examples" / "jam-and-justice.crossref.jsonl"
    draft = tmp_path / "draft.txt"
    draft.write_text(text, encoding="utf-8")
    out = io.StringIO()
    args = ["check", str(draft), "--offline", "--index", str(records)]
    main(args, environ={}, stdout=out, stderr=io.StringIO())
    shown = out.getvalue()
    assert "REF impact case study without its section 3: 0 references" in shown
    assert "Section '3. References to the research' was not found." in shown
