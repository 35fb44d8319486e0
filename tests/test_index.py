"""The local index (issue 4): reading records, building, ranking and searching."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refenrich.errors import InputError, SourceError
from refenrich.index import IndexSource, build_index, iter_records, open_index
from refenrich.index.memory import MemorySearch
from refenrich.index.sqlite import _trim
from refenrich.index.terms import rank, record_text
from refenrich.models import Author, Work


def _record(number: int, title: str, family: str = "Okafor", **extra: Any) -> dict[str, Any]:
    return {
        "DOI": f"10.5555/t.{number}",
        "type": "journal-article",
        "title": [title],
        "author": [{"given": "A.", "family": family}],
        "container-title": ["Journal of Tests"],
        "issued": {"date-parts": [[2000 + number % 20]]},
        **extra,
    }


def _jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# --- ranking ---------------------------------------------------------------------------------


def _naive_rank(postings: list[tuple[float, list[int]]], rows: int) -> list[int]:
    scores: dict[int, float] = {}
    for weight, ids in postings:
        for record_id in ids:
            scores[record_id] = scores.get(record_id, 0.0) + weight
    return [i for _, i in sorted((-s, i) for i, s in scores.items())[: max(rows, 0)]]


_POSTINGS = st.lists(
    st.tuples(
        st.sampled_from([0.5, 1.25, 2.0, 3.7, 7.9, 9.1]),
        st.sets(st.integers(1, 60), max_size=40).map(sorted),
    ),
    max_size=8,
)


@given(_POSTINGS, st.integers(-1, 40))
def test_rank_is_summed_weight_then_lower_id(
    postings: list[tuple[float, list[int]]], rows: int
) -> None:
    assert rank(postings, rows) == _naive_rank(postings, rows)


def test_rank_ties_and_shared_ids() -> None:
    postings = [(2.0, [1, 5, 9]), (2.0, [5, 7]), (1.0, [2, 3, 9])]
    assert rank(postings, 3) == [5, 9, 1]  # 4.0, 3.0, then the lowest id of 2.0
    assert rank(postings, 0) == []
    assert rank([], 5) == []


# --- reading records -------------------------------------------------------------------------


def test_iter_records_jsonl_blank_lines_wrapped_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    lines = [
        json.dumps(_record(1, "One")),
        "",
        "   ",
        json.dumps({"status": "ok", "message": _record(2, "Two")}),
        json.dumps({"items": [_record(3, "Three"), _record(4, "Four")]}),
    ]
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode() + b"\n")
    assert [r["DOI"] for r in iter_records(path)] == [f"10.5555/t.{n}" for n in (1, 2, 3, 4)]


def test_iter_records_json_and_gzip(tmp_path: Path) -> None:
    items = [_record(1, "Un été à Montréal"), _record(2, "Two")]
    plain = tmp_path / "a.json"
    plain.write_text(json.dumps({"items": items}, indent=2), encoding="utf-8")
    packed = tmp_path / "b.json.gz"
    with gzip.open(packed, "wt", encoding="utf-8") as handle:
        json.dump({"message": {"items": items}}, handle, ensure_ascii=False)
    for path in (plain, packed):
        assert [r["title"][0] for r in iter_records(path)] == ["Un été à Montréal", "Two"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"DOI": "10.1/a"}\n{"DOI": \n', "line 2: not JSON"),
        (b'{"DOI": "10.1/a"}\n{"DOI": "\xff"}\n', "line 2: not JSON"),
        (b"[1, 2", "is not JSON or JSON Lines"),
    ],
)
def test_iter_records_bad_input_is_a_clear_error(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        list(iter_records(path))


def test_iter_records_bad_gzip(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl.gz"
    path.write_bytes(b"not gzip at all")
    with pytest.raises(InputError, match="cannot read records"):
        list(iter_records(path))


# --- what a record is indexed under and keeps ------------------------------------------------


def test_record_text_tolerates_odd_shapes() -> None:
    record = {
        "title": ["A", 3, "B"],
        "subtitle": "S",
        "author": [{"family": "F", "x": 1}, "str", 5, {"name": "N"}, {"family": "", "name": "M"}],
        "editor": {"family": "ignored"},
        "container-title": [1, "C1", "C2"],
        "short-container-title": "SC",
    }
    assert record_text(record) == "A B S F N M C1 SC"
    assert record_text({"author": "abc", "title": None}) == ""


def test_trim_keeps_read_fields_only() -> None:
    record = {
        "DOI": "10.1/x",
        "title": ["T"],
        "reference": [{"key": "a"}],
        "author": [{"family": "F", "affiliation": [{"name": "U"}]}, "odd", 7],
    }
    assert _trim(record) == {"DOI": "10.1/x", "title": ["T"], "author": [{"family": "F"}, "odd", 7]}
    plain = {"DOI": "10.1/y", "author": [{"family": "F", "given": "G"}]}
    assert _trim(plain) is plain


# --- building and searching ------------------------------------------------------------------


def test_duplicates_keep_the_first_record_across_batches(tmp_path: Path) -> None:
    records = [_record(n, f"Distinct title number{n} kelpforest") for n in range(12)]
    records.insert(3, {**_record(1, "Shadowed duplicate quokkaword"), "DOI": "10.5555/T.1 "})
    records.insert(9, {**_record(5, "Another shadowed numbatword")})
    records.append({"title": ["no DOI"]})
    out = tmp_path / "i.sqlite"
    stats = build_index([_jsonl(tmp_path / "r.jsonl", records)], out, batch_size=4)
    assert (stats.indexed, stats.duplicates, stats.skipped) == (12, 2, 1)
    index = IndexSource(out)
    assert len(index) == 12
    work = index.get_work("10.5555/t.1")
    assert work is not None
    assert work.title == "Distinct title number1 kelpforest"
    # The duplicates' words were not indexed: nothing to find.
    assert index.search_works("Shadowed duplicate quokkaword") == []
    assert index.search_works("Another shadowed numbatword") == []
    assert index.search_works("Okafor, A. Distinct title number7 kelpforest")[0].doi == (
        "10.5555/t.7"
    )


def test_non_ascii_records_are_found_folded(tmp_path: Path) -> None:
    records = [
        _record(1, "Über die Ökonomie der Fürsorge", family="Müller"),
        _record(2, "Plain English title about welfare", family="Mueller"),
    ]
    out = tmp_path / "i.sqlite"
    build_index([_jsonl(tmp_path / "r.jsonl", records)], out)
    index = IndexSource(out)
    found = index.search_works("MULLER, A. (2001) Uber die Okonomie der Fursorge")
    assert [w.doi for w in found][:1] == ["10.5555/t.1"]


def test_sqlite_and_memory_search_agree(tmp_path: Path) -> None:
    records = [
        _record(n, f"Resilience of {word} networks in coastal towns", family=family)
        for n, (word, family) in enumerate(
            [("urban", "Adeyemi"), ("rural", "Brennan"), ("urban", "Brennan"), ("tidal", "Cho")]
        )
    ]
    out = tmp_path / "i.sqlite"
    build_index([_jsonl(tmp_path / "r.jsonl", records)], out)
    works = [
        Work(
            doi=r["DOI"],
            title=r["title"][0],
            authors=[Author(family=r["author"][0]["family"])],
            container_title="Journal of Tests",
        )
        for r in records
    ]
    query = "Brennan (2002) Resilience of urban networks in coastal towns"
    from_index = [w.doi for w in IndexSource(out).search_works(query, rows=2)]
    from_memory = [w.doi for w in MemorySearch(works).search(query, rows=2)]
    assert from_index[0] == from_memory[0] == "10.5555/t.2"


def test_index_of_another_format_asks_for_a_rebuild(tmp_path: Path) -> None:
    out = tmp_path / "i.sqlite"
    build_index([_jsonl(tmp_path / "r.jsonl", [_record(1, "One")])], out)
    with sqlite3.connect(out) as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'format'")
    db.close()
    with pytest.raises(InputError, match="rebuild"):
        open_index(out)


def test_not_an_index(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE t(x)")
    db.close()
    with pytest.raises(InputError, match="not a refenrich index"):
        IndexSource(other)
    with pytest.raises(InputError, match="not overwriting"):
        build_index([_jsonl(tmp_path / "r.jsonl", [_record(1, "One")])], tmp_path / "r.jsonl")


def test_a_failed_build_leaves_the_old_index_and_no_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "i.sqlite"
    build_index([_jsonl(tmp_path / "good.jsonl", [_record(1, "One")])], out)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(_record(2, "Two")) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        build_index([bad], out)
    assert not (tmp_path / "i.sqlite.building").exists()
    assert IndexSource(out).get_work("10.5555/t.1") is not None


def test_common_words_help_when_too_few_uncommon_ones(tmp_path: Path) -> None:
    # Every title word below is "common" (in more records than the index allows for),
    # only their combination is not; "cambridge" is uncommon but names another record:
    # searching by it alone would miss the cited work, so the common words count too.
    words = ["omega", "sigma", "theta", "lambda"]
    records = [
        _record(n, " ".join(w for w in words if w != words[n % 4]).capitalize())
        for n in range(1, 9)
    ]
    records.append(_record(9, "Omega sigma theta lambda"))
    records.append(_record(10, "Unrelated title", family="Cambridge"))
    out = tmp_path / "i.sqlite"
    build_index([_jsonl(tmp_path / "r.jsonl", records)], out)
    index = IndexSource(out)
    index._common = 3
    found = index.search_works("Okafor, A. (2009) Omega sigma theta lambda. Cambridge.")
    assert [work.doi for work in found][:1] == ["10.5555/t.9"]


def test_build_into_a_new_folder_or_an_unwritable_place(tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps({"DOI": "10.5555/a.1", "title": ["Ledger"]}) + "\n")
    stats = build_index([records], tmp_path / "new" / "folder" / "index.sqlite")
    assert stats.indexed == 1
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(InputError, match="cannot write the index"):
        build_index([records], blocker / "index.sqlite")  # a file where a folder must be


def test_a_records_file_may_be_gzipped_and_named_by_a_string(tmp_path: Path) -> None:
    from refenrich.sources.records import RecordsSource

    record = {"DOI": "10.5555/a.1", "title": ["Ledger of the river"], "type": "journal-article"}
    path = tmp_path / "records.jsonl.gz"
    path.write_bytes(gzip.compress((json.dumps(record) + "\n").encode()))
    source = RecordsSource.from_path(str(path))  # Crossref's data files come gzipped
    work = source.get_work("10.5555/A.1")
    assert work is not None
    assert work.title == "Ledger of the river"


# --- records of the wrong shape ----------------------------------------------------------------


def test_build_sets_aside_records_that_are_not_crossref_works(tmp_path: Path) -> None:
    # CSL-JSON-like records: "title" a string, "author" with "literal" names only is fine,
    # but a string title is not what Crossref's /works API returns.
    wrong = [{"DOI": f"10.5555/csl.{n}", "title": f"A string title {n}"} for n in range(3)]
    good = [_record(n, f"Proper title number{n} wombatword") for n in range(2)]
    out = tmp_path / "i.sqlite"
    stats = build_index([_jsonl(tmp_path / "r.jsonl", [*wrong, *good])], out)
    assert (stats.indexed, stats.malformed) == (2, 3)
    assert "r.jsonl, DOI 10.5555/csl.0: title" in stats.malformed_example
    assert IndexSource(out).get_work("10.5555/csl.1") is None  # never indexed


def test_a_stored_record_that_cannot_be_read_is_a_failed_look_up(tmp_path: Path) -> None:
    # An index whose stored record is damaged (by hand, or built by an older refenrich
    # that did not check every record) must not answer "no such DOI".
    out = tmp_path / "i.sqlite"
    build_index([_jsonl(tmp_path / "r.jsonl", [_record(1, "Stored title tapirword")])], out)
    with sqlite3.connect(out) as db:
        db.execute("UPDATE works SET record = ?", (b'{"DOI": "10.5555/t.1", "title": "x"}',))
    db.close()
    with pytest.raises(
        SourceError, match=r"10\.5555/T\.1 is not a Crossref work record \(title: Input"
    ):
        IndexSource(out).get_work("10.5555/T.1")


def test_a_record_is_found_by_its_original_title(tmp_path: Path) -> None:
    record = _record(1, "The emergence of species", **{"original-title": ["Entstehung Arten"]})
    out = tmp_path / "i.sqlite"
    build_index([_jsonl(tmp_path / "r.jsonl", [record])], out)
    found = IndexSource(out).search_works("Okafor, A. Entstehung Arten")
    assert [work.doi for work in found] == ["10.5555/t.1"]
    assert found[0].other_titles == ["Entstehung Arten"]
