"""Reading articles from .txt files, folders, JSONL and CSV; writing records as JSONL.

Readers stream: they yield one ``Article`` at a time, or a ``Failure`` for input that cannot be read, so one bad
document never stops a batch.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Optional, Union

import jsonlines

from .items import Article

ID_FIELDS = ("id", "doc_id")
TEXT_FIELDS = ("text", "content", "body")
PUBLISHED_FIELDS = ("published", "date")


@dataclass(slots=True)
class Failure:
    """A document that could not be read or processed."""

    doc_id: str
    source: Optional[str]
    stage: str
    message: str

    def __str__(self) -> str:
        where = f" ({self.source})" if self.source and self.source != self.doc_id else ""
        return f"{self.doc_id}{where}: {self.stage}: {self.message}"


Item = Union[Article, Failure]


@dataclass(slots=True)
class FieldNames:
    """Which fields of a JSONL/CSV row hold the id and the text (the first one present wins)."""

    ids: tuple[str, ...] = ID_FIELDS
    texts: tuple[str, ...] = TEXT_FIELDS

    @classmethod
    def make(cls, id_field: Optional[str] = None, text_field: Optional[str] = None) -> FieldNames:
        return cls((id_field,) if id_field else ID_FIELDS, (text_field,) if text_field else TEXT_FIELDS)


def read_inputs(paths: Iterable[Union[str, Path]], fields: FieldNames = FieldNames()) -> Iterator[Item]:
    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.is_file() and child.suffix.lower() in FOLDER_SUFFIXES:
                    yield from read_file(child, fields)
        else:
            yield from read_file(path, fields)


def read_file(path: Path, fields: FieldNames = FieldNames()) -> Iterator[Item]:
    reader = READERS.get(path.suffix.lower())
    if not path.exists():
        yield Failure(path.stem, str(path), "read", "no such file")
    elif reader is None:
        yield Failure(path.stem, str(path), "read", f"unsupported input type {path.suffix or '(none)'!r}")
    else:
        yield from reader(path, fields)


def _read_txt(path: Path, fields: FieldNames) -> Iterator[Item]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        yield Failure(path.stem, str(path), "read", f"not UTF-8 text ({err.reason} at byte {err.start})")
        return
    yield _article(path.stem, text, str(path))


def _read_jsonl(path: Path, fields: FieldNames) -> Iterator[Item]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            where = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                row = json.loads(raw.decode("utf-8-sig"))
            except (UnicodeDecodeError, json.JSONDecodeError) as err:
                yield Failure(f"{path.stem}:{number}", where, "read", f"malformed JSON line ({err})")
                continue
            if not isinstance(row, dict):
                yield Failure(f"{path.stem}:{number}", where, "read", "a JSONL line must hold an object")
                continue
            yield _from_row(row, fields, f"{path.stem}:{number}", where)


def _read_csv(path: Path, fields: FieldNames) -> Iterator[Item]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), 1):
                yield _from_row(row, fields, f"{path.stem}:{number}", f"{path}:{number + 1}")
    except UnicodeDecodeError as err:
        yield Failure(path.stem, str(path), "read", f"not UTF-8 text ({err.reason} at byte {err.start})")


def _first(row: dict[str, Any], names: Iterable[str]) -> Any:
    return next((row[name] for name in names if row.get(name) not in (None, "")), None)


def _from_row(row: dict[str, Any], fields: FieldNames, fallback_id: str, source: str) -> Item:
    doc_id = str(_first(row, fields.ids) or fallback_id)
    text = _first(row, fields.texts)
    if not isinstance(text, str):
        wanted = " or ".join(repr(name) for name in fields.texts)
        return Failure(doc_id, source, "read", f"no text: the row has no {wanted} field")
    return _article(
        doc_id, text, source, title=_first(row, ("title",)), url=_first(row, ("url",)),
        published=_first(row, PUBLISHED_FIELDS),
    )


def _article(doc_id: str, text: str, source: str, **metadata: Any) -> Item:
    if not text.strip():
        return Failure(doc_id, source, "read", "empty text")
    return Article(doc_id=doc_id, text=text, source=source, **{k: v for k, v in metadata.items() if v is not None})


READERS = {".txt": _read_txt, ".jsonl": _read_jsonl, ".csv": _read_csv}
# A folder holds one article per file; data files beside them (a gold.jsonl, a SOURCES.tsv) are not articles.
FOLDER_SUFFIXES = {".txt"}


def open_writer(path: Union[str, Path], mode: str = "w") -> jsonlines.Writer:
    """A JSONL writer: UTF-8, ``ensure_ascii=False``, each record flushed as it is written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return jsonlines.open(path, mode, dumps=partial(json.dumps, ensure_ascii=False), flush=True)


def read_records(path: Union[str, Path]) -> list[dict[str, Any]]:
    with jsonlines.open(path) as reader:
        return list(reader)
