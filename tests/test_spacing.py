from __future__ import annotations

import pytest

from extract.spacing import plain


@pytest.mark.parametrize("original, expected", [
    ("Bupati Sleman meresmikan pasar.", "Bupati Sleman meresmikan pasar."),
    ("Bupati  Sleman\tmeresmikan pasar.", "Bupati Sleman meresmikan pasar."),
    ("anggaran Rp\u00a04,3\u202fmiliar", "anggaran Rp 4,3 miliar"),
    ("anggaran Rp\u200b4,3 mi\u00adliar", "anggaran Rp4,3 miliar"),
    ("Kamis (17/4/2025).\r\n\r\nMenurut Andi\r", "Kamis (17/4/2025).\n\nMenurut Andi\n"),
    ("kata dia. \u2028Baca juga", "kata dia. \nBaca juga"),
])
def test_spacing_is_made_plain(original, expected):
    assert plain(original)[0] == expected


@pytest.mark.parametrize("word, in_original", [
    ("Wali Kota", "Wali\u00a0Kota"), ("Kota Bogor", "Kota  Bogor"), ("Bogor,", "Bogor\u200b,"), ("Arya", "Arya"),
    ("Bima\nArya", "Bima\r\nArya"),
])
def test_offsets_map_back_to_the_original(word, in_original):
    original = "  Wali\u00a0Kota  Bogor\u200b,  Bima\r\nArya "
    text, spacing = plain(original)
    start = text.index(word)
    assert original[spacing.original(start):spacing.original(start + len(word), end=True)] == in_original


def test_plain_text_is_kept_as_it_is():
    original = "BOGOR - Pemkab Bogor menganggarkan Rp4,3 miliar.\n\nBaca Juga: Banjir"
    text, spacing = plain(original)
    assert text is original and not spacing.ends
