from __future__ import annotations

import spacy

from extract import Pipeline
from extract.pipeline import COMPONENTS

TEXT = ("BANDUNG - Pemprov Jawa Barat mengalokasikan Rp 12 miliar untuk 3.000 guru honorer, kata Kepala Dinas "
        "Pendidikan Jawa Barat, Wahyu Mijaya, Senin (6/1/2025).")


def test_process_returns_a_record(pipeline):
    record = pipeline.process(TEXT, doc_id="jabar-1", published="2025-01-06")
    assert record["doc_id"] == "jabar-1"
    assert record["published"] == "2025-01-06"
    assert set(record) >= {"regions", "officials", "figures", "dates", "warnings"}


def test_components_work_in_a_users_own_pipeline():
    nlp = spacy.blank("id")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    doc = nlp(TEXT)
    for extension in ("regions", "officials", "figures", "dates"):
        assert isinstance(getattr(doc._, extension), list)


def test_pipeline_saves_and_loads_with_its_patterns(tmp_path, pipeline):
    pipeline.nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert loaded.pipe_names == list(COMPONENTS)
    assert Pipeline(loaded).process(TEXT, doc_id="a") == pipeline.process(TEXT, doc_id="a")


def test_pipe_gives_one_record_per_article_in_order(pipeline):
    from extract import Article

    articles = [Article("b", "Bupati Sleman meresmikan pasar."), Article("a", "Wali Kota Bogor meninjau banjir.")]
    assert [record["doc_id"] for record in pipeline.pipe(articles)] == ["b", "a"]


def test_uneven_spacing_gives_the_same_items_at_the_original_offsets(pipeline):
    uneven = TEXT.replace(" ", "  ").replace("Rp  ", "Rp\u00a0").replace("Wahyu  ", "Wahyu\u200b ")
    plain, record = pipeline.process(TEXT), pipeline.process(uneven)
    for field in ("regions", "officials", "figures", "dates"):
        assert len(record[field]) == len(plain[field])
        for item, expected in zip(record[field], plain[field]):
            for mention, plain_mention in zip(item.get("mentions", [item]), expected.get("mentions", [expected])):
                assert uneven[mention["start"]:mention["end"]] == mention["text"]
                assert " ".join(mention["text"].replace("\u200b", "").split()) == plain_mention["text"]
    assert [official["name"] for official in record["officials"]] == ["Wahyu Mijaya"]
    assert [figure["value"] for figure in record["figures"]] == [12_000_000_000, 3000]
