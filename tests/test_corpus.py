"""The quality bars on the real articles of ../shared/corpus (skipped where the corpus is not beside the repo)."""

from __future__ import annotations

import json

import pytest

from extract.io import read_inputs
from extract.scoring import score

from .conftest import CORPUS

# field -> (minimum F1, minimum precision)
BARS = {
    "regions": (0.90, 0.0),
    "figures": (0.90, 0.93),
    "dates": (0.90, 0.93),
    "officials": (0.85, 0.0),
}
TITLE_CHECK_BAR = 0.80

pytestmark = pytest.mark.skipif(not (CORPUS / "dev").is_dir(), reason="../shared/corpus is not here")


@pytest.fixture(scope="module")
def report(pipeline):
    gold = [json.loads(line) for path in (CORPUS / "gold.jsonl", CORPUS / "dev" / "gold.jsonl")
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    predicted = [pipeline.process_article(article) for article in read_inputs([CORPUS / "seeds", CORPUS / "dev"])]
    return score(gold, predicted)


@pytest.mark.parametrize("field", BARS)
def test_field_meets_its_bar(report, field):
    f1_bar, precision_bar = BARS[field]
    result = report.fields[field]
    assert report.documents == 25
    assert result.f1 >= f1_bar, f"{field} F1 {result.f1:.3f} < {f1_bar}"
    assert result.precision >= precision_bar, f"{field} precision {result.precision:.3f} < {precision_bar}"


def test_official_titles_meet_their_bar(report):
    assert report.title_check >= TITLE_CHECK_BAR
