"""berita-extract: structured data (regions, officials, figures, dates) from Indonesian news articles."""

from .items import SCHEMA, Article
from .pipeline import Pipeline, build_nlp
from .tables import tables

__all__ = ["SCHEMA", "Article", "Pipeline", "build_nlp", "tables"]
__version__ = "0.1.0"
