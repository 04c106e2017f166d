"""The run engine: order, duplicates, failures, resume (also after SIGKILL), worker processes and Dask."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from extract import batch
from extract.batch import RunOptions, Settings, Summary, UsageError, errors_path, parts_path, run

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = (
    "BEKASI - Pemerintah Kota Bekasi menyiapkan anggaran Rp{n},5 miliar untuk normalisasi {k} saluran air di "
    "Kecamatan Bekasi Timur. Pekerjaan dimulai Senin (3/3/2025) dan ditargetkan rampung dalam {d} hari.",
    "CIREBON - Sebanyak {n} kios di Pasar Kanoman akan direvitalisasi tahun ini. Kepala Dinas Perdagangan Kota "
    "Cirebon mengatakan pedagang dipindahkan sementara ke lahan parkir selama {d} bulan.",
    "Harga beras medium di Kabupaten Karawang naik {k} persen dalam sepekan menjadi Rp{n}.500 per kilogram. "
    "Pemerintah daerah menggelar operasi pasar di {d} kecamatan mulai 12 Mei 2025.",
)


def article(number: int) -> str:
    return TEMPLATES[number % len(TEMPLATES)].format(n=10 + number, k=2 + number % 9, d=3 + number % 20)


def corpus(path: Path, count: int, ids: bool = True) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for number in range(count):
            row = {"id": f"b{number:04d}", "text": article(number)} if ids else {"text": article(number)}
            handle.write(json.dumps(row) + "\n")
    return path


@pytest.fixture(autouse=True)
def session_pipeline(pipeline: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The run engine (and the workers it forks) use the session's pipeline instead of building one."""
    monkeypatch.setattr(batch, "_PIPELINE", pipeline)


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def go(inputs: list[Path], out: Path, **options: Any) -> Summary:
    return run(inputs, RunOptions(output=out, **options))


# --- one process ---------------------------------------------------------------------------------------------------


def test_mixed_inputs_in_order_with_duplicates_and_failures(tmp_path: Path) -> None:
    folder = tmp_path / "artikel"
    folder.mkdir()
    (folder / "a1.txt").write_text(article(1), encoding="utf-8")
    (folder / "a2.txt").write_bytes(article(2).replace("operasi pasar", "“operasi pasar”").encode("cp1252"))
    (folder / "a3.txt").write_bytes(b"\x00\x01PK\x03\x04" * 50)
    (folder / "gold.jsonl").write_text('{"doc_id": "a1"}\n', encoding="utf-8")
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"id": "a1", "text": article(4)}) + "\n{rusak\n"
                    + json.dumps({"id": "a1", "text": article(5)}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    summary = go([folder, rows], out, jobs=1)
    assert (summary.docs, summary.records, summary.failures, summary.exit_code) == (6, 4, 2, 1)
    records = lines(out)
    assert [r["doc_id"] for r in records] == ["a1", "a2", "a1#2", "a1#3"]
    assert records[1]["warnings"][0] == "input is not UTF-8: read as cp1252"
    assert records[2]["warnings"][-1] == "duplicate doc_id 'a1' in this run: renamed 'a1#2'"
    assert records[2]["source"] == f"{rows}:1"
    errors = lines(errors_path(out))
    assert [(e["doc_id"], e["stage"]) for e in errors] == [("a3", "read"), ("rows:2", "read")]
    assert set(errors[0]) == {"doc_id", "source", "stage", "message"}
    assert errors[0]["source"] == str(folder / "a3.txt")


def test_html_keep_text_offsets_index_the_extracted_text(tmp_path: Path) -> None:
    page = tmp_path / "kanoman.html"
    page.write_text(
        "<html><head><title>Revitalisasi Pasar Kanoman</title>"
        '<meta property="article:published_time" content="2025-04-08T07:00:00+07:00"></head><body>'
        "<nav>Beranda | Daerah | Ekonomi</nav><article><p>" + article(1) + "</p><p>" + article(0) + "</p></article>"
        "<footer>Hak cipta 2025</footer></body></html>", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert go([page], out, settings=Settings(keep_text=True), jobs=1).exit_code == 0
    [record] = lines(out)
    assert (record["doc_id"], record["title"], record["published"]) == (
        "kanoman", "Revitalisasi Pasar Kanoman", "2025-04-08")
    text = record["text"]
    assert "Beranda" not in text and article(1) in text
    spans = [*record["figures"], *record["dates"],
             *(m for item in record["regions"] + record["officials"] for m in item["mentions"])]
    assert spans and all(text[s["start"]:s["end"]] == s["text"] for s in spans)


def test_warc_pages_become_records(tmp_path: Path) -> None:
    from tests.test_io import _warc

    ids = _warc(tmp_path / "crawl.warc.gz", compress=True)
    out = tmp_path / "out.jsonl"
    assert go([tmp_path / "crawl.warc.gz"], out, jobs=1).exit_code == 0
    records = lines(out)
    assert [(r["doc_id"], r["url"], r["source"]) for r in records] == [
        (ids[0].strip("<>"), "https://berita.example/jembatan", str(tmp_path / "crawl.warc.gz")),
        (ids[3].strip("<>"), "https://berita.example/lama-cp1252", str(tmp_path / "crawl.warc.gz"))]
    assert records[0]["title"] == "Jembatan Gantung Cikalong Diresmikan"


def test_text_is_kept_only_when_asked(tmp_path: Path) -> None:
    rows = corpus(tmp_path / "rows.jsonl", 2)
    go([rows], tmp_path / "out.jsonl", jobs=1)
    assert all("text" not in record for record in lines(tmp_path / "out.jsonl"))


def test_max_chars_and_extractor_exception_are_isolated(tmp_path: Path, pipeline: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    class Flaky:
        def process_article(self, item: Any) -> dict[str, Any]:
            if item.doc_id == "b0001":
                raise RuntimeError("komponen gagal")
            return pipeline.process_article(item)

    monkeypatch.setattr(batch, "_PIPELINE", Flaky())
    long_row = json.dumps({"id": "panjang", "text": article(0) * 20})
    rows = corpus(tmp_path / "rows.jsonl", 3)
    rows.write_text(rows.read_text(encoding="utf-8") + long_row + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    summary = go([rows], out, settings=Settings(max_chars=1000), jobs=1)
    assert [r["doc_id"] for r in lines(out)] == ["b0000", "b0002"]
    errors = lines(errors_path(out))
    assert [(e["doc_id"], e["stage"], e["message"]) for e in errors] == [
        ("b0001", "extract", "RuntimeError: komponen gagal"),
        ("panjang", "read", f"text has {len(article(0)) * 20} characters, over the limit of 1000 (--max-chars)")]
    assert summary.failures == 2


def test_fail_fast_stops_at_the_first_failure(tmp_path: Path) -> None:
    rows = corpus(tmp_path / "rows.jsonl", 4)
    text = rows.read_text(encoding="utf-8").splitlines()
    rows.write_text("\n".join([text[0], "{rusak", *text[1:]]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    summary = go([rows], out, fail_fast=True, jobs=1)
    assert [r["doc_id"] for r in lines(out)] == ["b0000"]
    assert (summary.records, summary.failures) == (1, 1)


def test_existing_output_is_kept_unless_overwrite(tmp_path: Path) -> None:
    rows = corpus(tmp_path / "rows.jsonl", 2)
    out = tmp_path / "out.jsonl"
    out.write_text('{"doc_id": "lama"}\n', encoding="utf-8")
    with pytest.raises(UsageError, match="--overwrite"):
        go([rows], out)
    assert out.read_text(encoding="utf-8") == '{"doc_id": "lama"}\n'
    go([rows], out, overwrite=True)
    assert [r["doc_id"] for r in lines(out)] == ["b0000", "b0001"]
    empty = tmp_path / "kosong.jsonl"
    empty.touch()  # as mktemp leaves it: nothing to lose
    assert go([rows], empty).records == 2


def test_usage_errors(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with pytest.raises(UsageError, match="no such input"):
        go([tmp_path / "tidak-ada.jsonl"], out)
    (tmp_path / "laporan.pdf").write_bytes(b"%PDF-1.7")
    with pytest.raises(UsageError, match="unsupported input type"):
        go([tmp_path / "laporan.pdf"], out)
    with pytest.raises(UsageError, match="--scheduler needs --engine dask"):
        go([corpus(tmp_path / "rows.jsonl", 1)], out, scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(UsageError, match="is also an input"):
        go([tmp_path / "rows.jsonl"], tmp_path / "rows.jsonl", overwrite=True)
    assert (tmp_path / "rows.jsonl").stat().st_size > 0


# --- resume --------------------------------------------------------------------------------------------------------


def test_resume_appends_what_is_missing(tmp_path: Path) -> None:
    rows = corpus(tmp_path / "rows.jsonl", 10)
    full = tmp_path / "full.jsonl"
    go([rows], full, jobs=1)
    out = tmp_path / "out.jsonl"
    head = tmp_path / "head.jsonl"
    head.write_text("".join(rows.read_text(encoding="utf-8").splitlines(keepends=True)[:4]), encoding="utf-8")
    go([head], out, jobs=1)
    with out.open("a", encoding="utf-8") as handle:
        handle.write('{"schema": "berita-extract/1", "doc_id": "b00')  # a line cut by a kill
    summary = go([rows], out, resume=True, jobs=1)
    assert (summary.skipped, summary.records) == (4, 6)
    assert out.read_text(encoding="utf-8").replace(str(head), str(rows)) == full.read_text(encoding="utf-8")


def test_resume_after_sigkill_loses_nothing_and_repeats_nothing(tmp_path: Path) -> None:
    count = 1500
    rows = corpus(tmp_path / "rows.jsonl", count)
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "extract", "run", str(rows), "-o", str(out), "--jobs", "1", "--quiet"]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if out.exists() and out.stat().st_size > 0:
            break
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    killed = len(out.read_bytes().splitlines())
    assert 0 < killed < count
    summary = go([rows], out, resume=True, jobs=1)
    full = tmp_path / "full.jsonl"
    go([rows], full, jobs=1)
    assert out.read_bytes() == full.read_bytes()
    assert summary.records == count - summary.skipped and summary.skipped >= killed - 1


# --- worker processes and Dask -------------------------------------------------------------------------------------


def test_jobs_give_the_output_of_one_process(tmp_path: Path) -> None:
    rows = corpus(tmp_path / "rows.jsonl", 300, ids=False)
    with rows.open("a", encoding="utf-8") as handle:
        handle.write("{rusak\n" + json.dumps({"text": article(7)}) + "\n" + json.dumps({"id": "rows:5", "text": "x"})
                     + "\n")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    first = go([rows], one, jobs=1)
    second = go([rows], two, jobs=2)
    assert (first.records, first.failures) == (second.records, second.failures) == (302, 1)
    assert one.read_bytes() == two.read_bytes()
    assert json.loads(one.read_text(encoding="utf-8").splitlines()[-1])["doc_id"] == "rows:5#2"
    assert errors_path(one).read_bytes() == errors_path(two).read_bytes()


def test_a_dead_worker_loses_only_the_batches_in_flight(tmp_path: Path, pipeline: Any,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    class Deadly:
        def process_article(self, item: Any) -> dict[str, Any]:
            if item.doc_id == "b0100":
                os._exit(9)  # as the out-of-memory killer would end the worker
            return pipeline.process_article(item)

    monkeypatch.setattr(batch, "_PIPELINE", Deadly())
    rows = corpus(tmp_path / "rows.jsonl", 400)
    out = tmp_path / "out.jsonl"
    summary = go([rows], out, jobs=2)
    errors = lines(errors_path(out))
    records = lines(out)
    assert "b0100" in {e["doc_id"] for e in errors} and {e["stage"] for e in errors} == {"worker"}
    assert summary.failures == len(errors) < 400 and summary.records == len(records) == 400 - len(errors)
    assert sorted(r["doc_id"] for r in records) == [r["doc_id"] for r in records]
    assert records[-1]["doc_id"] == "b0399"


def test_a_renamed_duplicate_never_takes_an_existing_id(tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text("".join(json.dumps({"id": doc_id, "text": article(i)}) + "\n"
                            for i, doc_id in enumerate(["a", "a#2", "a", "a"])), encoding="utf-8")
    go([rows], tmp_path / "out.jsonl", jobs=1)
    assert [r["doc_id"] for r in lines(tmp_path / "out.jsonl")] == ["a", "a#2", "a#3", "a#4"]


def test_dask_local_cluster_gives_the_output_of_a_local_run(tmp_path: Path) -> None:
    folder = tmp_path / "artikel"
    folder.mkdir()
    for number in range(7):
        (folder / f"f{number}.txt").write_text(article(number), encoding="utf-8")
    (folder / "f3.txt").write_text("   ", encoding="utf-8")
    rows = corpus(tmp_path / "rows.jsonl", 23)
    with rows.open("a", encoding="utf-8") as handle:
        handle.write("{rusak\n" + json.dumps({"id": "f1", "text": article(40)}) + "\n")
    table = tmp_path / "tabel.csv"  # two partitions, a row with a line break inside
    table.write_text("id,text\n" + "".join(f'c{i},"{article(50 + i)}\n\nParagraf {i}."\n' for i in range(7)),
                     encoding="utf-8")
    inputs = [folder, rows, table]
    local, distributed = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    expected = go(inputs, local, jobs=1)
    got = go(inputs, distributed, engine="dask", jobs=2, partition_size=5)
    assert (got.docs, got.records, got.failures) == (expected.docs, expected.records, expected.failures) == (39, 37, 2)
    assert distributed.read_bytes() == local.read_bytes()
    assert errors_path(distributed).read_bytes() == errors_path(local).read_bytes()
    assert not parts_path(distributed).exists()
    assert [r["doc_id"] for r in lines(distributed)][-8:] == ["f1#2", *(f"c{i}" for i in range(7))]


def test_dask_fail_fast_keeps_what_came_before_the_first_failure(tmp_path: Path) -> None:
    rows = corpus(tmp_path / "rows.jsonl", 23)
    text = rows.read_text(encoding="utf-8").splitlines()
    rows.write_text("\n".join([*text[:12], "{rusak", *text[12:]]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    summary = go([rows], out, engine="dask", jobs=2, partition_size=5, fail_fast=True)
    assert [r["doc_id"] for r in lines(out)] == [f"b{i:04d}" for i in range(12)]
    assert (summary.records, summary.failures, summary.exit_code) == (12, 1, 1)
    assert [e["doc_id"] for e in lines(errors_path(out))] == ["rows:13"]


def test_dask_partitions(tmp_path: Path) -> None:
    folder = tmp_path / "artikel"
    folder.mkdir()
    for number in range(5):
        (folder / f"f{number}.txt").write_text(article(number), encoding="utf-8")
    rows = corpus(tmp_path / "rows.jsonl", 12)
    files, _ = batch.expand_inputs([folder, rows])
    plan = batch.plan_partitions(files, 4)
    assert [len(p) for p in plan] == [4, 1, 1, 1, 1]
    assert [(p[0].first, p[0].stop) for p in plan[2:]] == [(1, 5), (5, 9), (9, None)]
    assert all(Path(piece.path).is_absolute() for p in plan for piece in p)


def test_dask_resume_merges_finished_parts_without_recomputing(tmp_path: Path) -> None:
    rows = corpus(tmp_path / "rows.jsonl", 12)
    local = tmp_path / "local.jsonl"
    go([rows], local, jobs=1)
    out = tmp_path / "out.jsonl"
    options = RunOptions(output=out, engine="dask", partition_size=5, resume=True)
    # What a killed Dask run leaves: its plan, every part written, OUT merged up to the middle of part 1.
    plan = batch.plan_partitions(batch.expand_inputs([rows])[0], 5)
    parts = parts_path(out)
    parts.mkdir()
    (parts / "plan.json").write_text(batch.plan_json(plan, options), encoding="utf-8")
    for index, partition in enumerate(plan):
        batch.run_partition(index, partition, str(parts), options.settings, options.fields)
    out.write_text("".join(local.read_text(encoding="utf-8").splitlines(keepends=True)[:7]), encoding="utf-8")
    summary = run([rows], options)  # no part to compute: no cluster starts
    assert (summary.skipped, summary.records) == (7, 5)
    assert out.read_bytes() == local.read_bytes() and not parts.exists()
