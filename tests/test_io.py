"""Readers and writer: every input kind, encodings, broken input, slices of big files, resumable output."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from extract.io import (FieldNames, FileSlice, Failure, JsonlAppender, Page, expand_inputs, read_file, read_inputs,
                        read_slice, recover_ids, split_file, stem)
from extract.items import Article

BODY = ("PURWAKARTA - Pemerintah Kabupaten Purwakarta menyalurkan bantuan beras kepada 1.250 keluarga penerima "
        "manfaat di Kecamatan Plered pada Selasa (11/03/2025).")
CP1252_BODY = "Dinas Pendidikan menyebut “sekolah rusak” di Sumedang mencapai 42 unit – naik dari tahun lalu."
PAGE = """<html><head><meta charset="utf-8"><title>Jembatan Gantung Cikalong Diresmikan</title>
<meta property="article:published_time" content="2025-02-20T09:30:00+07:00"></head>
<body><nav><a href="/">Beranda</a> <a href="/daerah">Daerah</a></nav>
<article><h1>Jembatan Gantung Cikalong Diresmikan</h1>
<p>TASIKMALAYA - Bupati Tasikmalaya meresmikan jembatan gantung sepanjang 80 meter yang menghubungkan dua desa di
Kecamatan Cikalong, Kamis (20/2/2025). Jembatan itu dibangun dengan anggaran Rp1,2 miliar dari APBD.</p>
<p>Warga sebelumnya harus memutar sejauh 12 kilometer untuk mencapai pasar kecamatan, terutama saat musim hujan
ketika perahu penyeberangan tidak bisa beroperasi.</p></article>
<footer>Hak cipta dilindungi undang-undang</footer></body></html>"""


def _items(path: Path, fields: FieldNames = FieldNames()) -> list:
    return list(read_file(path, fields))


def _write_jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows),
                    encoding="utf-8")
    return path


# --- text files and encodings --------------------------------------------------------------------------------------


@pytest.mark.parametrize("data, warning", [
    (BODY.encode("utf-8"), None),
    (b"\xef\xbb\xbf" + BODY.encode("utf-8"), None),
    (CP1252_BODY.encode("cp1252"), "input is not UTF-8: read as cp1252"),
    (BODY.encode("utf-16"), None),
])
def test_text_file_encodings(tmp_path: Path, data: bytes, warning: str) -> None:
    path = tmp_path / "berita.txt"
    path.write_bytes(data)
    [article] = _items(path)
    assert isinstance(article, Article)
    assert article.text == (BODY if warning is None else CP1252_BODY)
    assert article.warnings == ([warning] if warning else [])
    assert (article.doc_id, article.source) == ("berita", str(path))


def test_latin1_byte_undefined_in_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "lama.txt"
    path.write_bytes("Harga cabai di Pasar Baru naik".encode("latin-1") + b" \x81")
    [article] = _items(path)
    assert article.warnings == ["input is not UTF-8: read as latin-1"]
    assert article.text.startswith("Harga cabai")


def test_binary_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "foto.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    [failure] = _items(path)
    assert isinstance(failure, Failure)
    assert (failure.doc_id, failure.stage) == ("foto", "read")
    assert "binary data, not text" in failure.message


def test_empty_text_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "kosong.txt"
    path.write_text("  \n\n", encoding="utf-8")
    [failure] = _items(path)
    assert isinstance(failure, Failure) and failure.message == "empty text"


# --- folders and globs ---------------------------------------------------------------------------------------------


def test_folder_reads_articles_and_skips_data_files(tmp_path: Path) -> None:
    (tmp_path / "b_banjir.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "a_jembatan.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "gold.jsonl").write_text('{"doc_id": "b_banjir"}\n', encoding="utf-8")
    (tmp_path / "SOURCES.tsv").write_text("doc_id\turl\n", encoding="utf-8")
    items = list(read_inputs([tmp_path]))
    assert [(type(item).__name__, item.doc_id) for item in items] == [("Page", "a_jembatan"), ("Article", "b_banjir")]


def test_globs_and_several_inputs(tmp_path: Path) -> None:
    for name in ("satu", "dua", "tiga"):
        (tmp_path / "crawl" / name).mkdir(parents=True)
        (tmp_path / "crawl" / name / f"{name}.txt").write_text(f"{BODY} ({name})", encoding="utf-8")
    extra = _write_jsonl(tmp_path / "extra.jsonl", [{"id": "x1", "text": BODY}])
    files, missing = expand_inputs([tmp_path / "crawl" / "**" / "*.txt", extra, tmp_path / "tidak-ada.txt",
                                    tmp_path / "nihil" / "*.txt"])
    assert [Path(part.path).name for part in files] == ["dua.txt", "satu.txt", "tiga.txt", "extra.jsonl"]
    assert missing == [str(tmp_path / "tidak-ada.txt"), str(tmp_path / "nihil" / "*.txt")]


def test_stem_drops_double_suffixes() -> None:
    assert [stem(name) for name in ("a/crawl.warc.gz", "b.jsonl.gz", "c.html", "d.v2.txt")] == \
        ["crawl", "b", "c", "d.v2"]


# --- JSONL, gzip, CSV ----------------------------------------------------------------------------------------------


def test_jsonl_malformed_line_is_an_error_for_that_line_only(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "artikel.jsonl", [
        {"id": "n1", "text": BODY, "title": "Bantuan beras", "published": "2025-03-11", "url": "https://x.id/n1"},
        '{"id": "n2", "text": "Harga cabai',
        "",
        '["bukan", "objek"]',
        {"id": "n5", "judul": "tanpa teks"},
        {"text": "Pasar murah digelar di Alun-alun Cianjur selama tiga hari."},
    ])
    items = _items(path)
    assert [(type(item).__name__, item.doc_id) for item in items] == [
        ("Article", "n1"), ("Failure", "artikel:2"), ("Failure", "artikel:4"), ("Failure", "n5"),
        ("Article", "artikel:6")]
    first = items[0]
    assert (first.title, first.published, first.url, first.source) == (
        "Bantuan beras", "2025-03-11", "https://x.id/n1", f"{path}:1")
    assert items[1].message.startswith("malformed JSON line") and items[1].source == f"{path}:2"
    assert items[2].message == "a JSONL line must hold an object"
    assert items[3].message == "no text: the row has no 'text' or 'content' or 'body' field"


def test_jsonl_line_in_cp1252_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "lama.jsonl"
    path.write_bytes(b'{"id": "c1", "text": "' + CP1252_BODY.encode("cp1252") + b'"}\n')
    [article] = _items(path)
    assert (article.text, article.warnings) == (CP1252_BODY, ["input is not UTF-8: read as cp1252"])


def test_jsonl_gz_and_csv_gz(tmp_path: Path) -> None:
    rows = [{"id": f"g{i}", "text": f"{BODY} Data ke-{i}."} for i in range(3)]
    with gzip.open(tmp_path / "arsip.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(row) + "\n" for row in rows)
    with gzip.open(tmp_path / "arsip.csv.gz", "wt", encoding="utf-8", newline="") as handle:
        handle.write("doc_id,body,date\nk1,\"" + BODY + "\",2025-03-11\n")
    assert [a.doc_id for a in _items(tmp_path / "arsip.jsonl.gz")] == ["g0", "g1", "g2"]
    [row] = _items(tmp_path / "arsip.csv.gz")
    assert (row.doc_id, row.text, row.published, row.source) == ("k1", BODY, "2025-03-11", f"{tmp_path}/arsip.csv.gz:2")


def test_cut_gzip_stream_is_a_failure_after_the_good_lines(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb") as handle:
        handle.write("".join(json.dumps({"id": f"z{i}", "text": BODY * 20}) + "\n" for i in range(200)).encode())
    path = tmp_path / "rusak.jsonl.gz"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    items = _items(path)
    assert all(isinstance(item, Article) for item in items[:-1]) and len(items) > 1
    assert isinstance(items[-1], Failure) and items[-1].doc_id == "rusak" and items[-1].stage == "read"


def test_csv_in_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "lama.csv"
    path.write_bytes(("id,text\nw1,\"" + CP1252_BODY + "\"\n").encode("cp1252"))
    [article] = _items(path)
    assert (article.text, article.warnings) == (CP1252_BODY, ["input is not UTF-8: read as cp1252"])


# --- HTML ----------------------------------------------------------------------------------------------------------


def test_html_file_main_text_title_and_date(tmp_path: Path) -> None:
    path = tmp_path / "jembatan.html"
    path.write_text(PAGE, encoding="utf-8")
    [page] = _items(path)
    assert isinstance(page, Page)
    article = page.to_article()
    assert isinstance(article, Article)
    assert (article.doc_id, article.title, article.published) == (
        "jembatan", "Jembatan Gantung Cikalong Diresmikan", "2025-02-20")
    assert "jembatan gantung sepanjang 80 meter" in article.text
    assert "Beranda" not in article.text and "Hak cipta" not in article.text


def test_html_field_of_jsonl_rows(tmp_path: Path) -> None:
    path = _write_jsonl(tmp_path / "scrape.jsonl", [
        {"id": "h1", "html": PAGE, "url": "https://berita.example/h1", "published": "2025-02-21"},
        {"id": "h2", "html": "<html><body><img src=\"peta.png\"></body></html>"},
        {"id": "h3", "text": BODY},
    ])
    first, second, third = _items(path, FieldNames.make(html_field="html"))
    article = first.to_article()
    assert (article.url, article.published, article.title) == (
        "https://berita.example/h1", "2025-02-21", "Jembatan Gantung Cikalong Diresmikan")
    failure = second.to_article()
    assert isinstance(failure, Failure) and (failure.stage, failure.message) == (
        "html", "no main text found in the page")
    assert isinstance(third, Article) and third.text == BODY


# --- WARC ----------------------------------------------------------------------------------------------------------


def _warc(path: Path, compress: bool) -> list[str]:
    """A small crawl: two article pages, a redirect, a stylesheet and a request record."""
    ids = []
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=compress)

        def response(url: str, status: str, content_type: str, body: bytes) -> None:
            http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
            writer.write_record(record)
            ids.append(record.rec_headers.get_header("WARC-Record-ID"))

        response("https://berita.example/jembatan", "200 OK", "text/html; charset=utf-8", PAGE.encode())
        response("https://berita.example/lama", "301 Moved Permanently", "text/html", b"<a href=/baru>baru</a>")
        response("https://berita.example/gaya.css", "200 OK", "text/css", b"body{color:red}")
        cp1252_page = PAGE.replace("sepanjang 80 meter", "sepanjang 80 meter – terpanjang").encode("cp1252")
        response("https://berita.example/lama-cp1252", "200 OK", "text/html; charset=windows-1252", cp1252_page)
        request = writer.create_warc_record("https://berita.example/jembatan", "request",
                                            payload=io.BytesIO(b"GET /jembatan HTTP/1.1\r\n\r\n"))
        writer.write_record(request)
    return ids


@pytest.mark.parametrize("name, compress", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_html_responses_are_articles(tmp_path: Path, name: str, compress: bool) -> None:
    ids = _warc(tmp_path / name, compress)
    pages = _items(tmp_path / name)
    assert [page.doc_id for page in pages] == [ids[0].strip("<>"), ids[3].strip("<>")]
    assert [page.url for page in pages] == ["https://berita.example/jembatan", "https://berita.example/lama-cp1252"]
    assert all(page.warnings == [] for page in pages)  # the declared charset is used
    article = pages[1].to_article()
    assert "sepanjang 80 meter – terpanjang" in article.text and article.url == "https://berita.example/lama-cp1252"


def test_not_a_warc_file(tmp_path: Path) -> None:
    path = tmp_path / "palsu.warc"
    path.write_text("ini bukan arsip WARC\n", encoding="utf-8")
    [failure] = _items(path)
    assert isinstance(failure, Failure) and failure.doc_id == "palsu" and "WARC" in failure.message


# --- slices of big files, output -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["besar.jsonl", "besar.jsonl.gz"])
def test_line_slices_read_what_the_whole_file_reads(tmp_path: Path, name: str) -> None:
    lines = [json.dumps({"text": f"{BODY} Nomor {i}."}) if i % 7 else "{rusak" for i in range(23)]
    data = ("\n".join(lines) + "\n").encode()
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    whole = FileSlice(str(path), str(path))
    slices = split_file(whole, 5)
    assert [(s.first, s.stop) for s in slices] == [(1, 6), (6, 11), (11, 16), (16, 21), (21, None)]
    pieces = [item for piece in slices for item in read_slice(piece)]
    assert pieces == list(read_slice(whole)) and len(pieces) == 23


@pytest.mark.parametrize("name", ["besar.csv", "besar.csv.gz"])
def test_row_slices_read_what_the_whole_file_reads(tmp_path: Path, name: str) -> None:
    rows = "".join(f'k{i},"{BODY}\nParagraf kedua, nomor {i}."\r\n' for i in range(11))
    data = ("\ufeffid,text\r\n" + rows).encode("utf-8")
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    whole = FileSlice(str(path), str(path))
    slices = split_file(whole, 4)
    assert [(s.first, s.stop) for s in slices] == [(1, 5), (5, 9), (9, None)]
    pieces = [item for piece in slices for item in read_slice(piece)]
    assert pieces == list(read_slice(whole))
    assert [item.doc_id for item in pieces] == [f"k{i}" for i in range(11)]
    assert pieces[10].text == f"{BODY}\nParagraf kedua, nomor 10."


@pytest.mark.parametrize("name, compress", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_slices_hold_whole_articles(tmp_path: Path, name: str, compress: bool) -> None:
    path = tmp_path / name
    ids = [doc_id.strip("<>") for doc_id in _warc(path, compress)]
    whole = FileSlice(str(path), str(path))
    slices = split_file(whole, 1)  # one page each: the redirect and the stylesheet go with the page before them
    assert [(s.first, s.stop) for s in slices] == [(1, 4), (4, None)]
    assert [[page.doc_id for page in read_slice(piece)] for piece in slices] == [[ids[0]], [ids[3]]]


def test_a_warc_gzipped_as_one_stream_is_not_cut(tmp_path: Path) -> None:
    plain = tmp_path / "crawl.warc"
    _warc(plain, compress=False)
    path = tmp_path / "satu.warc.gz"
    path.write_bytes(gzip.compress(plain.read_bytes()))
    whole = FileSlice(str(path), str(path))
    assert split_file(whole, 1) == [whole]
    assert len(list(read_slice(whole))) == 2


def test_recover_ids_removes_a_cut_last_line(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    with JsonlAppender(path) as writer:
        writer.write([{"schema": "berita-extract/1", "doc_id": 'r1 "kutip" \\ é', "regions": []},
                      {"doc_id": "r2", "regions": []}])
    complete = path.read_bytes()
    path.write_bytes(complete + b'{"schema": "berita-extract/1", "doc_id": "r3", "regi')
    assert recover_ids(path) == {'r1 "kutip" \\ é', "r2"}
    assert path.read_bytes() == complete


def test_appender_writes_unicode_lines_and_appends(tmp_path: Path) -> None:
    path = tmp_path / "out" / "records.jsonl"
    with JsonlAppender(path) as writer:
        writer.write([{"doc_id": "é1", "title": "Kabar – Sumedang"}])
    with JsonlAppender(path, append=True) as writer:
        writer.write([{"doc_id": "é2"}])
    assert path.read_text(encoding="utf-8") == '{"doc_id": "é1", "title": "Kabar – Sumedang"}\n{"doc_id": "é2"}\n'
