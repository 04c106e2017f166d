"""Throughput and memory of berita-extract batch runs, measured in one go; prints the table the README shows.

    python3 bench/throughput.py [--docs 5000] [--big 20000] [--jobs 2] [--repeat 2]

The corpus is made from the sample articles in ``data/raw/``: each article keeps the lead of one sample and adds
paragraphs drawn from all of them, with other numbers, dates and names, so no two articles are alike.
(a) bare spaCy ``blank("id")`` tokenisation; (b) the full pipeline in one process, through the run engine;
(c) ``--jobs N`` and (d) the Dask engine on a local cluster of N workers, as speedups over (b). Pipelines and
workers are warmed first and each figure is the best of --repeat runs: steady-state throughput, not start-up
time nor other load on the machine. (e) peak resident memory of whole ``berita-extract run --jobs 1`` commands
(start-up included), measured in subprocesses.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extract.batch import RunOptions, run, shared_pipeline  # noqa: E402

SAMPLES = ROOT / "data" / "raw"
_DATE = re.compile(r"\b(\d{1,2}/\d{1,2}/\d{4})\b")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SPEAKER = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+(?=,? (?:mengatakan|menilai|meminta|menjelaskan|menyebutkan)\b)"
                      r"|(?:(?<=\bkata )|(?<=\bujar )|(?<=\bmenurut ))[A-Z][a-z]+ [A-Z][a-z]+")
_SYLLABLES = ("su", "har", "to", "wi", "dya", "ni", "ra", "mat", "an", "di", "ka", "sih", "bu", "di", "yan", "ti",
              "pur", "no", "we", "ning", "sa", "ri", "ha", "di", "lu", "kas", "ma", "nah", "ru", "ni")


def _name(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    return f"{word()} {word()}"


def _vary_number(match: re.Match[str], rng: random.Random) -> str:
    text = match.group()
    if _YEAR.fullmatch(text):
        return str(rng.randint(2019, 2026))
    if len(text) <= 2:
        return str(rng.randint(1, 28))
    return "".join(str(rng.randint(1 if i == 0 else 0, 9)) if ch.isdigit() else ch for i, ch in enumerate(text))


def _vary(paragraph: str, rng: random.Random) -> str:
    # Split on dd/mm/yyyy dates (odd pieces): they get a valid random date, numbers elsewhere change shape-wise.
    pieces = _DATE.split(paragraph)
    paragraph = "".join(
        f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2019, 2026)}" if i % 2
        else _NUMBER.sub(lambda m: _vary_number(m, rng), piece)
        for i, piece in enumerate(pieces))
    return _SPEAKER.sub(lambda m: _name(rng), paragraph)


def build_corpus(count: int, seed: int = 6) -> Iterator[dict[str, str]]:
    samples = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))]
    if not samples:
        raise SystemExit(f"no sample articles in {SAMPLES}")
    articles = [[p for p in text.split("\n\n") if p.strip()] for text in samples]
    body = [p for paragraphs in articles for p in paragraphs[1:]] or [p for a in articles for p in a]
    rng = random.Random(seed)
    for number in range(count):
        lead = rng.choice(articles)[0]
        paragraphs = [lead, *rng.sample(body, min(len(body), rng.randint(3, 8)))]
        yield {"id": f"bench-{number:06d}", "text": "\n\n".join(_vary(p, rng) for p in paragraphs)}


def write_corpus(path: Path, count: int) -> list[str]:
    texts = []
    with path.open("w", encoding="utf-8") as handle:
        for row in build_corpus(count):
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            texts.append(row["text"])
    return texts


def tokenise_rate(texts: list[str], repeat: int) -> float:
    import spacy

    nlp = spacy.blank("id")
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for text in texts:
            nlp.make_doc(text)
        best = min(best, time.perf_counter() - started)
    return len(texts) / best


def engine_rate(corpus: Path, out: Path, count: int, repeat: int, **options: object) -> float:
    """The best of ``repeat`` runs: other load on the machine only ever slows a run down."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        summary = run([corpus], RunOptions(output=out, overwrite=True, **options))
        best = min(best, time.perf_counter() - started)
        if summary.records + summary.failures != count:
            raise SystemExit(f"run lost documents: {summary}")
    return count / best


def dask_rate(corpus: Path, out: Path, count: int, repeat: int, workers: int) -> float:
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with Client(cluster) as client:
            client.run(lambda: shared_pipeline() and None)  # each worker builds its pipeline now
            return engine_rate(corpus, out, count, repeat, engine="dask", scheduler=cluster.scheduler_address)


def peak_rss_mb(corpus: Path, out: Path) -> float:
    command = [sys.executable, "-m", "extract", "run", str(corpus), "-o", str(out), "--overwrite", "--jobs", "1",
               "--quiet"]
    process = subprocess.Popen(command, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed")
    return usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=5000, help="articles for the throughput figures")
    parser.add_argument("--big", type=int, default=20000, help="articles for the second memory figure")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for (c) and Dask workers for (d)")
    parser.add_argument("--repeat", type=int, default=2, help="runs per throughput figure; the best one counts")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="berita-bench-") as tmp:
        folder = Path(tmp)
        corpus, big = folder / "corpus.jsonl", folder / "big.jsonl"
        texts = write_corpus(corpus, args.docs)
        write_corpus(big, args.big)
        chars = sum(map(len, texts)) / len(texts)

        shared_pipeline()  # built once, before timing
        a = tokenise_rate(texts, args.repeat)
        b = engine_rate(corpus, folder / "b.jsonl", args.docs, args.repeat, jobs=1)
        c = engine_rate(corpus, folder / "c.jsonl", args.docs, args.repeat, jobs=args.jobs)
        d = dask_rate(corpus, folder / "d.jsonl", args.docs, args.repeat, args.jobs)
        reference = (folder / "b.jsonl").read_bytes().splitlines()
        differ = {x: sum(a != b for a, b in zip(reference, (folder / f"{x}.jsonl").read_bytes().splitlines()))
                  for x in "cd"}
        small_rss = peak_rss_mb(corpus, folder / "e1.jsonl")
        big_rss = peak_rss_mb(big, folder / "e2.jsonl")

    print(f"corpus: {args.docs} articles of {chars:.0f} characters on average; {os.cpu_count()} cores; "
          f"records differing from (b): (c) {differ['c']}, (d) {differ['d']}\n")
    rows = [
        ("(a) spaCy blank('id') tokenisation", f"{a:,.0f} docs/s", ""),
        ("(b) full pipeline, one process", f"{b:,.0f} docs/s", f"b/a = {b / a:.2f} (target >= 0.5)"),
        (f"(c) --jobs {args.jobs}", f"{c:,.0f} docs/s", f"{c / b:.2f}x over (b) (target >= 1.6x)"),
        (f"(d) --engine dask, {args.jobs} local workers", f"{d:,.0f} docs/s", f"{d / b:.2f}x over (b) (target >= 1.4x)"),
        (f"(e) peak RSS, {args.docs:,} articles", f"{small_rss:,.0f} MB", "target < 500 MB"),
        (f"(e) peak RSS, {args.big:,} articles", f"{big_rss:,.0f} MB", "not growing with corpus size"),
    ]
    print("| measure | value | ratio / target |\n| --- | --- | --- |")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
