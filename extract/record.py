"""Turns a processed ``Doc`` into the plain-dict record of schema ``berita-extract/1``."""

from __future__ import annotations

import json
from dataclasses import asdict
from functools import cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc

from .items import SCHEMA, Article


def build_record(doc: Doc, article: Article) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "doc_id": article.doc_id,
        "source": article.source,
        "title": article.title,
        "url": article.url,
        "published": doc._.published,
        "regions": [asdict(item) for item in doc._.regions or []],
        "officials": [asdict(item) for item in doc._.officials or []],
        "figures": [asdict(item) for item in doc._.figures or []],
        "dates": [asdict(item) for item in doc._.dates or []],
        "warnings": list(article.warnings) + list(doc._.warnings or []),
    }


@cache
def json_schema() -> dict[str, Any]:
    """The record's JSON Schema, shipped inside the package."""
    return json.loads(resources.files("extract").joinpath("record.schema.json").read_text(encoding="utf-8"))
