"""Placeholder until the figures extractor lands: assigns an empty list."""

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("berita_figures")
def berita_figures(doc: Doc) -> Doc:
    doc._.figures = []
    return doc
