"""End-to-end throughput of the pipeline: import -> extraction -> matching, on the processes `make
run` starts (devstack.workbench.processes: the worker, the matcher, beat, gunicorn).

Prints figures; it is not a test. Needs the PostgreSQL on 127.0.0.1:5432 (database
fc_bench_pipeline, or $PIPELINE_BENCH_DB; dropped and created) and starts its own embedded Valkey
on a free port. Also prints the CPU time per article of each process of the stack and of the
PostgreSQL backends serving it, for the import and until all is extracted.

    .venv/bin/python bench/pipeline_bench.py [--articles 2000]

Articles are news-length (about 4 KB), made from the shared corpus's paragraphs (seed articles and
ClaimBuster sentences) shuffled and numbered so that no two are alike, imported over the API in
lists of 50. The ceiling is the engine alone, in this process, on the same texts (MB/s) times
the worker processes that extract (WORKER_CONCURRENCY, default 2).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from claims.extraction import extract  # noqa: E402
from devstack import workbench  # noqa: E402
from devstack.ports import free_port  # noqa: E402
from devstack.valkey import EmbeddedValkey  # noqa: E402

CORPUS = REPO / ".." / "shared" / "corpus"
DB = os.environ.get("PIPELINE_BENCH_DB", "fc_bench_pipeline")


def corpus_paragraphs() -> list[str]:
    paras: list[str] = []
    with (CORPUS / "seed_articles.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            paras += [p.strip() for p in json.loads(line)["body"].split("\n") if len(p) > 80]
    sentences: list[str] = []
    with (CORPUS / "claimbuster.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            text = row.get("text") or row.get("sentence") or ""
            if text:
                sentences.append(text.strip())
    # ClaimBuster sentences grouped in fives make paragraphs of their own.
    paras += [" ".join(sentences[i : i + 5]) for i in range(0, len(sentences) - 5, 5)]
    return paras


def articles(n: int, seed: int = 12) -> list[dict[str, str]]:
    rng = random.Random(seed)
    paras = corpus_paragraphs()
    rows = []
    for i in range(n):
        body: list[str] = []
        while sum(len(p) for p in body) < 4000:
            body.append(rng.choice(paras))
        body.append(f"This is report {i} of the bench desk, filed {rng.randint(1, 28)} May.")
        rows.append(
            {
                "title": f"Bench report {i}",
                "body": "\n\n".join(body),
                "url": f"https://b.example/{i}",
            }
        )
    return rows


def engine_mb_per_s(bodies: list[str], seconds: float = 8.0) -> float:
    done = 0
    began = time.perf_counter()
    i = 0
    while time.perf_counter() - began < seconds:
        extract(bodies[i % len(bodies)])
        done += len(bodies[i % len(bodies)].encode())
        i += 1
    return done / (time.perf_counter() - began) / 1e6


def psql(sql: str, db: str = "postgres") -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-qAt", "-v", "ON_ERROR_STOP=1"],
        input=sql,
        text=True,
        check=True,
        capture_output=True,
    ).stdout.strip()


def counts() -> tuple[int, int, int]:
    """(articles not extracted, claims owed matching, claims)."""
    out = psql(
        "SELECT (SELECT count(*) FROM articles_articleextraction WHERE status <> 'done'),"
        " (SELECT count(*) FROM claims_claim WHERE matching_queued_at IS NOT NULL),"
        " (SELECT count(*) FROM claims_claim)",
        DB,
    )
    a, b, c = out.split("|")
    return int(a), int(b), int(c)


class CpuMeter:
    """CPU seconds (user + system) by component: each stack process with its children, and the
    PostgreSQL backends serving the bench's database (sampled while they live: a backend that
    exits keeps its last sample)."""

    def __init__(self, procs: dict[str, int]) -> None:
        self.procs = procs
        self.backends: dict[int, float] = {}

    @staticmethod
    def _tree(pid: int) -> float:
        try:
            root = psutil.Process(pid)
            total = 0.0
            for p in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    t = p.cpu_times()
                    total += t.user + t.system
            return total
        except psutil.Error:
            return 0.0

    def sample(self) -> dict[str, float]:
        pids = psql(f"SELECT pid FROM pg_stat_activity WHERE datname = '{DB}'").split()
        for pid in pids:
            with contextlib.suppress(psutil.Error):
                t = psutil.Process(int(pid)).cpu_times()
                self.backends[int(pid)] = t.user + t.system
        out = {name: self._tree(pid) for name, pid in self.procs.items()}
        out["postgres"] = sum(self.backends.values())
        return out


def cpu_line(what: str, a: dict[str, float], b: dict[str, float], n: int) -> str:
    parts = ", ".join(f"{k} {1000 * (b[k] - a[k]) / n:.2f}" for k in b)
    total = sum(b.values()) - sum(a.values())
    return f"CPU ms per article, {what}: {parts}; total {1000 * total / n:.2f}"


def post(port: int, token: str, rows: object) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/articles/",
        data=json.dumps(rows).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()

    rows = articles(args.articles)
    bodies = [r["body"] for r in rows]
    total_mb = sum(len(b.encode()) for b in bodies) / 1e6
    workers = int(os.environ.get("WORKER_CONCURRENCY", "2"))

    psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE); CREATE DATABASE {DB};")
    tmp = Path(tempfile.mkdtemp(prefix="pipeline-bench-"))
    valkey = EmbeddedValkey(tmp / "valkey", preferred_port=None, log=lambda _t: None)
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
        "REDIS_URL": valkey.start(),
        "SECRET_KEY": "bench-only-secret-" + "p" * 40,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        "CELERY_QUEUE": "factcheck",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=REPO, env=env, check=True)
    token = (
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "from django.contrib.auth.models import User;"
                "from claims.accounts.services import user_token_create;"
                "u = User.objects.create_superuser('bench', 'b@example.org', 'x');"
                "print(user_token_create(user=u, actor=u, name='bench')[1])",
            ],
            cwd=REPO,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )

    port = free_port()
    procs = []
    log = open(tmp / "stack.log", "wb")  # noqa: SIM115
    names = {}
    for spec in workbench.processes(port, "gunicorn", tmp):
        procs.append(subprocess.Popen(list(spec.argv), cwd=REPO, env=env, stdout=log, stderr=log))
        names[spec.name] = procs[-1].pid
    meter = CpuMeter(names)
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError as exc:
                if getattr(exc, "code", None) == 503:
                    break
                time.sleep(0.2)
        time.sleep(3)  # the workers' first heartbeat
        ceiling = engine_mb_per_s(bodies)
        print(
            f"articles: {args.articles}, {total_mb:.2f} MB, "
            f"{total_mb * 1e6 / args.articles / 1000:.1f} KB each",
            flush=True,
        )
        print(
            f"engine in-process: {ceiling:.3f} MB/s x {workers} worker processes = "
            f"ceiling {ceiling * workers:.3f} MB/s",
            flush=True,
        )

        cpu0 = meter.sample()
        began = time.perf_counter()
        for i in range(0, len(rows), 50):
            post(port, token, rows[i : i + 50])
        imported = time.perf_counter() - began
        print(f"import over the API (lists of 50): {imported:.1f}s", flush=True)
        cpu1 = meter.sample()
        print(cpu_line("import", cpu0, cpu1, args.articles), flush=True)

        extracted = matched = None
        while time.perf_counter() - began < args.timeout:
            pending, owed, _ = counts()
            now = time.perf_counter() - began
            cpu2 = meter.sample()
            if extracted is None and pending == 0:
                extracted = now
                rate = args.articles / extracted
                mbs = total_mb / extracted
                print(
                    f"all extracted after {extracted:.1f}s: {rate:.1f} articles/s, "
                    f"{mbs:.3f} MB/s, {100 * mbs / (ceiling * workers):.1f}% of the ceiling",
                    flush=True,
                )
                print(cpu_line("import to all extracted", cpu0, cpu2, args.articles))
                print(cpu_line("after the import until all extracted", cpu1, cpu2, args.articles))
                # One new article in the middle of the matching flood.
                t0 = time.perf_counter()
                item = post(port, token, {"title": "Fresh", "body": bodies[0] + " Fresh copy."})
                pk = item["items"][0]["id"]
                sql = f"SELECT status FROM articles_articleextraction WHERE article_id = {pk}"
                while psql(sql, DB) != "done":
                    time.sleep(0.05)
                print(
                    f"extraction latency of one new article during matching ({owed} claims "
                    f"owed matching): {time.perf_counter() - t0:.2f}s",
                    flush=True,
                )
            if extracted is not None and owed == 0:
                matched = time.perf_counter() - began
                break
            time.sleep(0.5)
        if extracted is None:
            print("not all extracted within the timeout")
        if matched:
            print(f"all {counts()[2]} claims matched after {matched:.1f}s")
            print(cpu_line("import to all matched", cpu0, meter.sample(), args.articles))
        else:
            print(f"matching not done within {args.timeout:.0f}s ({counts()[1]} claims owed)")
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        valkey.stop()
        log.close()
        print(f"logs: {tmp / 'stack.log'}")


if __name__ == "__main__":
    main()
