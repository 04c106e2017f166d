"""Placeholder until the dates extractor lands: assigns an empty list."""

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("berita_dates")
def berita_dates(doc: Doc) -> Doc:
    doc._.dates = []
    return doc
