"""A record in another script, cited in transliteration and translation.

English-language lists cite Chinese, Japanese, Korean and Russian papers transliterated
and translated, while the record (as CNKI-, J-STAGE- or eLIBRARY-registered journals hold
their metadata at Crossref) keeps the original script. Titles and names cannot be compared
then; year, volume and pages can. The records below are made-up works in the shape of
such records (10.5555 is a test prefix).
"""

from __future__ import annotations

from refenrich.compare import compare
from refenrich.models import Author, PartialDate, Severity, Work
from refenrich.text.parse import parse_reference

CHINESE = Work(
    doi="10.5555/g.5",
    type="journal-article",
    title="王小明的研究",
    authors=[Author(family="王", given="小明")],
    container_title="中国科学",
    volume="6",
    pages="1-5",
    issued=PartialDate(year=2020),
)

RUSSIAN = Work(
    doi="10.5555/r.1",
    type="journal-article",
    title="Исследование по теории графов",
    authors=[Author(family="Иванова", given="Мария")],
    container_title="Математический сборник",
    volume="12",
    issue="3",
    pages="45-67",
    issued=PartialDate(year=2018),
)


def codes(text: str, work: Work) -> list[tuple[str, Severity]]:
    return [(f.code, f.severity) for f in compare(parse_reference(text), work)]


def test_a_transliterated_citation_whose_locators_agree_is_no_other_work() -> None:
    text = "Wang, X. (2020) Wang Xiaoming's research. Zhongguo Kexue, 6, 1-5. doi:10.5555/g.5"
    assert codes(text, CHINESE) == [("record_other_script", Severity.INFO)]
    text = (
        "Ivanova, M. (2018) A study in graph theory. Matematicheskii Sbornik, 12(3), 45-67. "
        "doi:10.5555/r.1"
    )
    assert codes(text, RUSSIAN) == [("record_other_script", Severity.INFO)]


def test_locators_that_disagree_are_still_flagged() -> None:
    text = "Wang, X. (2020) Wang Xiaoming's research. Zhongguo Kexue, 9, 10-15. doi:10.5555/g.5"
    found = dict(codes(text, CHINESE))
    assert found["record_other_script"] is Severity.WARNING
    assert found["volume_mismatch"] is Severity.ERROR
    assert found["pages_mismatch"] is Severity.ERROR


def test_nothing_to_compare_is_a_warning_to_check_by_hand() -> None:
    findings = compare(parse_reference("Wang, X. (2020) Wang Xiaoming's research."), CHINESE)
    assert findings[0].code == "record_other_script"
    assert findings[0].severity is Severity.WARNING
    assert findings[0].message.endswith("check by hand that the DOI is the work cited.")


def test_a_latin_record_is_compared_as_ever() -> None:
    latin = CHINESE.model_copy(update={"title": "Research of Wang Xiaoming"})
    text = "Wang, X. (2020) A different study altogether. Zhongguo Kexue, 6, 1-5."
    assert "record_other_script" not in dict(codes(text, latin))


# --- a record's other titles: another language's, a translation's original -------------


def _bilingual(record: dict[str, object]) -> Work:
    from refenrich.crossref.schema import parse_work_message, to_work

    base = {
        "DOI": "10.5555/tr.1",
        "type": "journal-article",
        "author": [{"family": "Müller", "given": "Hans"}],
        "container-title": ["Zeitschrift für Biologie"],
        "volume": "5",
        "page": "10-20",
        "issued": {"date-parts": [[2010]]},
    }
    return to_work(parse_work_message({**base, **record}))


def test_crossref_titles_after_the_first_and_the_original_title_are_kept() -> None:
    work = _bilingual(
        {
            "title": ["Die Entstehung der Arten", "The emergence of species"],
            "original-title": ["Die <i>Entstehung</i> der Arten", "Über die Arten"],
        }
    )
    assert work.title == "Die Entstehung der Arten"
    assert work.other_titles == ["The emergence of species", "Über die Arten"]


def test_the_records_other_title_is_no_other_work() -> None:
    text = "Müller, H. (2010) {}. Zeitschrift für Biologie, 5, 10-20. doi:10.5555/tr.1"
    translated = _bilingual(
        {"title": ["The emergence of species"], "original-title": ["Die Entstehung der Arten"]}
    )
    assert codes(text.format("Die Entstehung der Arten"), translated) == [
        ("title_other_language", Severity.INFO)
    ]
    both = _bilingual({"title": ["Die Entstehung der Arten", "The emergence of species"]})
    assert codes(text.format("The emergence of species"), both) == [
        ("title_other_language", Severity.INFO)
    ]
    # a title that is neither is still an error
    assert ("title_mismatch", Severity.ERROR) in codes(text.format("Soil and rain"), both)


# --- one surname, two romanisations ------------------------------------------------------


def test_another_romanisation_of_a_surname_is_the_same_name() -> None:
    # The record's names in Revised Romanisation and pinyin; the reference's in
    # McCune-Reischauer, customary spellings and Wade-Giles.
    work = CHINESE.model_copy(
        update={
            "title": "Romanised names",
            "authors": [
                Author(family="Lee", given="Seo-yeon"),
                Author(family="Park", given="Ji-ho"),
                Author(family="Zhang", given="Wei"),
                Author(family="Xu", given="Ming"),
            ],
        }
    )
    text = "Yi, S., Pak, J., Chang, W. and Hsu, M. (2020) Romanised names. Zhongguo Kexue, 6, 1-5."
    assert [code for code, severity in codes(text, work) if severity is not Severity.INFO] == []
    other = (
        "Yi, S., Pak, J., Chang, W. and Smith, M. (2020) Romanised names. Zhongguo Kexue, 6, 1-5."
    )
    assert ("author_not_in_record", Severity.ERROR) in codes(other, work)


def test_romanisation_groups_keep_other_names_apart() -> None:
    from refenrich.romanisation import surname_groups

    assert surname_groups("lee") & surname_groups("rhee")
    assert surname_groups("zhang") & surname_groups("chang")
    assert not surname_groups("lee") & surname_groups("park")
    assert surname_groups("smith") == frozenset()
    assert surname_groups("o") == frozenset()  # too short to tell: also other names
