"""Readers: files, folders and feeds in, `RawRow`s out, one at a time.

Every reader streams what can be streamed (JSONL and CSV line by line, so a 1 GB file is never
held in memory; a `.json` document, a feed and an HTML page are read whole) and never raises on
bad input: a line that is not JSON, bytes that are not UTF-8, an unreadable file all become a
`RawRow` with `error` set and a `location` naming the line, row or item, and reading goes on.
"""

from __future__ import annotations

import csv
import json
import logging
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck import outbound

logger = logging.getLogger(__name__)

JSONL = {".jsonl", ".ndjson"}
JSON = {".json"}
CSV = {".csv"}
HTML = {".html", ".htm"}
FEED = {".xml", ".rss", ".atom"}
SUPPORTED = JSONL | JSON | CSV | HTML | FEED
SUPPORTED_TEXT = ".jsonl, .json, .csv, .html, .rss/.atom/.xml"

# Each buffer refill is a read() that releases the GIL; getting it back from the busy writer
# threads can take a switch interval (5 ms). With the default 8 KB buffer that was every few
# lines, and reading took longer than cleaning; 1 MB makes it every few hundred.
READ_BUFFER = 1 << 20

# The largest raw field a CSV cell may hold; the cleaner reports bodies over the real limit.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass(frozen=True, slots=True)
class RawRow:
    source: str
    location: str  # "line 3", "row 2", "item 1"; "" when the whole source failed
    data: Mapping[str, Any] | None = None
    error: str | None = None  # set when the row could not even be read
    field: str = ""


def _bad_utf8(exc: UnicodeDecodeError) -> str:
    return f"not valid UTF-8 (byte 0x{exc.object[exc.start]:02x} at position {exc.start + 1})"


def parse_json(text: str) -> tuple[Any, str | None, int]:
    """(value, None, 0), or (None, why it is not usable JSON, the line number or 0). Besides
    syntax errors, `json` raises RecursionError on deeply nested arrays and ValueError on an
    integer of more than 4,300 digits: both are bad input like any other."""
    try:
        return json.loads(text), None, 0
    except json.JSONDecodeError as exc:
        return None, f"not JSON: {exc.msg} (column {exc.colno})", exc.lineno
    except RecursionError:
        return None, "not JSON we can read: nested too deeply", 0
    except ValueError as exc:  # "Exceeds the limit (4300 digits) for integer string conversion"
        return None, f"not JSON we can read: {str(exc).split(';')[0]}", 0


def read_jsonl(path: Path, source: str | None = None) -> Iterator[RawRow]:
    source = source or str(path)
    seen = False
    with path.open("rb", buffering=READ_BUFFER) as handle:
        for number, raw in enumerate(handle, start=1):
            location = f"line {number}"
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield RawRow(source, location, error=_bad_utf8(exc))
                continue
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            seen = True
            data, problem, _ = parse_json(line)
            if problem is not None:
                yield RawRow(source, location, error=problem)
                continue
            if not isinstance(data, dict):
                yield RawRow(
                    source, location, error=f"expected a JSON object, got {type(data).__name__}"
                )
                continue
            yield RawRow(source, location, data=data)
    if not seen:
        yield RawRow(source, "", error="empty file: no JSON lines")


def rows_from_json_value(value: Any, source: str) -> Iterator[RawRow]:
    """A JSON document: one article object, or a list of them (also the API's input)."""
    if isinstance(value, dict):
        yield RawRow(source, "item 1", data=value)
    elif isinstance(value, list):
        for number, item in enumerate(value, start=1):
            if isinstance(item, dict):
                yield RawRow(source, f"item {number}", data=item)
            else:
                yield RawRow(
                    source,
                    f"item {number}",
                    error=f"expected a JSON object, got {type(item).__name__}",
                )
    else:
        yield RawRow(
            source, "", error=f"expected an object or a list of objects, got {type(value).__name__}"
        )


def read_json(path: Path, source: str | None = None) -> Iterator[RawRow]:
    source = source or str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield RawRow(source, "", error=_bad_utf8(exc))
        return
    value, problem, line = parse_json(text)
    if problem is not None:
        yield RawRow(source, f"line {line}" if line else "", error=problem)
        return
    yield from rows_from_json_value(value, source)


def read_csv(path: Path, source: str | None = None) -> Iterator[RawRow]:
    """A header row names the fields. Row numbers count the header as row 1, as a spreadsheet
    does; a cell with bytes that are not UTF-8 fails that row only."""
    source = source or str(path)
    with path.open(
        encoding="utf-8-sig", errors="surrogateescape", newline="", buffering=READ_BUFFER
    ) as handle:
        # strict: a stray quote is reported for its row instead of silently merging cells, or
        # swallowing the rest of the file into one cell when a quote is never closed
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            yield RawRow(source, "", error="empty file: expected a header row")
            return
        except csv.Error as exc:
            yield RawRow(source, "row 1", error=f"unreadable header: {exc}")
            return
        names = [h.strip().lower() for h in header]
        if _has_surrogates(names):
            yield RawRow(source, "row 1", error="header is not valid UTF-8")
            return
        number = 1
        while True:
            number += 1
            first_line = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield from _unreadable_csv_row(path, source, number, first_line, reader, exc)
                continue
            if not any(c.strip() for c in cells):
                continue
            bad = next(
                (n for n, c in zip(names, cells, strict=False) if _has_surrogates([c])), None
            )
            if bad is not None:
                yield RawRow(source, f"row {number}", error="not valid UTF-8", field=bad)
                continue
            if len(cells) > len(names):
                yield RawRow(
                    source,
                    f"row {number}",
                    error=f"has {len(cells)} cells but the header names {len(names)}",
                )
                continue
            yield RawRow(source, f"row {number}", data=dict(zip(names, cells, strict=False)))


def _unreadable_csv_row(
    path: Path, source: str, number: int, first: int, reader: Any, exc: csv.Error
) -> Iterator[RawRow]:
    """A row the csv module could not read. When a quote opened in it and ran on past its own
    line, every line up to where the reader stopped went into that one failed row: name them,
    and report each non-blank one, so rows in = rows imported + rows reported.

    Recovering the lines after the quote was considered and left out: which quote is the stray
    one cannot be known (a multi-line cell that lost its closing quote looks the same), and a
    wrong guess would import fragments of text as articles."""
    last = reader.line_num
    if last <= first:  # the row failed on its own line; nothing else was taken with it
        yield RawRow(source, f"row {number}", error=f"unreadable CSV: {exc}")
        return
    lines = f"lines {first}-{last} not imported"
    if "unexpected end of data" in str(exc):
        why = f"a quote in this row (line {first}) is never closed; {lines}"
    else:
        why = f"{exc}, after a quoted cell ran from line {first} to line {last}; {lines}"
    yield RawRow(source, f"row {number}", error=f"unreadable CSV: {why}")
    for line_number in _non_blank_lines(path, first + 1, last):
        yield RawRow(
            source,
            f"line {line_number}",
            error=f"not imported: inside the quote left open in row {number} (line {first})",
        )


def _non_blank_lines(path: Path, first: int, last: int) -> Iterator[int]:
    """Numbers of the non-blank lines first..last, split as csv.reader splits them. Read again
    from the file (only after an error), so reading good rows costs nothing extra."""
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        for line_number, line in enumerate(handle, start=1):
            if line_number > last:
                return
            if line_number >= first and line.strip():
                yield line_number


def _has_surrogates(values: Iterable[str]) -> bool:
    return any(any("\udc80" <= ch <= "\udcff" for ch in v) for v in values)


def read_feed(content: bytes, source: str) -> Iterator[RawRow]:
    """RSS or Atom (feedparser). Each entry is an article: link, title, the full content when
    the feed carries it (else the summary), published/updated date, authors; the feed's title is
    the outlet and its language the language."""
    import feedparser

    parsed = feedparser.parse(content)
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        yield RawRow(
            source,
            "",
            error=f"not an RSS or Atom feed with items{f': {reason}' if reason else ''}",
        )
        return
    feed = parsed.feed
    for number, entry in enumerate(parsed.entries, start=1):
        body = ""
        if entry.get("content"):
            body = max((c.get("value", "") for c in entry.content), key=len)
        body = body or entry.get("summary", "")
        yield RawRow(
            source,
            f"item {number}",
            data={
                "url": entry.get("link"),
                "title": entry.get("title"),
                "body": body,
                "outlet": feed.get("title", ""),
                "authors": [a.get("name", "") for a in entry.get("authors", []) if a.get("name")],
                "published_at": entry.get("published") or entry.get("updated"),
                "language": feed.get("language", ""),
            },
        )


def read_html(content: bytes, source: str) -> Iterator[RawRow]:
    """One page: its main text (trafilatura), title, canonical URL, site name, author, date."""
    import trafilatura

    document: Any
    try:
        document = trafilatura.bare_extraction(content, with_metadata=True)
    except Exception as exc:  # trafilatura raises many kinds on odd markup
        yield RawRow(source, "", error=f"unreadable HTML: {type(exc).__name__}: {exc}")
        return
    if document is None or not (document.text or "").strip():
        yield RawRow(source, "", error="no main text found in this page", field="body")
        return
    body = document.text
    title = document.title or ""
    first, _, rest = body.partition("\n")
    if title and first.strip() == title.strip() and rest.strip():
        body = rest  # trafilatura repeats the headline as the first line
    yield RawRow(
        source,
        "page",
        data={
            "url": document.url,
            "title": title,
            "body": body.replace("\n", "\n\n"),
            "outlet": document.sitename or document.hostname or "",
            "authors": document.author or "",
            "published_at": document.date,
            "language": document.language or "",
        },
    )


def read_path(path: Path, source: str | None = None) -> Iterator[RawRow]:
    """One file, by its extension (of `source` when given: an upload's original name)."""
    source = source or str(path)
    suffix = Path(source).suffix.lower()
    try:
        if suffix in JSONL:
            yield from read_jsonl(path, source)
        elif suffix in JSON:
            yield from read_json(path, source)
        elif suffix in CSV:
            yield from read_csv(path, source)
        elif suffix in FEED:
            yield from read_feed(path.read_bytes(), source)
        elif suffix in HTML:
            yield from read_html(path.read_bytes(), source)
        else:
            yield RawRow(
                source,
                "",
                error=f"unsupported file type {suffix or '(none)'}: use {SUPPORTED_TEXT}",
            )
    except OSError as exc:
        yield RawRow(source, "", error=f"cannot read: {exc.strerror or exc}")
    except Exception as exc:  # a reader bug or a library's surprise must not end the import
        logger.exception("reading %s failed", source)
        yield RawRow(
            source, "", error=f"reading stopped by an unexpected error: {type(exc).__name__}: {exc}"
        )


def fetch_feed(url: str, *, timeout: float | None = None) -> Iterator[RawRow]:
    """Fetch a feed through the outbound guard (`factcheck.outbound`): an internal address,
    a feed over OUTBOUND_MAX_BYTES or one too slow to arrive becomes this source's error
    ("cannot fetch the feed: refused: 127.0.0.1 is a loopback address") and reading goes on
    with the next source. `timeout` bounds the whole fetch (default OUTBOUND_TIMEOUT)."""
    try:
        response = outbound.fetch(
            url,
            timeout=timeout,
            headers={
                "User-Agent": "factcheck-import",
                "Accept": "application/rss+xml, application/atom+xml, application/xml, */*",
            },
        )
        response.raise_for_status()
    except outbound.OutboundError as exc:
        yield RawRow(url, "", error=f"cannot fetch the feed: {exc.reason}")
        return
    yield from read_feed(response.content, url)


def expand(paths: Iterable[str]) -> Iterator[str | Path]:
    """Folders become the supported files under them (sorted, recursively); feed URLs pass."""
    for raw in paths:
        if raw.startswith(("http://", "https://")):
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED
            )
        else:
            yield path


def read_sources(paths: Iterable[str]) -> Iterator[RawRow]:
    for item in expand(paths):
        if isinstance(item, str):
            yield from fetch_feed(item)
        elif not item.exists():
            yield RawRow(str(item), "", error="no such file or folder")
        else:
            yield from read_path(item)
