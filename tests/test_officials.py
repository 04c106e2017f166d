"""Officials: every form of tests/corpus/officials.jsonl, then mentions, offsets, spans and saving."""

from __future__ import annotations

import json
import pickle
import re

import pytest
import regex

from extract.officials import Officials, _matches, _trie

from .conftest import TEST_CORPUS

CASES = [json.loads(line) for line in (TEST_CORPUS / "officials.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]


@pytest.mark.parametrize("case", CASES, ids=[c["form"] for c in CASES])
def test_corpus_case(nlp, case):
    doc = nlp(case["text"])
    got = [{"name": o.name, "title": o.title, "organization": o.organization} for o in doc._.officials]
    assert got == case["officials"]


def _mentions(doc, name):
    (official,) = [o for o in doc._.officials if o.name == name]
    return [(m.text, m.start) for m in official.mentions]


def test_short_mentions_merge_into_the_person_and_pronouns_do_not(nlp):
    text = ("Kepala BPBD Kabupaten Garut, Satriyo Budi, mengatakan banjir mulai surut. "
            "\"Kami tetap siaga,\" kata Satriyo. Menurut Satriyo, warga sudah kembali ke rumah, kata dia.")
    doc = nlp(text)
    assert len(doc._.officials) == 1
    assert _mentions(doc, "Satriyo Budi") == [("Satriyo Budi", 29), ("Satriyo", 99), ("Satriyo", 116)]


def test_partial_name_and_initials(nlp):
    doc = nlp("Wali Kota Bogor Dedie A Rachim meninjau pasar. \"Kami benahi,\" jelas Dedie Rachim. Dedie menambahkan.")
    assert _mentions(doc, "Dedie A Rachim") == [("Dedie A Rachim", 16), ("Dedie Rachim", 68), ("Dedie", 82)]


def test_nickname_is_a_mention_not_a_second_person(nlp):
    doc = nlp("Presiden RI Joko Widodo (Jokowi) meresmikan bendungan. Jokowi berharap sawah teraliri.")
    assert [o.name for o in doc._.officials] == ["Joko Widodo"]
    assert _mentions(doc, "Joko Widodo") == [("Joko Widodo", 12), ("Jokowi", 25), ("Jokowi", 55)]


def test_nickname_phrase_before_or_after_the_name_with_an_honorific(nlp):
    text = ("Suryadi Wiranata, yang akrab disapa Kang Ujo, Kepala Desa Cikalong, menerima bantuan. "
            "Ujo berterima kasih.")
    doc = nlp(text)
    assert [o.name for o in doc._.officials] == ["Suryadi Wiranata"]
    assert _mentions(doc, "Suryadi Wiranata") == [("Suryadi Wiranata", 0), ("Ujo", 41), ("Ujo", 86)]
    doc = nlp("Kepala Desa Cikalong, Suryadi Wiranata atau biasa dipanggil Pak Ujo, hadir. \"Siap,\" kata Ujo.")
    assert _mentions(doc, "Suryadi Wiranata") == [("Suryadi Wiranata", 22), ("Ujo", 64), ("Ujo", 89)]


def test_same_position_with_and_without_place_is_one_person(nlp):
    doc = nlp("Penyaluran di Desa Sukamaju lancar. Kades Sukamaju Ujang Rahmat menyerahkan bantuan. "
              "\"Tidak ada potongan,\" kata Kades Ujang Rahmat.")
    assert [(o.name, o.title) for o in doc._.officials] == [("Ujang Rahmat", "Kades Sukamaju")]
    assert len(doc._.officials[0].mentions) == 2


def test_two_people_sharing_a_first_name_stay_apart(nlp):
    doc = nlp("Kepala Dinas Sosial Kota Bekasi, Agus Salim, dan Camat Bekasi Timur, Agus Hermawan, "
              "meninjau dapur umum. \"Stok cukup,\" kata Agus Salim.")
    assert [o.name for o in doc._.officials] == ["Agus Salim", "Agus Hermawan"]
    assert _mentions(doc, "Agus Salim") == [("Agus Salim", 33), ("Agus Salim", 124)]
    assert _mentions(doc, "Agus Hermawan") == [("Agus Hermawan", 69)]


def test_byline_and_teaser_people_are_not_officials(nlp):
    text = ("Kepala Dinkes Kota Bandung, Anhar Hadian, meminta warga waspada.\n"
            "Baca Juga: Wali Kota Bandung Muhammad Farhan Tinjau Posyandu\n"
            "Penulis: Kepala Biro Dedi Mulyadi\n")
    doc = nlp(text)
    assert [o.name for o in doc._.officials] == ["Anhar Hadian"]


def test_offsets_index_the_text_and_spans_follow_the_mentions(nlp):
    text = "SLEMAN - Sekda Sleman, Drs. Susmiarto, M.Si., membuka rapat. \"Anggaran cukup,\" ujar Susmiarto."
    doc = nlp(text)
    (official,) = doc._.officials
    assert official.name == "Susmiarto"
    for mention in official.mentions:
        assert text[mention.start:mention.end] == mention.text
    spans = doc.spans["officials"]
    assert [(s.text, s.start_char, s.label_) for s in spans] == [
        ("Susmiarto", 28, "official"), ("Susmiarto", 84, "official")]


def test_region_code_comes_from_the_region_inside_the_title(nlp):
    doc = nlp("Kepala Dinas Sosial Kabupaten Garut, Rina Handayani, mengatakan bantuan segera cair.")
    (official,) = doc._.officials
    codes = {s.kb_id_ for s in doc.spans.get("regions", []) if s.start_char >= 20 and s.end_char <= 35}
    assert official.region_code == (max(codes, key=len) if codes else None)


def test_component_saves_and_loads_its_tables(nlp, tmp_path):
    component = nlp.get_pipe("berita_officials")
    component.to_disk(tmp_path)
    loaded = Officials(nlp, "berita_officials").from_disk(tmp_path)
    assert loaded.data == component.data
    assert loaded.head_re.pattern == component.head_re.pattern


def test_a_short_name_two_officials_share_is_not_attributed(pipeline):
    record = pipeline.process("Kepala Dinas Sosial Kota Bekasi, Agus Salim, dan Camat Bekasi Timur, Agus Hermawan, "
                              "meninjau dapur umum. \"Stok cukup,\" kata Agus.")
    assert [(o["name"], len(o["mentions"])) for o in record["officials"]] == [("Agus Salim", 1), ("Agus Hermawan", 1)]
    assert "official 'Agus' at 124: could be Agus Hermawan or Agus Salim; not attributed" in record["warnings"]


def test_honorific_before_a_short_mention(nlp):
    doc = nlp("Ketua Apeksi, Bima Arya, hadir. \"Kami dukung,\" kata Bima. Kami mengapresiasi Pak Bima, ujar Zainal.")
    assert _mentions(doc, "Bima Arya") == [("Bima Arya", 14), ("Bima", 52), ("Bima", 81)]


def test_alias_is_a_mention_of_the_same_person(nlp):
    doc = nlp("Wakil Bupati Bogor, Ade Ruhandi alias Jaro Ade, meninjau banjir. Jaro Ade meminta warga tertib.")
    assert [o.name for o in doc._.officials] == ["Ade Ruhandi"]
    assert _mentions(doc, "Ade Ruhandi") == [("Ade Ruhandi", 20), ("Jaro Ade", 38), ("Jaro Ade", 65)]


def test_all_caps_name_part_keeps_its_short_mentions(nlp):
    doc = nlp("Pj Bupati Kampar, HM Firdaus, membuka pasar murah. \"Harga kami tekan,\" kata Firdaus.")
    assert [(o.name, o.title) for o in doc._.officials] == [("HM Firdaus", "Pj Bupati Kampar")]
    assert _mentions(doc, "HM Firdaus") == [("HM Firdaus", 18), ("Firdaus", 76)]


def test_capitalised_title_wins_over_a_lowercase_apposition(nlp):
    doc = nlp("Kepala Dinas Sosial Kota Kendari, Sitti Ganef, meninjau dapur umum. Menurut Sitti Ganef, kepala dinas "
              "setempat, stok beras cukup.")
    assert [(o.name, o.title) for o in doc._.officials] == [("Sitti Ganef", "Kepala Dinas Sosial Kota Kendari")]
    assert _mentions(doc, "Sitti Ganef") == [("Sitti Ganef", 34), ("Sitti Ganef", 76)]


def test_company_name_split_where_the_article_names_the_person(nlp):
    doc = nlp("Direktur PT Sumber Alam Lestari Hendra Kusuma meninjau pabrik. \"Produksi naik,\" ujar Hendra.")
    assert [(o.name, o.organization) for o in doc._.officials] == [("Hendra Kusuma", "PT Sumber Alam Lestari")]
    assert not nlp("Direktur PT Sumber Alam Lestari Hendra Kusuma meninjau pabrik.")._.officials


def test_lowercase_apposition_restating_a_known_official_is_a_mention(nlp):
    text = ("Wali Kota Palu Hadianto Rasyid meresmikan pasar. Warga berterima kasih kepada Pak Hadianto sebagai "
            "wali kota sekaligus ketua Apeksi wilayah.")
    doc = nlp(text)
    assert [(o.name, o.title) for o in doc._.officials] == [("Hadianto Rasyid", "Wali Kota Palu")]
    assert _mentions(doc, "Hadianto Rasyid") == [("Hadianto Rasyid", 15), ("Hadianto", 82)]


def test_all_caps_name_part_in_a_later_full_mention(nlp):
    text = "Sekda Kampar, AB Kurniawan, membuka rapat. Menurut AB Kurniawan, anggaran cukup, ujar Kurniawan."
    doc = nlp(text)
    assert _mentions(doc, "AB Kurniawan") == [("AB Kurniawan", 14), ("AB Kurniawan", 51), ("Kurniawan", 86)]


def test_trie_tries_longer_words_first():
    pattern = _trie(["Kepala", "Kepala Dinas", "Ka", "Kadis"])
    for engine in (re, regex):
        assert engine.compile(pattern).match("Kepala  Dinas Sosial").group() == "Kepala  Dinas"
        assert engine.compile(pattern).match("Kadinkes").group() == "Ka"
        assert engine.compile(rf"(?:{pattern})\b").match("Kepala Dinasti").group() == "Kepala"


@pytest.mark.parametrize("text", [
    "Bupati Bogor Rudy Susmanto, Plt Kepala Dinas Sosial Ahmad, dan (Wakil Bupati) Ade hadir.",
    "kepala desa setempat, Budi, dan camat Cibinong,Rudi. 3Bupati x_Kepala Kab. Bogor/Kabupaten Garut",
    "Pelaksana  Tugas (Plt.) Bupati Bekasi\nWali\tKota Bogor Dedie A Rachim.",
])
def test_the_fast_scan_finds_every_match(nlp, text):
    component = nlp.get_pipe("berita_officials")
    for pattern, starts in zip(component.scans, component._starts(text)):
        assert [m.span() for m in _matches(pattern, text, starts)] == [m.span() for m in pattern.finditer(text)]


def test_component_pickles(nlp):
    component = nlp.get_pipe("berita_officials")
    text = "Kepala Dinas Sosial Kabupaten Garut, Rina Handayani, mengatakan bantuan disalurkan. Kata Rina."
    copy = pickle.loads(pickle.dumps(component))
    doc = nlp(text)
    assert copy(doc)._.officials == nlp(text)._.officials
