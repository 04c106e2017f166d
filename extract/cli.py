"""The ``berita-extract`` command: ``run`` extracts records from articles, ``eval`` scores them against gold."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Optional

from .io import FieldNames, read_records

DEFAULT_INPUT = Path("data/raw")
DEFAULT_OUTPUT = Path("data/out/records.jsonl")
EXIT_OK, EXIT_FAILURES, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="berita-extract",
        description="Structured data from Indonesian news articles: regions, officials, figures and dates.",
        epilog="Examples:\n  berita-extract run data/raw -o data/out/records.jsonl\n"
               "  berita-extract eval gold.jsonl data/out/records.jsonl --verbose",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "run", help="extract one JSONL record per article",
        description="Reads articles (.txt and .html files, folders of them, .jsonl and .csv files, gzipped or not, "
                    "WARC files, globs) and writes one JSON record per article, in input order. Documents that "
                    "fail go to OUT.errors.jsonl (for OUT.jsonl) and the run goes on: exit code 0 when all "
                    "succeeded, 1 when some failed, 2 for usage errors.",
    )
    run.add_argument("inputs", nargs="*", type=Path, metavar="INPUT",
                     help="a .txt/.html file, a folder of them, a .jsonl/.csv file (or .jsonl.gz/.csv.gz), a .warc/"
                          f".warc.gz file, or a glob such as 'crawl/**/*.warc.gz' (default: {DEFAULT_INPUT})")
    run.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT, metavar="OUT",
                     help=f"where to write the records (default: {DEFAULT_OUTPUT})")
    existing = run.add_mutually_exclusive_group()
    existing.add_argument("--overwrite", action="store_true", help="replace OUT when it exists")
    existing.add_argument("--resume", action="store_true",
                          help="keep the records already in OUT and add those of the other documents")
    run.add_argument("--id-field", metavar="NAME", help="JSONL/CSV field with the document id (default: id, doc_id)")
    run.add_argument("--text-field", metavar="NAME",
                     help="JSONL/CSV field with the article text (default: text, content, body)")
    run.add_argument("--html-field", metavar="NAME",
                     help="JSONL/CSV field with the page HTML: main text, title and date are taken from it")
    run.add_argument("--keep-text", action="store_true",
                     help="add the article text to each record (the text offsets index, e.g. of HTML inputs)")
    run.add_argument("--max-chars", type=int, default=1_000_000, metavar="N",
                     help="documents longer than N characters fail instead of running (default: 1000000; 0: no limit)")
    run.add_argument("-j", "--jobs", type=int, metavar="N",
                     help="worker processes, or Dask workers of a local cluster (default: the number of cores)")
    run.add_argument("--engine", choices=("local", "dask"), default="local",
                     help="local processes (default) or a Dask cluster")
    run.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                     help="with --engine dask: the scheduler of an existing cluster (default: start a local one)")
    run.add_argument("--partition-size", type=int, default=200, metavar="N",
                     help="with --engine dask: documents per partition (default: 200)")
    run.add_argument("--fail-fast", action="store_true", help="stop at the first document that fails")
    run.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    run.set_defaults(handler=cmd_run)

    ev = commands.add_parser(
        "eval", help="score records against gold annotations",
        description="Per-field precision, recall and F1 of PRED against GOLD (see GOLD_FORMAT.md): regions by code, "
                    "officials by name (plus a title check), figures by kind and value, dates by ISO value.",
    )
    ev.add_argument("gold", type=Path, metavar="GOLD.jsonl")
    ev.add_argument("pred", type=Path, metavar="PRED.jsonl")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    ev.add_argument("--verbose", action="store_true", help="list every miss and false alarm")
    ev.set_defaults(handler=cmd_eval)

    ex = commands.add_parser(
        "export", help="write records as flat tables: Parquet, CSV or a DuckDB database",
        description="Flattens records into the tables articles, regions, officials, figures and dates (joined by "
                    "doc_id). parquet and csv write one file per table into the folder PATH; duckdb writes one "
                    "database file with keys and the views money_by_region, money_by_province, articles_per_month "
                    "and officials_by_region. An existing export at PATH is replaced atomically.",
    )
    ex.add_argument("records", type=Path, metavar="RECORDS.jsonl")
    ex.add_argument("--to", required=True, choices=("parquet", "csv", "duckdb"), dest="format",
                    help="output format")
    ex.add_argument("path", type=Path, metavar="PATH", help="output folder (parquet, csv) or database file (duckdb)")
    ex.add_argument("-q", "--quiet", action="store_true", help="no summary")
    ex.set_defaults(handler=cmd_export)

    rep = commands.add_parser(
        "report", help="write a self-contained HTML report of records",
        description="One HTML file that opens offline: articles per month, most-mentioned regions, rupiah totals "
                    "per province, most-quoted officials, the share of articles with each kind of figure, and the "
                    "largest rupiah figures with their sentence and article.",
    )
    rep.add_argument("records", type=Path, metavar="RECORDS.jsonl")
    rep.add_argument("-o", "--output", type=Path, metavar="OUT.html",
                     help="where to write the report (default: RECORDS with the suffix .html)")
    rep.add_argument("--title", default="berita-extract report", help="the report's heading")
    rep.add_argument("-q", "--quiet", action="store_true", help="no summary")
    rep.set_defaults(handler=cmd_report)
    return parser


def cmd_run(args: argparse.Namespace) -> int:
    from .batch import RunOptions, Settings, UsageError, default_jobs, run

    options = RunOptions(
        output=args.output,
        fields=FieldNames.make(args.id_field, args.text_field, args.html_field),
        settings=Settings(max_chars=args.max_chars or None, keep_text=args.keep_text),
        jobs=args.jobs if args.jobs is not None else default_jobs(),
        engine=args.engine, scheduler=args.scheduler, partition_size=args.partition_size,
        resume=args.resume, overwrite=args.overwrite, fail_fast=args.fail_fast,
        progress=not args.quiet and sys.stderr.isatty(),
    )
    try:
        summary = run(args.inputs or [DEFAULT_INPUT], options)
    except UsageError as err:
        print(f"berita-extract: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    if not args.quiet:
        print(summary.line(args.output), file=sys.stderr)
    return EXIT_FAILURES if summary.failures else EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from .scoring import format_report, score

    for path in (args.gold, args.pred):
        if not path.exists():
            print(f"berita-extract: error: no such file: {path}", file=sys.stderr)
            return EXIT_USAGE
    report = score(read_records(args.gold), read_records(args.pred))
    print(json.dumps(report.summary(), indent=2) if args.json else format_report(report, args.verbose))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export

    return _with_tables(args, lambda tables: export(tables, args.format, args.path))


def cmd_report(args: argparse.Namespace) -> int:
    from .report import write_report

    output = args.output or args.records.with_suffix(".html")
    return _with_tables(args, lambda tables: write_report(tables, output, args.title))


def _with_tables(args: argparse.Namespace, write: Callable[[Any], Path]) -> int:
    """Read the records of ``args.records`` into tables and ``write`` them, reporting failures as errors."""
    from .tables import tables as read_tables

    if not args.records.is_file():
        print(f"berita-extract: error: no such file: {args.records}", file=sys.stderr)
        return EXIT_USAGE
    try:
        tables = read_tables(args.records)
        target = write(tables)
    except (ValueError, OSError) as err:  # malformed records, a target that cannot be replaced
        print(f"berita-extract: error: {err}", file=sys.stderr)
        return EXIT_FAILURES
    if not args.quiet:
        counts = ", ".join(f"{len(frame):,} {name}" for name, frame in tables.items())
        print(f"{counts} -> {target}", file=sys.stderr)
    return EXIT_OK


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
