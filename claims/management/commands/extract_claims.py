"""`manage.py extract_claims [--jsonl] FILE|-`: print one JSON line per extracted claim.

Thin: no database access; the engine in `claims.extraction` does the work. Input is read as bytes
and decoded line by line, so one line that is not UTF-8 (or not JSON, or that the engine fails on)
is reported on stderr with its number and the rest is still processed; the exit status is non-zero
when any line failed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any, BinaryIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.extraction import EXTRACTOR_VERSION, extract, to_dict


class Command(BaseCommand):
    help = (
        "Extract check-worthy claims from a plain-text article, or with --jsonl from JSON lines "
        '{"id", "title", "body"}; print one JSON object a claim.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="input file, or - for standard input")
        parser.add_argument(
            "--jsonl", action="store_true", help='input is JSON lines {"id", "title", "body"}'
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        try:
            fh: BinaryIO = (
                sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
            )
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        self._path = path
        self._failed = 0
        with fh:
            if options["jsonl"]:
                self._jsonl(fh)
            else:
                self._plain(fh)
        if self._failed:
            raise CommandError(f"{self._failed} line(s) failed; the others were processed")

    def _fail(self, lineno: int, error: str) -> None:
        self._failed += 1
        self.stderr.write(f"{self._path}:{lineno}: {error}")

    def _decode(self, lineno: int, raw: bytes) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            self._fail(lineno, f"not UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})")
            return raw.decode("utf-8", errors="replace")

    def _plain(self, fh: Iterable[bytes]) -> None:
        # One article: a line that is not UTF-8 is reported, its bad bytes become U+FFFD and the
        # article is still extracted (offsets are into the decoded text).
        text = "".join(self._decode(n, raw) for n, raw in enumerate(fh, start=1))
        self._emit(text, None, 0)

    def _jsonl(self, fh: Iterable[bytes]) -> None:
        for lineno, raw in enumerate(fh, start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                self._fail(lineno, f"not UTF-8 (byte 0x{raw[exc.start]:02x}); skipped")
                continue
            if not line.strip():
                continue
            error = None
            try:
                article = json.loads(line)
            except json.JSONDecodeError as exc:
                error = f"not JSON ({exc.msg})"
            else:
                if not isinstance(article, dict):
                    error = "not a JSON object"
                elif not isinstance(article.get("body"), str):
                    error = 'missing "body" (a string)'
            if error:
                self._fail(lineno, f"{error}; skipped")
                continue
            self._emit(article["body"], article.get("id", lineno), lineno)

    def _emit(self, body: str, article: Any, lineno: int) -> None:
        try:
            rows = [to_dict(claim, article=article) for claim in extract(body)]
        except Exception as exc:  # one bad article must not stop the others
            self._fail(lineno, f"extraction failed ({type(exc).__name__}: {exc}); skipped")
            return
        for row in rows:
            row["extractor_version"] = EXTRACTOR_VERSION
            self.stdout.write(json.dumps(row, ensure_ascii=False))
