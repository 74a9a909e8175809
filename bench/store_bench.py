"""What storing an article's claims costs, in this process: the per-article path
(`article_extract`, one transaction per article) against batch extraction (`articles_extract`,
one transaction per batch), alternating, on the same news-length articles as pipeline_bench.py.

Prints figures; it is not a test. Needs the PostgreSQL on 127.0.0.1:5432 (database
fc_bench_store, dropped and created); starts its own embedded Valkey for the matching messages,
which nobody consumes.

    .venv/bin/python bench/store_bench.py [--articles 100] [--rounds 2] [--batch 25]

For each path: engine ms per article (the same texts, engine alone), total ms per article, their
difference (storing, queueing matching, claiming the article), queries per article, and the
path's throughput as a share of the engine's; then the CPU time per article of this process and
of its PostgreSQL backend while the path ran (`--only batch` runs the batch path alone).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from devstack.valkey import EmbeddedValkey  # noqa: E402

DB = "fc_bench_store"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--batch", type=int, default=25)
    parser.add_argument("--only", choices=("single", "batch"), default=None)
    args = parser.parse_args()

    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qAt", "-v", "ON_ERROR_STOP=1"],
        input=f"DROP DATABASE IF EXISTS {DB} WITH (FORCE); CREATE DATABASE {DB};",
        text=True,
        check=True,
        capture_output=True,
    )
    tmp = Path(tempfile.mkdtemp(prefix="store-bench-"))
    valkey = EmbeddedValkey(tmp / "valkey", preferred_port=None, log=lambda _t: None)
    os.environ.update(
        {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
            "REDIS_URL": valkey.start(),
            "CELERY_QUEUE": "store-bench",
            "DEBUG": "1",
            "DATABASE_POOL": "0",
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    call_command("migrate", verbosity=0)

    import psutil
    from pipeline_bench import articles

    from articles.cleaning import content_hash
    from articles.models import Article, ArticleExtraction
    from claims.extraction import extract
    from claims.models import Claim
    from claims.services.batch_extraction import articles_extract
    from claims.services.extraction import article_extract

    def backend() -> psutil.Process:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            return psutil.Process(cursor.fetchone()[0])

    def cpu(process: psutil.Process) -> float:
        times = process.cpu_times()
        return times.user + times.system

    def run(mode: str, round_no: int) -> None:
        rows = articles(args.articles, seed=100 * round_no + (mode == "batch"))
        now = timezone.now()
        tag = f"{mode}{round_no}"
        created = Article.objects.bulk_create(
            [
                Article(
                    url=f"{r['url']}?{tag}",
                    title=r["title"],
                    body=r["body"],
                    language="en",
                    outlet="bench",
                    published_at=now,
                    content_hash=content_hash(r["title"] + tag, r["body"]),
                )
                for r in rows
            ]
        )
        ids = [a.pk for a in created]
        began = time.perf_counter()
        for r in rows:
            extract(r["body"])
        engine = time.perf_counter() - began
        server = backend()
        server_began, own_began = cpu(server), time.process_time()
        with CaptureQueriesContext(connection) as queries:
            began = time.perf_counter()
            if mode == "batch":
                for i in range(0, len(ids), args.batch):
                    articles_extract(article_ids=ids[i : i + args.batch])
            else:
                for pk in ids:
                    article_extract(article_id=pk)
            total = time.perf_counter() - began
        server_cpu, own_cpu = cpu(server) - server_began, time.process_time() - own_began
        n = len(ids)
        done = ArticleExtraction.objects.filter(pk__in=ids, status="done").count()
        claims = Claim.objects.filter(article_id__in=ids).count()
        print(
            f"{mode:6s} round {round_no}: {n} articles ({done} done, {claims} claims); "
            f"engine {1000 * engine / n:.1f} ms/article, total {1000 * total / n:.1f}, "
            f"storing and the rest {1000 * (total - engine) / n:.1f}; "
            f"{len(queries.captured_queries) / n:.1f} queries/article; "
            f"{100 * engine / total:.0f}% of the engine's throughput; "
            f"CPU ms/article: this process {1000 * own_cpu / n:.2f}, "
            f"its PostgreSQL backend {1000 * server_cpu / n:.2f}",
            flush=True,
        )

    try:
        articles_extract(article_ids=[])  # warm up: imports, the task registry
        for round_no in range(args.rounds):
            modes = ("single", "batch") if round_no % 2 == 0 else ("batch", "single")
            for mode in [m for m in modes if args.only in (None, m)]:
                run(mode, round_no)
    finally:
        valkey.stop()


if __name__ == "__main__":
    main()
