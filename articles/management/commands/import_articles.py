"""`python manage.py import_articles PATH [PATH ...]`: files, folders and feed URLs."""

from __future__ import annotations

import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from articles.models import ImportBatch
from articles.readers import SUPPORTED_TEXT, read_sources
from articles.services import article_import, format_error

# Errors printed in full on stderr; the rest are counted (all are kept on the ImportBatch).
SHOW_ERRORS = 50


class Command(BaseCommand):
    help = (
        f"Import articles from files ({SUPPORTED_TEXT}), folders of them and RSS/Atom feed URLs. "
        "Prints one summary line; exits with status 1 when any row failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--user", help="record this username as the importer")
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--no-progress", action="store_true", help="no progress bar, even on a terminal"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths: list[str] = options["paths"]
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"no user named {options['user']!r}")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        all_feeds = all(p.startswith(("http://", "https://")) for p in paths)
        bar = None
        if not options["no_progress"] and sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(unit=" articles", unit_scale=True, file=sys.stderr)
        try:
            result = article_import(
                rows=read_sources(paths),
                origin=ImportBatch.Origin.FEED if all_feeds else ImportBatch.Origin.COMMAND_LINE,
                actor=actor,
                source=" ".join(paths),
                batch_size=options["batch_size"],
                progress=bar.update if bar is not None else None,
            )
        finally:
            if bar is not None:
                bar.close()
        for error in result.errors[:SHOW_ERRORS]:
            self.stderr.write(format_error(error))
        if result.errors_total > SHOW_ERRORS:
            self.stderr.write(
                f"... and {result.errors_total - SHOW_ERRORS:,} more errors "
                f"(all are listed on import #{result.batch.pk} in the admin)"
            )
        self.stdout.write(result.summary)
        if result.failed:
            sys.exit(1)
