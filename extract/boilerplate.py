"""Marks page boilerplate (teasers, bylines, counters, related-article lists, site names) so no extractor reads it.

The text is never cut: boilerplate becomes the span group ``doc.spans["boilerplate"]`` and extractors drop what
overlaps it, which keeps every offset an offset into the original article.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Optional

import regex
from spacy.language import Language
from spacy.tokens import Doc

from .items import doc_text
from .lexicon import DataComponent

SPANS_KEY = "boilerplate"
_LINE = regex.compile(r"[^\n]*(?:\n|$)")
# A section heading ("Tags", "Berita Lainnya") ends the body only past this share of the page, not in a top menu.
_BODY_SHARE = 0.3
# A dateline city: in capitals at a line start or after the site name ("jpnn.com - PALANGKA RAYA -"), or in title
# case at a line start ("Temanggung (ANTARA) -") or after a site name and a comma ("Liputan6.com, Aceh Utara -").
_TITLE_CITY = r"(?P<city>\p{Lu}\p{Ll}+(?:(?:[\t\p{Zs}]|-(?=\p{Lu}))\p{Lu}\p{Ll}+){0,3})[\t\p{Zs}]*"
DATELINE = regex.compile(
    r"(?m)^[\t\p{Zs}]*(?:[^\n]{0,60}?(?:,|\|\||[\t\p{Zs}][-–—])[\t\p{Zs}]*)??"
    r"(?P<city>\p{Lu}{2,}(?:(?:[\t\p{Zs}]|-(?=\p{Lu}))\p{Lu}{2,}){0,3})[\t\p{Zs}]*"
    r"(?:\(|\|(?=[^|\n]{1,40}[\t\p{Zs}][-–—])|(?:,|[-–—])(?!\p{L}))"
    # "KONTAN.CO.ID - JAKARTA. PT Bank ...": after a site name, a full stop may close the city
    r"|(?m)^[\t\p{Zs}]*[^\n]{1,60}?[\t\p{Zs}][-–—][\t\p{Zs}]*(?P<city>\p{Lu}{2,}(?:[\t\p{Zs}]\p{Lu}{2,}){0,3})\."
    r"(?=[\t\p{Zs}]+\p{Lu})"
    rf"|(?m)^[\t\p{{Zs}}]*{_TITLE_CITY}(?:\(|[-–—])"
    rf"|(?m)^[\t\p{{Zs}}]*[\p{{L}}\p{{N}}\-]+(?:\.\p{{L}}{{2,}})+,[\t\p{{Zs}}]*{_TITLE_CITY}[-–—]"
)
# The page header (site name, headline, date line) is what stands above a dateline in the first lines: a city and
# then a dash, a comma, a full stop after a site name, or a news site in brackets or after a bar, and a dash ("Liwa
# (Lampost.co)—", "MEDAN | medanterkini.net --"), not a bracketed acronym.
_DATELINE_END = regex.compile(
    r"(?<=[-–—,.])|(?<=\()[^()\n]{1,40}\)[\t\p{Zs}]*[-–—,]|(?<=\|)[^|\n]{1,40}?[\t\p{Zs}][-–—]")
_SEPARATORS = regex.compile(r"\|\||,|[\t\p{Zs}][-–—]")  # between a site name and a dateline city
_HEADER_LINES = 40  # a menu may take many short lines
_HEADER_CHARS = 1000  # ... but a dateline further down is prose that looks like one
_TEASER_WORDS = 20  # more words: prose, not a teaser headline
_TEASER_CAPITALS = 0.6  # share of capitalised words in a teaser headline ("di", "dan", "ke" stay lowercase)
_HEADLINE_WORDS = 4  # fewer words in the longest header line: a site name or menu, not a headline
BOUNDARIES_KEY = "berita_boilerplate_boundaries"


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its newline."""
    spans = []
    for match in _LINE.finditer(text):
        if match.start() == len(text):
            break
        end = match.end() - 1 if match.group().endswith("\n") else match.end()
        spans.append((match.start(), end))
    return spans


@dataclass(frozen=True, slots=True)
class Page:
    ranges: list[tuple[int, int]]  # boilerplate, sorted and merged
    headline: Optional[str]  # the title line of the page header, when the text has a header


class Boilerplate(DataComponent):
    tables = ("boilerplate.jsonl",)

    def build(self) -> None:
        flags = regex.IGNORECASE | regex.VERSION1
        rows = self.data["boilerplate.jsonl"]
        by_scope: dict[str, list[str]] = {}
        for row in rows:
            by_scope.setdefault(row["scope"], []).append(f"(?:{row['pattern']})")
        # "line" markers open a line (after bullets and spaces), as do "label" markers, which alone on their line
        # label the next one ("BACA JUGA:" above a teaser headline); "rest" markers are a whole line that ends the body.
        self.line = regex.compile(r"[\s\-–—•*>]*(?:(?P<label>" + "|".join(by_scope.get("label", ["(?!)"])) + ")|"
                                  + "|".join(by_scope.get("line", ["(?!)"])) + ")", flags)
        self.rest = regex.compile(r"\s*(?:" + "|".join(by_scope.get("rest", ["(?!)"])) + r")\s*(?::.*)?", flags)
        self.tail = regex.compile(r"\s*(?:" + "|".join(by_scope.get("tail", ["(?!)"])) + ")", flags)
        self.inline = regex.compile("|".join(by_scope.get("inline", ["(?!)"])), flags)

    def ranges(self, text: str) -> list[tuple[int, int]]:
        """Character ranges of boilerplate in ``text``, sorted and merged."""
        return self.page(text).ranges

    def page(self, text: str) -> Page:
        """The boilerplate ranges of ``text`` and its headline, read in one pass over its lines."""
        found: list[tuple[int, int]] = []
        lines = [(s, e) for s, e in _lines(text) if text[s:e].strip()]
        header = _header_end(text, lines)
        if header:
            found.append((0, header))
        # After a marker alone on its line ("BACA JUGA:"), the line it labels and the headlines right after it
        labelled = teasers = False
        for s, e in lines:
            line = text[s:e]
            if s > len(text) * _BODY_SHARE and self.rest.fullmatch(line):
                found.append((s, len(text)))
                break
            marker = self.line.match(line)
            teasers = labelled or (teasers and _headline_like(line))
            if marker or teasers:
                found.append((s, e))
            labelled = bool(marker and marker.group("label") and not line[marker.end():].strip(" \t:"))
        tail = 0
        for s, e in reversed(lines):
            if not self.tail.match(text[s:e]):
                break
            tail += 1
        if tail >= 2:
            found.append((lines[-tail][0], len(text)))
        found.extend(m.span() for m in self.inline.finditer(text))
        return Page(_merge(found), self._headline(text, [(s, e) for s, e in lines if e <= header]))

    def _headline(self, text: str, header: list[tuple[int, int]]) -> Optional[str]:
        """The headline among the header lines: the longest of those that are no marker, menu or date line
        ("Kamis, 28 November 2024 | Admin")."""
        candidates = [text[s:e].strip() for s, e in header if "|" not in text[s:e] and not self.line.match(text, s, e)]
        best = max(candidates, key=lambda line: len(line.split()), default="")
        return best if len(best.split()) >= _HEADLINE_WORDS else None

    def __call__(self, doc: Doc) -> Doc:
        page = self.page(doc_text(doc))
        doc._.headline = page.headline
        spans = []
        for start, end in page.ranges:
            span = doc.char_span(start, end, label="boilerplate", alignment_mode="expand")
            if span is not None and len(span):
                spans.append(span)
        doc.spans[SPANS_KEY] = spans
        # Extractors ask about every match they find: keep the span boundaries where they are cheap to read.
        doc.user_data[BOUNDARIES_KEY] = ([span.start_char for span in spans], [span.end_char for span in spans])
        return doc


def _headline_like(line: str) -> bool:
    """A teaser headline: short, mostly capitalised words, no closing full stop ("Harga Cabai Turun di Pasar 16")."""
    words = line.split()
    capitalised = sum(w[0].isupper() or w[0].isdigit() for w in words)
    return len(words) <= _TEASER_WORDS and capitalised >= _TEASER_CAPITALS * len(words) and line.rstrip()[-1] != "."


def _header_end(text: str, lines: list[tuple[int, int]]) -> int:
    """Where the body starts when a dateline opens one of the first lines: the lines above it are the header."""
    for start, _ in lines[:_HEADER_LINES]:
        if start > min(_HEADER_CHARS, len(text) / 2):
            break
        if ((city := DATELINE.match(text, start)) and _DATELINE_END.match(text, city.end())
                and len(_SEPARATORS.sub(" ", text[start:city.start("city")]).split()) <= 1):
            return start  # a city at the line start or after the site name only, not in prose ("Kata dia, BPBD,")
    return 0


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def in_boilerplate(doc: Doc, start: int, end: int) -> bool:
    """Whether the characters ``start:end`` touch boilerplate."""
    starts, ends = doc.user_data.get(BOUNDARIES_KEY, ((), ()))
    i = bisect_right(starts, end - 1) - 1
    return i >= 0 and ends[i] > start


@Language.factory(
    "berita_boilerplate",
    assigns=["doc.spans", "doc._.headline"],
    default_config={"patterns_dir": None},
)
def make_boilerplate(nlp: Language, name: str, patterns_dir: str | None) -> Boilerplate:
    return Boilerplate(nlp, name, patterns_dir)
