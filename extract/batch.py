"""The run engine: articles in, records out, in input order, fast and restartable.

One extraction, three ways to run it: in this process, in N worker processes (``jobs``), or on a Dask cluster
(``engine="dask"``). All three stream (memory stays flat however large the corpus), write whole lines flushed per
batch (a killed run loses at most the batch in flight), isolate failures (a bad document goes to
``OUT.errors.jsonl`` and the run goes on) and give the same output byte for byte.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import multiprocessing
import os
import shutil
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, astuple, dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any, Optional, Union

from tqdm import tqdm

from .io import (FieldNames, FileSlice, Failure, Item, JsonlAppender, Page, dumps, expand_inputs, input_kind,
                 read_slice, record_id, recover_ids, split_file)

# Documents per chunk sent to a worker, and per flushed write of the output.
BATCH = 32
# Chunks in flight per worker: enough to keep workers busy, few enough to keep memory flat.
WINDOW_PER_JOB = 4
# Inputs up to this many documents run in this process: starting workers would cost more than it saves.
IN_PROCESS_MAX = 4 * BATCH
# Failures printed on stderr; the rest are only in the errors file.
MAX_REPORTED = 20

# A record, the same already as a JSON line (as worker processes send it back), or a failure.
Result = Union[dict[str, Any], str, Failure]


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class UsageError(Exception):
    """A run that cannot start (missing input, existing output): exit code 2."""


class _Stop(Exception):
    """``fail_fast`` met a failure."""


@dataclass(frozen=True)
class Settings:
    """What a worker needs to turn an item into a record (sent to every worker, so it stays small)."""

    max_chars: Optional[int] = 1_000_000
    keep_text: bool = False


@dataclass
class RunOptions:
    output: Path
    fields: FieldNames = field(default_factory=FieldNames)
    settings: Settings = Settings()
    jobs: int = field(default_factory=default_jobs)
    engine: str = "local"
    scheduler: Optional[str] = None
    partition_size: int = 200
    resume: bool = False
    overwrite: bool = False
    fail_fast: bool = False
    progress: bool = False


@dataclass
class Summary:
    docs: int = 0
    records: int = 0
    failures: int = 0
    skipped: int = 0
    elapsed: float = 0.0

    @property
    def exit_code(self) -> int:
        return 1 if self.failures else 0

    def line(self, output: Path) -> str:
        rate = self.docs / self.elapsed if self.elapsed else 0.0
        skipped = f", {self.skipped} already done" if self.skipped else ""
        return (f"{self.docs} docs, {self.records} records, {self.failures} failed{skipped}, {self.elapsed:.1f}s, "
                f"{rate:.1f} docs/s -> {output}")


def errors_path(output: Path) -> Path:
    """``records.jsonl`` -> ``records.errors.jsonl``."""
    return output.with_name(_base(output) + ".errors.jsonl")


def parts_path(output: Path) -> Path:
    """``records.jsonl`` -> ``records.parts/`` (the Dask engine's partition outputs)."""
    return output.with_name(_base(output) + ".parts")


def _base(output: Path) -> str:
    return output.name[: -len(".jsonl")] if output.name.endswith(".jsonl") else output.name


# --- the extraction, as a worker runs it ---------------------------------------------------------------------------


_PIPELINE: Any = None
_PIPELINE_LOCK = threading.Lock()


def shared_pipeline() -> Any:
    """This process's pipeline, built on first use: worker processes (forked or Dask) keep it between tasks."""
    global _PIPELINE
    with _PIPELINE_LOCK:
        if _PIPELINE is None:
            from .pipeline import Pipeline

            _PIPELINE = Pipeline()
        return _PIPELINE


class Extractor:
    """Item in, record or ``Failure`` out."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pipeline = shared_pipeline()

    def __call__(self, item: Item) -> Result:
        if isinstance(item, Page):
            item = item.to_article()
        if isinstance(item, Failure):
            return item
        limit = self.settings.max_chars
        if limit is not None and len(item.text) > limit:
            return Failure(item.doc_id, item.source, "read",
                           f"text has {len(item.text)} characters, over the limit of {limit} (--max-chars)")
        try:
            record = self.pipeline.process_article(item)
        except Exception as err:  # one article's failure must not stop the batch
            return Failure(item.doc_id, item.source, "extract", f"{type(err).__name__}: {err}")
        if self.settings.keep_text:
            record["text"] = item.text
        return record


def _extract_chunk(settings: Settings, items: list[Item]) -> list[Result]:
    """Runs in a worker process; records go back serialised, which spares the parent the work."""
    extractor = Extractor(settings)
    return [result if isinstance(result, Failure) else dumps(result) for result in map(extractor, items)]


# --- the output side, shared by all engines ------------------------------------------------------------------------


class Output:
    """Results in input order go here: records to OUT in flushed batches, failures to the errors file and stderr.

    Also gives every document its final doc_id: a repeated id becomes ``id#2``, ``id#3`` (with a warning), and with
    ``resume`` a document whose final id is already in OUT is skipped. Ids are given in input order by every engine,
    so a resumed run names documents as the first run did.
    """

    def __init__(self, options: RunOptions, summary: Summary, say: Any) -> None:
        self.options, self.summary, self.say = options, summary, say
        resume = options.resume and options.output.exists()
        self.done = recover_ids(options.output) if resume else set()
        self.errors_path = errors_path(options.output)
        if not resume:
            self.errors_path.unlink(missing_ok=True)
        self.records = JsonlAppender(options.output, append=resume)
        self.errors: Optional[JsonlAppender] = None
        self.seen: dict[str, int] = {}
        self.pending: list[str] = []

    def admit(self, doc_id: str) -> Optional[tuple[str, Optional[str]]]:
        """The final id of the next document and its duplicate warning, or None when OUT already has it."""
        count = self.seen.get(doc_id, 0) + 1
        final = doc_id if count == 1 else f"{doc_id}#{count}"
        while count > 1 and final in self.seen:  # "a#2" may be a document's own id
            count += 1
            final = f"{doc_id}#{count}"
        self.seen[doc_id] = count
        if count > 1:
            self.seen[final] = 1
        if final in self.done:
            self.summary.skipped += 1
            return None
        warning = f"duplicate doc_id {doc_id!r} in this run: renamed {final!r}" if count > 1 else None
        return final, warning

    def add(self, result: Result, final: str, warning: Optional[str]) -> None:
        self.summary.docs += 1
        if isinstance(result, Failure):
            self._fail(Failure(final, result.source, result.stage, result.message))
            return
        self.summary.records += 1
        if warning is None and isinstance(result, str):  # not renamed: the line is final
            self.pending.append(result)
            return
        record = json.loads(result) if isinstance(result, str) else result
        record["doc_id"] = final
        if warning:
            record["warnings"].append(warning)
        self.pending.append(dumps(record))

    def _fail(self, failure: Failure) -> None:
        self.summary.failures += 1
        if self.errors is None:
            self.errors = JsonlAppender(self.errors_path, append=True)
        self.errors.write([failure.to_dict()])
        if self.summary.failures <= MAX_REPORTED:
            self.say(f"berita-extract: error: {failure}")
        elif self.summary.failures == MAX_REPORTED + 1:
            self.say(f"berita-extract: more failures are listed in {self.errors_path}")
        if self.options.fail_fast:
            self.flush()
            raise _Stop

    def flush(self) -> None:
        if self.pending:
            self.records.write_lines(self.pending)
            self.pending = []

    def close(self) -> None:
        self.flush()
        self.records.close()
        if self.errors is not None:
            self.errors.close()


# --- running -------------------------------------------------------------------------------------------------------


def run(inputs: Iterable[Union[str, Path]], options: RunOptions) -> Summary:
    """Extract records from ``inputs`` into ``options.output``; raises ``UsageError`` before starting a bad run."""
    started = time.perf_counter()
    files = _check(list(inputs), options)
    summary = Summary()
    total = _estimate_docs(files) if options.progress else None
    with tqdm(total=total, unit="doc", disable=not options.progress, dynamic_ncols=True) as progress:
        output = Output(options, summary, lambda message: progress.write(message, file=sys.stderr))
        try:
            if options.engine == "dask":
                _run_dask(files, options, output, progress)
            else:
                _run_local(files, options, output, progress)
        except _Stop:
            pass
        finally:
            output.close()
    summary.elapsed = time.perf_counter() - started
    return summary


def _check(inputs: list[Union[str, Path]], options: RunOptions) -> list[FileSlice]:
    files, missing = expand_inputs(inputs)
    if missing:
        raise UsageError(f"no such input: {', '.join(missing)}")
    unknown = [part.source for part in files if input_kind(part.path) is None]
    if unknown:
        raise UsageError(f"unsupported input type: {', '.join(unknown)} (expected .txt, .html, .jsonl, .csv, .warc, "
                         "optionally .gz, or folders of articles)")
    if options.jobs < 1 or options.partition_size < 1:
        raise UsageError("--jobs and --partition-size must be at least 1")
    if options.engine not in ("local", "dask"):
        raise UsageError(f"unknown engine {options.engine!r} (local or dask)")
    if options.scheduler and options.engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    out = options.output
    if out.is_dir():
        raise UsageError(f"output {out} is a folder")
    if out.exists() and any(out.samefile(part.path) for part in files):
        raise UsageError(f"output {out} is also an input")
    if out.exists() and out.stat().st_size and not (options.resume or options.overwrite):
        raise UsageError(f"output {out} exists: pass --overwrite to replace it or --resume to add what is missing")
    return files


def _estimate_docs(files: list[FileSlice]) -> Optional[int]:
    """The number of documents, for the progress bar's ETA, when counting is cheap (None otherwise)."""
    total = 0
    for part in files:
        kind = input_kind(part.path)
        if kind in ("txt", "html"):
            total += 1
        elif kind == "jsonl" and not part.path.lower().endswith(".gz"):
            with open(part.path, "rb") as handle:
                total += sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))
        else:
            return None
    return total


def _batched(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while chunk := list(islice(items, size)):
        yield chunk


def _run_local(files: list[FileSlice], options: RunOptions, output: Output, progress: tqdm) -> None:
    def admitted() -> Iterator[tuple[Item, tuple[str, Optional[str]]]]:
        for part in files:
            for item in read_slice(part, options.fields):
                ticket = output.admit(item.doc_id)
                if ticket is None:
                    progress.update()
                else:
                    yield item, ticket

    chunks = _batched(admitted(), BATCH)
    head = list(islice(chunks, IN_PROCESS_MAX // BATCH + 1))
    if options.jobs == 1 or sum(map(len, head)) <= IN_PROCESS_MAX:
        extractor = Extractor(options.settings)
        for chunk in chain(head, chunks):
            _deliver(chunk, [extractor(item) for item, _ in chunk], output, progress)
    else:
        _run_pool(chain(head, chunks), options, output, progress)


def _deliver(chunk: list[tuple[Item, tuple[str, Optional[str]]]], results: list[Result], output: Output,
             progress: tqdm) -> None:
    for (_, ticket), result in zip(chunk, results):
        output.add(result, *ticket)
    output.flush()
    progress.update(len(chunk))


def _run_pool(chunks: Iterator[list[Any]], options: RunOptions, output: Output, progress: tqdm) -> None:
    """N worker processes fed through a bounded window of chunks, results taken back in input order."""
    fork = "fork" in multiprocessing.get_all_start_methods()
    if fork:
        shared_pipeline()  # built once here, inherited by every forked worker
        gc.freeze()  # the garbage collector then leaves the inherited objects alone: their pages stay shared
    context = multiprocessing.get_context("fork" if fork else None)
    pool = ProcessPoolExecutor(options.jobs, mp_context=context, initializer=shared_pipeline)
    window: deque[tuple[Future, list[Any]]] = deque()
    extractor: Optional[Extractor] = None  # once a worker died, the rest runs in this process
    try:
        for chunk in chunks:
            if extractor is not None:
                _deliver(chunk, [extractor(item) for item, _ in chunk], output, progress)
                continue
            window.append((_submit(pool, options.settings, chunk), chunk))
            while len(window) >= options.jobs * WINDOW_PER_JOB or (window and extractor is not None):
                if not _collect(*window.popleft(), output, progress):
                    extractor = Extractor(options.settings)
        while window:
            _collect(*window.popleft(), output, progress)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        gc.unfreeze()


def _submit(pool: ProcessPoolExecutor, settings: Settings, chunk: list[Any]) -> Future:
    try:
        return pool.submit(_extract_chunk, settings, [item for item, _ in chunk])
    except BrokenProcessPool as err:
        future: Future = Future()
        future.set_exception(err)
        return future


def _collect(future: Future, chunk: list[Any], output: Output, progress: tqdm) -> bool:
    """Delivers a chunk's results; False when a worker died and the chunk is lost (its documents fail)."""
    try:
        results = future.result()
    except BrokenProcessPool:
        message = "lost when a worker process died (killed, out of memory?); --resume retries it"
        _deliver(chunk, [Failure(item.doc_id, item.source, "worker", message) for item, _ in chunk], output,
                 progress)
        return False
    _deliver(chunk, results, output, progress)
    return True


# --- the Dask engine -----------------------------------------------------------------------------------------------


def plan_partitions(files: list[FileSlice], size: int) -> list[tuple[FileSlice, ...]]:
    """Partitions of about ``size`` documents: runs of article files, slices of JSONL, CSV and WARC files. Paths are
    made absolute for workers that do not share this process's working folder."""
    partitions: list[tuple[FileSlice, ...]] = []
    group: list[FileSlice] = []
    for part in files:
        part = FileSlice(str(Path(part.path).resolve()), part.source)
        kind = input_kind(part.path)
        if kind in ("txt", "html"):
            group.append(part)
            if len(group) == size:
                partitions.append(tuple(group))
                group = []
            continue
        if group:
            partitions.append(tuple(group))
            group = []
        partitions.extend((piece,) for piece in split_file(part, size))
    if group:
        partitions.append(tuple(group))
    return partitions


def _part_file(parts: Path, index: int, kind: str = "") -> Path:
    return parts / f"part-{index:05d}{kind}.jsonl"


def run_partition(index: int, partition: tuple[FileSlice, ...], parts: str, settings: Settings,
                  fields: FieldNames) -> tuple[int, int]:
    """Runs on a Dask worker: one partition to ``part-NNNNN.jsonl`` (records) and ``part-NNNNN.errors.jsonl``
    (failures, each with the number of records before it). The records file appears, renamed, only when complete."""
    extractor = Extractor(settings)
    done = _part_file(Path(parts), index)
    temporary = done.with_suffix(".tmp")
    errors: list[dict[str, Any]] = []
    records = 0
    with JsonlAppender(temporary) as writer:
        batch: list[dict[str, Any]] = []
        for item in (item for piece in partition for item in read_slice(piece, fields)):
            result = extractor(item)
            if isinstance(result, Failure):
                errors.append({"after": records, **result.to_dict()})
                continue
            batch.append(result)
            records += 1
            if len(batch) == BATCH:
                writer.write(batch)
                batch = []
        writer.write(batch)
    with JsonlAppender(_part_file(Path(parts), index, ".errors")) as writer:
        writer.write(errors)
    os.replace(temporary, done)
    return records + len(errors), len(errors)


def _run_dask(files: list[FileSlice], options: RunOptions, output: Output, progress: tqdm) -> None:
    partitions = plan_partitions(files, options.partition_size)
    parts = parts_path(options.output)
    plan = plan_json(partitions, options)
    plan_file = parts / "plan.json"
    if not (options.resume and plan_file.exists() and plan_file.read_text(encoding="utf-8") == plan):
        shutil.rmtree(parts, ignore_errors=True)  # parts of another plan are not this run's
        parts.mkdir(parents=True)
        plan_file.write_text(plan, encoding="utf-8")
    merged = 0

    def merge_ready() -> None:
        """Parts are merged as soon as all those before them are: OUT grows while the cluster works."""
        nonlocal merged
        while merged < len(partitions) and _merge_part(parts, merged, output):
            merged += 1

    merge_ready()  # parts a resumed run finds finished
    todo = [index for index in range(len(partitions)) if not _part_file(parts, index).exists()]
    if todo:
        _compute_parts(partitions, todo, parts, options, progress, merge_ready)
    merge_ready()
    if merged == len(partitions):
        shutil.rmtree(parts)


def plan_json(partitions: list[tuple[FileSlice, ...]], options: RunOptions) -> str:
    """What a run's parts depend on: a resumed run reuses finished parts only when this is unchanged."""
    return json.dumps({"partitions": [[astuple(piece) for piece in p] for p in partitions],
                       "settings": asdict(options.settings), "fields": astuple(options.fields)})


def _compute_parts(partitions: list[tuple[FileSlice, ...]], todo: list[int], parts: Path, options: RunOptions,
                   progress: tqdm, on_part: Callable[[], None]) -> None:
    """Runs the partitions ``todo`` on the cluster; ``on_part`` is called as each one is written."""
    from distributed import Client, LocalCluster, as_completed

    with contextlib.ExitStack() as stack:
        if options.scheduler:
            client = stack.enter_context(Client(options.scheduler))
        else:
            cluster = stack.enter_context(LocalCluster(
                n_workers=options.jobs, threads_per_worker=1, processes=True, dashboard_address=None,
                silence_logs=logging.ERROR))
            client = stack.enter_context(Client(cluster))
        futures = {client.submit(run_partition, index, partitions[index], str(parts), options.settings,
                                 options.fields, pure=False): index for index in todo}
        for future in as_completed(futures):
            index = futures[future]
            try:
                docs, failures = future.result()
            except Exception as err:  # the partition as a whole failed (its worker died): record it, go on
                first = partitions[index][0]
                failure = Failure(f"part-{index:05d}", first.source, "worker", f"{type(err).__name__}: {err}")
                with JsonlAppender(_part_file(parts, index, ".errors")) as writer:
                    writer.write([{"after": 0, **failure.to_dict()}])
                JsonlAppender(_part_file(parts, index)).close()
                docs = 1
            progress.update(docs)
            on_part()  # with fail-fast, merging the first failure stops the run (and the cluster)


def _merge_part(parts: Path, index: int, output: Output) -> bool:
    """Appends one part to OUT in order, failures where they occurred; False when the part is missing."""
    records_file = _part_file(parts, index)
    if not records_file.exists():
        return False
    errors_file = _part_file(parts, index, ".errors")
    with errors_file.open(encoding="utf-8") as handle:
        errors = deque(json.loads(line) for line in handle if line.strip())

    def fail_before(position: Optional[int]) -> None:
        while errors and (position is None or errors[0]["after"] <= position):
            row = errors.popleft()
            _admit_and_add(Failure(row["doc_id"], row["source"], row["stage"], row["message"]), output)

    with records_file.open(encoding="utf-8") as handle:
        for position, line in enumerate(handle):
            fail_before(position)
            _admit_and_add(line.rstrip("\n"), output)
            if len(output.pending) >= BATCH:
                output.flush()
    fail_before(None)
    output.flush()
    return True


def _admit_and_add(result: Union[str, Failure], output: Output) -> None:
    doc_id = result.doc_id if isinstance(result, Failure) else record_id(result)
    ticket = output.admit(doc_id)
    if ticket is not None:
        output.add(result, *ticket)
