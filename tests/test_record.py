from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from extract.io import read_inputs
from extract.record import json_schema

from .conftest import ROOT

SAMPLES = sorted((ROOT / "data" / "raw").glob("*.txt"))


@pytest.fixture(scope="module")
def sample_records(pipeline):
    return [(article.text, pipeline.process_article(article)) for article in read_inputs(SAMPLES)]


def _located(record):
    """Every (text, start, end) in a record that must index the original article."""
    for field in ("figures", "dates"):
        for item in record[field]:
            yield item["text"], item["start"], item["end"]
    for field in ("regions", "officials"):
        for item in record[field]:
            for mention in item["mentions"]:
                yield mention["text"], mention["start"], mention["end"]


def test_there_are_at_least_five_sample_articles():
    assert len(SAMPLES) >= 5


def test_records_follow_the_schema(sample_records):
    validator = jsonschema.Draft202012Validator(json_schema())
    for _, record in sample_records:
        validator.validate(record)


def test_offsets_index_the_original_text(sample_records):
    checked = 0
    for text, record in sample_records:
        for value, start, end in _located(record):
            assert text[start:end] == value
            checked += 1
    assert checked > 0


def test_record_envelope(pipeline):
    record = pipeline.process("Bupati Sleman meresmikan pasar baru.", doc_id="slm-1", url="https://contoh.id/a",
                              title="Pasar Baru Sleman", published="2025-02-03", source="feed.jsonl")
    assert {k: record[k] for k in ("schema", "doc_id", "source", "title", "url", "published")} == {
        "schema": "berita-extract/1", "doc_id": "slm-1", "source": "feed.jsonl", "title": "Pasar Baru Sleman",
        "url": "https://contoh.id/a", "published": "2025-02-03",
    }
    assert list(record) == ["schema", "doc_id", "source", "title", "url", "published", "regions", "officials",
                            "figures", "dates", "warnings"]


def test_schema_rejects_a_broken_record(pipeline):
    record = pipeline.process("Pemkot Bogor menggelar rapat.", doc_id="x")
    record["published"] = "3 Maret 2024"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(record, json_schema())


def test_schema_ships_inside_the_package():
    import extract

    assert (Path(extract.__file__).parent / "record.schema.json").is_file()


def test_the_title_of_a_plain_text_is_its_headline(pipeline):
    text = "Bupati Garut Resmikan Pasar Baru di Tarogong\n\nGARUT - Bupati Garut meresmikan pasar, Senin (2/12/2024)."
    assert pipeline.process(text)["title"] == "Bupati Garut Resmikan Pasar Baru di Tarogong"
    assert pipeline.process(text, title="Pasar Baru Tarogong Diresmikan")["title"] == "Pasar Baru Tarogong Diresmikan"
