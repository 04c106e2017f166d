"""Scores predicted records against gold annotations, as ``GOLD_FORMAT.md`` defines.

Per field, micro precision/recall/F1 over all articles. Gold items marked ``optional`` are neither hits nor misses:
a prediction that matches one is set aside. Officials also get a title check: the share of matched officials whose
predicted title shares at least half of the gold title's tokens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import regex

from .lexicon import load_table, words

FIELDS = ("regions", "officials", "figures", "dates")
SCORED_KINDS = {"money", "percent", "count"}
_WORD = regex.compile(r"[\p{L}\p{N}]+")


@dataclass(slots=True)
class FieldScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_alarms: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Report:
    fields: dict[str, FieldScore]
    titles_matched: int = 0
    titles_good: int = 0
    published_total: int = 0
    published_correct: int = 0
    documents: int = 0
    missing_predictions: list[str] = field(default_factory=list)

    @property
    def title_check(self) -> float:
        return self.titles_good / self.titles_matched if self.titles_matched else 1.0

    def summary(self) -> dict[str, Any]:
        """Numbers only, as ``eval --json`` prints them."""
        out: dict[str, Any] = {
            name: {"precision": s.precision, "recall": s.recall, "f1": s.f1, "tp": s.tp, "fp": s.fp, "fn": s.fn}
            for name, s in self.fields.items()
        }
        out["officials"]["title_check"] = self.title_check
        out["published"] = {"correct": self.published_correct, "total": self.published_total}
        out["documents"] = self.documents
        out["missing_predictions"] = self.missing_predictions
        return out


@cache
def _honorifics() -> frozenset[str]:
    return frozenset(words(load_table("honorifics.tsv")))


def name_tokens(name: str) -> list[str]:
    """Case-folded name tokens without honorifics, degrees and punctuation ("Drs. Mursidi, M.M." -> ["mursidi"])."""
    tokens = ["".join(_WORD.findall(part)) for part in regex.split(r"[\s,]+", name.casefold())]
    return [t for t in tokens if t and t not in _honorifics()]


def names_match(pred: str, gold: str) -> bool:
    p, g = name_tokens(pred), name_tokens(gold)
    if not p or not g:
        return False
    if p == g or [t for t in p if len(t) > 1] == [t for t in g if len(t) > 1]:
        return True
    small, large = (p, g) if len(p) <= len(g) else (g, p)
    return set(small) <= set(large) and (len(small) >= 2 or len(g) == 1)


def title_shares_half(pred: str | None, gold: str | None) -> bool:
    gold_tokens = set(_WORD.findall((gold or "").casefold()))
    pred_tokens = set(_WORD.findall((pred or "").casefold()))
    return not gold_tokens or len(gold_tokens & pred_tokens) * 2 >= len(gold_tokens)


def _value_close(a: float, b: float) -> bool:
    return abs(a - b) <= 0.005 * max(abs(a), abs(b)) if a and b else a == b


Matcher = Callable[[dict[str, Any], dict[str, Any]], bool]

MATCHERS: dict[str, Matcher] = {
    "regions": lambda p, g: str(p.get("code")) == str(g.get("code")),
    "officials": lambda p, g: names_match(p.get("name", ""), g.get("name", "")),
    "figures": lambda p, g: p.get("kind") == g.get("kind") and _value_close(float(p["value"]), float(g["value"])),
    "dates": lambda p, g: str(p.get("value")) == str(g.get("value")),
}


def _dedupe(name: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One prediction per scored key: regions by code, figures by (kind, value), dates by value."""
    keys = {"regions": lambda i: i.get("code"), "figures": lambda i: (i.get("kind"), i.get("value")),
            "dates": lambda i: i.get("value")}
    if name == "figures":
        items = [i for i in items if i.get("kind") in SCORED_KINDS]
    key = keys.get(name)
    if key is None:
        return items
    seen: dict[Any, dict[str, Any]] = {}
    for item in items:
        seen.setdefault(key(item), item)
    return list(seen.values())


def _score_field(name: str, gold: list[dict[str, Any]], pred: list[dict[str, Any]], score: FieldScore,
                 doc_id: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    match = MATCHERS[name]
    required = [g for g in gold if not g.get("optional")]
    optional = [g for g in gold if g.get("optional")]
    used: set[int] = set()
    pairs = []
    for p in _dedupe(name, pred):
        hit = next((i for i, g in enumerate(required) if i not in used and match(p, g)), None)
        if hit is not None:
            used.add(hit)
            pairs.append((p, required[hit]))
            score.tp += 1
        elif not any(match(p, g) for g in optional):
            score.fp += 1
            score.false_alarms.append({"doc_id": doc_id, **_brief(p)})
    for i, g in enumerate(required):
        if i not in used:
            score.fn += 1
            score.misses.append({"doc_id": doc_id, **_brief(g)})
    return pairs


def _brief(item: dict[str, Any]) -> dict[str, Any]:
    keep = ("kind", "value", "unit", "code", "name", "title", "text")
    return {k: item[k] for k in keep if k in item}


def score(gold: Iterable[dict[str, Any]], predicted: Iterable[dict[str, Any]]) -> Report:
    """Compares records by ``doc_id``; a gold article with no prediction counts every gold item as missed."""
    by_id = {record["doc_id"]: record for record in predicted}
    report = Report({name: FieldScore() for name in FIELDS})
    for g in gold:
        doc_id = g["doc_id"]
        report.documents += 1
        p = by_id.get(doc_id)
        if p is None:
            report.missing_predictions.append(doc_id)
            p = {}
        for name in FIELDS:
            pairs = _score_field(name, g.get(name) or [], p.get(name) or [], report.fields[name], doc_id)
            if name == "officials":
                report.titles_matched += len(pairs)
                report.titles_good += sum(title_shares_half(pp.get("title"), gg.get("title")) for pp, gg in pairs)
        if "published" in g:
            report.published_total += 1
            report.published_correct += (p.get("published") or None) == (g.get("published") or None)
    return report


def format_report(report: Report, verbose: bool = False) -> str:
    lines = [f"{'field':<10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for name, s in report.fields.items():
        lines.append(f"{name:<10} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:5d} {s.fn:5d}")
    lines.append(f"officials title check: {report.title_check:.3f} ({report.titles_good}/{report.titles_matched})")
    lines.append(f"published: {report.published_correct}/{report.published_total} correct")
    lines.append(f"documents: {report.documents}")
    if report.missing_predictions:
        lines.append(f"no prediction for: {', '.join(report.missing_predictions)}")
    if verbose:
        for name, s in report.fields.items():
            for label, items in (("miss", s.misses), ("false alarm", s.false_alarms)):
                for item in items:
                    rest = ", ".join(f"{k}={v!r}" for k, v in item.items() if k != "doc_id")
                    lines.append(f"  {name} {label} [{item['doc_id']}] {rest}")
    return "\n".join(lines)


__all__ = ["FieldScore", "Report", "score", "format_report", "names_match", "name_tokens"]
