"""Re-anchoring benchmark: revisions of long articles (about 100 KB, built from the shared
corpus) re-anchored per second, by the pure engine and through the service with N claims.

    .venv/bin/python bench/reanchor_bench.py [--kb 100] [--revisions 20] [--claims 200] [--no-db]

Each revision edits about 2% of the sentences (a figure or a word changed), inserts 1% new ones
and deletes 1%. The engine figure (`claims.extraction.anchor.reanchor`, every sentence of the
body a span) is CPU time, best of three. The service figure (`claims_reanchor`: load the claims
and the old body, diff, write the moved claims, notifications) is wall time on database
`fc_bench_reanchor` (dropped and migrated first), one transaction per revision as in the
re-extraction. Needs PostgreSQL on 127.0.0.1:5432.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
CORPUS = REPO.parent / "shared" / "corpus" / "seed_articles.jsonl"
DB = "fc_bench_reanchor"


def long_body(kb: int, rng: random.Random) -> str:
    """Paragraphs of the corpus, figures varied, until `kb` KB."""
    paras = []
    for line in CORPUS.read_text().splitlines():
        paras += [p for p in json.loads(line)["body"].splitlines() if p.strip()]
    out: list[str] = []
    size = 0
    while size < kb * 1000:
        p = re.sub(r"\d", lambda m: str(rng.randint(0, 9)), rng.choice(paras))
        out.append(p)
        size += len(p) + 1
    return "\n".join(out)


def revise(body: str, rng: random.Random) -> str:
    """About 2% of sentences edited, 1% inserted, 1% deleted."""
    from claims.extraction.sentences import iter_sentence_spans

    pieces: list[str] = []
    pos = 0
    for start, end, _ in iter_sentence_spans(body):
        pieces.append(body[pos:start])
        sentence = body[start:end]
        roll = rng.random()
        if roll < 0.02:
            sentence = re.sub(r"\d", lambda m: str(rng.randint(0, 9)), sentence, count=2)
            sentence = sentence.replace(" the ", " a ", 1)
        elif roll < 0.03:
            sentence = ""
        elif roll < 0.04:
            sentence += f" Officials added {rng.randint(2, 999)} more on {rng.randint(1, 28)} May."
        pieces.append(sentence)
        pos = end
    pieces.append(body[pos:])
    return "".join(pieces)


def engine(bodies: list[str], revisions: list[str]) -> tuple[float, int]:
    from claims.extraction.anchor import reanchor
    from claims.extraction.sentences import iter_sentence_spans

    spans = [[(s, e) for s, e, _ in iter_sentence_spans(b)] for b in bodies]
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        for old, new, sp in zip(bodies, revisions, spans, strict=True):
            reanchor(old, new, sp)
        best = min(best, time.process_time() - t0)
    return len(bodies) / best, sum(len(s) for s in spans) // len(spans)


def service(
    body: str, revisions: list[str], n_claims: int, rng: random.Random
) -> tuple[float, float]:
    import subprocess

    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {DB}"],
        check=True,
    )
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {DB}"], check=True
    )
    os.environ.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB}",
        SECRET_KEY="bench-only-secret-" + "r" * 40,
        DEBUG="0",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="factcheck.settings",
    )
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/1")  # settings ask; unused here
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)
    from articles.models import Article, ArticleExtraction, ArticleRevision
    from articles.services import body_hash
    from claims.extraction.sentences import iter_sentence_spans
    from claims.models import Claim
    from claims.services.anchoring import claims_reanchor

    article = Article.objects.create(title="Bench", body=body, content_hash="x" * 64)
    ArticleRevision.objects.create(
        article=article, number=1, body=body, content_hash=body_hash(body), origin="api"
    )
    sentences = [(s, e) for s, e, _ in iter_sentence_spans(body)]
    chosen = sorted(rng.sample(sentences, min(n_claims, len(sentences))))
    Claim.objects.bulk_create(
        Claim(article=article, start=s, end=e, text=body[s:e]) for s, e in chosen
    )
    ArticleExtraction.objects.filter(pk=article.pk).update(extracted_revision=1)
    total = cpu = 0.0
    previous = body
    for number, new in enumerate(revisions, start=2):
        ArticleRevision.objects.create(
            article=article, number=number, body=new, content_hash=body_hash(new), origin="api"
        )
        Article.objects.filter(pk=article.pk).update(body=new)
        t0, c0 = time.perf_counter(), time.process_time()
        with transaction.atomic():
            Article.objects.select_for_update().filter(pk=article.pk).first()
            result = claims_reanchor(article_id=article.pk)
            ArticleExtraction.objects.filter(pk=article.pk).update(
                extracted_revision=result.revision
            )
        total += time.perf_counter() - t0
        cpu += time.process_time() - c0
        for c in Claim.objects.filter(article=article, anchor_status="current"):
            assert new[c.start : c.end] == c.text
        previous = new
    del previous
    counts = {
        s: Claim.objects.filter(article=article, anchor_status=s).count()
        for s in ("current", "changed", "removed")
    }
    print(f"  claims after {len(revisions)} revisions: {counts}")
    return len(revisions) / total, len(revisions) / cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", type=int, default=100)
    ap.add_argument("--revisions", type=int, default=20)
    ap.add_argument("--claims", type=int, default=200)
    ap.add_argument("--no-db", action="store_true", help="the engine only")
    args = ap.parse_args()
    rng = random.Random(15)
    bodies = [long_body(args.kb, rng) for _ in range(args.revisions)]
    revised = [revise(b, rng) for b in bodies]
    rate, n_spans = engine(bodies, revised)
    print(
        f"engine: {rate:,.1f} revisions/s of {args.kb} KB articles "
        f"({n_spans:,} sentence spans each; CPU time, best of 3)"
    )
    if args.no_db:
        return
    chain = [bodies[0]]
    for _ in range(args.revisions):
        chain.append(revise(chain[-1], rng))
    rate, cpu_rate = service(chain[0], chain[1:], args.claims, rng)
    print(
        f"service: {rate:,.1f} revisions/s of a {args.kb} KB article with {args.claims} claims "
        f"(wall time, one transaction each; {cpu_rate:,.1f}/s counting this process's CPU only)"
    )


if __name__ == "__main__":
    main()
