"""Shared fixtures: one pipeline for the whole test session (building it loads the region gazetteer)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract import Pipeline

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
TEST_CORPUS = Path(__file__).resolve().parent / "corpus"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture(scope="session")
def nlp(pipeline: Pipeline):
    return pipeline.nlp
