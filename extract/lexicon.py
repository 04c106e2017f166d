"""Language knowledge kept as data: the tables under ``patterns/`` and the base class that ships them with a component.

Components copy the tables they use into themselves, so a pipeline saved with ``nlp.to_disk`` carries its own
knowledge and loads without this package's ``patterns/`` folder (as spaCy's SpanRuler does with its patterns).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

import srsly
from spacy import util
from spacy.language import Language
from spacy.tokens import Doc

Row = dict[str, Any]


def _read_text(name: str, directory: str | Path | None) -> str:
    if directory is not None:
        return (Path(directory) / name).read_text(encoding="utf-8")
    return resources.files("extract.patterns").joinpath(name).read_text(encoding="utf-8")


def load_table(name: str, directory: str | Path | None = None) -> list[Row]:
    """Rows of a ``.jsonl`` or ``.tsv`` (header line first) table; lines starting with ``#`` are comments."""
    lines = [line for line in _read_text(name, directory).splitlines() if line.strip() and not line.startswith("#")]
    if name.endswith(".jsonl"):
        return [json.loads(line) for line in lines]
    if name.endswith(".tsv"):
        return list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE))
    raise ValueError(f"unknown pattern table format: {name}")


def words(rows: Iterable[Row], column: str = "word") -> list[str]:
    """One column of a table, as a list (word lists are one-column tables)."""
    return [row[column] for row in rows]


class DataComponent:
    """A pipeline component built from pattern tables, saved and loaded with the pipeline.

    Subclasses name their ``tables`` and build their matchers in ``build`` from ``self.data``.
    """

    tables: tuple[str, ...] = ()

    def __init__(self, nlp: Language, name: str, patterns_dir: str | None = None) -> None:
        self.nlp = nlp
        self.name = name
        self.data: dict[str, list[Row]] = {table: load_table(table, patterns_dir) for table in self.tables}
        self.build()

    def build(self) -> None:
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        raise NotImplementedError

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps(self.data)

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = ()) -> DataComponent:
        self.data = srsly.msgpack_loads(bytes_data)
        self.build()
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = util.ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        for table, rows in self.data.items():
            srsly.write_jsonl(path / f"{Path(table).stem}.jsonl", rows)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> DataComponent:
        path = util.ensure_path(path)
        self.data = {table: list(srsly.read_jsonl(path / f"{Path(table).stem}.jsonl")) for table in self.tables}
        self.build()
        return self
