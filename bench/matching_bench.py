"""Speed of `claims_match_new` against a large claim table (default 1,000,000 claims), on a varied
corpus and a repetitive (wire-copy) one.

For each corpus (--corpus varied|wire|both, default both) it creates the database
fc_bench_match (varied) or fc_bench_match_wire (wire), dropped first and again at the end unless
--keep, migrates it and fills it with news-like claims: every sentence goes through the real
extraction engine and `figure_keys` (cached per distinct sentence), rows go in with COPY
(pghistory triggers off, indexes rebuilt after the load), then ANALYZE. Varied: each claim a fact
of its own (5% restate an earlier one). Wire: articles are copies of wire stories, a few copied
hundreds of times, with a sentence or two cut, some reworded, some local sentences added.

It then stores new articles (varied: 10 claims each, half rewordings of stored facts; wire: mostly
one more copy of a stored story) and matches each article's claims in one `claims_match_new`
call, as the task does: per-claim p50 / p95 / p99 / max ms (from `matching_counters`; a service
without them is timed claim by claim, the article being the sum) and per-article p50 / max. It
reports how many rewordings (varied) or copied sentences (wire) were matched, EXPLAIN ANALYZE of
the candidate query for two claims, and with --corpus both, quality on the labelled pairs
(bench/matching_quality.py). Needs PostgreSQL on 127.0.0.1:5432 (BENCH_PG to change).

    .venv/bin/python bench/matching_bench.py [--claims 1000000] [--new 200] [--corpus both]
        [--keep] [--reuse] [--show-misses]

Loading a million claims takes 4-15 minutes (the extraction engine runs on each distinct
sentence). --reuse skips creating and loading when the database already holds the corpus
(after --keep); --show-misses prints each rewording the candidate fetch did not bring.
"""

from __future__ import annotations

import argparse
import functools
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
# Repetitive corpus: share of articles that are a new wire story (the rest copy an earlier one).
WIRE_NEW_STORY_SHARE = 0.05

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


@functools.lru_cache(maxsize=200_000)
def stored_claim(text: str) -> tuple[list[dict], list[str]]:
    """(quantities, figure keys) as the extraction storage makes them. Cached: wire copy repeats
    its sentences, and the engine is deterministic (do not modify the lists returned)."""
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


def corpus(n_claims: int, seed: int = 1) -> Iterator[tuple[int, int, Fact, int]]:
    """(row number, article number, fact, variant) for every stored claim of the varied corpus:
    each claim a fact of its own (5% restate an earlier one), articles filled round robin. The
    same seed gives the same rows."""
    n_articles = max(n_claims // CLAIMS_PER_ARTICLE, 1)
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
        yield row, row % n_articles, fact, rng.randrange(3)


@dataclass(frozen=True)
class Story:
    facts: tuple[Fact, ...]
    variants: tuple[int, ...]


def wire_copy(rng: random.Random, story: Story) -> list[tuple[Fact, int]]:
    """One outlet's copy of a wire story: the same sentences, a sentence or two cut, sometimes
    one reworded and a local sentence added (what wire copy looks like once republished)."""
    keep = list(zip(story.facts, story.variants, strict=True))
    for _ in range(rng.choice([0, 1, 1, 2])):
        if len(keep) > 3:
            del keep[rng.randrange(len(keep))]
    if rng.random() < 0.3:
        i = rng.randrange(len(keep))
        keep[i] = (keep[i][0], keep[i][1] + 1)
    if rng.random() < 0.3:
        keep.insert(rng.randrange(len(keep) + 1), (random_fact(rng), rng.randrange(3)))
    return keep


def wire_corpus(n_claims: int, seed: int = 1) -> Iterator[tuple[int, int, Fact, int]]:
    """(row number, article number, fact, variant) for the repetitive corpus: articles are
    copies of wire stories (8-12 sentences); a story is republished by many outlets (a few
    stories hundreds of times, most a handful), so most claims have near-identical twins in
    dozens of other articles."""
    rng = random.Random(seed)
    stories: list[Story] = []
    row = article = 0
    while row < n_claims:
        if not stories or rng.random() < WIRE_NEW_STORY_SHARE:
            facts = tuple(random_fact(rng) for _ in range(rng.randint(8, 12)))
            story = Story(facts, tuple(rng.randrange(3) for _ in facts))
            stories.append(story)
            sentences = list(zip(story.facts, story.variants, strict=True))
        else:
            story = stories[len(stories) - 1 - _zipf_index(rng, len(stories), 3.0)]
            sentences = wire_copy(rng, story)
        for fact, variant in sentences:
            if row >= n_claims:
                return
            yield row, article, fact, variant
            row += 1
        article += 1


def wire_stories(n_claims: int, seed: int = 1) -> list[Story]:
    """The stories of wire_corpus (same seed, same stories), for the timed copies."""
    rng = random.Random(seed)
    stories: list[Story] = []
    row = 0
    while row < n_claims:
        if not stories or rng.random() < WIRE_NEW_STORY_SHARE:
            facts = tuple(random_fact(rng) for _ in range(rng.randint(8, 12)))
            stories.append(Story(facts, tuple(rng.randrange(3) for _ in facts)))
            row += len(facts)
        else:
            story = stories[len(stories) - 1 - _zipf_index(rng, len(stories), 3.0)]
            row += len(wire_copy(rng, story))
    return stories


def load(n_claims: int, sample_every: int, wire: bool) -> list[tuple[int, Fact, int]]:
    """Fill the tables; returns (claim id, fact, variant) for every sample_every-th claim."""
    from django.db import connection
    from django.utils import timezone

    from claims.models import AnchorStatus

    # Wire articles hold 6-13 claims: room for the most articles there can be (empty ones are
    # deleted after the load).
    n_articles = max(n_claims // (6 if wire else CLAIMS_PER_ARTICLE), 1) + 1
    rows = wire_corpus(n_claims) if wire else corpus(n_claims)
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
              content_hash, created_at, updated_at, published_at)
            SELECT 'https://bench.example/a/' || i, 'Bench article ' || i,
                   'Body of bench article ' || i || '.', 'Bench Courier', '[]', 'en',
                   md5(i::text), now(), now(), now()
            FROM generate_series(1, %s) AS i
            """,
            [n_articles],
        )
        cur.execute(
            "UPDATE articles_articleextraction"
            " SET status = 'done', attempts = 1, extractor_version = 'bench'"
        )
        cur.execute("SELECT min(id) FROM articles_article")
        first_article = cur.fetchone()[0]
        cur.execute("SELECT coalesce(max(id), 0) FROM claims_claim")
        first_claim = cur.fetchone()[0] + 1
        now = timezone.now()
        columns = (
            'id, article_id, start, "end", text, claim_type, checkworthiness, signals, '
            "quantities, consistency, consistency_flag, figure_keys, speaker, extractor_version, "
            "status, dismiss_reason, summary, claim_reviewed, anchor_status, anchor_old_sentence, "
            "anchor_new_sentence, version, created_at, updated_at"
        )
        with cur.cursor.copy(f"COPY claims_claim ({columns}) FROM STDIN") as copy:
            for row, article, fact, variant in rows:
                text = render(fact, variant)
                quantities, keys = stored_claim(text)
                slot = row
                copy.write_row(
                    (
                        first_claim + row,
                        first_article + article,
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
                        "",
                        AnchorStatus.CURRENT,
                        "",
                        "",
                        1,
                        now,
                        now,
                    )
                )
                if row % sample_every == sample_every // 2:
                    sample.append((first_claim + row, fact, variant))
                if row and row % 50_000 == 0:
                    print(f"  {row:,} claims sent ({time.perf_counter() - t0:.0f} s)", flush=True)
        cur.execute(
            "SELECT setval(pg_get_serial_sequence('claims_claim', 'id'), max(id)) FROM claims_claim"
        )
        # The articles no claim landed in go, with the extraction state row the article table's
        # trigger gave each (no ON DELETE CASCADE in the database: Django cascades itself).
        cur.execute(
            "WITH unused AS (SELECT a.id FROM articles_article a WHERE a.id >= %s AND NOT EXISTS "
            "(SELECT 1 FROM claims_claim c WHERE c.article_id = a.id)), "
            "state AS (DELETE FROM articles_articleextraction e USING unused u "
            "WHERE e.article_id = u.id) "
            "DELETE FROM articles_article a USING unused u WHERE a.id = u.id",
            [first_article],
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


def new_claims(
    count: int, sample: list[tuple[int, Fact, int]]
) -> list[list[tuple[str, int | None]]]:
    """`count` claims for new articles of the varied corpus: even ones reword a sampled fact
    (another variant), odd ones state a fresh random fact. Returns articles of (text, id of the
    reworded claim or None)."""
    from claims.matching import score_pair

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
    return [rows[i : i + CLAIMS_PER_ARTICLE] for i in range(0, len(rows), CLAIMS_PER_ARTICLE)]


def new_wire_articles(count: int, stories: list[Story]) -> list[list[tuple[str, int | None]]]:
    """`count` new articles of the repetitive corpus: most are one more copy of a stored story
    (half of them of the most copied stories: the worst case), a few a fresh story. A copied
    sentence is marked with -1 (it should match its stored twins)."""
    rng = random.Random(11)
    out = []
    for k in range(count):
        if k % 5 == 4:
            facts = [random_fact(rng) for _ in range(10)]
            out.append([(render(f, rng.randrange(3)), None) for f in facts])
            continue
        story = stories[k % 10] if k % 2 else stories[rng.randrange(len(stories))]
        copied = set(zip(story.facts, story.variants, strict=True))
        out.append(
            [
                (render(fact, variant), -1 if (fact, variant) in copied else None)
                for fact, variant in wire_copy(rng, story)
            ]
        )
    return out


def store_articles(
    articles: list[list[tuple[str, int | None]]],
) -> list[list[tuple[int, int | None]]]:
    """Store the articles and their claims; returns per article (claim id, expected match)."""
    from articles.models import Article
    from claims.models import Claim

    out = []
    for n, chunk in enumerate(articles):
        body = " ".join(text for text, _ in chunk)
        article = Article.objects.create(
            title=f"Bench: new article {n}", body=body, content_hash=f"bench-new-{n}"
        )
        pos = 0
        ids = []
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
            ids.append((claim.pk, original_id))
        out.append(ids)
    return out


def time_article(ids: list[int]) -> tuple[list[float], float, int]:
    """Match one new article's claims the way the task does (one call for its claims): per-claim
    ms, the article's ms and the matches stored. With a service that has no counters (before
    the article-first step), each claim is matched alone and the article is their sum."""
    from claims.services import matching as service

    counters = getattr(service, "matching_counters", None)
    if counters is None:
        per_claim = []
        stored = 0
        for pk in ids:
            t0 = time.perf_counter()
            stored += len(service.claims_match_new(claim_ids=[pk]))
            per_claim.append((time.perf_counter() - t0) * 1000)
        return per_claim, sum(per_claim), stored
    counters.reset()
    t0 = time.perf_counter()
    stored = len(service.claims_match_new(claim_ids=ids))
    return list(counters.claim_ms), (time.perf_counter() - t0) * 1000, stored


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


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


def run_quality() -> None:
    """Quality on the labelled pairs (bench/matching_quality.py), printed after the timings."""
    quality = REPO / "bench" / "matching_quality.py"
    subprocess.run([sys.executable, str(quality), "--no-curve"], cwd=REPO, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--new", type=int, default=200, help="new claims timed (about)")
    parser.add_argument("--corpus", choices=["varied", "wire", "both"], default="both")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse a kept database")
    parser.add_argument("--show-misses", action="store_true", help="print rewordings not found")
    args, _ = parser.parse_known_args()  # `make bench ARGS=...` passes other scripts' options

    if args.corpus == "both":
        for corpus_name in ("varied", "wire"):
            argv = [a for a in sys.argv[1:] if not a.startswith("--corpus")]
            subprocess.run(
                [sys.executable, __file__, *argv, "--corpus", corpus_name], cwd=REPO, check=True
            )
        run_quality()
        return
    wire = args.corpus == "wire"
    db = DB + ("_wire" if wire else "")
    reuse = args.reuse and psql(f"SELECT 1 FROM pg_database WHERE datname = '{db}'") == "1"
    if not reuse:
        psql(f"DROP DATABASE IF EXISTS {db}")
        psql(f"CREATE DATABASE {db}")
    env = {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{db}",
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

    sample_every = max(args.claims // 2000, 1)
    try:
        if reuse:
            # The sample is the same rows the load recorded: regenerate the facts, not the table.
            sample = []
            first = Claim.objects.filter(extractor_version="bench").order_by("pk").first()
            if not wire:
                for row, _, fact, variant in corpus(args.claims):
                    if row % sample_every == sample_every // 2:
                        sample.append((first.pk + row, fact, variant))
            Article.objects.filter(content_hash__startswith="bench-new-").delete()
            print(f"reusing {db}", flush=True)
        else:
            sample = load(args.claims, sample_every, wire)
        total = Claim.objects.count()
        if wire:
            planned = new_wire_articles(max(args.new // 10, 2), wire_stories(args.claims))
        else:
            planned = new_claims(args.new, sample)
        articles = store_articles(planned)
        time_article([articles[0][0][0]])  # warm the connection and caches
        per_claim: list[float] = []
        per_article: list[float] = []
        stored = found = expected = 0
        missed: list[tuple[int, int]] = []
        for article in articles:
            claim_ms, article_ms, matches = time_article([pk for pk, _ in article])
            per_claim += claim_ms
            per_article.append(article_ms)
            stored += matches
            for pk, original_id in article:
                if original_id is None:
                    continue
                expected += 1
                either = Q(claim_id=pk) | Q(matched_id=pk)
                if original_id != -1:
                    either = Q(claim_id=pk, matched_id=original_id) | Q(
                        claim_id=original_id, matched_id=pk
                    )
                hit = ClaimMatch.objects.filter(either).exists()
                found += hit
                if not hit and original_id != -1:
                    missed.append((pk, original_id))
        print(
            f"[{args.corpus}] claims_match_new over {total:,} claims, {len(per_claim)} new claims "
            f"in {len(per_article)} articles: per claim p50 {statistics.median(per_claim):.1f} ms, "
            f"p95 {percentile(per_claim, 0.95):.1f} ms, p99 {percentile(per_claim, 0.99):.1f} ms, "
            f"max {max(per_claim):.1f} ms; per article p50 {statistics.median(per_article):.0f} "
            f"ms, max {max(per_article):.0f} ms; {stored} matches stored",
            flush=True,
        )
        what = "copied sentences matched to a stored twin" if wire else "rewordings found"
        print(f"[{args.corpus}] {what}: {found}/{expected}", flush=True)
        if args.show_misses:
            show_misses(missed)
        for pk in (articles[0][1][0], articles[0][2][0]):
            print("EXPLAIN ANALYZE of the candidate query for:")
            for line in explain(pk):
                print("   ", line)
    finally:
        connection.close()
        if not args.keep:
            psql(f"DROP DATABASE IF EXISTS {db}")


if __name__ == "__main__":
    main()
