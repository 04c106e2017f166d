"""Placeholder until the officials extractor lands: assigns an empty list."""

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("berita_officials")
def berita_officials(doc: Doc) -> Doc:
    doc._.officials = []
    return doc
