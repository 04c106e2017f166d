"""Pattern and lexicon tables (data only), installed as the package ``extract.patterns``."""
