"""API benchmark: 1,000,000 claims in PostgreSQL, gunicorn on loopback, a bounded client.

    .venv/bin/python bench/api_bench.py [--claims 1000000] [--requests 400] [--concurrency 1,2,8]
    .venv/bin/python bench/api_bench.py --seed-only --keep     # build the database once
    .venv/bin/python bench/api_bench.py --reuse --keep         # then measure, as often as needed
    .venv/bin/python bench/api_bench.py --reuse --keep --profile detail   # cProfile one scenario

Creates database `fc_bench_api` (BENCH_API_DB; dropped at the end unless --keep), migrates it,
generates articles and claims (some thousands published, with PublicationEvents) with INSERT ...
SELECT generate_series, prints EXPLAIN ANALYZE of the SQL each scenario runs and the in-process
time per request (Django's handler in this process, one at a time, and how much of it is SQL),
then starts gunicorn as `make run` does (devstack.workbench.web_argv: 2 workers x 4 threads, DEBUG
off) and measures requests/s and p50/p95/p99 latency at each client concurrency level for the
claims list (first page, deep cursor pages, full-text), a claim's detail, /api/search/ and the
export feed. Loopback only; every scenario is bounded in request count and time. The server's
port is BENCH_API_PORT (8931), its Redis BENCH_API_REDIS_URL (db 5).
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
DB = os.environ.get("BENCH_API_DB", "fc_bench_api")
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB}"
PORT = int(os.environ.get("BENCH_API_PORT", "8931"))
PYTHON = str(REPO / ".venv" / "bin" / "python")
ENV = {
    **os.environ,
    "DATABASE_URL": DB_URL,
    "REDIS_URL": os.environ.get("BENCH_API_REDIS_URL", "redis://127.0.0.1:6379/5"),
    "SECRET_KEY": "bench-only-secret-" + "b" * 40,
    "DEBUG": "0",
    "SECURE_SSL_REDIRECT": "0",
    # Measures the server, not the per-user API rate limit (docs/security.md).
    "FACTCHECK_THROTTLE_TOKEN": "1000000/min",
    "ALLOWED_HOSTS": "127.0.0.1",
    "LOG_LEVEL": "WARNING",
    "DATABASE_POOL_MAX": "4",
}


def psql(sql: str, db: str = DB) -> str:
    out = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-qAt"],
        input=sql,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        sys.exit(f"psql failed ({out.returncode}): {out.stderr.strip()}")
    return out.stdout.strip()


def step(message: str) -> float:
    print(f"… {message}", flush=True)
    return time.monotonic()


def create_database(claims: int, published: int) -> None:
    psql(f"DROP DATABASE IF EXISTS {DB}; CREATE DATABASE {DB};", db="postgres")
    subprocess.run([PYTHON, "manage.py", "migrate", "-v", "0"], cwd=REPO, env=ENV, check=True)
    t = step(f"generating {claims:,} claims")
    articles = max(claims // 10, 1)
    # Secondary claim indexes are built after the load (much faster than maintaining them).
    indexdefs = psql(
        "SELECT indexdef FROM pg_indexes WHERE tablename = 'claims_claim' "
        "AND indexname NOT IN ('claims_claim_pkey') AND indexdef NOT LIKE 'CREATE UNIQUE%'"
    ).splitlines()
    names = psql(
        "SELECT indexname FROM pg_indexes WHERE tablename = 'claims_claim' "
        "AND indexname NOT IN ('claims_claim_pkey') AND indexdef NOT LIKE 'CREATE UNIQUE%'"
    ).splitlines()
    psql(
        f"""
SET session_replication_role = replica;  -- no history triggers for generated rows
{"".join(f'DROP INDEX "{n}";' for n in names)}
INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff,
                       is_active, date_joined)
SELECT '!', false, 'bench' || g, 'Bench', 'User ' || g, '', true, true, now()
FROM generate_series(1, 20) g;
INSERT INTO auth_user_groups (user_id, group_id)
SELECT u.id, (SELECT id FROM auth_group WHERE name = 'Editor') FROM auth_user u
WHERE u.username LIKE 'bench%';
INSERT INTO articles_article (url, title, body, outlet, authors, published_at, language,
    content_hash, created_at, updated_at)
SELECT 'https://news.example/story-' || g, 'Story ' || g,
       'The harbour handled ' || (g % 1000) || ' million containers.',
       (ARRAY['Coastal Courier', 'Daily Bugle', 'Radio North', 'Metro Times'])[1 + g % 4],
       '[]', now() - (g || ' minutes')::interval, 'en', md5(g::text), now(), now()
FROM generate_series(1, {articles}) g;
UPDATE articles_articleextraction SET status = 'done', attempts = 1, extractor_version = 'bench';
INSERT INTO claims_claim (article_id, start, "end", text, claim_type, checkworthiness, signals,
    quantities, consistency, consistency_flag, figure_keys, speaker, extractor_version, status,
    dismiss_reason, assignee_id, due_date, rating_id, summary, published_at, version, created_at,
    updated_at, claim_reviewed, anchor_status, anchor_old_sentence, anchor_new_sentence)
SELECT a.id, (g / {articles}) * 100, (g / {articles}) * 100 + 60,
       'The harbour handled ' || (g % 997) || ' million containers in ' || (1990 + g % 35)
         || (ARRAY[' says the port', ' according to the minister', ' per the union',
                   ' the mayor claimed'])[1 + g % 4],
       (ARRAY['quantity', 'comparison', 'event', 'rank', 'other'])[1 + g % 5],
       random(), '[]',
       '[{{"kind": "count", "value": 1000000, "text": "1 million"}}]', '[]', 'none', '{{}}', '',
       'bench',
       CASE WHEN g <= {published} THEN 'published'
            WHEN g % 10 = 1 THEN 'assigned' ELSE 'new' END,
       '',
       CASE WHEN g <= {published} OR g % 10 = 1
            THEN (SELECT min(id) FROM auth_user WHERE username LIKE 'bench%') + g % 20 END,
       NULL,
       CASE WHEN g <= {published} THEN (SELECT id FROM claims_rating ORDER BY id LIMIT 1)
                                        + g % 6 END,
       CASE WHEN g <= {published} THEN 'Checked against port statistics.' ELSE '' END,
       CASE WHEN g <= {published} THEN now() END,
       1, now() - (g || ' seconds')::interval, now(), '', 'current', '', ''
FROM generate_series(0, {claims - 1}) g
JOIN articles_article a ON a.id = (SELECT min(id) FROM articles_article) + g % {articles};
INSERT INTO claims_publicationevent (claim_id, kind, rating_id, summary, note, previous_summary,
    created_at)
SELECT id, 'published', rating_id, summary, '', '', published_at FROM claims_claim
WHERE status = 'published' ORDER BY id;
"""
    )
    t = step(f"loaded in {time.monotonic() - t:.0f}s; building {len(indexdefs)} indexes")
    psql("SET maintenance_work_mem = '256MB';\n" + ";\n".join(indexdefs) + ";\nANALYZE;")
    step(f"indexes and ANALYZE in {time.monotonic() - t:.0f}s")


def django_setup() -> None:
    os.environ.update(ENV)
    os.environ["DATABASE_POOL"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def token() -> str:
    from django.contrib.auth.models import Group, User

    from claims.accounts.services import user_token_create

    user, _ = User.objects.get_or_create(username="bench-reviewer")
    user.groups.add(Group.objects.get(name="Reviewer"))
    return user_token_create(user=user, actor=None, name="bench")[1]


def deep_cursor(position: float) -> str:
    """A `next` cursor positioned at checkworthiness `position` in the default ordering (the
    keyset format of claims.api.ClaimCursorPagination: field value and id of the last row)."""
    data = {"o": "-checkworthiness,-id", "v": position, "i": 2**63 - 1}
    token = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode())
    return quote(token.decode().rstrip("="))


def explain_sql(paths: dict[str, str], auth: str) -> None:
    """EXPLAIN ANALYZE the exact SQL the API runs, captured with a test client in-process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=auth)
    for name, path in paths.items():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path, HTTP_HOST="127.0.0.1")
            assert response.status_code == 200, (path, response.status_code, response.content[:300])
        main = max(ctx.captured_queries, key=lambda q: len(q["sql"]))["sql"]
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN ANALYZE " + main)
            plan = "\n    ".join(r[0] for r in cursor.fetchall())
        print(f"\nEXPLAIN ANALYZE {name}:\n    {plan}", flush=True)


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    index = max(0, min(len(sorted_values) - 1, int(len(sorted_values) * fraction + 0.5) - 1))
    return sorted_values[index]


def summary(latencies: list[float]) -> dict[str, float]:
    latencies = sorted(latencies)
    return {
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
    }


def load(
    path: str,
    auth: str,
    requests: int,
    concurrency: int,
    budget: float,
    headers: dict[str, str] | None = None,
    expect: int = 200,
) -> dict:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    counter = iter(range(requests))
    deadline = time.monotonic() + budget

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        while time.monotonic() < deadline:
            with lock:
                if next(counter, None) is None:
                    break
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Authorization": auth, **(headers or {})})
                response = conn.getresponse()
                response.read()
                ok = response.status == expect
            except OSError:
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                errors += not ok
        conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / wall, 1),
        **summary(latencies),
    }


def in_process(paths: dict[str, str], auth: str, requests: int) -> None:
    """Time each scenario through Django's WSGI handler in this process (no network, no gunicorn,
    one request at a time): the per-request cost of the application. CPU is this process's own
    time (the part a busy machine does not inflate: PostgreSQL's work is not in it); wall adds
    waiting for PostgreSQL and for the CPU; SQL is the queries' wall time."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=auth, HTTP_HOST="127.0.0.1")
    print(f"\nin-process, {requests} sequential requests each (medians):")
    for name, path in paths.items():
        for _ in range(5):
            client.get(path)
        wall, cpu = [], []
        for _ in range(requests):
            started, started_cpu = time.perf_counter(), time.thread_time()
            response = client.get(path)
            cpu.append(time.thread_time() - started_cpu)
            wall.append(time.perf_counter() - started)
            assert response.status_code == 200, (path, response.status_code)
        sql = []
        for _ in range(min(requests, 20)):
            with CaptureQueriesContext(connection) as ctx:
                client.get(path)
            sql.append(sum(float(q["time"]) for q in ctx.captured_queries))
        print(
            f"  {name}: CPU {statistics.median(cpu) * 1000:.1f} ms, "
            f"wall {statistics.median(wall) * 1000:.1f} ms, "
            f"SQL {statistics.median(sql) * 1000:.1f} ms in {len(ctx.captured_queries)} queries, "
            f"{len(response.content) // 1024} KiB",
            flush=True,
        )


def profile(path: str, auth: str, requests: int) -> None:
    """cProfile `requests` in-process requests of one path; print where the time goes."""
    import cProfile
    import pstats

    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=auth, HTTP_HOST="127.0.0.1")
    for _ in range(5):
        client.get(path)
    profiler = cProfile.Profile(time.thread_time)  # CPU: steady on a busy machine
    profiler.enable()
    for _ in range(requests):
        client.get(path)
    profiler.disable()
    print(f"\nprofile of {requests} x GET {path}:")
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)
    if os.environ.get("BENCH_API_CALLERS"):
        stats.print_callers(os.environ["BENCH_API_CALLERS"])


def sample_claim() -> int:
    """A published claim (the richest rows the generator makes) for the detail scenario."""
    from claims.models import Claim

    return Claim.objects.filter(status="published").order_by("id").values_list("id", flat=True)[10]


def gunicorn_argv(workers: int) -> list[str]:
    """gunicorn as `make run` starts it (devstack.workbench.web_argv): gthread workers, 4 threads
    each, an access log; `--workers` is WEB_CONCURRENCY."""
    sys.path.insert(0, str(REPO))
    from devstack.workbench import web_argv

    os.environ["WEB_CONCURRENCY"] = str(workers)
    argv = web_argv(PORT, "gunicorn")
    argv[0] = PYTHON
    return [*argv, "--log-level", "warning"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--published", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument(
        "--concurrency", default="1,2,8", help="comma-separated client concurrency levels"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (make run: 2)")
    parser.add_argument("--budget", type=float, default=30.0, help="seconds per scenario, at most")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse an existing bench database")
    parser.add_argument("--seed-only", action="store_true", help="create the database and stop")
    parser.add_argument("--only", default="", help="run the scenarios whose name contains this")
    parser.add_argument("--in-process", type=int, default=100, help="in-process requests (0: skip)")
    parser.add_argument("--no-explain", action="store_true", help="skip EXPLAIN ANALYZE")
    parser.add_argument("--no-load", action="store_true", help="skip the gunicorn load test")
    parser.add_argument(
        "--profile", default="", help="cProfile the scenario whose name contains this, then stop"
    )
    args = parser.parse_args()

    if not args.reuse:
        create_database(args.claims, args.published)
    if args.seed_only:
        return
    django_setup()
    auth = f"Token {token()}"
    scenarios = {
        "claims list, first page (status=new, min_checkworthiness=0.5)": (
            "/api/claims/?status=new&min_checkworthiness=0.5&page_size=50"
        ),
        "claims list, deep cursor page (~half-way, status=new)": (
            f"/api/claims/?status=new&page_size=50&cursor={deep_cursor(0.5)}"
        ),
        "claims list, unfiltered, deep cursor page": (
            f"/api/claims/?page_size=50&cursor={deep_cursor(0.2)}"
        ),
        "claim detail (published)": f"/api/claims/{sample_claim()}/",
        "claims list, full-text q=minister 1999": "/api/claims/?q=minister%201999&page_size=50",
        "search q=minister 1999": "/api/search/?q=minister%201999",
        "export feed from since=2500, limit=50": "/api/export/claimreviews/?since=2500&limit=50",
    }
    scenarios = {name: path for name, path in scenarios.items() if args.only in name}
    if args.profile:
        name = next(n for n in scenarios if args.profile in n)
        profile(scenarios[name], auth, 100)
        return
    if not args.no_explain:
        explain_sql(scenarios, auth)
    if args.in_process:
        in_process(scenarios, auth, args.in_process)
    if args.no_load:
        return

    levels = [int(level) for level in args.concurrency.split(",")]
    gunicorn = subprocess.Popen(
        gunicorn_argv(args.workers),
        cwd=REPO,
        env=ENV,
        stdout=subprocess.DEVNULL,  # the access log
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        print(f"\ngunicorn: {' '.join(gunicorn_argv(args.workers)[1:])}")
        for name, path in scenarios.items():
            load(path, auth, requests=40, concurrency=max(levels), budget=10)  # warm-up
            for level in levels:
                result = load(path, auth, args.requests, level, budget=args.budget)
                print(f"{name} @ concurrency {level}: {json.dumps(result)}", flush=True)
        # A CMS polling an unchanged feed page with the ETag it has: 304s, no body.
        poll = scenarios.get("export feed from since=2500, limit=50")
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        conn.request("GET", poll or "/", headers={"Authorization": auth})
        etag = conn.getresponse().getheader("ETag")
        if poll and etag:
            for level in levels:
                result = load(
                    poll, auth, args.requests, level, args.budget, {"If-None-Match": etag}, 304
                )
                print(
                    f"export feed polled, If-None-Match (304) @ concurrency {level}: "
                    f"{json.dumps(result)}",
                    flush=True,
                )
    finally:
        gunicorn.terminate()
        gunicorn.wait(15)
        if not args.keep:
            from django.db import connections

            connections.close_all()
            psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE);", db="postgres")
            print(f"dropped {DB}")


if __name__ == "__main__":
    main()
