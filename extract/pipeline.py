"""The extraction pipeline: a blank Indonesian spaCy pipeline with our components, read top to bottom."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Optional

import spacy
from spacy.language import Language

from . import boilerplate, dates, figures, officials, regions  # noqa: F401  (registers the factories)
from .items import TEXT_KEY, Article
from .record import build_record
from .spacing import plain

COMPONENTS = (
    "berita_boilerplate",  # mark what is not the article body
    "berita_regions",  # provinsi, kabupaten/kota, kecamatan, desa -> Kemendagri codes
    "berita_dates",  # dates -> ISO, and the publication date when the page states it
    "berita_figures",  # rupiah, percentages, counts
    "berita_officials",  # named people with their position (uses the regions)
)


def build_nlp() -> Language:
    nlp = spacy.blank("id")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


class Pipeline:
    """Article text in, record dict out. ``Pipeline().process(text, doc_id=..., published=...)``."""

    def __init__(self, nlp: Optional[Language] = None) -> None:
        self.nlp = nlp or build_nlp()

    def process(self, text: str, doc_id: str = "doc", **metadata: Any) -> dict[str, Any]:
        return self.process_article(Article(doc_id=doc_id, text=text, **metadata))

    def process_article(self, article: Article) -> dict[str, Any]:
        text, spacing = plain(article.text)
        doc = self.nlp.make_doc(text)
        doc.user_data[TEXT_KEY] = text  # the tokenizer keeps the text as it is
        doc._.published = article.published
        doc._.warnings = []
        return build_record(self.nlp(doc), article, spacing)

    def pipe(self, articles: Iterable[Article]) -> Iterator[dict[str, Any]]:
        for article in articles:
            yield self.process_article(article)
