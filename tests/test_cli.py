"""``berita-extract run``: options, exit codes 0/1/2, summary line, the README's main job run twice."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from extract import batch
from extract.cli import main

BODY = ("MAJALENGKA - Pemerintah Kabupaten Majalengka menyalurkan bantuan bibit padi untuk 2.300 hektare sawah di "
        "Kecamatan Jatiwangi, Rabu (5/2/2025). Bantuan senilai Rp1,8 miliar itu berasal dari APBD.")


@pytest.fixture(autouse=True)
def session_pipeline(pipeline: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "_PIPELINE", pipeline)


def test_main_job_runs_twice_with_overwrite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data" / "raw").mkdir(parents=True)
    (tmp_path / "data" / "raw" / "majalengka.txt").write_text(BODY, encoding="utf-8")
    assert main(["run", "--overwrite"]) == 0
    first = (tmp_path / "data" / "out" / "records.jsonl").read_bytes()
    assert main(["run", "--overwrite"]) == 0
    assert (tmp_path / "data" / "out" / "records.jsonl").read_bytes() == first
    assert json.loads(first)["doc_id"] == "majalengka"
    summary = capsys.readouterr().err.strip().splitlines()[-1]
    assert summary.startswith("1 docs, 1 records, 0 failed, ") and summary.endswith("docs/s -> data/out/records.jsonl")


def test_existing_output_without_overwrite_is_a_usage_error(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(BODY, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["run", str(tmp_path / "a.txt"), "-o", str(out), "-q"]) == 0
    assert main(["run", str(tmp_path / "a.txt"), "-o", str(out), "-q"]) == 2
    assert "exists: pass --overwrite to replace it or --resume" in capsys.readouterr().err
    assert main(["run", str(tmp_path / "a.txt"), "-o", str(out), "-q", "--resume"]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1


@pytest.mark.parametrize("argv", [
    ["run", "tidak-ada.txt"],
    ["run", "--tidak-ada"],
    ["run", "--resume", "--overwrite"],
    ["run", "--engine", "spark"],
])
def test_usage_errors_exit_2(tmp_path: Path, argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    try:
        code = main([*argv, "-o", str(tmp_path / "out.jsonl")])
    except SystemExit as exit_:  # argparse's own usage errors
        code = exit_.code
    assert code == 2


def test_failures_exit_1_with_errors_file_and_quiet_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"id": "m1", "text": BODY}) + "\n{rusak\n" + json.dumps({"id": "m3", "text": ""})
                    + "\n", encoding="utf-8")
    out = tmp_path / "records.jsonl"
    assert main(["run", str(rows), "-o", str(out), "--quiet"]) == 1
    errors = [json.loads(line) for line in (tmp_path / "records.errors.jsonl").read_text().splitlines()]
    assert [(e["doc_id"], e["stage"]) for e in errors] == [("rows:2", "read"), ("m3", "read")]
    err = capsys.readouterr().err
    assert "rows:2" in err and "docs/s" not in err  # failures are told, the summary is not


def test_html_field_and_keep_text(tmp_path: Path) -> None:
    html = (f"<html><head><title>Bibit Padi untuk Petani</title></head><body><nav>Beranda</nav>"
            f"<article><p>{BODY}</p></article></body></html>")
    rows = tmp_path / "scrape.jsonl"
    rows.write_text(json.dumps({"id": "p1", "page": html, "url": "https://berita.example/p1"}) + "\n",
                    encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["run", str(rows), "-o", str(out), "-q", "--html-field", "page", "--keep-text", "--jobs", "2"]) == 0
    record = json.loads(out.read_text(encoding="utf-8"))
    assert (record["doc_id"], record["title"], record["url"], record["text"]) == (
        "p1", "Bibit Padi untuk Petani", "https://berita.example/p1", BODY)


def test_max_chars_and_fail_fast(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text("".join(json.dumps({"id": f"m{i}", "text": BODY * (1 + 9 * (i == 1))}) + "\n" for i in range(3)),
                    encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["run", str(rows), "-o", str(out), "-q", "--max-chars", "1000", "--fail-fast"]) == 1
    assert [json.loads(line)["doc_id"] for line in out.read_text().splitlines()] == ["m0"]
    assert main(["run", str(rows), "-o", str(out), "-q", "--max-chars", "0", "--overwrite"]) == 0


def test_run_on_the_sample_articles(tmp_path: Path) -> None:
    raw = Path(__file__).resolve().parents[1] / "data" / "raw"
    out = tmp_path / "records.jsonl"
    assert main(["run", str(raw), "-o", str(out), "--quiet", "--jobs", "1"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["doc_id"] for r in records] == sorted(path.stem for path in raw.glob("*.txt"))
    garut = next(r for r in records if r["doc_id"] == "garut_bansos_pangan")
    assert garut["published"] == "2025-05-14"
    assert {r["code"]: r["name"] for r in garut["regions"]}["32.05"] == "Kabupaten Garut"
    assert {(f["kind"], f["value"], f["text"]) for f in garut["figures"]} >= {
        ("money", 3800000000, "Rp 3,8 miliar"), ("count", 12345, "12.345 Keluarga Penerima Manfaat (KPM)"),
        ("percent", 15, "sekitar 15 persen")}
    assert [(o["name"], o["title"]) for o in garut["officials"]][:2] == [
        ("Siti Nurjanah", "Kepala Dinas Ketahanan Pangan Kabupaten Garut"), ("Asep Hidayat Mulyana", "Bupati Garut")]
    assert {"value": "2025-05-13", "granularity": "day", "text": "Selasa (13/5/2025)"}.items() <= next(
        d for d in garut["dates"] if d["value"] == "2025-05-13").items()


def test_python_dash_m_extract_help() -> None:
    result = subprocess.run([sys.executable, "-m", "extract", "--help"], capture_output=True, text=True, check=True)
    assert "run" in result.stdout and "eval" in result.stdout and "export" in result.stdout
