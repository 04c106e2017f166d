"""The text the extractors read: the article's text with plain spacing, and the way back to its offsets.

Scraped pages put double spaces, tabs, no-break and zero-width spaces between words and end lines with "\\r\\n";
spaCy makes a token of every extra space and the extractors' patterns expect words one space apart. So each run of
spaces becomes one " ", invisible marks go and every line break becomes "\\n"; record offsets are then mapped back
to the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

_LINE_BREAKS = "\r\x0b\x0c\x85\u2028\u2029"
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_SPACE = rf"(?:[^\S\n{_LINE_BREAKS}]|[{_INVISIBLE}])"
# A line break other than "\n", or a run of spaces and invisible marks that is not one " ".
_UNEVEN = re.compile(rf"\r\n?|[{_LINE_BREAKS}]|(?! (?!{_SPACE})){_SPACE}+")


@dataclass(slots=True)
class Spacing:
    """Where the plain text differs from the original: after each edit, its end in the plain text and the shift."""

    ends: list[int] = field(default_factory=list)
    shifts: list[int] = field(default_factory=list)

    def original(self, offset: int, end: bool = False) -> int:
        """An offset of the plain text as an offset of the original. Marks that went are outside any item: a start
        there maps after them, an end before them."""
        i = (bisect_left if end else bisect_right)(self.ends, offset) - 1
        return offset + self.shifts[i] if i >= 0 else offset


def plain(text: str) -> tuple[str, Spacing]:
    """The text with plain spacing, of the same length as the original when the original's spacing is plain."""
    spacing, pieces, last, shift = Spacing(), [], 0, 0
    for match in _UNEVEN.finditer(text):
        run = match.group()
        if run[0] in _LINE_BREAKS:
            new = "\n"
        else:
            new = " " if any(char.isspace() for char in run) else ""
        pieces += [text[last:match.start()], new]
        last = match.end()
        shift += len(run) - len(new)
        spacing.ends.append(match.end() - shift)
        spacing.shifts.append(shift)
    if not pieces:
        return text, spacing
    pieces.append(text[last:])
    return "".join(pieces), spacing
