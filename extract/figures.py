"""Finds the figures an article states (rupiah amounts, percentages, counts) and reads them as numbers.

One compiled regex finds every number with what can sit right against it (approximation word, currency marker,
scale word, range, "-an" suffix); the words after it then decide the kind: a currency -> money, "persen"/"%" ->
percent, a measure unit -> quantity, a counted noun -> count. A lowercase word in no list after a whole number is a
counted noun too ("63 homestay"), unless it is a function, time, verb or abstract word (non_figure_contexts.tsv) or
the number is a year, in a name or after an identifier word. A number with nothing around it is a figure only when
its noun is given elsewhere ("jumlah kasus 65", "52.104 pekerja ... dan 26.973 di sektor informal", "13 dari 20
kecamatan", "19 rumah rusak berat, 34 rusak sedang"); otherwise it is a year, a code, a list number... and is left
out, because a wrong value is worse than a missing one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple, Optional

import regex
from spacy.language import Language
from spacy.tokens import Doc

from .boilerplate import in_boilerplate
from .items import Figure, FigureKind, doc_text
from .lexicon import DataComponent, words
from .numbers import NumberWords, plain, read_digits

SPANS_KEY = "figures"
_FLAGS = regex.IGNORECASE | regex.VERSION0
_NUM = r"\d+(?:[.,]\d+)*"
# A figure starts at a word start, not inside a number, a code or a hyphenated word ("Covid-19").
_START = r"(?<![\p{L}\p{N}.,/:]|[\p{L}\p{N}][-–])"
# A number glued to letters, digits or an identifier's separators is part of a code (G20, 17/04, 11:20, Covid-19).
# Spaces with at most one line break: a noun after a blank line belongs to the next paragraph.
_GAP = r"(?=\s)[^\S\n]*\n?[^\S\n]*"
_GLUED = r"[\p{L}\p{N}]|[.,:/-]\p{N}|-\p{L}"
_YEARS = range(1900, 2101)
# Sentence breaks: line ends, and end punctuation before a capital or digit unless it closes an abbreviation.
# Group 1 marks a break after an abbreviation ("Dr. Ani"), which is no break.
_BREAK = regex.compile(r"\n+|(?<=[.!?…][\"”’)]?)(?:(?<=(?:^|[\s(])\p{Lu}\p{L}{0,2}\.)())?"
                       r"\s+(?=[\"“‘(]?[\p{Lu}\p{N}])")
_ACRONYM = _GAP + r"(?P<acronym>\p{Lu}{2,6})(?![\p{L}\p{N}])"
# What extends a counted noun: its acronym in brackets ("Keluarga Penerima Manfaat (KPM)"), a slash alternative
# ("Kabupaten/Kota"), an acronym that qualifies it ("negara G20", "anggota DPRD").
_EXTENSION = (r"(?:\s?\([\p{Lu}\p{N}-]{2,}\)|(?:\s?/\s?\p{Lu}\p{L}*(?: \p{Lu}\p{L}*)?)+"
              r"|[ \t]\p{Lu}[\p{Lu}\p{N}]{1,5}(?![\p{L}\p{N}]))")
_TITLE_WORD = regex.compile(r"\p{Lu}\p{L}*\Z")
# A counted noun written as a name, two to five capitalised words; a count only when its acronym follows.
_TITLED_NOUN = r"\p{Lu}\p{Ll}+(?:[^\S\n]+\p{Lu}\p{Ll}+){1,4}"
# An estimate is approximate only for a number of at most this many significant digits ("95 ribu", "1,25 miliar").
_ROUND_DIGITS = 3
# A one- or two-letter capital code before the number makes "B 1234 ABC" a number plate, not 1234 of something.
_PLATE = regex.compile(r"(?<![\p{L}\p{N}])\p{Lu}{1,2} \Z")
# Lowercase words after a number, in the same line: a noun in no list, and maybe the word that qualifies it.
_LOWER_WORD = r"\p{Ll}+(?:-\p{Ll}+)?"
_OPEN_NOUN = rf"(?-i:{_LOWER_WORD}(?:[^\S\n]+{_LOWER_WORD})?)"
# A whole number written as counts are: digits with no leading zero, thousands grouped by dots ("1.250", not "10.00").
_WHOLE = regex.compile(r"[1-9]\d{0,2}(?:\.\d{3})+|[1-9]\d*")
# The capitalised word (or code) right before a number, in the same line: "Negeri" in "SMA Negeri 1 Batang Anai".
_CAPITAL_BEFORE = regex.compile(r"(?r)(?<![\p{L}\p{N}])\p{Lu}[\p{L}\p{N}]*[^\S\n]+\Z")
_OPENING = ' \t"“‘(-–—'
_WORD_RUN = regex.compile(r"\S+")
# A table flattened into lines: a header of lowercase column names between " / " or " | " (alone on its line or in
# brackets at its end), then rows of as many cells, the first a name, the others numbers.
_LINES = regex.compile(r"[^\n]+")
_TABLE_HEADER_CHARS = 100
_TABLE_HEADER = regex.compile(r"(?:^|\()(?P<cells>\p{L}[\p{L} ]*(?:\s[/|]\s\p{L}[\p{L} ]*)+)\)?:?\s*$")
_TABLE_SEPARATOR = regex.compile(r"\s[/|]\s")
_TABLE_CELL = regex.compile(r"(?:^|(?<=\s[/|]))\s*(?:(?P<n>\d{1,3}(?:\.\d{3})*|\d+)\s*(?=\s[/|]|\s*$)|[^/|\n]+)")
_TABLE_NOUN = regex.compile(r"\p{Ll}+(?: \p{L}+){0,2}|\p{Lu}+(?: \p{Ll}+)?")
_NEXT_LOWER = regex.compile(r"[^\S\n]+(\p{Ll}+)(?![\p{L}\p{N}-])")
_NEXT_WORD = regex.compile(r"[^\S\n]*([\p{L}\p{N}]+)")


def _key(word: str) -> str:
    """A matched word as its table key: case-folded, single-spaced ("Dolar  AS" -> "dolar as")."""
    return " ".join(word.casefold().split())


def _alternation(words: Iterable[str], backward: bool = False) -> str:
    """The words as a case-insensitive trie ("se(?:kitar|kira)"), as the regex engine tries the branches of an
    alternation one by one. A longer word goes before the word it extends ("kurang lebih" before "kurang"); a space
    matches any run of spaces. ``backward`` shares the word ends instead ("(?:sekit|kis)aran"), for lookbehinds,
    which the engine matches from the end."""
    trie: dict[str, dict] = {}
    for word in words:
        pieces = [r"\s+" if char == " " else regex.escape(_fold(char), special_only=True) for char in word]
        node = trie
        for piece in reversed(pieces) if backward else pieces:
            node = node.setdefault(piece, {})
        node[""] = {}
    return _branches(trie, backward)


def _fold(char: str) -> str:
    return char.lower() if len(char.lower()) == 1 else char


def _branches(node: dict[str, dict], backward: bool) -> str:
    branches = [_branches(child, backward) + piece if backward else piece + _branches(child, backward)
                for piece, child in node.items() if piece]
    if "" in node:
        return f"(?:{'|'.join(branches)})?" if branches else ""
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


class _Before:
    """A pattern ending where a number starts, found by a search of the ``reach`` characters before the number.

    The search tries every start in the reach; ``hint``, a lookbehind for the same words, is matched backwards from
    the number in one step and is true whenever the pattern is found, so it rules out most numbers cheaply.
    """

    def __init__(self, pattern: str, hint: str, reach: int) -> None:
        self.pattern = regex.compile(pattern + r"\Z", _FLAGS)
        self.hint = regex.compile(f"(?<={hint})", _FLAGS)
        self.reach = reach

    def search(self, text: str, end: int) -> Optional[regex.Match]:
        if self.hint.match(text, end) is None:
            return None
        return self.pattern.search(text, max(0, end - self.reach), end)


class _Candidate(NamedTuple):
    """The groups of a candidate match, read by position: a lookup by name costs a third of a short match.

    First the number with what sits right against it (the match ``finditer`` would step over), then what follows.
    """

    number: str
    pre: Optional[str]
    cur: Optional[str]
    num: Optional[str]
    words: Optional[str]
    scale: Optional[str]
    an: Optional[str]
    tolerance: Optional[str]
    num2: Optional[str]
    scale2: Optional[str]
    dash: Optional[str]
    glued: Optional[str]
    lead: Optional[str]
    approx: Optional[str]
    unit: Optional[str]
    currency: Optional[str]
    not_figure: Optional[str]
    noun: Optional[str]
    possessive: Optional[str]
    acronym: Optional[str]
    extension: Optional[str]
    titled: Optional[str]
    initials: Optional[str]
    open: Optional[str]
    approx_after_unit: Optional[str]


def _titled(word: str) -> bool:
    """A word written with a capital, not in capitals: a name's word ("Batang"), unlike an acronym ("KPM")."""
    return word[0].isupper() and not word.isupper()


def _compile(pattern: str, flags: int, groups: type) -> regex.Pattern:
    """A pattern whose groups are exactly the fields of ``groups`` (a NamedTuple), in order."""
    compiled = regex.compile(pattern, flags)
    if compiled.groups != len(groups._fields) or any(compiled.groupindex.get(name) != i + 1
                                                     for i, name in enumerate(groups._fields)):
        raise ValueError(f"the groups of {pattern[:40]!r}... are not {groups._fields}")
    return compiled


@dataclass(slots=True)
class _Reading:
    """A figure being read: where it is, its kind so far, and the raw pieces of its value."""

    start: int
    end: int
    kind: Optional[FigureKind]
    raw: list[str]
    scale: int = 1
    currency: Optional[str] = None
    unit: Optional[str] = None
    approximate: bool = False
    from_words: bool = False
    end_scale: int = 0  # the second end's own scale, when it has one: "Rp 800 juta sampai Rp1,3 miliar"
    borrowed: bool = False  # the first end has the scale of the second: "Rp1-2 miliar"
    of: Decimal = Decimal(1)  # how many of its kind one unit is: a basis point is a hundredth of a percent


class _Sentences:
    """Sentence bounds of a text, computed once, looked up by offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [m.end() for m in _BREAK.finditer(text) if m[1] is None]

    def index(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def bounds(self, offset: int) -> tuple[int, int]:
        i = self.index(offset)
        end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
        return self.starts[i], end

    def text_at(self, offset: int) -> str:
        start, end = self.bounds(offset)
        return self.text[start:end].strip()


class Figures(DataComponent):
    tables = (
        "number_words.tsv",
        "scales.tsv",
        "currencies.tsv",
        "units.tsv",
        "count_nouns.tsv",
        "approximations.tsv",
        "non_figure_contexts.tsv",
        "figure_links.tsv",
        "date_months.tsv",
    )

    def build(self) -> None:
        d = self.data
        self.words = NumberWords.from_rows(d["number_words.tsv"], d["scales.tsv"])
        scales = d["scales.tsv"]
        self.scales = {r["word"].casefold(): int(r["value"]) for r in scales if r["money_only"] != "1"}
        self.money_scales = {r["word"]: int(r["value"]) for r in scales if r["money_only"] == "1"}
        self.currencies = {_key(r["marker"]): r["code"] for r in d["currencies.tsv"]}
        self.units = {_key(r["word"]): (r["kind"], r["unit"], Decimal(r["of"] or 1)) for r in d["units.tsv"]}

        def alt(table: str, column: str, value: str, backward: bool = False) -> str:
            return _alternation((r.get("word") or r["marker"] for r in d[table] if r[column] == value), backward)

        def approx(position: str) -> str:
            return alt("approximations.tsv", "position", position)

        def link(role: str, backward: bool = False) -> str:
            return alt("figure_links.tsv", "role", role, backward)

        def context(position: str) -> str:
            return alt("non_figure_contexts.tsv", "position", position)

        end = r"(?![\p{L}\p{N}])"
        all_words = _alternation([r["word"] for r in d["number_words.tsv"]] + list(self.scales))
        scale = "|".join([_alternation(self.scales)] + [f"(?-i:{regex.escape(w)})" for w in self.money_scales])
        before_currency = alt("currencies.tsv", "position", "before")
        after_currency = alt("currencies.tsv", "position", "after")
        number = rf"""{_START}
            (?:(?P<pre>{approx("before")})\s*)?
            (?:(?P<cur>{before_currency})\s*)?
            (?:(?P<num>{_NUM})|(?P<words>(?:{alt("number_words.tsv", "op", "add")})(?:\s+(?:{all_words}))*))
            (?:\s?(?P<scale>{scale}))?
            (?P<an>-?(?:{approx("suffix")}))?(?![\p{{L}}])
            (?:\s*(?:{link("range")}|(?P<tolerance>{link("tolerance")}))\s*(?:{before_currency})?\s*(?P<num2>{_NUM})
               (?:\s?(?P<scale2>{scale}))?(?![\p{{L}}]))?
            (?P<dash>,-)?"""
        months = _alternation(words(d["date_months.tsv"]))
        nouns = _alternation(words(d["count_nouns.tsv"]))
        classifiers = alt("count_nouns.tsv", "kind", "classifier")
        after_approx = rf"\s*(?:{approx('after')}){end}"
        # What follows the number, in the same match: it always matches, so the number matches as it would alone,
        # and each part takes the first match a match of its own would give. The number spelled again in brackets is
        # the same mention ("3 (tiga) orang", "Rp5.000 (lima ribu rupiah)"); then an approximation word; then the
        # first of: a unit, a currency, a word that makes it no figure, a counted noun (the whole noun is the unit:
        # "10 unit rumah", "25 karyawan tetap"; a possessive suffix stays out of it: "312 warganya") or an acronym
        # with its extension, or capitalised words with their initials in brackets ("37 Izin Usaha Pertambangan
        # (IUP)"), or lowercase words that may be a noun in no list ("63 homestay"); then an approximation word again.
        after = (
            rf"(?P<glued>(?-i:{_GLUED}))"
            rf"|(?P<lead>(?>\s*\((?:\s*(?:{all_words}|{after_currency}){end})+\s*\))?(?>(?P<approx>{after_approx}))?)"
            rf"(?:(?>\s*(?P<unit>{_alternation(self.units)}){end})"
            rf"|(?>\s*(?P<currency>{after_currency}){end})"
            rf"|(?>(?P<not_figure>\s*[(\[]?(?:{context('after')}|{months}){end}))"
            rf"|(?:(?>{_GAP}(?:(?:{link('filler')})\s+)?(?P<noun>(?:(?:{classifiers})\s+(?:{nouns})|{nouns})"
            rf"(?:\s+(?:{link('modifier')}))?)(?P<possessive>(?-i:{link('possessive')}))?{end})"
            rf"|(?>(?-i:{_ACRONYM})))(?>(?P<extension>(?-i:{_EXTENSION})))?"
            rf"|(?>[^\S\n]+(?-i:(?P<titled>{_TITLED_NOUN})[^\S\n]*\((?P<initials>\p{{Lu}}{{2,6}})\)))"
            rf"|(?>[^\S\n]+(?P<open>{_OPEN_NOUN}){end}))?"
            rf"(?>(?P<approx_after_unit>{after_approx}))?"
        )
        candidate = f"(?P<number>{number})(?-x:{after})"
        self.approx_after = regex.compile(after_approx, _FLAGS)
        self.candidate = _compile(candidate, _FLAGS | regex.VERBOSE, _Candidate)
        self._build_anchors(candidate)
        word = r"(?<![\p{L}])"
        estimates = [r["word"] for r in d["approximations.tsv"] if r["position"] == "estimate"]
        tail = r"(?:\s+\p{L}+)?\s*"
        self.estimate = _Before(rf"{word}(?:{_alternation(estimates)}){tail}",
                                rf"{word}(?:{_alternation(estimates, backward=True)}){tail}", 40)
        contexts = [r["word"] for r in d["non_figure_contexts.tsv"] if r["position"].startswith("before-")]
        self.context = _Before(
            rf"{word}(?:(?P<id>{context('before-id')})|(?P<ordinal>{context('before-ordinal')})"
            rf"|(?P<rank>{context('before-rank')})|(?P<year>{context('before-year')}))[\s.:]*",
            rf"{word}(?:{_alternation(contexts, backward=True)})[\s.:]*", 25)
        # A month before a year makes it a date ("pada Mei 2024 petugas ..."); looked for at year-like counts only.
        self.month_before = _Before(rf"{word}(?:{months})\s*",
                                    rf"{word}(?:{_alternation(words(d['date_months.tsv']), backward=True)})\s*", 15)
        rows = d["non_figure_contexts.tsv"]
        self.not_nouns = frozenset(r["word"] for r in rows if r["position"] == "not-noun")
        self.not_noun_prefixes = tuple(r["word"] for r in rows if r["position"] == "not-noun-prefix")
        self.not_noun_suffixes = tuple(r["word"] for r in rows if r["position"] == "not-noun-suffix")
        self.times_words = frozenset(r["word"] for r in rows if r["position"] == "times")
        self.times_links = frozenset(r["word"] for r in rows if r["position"] == "times-link")
        self.noun_prefixes = tuple(r["word"] for r in rows if r["position"] == "noun-prefix")
        self.noun_suffixes = tuple(r["word"] for r in rows if r["position"] == "noun-suffix")
        self.noun_prefix_exceptions = tuple(r["word"] for r in rows if r["position"] == "noun-prefix-exception")
        # Words that open a figure ("Sebanyak 8 sirene"): capitalised before a number, they start no name.
        self.openers = frozenset([_key(r["word"]) for r in d["figure_links.tsv"] if r["role"] in ("link", "total")]
                                 + [_key(r["word"]) for r in d["approximations.tsv"] if r["position"] == "before"])
        # A counted noun, with its modifier, before its number: "jumlah kasus 65", "suara tidak sah sebanyak 9.318",
        # "peserta: 500", "kursi yang tersedia di 18 sekolah hanya 4.032" (a relative clause: a word, maybe with a
        # place of a few words). The hint leaves out the total word before the noun: the noun still starts a word.
        tail = (rf"(?:\s+(?:{link('relative')})\s+\p{{L}}+"
                rf"(?:[^\S\n]+(?:{link('place')})(?:[^\S\n]+[\p{{L}}\p{{N}}]+){{1,3}}?)?)?"
                rf"(?P<links>(?:\s+(?:{link('link')}))*(?:\s*:)?)\s*")
        modifier = rf"(?:\s+(?:{link('modifier')}))?"
        self.noun_before = _Before(
            rf"{word}(?:(?P<amount>{context('amount')})\s+)?(?:(?P<total>{link('total')})\s+)?"
            rf"(?P<w>(?P<head>{nouns}){modifier}){tail}",
            rf"{word}(?:{_alternation(words(d['count_nouns.tsv']), backward=True)})"
            rf"(?:\s+(?:{link('modifier', backward=True)}))?{tail}", 60)
        # A list number after a label ("Peserta: 1. Ani", "Hasil: 1) lulus") is no count.
        self.list_number = regex.compile(r"[.)][^\S\n]*\p{L}")
        # A bare number that qualifies the noun of the last count ("120 rumah rusak berat, 34 rusak sedang"), and
        # the modifier that ends such a count's unit.
        self.modifier_after = regex.compile(rf"\s+(?P<w>{link('modifier')}){end}", _FLAGS)
        self.modifier_end = regex.compile(rf"(?:\s+(?:{link('modifier')}))+\Z", _FLAGS)
        # "13 dari 20 kecamatan", "2,1 juta dari 6,3 juta wisatawan"
        self.out_of = regex.compile(rf"\s+(?:{link('out-of')})\s+(?:{_NUM}(?:\s?(?:{scale}))?|(?:{all_words})"
                                    rf"(?:\s+(?:{all_words}))*)\s+(?P<w>{nouns}){end}", _FLAGS)
        # "Dari 11 laporan, hanya dua yang diteruskan": a number after a link word, a coordinator or a comma,
        # opening a relative clause, counts the noun of the last count of its sentence.
        self.relative_after = regex.compile(rf"\s+(?:{link('relative')}){end}", _FLAGS)
        self.pronoun_lead = _Before(rf"(?:[,;]|{word}(?:{link('link')}|{link('coordinator')}))\s*",
                                    rf"(?:[,;]|(?:{link('link', backward=True)}|{link('coordinator', backward=True)}))"
                                    rf"\s*", 15)
        self.coordinator = _Before(rf"{word}[,;]?\s*(?:{link('coordinator')})\s+",
                                   rf"(?:{link('coordinator', backward=True)})\s+", 15)
        self.partitive = regex.compile(rf"\s+(?:{link('partitive')}){end}", _FLAGS)
        self.per_unit = regex.compile(rf"(?:/|\s+(?:{link('per')})\s+)\p{{L}}", _FLAGS)
        self.any_currency = regex.compile(
            rf"(?<![\p{{L}}])(?:(?P<w>{before_currency})\s*\d|(?P<w>{after_currency}){end})", _FLAGS)

    def _build_anchors(self, candidate: str) -> None:
        """Regexes that find the candidates from their numbers: scanning the whole text with the candidate regex is
        slow, as every word start tries all the markers that may open a figure ("sekitar", "Rp")."""
        markers = [r["word"] for r in self.data["approximations.tsv"] if r["position"] == "before"]
        currencies = [r["marker"] for r in self.data["currencies.tsv"] if r["position"] == "before"]
        self.number_words = sorted({r["word"].lower() for r in self.data["number_words.tsv"] if r["op"] == "add"})
        self.number_word = regex.compile(_alternation(self.number_words), _FLAGS)
        self.digits = regex.compile(r"(?<!\d)\d")
        if any(self.digits.search(m + c) or self.number_word.search(m + c)
               for m in markers + [""] for c in currencies + [""]):
            raise ValueError("a marker before a number (approximations.tsv, currencies.tsv) holds a number")
        # At a number: an empty match when markers end right before it, else the candidate starting there.
        self.at_number = _compile(rf"(?<=(?:{_alternation(markers + currencies, backward=True)})\s*)|{candidate}",
                                  _FLAGS | regex.VERBOSE, _Candidate)
        reach = max(len("".join(m.split())) for m in markers) + max(len("".join(c.split())) for c in currencies)
        self.reach = regex.compile(rf"(?r)(?:\S\s*){{0,{reach}}}")

    def _candidates(self, text: str) -> Iterator[regex.Match]:
        """The matches ``self.candidate.finditer(text)`` would give if it stepped over the number only (group 1),
        tried only at the numbers.

        A candidate holds a number; its markers ("sekitar Rp") hold none and span at most ``reach`` non-space
        characters. So the next candidate is at the first number after the last one where a candidate starts from
        the number itself or, when markers end right before it, the first candidate from the markers' reach on.
        """
        words = self._number_words(text)
        end = pos = 0  # a candidate starts at the end of the last one or after; numbers before pos are done
        while True:
            digit = self.digits.search(text, pos)
            start = digit.start() if digit is not None else len(text)
            while words and words[-1] < pos:
                words.pop()
            if words and words[-1] < start:
                start = words.pop()
            if start == len(text):
                return
            pos = start + 1
            if (match := self.at_number.match(text, start)) is not None and match.end() == start:
                # No candidate starts before the markers' reach: the next one is the first from there.
                if (match := self.candidate.search(text, self.reach.match(text, end, start).start())) is None:
                    return
            if match is not None:
                end = pos = match.end(1)
                yield match

    def _number_words(self, text: str) -> list[int]:
        """Where number words start, last first. ``str.find`` in the lower-cased text is much faster than a
        case-insensitive regex, which also takes İ and ſ for i and s (and İ lower-cases to two characters)."""
        lower = text.lower()
        if len(lower) != len(text) or "ſ" in lower:
            return sorted((m.start() for m in self.number_word.finditer(text, overlapped=True)), reverse=True)
        found = []
        for word in self.number_words:
            at = lower.find(word)
            while at >= 0:
                found.append(at)
                at = lower.find(word, at + 1)
        return sorted(found, reverse=True)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        sentences: Optional[_Sentences] = None
        figures: list[Figure] = []
        for match in self._candidates(text):
            if (figures and match.start() < figures[-1].end) or in_boilerplate(doc, match.start(), match.end(1)):
                continue
            sentences = sentences or _Sentences(text)
            reading = self._read(text, match, figures, sentences)
            if reading is not None:
                reading.approximate = reading.approximate or self._estimated(text, reading)
                figures.extend(self._figures(text, reading, sentences, doc))
        if " / " in text or " | " in text:
            figures = sorted(figures + self._table(text, figures, doc), key=lambda f: f.start)
        doc._.figures = figures
        spans = [doc.char_span(f.start, f.end, label=f.kind, alignment_mode="expand") for f in figures]
        doc.spans[SPANS_KEY] = [span for span in spans if span is not None]
        return doc

    def _table(self, text: str, figures: list[Figure], doc: Doc) -> list[Figure]:
        """Counts in a table flattened into lines ("(kecamatan / kasus / TBC anak):" then "Sungai Kunjang / 412 /
        58"): each number of a row counts the noun that heads its column."""
        found: list[Figure] = []
        taken = {f.start for f in figures}
        lines = list(_LINES.finditer(text))
        for k, line in enumerate(lines):
            if " / " not in line.group() and " | " not in line.group():
                continue
            # a header stands alone or in brackets at its line's end: only the end is searched, in linear time
            header = _TABLE_HEADER.search(line.group(), max(0, len(line.group()) - _TABLE_HEADER_CHARS))
            if header is None:
                continue
            columns = [cell.strip() for cell in _TABLE_SEPARATOR.split(header["cells"])]
            for row in lines[k + 1:]:
                cells = list(_TABLE_CELL.finditer(row.group()))
                if len(cells) != len(columns) or in_boilerplate(doc, row.start(), row.end()):
                    break
                for column, cell in zip(columns[1:], cells[1:]):
                    start, end = row.start() + cell.start("n"), row.start() + cell.end("n")
                    value = read_digits(cell["n"], comma_groups=True) if cell["n"] else None
                    if value is not None and start not in taken and _TABLE_NOUN.fullmatch(column):
                        found.append(Figure("count", plain(value), None, column, False, text[start:end], start, end,
                                            row.group().strip()))
        return found

    def _read(self, text: str, m: regex.Match, previous: list[Figure], sentences: _Sentences) -> Optional[_Reading]:
        """Kind, unit and raw value of one candidate number, or None when it is not a figure."""
        found = _Candidate._make(m.groups())
        if found.glued is not None:
            return None
        scale_word = found.scale or found.scale2
        if scale_word in self.money_scales and not found.cur:
            return None
        # a range gives both ends; a target gives itself, not its tolerance ("2,5 plus minus 1 persen")
        raw = [found.num or found.words] + ([found.num2] if found.num2 and not found.tolerance else [])
        reading = _Reading(m.start(), m.end(1), None, raw, self._scale(scale_word),
                           approximate=bool(found.pre or found.an), from_words=found.words is not None)
        if found.scale and found.scale2:
            reading.end_scale = self._scale(found.scale2)
        reading.borrowed = not found.scale and bool(found.scale2)
        if reading.from_words and self._in_name(text, m.start("words")):
            return None
        pos = m.end(1) + len(found.lead)
        reading.approximate = reading.approximate or found.approx is not None
        if found.cur:
            reading.kind, reading.currency = "money", self.currencies[_key(found.cur)]
            reading.end = pos
            return reading
        context = self.context.search(text, m.start())
        if context is not None and context["id"]:
            return None
        if found.unit is not None:
            reading.kind, written, reading.of = self.units[_key(found.unit)]
            reading.unit = found.unit if not written else None if written == "-" else written
        elif found.currency is not None:
            reading.kind, reading.currency = "money", self.currencies[_key(found.currency)]
        elif found.not_figure is not None:
            if (times := self._times(text, m, reading)) is None:
                return None
            reading.kind, reading.unit = "count", times
        elif found.noun is not None and _titled(found.noun) and self._after_name(text, m.start(), sentences):
            return None
        elif found.noun is not None or (found.acronym is not None and not self._year_like(reading)
                                        and not _PLATE.search(text, max(0, m.start() - 4), m.start())):
            reading.kind, reading.unit = "count", (found.noun or found.acronym) + (found.extension or "")
        elif (found.titled is not None and "".join(w[0] for w in found.titled.split()) == found.initials
              and not self._year_like(reading) and not self._after_name(text, m.start(), sentences)):
            reading.kind, reading.unit = "count", found.titled
        elif (found.open is not None and (context is None or context["year"])
              and (length := self._open_noun(text, found, reading, sentences))):
            reading.kind, reading.unit = "count", found.open[:length]
        if reading.kind is not None:
            # The match ends with the unit, or with an approximation word after it.
            if found.not_figure is not None:  # "37 kali bencana hidrometeorologi": the noun after "kali" too
                reading.end = m.end("not_figure") + len(reading.unit) - len(found.not_figure.strip())
            elif found.open is None or reading.unit == found.open:
                reading.end = m.end()
                reading.approximate = reading.approximate or found.approx_after_unit is not None
            else:  # the noun ends before the last lowercase word: an approximation word may follow it
                reading.end = m.start("open") + len(reading.unit)
                if (approx := self.approx_after.match(text, reading.end)) is not None:
                    reading.approximate, reading.end = True, approx.end()
        else:
            reading.end = pos
            if (context is not None and context["rank"]) or not self._bare(text, reading, previous, sentences):
                return None
        if reading.kind == "count" and context is not None and (context["ordinal"] or (
                context["year"] and self._year_like(reading))):
            return None
        if reading.kind == "count" and self._year_like(reading) and (
                len(raw) == 2 or self.month_before.search(text, m.start())):  # "2019 sampai 2023 produksi"
            return None
        if reading.kind == "count" and reading.from_words and self.words.read(raw[0]) == 1:
            return None
        return reading

    def _bare(self, text: str, reading: _Reading, previous: list[Figure], sentences: _Sentences) -> bool:
        """Gives a number with nothing after it the kind and unit its context implies, maybe extending its span;
        False when there is none."""
        if self._year_like(reading):
            return False
        start, end = reading.start, reading.end
        here = sentences.index(start)
        prior = previous[-1] if previous and sentences.index(previous[-1].start) == here else None
        if reading.scale > 1 and self.per_unit.match(text, end):
            if (currency := self.any_currency.search(text, *sentences.bounds(start))) is not None:
                reading.kind = "money"
                reading.currency = self.currencies[_key(currency["w"])]
                return True
        if (out_of := self.out_of.match(text, end)) is not None:
            reading.kind, reading.unit = "count", out_of["w"]
            return True
        if self.partitive.match(text, end) and (count := self._last_count(previous, sentences, here - 1)):
            reading.kind, reading.unit = "count", count.unit
            return True
        count = self._last_count(previous, sentences, here)
        if (modifier := self.modifier_after.match(text, end)) is not None and (
                counted := count or self._last_count(previous, sentences, here - 1)) is not None:
            # also the count of the sentence before: "1.146 rumah rusak. Rinciannya 213 rusak berat, ..."
            head = self.modifier_end.sub("", counted.unit)
            reading.kind, reading.unit, reading.end = "count", f"{head} {modifier['w']}", modifier.end()
            return True
        if prior is not None and self.coordinator.search(text, start):
            if prior.kind == "count" or (prior.kind == "money" and (reading.scale > 1 or "." in reading.raw[0])):
                reading.kind, reading.unit, reading.currency = prior.kind, prior.unit, prior.currency
                return True
        if count is not None and self.relative_after.match(text, end) and self.pronoun_lead.search(text, start):
            reading.kind, reading.unit = "count", count.unit
            return True
        before = self.noun_before.search(text, start)
        if before is not None and self._counted_before(text, reading, before, count):
            reading.kind, reading.unit = "count", before["w"]
            return True
        return False

    def _counted_before(self, text: str, reading: _Reading, before: regex.Match, count: Optional[Figure]) -> bool:
        """Whether the counted noun before a bare number is what it counts: after a total word, before a link word
        or a colon (not before a list number: "Peserta: 1. Ani"), with an approximation, or repeating the noun of the
        last count with another modifier ("suara sah sebanyak 228.905 dan suara tidak sah 6.317"). A noun alone
        right before a number mostly names one ("dua TPS, yakni TPS 12"); after a noun of money it qualifies the
        amount ("dana desa mencapai 1,2 miliar")."""
        if before["amount"]:
            return False
        if before["total"] or reading.approximate:
            return True
        if links := before["links"].strip():
            return not (links.endswith(":") and self.list_number.match(text, reading.end))
        return (count is not None and before["w"] != before["head"]
                and (_key(count.unit) + " ").startswith(_key(before["head"]) + " "))

    @staticmethod
    def _last_count(previous: list[Figure], sentences: _Sentences, first: int) -> Optional[Figure]:
        """The last count found in the sentence numbered ``first`` or after it."""
        for figure in reversed(previous):
            if sentences.index(figure.start) < first:
                return None
            if figure.kind == "count" and figure.unit:
                return figure
        return None

    def _open_noun(self, text: str, found: _Candidate, reading: _Reading, sentences: _Sentences) -> int:
        """How much of the lowercase words after a number is a counted noun in no list ("63 homestay", "14 jalur
        evakuasi"); 0 for none. Only a whole number in digits, with no scale word, that no name, year or context
        claims counts things this way: number words start idioms ("satu pintu", "dua arah"), and a scaled number
        with no listed noun is mostly an amount ("seharga 2 jutaan laris manis"), except nouns shaped as nouns of people
        and tools ("empat penambang")."""
        if reading.scale > 1 or self._year_like(reading) or not (
                _WHOLE.fullmatch(reading.raw[0]) or (reading.from_words and self._noun_shaped(found.open.split()[0]))):
            return 0
        length = 0
        for word in _WORD_RUN.finditer(found.open):
            if not self._may_be_noun(word.group()):
                break
            length = word.end()
        if length and self._after_name(text, reading.start, sentences):
            return 0
        return length

    def _times(self, text: str, m: regex.Match, reading: _Reading) -> Optional[str]:
        """The unit of a count of events ("37 kali bencana", "412 kali di seluruh Jawa Tengah"), or None: a
        multiplier or a frequency ("dua kali lipat", "3 kali lebih besar", "dua kali sepekan"), a page counter
        ("dilihat 1.234 kali.") or, after a number word, an adverb ("dua kali ditunda")."""
        word = m["not_figure"].strip()
        if word.casefold() not in self.times_words or m["approx_after_unit"]:
            return None
        nouns: list[str] = []
        pos = m.end("not_figure")
        while len(nouns) < 2 and (following := _NEXT_LOWER.match(text, pos)) and self._may_be_noun(following[1]):
            nouns.append(following[1])
            pos = following.end()
        if nouns:
            return " ".join([word, *nouns])
        after = _NEXT_WORD.match(text, pos)
        linked = after is not None and after[1].casefold() in self.times_links
        return word if linked and not reading.from_words else None

    def _may_be_noun(self, word: str) -> bool:
        return len(word) > 2 and word not in self.not_nouns and (self._noun_shaped(word) or (
            not word.startswith(self.not_noun_prefixes) and not word.endswith(self.not_noun_suffixes)))

    def _noun_shaped(self, word: str) -> bool:
        """A noun of people or tools by its affixes ("penambang", "ekskavator"), not an -an noun or a fraction."""
        return word not in self.not_nouns and (word.endswith(self.noun_suffixes) or (
            word.startswith(self.noun_prefixes) and not word.endswith(self.noun_prefix_exceptions)))

    def _after_name(self, text: str, start: int, sentences: _Sentences) -> bool:
        """The number continues a name ("SMA Negeri 1 Batang Anai", "Regional 2"): a capitalised word or code right
        before it, other than the first word of its sentence or a word that opens figures ("Sebanyak 8 sirene")."""
        before = _CAPITAL_BEFORE.search(text, max(0, start - 40), start)
        if before is None or _key(before.group()) in self.openers:
            return False
        return text[sentences.bounds(start)[0]:before.start()].strip(_OPENING) != ""

    def _estimated(self, text: str, reading: _Reading) -> bool:
        """A round number after an estimation word ("diperkirakan mencapai 95 ribu orang") is approximate; a
        precise one ("ditaksir Rp 131.226.560") is an assessed amount, stated exactly."""
        if self.estimate.search(text, reading.start) is None:
            return False
        return reading.from_words or len(regex.sub(r"\D", "", reading.raw[0]).strip("0")) <= _ROUND_DIGITS

    @staticmethod
    def _in_name(text: str, start: int) -> bool:
        """A capitalised number word right after a capitalised word is part of a name ("Kabupaten Lima Puluh Kota")."""
        return text[start].isupper() and _TITLE_WORD.search(text, max(0, start - 30), max(0, start - 1)) is not None \
            and text[start - 1:start] == " "

    @staticmethod
    def _year_like(reading: _Reading) -> bool:
        return reading.scale == 1 and all(len(raw) == 4 and raw.isdigit() and int(raw) in _YEARS for raw in reading.raw)

    def _value(self, raw: str, reading: _Reading) -> Optional[Decimal]:
        if reading.from_words and raw == reading.raw[0]:
            words = self.words.read(raw)
            return Decimal(words) if words is not None else None
        return read_digits(raw, comma_groups=reading.scale == 1 and reading.kind in ("money", "count"))

    def _figures(self, text: str, reading: _Reading, sentences: _Sentences, doc: Doc) -> list[Figure]:
        """One figure per value (a range "Rp1-2 miliar" gives both ends), each with the whole span."""
        values = [self._value(raw, reading) for raw in reading.raw]
        if any(v is None for v in values):
            if doc._.warnings is None:
                doc._.warnings = []
            doc._.warnings.append(f"figures: could not read the number in {text[reading.start:reading.end]!r} "
                                  f"at {reading.start}")
            return []
        sentence = sentences.text_at(reading.start)
        first = reading.scale
        if reading.borrowed and values[0] > values[-1]:
            first = 1  # a range rises: "Rp350.000 hingga Rp1,2 juta" starts at 350 thousand, not 350 billion
        scales = [first, reading.end_scale or reading.scale]
        return [Figure(reading.kind, plain(value * scale * reading.of), reading.currency, reading.unit,
                       reading.approximate, text[reading.start:reading.end], reading.start, reading.end, sentence)
                for value, scale in zip(values, scales)]

    def _scale(self, word: Optional[str]) -> int:
        return self.money_scales.get(word or "") or self.scales.get((word or "").casefold(), 1)


@Language.factory(
    "berita_figures",
    assigns=["doc._.figures", "doc.spans"],
    default_config={"patterns_dir": None},
)
def make_figures(nlp: Language, name: str, patterns_dir: Optional[str]) -> Figures:
    return Figures(nlp, name, patterns_dir)
