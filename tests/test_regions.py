"""The regions extractor: every surface form of tests/corpus/regions.tsv, mentions, spans and warnings."""

from __future__ import annotations

import pytest

from extract.lexicon import load_table

from .conftest import TEST_CORPUS

CASES = load_table("regions.tsv", TEST_CORPUS)


def run(nlp, text):
    doc = nlp.make_doc(text)
    doc._.warnings = []
    return nlp(doc)


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:50] for c in CASES])
def test_surface_form(nlp, case):
    doc = run(nlp, case["text"])
    assert (" ".join(r.code for r in doc._.regions) or "-") == case["codes"]


def test_region_fields_and_mentions(nlp):
    text = "BOGOR - Pemkot Bogor dan DPRD Kota Bogor membahas APBD. Wali Kota Bogor hadir di Jawa Barat."
    doc = run(nlp, text)
    kota, jabar = doc._.regions
    assert (kota.code, kota.name, kota.level) == ("32.71", "Kota Bogor", "kota")
    assert (kota.province.code, kota.province.name) == ("32", "Jawa Barat")
    assert [m.text for m in kota.mentions] == ["BOGOR", "Pemkot Bogor", "Kota Bogor", "Bogor"]
    assert (jabar.code, jabar.level, jabar.province.code) == ("32", "provinsi", "32")
    assert [m.text for m in jabar.mentions] == ["Jawa Barat"]


def test_village_fields(nlp):
    doc = run(nlp, "Bantuan disalurkan di Desa Mekarsari, Kecamatan Cileungsi, Kabupaten Bogor.")
    desa, kecamatan, kabupaten = doc._.regions
    assert (desa.code, desa.name, desa.level) == ("32.01.07.2002", "Mekarsari", "desa")
    assert (kecamatan.code, kecamatan.level) == ("32.01.07", "kecamatan")
    assert desa.province.code == kabupaten.province.code == "32"


def test_offsets_index_the_original_text(nlp):
    text = ("SEMARANG, Kota.id - Dinkes Kota Semarang mencatat kasus di KecamatanTembalang, Pedurungan dan "
            "Genuk.\nBupati Sragen dan Pemprov Jateng ikut memantau.")
    doc = run(nlp, text)
    mentions = [m for r in doc._.regions for m in r.mentions]
    assert [m.text for m in mentions] == ["SEMARANG", "Kota Semarang", "KecamatanTembalang", "Pedurungan",
                                          "Genuk", "Sragen", "Pemprov Jateng"]
    for m in mentions:
        assert text[m.start:m.end] == m.text


def test_span_group_for_officials(nlp):
    doc = run(nlp, "Kepala Dinas Kesehatan Kabupaten Bungo dan Kapolres Tangsel hadir.")
    spans = [(s.text, s.label_, s.kb_id_) for s in doc.spans["regions"]]
    assert spans == [("Kabupaten Bungo", "kabupaten", "15.08"), ("Tangsel", "kota", "36.74")]


def test_bare_name_shared_by_kabupaten_and_kota_warns(nlp):
    doc = run(nlp, "Festival budaya di Bekasi berlangsung meriah.")
    assert [r.code for r in doc._.regions] == ["32.75"]
    assert any("Bekasi" in w and "Kabupaten Bekasi" in w for w in doc._.warnings)


def test_context_decides_a_bare_name(nlp):
    doc = run(nlp, "Pemkab Bogor menambah anggaran. Warga Bogor menyambut baik.")
    assert [(r.code, len(r.mentions)) for r in doc._.regions] == [("32.01", 2)]
    assert not doc._.warnings


def test_nothing_inside_boilerplate(nlp):
    doc = run(nlp, "Harga cabai di Kabupaten Garut naik.\nBaca Juga: Banjir Rendam Kabupaten Tebo dan Kota Jambi")
    assert [r.code for r in doc._.regions] == ["32.05"]


def test_save_and_load(nlp, tmp_path):
    import spacy

    blank = spacy.blank("id")
    blank.add_pipe("berita_regions")
    blank.to_disk(tmp_path)
    loaded = spacy.load(tmp_path)
    doc = loaded.make_doc("Pemprov Jatim")
    doc._.warnings = []
    assert [r.code for r in loaded(doc)._.regions] == ["35"]


def test_introduced_village_is_found_again_bare(nlp):
    doc = run(nlp, "Kasus tertinggi ada di Desa Gemantar, Kecamatan Mondokan, Kabupaten Sragen. Fogging di Gemantar.")
    desa = doc._.regions[0]
    assert (desa.code, [m.text for m in desa.mentions]) == ("33.14.16.2008", ["Desa Gemantar", "Gemantar"])


def test_lowercase_name_after_its_qualifier(nlp):
    text = "Dinas sosial kota bogor dan warga bogor menggelar bazar."
    doc = run(nlp, text)
    (kota,) = doc._.regions
    assert (kota.code, [(m.text, m.start, m.end) for m in kota.mentions]) == ("32.71", [("kota bogor", 13, 23)])


def test_official_name_with_an_inner_lowercase_word(nlp):
    doc = run(nlp, "Pemkab Pangkajene dan Kepulauan serta Pemkab Maros dan Gowa menggelar rapat.")
    assert [(r.code, [m.text for m in r.mentions]) for r in doc._.regions] == [
        ("73.10", ["Pemkab Pangkajene dan Kepulauan"]), ("73.09", ["Pemkab Maros"]), ("73.06", ["Gowa"])]


def test_dateline_seat_names_its_kabupaten(nlp):
    """And the town itself: Ungaran is no kecamatan (those are Ungaran Barat and Timur) but a kelurahan."""
    doc = run(nlp, "UNGARAN - Bupati Semarang meresmikan pasar. Warga Ungaran menyambut baik.")
    kabupaten, kelurahan = doc._.regions
    assert (kabupaten.code, [m.text for m in kabupaten.mentions]) == ("33.22", ["UNGARAN", "Semarang"])
    assert (kelurahan.code, [m.text for m in kelurahan.mentions]) == ("33.22.18.1008", ["UNGARAN", "Ungaran"])
    assert [(s.text, s.kb_id_) for s in doc.spans["regions"]] == [
        ("UNGARAN", "33.22"), ("UNGARAN", "33.22.18.1008"), ("Semarang", "33.22"), ("Ungaran", "33.22.18.1008")]


def test_blocked_names_leave_no_span(nlp):
    doc = run(nlp, "Nelayan Sungai Kapuas dan pendukung Persebaya Surabaya berkumpul di Jalan Tol Jakarta-Cikampek.")
    assert doc._.regions == [] and list(doc.spans["regions"]) == []


def test_a_blocked_name_is_no_mention_even_when_the_region_is_named(nlp):
    doc = run(nlp, "Bupati Kapuas meninjau tanggul Sungai Kapuas Murung yang jebol.")
    assert [(r.code, [m.text for m in r.mentions]) for r in doc._.regions] == [("62.03", ["Kapuas"])]


def test_seats_table_lists_only_towns_that_are_no_region_name(nlp):
    regions = nlp.get_pipe("berita_regions")
    assert regions.seats and not [seat for seat in regions.seats if seat in regions.big]


BLOCKERS = load_table("region_blockers.tsv")


@pytest.mark.parametrize("row", BLOCKERS, ids=[f"{r['side']}:{r['phrase']}" for r in BLOCKERS])
def test_each_blocking_word_blocks_a_bare_name_but_not_a_qualified_one(nlp, row):
    name = f"{row['phrase']} Jember" if row["side"] == "before" else f"Jember {row['phrase']}"
    assert run(nlp, f"Relawan berkumpul di dekat {name} pada Minggu pagi.")._.regions == []
    qualified = name.replace("Jember", "Kabupaten Jember")
    doc = run(nlp, f"Relawan berkumpul di dekat {qualified} pada Minggu pagi.")
    assert [r.code for r in doc._.regions] == ["35.09"]


SEATS = load_table("region_seats.tsv")


@pytest.mark.parametrize("row", SEATS, ids=[r["seat"] for r in SEATS])
def test_each_seat_in_a_dateline_names_its_kabupaten(nlp, row):
    """And the kecamatan of the seat's name in that kabupaten, which most seats are, else its one desa or kelurahan
    of that name."""
    regions = nlp.get_pipe("berita_regions")
    key = regions.key(row["seat"])
    code = regions.seats[key]
    district = regions.children[code].get(key)
    villages = [c for c in regions.small.get(key, ()) if c.startswith(code + ".")]
    town = district or (villages[0] if len(villages) == 1 else None)
    names = [row["region"]] + ([regions.places[town].name] if town else [])
    doc = run(nlp, f"{row['seat'].upper()} - Warga menggelar kerja bakti membersihkan saluran air.")
    assert [(r.name, r.mentions[0].text) for r in doc._.regions] == [(name, row["seat"].upper()) for name in names]


ALIASES = load_table("region_aliases.tsv")


@pytest.mark.parametrize("row", ALIASES, ids=[f"{r['alias']}->{r['region']}" for r in ALIASES])
def test_each_alias_names_its_region(nlp, row):
    regions = nlp.get_pipe("berita_regions")
    key = regions.key(row["alias"])
    doc = run(nlp, f"Perwakilan warga {row['alias']} menghadiri rapat koordinasi di aula.")
    if key in regions.risky or len(regions.big[key]) > 1:  # needs a qualifier or context: only no other region
        assert {r.name for r in doc._.regions} <= {regions.places[c].name for c in regions.big[key]}
    else:
        assert [r.name for r in doc._.regions] == [row["region"]]


def test_no_break_spaces_of_web_pages(nlp):
    text = "BANDUNG\xa0- Pemprov Jawa\xa0Barat dan Kabupaten\xa0Bogor membahas proyek di Jalan\xa0Surabaya."
    doc = run(nlp, text)
    assert [(r.code, [m.text for m in r.mentions]) for r in doc._.regions] == [
        ("32.73", ["BANDUNG"]), ("32", ["Pemprov Jawa\xa0Barat"]), ("32.01", ["Kabupaten\xa0Bogor"])]


QUALIFIER_TEXTS = [
    "Pemkab Bogor, kabupaten bogor, KABUPATEN BOGOR dan KecamatanTembalang; kabar dari Kab.Bogor dan Kab. Garut.",
    "Wali  Kota Bogor, Walikota Bekasi, wakil wali kota Depok; pemprov jabar; desak Desa Mekarsari (Kec. Cileungsi).",
    "DPRD Kota Padang dan Dinas Kominfo Kotamadya Jambi; 2Kota 3kab Kota",
]


@pytest.mark.parametrize("text", QUALIFIER_TEXTS + [t.replace("Bogor", "BOGOR İ") for t in QUALIFIER_TEXTS]
                         + [t.replace("desak", "ſ desak") for t in QUALIFIER_TEXTS])
def test_quick_qualifier_search_finds_what_the_full_search_finds(nlp, text):
    """Qualifiers are looked for through their first words in the lowercased text; texts whose lowercase moves
    the offsets ("İ") or hides a letter ("ſ") take the full search."""
    regions = nlp.get_pipe("berita_regions")
    assert ([m.span() for m in regions.qualifier_matches(text)]
            == [m.span() for m in regions.qualifier_re.finditer(text)] != [])


def test_datelines_only_at_line_starts(nlp):
    text = ("jpnn.com - PALANGKA RAYA - Pemkot menggelar rapat. Warga Jambi berkumpul.\n"
            "Temanggung (ANTARA) - Bupati hadir.\nSumber - Humas Jambi\n  CIBINONG, Site.id - Camat hadir. "
            "Bupati Bogor, LIWA (Lampost.co) dan Liwa (Lampost.co)\nLiwa (Lampost.co) - Kepala Desa")
    doc = run(nlp, text)
    assert sorted((m.start, m.text, r.code) for r in doc._.regions for m in r.mentions) == [
        (11, "PALANGKA RAYA", "62.71"), (57, "Jambi", "15"), (74, "Temanggung", "33.23"), (125, "Jambi", "15"),
        (133, "CIBINONG", "32.01"), (133, "CIBINONG", "32.01.01"), (173, "Bogor", "32.01"), (220, "Liwa", "18.04")]


def test_bare_kecamatan_of_a_named_kabupaten(nlp):
    """Only where it reads as a place: not opening a sentence, not inside a longer capitalised name."""
    text = "Pemkab Sleman menanam pohon di Ngaglik. Ngaglik juga menerima bibit dari Toko Ngaglik Jaya."
    doc = run(nlp, text)
    assert [(r.code, [(m.text, m.start) for m in r.mentions]) for r in doc._.regions] == [
        ("34.04", [("Pemkab Sleman", 0)]), ("34.04.12", [("Ngaglik", 31)])]


def test_bare_kecamatan_wins_over_a_desa_of_its_name(nlp):
    doc = run(nlp, "Pemkab Gianyar menata parkir di Ubud; Kelurahan Ubud menyiapkan lahan di Ubud.")
    assert [(r.code, [m.text for m in r.mentions]) for r in doc._.regions] == [
        ("51.04", ["Pemkab Gianyar"]), ("51.04.05", ["Ubud", "Ubud"]), ("51.04.05.1005", ["Kelurahan Ubud"])]


def test_bare_kecamatan_holds_no_kabupaten_inside(nlp):
    doc = run(nlp, "Pemkab Pelalawan menyalurkan jaring bagi nelayan di Kuala Kampar.")
    assert [(s.text, s.kb_id_) for s in doc.spans["regions"]] == [("Pemkab Pelalawan", "14.05"),
                                                                 ("Kuala Kampar", "14.05.10")]
