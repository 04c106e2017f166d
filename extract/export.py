"""Writing the tables as Parquet or CSV files, or as one DuckDB database with keys and dashboard views.

A target is written under a temporary name beside it, then renamed over the old one, so a reader never sees a
half-written export and a failed export leaves the previous one in place. An existing target is replaced only when
it looks like an earlier export, so a mistyped path cannot wipe an unrelated folder or file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Union

import duckdb
import pandas as pd

from .tables import DATE, COLUMNS, STRING, Tables, typed

FORMATS = ("parquet", "csv", "duckdb")
DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file

# Sums of rupiah figures go to every region the article mentions: an article naming two kabupaten counts for both,
# so the rows of a view do not add up to the corpus total.
VIEWS = {
    "money_by_region": """
        WITH money AS (
            SELECT doc_id, count(*) AS n_figures, sum(value) AS total_rupiah
            FROM figures WHERE kind = 'money' AND currency = 'IDR' GROUP BY doc_id
        )
        SELECT r.code, any_value(r.name) AS name, any_value(r.level) AS level,
               any_value(r.province_code) AS province_code, any_value(r.province_name) AS province_name,
               count(DISTINCT r.doc_id) AS n_articles, CAST(sum(m.n_figures) AS BIGINT) AS n_figures,
               sum(m.total_rupiah) AS total_rupiah
        FROM (SELECT DISTINCT doc_id, code, name, level, province_code, province_name FROM regions
              WHERE level IN ('provinsi', 'kabupaten', 'kota')) AS r
        JOIN money AS m USING (doc_id)
        GROUP BY r.code
        ORDER BY total_rupiah DESC, r.code""",
    "money_by_province": """
        WITH money AS (
            SELECT doc_id, count(*) AS n_figures, sum(value) AS total_rupiah
            FROM figures WHERE kind = 'money' AND currency = 'IDR' GROUP BY doc_id
        ), provinces AS (
            SELECT province_code, any_value(province_name) AS province_name FROM regions
            WHERE province_code IS NOT NULL GROUP BY province_code
        )
        SELECT a.province_code, p.province_name, count(*) AS n_articles, CAST(sum(m.n_figures) AS BIGINT) AS n_figures,
               sum(m.total_rupiah) AS total_rupiah
        FROM (SELECT DISTINCT doc_id, province_code FROM regions WHERE province_code IS NOT NULL) AS a
        JOIN money AS m USING (doc_id)
        JOIN provinces AS p USING (province_code)
        GROUP BY a.province_code, p.province_name
        ORDER BY total_rupiah DESC, a.province_code""",
    "articles_per_month": """
        SELECT CAST(date_trunc('month', published) AS DATE) AS month, count(*) AS n_articles
        FROM articles WHERE published IS NOT NULL
        GROUP BY month ORDER BY month""",
    "officials_by_region": """
        SELECT o.region_code, r.name AS region_name, r.level AS region_level,
               count(DISTINCT o.name) AS n_officials, count(DISTINCT o.doc_id) AS n_articles,
               CAST(sum(o.n_mentions) AS BIGINT) AS n_mentions
        FROM officials AS o
        LEFT JOIN (SELECT code, any_value(name) AS name, any_value(level) AS level FROM regions GROUP BY code) AS r
               ON r.code = o.region_code
        WHERE o.region_code IS NOT NULL
        GROUP BY o.region_code, r.name, r.level
        ORDER BY n_officials DESC, n_mentions DESC, o.region_code""",
}


class ExportError(ValueError):
    """An export that cannot be done as asked (the message says why); the old target is left untouched."""


def export(tables: Tables, fmt: str, path: Union[str, Path]) -> Path:
    """Write ``tables`` as ``fmt`` (parquet, csv: a folder of files; duckdb: one database file) to ``path``."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    path = Path(path)
    if fmt == "duckdb":
        _check_replaceable_database(path)

        def write(tmp: Path) -> None:
            write_duckdb(tables, tmp)
            Path(f"{path}.wal").unlink(missing_ok=True)  # the old database's log would be replayed into the new one

        replace_atomically(path, write, is_dir=False)
    else:
        _check_replaceable_folder(path, fmt)
        replace_atomically(path, lambda tmp: write_files(tables, fmt, tmp), is_dir=True)
    return path


def write_files(tables: Tables, fmt: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        if fmt == "parquet":
            frame.to_parquet(folder / f"{name}.parquet", index=False)
        else:
            frame.to_csv(folder / f"{name}.csv", index=False, date_format="%Y-%m-%d")


def read_files(folder: Union[str, Path], fmt: str = "parquet") -> Tables:
    """Tables read back from a parquet or csv export, with the dtypes of ``extract.tables``."""
    folder = Path(folder)
    frames = {}
    for name, columns in COLUMNS.items():
        if fmt == "parquet":
            frame = pd.read_parquet(folder / f"{name}.parquet")
        else:
            text_columns = {column: STRING for column, dtype in columns.items() if dtype == STRING}
            dates = [column for column, dtype in columns.items() if dtype == DATE]
            frame = pd.read_csv(folder / f"{name}.csv", dtype=text_columns, parse_dates=dates, keep_default_na=False,
                                na_values=[""])
        frames[name] = typed(name, frame)
    return Tables(**frames)


def write_duckdb(tables: Tables, path: Union[str, Path]) -> None:
    with duckdb.connect(str(path)) as con:
        load(con, tables)


def load(con: duckdb.DuckDBPyConnection, tables: Tables) -> None:
    """Create the five tables with their keys, fill them, and create the views (also used by the report)."""
    duplicates = tables.articles["doc_id"][tables.articles["doc_id"].duplicated()].unique()
    if len(duplicates):
        shown = ", ".join(map(repr, duplicates[:5])) + (" ..." if len(duplicates) > 5 else "")
        raise ExportError(f"{len(duplicates)} doc_id(s) occur in more than one record ({shown}); "
                          "doc_id is the key of the articles table")
    for name, frame in tables.items():
        con.execute(_create_table(name))
        select = ", ".join(
            f'CAST("{column}" AS DATE)' if dtype == DATE else f'"{column}"' for column, dtype in COLUMNS[name].items()
        )
        con.register("frame", frame)
        con.execute(f"INSERT INTO {name} SELECT {select} FROM frame")
        con.unregister("frame")
    for name, query in VIEWS.items():
        con.execute(f"CREATE VIEW {name} AS {query}")


def _create_table(name: str) -> str:
    columns = [f'"{column}" {_sql_type(dtype)}' for column, dtype in COLUMNS[name].items()]
    key = "PRIMARY KEY (doc_id)" if name == "articles" else "FOREIGN KEY (doc_id) REFERENCES articles (doc_id)"
    return f"CREATE TABLE {name} ({', '.join(columns + [key])})"


def _sql_type(dtype: object) -> str:
    if dtype == DATE:
        return "DATE"
    if dtype == "Int64":
        return "BIGINT"
    return {"float64": "DOUBLE", "bool": "BOOLEAN"}.get(str(dtype), "VARCHAR")


def _check_replaceable_folder(path: Path, fmt: str) -> None:
    if path.is_file():
        raise ExportError(f"{path} is a file; --to {fmt} writes a folder with one file per table")
    if path.is_dir():
        ours = {f"{name}.{suffix}" for name in COLUMNS for suffix in ("parquet", "csv")}
        others = sorted(child.name for child in path.iterdir() if child.name not in ours)
        if others:
            raise ExportError(f"{path} holds files that are not an export ({', '.join(others[:3])}); "
                              "not replacing it: choose an empty or new folder")


def _check_replaceable_database(path: Path) -> None:
    if path.is_dir():
        raise ExportError(f"{path} is a folder; --to duckdb writes one database file")
    if path.is_file() and path.stat().st_size:
        with path.open("rb") as handle:
            if handle.read(12)[8:12] != DUCKDB_MAGIC:
                raise ExportError(f"{path} exists and is not a DuckDB database; not replacing it")


def replace_atomically(path: Path, write: Callable[[Path], None], is_dir: bool) -> None:
    """Run ``write`` on a temporary sibling of ``path``, then rename it to ``path``.

    A file is swapped in one atomic rename. A folder cannot be renamed over a non-empty one, so the old folder is
    first renamed aside: readers see either the old or the new export, and only for an instant neither.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    if is_dir:
        tmp.chmod(0o777 & ~_umask())  # mkdtemp makes it private; the export folder gets the usual permissions
    target = tmp if is_dir else tmp / path.name
    try:
        write(target)
        if not is_dir:
            os.replace(target, path)
        elif path.exists():
            old = tmp.with_suffix(".old")
            os.replace(path, old)
            os.replace(tmp, path)
            shutil.rmtree(old)
        else:
            os.replace(tmp, path)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
