"""Figures: every surface form of ``tests/corpus/figures.tsv``, then the span group, sentences and saving."""

from __future__ import annotations

import pytest
import regex
import spacy

from extract.figures import SPANS_KEY, _alternation

from .conftest import TEST_CORPUS


def _expected(cell: str) -> list[tuple]:
    if cell == "-":
        return []
    out = []
    for item in cell.split(" ; "):
        fields, surface = item.split("=", 1)
        kind, value, currency, unit, approx = fields.split("|")
        number = float(value) if "." in value else int(value)
        out.append((kind, number, currency or None, unit or None, approx == "~", surface))
    return out


def _cases():
    lines = (TEST_CORPUS / "figures.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")][1:]
    for figures, text in rows:
        yield pytest.param(_expected(figures), text.replace("\\n", "\n"), id=text[:60])


def _run(nlp, text: str):
    doc = nlp.make_doc(text)
    doc._.warnings = []
    return nlp(doc)


@pytest.mark.parametrize("expected,text", list(_cases()))
def test_case(nlp, expected, text):
    doc = _run(nlp, text)
    found = [(f.kind, f.value, f.currency, f.unit, f.approximate, f.text) for f in doc._.figures]
    assert found == expected
    assert all(type(f.value) is type(e[1]) for f, e in zip(doc._.figures, expected))
    assert all(doc.text[f.start:f.end] == f.text for f in doc._.figures)


def test_sentence_is_the_trimmed_sentence_around_the_figure(nlp):
    doc = _run(nlp, "Rapat dimulai pagi. Iuran Rp. 16.800 per orang dibayar Dinsos.\n  Sebanyak 40 kader hadir. ")
    assert [f.sentence for f in doc._.figures] == ["Iuran Rp. 16.800 per orang dibayar Dinsos.",
                                                   "Sebanyak 40 kader hadir."]


def test_span_group_labels_are_kinds(nlp):
    doc = _run(nlp, "Anggaran Rp 2 miliar untuk 150 guru, naik 5 persen, dengan 3 ton beras.")
    assert [(span.text, span.label_) for span in doc.spans[SPANS_KEY]] == [
        ("Rp 2 miliar", "money"), ("150 guru", "count"), ("5 persen", "percent"), ("3 ton", "quantity")]


def test_boilerplate_lines_are_skipped(nlp):
    doc = _run(nlp, "Dinas menyalurkan bantuan kepada 120 KPM.\n"
                    "Baca Juga: 20 Rekomendasi Kado dengan Harga Rp 50 ribu\nPenyaluran berlanjut pekan depan.")
    assert [f.value for f in doc._.figures] == [120]


@pytest.mark.parametrize("gap", ["\n\n", "\n \n"])
def test_a_noun_after_a_blank_line_counts_nothing(nlp, gap):
    doc = _run(nlp, f"Rabu, 15 Januari 2025 15.47{gap}Badan Pusat Statistik mencatat 1.200 KPM baru.")
    assert [(f.value, f.unit) for f in doc._.figures] == [(1200, "KPM")]


def test_figures_are_in_text_order_once_per_mention(nlp):
    doc = _run(nlp, "Pagu Rp 5 miliar terserap 40 persen. Sisanya dari pagu Rp 5 miliar belum dipakai.")
    assert [(f.kind, f.value, f.start) for f in doc._.figures] == [
        ("money", 5000000000, 5), ("percent", 40, 26), ("money", 5000000000, 55)]


def test_a_rate_takes_the_currency_of_its_sentence(nlp):
    doc = _run(nlp, "Hibah USD 5 juta itu dibagi rata, 50 ribu/KK.")
    assert [(f.kind, f.value, f.currency, f.text) for f in doc._.figures] == [
        ("money", 5000000, "USD", "USD 5 juta"), ("money", 50000, "USD", "50 ribu")]


def test_saved_pipeline_keeps_its_tables(nlp, tmp_path):
    blank = spacy.blank("id")
    blank.add_pipe("berita_boilerplate")
    blank.add_pipe("berita_figures")
    blank.to_disk(tmp_path)
    loaded = spacy.load(tmp_path)
    doc = loaded("Sebanyak 12.345 KPM menerima Rp 600 ribu.")
    assert [(f.kind, f.value) for f in doc._.figures] == [("count", 12345), ("money", 600000)]


@pytest.mark.parametrize("text", [
    "Sekitar Rp 5 juta, kurang  lebih\nUS $ 7 dan xUS $8, lalu Rp.9 serta tidak kurang dari 10 orang.",
    "Tanggal 17/04/2025 pukul 11:20, G20 dan Covid-19: kedua pihak, dua ratus (200) warga, 1.234.567,89.",
    "İstanbul menerima ſatu juta dan Dua ribu wisatawan; İ sekitarRp3 miliar, Rpdua juta.",
    "Ada ſatu juta warga, Dua ribu (2.000) orang.", "Rp", "5", "", "sekitar", "± 3 persen, +/- 4 ton",
])
def test_candidates_are_those_of_a_scan_of_the_whole_text(nlp, text):
    # The candidates are looked for at the numbers only; a scan with the candidate regex from each candidate's
    # number end is what they must equal.
    figures = nlp.get_pipe("berita_figures")
    scanned, pos = [], 0
    while (match := figures.candidate.search(text, pos)) is not None:
        scanned.append(match.groups())
        pos = match.end(1)
    assert [match.groups() for match in figures._candidates(text)] == scanned


def test_a_longer_word_wins_over_the_word_it_extends():
    pattern = regex.compile(_alternation(["lebih", "kurang", "kurang lebih", "Rp", "rp."]), regex.IGNORECASE)
    assert [pattern.match(text).group() for text in ("kurang  lebih 5", "KURANG 5", "Rp. 5", "rp 5")] == [
        "kurang  lebih", "KURANG", "Rp.", "rp"]
    backward = regex.compile(f"(?<={_alternation(['sekitar', 'tar', 'sekitaran'], backward=True)})", regex.IGNORECASE)
    assert [bool(backward.match(text, len(text))) for text in ("Sekitar", "sekitaran", "kitar", "ar")] == [
        True, True, True, False]
