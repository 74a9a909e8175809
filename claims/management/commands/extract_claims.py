"""`manage.py extract_claims [--jsonl] FILE|-`: print one JSON line per extracted claim.

Thin: no database access; the engine in `claims.extraction` does the work.
"""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

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
            fh: TextIO = (
                sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
            )
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from exc
        with fh:
            if not options["jsonl"]:
                self._emit(fh.read(), None)
                return
            failed = 0
            for lineno, line in enumerate(fh, start=1):
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
                    failed += 1
                    self.stderr.write(f"{path}:{lineno}: {error}; skipped")
                    continue
                self._emit(article["body"], article.get("id", lineno))
        if failed:
            raise CommandError(f"{failed} line(s) failed; the others were processed")

    def _emit(self, body: str, article: Any) -> None:
        for claim in extract(body):
            row = to_dict(claim, article=article)
            row["extractor_version"] = EXTRACTOR_VERSION
            self.stdout.write(json.dumps(row, ensure_ascii=False))
