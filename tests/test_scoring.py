from __future__ import annotations

import json

import pytest

from extract.cli import main
from extract.scoring import name_tokens, names_match, score

GOLD = {
    "doc_id": "a1", "published": "2025-04-17",
    "regions": [{"code": "32.01"}, {"code": "32"}, {"code": "ID", "optional": True}],
    "officials": [{"name": "Andi Widya Laksana", "title": "Kepala Kantor Cabang BPJS Ketenagakerjaan Bogor"},
                  {"name": "Drs. Mursidi, M.M.", "title": "Sekretaris Daerah Kabupaten Bungo"}],
    "figures": [{"kind": "money", "value": 4300000000}, {"kind": "percent", "value": 60.7},
                {"kind": "count", "value": 6000, "optional": True}],
    "dates": [{"value": "2025-04-17"}, {"value": "2025"}],
}
PRED = {
    "doc_id": "a1", "published": "2025-04-17",
    "regions": [{"code": "32.01"}, {"code": "32.71"}, {"code": "ID"}],
    "officials": [{"name": "Andi Widya Laksana", "title": "Kepala Cabang BPJS Ketenagakerjaan"},
                  {"name": "Mursidi", "title": "Sekda"}],
    "figures": [{"kind": "money", "value": 4310000000}, {"kind": "money", "value": 4310000000},
                {"kind": "count", "value": 6000}, {"kind": "quantity", "value": 14.2},
                {"kind": "percent", "value": 62}],
    "dates": [{"value": "2025-04-17"}, {"value": "2025-04-17"}],
}


def test_scores_per_field():
    report = score([GOLD], [PRED])
    regions, officials, figures, dates = (report.fields[f] for f in ("regions", "officials", "figures", "dates"))
    assert (regions.tp, regions.fp, regions.fn) == (1, 1, 1)  # the optional "ID" is set aside
    assert (officials.tp, officials.fp, officials.fn) == (2, 0, 0)
    # 4.31e9 is within 0.5% of 4.3e9 and counted once; quantity is ignored; 62 is not 60.7
    assert (figures.tp, figures.fp, figures.fn) == (1, 1, 1)
    assert (dates.tp, dates.fp, dates.fn) == (1, 0, 1)
    assert report.title_check == 0.5
    assert (report.published_correct, report.published_total) == (1, 1)
    assert regions.precision == 0.5 and regions.recall == 0.5 and regions.f1 == 0.5


def test_missing_prediction_counts_every_gold_item_as_missed():
    report = score([GOLD], [])
    assert report.missing_predictions == ["a1"]
    assert report.fields["regions"].fn == 2


@pytest.mark.parametrize("pred,gold,expected", [
    ("Mursidi", "Drs. Mursidi, M.M.", True),
    ("Ahmad Fauzi", "H. Ahmad Fauzi, S.Sos", True),
    ("Dedie Rachim", "Dedie A Rachim", True),
    ("Muhaimin Iskandar", "A. Muhaimin Iskandar", True),
    ("Bima", "Bima Arya", False),
    ("Bima Arya Sugiarto", "Bima Arya", True),
    ("Muhammad", "Muhammad", True),
    ("Muhammad Risal", "Muhammad", True),
    ("Agus Budiono", "Agus Sudibyo", False),
])
def test_names_match(pred, gold, expected):
    assert names_match(pred, gold) is expected


def test_name_tokens_drop_honorifics_degrees_and_ranks():
    assert name_tokens("AKBP Muhammad, S.H., S.I.K., M.Si.") == ["muhammad"]
    assert name_tokens("Dr. (HC) Drs. A. Muhaimin Iskandar") == ["a", "muhaimin", "iskandar"]


def test_eval_command(tmp_path, capsys):
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text(json.dumps(GOLD) + "\n", encoding="utf-8")
    pred.write_text(json.dumps(PRED) + "\n", encoding="utf-8")
    assert main(["eval", str(gold), str(pred), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["regions"]["tp"] == 1 and summary["officials"]["title_check"] == 0.5
    assert main(["eval", str(gold), str(pred), "--verbose"]) == 0
    out = capsys.readouterr().out
    assert "regions false alarm [a1] code='32.71'" in out
    assert "dates miss [a1] value='2025'" in out


def test_eval_command_with_a_missing_file(tmp_path, capsys):
    assert main(["eval", str(tmp_path / "nope.jsonl"), str(tmp_path / "nope.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err
