"""The typed items of a record, and the ``Doc`` extensions the components write them to.

Offsets always index the original article text: the pipeline never edits the text, it marks boilerplate instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Optional, Union

from spacy.tokens import Doc

SCHEMA = "berita-extract/1"

RegionLevel = Literal["provinsi", "kabupaten", "kota", "kecamatan", "desa", "kelurahan"]
FigureKind = Literal["money", "percent", "count", "quantity"]
Granularity = Literal["day", "month", "year"]


@dataclass(frozen=True, slots=True)
class Mention:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Province:
    code: str
    name: str


@dataclass(slots=True)
class Region:
    code: str
    name: str
    level: RegionLevel
    province: Optional[Province]
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class Official:
    name: str
    title: Optional[str]
    organization: Optional[str]
    region_code: Optional[str]
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class Figure:
    kind: FigureKind
    value: Union[int, float]
    currency: Optional[str]
    unit: Optional[str]
    approximate: bool
    text: str
    start: int
    end: int
    sentence: str


@dataclass(slots=True)
class DateValue:
    value: str
    granularity: Granularity
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Article:
    """One input article with its metadata, as the readers yield it."""

    doc_id: str
    text: str
    title: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None
    source: Optional[str] = None
    warnings: list[str] = field(default_factory=list)


TEXT_KEY = "berita_text"


def doc_text(doc: Doc) -> str:
    """The Doc's text, built once per Doc: spaCy joins ``doc.text`` from the tokens on every access."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


# Each extractor assigns a fresh list to its extension; ``published`` starts from the article's metadata;
# ``headline`` is the title line of the page header, for texts with no title in their metadata.
for _name in ("regions", "officials", "figures", "dates", "warnings", "published", "headline"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)
