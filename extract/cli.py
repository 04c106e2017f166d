"""The ``berita-extract`` command: ``run`` extracts records from articles, ``eval`` scores them against gold."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

from tqdm import tqdm

from .io import Failure, FieldNames, open_writer, read_inputs, read_records

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
        description="Reads articles (.txt files, folders of them, .jsonl or .csv files) and writes one JSON record "
                    "per article, in input order.",
    )
    run.add_argument("inputs", nargs="*", type=Path, metavar="INPUT",
                     help=f"a .txt file, a folder of .txt files, or a .jsonl/.csv file (default: {DEFAULT_INPUT})")
    run.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT, metavar="OUT",
                     help=f"where to write the records (default: {DEFAULT_OUTPUT})")
    run.add_argument("--id-field", metavar="NAME", help="JSONL/CSV field with the document id (default: id, doc_id)")
    run.add_argument("--text-field", metavar="NAME",
                     help="JSONL/CSV field with the article text (default: text, content, body)")
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
    return parser


def cmd_run(args: argparse.Namespace) -> int:
    from .pipeline import Pipeline  # spaCy loads only for commands that need it

    inputs = args.inputs or [DEFAULT_INPUT]
    missing = [str(path) for path in inputs if not path.exists()]
    if missing:
        print(f"berita-extract: error: no such input: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    pipeline = Pipeline()
    started = time.perf_counter()
    done = failed = 0
    items = read_inputs(inputs, FieldNames.make(args.id_field, args.text_field))
    progress = tqdm(items, unit="doc", disable=args.quiet or not sys.stderr.isatty())
    with open_writer(args.output) as writer:
        for item in progress:
            if not isinstance(item, Failure):
                try:
                    writer.write(pipeline.process_article(item))
                    done += 1
                    continue
                except Exception as err:  # one article's failure must not stop the batch
                    item = Failure(item.doc_id, item.source, "extract", f"{type(err).__name__}: {err}")
            failed += 1
            progress.write(f"berita-extract: error: {item}", file=sys.stderr)
    if not args.quiet:
        elapsed = time.perf_counter() - started
        rate = done / elapsed if elapsed else 0.0
        print(f"{done + failed} docs, {done} records, {failed} failed, {elapsed:.1f}s, {rate:.1f} docs/s "
              f"-> {args.output}", file=sys.stderr)
    return EXIT_FAILURES if failed else EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from .scoring import format_report, score

    for path in (args.gold, args.pred):
        if not path.exists():
            print(f"berita-extract: error: no such file: {path}", file=sys.stderr)
            return EXIT_USAGE
    report = score(read_records(args.gold), read_records(args.pred))
    print(json.dumps(report.summary(), indent=2) if args.json else format_report(report, args.verbose))
    return EXIT_OK


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
