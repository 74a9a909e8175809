"""Import benchmark: N synthetic articles as JSONL, through `import_articles`' service, with
extraction enqueued on the real Redis broker.

    .venv/bin/python bench/import_bench.py [--articles 100000] [--scales 10000,100000] [--writers 2]

Creates database `fc_bench_import` (dropped first), migrates it, writes the JSONL file(s) to a
temporary folder, and for each scale runs the import in a fresh subprocess (so peak memory is per
run), printing articles/s, the tasks enqueued and peak RSS. Half the articles have a URL, half
are deduped by content hash; bodies are 2-4 KB of news-like text with figures. The bench queue
is deleted from Redis afterwards (no worker consumes it: this measures import, not extraction).
Needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DB = "fc_bench_import"
QUEUE = "fc-bench-import"  # the queue prefix: extraction goes to QUEUE.extraction
ENV = {
    **os.environ,
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
    "REDIS_URL": "redis://127.0.0.1:6379/5",
    "SECRET_KEY": "bench-only-secret-" + "b" * 40,
    "DEBUG": "0",
    "CELERY_QUEUE": QUEUE,
    "LOG_LEVEL": "WARNING",
}

TOWNS = ["Eastmouth", "Northvale", "Port Ellen", "Kingsbridge", "Ashford", "Millbrook", "Redcliff"]
THINGS = ["homes", "jobs", "containers", "patients", "students", "cars", "visitors", "flights"]
VERBS = ["rose", "fell", "climbed", "dropped", "grew"]


def article(i: int, rng: random.Random) -> dict:
    town = rng.choice(TOWNS)
    paras = []
    for _ in range(rng.randint(6, 12)):
        n = rng.randint(100, 900_000)
        paras.append(
            f"{town} recorded {n:,} {rng.choice(THINGS)} in {rng.randint(1990, 2025)}, the "
            f"council said on {rng.choice(['Monday', 'Tuesday', 'Friday'])}. The figure "
            f"{rng.choice(VERBS)} {rng.randint(1, 40)} percent from the year before, when "
            f"officials counted {rng.randint(100, 900_000):,}. Spending reached "
            f"${rng.randint(1, 900)}.{rng.randint(0, 99):02d} million, according to the budget "
            f"office, and the mayor expects growth of about {rng.randint(1, 9)} percent. "
            f"Story {i}, paragraph {len(paras) + 1}."
        )
    row = {
        "title": f"{town} report number {i}",
        "body": "\n\n".join(paras),
        "outlet": f"{town} Gazette",
        "authors": ["Bench Desk"],
        "published_at": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T08:00:00Z",
        "language": "en",
    }
    if i % 2 == 0:
        row["url"] = f"https://bench.example/{town.lower().replace(' ', '-')}/{i}"
    return row


def write_jsonl(path: Path, n: int) -> None:
    rng = random.Random(20261124)
    with path.open("w") as handle:
        for i in range(n):
            handle.write(json.dumps(article(i, rng)) + "\n")


def run_one(path: Path, writers: int | None) -> None:
    """In the child: import the file, print one JSON line of figures."""
    import django

    os.environ.update(ENV)
    os.environ["DJANGO_SETTINGS_MODULE"] = "factcheck.settings"
    django.setup()
    from articles.models import ImportBatch
    from articles.readers import read_sources
    from articles.services import article_import

    began = time.perf_counter()
    options = {"writers": writers} if writers else {}
    result = article_import(
        rows=read_sources([str(path)]), origin=ImportBatch.Origin.COMMAND_LINE, **options
    )
    seconds = time.perf_counter() - began
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "created": result.created,
                "unchanged": result.unchanged,
                "failed": result.failed,
                "enqueued": result.enqueued,
                "seconds": seconds,
                "peak_rss_mb": peak_kb / 1024,
            }
        )
    )


def import_in_child(path: Path, writers: int | None) -> dict:
    """One import in a fresh process (so its peak RSS is its own); its figures."""
    extra = ["--writers", str(writers)] if writers else []
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(path), *extra],
        cwd=REPO,
        env=ENV,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def psql(sql: str, db: str = "postgres") -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-qAt", "-v", "ON_ERROR_STOP=1"],
        input=sql,
        text=True,
        check=True,
        capture_output=True,
    )


def redis_queue_length() -> int:
    import redis

    return int(redis.Redis.from_url(ENV["REDIS_URL"]).llen(f"{QUEUE}.extraction"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--scales", default="", help="comma-separated sizes (default: N/10,N)")
    parser.add_argument(
        "--writers", type=int, help="writer threads (default: the service's WRITERS)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_one(Path(args.child), args.writers)
        return
    scales = [int(s) for s in args.scales.split(",") if s] or [
        max(args.articles // 10, 1),
        args.articles,
    ]
    import redis

    r = redis.Redis.from_url(ENV["REDIS_URL"])
    with tempfile.TemporaryDirectory() as tmp:
        for n in scales:
            psql(f"DROP DATABASE IF EXISTS {DB}; CREATE DATABASE {DB};")
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=REPO, env=ENV, check=True
            )
            r.delete(f"{QUEUE}.extraction")
            path = Path(tmp) / f"articles-{n}.jsonl"
            write_jsonl(path, n)
            size_mb = path.stat().st_size / 1e6
            figures = import_in_child(path, args.writers)
            queued = redis_queue_length()
            print(
                f"{n:>9,} articles ({size_mb:,.0f} MB JSONL): {n / figures['seconds']:,.0f} "
                f"articles/s ({figures['seconds']:.1f} s), created {figures['created']:,}, "
                f"{figures['enqueued']:,} queued for extraction "
                f"({queued:,} fan-out messages in Redis), "
                f"peak RSS {figures['peak_rss_mb']:.0f} MB",
                flush=True,
            )
            # Again: everything is unchanged, nothing is queued.
            second = import_in_child(path, args.writers)
            print(
                f"{'':>9} re-import: {n / second['seconds']:,.0f} articles/s, "
                f"unchanged {second['unchanged']:,}, enqueued {second['enqueued']:,}",
                flush=True,
            )
            r.delete(f"{QUEUE}.extraction")
    psql(f"DROP DATABASE IF EXISTS {DB};")


if __name__ == "__main__":
    main()
