"""A broker outage at import time loses nothing: the import succeeds, the articles wait as
*pending*, and the beat sweep queues them once Redis is back (here: the real one)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from articles.models import Article
from claims.models import Claim
from claims.services.extraction import extraction_sweep
from tests.conftest import REPO

# Nothing listens here: connecting is refused at once, as when Redis is down.
DEAD_BROKER = "redis://127.0.0.1:1/0"


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_an_import_while_redis_is_down_keeps_the_articles_and_the_sweep_extracts_them_later(
    celery_worker, tmp_path, settings
):
    from django.db import connection

    source = tmp_path / "outage.jsonl"
    rows = [
        {
            "url": f"https://news.example/outage-{i}",
            "title": f"Depot {i}",
            "body": f"The depot in Northfield {i} employs {120 + i} drivers, the council said.",
        }
        for i in range(3)
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    env = {**os.environ, "DATABASE_URL": db_url, "DATABASE_POOL": "0", "REDIS_URL": DEAD_BROKER}
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "manage.py", "import_articles", str(source)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("3 created")
    assert time.monotonic() - started < 60  # the outage did not hang the import
    assert set(Article.objects.values_list("extraction_status", flat=True)) == {"pending"}

    # Redis is back (the session's real broker, a real worker on it); the sweep's threshold passes.
    settings.FACTCHECK_EXTRACTION_STALE_AFTER_SECONDS = 0
    time.sleep(0.01)
    assert len(extraction_sweep().requeued) == 3
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and Article.objects.exclude(extraction_status="done"):
        time.sleep(0.2)
    assert set(Article.objects.values_list("extraction_status", flat=True)) == {"done"}
    assert Claim.objects.filter(text__contains="employs 121 drivers").exists()
