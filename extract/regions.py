"""Placeholder until the regions extractor lands: assigns an empty list."""

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("berita_regions")
def berita_regions(doc: Doc) -> Doc:
    doc._.regions = []
    return doc
