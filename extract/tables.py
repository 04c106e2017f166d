"""Flat, typed pandas tables from the nested records, for joins and charts in notebooks and dashboards.

Every table carries ``doc_id`` so it joins back to ``articles``; an article with no items of a kind has no rows in
that table. A date of granularity month or year is stored as the first day of its period (``granularity`` says
which), so the ``value`` column stays one datetime column that sorts and groups by month.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Union, get_args

import pandas as pd

from .items import FigureKind, Granularity, RegionLevel

Records = Union[str, Path, Iterable[dict[str, Any]]]

STRING = pd.StringDtype()
COUNT = pd.Int64Dtype()
DATE = "datetime64[us]"
LEVEL = pd.CategoricalDtype(get_args(RegionLevel))
KIND = pd.CategoricalDtype(get_args(FigureKind))
GRANULARITY = pd.CategoricalDtype(get_args(Granularity))

# Column order and dtype of every table: the single source the builders, the readers and the exports follow.
COLUMNS: dict[str, dict[str, Any]] = {
    "articles": {
        "doc_id": STRING, "title": STRING, "url": STRING, "source": STRING, "published": DATE,
        "n_regions": COUNT, "n_officials": COUNT, "n_figures": COUNT, "n_dates": COUNT,
    },
    "regions": {
        "doc_id": STRING, "code": STRING, "name": STRING, "level": LEVEL, "province_code": STRING,
        "province_name": STRING, "n_mentions": COUNT,
    },
    "officials": {
        "doc_id": STRING, "name": STRING, "title": STRING, "organization": STRING, "region_code": STRING,
        "n_mentions": COUNT,
    },
    "figures": {
        "doc_id": STRING, "kind": KIND, "value": "float64", "currency": STRING, "unit": STRING, "approximate": "bool",
        "text": STRING, "start": COUNT, "end": COUNT, "sentence": STRING,
    },
    "dates": {
        "doc_id": STRING, "value": DATE, "granularity": GRANULARITY, "text": STRING, "start": COUNT, "end": COUNT,
    },
}


@dataclass(frozen=True)
class Tables:
    """The five tables of a set of records."""

    articles: pd.DataFrame
    regions: pd.DataFrame
    officials: pd.DataFrame
    figures: pd.DataFrame
    dates: pd.DataFrame

    def items(self) -> Iterator[tuple[str, pd.DataFrame]]:
        for item in fields(self):
            yield item.name, getattr(self, item.name)


def tables(records: Records) -> Tables:
    """The five tables of ``records``: an iterable of record dicts, or the path of a JSONL file of them."""
    rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in COLUMNS}
    for record in iter_records(records) if isinstance(records, (str, Path)) else records:
        _add_record(rows, record)
    return Tables(**{name: typed(name, pd.DataFrame(rows[name], columns=list(COLUMNS[name]))) for name in COLUMNS})


def typed(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the columns of table ``name`` in schema order and dtypes (for frames read back from files)."""
    columns = COLUMNS[name]
    frame = frame[list(columns)]
    for column, dtype in columns.items():
        if dtype == DATE and frame[column].dtype != DATE:
            frame[column] = pd.to_datetime(frame[column], format="ISO8601", errors="coerce")
    return frame.astype(columns).reset_index(drop=True)


def iter_records(path: Union[str, Path]) -> Iterator[dict[str, Any]]:
    """Records of a JSONL file, streamed; a malformed line raises ``ValueError`` naming the file and line."""
    with Path(path).open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}:{number}: malformed JSON line ({err})") from None
            if not isinstance(record, dict) or "doc_id" not in record:
                raise ValueError(f"{path}:{number}: not a record (an object with a doc_id)")
            yield record


def _add_record(rows: dict[str, list[tuple[Any, ...]]], record: dict[str, Any]) -> None:
    doc_id = record["doc_id"]
    regions, officials = record.get("regions") or [], record.get("officials") or []
    figures, dates = record.get("figures") or [], record.get("dates") or []
    rows["articles"].append((
        doc_id, record.get("title"), record.get("url"), record.get("source"), record.get("published"),
        len(regions), len(officials), len(figures), len(dates),
    ))
    for region in regions:
        province = region.get("province") or _own_province(region)
        rows["regions"].append((
            doc_id, region["code"], region["name"], region["level"], province.get("code"), province.get("name"),
            len(region.get("mentions") or ()),
        ))
    for official in officials:
        rows["officials"].append((
            doc_id, official["name"], official.get("title"), official.get("organization"),
            official.get("region_code"), len(official.get("mentions") or ()),
        ))
    for figure in figures:
        rows["figures"].append((
            doc_id, figure["kind"], figure["value"], figure.get("currency"), figure.get("unit"),
            bool(figure.get("approximate")), figure["text"], figure["start"], figure["end"], figure.get("sentence"),
        ))
    for date in dates:
        rows["dates"].append((doc_id, date["value"], date["granularity"], date["text"], date["start"], date["end"]))


def _own_province(region: dict[str, Any]) -> dict[str, Any]:
    """A province is its own province, so per-province sums include articles that name only the province."""
    return {"code": region["code"], "name": region["name"]} if region.get("level") == "provinsi" else {}
