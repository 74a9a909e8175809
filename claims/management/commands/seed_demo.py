"""`python manage.py seed_demo`: the demo users and articles `make run` starts with.

Safe to run again: users keep their passwords unless DEMO_PASSWORD is set, and articles already
imported are left unchanged (their claims are extracted by the worker, as for any import)."""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand

from articles.models import Article, ImportBatch
from articles.readers import read_jsonl
from articles.services import article_import, format_error
from claims.demo import DEMO_ARTICLES, DEMO_USERS, demo_users_ensure
from claims.extraction import EXTRACTOR_VERSION
from claims.services.extraction import extraction_request


class Command(BaseCommand):
    help = "Create the demo users (admin, reviewer, editor) and import the demo articles."

    def handle(self, *args: Any, **options: Any) -> None:
        users = demo_users_ensure(password=os.environ.get("DEMO_PASSWORD") or None)
        names = ", ".join(name for name, _, _ in DEMO_USERS)
        if users.password and not os.environ.get("DEMO_PASSWORD"):
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo users {names}: password {users.password} (shown once; set DEMO_PASSWORD "
                    "to choose it)"
                )
            )
        elif users.password:
            self.stdout.write(f"Demo users {names}: password from DEMO_PASSWORD")
        else:
            self.stdout.write(
                f"Demo users {names} already exist and keep their passwords "
                "(set DEMO_PASSWORD to reset them)"
            )

        result = article_import(
            rows=read_jsonl(DEMO_ARTICLES, source="demo articles"),
            origin=ImportBatch.Origin.COMMAND_LINE,
            source="demo articles",
        )
        for error in result.errors:
            self.stderr.write(format_error(error))
        self.stdout.write(f"Demo articles: {result.summary}")
        # Claims made by an older extractor are refreshed (untouched ones only).
        outdated = Article.objects.filter(
            import_batch__source="demo articles", extraction__status=Article.ExtractionStatus.DONE
        ).exclude(extraction__extractor_version=EXTRACTOR_VERSION)
        refreshed = extraction_request(article_ids=outdated.values_list("pk", flat=True))
        if refreshed:
            self.stdout.write(f"Re-extracting {refreshed} demo article(s) with {EXTRACTOR_VERSION}")
