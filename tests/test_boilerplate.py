from __future__ import annotations

import pytest

from extract.boilerplate import SPANS_KEY, in_boilerplate

from .conftest import TEST_CORPUS

LEAD = "GARUT - Pemkab Garut menyalurkan bantuan beras kepada 1.200 keluarga di Kecamatan Tarogong Kidul.\n"
TAIL = "\nPenyaluran tahap kedua dijadwalkan pada Juli 2025 setelah pendataan ulang selesai dilakukan oleh desa.\n"


def _cases():
    for line in (TEST_CORPUS / "boilerplate.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            expected, text = line.split("\t")
            yield pytest.param(expected, text, id=text[:40])


def _marked(nlp, text: str) -> list[str]:
    """The marked text, by characters (the span group widens each range to whole tokens)."""
    return [text[start:end] for start, end in nlp.get_pipe("berita_boilerplate").ranges(text)]


@pytest.mark.parametrize("expected,line", list(_cases()))
def test_line(nlp, expected, line):
    marked = _marked(nlp, LEAD + line + TAIL)
    assert marked == ([line] if expected == "boilerplate" else [])


def test_section_heading_ends_the_body(nlp):
    text = LEAD + TAIL + "Berita Lainnya\nTERPOPULER BULAN INI\nBupati Garut Tinjau 12 Desa Terdampak Banjir\n"
    assert _marked(nlp, text) == ["Berita Lainnya\nTERPOPULER BULAN INI\nBupati Garut Tinjau 12 Desa Terdampak Banjir\n"]


@pytest.mark.parametrize("heading", ["Berita Terkait", "Rilis Statistik Terkait:", "Video Terkait",
                                     "TAG: #bansos #Garut"])
def test_a_related_heading_ends_the_body(nlp, heading):
    related = f"{heading}\n- Harga Beras Garut Turun 2 Persen\n\nAlamat redaksi: Jl. Merdeka No. 5 Garut\n"
    assert _marked(nlp, LEAD + TAIL + related) == [related]


@pytest.mark.parametrize("heading", ["Komentar (3)", "12 Komentar", "Tulis Komentar", "Login untuk berkomentar",
                                     "Berita Populer"])
def test_comments_and_popular_lists_end_the_body(nlp, heading):
    comments = f"{heading}\nWarga Garut · 2 jam lalu\nDi Tarogong harga beras sudah Rp 16 ribu.\n"
    assert _marked(nlp, LEAD + TAIL + comments) == [comments]


def test_heading_in_a_top_menu_does_not_end_the_body(nlp):
    text = "Bansos Garut\nTerkini\n" + LEAD + TAIL
    assert _marked(nlp, text) == ["Bansos Garut\nTerkini\n"]  # the page header, above the dateline


@pytest.mark.parametrize("dateline", [
    "GARUT - ", "GARUT, KOMPAS.com - ", "Garut (ANTARA) - ", "Liwa (Lampost.co)—", "jpnn.com - GARUT - ",
    "Liputan6.com, Garut - ", "GARUT-KITA.com, GARUT – ", "GARUT | garutnews.id -- ",
    "GARUTNEWS.ID - GARUT. "])
def test_the_header_above_a_dateline_is_not_body(nlp, dateline):
    header = "garutnews.id\nBantuan Beras Tahap Akhir 2024 untuk 1.200 Keluarga\nSenin, 2 Desember 2024 10:15 WIB\n\n"
    text = header + dateline + LEAD.split(" - ", 1)[1] + TAIL
    site = dateline.split(" ")[0].rstrip(",")  # the site name opening a dateline is marked too
    assert _marked(nlp, text)[0] in (header, header + site)


@pytest.mark.parametrize("line", ["Dengan demikian, BPBD (Badan Penanggulangan Bencana Daerah) - siaga.",
                                  "Menurut dia, BPBD, TNI dan Polri sudah siaga."])
def test_a_sentence_opening_like_a_dateline_starts_no_body(nlp, line):
    text = "Bantuan tiba pekan ini.\nKepala Dinas Sosial (Dinsos) Garut Aep Saepudin memantau.\n" + line + "\n" + TAIL
    assert _marked(nlp, text) == []


def test_a_long_menu_header(nlp):
    menu = "".join(f"{word}\n" for word in ("Menu", "HOME NASIONAL DAERAH", "Cari...", "Home » Daerah", "Share: [FB]",
                                            "Ukuran huruf: A- A+", "Rabu, 23 April 2025", "Redaksi | 23 April 2025"))
    header = "garutnews.id\n" + menu + "Petani Garut Tolak Alih Fungsi Lahan\n"
    assert _marked(nlp, header + LEAD + TAIL)[0] == header


def test_a_menu_of_thirty_lines_is_header_too(nlp):
    districts = ("GARUT", "TAROGONG", "CIBATU", "LELES", "KADUNGORA", "BAYONGBONG", "CIKAJANG", "PAMEUNGPEUK")
    menu = "".join(f"{word}\n" for word in ("Skip to content", "Menu", "HOME", *districts * 3, "OPINI", "VIDEO"))
    header = "garutnews.id\n" + menu + "Petani Garut Tolak Alih Fungsi Lahan\n"
    assert _marked(nlp, header + LEAD + TAIL * 3)[0] == header


@pytest.mark.parametrize("label", ["BACA JUGA:", "Baca juga", "Editor :"])
def test_a_label_alone_on_its_line_marks_the_next_line(nlp, label):
    teaser = "Harga Beras di Garut Naik Jelang Akhir Tahun 2024"
    text = LEAD + f"{label}\n{teaser}\n" + TAIL
    assert _marked(nlp, text) == [label, teaser]


def test_copyright_notice_ends_the_body(nlp):
    notice = "Dilarang mengambil dan/atau menayangkan ulang sebagian atau keseluruhan artikel di atas."
    text = LEAD + TAIL + notice + "\nTags\nBansos"
    assert _marked(nlp, text) == [notice + "\nTags\nBansos"]


def test_related_headlines_closing_the_page(nlp):
    related = "- Dua Pengedar Sabu Ditangkap di Sampit\n- Harga Karet Naik, Petani Senang\n"
    text = LEAD + TAIL + related
    assert _marked(nlp, text) == [related]


def test_a_single_dash_line_is_not_a_related_list(nlp):
    text = LEAD + TAIL + "- Jumat, 9 April 2021 | 11:20 WIB\n"
    assert _marked(nlp, text) == []


@pytest.mark.parametrize("site", ["AYOBOGOR.COM", "JAMBI-INDEPENDENT.CO.ID", "Beritajateng.id", "jateng.jpnn.com"])
def test_site_names_in_a_dateline(nlp, site):
    text = f"BOGOR, {site} - Pemkot Bogor menggelar rapat koordinasi."
    assert _marked(nlp, text) == [site]


def test_site_name_glued_to_the_dateline_city(nlp):
    assert _marked(nlp, "AKURATNEWS.IDSIDOARJO - Pemkab Sidoarjo menaikkan kuota beasiswa.") == ["AKURATNEWS.ID"]


def test_author_initials(nlp):
    assert _marked(nlp, "Bupati meminta warga waspada.(dil/c/feb/py)") == ["(dil/c/feb/py)"]


def test_span_group_covers_whole_tokens(nlp):
    doc = nlp("BOGOR, AYOBOGOR.COM - Pemkot Bogor menggelar rapat.")
    assert [span.text for span in doc.spans[SPANS_KEY]] == ["AYOBOGOR.COM"]


def test_in_boilerplate(nlp):
    text = LEAD + "Baca Juga: Harga Beras Naik Rp 2.000\n" + TAIL
    doc = nlp(text)
    teaser = text.index("Baca Juga")
    assert in_boilerplate(doc, teaser + 30, teaser + 35)
    assert not in_boilerplate(doc, 0, 6)
    assert not in_boilerplate(doc, len(text) - 10, len(text) - 1)


def test_nothing_is_extracted_from_boilerplate(pipeline):
    text = (LEAD + "Baca Juga: Wali Kota Medan Bobby Nasution Salurkan Rp 5 Miliar pada 3 Maret 2024\n"
            + "Pengunjung hari ini : 7796\n" + TAIL)
    record = pipeline.process(text, doc_id="bp")
    boiler = text.index("Baca Juga")
    counter_end = text.index("7796") + 4
    for field in ("figures", "dates"):
        assert all(not boiler <= item["start"] < counter_end for item in record[field])
    for field in ("regions", "officials"):
        for item in record[field]:
            assert all(not boiler <= m["start"] < counter_end for m in item["mentions"])


def test_the_headline_is_the_longest_header_line(nlp):
    text = ("garutnews.id\nDaerah | Garut\nBantuan Beras Tahap Akhir untuk 1.200 Keluarga di Garut\n"
            "Senin, 2 Desember 2024 10:15 WIB\n\nGARUT - Pemkab Garut menyalurkan bantuan beras." + TAIL)
    assert nlp(text)._.headline == "Bantuan Beras Tahap Akhir untuk 1.200 Keluarga di Garut"


@pytest.mark.parametrize("text", [LEAD + TAIL, "garutnews.id\nDaerah\n" + LEAD + TAIL])
def test_no_headline_without_a_header_line_of_words(nlp, text):
    assert nlp(text)._.headline is None


def test_a_label_alone_marks_the_teaser_headlines_after_it(nlp):
    teasers = ["Harga Beras di Garut Naik Jelang Akhir Tahun", "Pemkab Garut Tambah 12 Gudang Bulog di Selatan"]
    body = "Penyaluran berikutnya menunggu data dari desa."
    text = LEAD + "Baca Juga:\n" + "\n".join(teasers) + "\n" + body + TAIL
    assert _marked(nlp, text) == ["Baca Juga:", *teasers]
