"""Exports: Parquet/CSV round trips, the DuckDB keys and views on known figures, atomic and careful replacement."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from extract import export as export_module
from extract.cli import main
from extract.export import ExportError, export, read_files
from extract.tables import Tables, tables

from .test_tables import RECORDS, write_jsonl

TABLE_NAMES = ["articles", "regions", "officials", "figures", "dates"]


@pytest.fixture(scope="module")
def corpus() -> Tables:
    return tables(RECORDS)


@pytest.fixture(scope="module")
def database(corpus: Tables, tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    path = export(corpus, "duckdb", tmp_path_factory.mktemp("db") / "berita.duckdb")
    with duckdb.connect(str(path), read_only=True) as con:
        yield con


def _rows(con: duckdb.DuckDBPyConnection, query: str) -> list[tuple]:
    return con.execute(query).fetchall()


def test_jsonl_to_tables_to_parquet_reads_back_equal(tmp_path: Path) -> None:
    original = tables(write_jsonl(RECORDS, tmp_path / "records.jsonl"))
    folder = export(original, "parquet", tmp_path / "parquet")
    assert sorted(path.name for path in folder.iterdir()) == sorted(f"{name}.parquet" for name in TABLE_NAMES)
    for name, frame in original.items():
        pd.testing.assert_frame_equal(pd.read_parquet(folder / f"{name}.parquet"), frame)


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_read_files_restores_every_dtype_even_of_empty_tables(fmt: str, tmp_path: Path) -> None:
    for label, original in (("corpus", tables(RECORDS)), ("empty", tables([]))):
        back = read_files(export(original, fmt, tmp_path / label), fmt)
        for name, frame in original.items():
            pd.testing.assert_frame_equal(getattr(back, name), frame)


def test_csv_writes_dates_as_iso_days(corpus: Tables, tmp_path: Path) -> None:
    folder = export(corpus, "csv", tmp_path / "csv")
    lines = (folder / "dates.csv").read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["doc_id,value,granularity,text,start,end", "jabar-jalan,2025-03-10,day,Senin (10/3/2025),0,17"]


def test_duckdb_holds_the_five_tables(database: duckdb.DuckDBPyConnection) -> None:
    counts = {name: _rows(database, f"SELECT count(*) FROM {name}")[0][0] for name in TABLE_NAMES}
    assert counts == {"articles": 4, "regions": 6, "officials": 5, "figures": 7, "dates": 3}
    assert _rows(database, "SELECT published FROM articles WHERE doc_id = 'jabar-jalan'") == [(pd.Timestamp(
        "2025-03-10").date(),)]


def test_duckdb_keys_reject_duplicate_articles_and_orphan_rows(corpus: Tables, tmp_path: Path) -> None:
    with duckdb.connect(str(export(corpus, "duckdb", tmp_path / "keys.duckdb"))) as con:
        with pytest.raises(duckdb.ConstraintException):
            con.execute("INSERT INTO articles (doc_id) VALUES ('jabar-jalan')")
        with pytest.raises(duckdb.ConstraintException):
            con.execute("INSERT INTO figures (doc_id, kind, value) VALUES ('tidak-ada', 'count', 3)")


def test_money_by_region_sums_the_rupiah_of_articles_mentioning_each_region(database) -> None:
    # USD figures and the kecamatan Cileungsi stay out; Kabupaten Bogor gets the money of both Bogor articles.
    assert _rows(database, "SELECT code, level, n_articles, n_figures, total_rupiah FROM money_by_region") == [
        ("35.78", "kota", 1, 1, 2e12),
        ("32.01", "kabupaten", 2, 3, 6.3e9),
        ("32", "provinsi", 1, 1, 4.3e9),
        ("32.71", "kota", 1, 2, 2e9),
    ]


def test_money_by_province_counts_each_article_once_per_province(database) -> None:
    assert _rows(database, "SELECT * FROM money_by_province") == [
        ("35", "Jawa Timur", 1, 1, 2e12),
        ("32", "Jawa Barat", 2, 3, 6.3e9),
    ]


def test_articles_per_month_leaves_out_undated_articles(database) -> None:
    assert _rows(database, "SELECT strftime(month, '%Y-%m'), n_articles FROM articles_per_month") == [
        ("2025-03", 2), ("2025-04", 1)]


def test_officials_by_region_names_the_region(database) -> None:
    assert _rows(database, "SELECT * FROM officials_by_region") == [
        ("32", "Jawa Barat", "provinsi", 1, 2, 3),
        ("35.78", "Kota Surabaya", "kota", 1, 1, 3),
        ("32.71", "Kota Bogor", "kota", 1, 1, 1),
    ]


def test_duplicate_doc_ids_cannot_be_keys(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"1 doc_id\(s\) occur in more than one record \('jabar-jalan'\)"):
        export(tables(RECORDS + RECORDS[:1]), "duckdb", tmp_path / "dup.duckdb")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["parquet", "csv", "duckdb"])
def test_re_export_replaces_the_old_export_and_leaves_no_temporary_files(fmt: str, tmp_path: Path) -> None:
    target = tmp_path / "out"
    export(tables(RECORDS), fmt, target)
    export(tables(RECORDS[:2]), fmt, target)
    assert [path.name for path in tmp_path.iterdir()] == ["out"]
    if fmt == "duckdb":
        with duckdb.connect(str(target), read_only=True) as con:
            assert _rows(con, "SELECT count(*) FROM articles") == [(2,)]
    else:
        assert len(read_files(target, fmt).articles) == 2


@pytest.mark.parametrize("fmt", ["parquet", "duckdb"])
def test_a_failed_export_keeps_the_previous_one(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out"
    export(tables(RECORDS), fmt, target)
    before = sorted(path.stat().st_mtime_ns for path in [target, *target.glob("*")])

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(export_module, "write_duckdb" if fmt == "duckdb" else "write_files", broken)
    with pytest.raises(OSError, match="disk full"):
        export(tables(RECORDS[:1]), fmt, target)
    assert sorted(path.stat().st_mtime_ns for path in [target, *target.glob("*")]) == before
    assert [path.name for path in tmp_path.iterdir()] == ["out"]


def test_refuses_to_replace_what_is_not_an_export(tmp_path: Path) -> None:
    notes = tmp_path / "catatan"
    notes.mkdir()
    (notes / "draft.docx").write_bytes(b"x")
    with pytest.raises(ExportError, match="holds files that are not an export"):
        export(tables(RECORDS), "parquet", notes)
    records = write_jsonl(RECORDS, tmp_path / "records.jsonl")
    with pytest.raises(ExportError, match="is not a DuckDB database"):
        export(tables(RECORDS), "duckdb", records)
    assert (notes / "draft.docx").exists() and len(tables(records).articles) == 4


def test_cli_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = write_jsonl(RECORDS, tmp_path / "records.jsonl")
    assert main(["export", str(records), "--to", "duckdb", str(tmp_path / "berita.duckdb")]) == 0
    assert "4 articles, 6 regions, 5 officials, 7 figures, 3 dates -> " in capsys.readouterr().err
    assert main(["export", str(records), "--to", "csv", str(tmp_path / "csv"), "-q"]) == 0
    assert sorted(path.stem for path in (tmp_path / "csv").iterdir()) == sorted(TABLE_NAMES)
    assert main(["export", str(tmp_path / "hilang.jsonl"), "--to", "csv", str(tmp_path / "x")]) == 2
    assert main(["export", str(records), "--to", "duckdb", str(records)]) == 1
    assert "not a DuckDB database" in capsys.readouterr().err
