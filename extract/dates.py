"""Dates to ISO values ("2025-04-17", "2024-12", "2025"), and the article's publication date.

Indonesian news dates mostly come as "Kamis (17/04/2025)" or "Senin, 20 Januari 2025", often without a year
("Kamis (8/4)", "5 Maret lalu"). Those take their year from the publication date (the metadata, else the page's own
date line), else from the article's other dates; without any, they are left out with a warning, never guessed.
Bare years are dates only in a date context ("tahun 2024", "pada 2025", "Pemilu 2024"), not inside regulation
names ("UU Nomor 24 Tahun 2011") nor as counts ("2018 mahasiswa").
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal, Optional

import regex
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens.underscore import Underscore

from .boilerplate import in_boilerplate
from .items import DateValue, Granularity, doc_text
from .lexicon import DataComponent

SPANS_KEY = "dates"
_FLAGS = regex.IGNORECASE
# Patterns that end at "$" read a window of text before a match right to left: matched, not searched, they try
# only the window's end.
_BACKWARD = _FLAGS | regex.REVERSE
# A number that is not part of a longer number ("1.200", "0812-...", "561.7/...").
_BEFORE_NUMBER = r"(?<![\p{N}.,/])"
_AFTER_NUMBER = r"(?![\p{N}]|[.,/]\d)"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH_NUMBER = r"(?:0?[1-9]|1[0-2])"
_YEAR = r"(?:19|20)\d\d"
# What a numeric or day-first date opens with: "(" or the first digit of its day or year.
_NUMBER_OPENINGS = frozenset("(0123456789")
_LINE = regex.compile(r"[^\n]*\S[^\n]*")
_FIELD_MARKS = ("|", "·", "•")  # between the fields of a page's date line ("13/01/2025 20:10 · Ditulis oleh ...")
# A month takes a year named before it only within its sentence.
_SENTENCE_END = regex.compile(r"[.!?](?=\s)|\n")
# How far before a bare year its context is read ("Undang-Undang Nomor 24 Tahun 2011").
_YEAR_CONTEXT = 80
# How far before a date its weekday may start ("Wednesday, ").
_WEEKDAY_REACH = 16
# How far before a month without a year its date context may start ("sampai dengan Juni").
_MONTH_CONTEXT_REACH = 24
# The page's own date line is looked for among the first lines of the upper part of the page.
_HEADER_LINES = 25
_HEADER_SHARE = 0.5
# A labelled date line may also close the page ("Diposting pada 5 Desember 2024 oleh Redaksi").
_FOOTER_LINES = 6
_FOOTER_CHARS = 600
# A page date line inside other words (a byline) is a short line; prose lines are longer.
_HEADER_LINE_CHARS = 120
# "Kamis (8/4)" published 2 January 2025 is 2024-04-08: a yearless day takes the year that puts it nearest.
_YEAR_OFFSETS = (-1, 0, 1)


# Where a yearless date lies from the reference date (see _Mention.when).
When = Literal["past", "this", "future"]


@dataclass(frozen=True, slots=True)
class _Mention:
    """A date as found in the text, before yearless ones get their year."""

    start: int
    end: int
    year: Optional[int]
    month: Optional[int] = None
    day: Optional[int] = None
    weekday: Optional[int] = None
    # Where a yearless date lies from the reference date: "past" ("5 Maret lalu", "sejak Februari"), "this"
    # ("Januari ini": its year), "future" ("17 Agustus mendatang"); None: the nearest occurrence.
    when: Optional[When] = None
    linked: bool = False  # "Juli" in "Juli, Agustus dan September 2024": a date only with the year after it

    @property
    def granularity(self) -> Granularity:
        return "day" if self.day else "month" if self.month else "year"

    def value(self) -> str:
        value = f"{self.year:04d}"
        if self.month:
            value += f"-{self.month:02d}"
        if self.day:
            value += f"-{self.day:02d}"
        return value


def _alternation(items: Iterable[str], backward: bool = False) -> str:
    """The phrases as a trie of their characters ("jul", "juli", "juni": "ju(?:l(?:i)?|ni)"), which the engine tries
    much faster than a flat alternation. Of two phrases that match at one place the longer is tried first ("tahun
    anggaran" before "tahun"): the trie shares prefixes, or suffixes for a ``backward`` pattern (matched right to
    left, as ``regex.REVERSE``: "tahun anggaran" before "anggaran"). Spaces in a phrase match any run of spaces."""
    trie: dict[str, dict] = {}
    for item in items:
        steps: list[str] = []
        for part in item.split():
            steps += ([r"\s+"] if steps else []) + [regex.escape(char) for char in part]
        node = trie
        for step in reversed(steps) if backward else steps:
            node = node.setdefault(step, {})
        if node is not trie:
            node[""] = {}
    return _branches(trie, backward) or "(?!)"


def _branches(node: dict[str, dict], backward: bool) -> str:
    """A trie node as a pattern; where a phrase may also end here, the longer ones are tried first."""
    branches = [_branches(rest, backward) + step if backward else step + _branches(rest, backward)
                for step, rest in sorted(node.items()) if step]
    if not branches:
        return ""
    pattern = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{pattern})?" if "" in node else pattern


def _valid(year: Optional[int], month: int, day: int) -> bool:
    return day <= calendar.mdays[month] + (month == 2 and calendar.isleap(year or 2024))  # monthrange, without weekday


def _full_year(digits: str) -> int:
    """Two-digit years ("27/11/23") are of this century up to 69, as POSIX strptime reads them."""
    year = int(digits)
    return year if len(digits) == 4 else (2000 + year if year < 70 else 1900 + year)


def _matches_at(pattern: regex.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[regex.Match[str]]:
    """The matches ``pattern.finditer(text)`` gives, tried only at ``starts``: every place one may begin, ascending."""
    searched_to = 0
    for pos in starts:
        if pos >= searched_to:
            match = pattern.match(text, pos)
            if match is not None:
                searched_to = match.end()
                yield match


class Dates(DataComponent):
    tables = ("date_months.tsv", "date_weekdays.tsv", "date_words.tsv", "date_connectors.tsv")

    def build(self) -> None:
        months = self.data["date_months.tsv"]
        self.month_of = {row["word"].casefold(): int(row["month"]) for row in months}
        self.weekday_of = {row["word"].casefold(): int(row["weekday"]) for row in self.data["date_weekdays.tsv"]}
        role: dict[str, list[str]] = {}
        for row in self.data["date_words.tsv"]:
            role.setdefault(row["role"], []).append(row["word"].casefold())
        self.roles = {name: frozenset(words) for name, words in role.items()}
        conn: dict[str, list[str]] = {}
        for row in self.data["date_connectors.tsv"]:
            conn.setdefault(row["kind"], []).append(row["word"])

        def words(name: str, backward: bool = False) -> str:
            return _alternation(role.get(name, []), backward)

        self.full_months = frozenset(r["word"].casefold() for r in months if r["kind"] == "full")
        any_month = _alternation(r["word"] for r in months)
        # "Jalan 17 Agustus" is a street.
        self.place_before = regex.compile(rf"(?<!\p{{L}})(?:{words('place', True)})\s*$", _BACKWARD)
        # "April Lestari", "Mei Sari": a month name before a capitalised word is a person's name.
        self.name_after = regex.compile(r"[ \t]+\p{Lu}\p{Ll}")
        # "akhir Oktober", "sejak Februari": the words before a month without a year that make it a date.
        self.month_context = regex.compile(
            rf"(?<!\p{{L}})(?:(?P<since>{words('since', True)})|{words('month_marker', True)})\s+$", _BACKWARD)
        range_words = _alternation(conn.get("range", []))
        list_words = _alternation(conn.get("list", []))
        # A weekday opens a date ("Kamis (17/04/2025)"): looked for behind a match, which is faster than before it.
        self.weekday_before = regex.compile(
            rf"(?<!\p{{L}})(?P<wd>{_alternation(self.weekday_of, True)})\s*,?\s*$", _BACKWARD)
        self.weekday_at = regex.compile(rf"(?:{_alternation(self.weekday_of)})(?!\p{{L}})\s*,?\s*", _FLAGS)
        # Patterns open with a lookahead on their first character or a word boundary: the engine skips ahead fast.
        opening = r"(?=[(\d])(?P<open>\()?"
        closing = r"(?(open)\))"
        # An abbreviation's dot belongs to the date only inside it ("3 Des. 2024"), not at a sentence end.
        month = rf"(?:\((?P<mon>{any_month})\)|(?P<mon>{any_month})(?:\.(?=\s*\d))?)(?!\p{{L}})"
        year = rf"(?P<y>{_YEAR}){_AFTER_NUMBER}"
        relative = (rf"(?:\s+(?:(?P<past>{words('past')})|(?P<this>{words('this')})|(?P<future>{words('future')}))"
                    rf"(?!\p{{L}}))?")
        year_word = rf"(?:(?:{words('year_word')})\s+)?"
        b, a = _BEFORE_NUMBER, _AFTER_NUMBER
        days = rf"(?:[-–](?P<d2>{_DAY})(?=/))?"  # the last day of a range before a slashed month ("18-20/10")
        # Each pattern finds one form; where two overlap the earlier-starting, longer one wins.
        self.patterns: list[tuple[regex.Pattern[str], str]] = [
            (regex.compile(  # "Kamis (17/04/2025)", "(27/11/23)", "17-04-2025", "(18-20/10/2024)"
                rf"{opening}{b}(?P<d>{_DAY}){days}(?P<sep>[/.\-])(?P<m>{_MONTH_NUMBER})(?P=sep)"
                rf"(?P<y>{_YEAR}|\d\d){a}{closing}", _FLAGS), "numeric"),
            (regex.compile(  # "Kamis (8/4)", "(27/05)", "(18-20/10)": day and month only
                rf"(?=\()\({b}(?P<d>{_DAY}){days}/(?P<m>{_MONTH_NUMBER}){a}\)", _FLAGS), "numeric_short"),
            (regex.compile(  # "2024-09-05", "2024-09-05T04:02:09Z"
                rf"(?=\d)(?<![\p{{N}}.,/\-])(?P<y>{_YEAR})(?P<sep>[-/])(?P<m>0[1-9]|1[0-2])(?P=sep)"
                rf"(?P<d>0[1-9]|[12]\d|3[01])(?!\p{{N}})", _FLAGS), "iso"),
            (regex.compile(  # "Senin, 20 Januari 2025", "13-14 Agustus 2018", "1, 2 dan 3 Juni 2024",
                # "tanggal 4 (Desember)", "5 Maret lalu"
                rf"{opening}{b}(?P<d>{_DAY})(?:\s*(?:{range_words}|{list_words})\s*(?P<d2>{_DAY}))*"
                rf"\s+{month}(?:\s*,?\s+{year_word}{year}{closing}|{closing}{relative})", _FLAGS), "text"),
            (regex.compile(  # "bulan September 2022", "September tahun 2021", "Agustus lalu", "Juli" (in a list),
                # and English "DECEMBER 9, 2022", "Thu, Sep 05 2024"
                rf"\b(?:(?P<mw>{words('month_word')})\s+)?(?P<mon>{any_month})(?!\p{{L}})"
                rf"(?:\.?\s+{b}(?P<d>{_DAY})(?:st|nd|rd|th)?\s*,?\s+{year}|\s*,?\s*{year_word}{year}|{relative})?",
                _FLAGS), "month"),
            (regex.compile(  # a bare year, kept only in a date context (see _year)
                rf"(?=\d)(?<![\p{{N}}\p{{L}}.,:])(?P<y>{_YEAR})(?![\p{{N}}\p{{L}}]|[.,]\d|\s*%)", _FLAGS), "year"),
        ]
        self.link = regex.compile(rf"\s*(?:{list_words}|{range_words})\s*", _FLAGS)
        self.pattern_of = {form: pattern for pattern, form in self.patterns}
        # Named groups by number: the regex module's groupdict() costs several times more than groups().
        self.group_numbers = {form: tuple(pattern.groupindex.items()) for pattern, form in self.patterns}
        # Numeric dates have two separators ("17/04/2025", "2024-09-05"): the digit before the first one is found
        # fast, and the dates are tried only near it.
        self.separated = regex.compile(r"\d(?=[/.\-]\d{1,2}[/.\-]\d)")
        # The days before a month name ("1, 2 dan 3 Juni") are numbers, spaces, brackets and connectors, the last a
        # day's digit and spaces: a run of such characters read back from the month holds every place they may start.
        connector_chars = sorted({char for word in conn.get("range", []) + conn.get("list", []) for char in word})
        self.before_month = regex.compile(
            rf"[\d\s({''.join(map(regex.escape, connector_chars))}]*\d\s+\(?", _BACKWARD)
        self.number_start = regex.compile(rf"\((?=\d)|{b}\d")
        self.joiner = regex.compile(rf"\s*(?:{_alternation(conn.get('range', []), True)}|"
                                    rf"{_alternation(conn.get('list', []), True)})\s*$", _BACKWARD)
        part, period = words("part", True), words("period", True)
        ordinal = rf"(?:\s+(?:{words('ordinal', True)}))?"
        self.period_joined = regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{period}){ordinal}\s*[/-]$", _BACKWARD)
        number = rf"(?:{words('number', True)})\.?"
        # "Nomor 12/04/2024", "SK 05/06/2024": a letter's number, not a date.
        self.identifier_before = regex.compile(
            rf"(?<!\p{{L}})(?:{number}|{words('regulation', True)})\s*:?\s*$", _BACKWARD)
        # What stands right before a bare year, the first that does in this order (one match reads all three):
        # a regulation's year ("UU Nomor 24 Tahun 2011", "Inpres Nomor 2 Tahun Tahun 2021", "Permenaker 16 tahun
        # 2024", "Nomor 5 Tahun"), a date marker ("tahun 2024", "akhir tahun 2024", "semester pertama 2024"), or a
        # run of capitalised words ("Pemilu 2024"; case-sensitive); each may end in its acronym in brackets
        # ("Tahun Anggaran (TA) 2021", "Survei Kesehatan Indonesia (SKI) 2023").
        self.year_context = regex.compile(
            rf"(?:(?P<regulation>(?:(?<![\p{{L}}])(?:{words('regulation', True)}|{number})|\d)"
            rf"(?:\s*(?:{number}|[\w.\-]*\d[\w./\-]*|tahun|:))*\s+(?:tahun\s+)+)"
            rf"|(?P<marker>(?<![\p{{L}}\p{{N}}])(?:(?:{part}|(?:{period}){ordinal})\s+)?"
            rf"(?:{words('marker', True)}|{part}|(?:{period}){ordinal})\s+)"
            rf"|(?-i:(?<![\p{{L}}\p{{N}}])(?P<run>(?:\p{{Lu}}[\p{{L}}\-]*\s+){{1,6}})))"
            rf"(?-i:\(\p{{Lu}}[\p{{L}}\-]*\)\s+)?$", _BACKWARD)
        # "dari 2019 sampai 2023": a year after "dari" is one when a range to another year follows it
        self.range_from = regex.compile(rf"(?<![\p{{L}}])(?:{words('range_from', True)})\s+$", _BACKWARD)
        self.range_to = regex.compile(rf"\s*(?:{range_words}|{words('marker')})\s*(?:tahun\s+)?(?:19|20)\d\d(?!\d)",
                                      _FLAGS)
        self.next_word = regex.compile(r"\s*(\p{L}+)")
        self.year_word_before = regex.compile(rf"(?<![\p{{L}}])(?:{words('year_word', True)})\s+$", _BACKWARD)
        # A page's clock time is "11:20 WIB" and nothing of a sentence follows it, unlike prose ("pukul 10.00 WIB,").
        # A dotted clock time ("19.05 WIB") only with its zone: "10.500" is a number.
        zone = rf"\s*(?:{words('zone')})(?!\p{{L}})"
        clock = rf"\d{{1,2}}(?::\d{{2}}(?::\d{{2}})?(?:{zone})?+|\.\d{{2}}{zone})"
        self.byline = regex.compile(rf"[\s\-–—•|>*]*(?:{words('byline')})(?!\p{{L}})", _FLAGS)
        self.line_lead = regex.compile(
            rf"[\s\-–—•|>*]*(?:(?:(?P<label>{words('label')})|(?P<revision>{words('revision')}))\s*:?\s*"
            rf"(?:(?:{words('label_link')})\s+)?)?", _FLAGS)
        self.after_clock = regex.compile(rf"\s*(?:[|·•,\-–—/]\s*)?{clock}(?!\d)\s*(?:$|[|·•\-–—(]|\p{{Lu}})", _FLAGS)
        self.zoned_clock = regex.compile(rf"\s*(?:[|·•,\-–—/]\s*)?\d{{1,2}}[:.]\d{{2}}(?::\d{{2}})?{zone}", _FLAGS)
        self.dateline = regex.compile(r"[\s\-–—•]*\p{Lu}[\p{L} .'\-]{1,40}?,\s*")
        self.dateline_end = regex.compile(r"\s*[-–—(]")
        # Every full date has a year: four digits, or two after a separator ("27/11/23").
        self.year_digits = regex.compile(rf"{_YEAR}|[/.\-]\d\d")
        # Month names are looked for case-sensitively in the case-folded text, several times faster than with
        # IGNORECASE; where "bulan" or a month starts there, the month form is tried on the text itself. Unless
        # folding changes the length, a letter matches a name's letter ignoring case exactly when it folds to it,
        # and no character folds from a non-word character into a word character.
        self.month_starts = regex.compile(
            rf"\b(?:{words('month_word')}|{_alternation(self.month_of)})(?![a-z])")

    # -- finding -------------------------------------------------------------------------------------------------

    def mentions(self, text: str) -> list[_Mention]:
        """Every date mention of ``text`` in text order, the yearless ones with ``year=None``."""
        # Each form gives the matches of its own finditer; the costly ones are only tried where they can start.
        form = self.pattern_of
        folded = text.casefold()
        months = list(_matches_at(form["month"], text, (hit.start() for hit in self.month_starts.finditer(folded)))
                      if len(folded) == len(text) else form["month"].finditer(text))
        separated = [hit.start() for hit in self.separated.finditer(text)]
        matches: dict[str, Iterable[regex.Match[str]]] = {
            "numeric": _matches_at(form["numeric"], text, sorted({
                pos for hit in separated for pos in range(max(0, hit - 2), hit + 1)})),  # "(17/", "(7/"
            "numeric_short": form["numeric_short"].finditer(text),
            "iso": _matches_at(form["iso"], text, [hit - 3 for hit in separated if hit >= 3]),  # "2024-"
            "text": _matches_at(form["text"], text, self._day_starts(text, months)),
            "month": months,
            "year": form["year"].finditer(text),
        }
        # One match may give several mentions (both ends of a range): overlaps are settled per match, the
        # earlier-starting, longer one winning, then the form listed first, then the earlier match.
        found: list[tuple[int, int, int, int, list[_Mention]]] = []
        years: list[_Mention] = []  # bare years come last: "2022 dan 2023" looks back at the years found before
        for rank, (_, name) in enumerate(self.patterns):
            for match in matches[name]:
                group = self._read(match, name, text, years)
                if name == "year":
                    years.extend(group)
                if group:
                    found.append((min(m.start for m in group), max(m.end for m in group), rank, match.start(), group))
        chosen: list[_Mention] = []
        taken_end = -1
        for start, end, _, _, group in sorted(found, key=lambda item: (item[0], -item[1], item[2], item[3])):
            if start >= taken_end:
                chosen.extend(group)
                taken_end = end
        return self._link(text, sorted(chosen, key=lambda m: (m.start, m.end)))

    def _day_starts(self, text: str, months: list[regex.Match[str]]) -> Iterator[int]:
        """Where a day before a month name may start ("Senin, 20 Januari", "28 Februari - 3 Maret", "(4 Juni)")."""
        previous = 0
        for month in months:
            at = month.start("mon")
            run = self.before_month.match(text, previous, at)
            if run is not None:
                yield from (number.start() for number in self.number_start.finditer(text, run.start(), at))
            previous = month.end("mon")

    def _read(self, match: regex.Match[str], form: str, text: str,
              years: Optional[list[_Mention]]) -> list[_Mention]:
        """The mentions a match gives: none, one, or every day of a range or list."""
        if form == "year":  # the match is the year itself
            span = self._year(text, match, years or [])
            return [] if span is None else [_Mention(span[0], span[1], int(match.group()))]
        start, end = match.span()
        values = match.groups()
        groups = {name: values[number - 1] for name, number in self.group_numbers[form]}
        weekday = None
        if form != "month" or groups.get("d"):
            named = self.weekday_before.match(text, max(0, start - _WEEKDAY_REACH), start)
            if named:
                weekday, start = self.weekday_of[named.group("wd").casefold()], named.start()
        when: Optional[When] = "past" if groups.get("past") else "this" if groups.get("this") else \
            "future" if groups.get("future") else None
        if form in ("numeric", "numeric_short", "iso"):
            digits = groups["y"] if form != "numeric_short" else None
            if form == "numeric" and len(digits or "") == 2 and not (weekday is not None or groups["open"]):
                return []
            if form == "numeric" and self.identifier_before.match(text, max(0, start - _WEEKDAY_REACH), start):
                return []
            if form == "numeric_short" and weekday is None and not (len(groups["d"]) == len(groups["m"]) == 2):
                return []
            year = _full_year(digits) if digits else None
            day, month = int(groups["d"]), int(groups["m"])
            last = int(groups["d2"]) if groups.get("d2") else day
            if not (_valid(year, month, day) and _valid(year, month, last) and last >= day):
                return []
            if last > day:  # "Jumat hingga Minggu (18-20/10/2024)": the weekday before is the last day's
                return [_Mention(match.start(), end, year, month, day), _Mention(match.start("d2"), end, year, month,
                                                                                  last)]
            return [_Mention(start, end, year, month, day, weekday)]
        year = int(groups["y"]) if groups["y"] else None
        name = groups["mon"].casefold()
        month = self.month_of[name]
        if form == "month" and not groups.get("d"):
            if name not in self.full_months:  # "Agus" alone is a name, "5 Agus 2024" a date
                return []
            if year is None and when is None:
                if self.name_after.match(text, end):
                    return []
                context = self.month_context.match(text, max(0, start - _MONTH_CONTEXT_REACH), start)
                if context is not None and context.group("since"):
                    when = "past"
                # "Juli" alone is a date only in a list that gives its year ("Juli, Agustus dan September 2024").
                linked = context is None and not groups.get("mw")
            else:
                linked = False
            return [_Mention(start, end, year, month, when=when, linked=linked)]
        day = int(groups["d"])
        if not _valid(year, month, day) or (
                year is None and self.place_before.match(text, max(0, start - _WEEKDAY_REACH), start)):
            return []
        # A range gives both ends ("3 s/d 7 Juni"), a list every day ("5, 12, 19 dan 26 Mei"), each in order.
        later = list(zip(match.starts("d2"), match.captures("d2"))) if "d2" in groups else []
        days = [day] + [int(d) for _, d in later]
        if any(b <= a for a, b in zip(days, days[1:])) or not _valid(year, month, days[-1]):
            return []
        return [_Mention(start, end, year, month, day, weekday, when)] + [
            _Mention(at, end, year, month, number, None, when) for (at, _), number in zip(later, days[1:])]

    def _year(self, text: str, match: regex.Match[str], years: list[_Mention]) -> Optional[tuple[int, int]]:
        """The span of a bare year in a date context ("tahun 2024", "Pemilu 2024"), None for other numbers."""
        start, end = match.span()
        before = text[max(0, start - _YEAR_CONTEXT):start]
        following = self.next_word.match(text, end)
        counted = following and following.group(1).casefold() in self.roles.get("count", ())
        if counted and not self.year_word_before.match(before):
            return None  # "2018 mahasiswa" counts students; "tahun 2023 kasus DBD" is a year
        offset = start - len(before)
        if following and following.group(1).casefold() in self.roles.get("era", ()) \
                and not self.identifier_before.search(before):  # "1445 H/2024 M": the Gregorian year
            return start, following.end(1)
        if before.endswith(("/", "-")):  # "triwulan I/2024", "kuartal I-2026" are dates, "UU 24/2011" is not
            period = self.period_joined.match(before)
            if period is not None:
                return offset + period.start(), end
            if before.endswith("/"):  # nor "Kep.798-Kesra/2024"
                return None
        joiner = self.joiner.match(before)
        if joiner:  # the second year of "2020-2024" or "tahun 2022 dan 2023" is a date when the first one is
            previous = years[-1] if years else None
            if previous is not None and previous.end == offset + joiner.start():
                return start, end
            if before.endswith(("-", "–", "—")):
                return None
        if following and following.group(1).casefold() in self.roles.get("about", ()):
            return None
        if (from_ := self.range_from.match(before)) and self.range_to.match(text, end):
            return offset + from_.start(), end
        context = self.year_context.match(before)
        if context is None or context.group("regulation") is not None:
            return None
        if context.group("marker") is not None:
            return offset + context.start(), end
        names = [w.casefold() for w in context.group("run").split()]
        if names[-1] in self.roles.get("identifier", ()) or names[-1] in self.month_of or \
                names[-1] in self.weekday_of or any(n in self.roles.get("regulation", ()) for n in names):
            return None
        return start, end

    def _link(self, text: str, mentions: list[_Mention]) -> list[_Mention]:
        """Gives an item without a year the year of the next item of its list or range ("Juli, Agustus dan
        September 2024", "28 Februari - 3 Maret 2024"); list items that get none, and no date context from the
        item before, are dropped."""
        out: list[_Mention] = []
        following: Optional[_Mention] = None
        for mention in reversed(mentions):
            if mention.year is None and following is not None and following.year is not None \
                    and (following.day is None) == (mention.day is None) \
                    and (mention.end == following.end or self.link.fullmatch(text, mention.end, following.start)):
                mention = replace(mention, year=following.year, linked=False, when=None)
            elif mention.linked and self._carries(text, following, mention):
                mention = replace(mention, linked=False, when=following.when)
            out.append(mention)
            following = mention
        kept: list[_Mention] = []
        previous: Optional[_Mention] = None
        for mention in reversed(out):
            if mention.linked and self._carries(text, previous, mention):
                mention = replace(mention, linked=False, when=previous.when)
            if not mention.linked:
                kept.append(mention)
            previous = mention
        return kept

    def _carries(self, text: str, context: Optional[_Mention], item: _Mention) -> bool:
        """A yearless month in a date context carries the months of its list or range along, before or after it
        ("Januari hingga Maret lalu", "sejak Juli, Agustus dan September")."""
        if context is None or context.linked or context.year is not None or context.day is not None:
            return False
        first, second = sorted((context, item), key=lambda m: m.start)
        return self.link.fullmatch(text, first.end, second.start) is not None

    # -- the publication date ------------------------------------------------------------------------------------

    def first_day(self, text: str, pos: int = 0, endpos: Optional[int] = None) -> Optional[_Mention]:
        """The full date (day, month, year) that starts at ``pos``, if any."""
        endpos = len(text) if endpos is None else endpos
        named = self.weekday_at.match(text, pos, endpos)
        pos = named.end() if named else pos
        numbered = text[pos:pos + 1] in _NUMBER_OPENINGS  # else only the month form, which opens with a word
        best: Optional[_Mention] = None
        for pattern, form in self.patterns:
            if form in ("year", "numeric_short") or (form == "month") == numbered:
                continue
            match = pattern.match(text, pos, endpos)
            if match is None:
                continue
            found = self._read(match, form, text, None)
            mention = found[0] if found else None
            if mention and mention.year and mention.day and (best is None or mention.end > best.end):
                best = mention
        return best

    def normalise(self, value: object) -> Optional[str]:
        """A metadata date ("2024-09-05T04:02:09Z", "05/09/2024", "Kamis, 5 September 2024") as "YYYY-MM-DD"."""
        if isinstance(value, date):
            return value.isoformat()[:10]
        text = str(value).strip()
        lead = self.line_lead.match(text)
        mention = self.first_day(text, lead.end() if lead else 0)
        return mention.value() if mention else None

    def page_date(self, text: str) -> tuple[Optional[_Mention], Optional[_Mention]]:
        """The date line of the page ("Jumat, 9 April 2021 | 11:20 WIB", "MANADO, 21 FEBRUARI 2021 -"), and a
        date standing alone on the first line: beside a date line it is the page's render date (portals print
        today's date at the top), without one it is the article's own date line. A revision date ("Diperbarui
        16 Des 2024") counts only when the page gives no other, in its header or in a labelled footer line
        ("Diposting pada 5 Desember 2024")."""
        render = revision = None
        for number, line in enumerate(_LINE.finditer(text)):
            if number == _HEADER_LINES:
                break
            start, end = line.span()
            if start > len(text) * _HEADER_SHARE:
                break
            if not self.year_digits.search(text, start, end):  # no full date on this line
                continue
            lead = self.line_lead.match(text, start, end)
            mention = self.first_day(text, lead.end(), end)
            if mention is not None:
                rest = text[mention.end:end]
                closed = rest.strip(" \t|-–—") == ""
                # "Posted on 27 Februari 2025 by Redaksi": a byline may follow the date
                ends = closed or self.byline.match(rest) is not None
                if (self.after_clock.match(rest) or rest.lstrip(" \t").startswith(_FIELD_MARKS)
                        or (ends and (lead.group("label") or lead.group("revision") or number))):
                    if not lead.group("revision"):
                        return mention, render
                    revision = revision or mention
                elif closed and number == 0:
                    render = mention
                continue
            if end - start <= _HEADER_LINE_CHARS:  # "Oleh Rina | Kamis, 5 September 2024 10:20 WIB"
                # A byline may also end in the bare date: "Oleh Redaksi - 28 November 2024".
                byline = self.byline.match(text, start, end) is not None
                inline = None
                if byline or text.find(":", start, end) >= 0 or text.find("|", start, end) >= 0:
                    # else no byline, no clock time ("10:20 WIB") and no "Radar Lampung | 11 Desember 2024"
                    inline = next((m for m in self.mentions(text[start:end]) if m.day and m.year and (
                        self.zoned_clock.match(text, start + m.end, end)
                        or ((byline or text[start:start + m.start].rstrip().endswith("|"))
                            and self._closes_date(text, start + m.end, end)))), None)
                if inline is not None:
                    return replace(inline, start=start + inline.start, end=start + inline.end), render
            city = self.dateline.match(text, start, end)
            if city is not None:
                mention = self.first_day(text, city.end(), end)
                if mention is not None and self.dateline_end.match(text, mention.end, end):
                    return mention, render
        for line in list(_LINE.finditer(text, max(0, len(text) - _FOOTER_CHARS)))[-_FOOTER_LINES:]:
            lead = self.line_lead.match(text, *line.span())
            if lead.group("label") and (mention := self.first_day(text, lead.end(), line.end())) is not None:
                return mention, render
        return revision, render

    def _closes_date(self, text: str, pos: int, end: int) -> bool:
        """Whether what follows a date up to ``end`` closes a page's date line: nothing, a clock time
        ("- 19:27"), or the next field ("| Kategori: Kesehatan")."""
        rest = text[pos:end]
        return (not rest.strip(" \t|-–—") or rest.lstrip(" \t").startswith(_FIELD_MARKS)
                or self.after_clock.match(text, pos, end) is not None)

    # -- years for the yearless ----------------------------------------------------------------------------------

    @staticmethod
    def _sentence_year(text: str, mention: _Mention, dated: list[_Mention]) -> _Mention:
        """A month without a year takes the year named earlier in its sentence ("Pada 2024, kuota ... terserap
        hingga Desember"), before any publication date."""
        if mention.year is not None or mention.day is not None or mention.when == "this":
            return mention
        year = next((m for m in reversed(dated) if m.end <= mention.start and m.month is None), None)
        if year is None or _SENTENCE_END.search(text, year.end, mention.start):
            return mention
        return replace(mention, year=year.year)

    def _resolve(self, mention: _Mention, published: Optional[date], years: list[_Mention]) -> Optional[_Mention]:
        if mention.year is not None:
            return mention
        month, day = mention.month or 1, mention.day or 1
        if published is not None:
            if mention.when == "this":
                return replace(mention, year=published.year) if _valid(published.year, month, day) else None
            # A month is compared with the publication month: "Februari lalu" published in February is this one.
            reference = published if mention.day else published.replace(day=1)
            candidates = [date(published.year + k, month, day) for k in _YEAR_OFFSETS
                          if _valid(published.year + k, month, day)]
            if mention.when == "past":
                chosen = max([c for c in candidates if c <= reference] or candidates)
            elif mention.when == "future":
                chosen = min([c for c in candidates if c >= reference] or candidates)
            else:
                chosen = min(candidates, key=lambda c: abs((c - reference).days))
            return replace(mention, year=chosen.year)
        if not years:
            return None
        # The year the weekday agrees with, then the article's most frequent year, then the nearest mention's.
        counts = Counter(m.year for m in years if _valid(m.year, month, day))
        if not counts:
            return None

        def rank(m: _Mention) -> tuple[bool, int, int]:
            agrees = mention.weekday is not None and date(m.year, month, day).weekday() == mention.weekday
            return agrees, counts[m.year], -abs(m.start - mention.start)

        best = max((m for m in years if m.year in counts), key=rank)
        if mention.weekday is not None and not rank(best)[0]:
            # No year the article names agrees with the weekday: the nearest next to them that does ("Kamis (16/1)"
            # in a text naming only 2023 and 2024 is in 2025).
            near = [y for y in range(min(counts) - 1, max(counts) + 2)
                    if _valid(y, month, day) and date(y, month, day).weekday() == mention.weekday]
            if near:
                return replace(mention, year=min(near, key=lambda y: (abs(y - best.year), -y)))
        return replace(mention, year=best.year)

    # -- the component -------------------------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        extensions = doc._  # spaCy builds this object on every access
        if extensions.warnings is None:
            extensions.warnings = []
        warnings = extensions.warnings
        published = self._published(extensions)
        page, render = self.page_date(text)
        if page is None:
            page, render = render, None
        if published is None and page is not None:
            published = date(page.year, page.month, page.day)
            extensions.published = published.isoformat()
        found = [m for m in self.mentions(text)
                 if not in_boilerplate(doc, m.start, m.end)
                 and not (render and render.start <= m.start < render.end)]
        dated = [m for m in found if m.year is not None]
        found = [self._sentence_year(text, m, dated) for m in found]
        items: list[DateValue] = []
        for mention in found:
            resolved = self._resolve(mention, published, dated)
            surface = text[mention.start:mention.end]
            if resolved is None:
                warnings.append(f"dates: {surface!r} at {mention.start} has no year (no publication date "
                                      "and no other dated mention): not reported")
                continue
            if resolved.day and resolved.weekday is not None:
                actual = date(resolved.year, resolved.month, resolved.day).weekday()
                if actual != resolved.weekday:
                    warnings.append(f"dates: {surface!r} at {mention.start} names a weekday that "
                                          f"{resolved.value()} is not (kept as written)")
            items.append(DateValue(resolved.value(), resolved.granularity, surface, mention.start, mention.end))
        extensions.dates = items
        spans = [doc.char_span(i.start, i.end, label=i.granularity, alignment_mode="expand") for i in items]
        doc.spans[SPANS_KEY] = [span for span in spans if span is not None]
        return doc

    def _published(self, extensions: Underscore) -> Optional[date]:
        """The metadata publication date (``doc._.published``), normalised in place; None (with a warning) when
        unreadable."""
        raw = extensions.published
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            extensions.published = None
            return None
        value = self.normalise(raw)
        if value is None:
            extensions.warnings.append(f"dates: publication date {raw!r} is not a readable date: ignored")
            extensions.published = None
            return None
        extensions.published = value
        return date.fromisoformat(value)


@Language.factory(
    "berita_dates",
    assigns=["doc._.dates", "doc._.published", "doc._.warnings", "doc.spans"],
    default_config={"patterns_dir": None},
)
def make_dates(nlp: Language, name: str, patterns_dir: Optional[str]) -> Dates:
    return Dates(nlp, name, patterns_dir)
