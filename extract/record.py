"""Turns a processed ``Doc`` into the plain-dict record of schema ``berita-extract/1``."""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from functools import cache
from importlib import resources
from typing import Any, Optional

from spacy.tokens import Doc

from .items import SCHEMA, Article
from .spacing import Spacing


def build_record(doc: Doc, article: Article, spacing: Optional[Spacing] = None) -> dict[str, Any]:
    """``spacing`` maps the offsets of a Doc made from the text with plain spacing back to the article's text."""
    items = doc._  # spaCy builds a new accessor on every ``doc._``
    record = {
        "schema": SCHEMA,
        "doc_id": article.doc_id,
        "source": article.source,
        "title": article.title or items.headline,
        "url": article.url,
        "published": items.published,
        "regions": _plain(items.regions or []),
        "officials": _plain(items.officials or []),
        "figures": _plain(items.figures or []),
        "dates": _plain(items.dates or []),
        "warnings": list(article.warnings) + list(items.warnings or []),
    }
    if spacing is not None and spacing.ends:
        for name in ("regions", "officials", "figures", "dates"):
            _to_original(record[name], article.text, spacing)
    return record


def _plain(value: Any) -> Any:
    """Items as plain JSON data (``dataclasses.asdict`` deep-copies every value, a cost on every record)."""
    if isinstance(value, list):
        return [_plain(item) for item in value]
    names = _field_names(type(value))
    if names is None:
        return value
    return {name: _plain(getattr(value, name)) for name in names}


def _to_original(value: Any, text: str, spacing: Spacing) -> None:
    """Offsets mapped back to the article's text, and the quoted text read from it."""
    if isinstance(value, list):
        for item in value:
            _to_original(item, text, spacing)
    elif isinstance(value, dict):
        if "start" in value:
            value["start"], value["end"] = spacing.original(value["start"]), spacing.original(value["end"], end=True)
            value["text"] = text[value["start"]:value["end"]]
        for item in value.values():
            if isinstance(item, list):
                _to_original(item, text, spacing)


@cache
def _field_names(cls: type) -> Optional[tuple[str, ...]]:
    """The fields of a dataclass type, None for any other type; asked once per type."""
    return tuple(f.name for f in fields(cls)) if is_dataclass(cls) else None


@cache
def json_schema() -> dict[str, Any]:
    """The record's JSON Schema, shipped inside the package."""
    return json.loads(resources.files("extract").joinpath("record.schema.json").read_text(encoding="utf-8"))
