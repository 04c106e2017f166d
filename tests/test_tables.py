"""The flat tables: one row per item, typed columns, nothing for an article without items of a kind.

``RECORDS`` is a small hand-written corpus in the record format (README "Record format") with known figures; the
export and report tests use it too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import extract
from extract.tables import COLUMNS, Tables, tables


def _mentions(*spans: tuple[str, int]) -> list[dict]:
    return [{"text": text, "start": start, "end": start + len(text)} for text, start in spans]


def _region(code: str, name: str, level: str, province: tuple[str, str], *spans: tuple[str, int]) -> dict:
    return {"code": code, "name": name, "level": level, "province": {"code": province[0], "name": province[1]},
            "mentions": _mentions(*spans)}


def _official(name: str, title: str, organization: str | None, region_code: str | None,
              *spans: tuple[str, int]) -> dict:
    return {"name": name, "title": title, "organization": organization, "region_code": region_code,
            "mentions": _mentions(*spans)}


def _figure(kind: str, value: float, text: str, start: int, sentence: str, currency: str | None = None,
            unit: str | None = None, approximate: bool = False) -> dict:
    return {"kind": kind, "value": value, "currency": currency, "unit": unit, "approximate": approximate,
            "text": text, "start": start, "end": start + len(text), "sentence": sentence}


def _date(value: str, granularity: str, text: str, start: int) -> dict:
    return {"value": value, "granularity": granularity, "text": text, "start": start, "end": start + len(text)}


def _record(doc_id: str, published: str | None, url: str | None = None, title: str | None = None,
            **items: list[dict]) -> dict:
    return {"schema": "berita-extract/1", "doc_id": doc_id, "source": f"berita/{doc_id}.txt", "title": title,
            "url": url, "published": published, "regions": items.get("regions", []),
            "officials": items.get("officials", []), "figures": items.get("figures", []),
            "dates": items.get("dates", []), "warnings": []}


JABAR = ("32", "Jawa Barat")
JATIM = ("35", "Jawa Timur")
S_JALAN = "Pemprov Jabar menganggarkan Rp4,3 miliar untuk perbaikan jalan di Kabupaten Bogor."
S_BANSOS = "Bantuan sosial senilai Rp1,25 miliar disalurkan kepada warga Kota Bogor dan Kabupaten Bogor."
S_SISA = "Sisanya, Rp750 juta, dialokasikan untuk 27 desa."
S_SURABAYA = "Proyek saluran air itu menelan biaya sekitar Rp2 triliun dan pinjaman US$2 juta."
RECORDS = [
    _record(
        "jabar-jalan", "2025-03-10", url="https://contoh.co.id/berita/jabar-jalan",
        title="Pemprov Jabar Siapkan Rp4,3 Miliar untuk Jalan Rusak di Bogor",
        regions=[_region("32.01", "Kabupaten Bogor", "kabupaten", JABAR, ("Kabupaten Bogor", 67), ("Bogor", 130)),
                 _region("32", "Jawa Barat", "provinsi", JABAR, ("Jabar", 8)),
                 _region("32.01.07", "Cileungsi", "kecamatan", JABAR, ("Cileungsi", 160))],
        officials=[_official("Dedi Mulyadi", "Gubernur Jawa Barat", "Pemerintah Provinsi Jawa Barat", "32",
                             ("Gubernur Jawa Barat Dedi Mulyadi", 200), ("Dedi", 260))],
        figures=[_figure("money", 4_300_000_000, "Rp4,3 miliar", 27, S_JALAN, currency="IDR"),
                 _figure("percent", 35, "35 persen", 300, "Sebanyak 35 persen ruas jalan rusak berat.")],
        dates=[_date("2025-03-10", "day", "Senin (10/3/2025)", 0), _date("2025", "year", "tahun 2025", 340)],
    ),
    _record(
        "bogor-bansos", "2025-03-22",
        regions=[_region("32.71", "Kota Bogor", "kota", JABAR, ("Kota Bogor", 69)),
                 _region("32.01", "Kabupaten Bogor", "kabupaten", JABAR, ("Kabupaten Bogor", 84))],
        officials=[_official("Dedie A Rachim", "Wali Kota Bogor", "Pemerintah Kota Bogor", "32.71",
                             ("Wali Kota Bogor Dedie A Rachim", 150))],
        figures=[_figure("money", 1_250_000_000, "Rp1,25 miliar", 23, S_BANSOS, currency="IDR"),
                 _figure("money", 750_000_000, "Rp750 juta", 108, S_SISA, currency="IDR"),
                 _figure("count", 27, "27 desa", 143, S_SISA, unit="desa")],
        dates=[_date("2025-03", "month", "Maret 2025", 40)],
    ),
    _record(
        "surabaya-saluran", "2025-04-02", url="https://contoh.co.id/berita/surabaya-saluran",
        regions=[_region("35.78", "Kota Surabaya", "kota", JATIM, ("Surabaya", 0), ("Kota Surabaya", 90),
                         ("Surabaya", 400))],
        officials=[_official("Eri Cahyadi", "Wali Kota Surabaya", "Pemerintah Kota Surabaya", "35.78",
                             ("Wali Kota Surabaya Eri Cahyadi", 120), ("Eri", 220), ("Eri", 380)),
                   _official("Dedi Mulyadi", "Gubernur Jawa Barat", None, "32", ("Dedi Mulyadi", 450)),
                   _official("Budi Santoso", "Kepala Dinas Perhubungan", "Dinas Perhubungan", None,
                             ("Budi Santoso", 500))],
        figures=[_figure("money", 2_000_000_000_000, "sekitar Rp2 triliun", 38, S_SURABAYA, currency="IDR",
                         approximate=True),
                 _figure("money", 2_000_000, "US$2 juta", 71, S_SURABAYA, currency="USD")],
    ),
    _record("tanpa-data", None, title="Cuaca cerah berawan sepanjang hari"),
]


def write_jsonl(records: list[dict], path: Path) -> Path:
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus() -> Tables:
    return tables(RECORDS)


def test_every_table_has_the_schema_columns_and_dtypes(corpus: Tables) -> None:
    for name, frame in corpus.items():
        assert list(frame.columns) == list(COLUMNS[name])
        assert frame.dtypes.to_dict() == COLUMNS[name]


def test_articles_count_items_and_parse_the_publication_date(corpus: Tables) -> None:
    articles = corpus.articles.set_index("doc_id")
    assert list(articles.index) == ["jabar-jalan", "bogor-bansos", "surabaya-saluran", "tanpa-data"]
    assert articles.loc["jabar-jalan", "published"] == pd.Timestamp("2025-03-10")
    assert pd.isna(articles.loc["tanpa-data", "published"])
    assert pd.isna(articles.loc["bogor-bansos", "url"])
    counts = ["n_regions", "n_officials", "n_figures", "n_dates"]
    assert articles.loc["surabaya-saluran", counts].tolist() == [1, 3, 2, 0]


def test_an_article_without_items_has_no_rows(corpus: Tables) -> None:
    for name, frame in corpus.items():
        assert ("tanpa-data" in set(frame["doc_id"])) == (name == "articles")
    assert "surabaya-saluran" not in set(corpus.dates["doc_id"])


def test_regions_one_row_per_region_with_its_province_and_mention_count(corpus: Tables) -> None:
    row = corpus.regions.iloc[0].to_dict()
    assert row == {"doc_id": "jabar-jalan", "code": "32.01", "name": "Kabupaten Bogor", "level": "kabupaten",
                   "province_code": "32", "province_name": "Jawa Barat", "n_mentions": 2}
    assert corpus.regions["level"].value_counts().to_dict() == {
        "kabupaten": 2, "kota": 2, "provinsi": 1, "kecamatan": 1, "desa": 0, "kelurahan": 0}


def test_a_province_without_a_province_object_is_its_own_province() -> None:
    record = _record("prov", "2025-01-01", regions=[_region("35", "Jawa Timur", "provinsi", JATIM, ("Jatim", 0))])
    record["regions"][0]["province"] = None
    assert tables([record]).regions[["province_code", "province_name"]].values.tolist() == [["35", "Jawa Timur"]]


def test_officials_keep_missing_fields_as_missing(corpus: Tables) -> None:
    budi = corpus.officials[corpus.officials["name"] == "Budi Santoso"].iloc[0]
    assert budi["title"] == "Kepala Dinas Perhubungan"
    assert pd.isna(budi["region_code"])
    assert corpus.officials.groupby("name")["n_mentions"].sum().to_dict() == {
        "Budi Santoso": 1, "Dedi Mulyadi": 3, "Dedie A Rachim": 1, "Eri Cahyadi": 3}


def test_figures_values_are_floats_with_offsets(corpus: Tables) -> None:
    money = corpus.figures[corpus.figures["kind"] == "money"]
    assert money["value"].tolist() == [4.3e9, 1.25e9, 7.5e8, 2e12, 2e6]
    assert money["currency"].tolist() == ["IDR", "IDR", "IDR", "IDR", "USD"]
    assert money["approximate"].tolist() == [False, False, False, True, False]
    first = corpus.figures.iloc[0]
    assert (first["text"], first["start"], first["end"]) == ("Rp4,3 miliar", 27, 39)


def test_dates_of_a_month_or_year_are_the_first_day_of_the_period(corpus: Tables) -> None:
    dates = corpus.dates
    assert list(zip(dates["value"].dt.strftime("%Y-%m-%d"), dates["granularity"])) == [
        ("2025-03-10", "day"), ("2025-01-01", "year"), ("2025-03-01", "month")]


def test_records_from_a_jsonl_path_equal_records_from_dicts(corpus: Tables, tmp_path: Path) -> None:
    from_file = extract.tables(write_jsonl(RECORDS, tmp_path / "records.jsonl"))
    for name, frame in corpus.items():
        pd.testing.assert_frame_equal(getattr(from_file, name), frame)


def test_no_records_give_empty_typed_tables() -> None:
    for name, frame in tables([]).items():
        assert frame.empty
        assert frame.dtypes.to_dict() == COLUMNS[name]


def test_a_malformed_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps(RECORDS[0]) + "\n{\"doc_id\": \n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"records\.jsonl:2: malformed JSON line"):
        tables(path)
