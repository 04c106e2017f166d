"""Reading articles as scrapers leave them; writing records as JSONL.

Inputs: ``.txt`` and ``.html`` files (one article each), folders of them, ``.jsonl`` / ``.csv`` files (optionally
gzipped), WARC files (``.warc``, ``.warc.gz``) and globs. Readers stream: they yield one item at a time, an
``Article``, a ``Page`` (HTML whose main text is taken later, in the worker that processes it) or a ``Failure`` for
input that cannot be read, so one bad document never stops a batch and no file is ever held in memory whole.
"""

from __future__ import annotations

import codecs
import csv
import glob
import gzip
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Optional, Union

import jsonlines

from .items import Article

ID_FIELDS = ("id", "doc_id")
TEXT_FIELDS = ("text", "content", "body")
PUBLISHED_FIELDS = ("published", "date")
# Share of control bytes above which a file is taken for binary data rather than text.
_BINARY_SHARE = 0.05
_SNIFF_BYTES = 1 << 16
_CONTROL = bytes(sorted(set(range(32)) - {9, 10, 12, 13}))
_GLOB_CHARS = frozenset("*?[")


@dataclass(slots=True)
class Failure:
    """A document that could not be read or processed."""

    doc_id: str
    source: Optional[str]
    stage: str
    message: str

    def __str__(self) -> str:
        where = f" ({self.source})" if self.source and self.source != self.doc_id else ""
        return f"{self.doc_id}{where}: {self.stage}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "source": self.source, "stage": self.stage, "message": self.message}


@dataclass(slots=True)
class Page:
    """An HTML page. Its main text, title and date are taken with trafilatura by ``to_article``, which runs in the
    worker that processes the page, so reading stays cheap and parsing is spread over the workers."""

    doc_id: str
    html: str
    source: Optional[str] = None
    url: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None
    warnings: list[str] = field(default_factory=list)

    def to_article(self) -> Union[Article, Failure]:
        from trafilatura import bare_extraction

        try:
            found = bare_extraction(self.html, url=self.url, with_metadata=True, include_comments=False)
        except Exception as err:  # a broken page is that page's failure only
            return Failure(self.doc_id, self.source, "html", f"{type(err).__name__}: {err}")
        text = found.text if found is not None else None
        if not text or not text.strip():
            return Failure(self.doc_id, self.source, "html", "no main text found in the page")
        return Article(
            doc_id=self.doc_id, text=text, source=self.source, url=self.url or found.url,
            title=self.title or found.title, published=self.published or found.date, warnings=list(self.warnings),
        )


Item = Union[Article, Page, Failure]


@dataclass(slots=True)
class FieldNames:
    """Which fields of a JSONL/CSV row hold the id, the text and the HTML (the first one present wins)."""

    ids: tuple[str, ...] = ID_FIELDS
    texts: tuple[str, ...] = TEXT_FIELDS
    html: Optional[str] = None

    @classmethod
    def make(cls, id_field: Optional[str] = None, text_field: Optional[str] = None,
             html_field: Optional[str] = None) -> FieldNames:
        return cls((id_field,) if id_field else ID_FIELDS, (text_field,) if text_field else TEXT_FIELDS, html_field)


@dataclass(frozen=True, slots=True)
class FileSlice:
    """A file to read, or a slice of a big one: its items (JSONL lines, CSV rows, WARC records) numbered ``first``
    (1-based) up to ``stop``, the first at byte ``offset`` (of the decompressed stream for ``.jsonl.gz`` and
    ``.csv.gz``, of the file for WARC). Slices are the units a run is split into. ``source`` is the path as the user
    gave it."""

    path: str
    source: str
    first: int = 1
    offset: int = 0
    stop: Optional[int] = None


# --- what a path holds ---------------------------------------------------------------------------------------------

_KINDS = ((".warc.gz", "warc"), (".warc", "warc"), (".jsonl.gz", "jsonl"), (".jsonl", "jsonl"),
          (".ndjson", "jsonl"), (".csv.gz", "csv"), (".csv", "csv"), (".html", "html"), (".htm", "html"),
          (".txt", "txt"))
# A folder holds articles; data files beside them (a gold.jsonl, a SOURCES.tsv) are not articles.
FOLDER_KINDS = frozenset({"txt", "html", "warc"})


def input_kind(path: Union[str, Path]) -> Optional[str]:
    name = str(path).lower()
    return next((kind for suffix, kind in _KINDS if name.endswith(suffix)), None)


def stem(path: Union[str, Path]) -> str:
    """The file name without its (possibly double, e.g. ``.jsonl.gz``) article suffix: the doc_id of a file."""
    name = Path(path).name
    suffix = next((s for s, _ in _KINDS if name.lower().endswith(s)), Path(name).suffix)
    return name[: len(name) - len(suffix)] if suffix else name


def expand_inputs(inputs: Iterable[Union[str, Path]]) -> tuple[list[FileSlice], list[str]]:
    """The files to read, in order, and the inputs that match nothing. Folders give their article files sorted by
    name; a glob (``crawl/**/*.warc.gz``) gives its matches sorted."""
    files: list[FileSlice] = []
    missing: list[str] = []
    for raw in map(str, inputs):
        if Path(raw).exists():
            matches = [raw]
        elif _GLOB_CHARS & set(raw):
            matches = sorted(glob.glob(raw, recursive=True))
        else:
            matches = []
        if not matches:
            missing.append(raw)
        for match in matches:
            path = Path(match)
            if path.is_dir():
                files.extend(FileSlice(str(child), str(child)) for child in sorted(path.iterdir())
                             if child.is_file() and input_kind(child) in FOLDER_KINDS)
            elif path.is_file():
                files.append(FileSlice(match, match))
    return files, missing


# --- decoding ------------------------------------------------------------------------------------------------------


class BinaryData(ValueError):
    """Raised for bytes that are not text at all (an image, a PDF, an archive)."""


def check_text(head: bytes) -> None:
    if b"\0" in head or len(head) - len(head.translate(None, _CONTROL)) > _BINARY_SHARE * len(head):
        raise BinaryData("binary data, not text")


def decode(data: bytes, declared: Optional[str] = None) -> tuple[str, Optional[str]]:
    """The text of ``data`` and a warning when it was not UTF-8. A charset the source declares (an HTTP header) is
    tried first; legacy files are read as cp1252, or latin-1 when a byte is undefined in cp1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # as Windows tools save "Unicode" text
        return data.decode("utf-16"), None
    check_text(data[:_SNIFF_BYTES])
    for encoding in filter(None, (declared, "utf-8-sig")):
        try:
            return data.decode(encoding), None
        except (UnicodeDecodeError, LookupError):
            continue
    for encoding in ("cp1252", "latin-1"):
        try:
            return data.decode(encoding), f"input is not UTF-8: read as {encoding}"
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")


def _sniff_encoding(head: bytes) -> tuple[str, Optional[str]]:
    """The encoding of a file to stream, judged from its first bytes (a UTF-8 character may be cut at the end)."""
    check_text(head)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as err:
        if err.start < len(head) - 3:
            return "cp1252", "input is not UTF-8: read as cp1252"
    return "utf-8-sig", None


def _open_binary(path: str) -> IO[bytes]:
    return gzip.open(path, "rb") if path.lower().endswith(".gz") else open(path, "rb")


# --- readers -------------------------------------------------------------------------------------------------------


def read_inputs(paths: Iterable[Union[str, Path]], fields: FieldNames = FieldNames()) -> Iterator[Item]:
    """Every item of the inputs, in order; an input that does not exist is one ``Failure``."""
    files, missing = expand_inputs(paths)
    for raw in missing:
        yield Failure(stem(raw), raw, "read", "no such file")
    for part in files:
        yield from read_slice(part, fields)


def read_file(path: Union[str, Path], fields: FieldNames = FieldNames()) -> Iterator[Item]:
    yield from read_slice(FileSlice(str(path), str(path)), fields)


def read_slice(part: FileSlice, fields: FieldNames = FieldNames()) -> Iterator[Item]:
    kind = input_kind(part.path)
    if not Path(part.path).exists():
        yield Failure(stem(part.source), part.source, "read", "no such file")
    elif kind is None:
        yield Failure(stem(part.source), part.source, "read",
                      f"unsupported input type {Path(part.path).suffix or '(none)'!r}")
    else:
        try:
            yield from READERS[kind](part, fields)
        except Exception as err:  # unreadable or corrupt (a cut gzip stream, a broken WARC): the rest goes on
            yield Failure(stem(part.source), part.source, "read", f"{type(err).__name__}: {err}")


def _read_whole(part: FileSlice) -> tuple[Optional[str], Optional[str], Optional[Failure]]:
    try:
        text, warning = decode(Path(part.path).read_bytes())
    except BinaryData as err:
        return None, None, Failure(stem(part.source), part.source, "read", f"{err}: not an article file")
    return text, warning, None


def _read_txt(part: FileSlice, fields: FieldNames) -> Iterator[Item]:
    text, warning, failure = _read_whole(part)
    yield failure or _article(stem(part.source), text, part.source, warnings=[warning] if warning else [])


def _read_html(part: FileSlice, fields: FieldNames) -> Iterator[Item]:
    html, warning, failure = _read_whole(part)
    yield failure or Page(stem(part.source), html, part.source, warnings=[warning] if warning else [])


def _read_jsonl(part: FileSlice, fields: FieldNames) -> Iterator[Item]:
    name = stem(part.source)
    with _open_binary(part.path) as handle:
        check_text(handle.peek(_SNIFF_BYTES)[:_SNIFF_BYTES] if part.offset == 0 else b"")
        handle.seek(part.offset)
        for number, raw in _numbered(handle, part):
            if not raw.strip():
                continue
            where, fallback = f"{part.source}:{number}", f"{name}:{number}"
            try:
                line, warning = decode(raw)
                row = json.loads(line)
            except (BinaryData, json.JSONDecodeError) as err:
                yield Failure(fallback, where, "read", f"malformed JSON line ({err})")
                continue
            if not isinstance(row, dict):
                yield Failure(fallback, where, "read", "a JSONL line must hold an object")
                continue
            yield _from_row(row, fields, fallback, where, [warning] if warning else [])


def _read_csv(part: FileSlice, fields: FieldNames) -> Iterator[Item]:
    name = stem(part.source)
    with _open_binary(part.path) as raw:
        encoding, warning = _sniff_encoding(raw.peek(_SNIFF_BYTES)[:_SNIFF_BYTES])
        number = part.first - 1
        try:
            header = next(csv.reader(_lines(raw, encoding)), [])
            raw.seek(max(part.offset, raw.tell()))  # a slice's rows start at its offset, after the header
            rows = csv.DictReader(_lines(raw, encoding), fieldnames=header)
            for number, row in _numbered(rows, part):
                yield _from_row(row, fields, f"{name}:{number}", f"{part.source}:{number + 1}",
                                [warning] if warning else [])
        except UnicodeDecodeError as err:
            yield Failure(f"{name}:{number + 1}", part.source, "read",
                          f"not UTF-8 text after row {number} ({err.reason}); the rest of the file is skipped")


def _lines(raw: IO[bytes], encoding: str) -> Iterator[str]:
    """Decoded lines of a file read as bytes, so the file's byte position always follows the CSV reader (a text
    wrapper reads ahead). UTF-8 and cp1252 never split a line ending."""
    for line in raw:
        yield line.decode(encoding)


def _numbered(items: Iterable[Any], part: FileSlice) -> Iterator[tuple[int, Any]]:
    """The items of a slice with their numbers in the file, up to the slice's end."""
    for number, item in enumerate(items, part.first):
        if part.stop is not None and number >= part.stop:
            break
        yield number, item


def _read_warc(part: FileSlice, fields: FieldNames) -> Iterator[Item]:
    """Every HTML response with status 2xx is one article: doc_id = WARC-Record-ID, url = WARC-Target-URI."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    with open(part.path, "rb") as handle:
        handle.seek(part.offset)
        try:
            for _, record in _numbered(ArchiveIterator(handle), part):
                content_type = _page_type(record)
                if content_type is None:
                    continue
                doc_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
                url = record.rec_headers.get_header("WARC-Target-URI")
                charset = content_type.partition("charset=")[2].split(";")[0].strip(" \"'") or None
                try:
                    html, warning = decode(record.content_stream().read(), charset)
                except BinaryData as err:
                    yield Failure(doc_id, f"{part.source} {url}", "read", str(err))
                    continue
                yield Page(doc_id, html, part.source, url=url, warnings=[warning] if warning else [])
        except ArchiveLoadFailed as err:
            yield Failure(stem(part.source), part.source, "read", f"not a readable WARC file ({err})")


def _page_type(record: Any) -> Optional[str]:
    """The Content-Type of a WARC record that is an HTML page with status 2xx; None for any other record."""
    http = record.http_headers
    if record.rec_type != "response" or http is None or not http.get_statuscode().startswith("2"):
        return None
    content_type = (http.get_header("Content-Type") or "").lower()
    return content_type if "html" in content_type else None


def _first(row: dict[str, Any], names: Iterable[str]) -> Any:
    return next((row[name] for name in names if row.get(name) not in (None, "")), None)


def _from_row(row: dict[str, Any], fields: FieldNames, fallback_id: str, source: str,
              warnings: list[str]) -> Item:
    doc_id = str(_first(row, fields.ids) or fallback_id)
    metadata = {"title": _first(row, ("title",)), "url": _first(row, ("url",)),
                "published": _first(row, PUBLISHED_FIELDS)}
    html = row.get(fields.html) if fields.html else None
    if isinstance(html, str) and html.strip():
        return Page(doc_id, html, source, warnings=warnings, **metadata)
    text = _first(row, fields.texts)
    if not isinstance(text, str):
        wanted = " or ".join(repr(name) for name in (*((fields.html,) if fields.html else ()), *fields.texts))
        return Failure(doc_id, source, "read", f"no text: the row has no {wanted} field")
    return _article(doc_id, text, source, warnings=warnings, **metadata)


def _article(doc_id: str, text: str, source: str, **metadata: Any) -> Item:
    if not text.strip():
        return Failure(doc_id, source, "read", "empty text")
    return Article(doc_id=doc_id, text=text, source=source, **{k: v for k, v in metadata.items() if v is not None})


READERS = {"txt": _read_txt, "html": _read_html, "jsonl": _read_jsonl, "csv": _read_csv, "warc": _read_warc}


def split_file(part: FileSlice, size: int) -> list[FileSlice]:
    """A JSONL, CSV or WARC file cut into slices of ``size`` articles, found by one pass over it without extracting.
    Other files stay whole, and so does a file that cannot be cut: unreadable (its reader then says why), or a WARC
    compressed as one gzip stream, where a record cannot be read without all those before it."""
    starts = _ITEM_STARTS.get(input_kind(part.path) or "")
    if starts is None:
        return [part]
    slices: list[FileSlice] = []
    first, offset, articles = 1, 0, 0
    try:
        for number, (start, is_article) in enumerate(starts(part.path), 1):
            if number == 1:
                offset = start
            elif is_article and articles == size:
                slices.append(FileSlice(part.path, part.source, first, offset, number))
                first, offset, articles = number, start, 0
            articles += is_article
    except Exception:  # any damage: the whole file goes to one reader, which reports it
        return [part]
    return [*slices, FileSlice(part.path, part.source, first, offset, None)] if slices else [part]


def _jsonl_starts(path: str) -> Iterator[tuple[int, bool]]:
    position = 0
    with _open_binary(path) as handle:
        for line in handle:
            yield position, True
            position += len(line)


def _csv_starts(path: str) -> Iterator[tuple[int, bool]]:
    with _open_binary(path) as raw:
        encoding, _ = _sniff_encoding(raw.peek(_SNIFF_BYTES)[:_SNIFF_BYTES])
        rows = csv.reader(_lines(raw, encoding))
        next(rows)  # the header
        start = raw.tell()
        for _ in rows:
            yield start, True
            start = raw.tell()


def _warc_starts(path: str) -> Iterator[tuple[int, bool]]:
    from warcio.archiveiterator import ArchiveIterator

    magic = b"\x1f\x8b" if path.lower().endswith(".gz") else b"WARC/"
    with open(path, "rb") as handle, open(path, "rb") as check:
        records = ArchiveIterator(handle)
        for record in records:
            start = records.get_record_offset()
            check.seek(start)
            if check.read(len(magic)) != magic:
                raise ValueError(f"no WARC record (or gzip member) starts at byte {start}")
            yield start, _page_type(record) is not None


_ITEM_STARTS = {"jsonl": _jsonl_starts, "csv": _csv_starts, "warc": _warc_starts}


# --- writing -------------------------------------------------------------------------------------------------------


def dumps(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False)


class JsonlAppender:
    """Writes JSON lines in batches, each batch flushed as a whole, so a killed run leaves complete lines."""

    def __init__(self, path: Union[str, Path], append: bool = False) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = self.path.open("a" if append else "w", encoding="utf-8", newline="\n")
        self.writer = jsonlines.Writer(self.handle, dumps=dumps)

    def write_lines(self, lines: Iterable[str]) -> None:
        """Lines serialised elsewhere with ``dumps`` (by the worker that made the record)."""
        self.handle.write("".join(line + "\n" for line in lines))
        self.handle.flush()

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        self.writer.write_all(rows)
        self.handle.flush()

    def close(self) -> None:
        self.writer.close()
        self.handle.close()

    def __enter__(self) -> JsonlAppender:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def recover_ids(path: Union[str, Path]) -> set[str]:
    """The doc_ids of the records already in ``path``. A last line cut by a killed run is removed."""
    ids, complete = set(), 0
    with Path(path).open("rb+") as handle:
        for raw in handle:
            if not raw.endswith(b"\n"):
                handle.truncate(complete)
                break
            complete += len(raw)
            if raw.strip():
                ids.add(record_id(raw.decode("utf-8")))
    return ids


# Records open with their schema and doc_id: reading just that much keeps resuming a huge OUT quick.
_DOC_ID = re.compile(r'\{"schema": "[^"]*", "doc_id": ("(?:[^"\\]|\\.)*")')


def record_id(line: str) -> str:
    """The doc_id of a record given as a JSON line, without parsing the whole record."""
    match = _DOC_ID.match(line)
    return json.loads(match.group(1)) if match else json.loads(line)["doc_id"]


def read_records(path: Union[str, Path]) -> list[dict[str, Any]]:
    with jsonlines.open(path) as reader:
        return list(reader)
