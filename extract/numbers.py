"""Reads Indonesian numerals: digit strings in either grouping convention, and number words.

Indonesian writes "1.234.567,89" (dot groups thousands, comma is the decimal mark), but news copy also carries
English-style "2.84%" and "Rp790,186"; ``read_digits`` decides from the shape which one a string is. Values are
``Decimal`` so "4,3" x 10^9 stays exactly 4300000000.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional, Union

import regex

from .lexicon import Row

Number = Union[int, float]
_GROUPS = regex.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_WORD_BREAK = regex.compile(r"[\s-]+")


def plain(value: Decimal) -> Number:
    """An int when whole, else a float: what JSON consumers expect."""
    return int(value) if value == value.to_integral_value() else float(value)


def read_digits(raw: str, comma_groups: bool = False) -> Optional[Decimal]:
    """The value of a digit string, or None when it is a code rather than a quantity ("0415", "842.2.1").

    A lone comma before exactly three digits is ambiguous ("Rp790,186" vs "1,096 triliun"): ``comma_groups``
    says to read it as a thousands separator.
    """
    if len(raw) > 1 and raw[0] == "0" and raw[1].isdigit():
        return None
    dots, commas = raw.count("."), raw.count(",")
    if not dots and not commas:
        return Decimal(raw)
    if dots and commas:
        if not _GROUPS.fullmatch(raw):
            return None
        if raw.rindex(",") > raw.rindex("."):
            return Decimal(raw.replace(".", "").replace(",", "."))
        return Decimal(raw.replace(",", ""))
    sep = "." if dots else ","
    head, *groups = raw.split(sep)
    if len(groups) > 1 or (sep == "." and len(groups[0]) == 3) or (comma_groups and len(groups[0]) == 3):
        if len(head) > 3 or any(len(g) != 3 for g in groups):
            return None
        return Decimal(raw.replace(sep, ""))
    return Decimal(f"{head}.{groups[0]}")


@dataclass(frozen=True, slots=True)
class NumberWords:
    """Spelled-out numbers ("dua ratus lima puluh ribu" -> 250000) from the number-word and scale tables."""

    add: dict[str, int]
    mul: dict[str, int]
    scales: dict[str, int]

    @classmethod
    def from_rows(cls, words: Iterable[Row], scales: Iterable[Row]) -> NumberWords:
        words = list(words)
        return cls(
            add={r["word"].casefold(): int(r["value"]) for r in words if r["op"] == "add"},
            mul={r["word"].casefold(): int(r["value"]) for r in words if r["op"] == "mul"},
            scales={r["word"].casefold(): int(r["value"]) for r in scales if r["money_only"] != "1"},
        )

    def read(self, text: str) -> Optional[int]:
        total = group = last = 0
        for word in _WORD_BREAK.split(text.casefold().strip()):
            if word in self.add:
                last = self.add[word]
                group += last
            elif word in self.mul and last:
                group += last * (self.mul[word] - 1)
                last *= self.mul[word]
            elif word in self.scales and group:
                total += group * self.scales[word]
                group = last = 0
            else:
                return None
        return total + group or None
