"""Dates and the publication date: every surface form of ``tests/corpus/dates.tsv``, then warnings and saving."""

from __future__ import annotations

import pytest
import regex
import spacy

from extract.dates import SPANS_KEY, _alternation

from .conftest import TEST_CORPUS

GRANULARITY = {10: "day", 7: "month", 4: "year"}


def _cases():
    lines = (TEST_CORPUS / "dates.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")][1:]
    for dates, published, text, *metadata in rows:
        expected = [] if dates == "-" else [tuple(pair.split("=", 1)) for pair in dates.split(" ; ")]
        yield pytest.param(expected, None if published == "-" else published, text.replace("\\n", "\n"),
                           (metadata or [""])[0] or None, id=text[:50])


def _run(nlp, text: str, published: str | None = None):
    doc = nlp.make_doc(text)
    doc._.published = published
    doc._.warnings = []
    return nlp(doc)


@pytest.mark.parametrize("expected,published,text,metadata", list(_cases()))
def test_case(nlp, expected, published, text, metadata):
    doc = _run(nlp, text, metadata)
    assert [(d.value, d.text) for d in doc._.dates] == expected
    assert [d.granularity for d in doc._.dates] == [GRANULARITY[len(value)] for value, _ in expected]
    assert all(doc.text[d.start:d.end] == d.text for d in doc._.dates)
    assert doc._.published == published


def test_span_group(nlp):
    doc = _run(nlp, "Rapat digelar Senin (16/12/2024) dan anggaran disiapkan pada 2025.")
    assert [(span.text, span.label_) for span in doc.spans[SPANS_KEY]] == [
        ("Senin (16/12/2024)", "day"), ("pada 2025", "year")]


def test_weekday_that_contradicts_the_date_is_a_warning(nlp):
    doc = _run(nlp, "Gubernur meninjau lokasi banjir, Kamis (9/4/2021).")
    assert [d.value for d in doc._.dates] == ["2021-04-09"]
    assert doc._.warnings == ["dates: 'Kamis (9/4/2021)' at 33 names a weekday that 2021-04-09 is not "
                              "(kept as written)"]


def test_day_without_any_year_is_left_out_with_a_warning(nlp):
    doc = _run(nlp, "Bupati meninjau pasar, Rabu (10/7).")
    assert doc._.dates == []
    assert doc._.warnings == ["dates: 'Rabu (10/7)' at 23 has no year (no publication date and no other dated "
                              "mention): not reported"]


def test_publication_date_gives_the_year_before_the_other_dates(nlp):
    doc = _run(nlp, "Rapat digelar Kamis (8/4), membahas target tahun 2019.", "2021-04-09")
    assert [d.value for d in doc._.dates] == ["2021-04-08", "2019"]


@pytest.mark.parametrize("metadata,expected", [
    ("2024-09-05", "2024-09-05"),
    ("2024-09-05T04:02:09Z", "2024-09-05"),
    ("05/09/2024", "2024-09-05"),
    ("Kamis, 5 September 2024", "2024-09-05"),
    ("Thu, 05 Sep 2024 04:02:09 +0000", "2024-09-05"),
    ("September 5, 2024", "2024-09-05"),
])
def test_metadata_publication_date_is_normalised(nlp, metadata, expected):
    assert _run(nlp, "Bupati meresmikan pasar.", metadata)._.published == expected


def test_unreadable_metadata_is_a_warning_and_the_page_decides(nlp):
    doc = _run(nlp, "Judul\nSelasa, 3 September 2024 | 09:15 WIB\nIsi berita.", "kemarin sore")
    assert doc._.published == "2024-09-03"
    assert doc._.warnings == ["dates: publication date 'kemarin sore' is not a readable date: ignored"]


def test_metadata_wins_over_the_page(nlp):
    doc = _run(nlp, "Judul\nSelasa, 3 September 2024 | 09:15 WIB\nIsi berita.", "2024-09-04")
    assert doc._.published == "2024-09-04"


def test_event_date_in_the_body_is_not_the_publication_date(nlp):
    doc = _run(nlp, "Judul\nBANDUNG - UMK diumumkan pada Rabu, 18 Desember 2024, oleh gubernur.")
    assert doc._.published is None


def test_saved_and_loaded_pipeline_gives_the_same_dates(nlp, tmp_path):
    small = spacy.blank("id")
    small.add_pipe("berita_dates")
    small.to_disk(tmp_path / "nlp")
    loaded = spacy.load(tmp_path / "nlp")
    text = "Bantuan disalurkan Juli, Agustus dan September 2024, kata Kades, Senin (7/10/2024)."
    assert [(d.value, d.text) for d in _run(loaded, text)._.dates] == [
        ("2024-07", "Juli"), ("2024-08", "Agustus"), ("2024-09", "September 2024"), ("2024-10-07", "Senin (7/10/2024)")]


@pytest.mark.parametrize("text,expected", [
    ("Jalan di depan Straße Mall ditutup pada 5 Juni 2024.", [("2024-06-05", "5 Juni 2024")]),
    ("Rombongan tiba di İzmir, Kamis (8/8/2024), lalu pulang 10 agustus 2024.",
     [("2024-08-08", "Kamis (8/8/2024)"), ("2024-08-10", "10 agustus 2024")]),
])
def test_month_names_in_a_text_whose_case_folding_changes_its_length(nlp, text, expected):
    # Month names are looked for in the case-folded text, unless folding "ß" or "İ" would shift the offsets.
    assert [(d.value, d.text) for d in _run(nlp, text)._.dates] == expected


def test_word_lists_try_the_longer_phrase_first_in_both_directions():
    forward = regex.compile(_alternation(["tahun", "tahun anggaran"]))
    backward = regex.compile(_alternation(["anggaran", "tahun anggaran"], backward=True) + "$", regex.REVERSE)
    assert forward.match("tahun  anggaran 2025").group() == "tahun  anggaran"
    assert backward.match("pada tahun  anggaran").group() == "tahun  anggaran"
