"""Speed of `claims_match_new` against a large claim table (default 1,000,000 claims).

Creates the database fc_bench_match (dropped first, and dropped again at the end unless --keep),
migrates it and fills it with news-like claims (see "the corpus" below): every sentence goes
through the real extraction engine and `figure_keys`, rows go in with COPY (pghistory triggers
off, indexes rebuilt after the load), then ANALYZE. It then stores --new claims in new articles
(half of them rewordings of facts already in the table, half fresh facts) and times
`claims_match_new` one claim at a time: mean / p50 / p95 ms per claim. It also reports how many
of the rewordings were found (only those the scorer accepts on their own, so this measures the
candidate fetch at scale) and prints EXPLAIN ANALYZE of the candidate query for two claims.
Needs PostgreSQL on 127.0.0.1:5432 (BENCH_PG to change).

    .venv/bin/python bench/matching_bench.py [--claims 1000000] [--new 200] [--keep] [--reuse]
        [--show-misses]

Loading a million claims takes about four minutes (the extraction engine runs on each). --reuse
skips creating and loading when fc_bench_match already holds the corpus (after --keep);
--show-misses prints each rewording the candidate fetch did not bring.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DB = "fc_bench_match"
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
CLAIMS_PER_ARTICLE = 10
# Share of stored claims that restate an earlier fact in other words (news repeats itself).
REPEAT_SHARE = 0.05

# --- the corpus -------------------------------------------------------------------------------
# News-like claims with a news-like spread: thousands of organisations (a few named often, most
# rarely), a hundred places, figures of 1 to 3 significant digits over seven orders of magnitude,
# and a fifth of the claims without any figure. Each claim states a `Fact`; `render` words it one
# of several ways, so the same fact can appear reworded in another article.

# fmt: off
SYLLABLES = [
    "val", "tor", "brin", "mark", "kel", "dor", "ast", "ra", "zen", "ith", "cor", "ven", "lum",
    "ex", "nor", "vis", "tal", "ga", "mer", "ion", "sol", "qua", "fen", "rik", "ober", "lan",
    "tis", "mon", "dar", "ello", "pex", "ary", "ost", "una", "gre", "vel", "hal", "cion", "syn",
    "tro", "bel", "kar", "dun", "fir", "om"
]
ORG_SUFFIXES = ["", "", "", " Group", " Holdings", " Energy", " Bank", " Motors", " Foods",
                " Airlines", " Pharma", " Logistics", " Telecom", " Mining"]
PLACES = [
    "Germany", "France", "Spain", "Italy", "Poland", "Kenya", "Nigeria", "Ghana", "Brazil",
    "Chile", "Peru", "Mexico", "Canada", "Japan", "Vietnam", "Indonesia", "India", "Pakistan",
    "Egypt", "Morocco", "Turkey", "Greece", "Portugal", "Ireland", "Norway", "Sweden", "Finland",
    "Denmark", "Austria", "Hungary", "Romania", "Bulgaria", "Ukraine", "Georgia", "Ohio", "Texas",
    "Bavaria", "Ontario", "Quebec", "Victoria", "Queensland", "Scotland", "Wales", "Catalonia",
    "Lombardy", "Berlin", "Hamburg", "Munich", "Paris", "Lyon", "Marseille", "Madrid", "Seville",
    "Rome", "Milan", "Naples", "Warsaw", "Krakow", "Nairobi", "Lagos", "Accra", "Lima", "Santiago",
    "Toronto", "Montreal", "Vancouver", "Osaka", "Hanoi", "Jakarta", "Mumbai", "Delhi", "Karachi",
    "Cairo", "Casablanca", "Istanbul", "Athens", "Lisbon", "Porto", "Dublin", "Cork", "Oslo",
    "Bergen", "Stockholm", "Helsinki", "Copenhagen", "Vienna", "Budapest", "Bucharest", "Sofia",
    "Kyiv", "Tbilisi", "Leeds", "Glasgow", "Cardiff", "Bristol", "Manchester", "Liverpool",
    "Boston", "Denver"
]
NOUNS = [
    "jobs", "workers", "passengers", "containers", "patients", "homes", "students", "visitors",
    "trees", "cars", "nurses", "teachers", "arrests", "flights", "parcels", "complaints", "beds",
    "stores", "branches", "buses", "customers", "subscribers", "members", "volunteers", "refugees",
    "doctors", "apprentices", "schools", "apartments", "vehicles"
]
COUNT_VERBS = ["reported", "recorded", "counted", "registered", "employed", "served"]
METRICS = ["revenue", "profit", "spending on research", "debt", "investment", "capital spending",
           "pension liabilities", "marketing spending", "tax payments"]
INDICATORS = ["unemployment rate", "inflation rate", "voter turnout", "vaccination rate",
              "poverty rate", "home ownership rate", "youth unemployment rate",
              "broadband coverage", "recycling rate", "literacy rate"]
COMMODITIES = ["steel", "copper", "wheat", "coffee", "cement", "lithium", "cocoa", "rice", "zinc"]
PROJECTS = ["new bridge", "metro line", "hospital wing", "football stadium", "ferry terminal",
            "tram line", "airport terminal", "water treatment plant", "data centre",
            "concert hall", "high-speed rail link", "children's hospital"]
PEOPLE = ["the transport minister", "the mayor", "the regional governor", "the project director",
          "the city's chief planner", "the health secretary"]
FACILITIES = ["factory", "warehouse", "call centre", "headquarters", "research centre", "plant"]
SOURCES = ["the report said", "officials said", "figures show", "according to the annual report",
           "the statement said", "data released on Monday show", "a spokesperson said",
           "the company said", "according to official figures"]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"
]
CURRENCIES = [("$", "dollars"), ("€", "euros"), ("£", "pounds")]
# fmt: on


@dataclass(frozen=True)
class Fact:
    kind: str  # count, money, percent, tonnes, opening, closure
    subject: str
    thing: str  # noun, metric, indicator, commodity, project or facility
    value: float
    year: int
    month: int = 0
    currency: int = 0
    source: int = 0


def org_name(index: int) -> str:
    rng = random.Random(index * 7919 + 11)
    parts = [rng.choice(SYLLABLES) for _ in range(rng.choice([2, 2, 3]))]
    return "".join(parts).capitalize() + rng.choice(ORG_SUFFIXES)


def _zipf_index(rng: random.Random, n: int, skew: float = 2.5) -> int:
    return min(n - 1, int(n * rng.random() ** skew))


def _number(rng: random.Random, low_exp: int, high_exp: int) -> int:
    digits = rng.choices([1, 2, 3], [0.25, 0.5, 0.25])[0]
    mantissa = rng.randint(10 ** (digits - 1), 10**digits - 1)
    return max(2, mantissa * 10 ** rng.randint(low_exp, high_exp))


def random_fact(rng: random.Random) -> Fact:
    kind = rng.choices(
        ["count", "money", "percent", "tonnes", "opening", "closure"], [35, 20, 15, 10, 12, 8]
    )[0]
    year = rng.randint(1995, 2025)
    org = org_name(_zipf_index(rng, 20000))
    place = PLACES[_zipf_index(rng, len(PLACES), 1.5)]
    source = rng.randrange(len(SOURCES))
    if kind == "count":
        return Fact(kind, org, rng.choice(NOUNS), _number(rng, 0, 4), year, source=source)
    if kind == "money":
        value = _number(rng, 0, 2) * 10 ** rng.choice([6, 6, 9])
        return Fact(kind, org, rng.choice(METRICS), value, year, currency=rng.randrange(3))
    if kind == "percent":
        value = round(rng.uniform(0.5, 40), rng.choice([0, 1, 1]))
        return Fact(
            kind, place, rng.choice(INDICATORS), value, year, rng.randint(1, 12), source=source
        )
    if kind == "tonnes":
        return Fact(kind, org, rng.choice(COMMODITIES), _number(rng, 2, 5), year)
    if kind == "opening":
        return Fact(kind, place, rng.choice(PROJECTS), 0, year, source=rng.randrange(len(PEOPLE)))
    return Fact(kind, org, rng.choice(FACILITIES), 0, year, source=rng.randrange(len(PLACES)))


def _count(value: float) -> str:
    return f"{int(value):,}"


def _money(value: float, currency: int, short: bool) -> str:
    symbol = CURRENCIES[currency][0]
    for size, long_word, short_word in ((1e9, "billion", "bn"), (1e6, "million", "m")):
        if value >= size:
            amount = f"{value / size:g}"
            return f"{symbol}{amount}{short_word}" if short else f"{symbol}{amount} {long_word}"
    return f"{symbol}{_count(value)}"


def render(fact: Fact, variant: int) -> str:
    """One wording of the fact; variants 0, 1, 2 say the same thing differently."""
    f, v = fact, variant % 3
    src = SOURCES[f.source % len(SOURCES)]
    if f.kind == "count":
        n = _count(f.value)
        verb = COUNT_VERBS[NOUNS.index(f.thing) % len(COUNT_VERBS)]
        return [
            f"{f.subject} {verb} {n} {f.thing} in {f.year}, {src}.",
            f"In {f.year}, {f.subject} had {n} {f.thing}, {src}.",
            f"{f.subject} said it had {n} {f.thing} at the end of {f.year}.",
        ][v]
    if f.kind == "money":
        return [
            f"{f.subject} reported {f.thing} of {_money(f.value, f.currency, False)} in {f.year}.",
            f"{f.subject}'s {f.thing} came to {_money(f.value, f.currency, True)} in {f.year}, "
            "the company said.",
            f"In {f.year}, {f.subject} said its {f.thing} was "
            f"{_money(f.value, f.currency, False)}.",
        ][v]
    if f.kind == "percent":
        when = f"{MONTHS[f.month - 1]} {f.year}"
        return [
            f"The {f.thing} in {f.subject} was {f.value:g}% in {when}, {src}.",
            f"{f.subject}'s {f.thing} stood at {f.value:g} per cent in {when}.",
            f"In {when}, the {f.thing} in {f.subject} was {f.value:g}%, {src}.",
        ][v]
    if f.kind == "tonnes":
        n = _count(f.value)
        return [
            f"{f.subject} produced {n} tonnes of {f.thing} in {f.year}.",
            f"In {f.year}, {f.subject}'s output of {f.thing} was {n} tonnes.",
            f"{f.subject} said it produced {n} tonnes of {f.thing} in {f.year}.",
        ][v]
    if f.kind == "opening":
        person = PEOPLE[f.source % len(PEOPLE)]
        return [
            f"{person.capitalize()} said the {f.thing} in {f.subject} will open in {f.year}.",
            f"The {f.thing} in {f.subject} will open in {f.year}, {person} said.",
            f"{person.capitalize()} said the {f.thing} in {f.subject} would open in {f.year}.",
        ][v]
    place = PLACES[f.source % len(PLACES)]
    return [
        f"{f.subject} will close its {f.thing} in {place} by {f.year}.",
        f"{f.subject} plans to close its {f.thing} in {place} by {f.year}, {SOURCES[0]}.",
        f"By {f.year}, {f.subject} will have closed its {f.thing} in {place}.",
    ][v]


def stored_claim(text: str) -> tuple[list[dict], list[str]]:
    from claims.extraction import extract, to_dict
    from claims.matching import figure_keys

    quantities = [q for c in extract(text) for q in to_dict(c)["quantities"]]
    return quantities, figure_keys(quantities)


def psql(sql: str, db: str = "postgres") -> str:
    done = subprocess.run(
        ["psql", f"{SERVER}/{db}", "-qAt", "-v", "ON_ERROR_STOP=1", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def corpus(n_claims: int, seed: int = 1) -> Iterator[tuple[int, Fact, int]]:
    """(row number, fact, variant) for every stored claim; the same seed gives the same rows."""
    rng = random.Random(seed)
    recent: list[Fact] = []
    for row in range(n_claims):
        if recent and rng.random() < REPEAT_SHARE:
            fact = rng.choice(recent)
        else:
            fact = random_fact(rng)
            if len(recent) < 5000:
                recent.append(fact)
            else:
                recent[rng.randrange(5000)] = fact
        yield row, fact, rng.randrange(3)


def load(n_claims: int, sample_every: int) -> list[tuple[int, Fact, int]]:
    """Fill the tables; returns (claim id, fact, variant) for every sample_every-th claim."""
    from django.db import connection
    from django.utils import timezone

    n_articles = max(n_claims // CLAIMS_PER_ARTICLE, 1)
    sample = []
    with connection.cursor() as cur:
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'claims_claim' "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint "
            "WHERE conrelid = 'claims_claim'::regclass)"
        )
        indexes = cur.fetchall()
        for name, _ in indexes:
            cur.execute(f'DROP INDEX IF EXISTS "{name}"')
        cur.execute("ALTER TABLE claims_claim DISABLE TRIGGER USER")
        t0 = time.perf_counter()
        cur.execute(
            """
            INSERT INTO articles_article (url, title, body, outlet, authors, language,
              content_hash, extraction_status, extraction_error, extraction_attempts,
              extractor_version, created_at, updated_at, published_at)
            SELECT 'https://bench.example/a/' || i, 'Bench article ' || i,
                   'Body of bench article ' || i || '.', 'Bench Courier', '[]', 'en',
                   md5(i::text), 'done', '', 1, 'bench', now(), now(), now()
            FROM generate_series(1, %s) AS i
            """,
            [n_articles],
        )
        cur.execute("SELECT min(id) FROM articles_article")
        first_article = cur.fetchone()[0]
        cur.execute("SELECT coalesce(max(id), 0) FROM claims_claim")
        first_claim = cur.fetchone()[0] + 1
        now = timezone.now()
        columns = (
            'id, article_id, start, "end", text, claim_type, checkworthiness, signals, '
            "quantities, consistency, consistency_flag, figure_keys, speaker, extractor_version, "
            "status, dismiss_reason, summary, version, created_at, updated_at"
        )
        with cur.cursor.copy(f"COPY claims_claim ({columns}) FROM STDIN") as copy:
            for row, fact, variant in corpus(n_claims):
                text = render(fact, variant)
                quantities, keys = stored_claim(text)
                slot = row // n_articles
                copy.write_row(
                    (
                        first_claim + row,
                        first_article + row % n_articles,
                        slot * 300,
                        slot * 300 + len(text),
                        text,
                        "quantity" if keys else "event",
                        0.5,
                        "[]",
                        json.dumps(quantities),
                        "[]",
                        "none",
                        keys,
                        "",
                        "bench",
                        "new",
                        "",
                        "",
                        1,
                        now,
                        now,
                    )
                )
                if row % sample_every == sample_every // 2:
                    sample.append((first_claim + row, fact, variant))
        cur.execute(
            "SELECT setval(pg_get_serial_sequence('claims_claim', 'id'), max(id)) FROM claims_claim"
        )
        loaded = time.perf_counter() - t0
        t0 = time.perf_counter()
        for _, definition in indexes:
            cur.execute(definition)
        cur.execute("ALTER TABLE claims_claim ENABLE TRIGGER USER")
        cur.execute("ANALYZE claims_claim")
        cur.execute("ANALYZE articles_article")
        print(
            f"loaded {n_claims:,} claims (extraction included) in {loaded:.0f} s; "
            f"indexes + ANALYZE {time.perf_counter() - t0:.0f} s",
            flush=True,
        )
    return sample


def new_claims(count: int, sample: list[tuple[int, Fact, int]]) -> list[tuple[int, int | None]]:
    """Store `count` claims in new articles: even ones reword a sampled fact (another variant),
    odd ones state a fresh random fact. Returns (claim id, id of the reworded claim or None)."""
    from articles.models import Article
    from claims.matching import score_pair
    from claims.models import Claim

    rng = random.Random(7)
    rows: list[tuple[str, int | None]] = []
    for k in range(count):
        if k % 2 == 0:
            original_id, fact, variant = rng.choice(sample)
            text = render(fact, variant + rng.choice([1, 2]))
            original = render(fact, variant)
            q_new, q_old = stored_claim(text)[0], stored_claim(original)[0]
            # Count only rewordings the scorer accepts on their own: this measures the fetch.
            rows.append(
                (text, original_id if score_pair(text, q_new, original, q_old).same else None)
            )
        else:
            rows.append((render(random_fact(rng), rng.randrange(3)), None))
    out = []
    for start in range(0, len(rows), CLAIMS_PER_ARTICLE):
        chunk = rows[start : start + CLAIMS_PER_ARTICLE]
        body = " ".join(text for text, _ in chunk)
        article = Article.objects.create(
            title=f"Bench: new article {start}", body=body, content_hash=f"bench-new-{start}"
        )
        pos = 0
        for text, original_id in chunk:
            begin = body.index(text, pos)
            pos = begin + len(text)
            quantities, keys = stored_claim(text)
            claim = Claim.objects.create(
                article=article,
                start=begin,
                end=pos,
                text=text,
                quantities=quantities,
                figure_keys=keys,
            )
            out.append((claim.pk, original_id))
    return out


def show_misses(missed: list[tuple[int, int]]) -> None:
    from claims.models import Claim
    from claims.services.matching import _LEXEMES, claim_match_candidates

    for pk, original_id in missed:
        claim = Claim.objects.annotate(lexemes=_LEXEMES).get(pk=pk)
        original = Claim.objects.get(pk=original_id)
        fetched = original_id in {c.id for c in claim_match_candidates(claim)}
        print(f"  missed #{pk}: {claim.text}")
        print(f"    stored #{original_id}: {original.text}")
        print(f"    {'fetched, not matched' if fetched else 'not fetched'}; {original.group_id=}")


def explain(claim_id: int) -> list[str]:
    from django.db import connection

    from claims.models import Claim
    from claims.services.matching import _LEXEMES, candidate_query

    claim = Claim.objects.annotate(lexemes=_LEXEMES).get(pk=claim_id)
    sql, params = candidate_query(claim)
    with connection.cursor() as cur:
        cur.execute("EXPLAIN (ANALYZE, COSTS OFF) " + sql, params)
        plan = [row[0] for row in cur.fetchall()]
    keep = ("Index", "Scan", "Execution", "Heap Blocks", "Rows Removed", "CTE", "BitmapAnd")
    return [claim.text] + [line for line in plan if any(w in line for w in keep)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--new", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse a kept database")
    parser.add_argument("--show-misses", action="store_true", help="print rewordings not found")
    args, _ = parser.parse_known_args()  # `make bench ARGS=...` passes other scripts' options

    reuse = args.reuse and psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB}'") == "1"
    if not reuse:
        psql(f"DROP DATABASE IF EXISTS {DB}")
        psql(f"CREATE DATABASE {DB}")
    env = {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{DB}",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/6"),
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-" + "k" * 50),
        "DEBUG": "0",
        "DATABASE_POOL": "0",
    }
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=REPO, env=env, check=True
    )
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Q

    from articles.models import Article
    from claims.models import Claim, ClaimMatch
    from claims.services.matching import claims_match_new

    sample_every = max(args.claims // 2000, 1)
    try:
        if reuse:
            # The sample is the same rows the load recorded: regenerate the facts, not the table.
            sample = []
            first = Claim.objects.filter(extractor_version="bench").order_by("pk").first()
            for row, fact, variant in corpus(args.claims):
                if row % sample_every == sample_every // 2:
                    sample.append((first.pk + row, fact, variant))
            Article.objects.filter(content_hash__startswith="bench-new-").delete()
            print(f"reusing {DB}", flush=True)
        else:
            sample = load(args.claims, sample_every)
        total = Claim.objects.count()
        claims = new_claims(args.new, sample)
        claims_match_new(claim_ids=[claims[0][0]])  # warm the connection and caches
        timings = []
        stored = 0
        found = expected = 0
        missed: list[tuple[int, int]] = []
        for pk, original_id in claims[1:]:
            t0 = time.perf_counter()
            stored += len(claims_match_new(claim_ids=[pk]))
            timings.append((time.perf_counter() - t0) * 1000)
            if original_id is not None:
                expected += 1
                hit = ClaimMatch.objects.filter(
                    Q(claim_id=pk, matched_id=original_id) | Q(claim_id=original_id, matched_id=pk)
                ).exists()
                found += hit
                if not hit:
                    missed.append((pk, original_id))
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(0.95 * len(timings)))]
        print(
            f"claims_match_new over {total:,} claims, {len(timings)} new claims: "
            f"mean {statistics.mean(timings):.1f} ms, p50 {statistics.median(timings):.1f} ms, "
            f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms per claim; {stored} matches stored"
        )
        print(f"rewordings of a stored claim found: {found}/{expected}")
        if args.show_misses:
            show_misses(missed)
        for pk in (claims[2][0], claims[3][0]):
            print("EXPLAIN ANALYZE of the candidate query for:")
            for line in explain(pk):
                print("   ", line)
    finally:
        connection.close()
        if not args.keep:
            psql(f"DROP DATABASE IF EXISTS {DB}")


if __name__ == "__main__":
    main()
