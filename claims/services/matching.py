"""Claim matching: find earlier claims of the same fact, group them, and let reviewers decide.

`claims_match_new` runs in the worker right after extraction stored claims. Candidates come from
one statement of three index-backed queries over other articles' claims (figure-key overlap on
the GIN array index, narrowed by rare words when the key is common; the claim's rarest words on
the GIN tsvector index), each reading a bounded number of rows and ranked by pg_trgm similarity;
`claims.matching` scores them in Python. Writes are idempotent: the pair is unique in the
database, a pair already decided (either direction) is never suggested again, and grouping only
fills empty `group` fields. A claim joins a group only if it conflicts with no member and no
member's pair with it was rejected, so a group never chains claims that differ through a third
that matches both. A prior verdict comes only from a direct match, and is applied only from a
confirmed one.

Reviewer decisions (`claim_match_confirm`, `claim_match_reject`, `claim_group_split`) and
`claim_apply_prior_verdict` follow `claims.services.workflow`: keyword-only, locked, refusals as
`TransitionRefused` / `WorkflowError` with a message for the user, history via pghistory context.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import connection, transaction
from django.db.models import Exists, F, Func, OuterRef, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from articles.models import Article, ArticleExtraction
from claims import matching
from claims.models import Annotation, Claim, ClaimGroup, ClaimMatch, ClaimStatus, Evidence
from claims.notifications import events as notify
from claims.queueing import MATCH_CLAIMS, QUEUE_MATCHING
from claims.roles import is_reviewer
from claims.services.sources import source_check_request
from claims.services.workflow import (
    TransitionRefused,
    WorkflowError,
    _check_edit,
    _lock,
    _save,
)
from factcheck.gin import pending_lists_merge
from factcheck.locks import MATCHING_LOCK, advisory_xact_lock
from factcheck.queueing import TaskPublisher, queue_backlog

logger = logging.getLogger(__name__)

# The best this many candidates of each query are scored in Python.
CANDIDATES_PER_METHOD = 50
# And the best this many of the claims already settled (in a group, or published) that the
# figure or word query would find, read apart (settled_rows): on wire copy the closest wordings
# of a fact are ungrouped ones and fill the lists above, and a new claim would start yet another
# group of the fact instead of joining the one with its history (and its verdict).
SETTLED_CANDIDATES = 5
# Each query reads at most this many rows from the table before ranking: the time bound. Only a
# figure and word combination shared by more claims than this is cut short (rows in table order).
ROWS_PER_METHOD = 200
# A word in more than this share of claims does not narrow the figure query (unless no rarer
# word is left: then the rarest one does).
COMMON_WORD_SHARE = 0.02
# How long the statistics read from pg_stats are trusted (ANALYZE refreshes them).
STATISTICS_TTL = 600.0
# Grouping compares a claim with at most this many of a group's distinct wordings, read from at
# most GROUP_ROWS_READ of its claims (the oldest: the group's founding claims), and spends at
# most GROUP_COMPARISONS comparisons per claim; a claim it cannot clear within that budget is
# matched but not grouped. Copies of one sentence are one wording: wire copy stays cheap.
GROUP_ROWS_READ = 500
GROUP_WORDINGS = 40
GROUP_COMPARISONS = 120
# The most comparisons one claim's matching may cost, whatever the corpus: its candidates (at
# most three queries' worth and the settled ones, each wording scored once) and the group checks.
MAX_COMPARISONS_PER_CLAIM = 3 * CANDIDATES_PER_METHOD + SETTLED_CANDIDATES + GROUP_COMPARISONS
# Near-duplicate articles: for each sentence of a new article, the newest TWINS_PER_SENTENCE
# claims worded the same (case and punctuation aside) and already matched themselves are read
# from the text-key index (it holds only those: a claim still owed matching is found the other
# way round, when its own matching looks for its twins); an earlier article holding twins of at
# least NEAR_DUPLICATE_SHARE of the article's claims (and NEAR_DUPLICATE_MIN of them) is a
# near-duplicate: those claims are paired with their twins there and join their groups without
# further comparison; the rest are matched one by one.
TWINS_PER_SENTENCE = 20
NEAR_DUPLICATE_SHARE = 0.5
NEAR_DUPLICATE_MIN = 3
# The method recorded on a match made by the near-duplicate article step.
DUPLICATE_METHOD = "near-duplicate article"


@dataclass
class MatchingCounters:
    """What matching cost in this process since `reset()`: pairs scored (`comparisons`, also
    the most for one claim), claims matched, claims paired through a near-duplicate article,
    and each claim's time in ms (a claim paired through its article gets an equal share of the
    article step). The bench and the tests read it; nothing depends on it."""

    comparisons: int = 0
    most_comparisons: int = 0
    claims: int = 0
    article_first: int = 0
    claim_ms: list[float] = field(default_factory=list)

    def reset(self) -> None:
        self.comparisons = self.most_comparisons = self.claims = self.article_first = 0
        self.claim_ms = []

    def claim_done(self, comparisons: int, ms: float) -> None:
        self.comparisons += comparisons
        self.most_comparisons = max(self.most_comparisons, comparisons)
        self.claims += 1
        self.claim_ms.append(ms)


matching_counters = MatchingCounters()


@dataclass(frozen=True)
class Candidate:
    id: int
    text: str
    # The stored quantities as PostgreSQL writes the jsonb out: one spelling for equal values,
    # so with the text it keys a wording (copies of a sentence are scored once) without
    # decoding and re-encoding each candidate's figures.
    quantities_json: str
    group_id: int | None

    @functools.cached_property
    def quantities(self) -> list[dict[str, Any]]:
        return json.loads(self.quantities_json) or []


# One round trip per claim. Every branch is a bitmap over GIN indexes (figure keys, full text), so
# the work grows with the number of claims sharing the claim's figures and rare words, not with
# the table. Each branch reads at most ROWS_PER_METHOD rows (MATERIALIZED keeps the LIMIT inside),
# ranks them by pg_trgm similarity to the claim and keeps the best CANDIDATES_PER_METHOD:
# - figure_rows: a figure key in common; when the key is a common one (from pg_stats), also one of
#   the claim's rare words or a synonym of its words (a BitmapAnd of both indexes);
# - word_rows: all three of the claim's rarest words (near-identical wording keeps them);
# - most_word_rows: the rarest word and one of the next two (one word reworded);
# - settled_rows: what figure_rows or word_rows would find among the settled claims only (partial
#   indexes claim_settled_*_idx; the condition is written as the indexes have it), of which the
#   best SETTLED_CANDIDATES: rows are read in table order and an update moves a row to the end of
#   the table, so the groups' claims are the last the other branches would reach.
# The pg_trgm GIN index (`text % ...`) is not used here: at a million claims the trigrams of a
# sentence are common ones and that scan alone took 350-600 ms (docs/matching.md).
_CANDIDATES_SQL = """
WITH figure_rows AS MATERIALIZED (
    {figure_rows}
), word_rows AS MATERIALIZED (
    SELECT c.id, c.text FROM claims_claim c
    WHERE %(has_words)s AND c.search_vector @@ %(all_words)s::tsquery
      AND c.article_id <> %(article)s
    LIMIT %(rows)s
), most_word_rows AS MATERIALIZED (
    SELECT c.id, c.text FROM claims_claim c
    WHERE %(has_words)s AND c.search_vector @@ %(most_words)s::tsquery
      AND c.article_id <> %(article)s
    LIMIT %(rows)s
), settled_rows AS MATERIALIZED (
    SELECT c.id, c.text FROM claims_claim c
    WHERE (c.group_id IS NOT NULL OR c.status = 'published')
      AND ((%(has_keys)s AND c.figure_keys && %(keys)s::varchar(80)[]
            AND (%(rare_keys)s OR c.search_vector @@ ({any_words})))
           OR (%(has_words)s AND c.search_vector @@ %(all_words)s::tsquery))
      AND c.article_id <> %(article)s
    LIMIT %(rows)s
), chosen AS (
    (SELECT id FROM figure_rows ORDER BY similarity(text, %(text)s) DESC, id DESC LIMIT %(limit)s)
    UNION
    (SELECT id FROM word_rows ORDER BY similarity(text, %(text)s) DESC, id DESC LIMIT %(limit)s)
    UNION
    (SELECT id FROM most_word_rows
     ORDER BY similarity(text, %(text)s) DESC, id DESC LIMIT %(limit)s)
    UNION
    (SELECT id FROM settled_rows
     ORDER BY similarity(text, %(text)s) DESC, id DESC LIMIT %(settled)s)
)
SELECT c.id, c.text, c.quantities, c.group_id
FROM claims_claim c JOIN chosen USING (id)
"""


# figure_rows, two ways to the same rows (the first ROWS_PER_METHOD in table order, both bitmap
# heap scans): the words on the full-text index, ANDed with the key's bitmap; or, when the key's
# claims are far fewer than the words' (by the statistics), the words checked on the key's rows
# (OFFSET 0 keeps them out of the index scan): a BitmapAnd with a 50,000-row word bitmap cost
# 10-25 ms of the tail, reading a few thousand rows of the key costs a few.
_FIGURE_ROWS_BY_INDEXES = """
    SELECT c.id, c.text FROM claims_claim c
    WHERE %(has_keys)s AND c.figure_keys && %(keys)s::varchar(80)[]
      AND (%(rare_keys)s OR c.search_vector @@ ({any_words}))
      AND c.article_id <> %(article)s
    LIMIT %(rows)s"""
_FIGURE_ROWS_BY_KEY = """
    SELECT k.id, k.text FROM (
        SELECT c.id, c.text, c.search_vector FROM claims_claim c
        WHERE %(has_keys)s AND c.figure_keys && %(keys)s::varchar(80)[]
          AND c.article_id <> %(article)s
        OFFSET 0
    ) AS k
    WHERE %(rare_keys)s OR k.search_vector @@ ({any_words})
    LIMIT %(rows)s"""
# The key's rows are read and the words checked on them when the statistics put this many times
# more claims on the words than on the key.
WORDS_OVER_KEY_ROWS = 4


@dataclass(frozen=True)
class TableStatistics:
    """What the planner knows about claims_claim: the share of claims containing each common
    lexeme and each common figure key (pg_stats), and the number of rows (pg_class)."""

    lexemes: dict[str, float]
    keys: dict[str, float]
    rows: float


_statistics = TableStatistics({}, {}, 0.0)
_statistics_at = -STATISTICS_TTL


def table_statistics() -> TableStatistics:
    """Cached per process for STATISTICS_TTL seconds. Empty before the first ANALYZE: then every
    figure key counts as rare and the longest words as the rarest."""
    global _statistics, _statistics_at
    if time.monotonic() - _statistics_at < STATISTICS_TTL:
        return _statistics
    table = Claim._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, most_common_elems::text::text[], most_common_elem_freqs "
            "FROM pg_stats WHERE schemaname = current_schema() AND tablename = %s "
            "AND attname IN ('search_vector', 'figure_keys')",
            [table],
        )
        # The frequency array carries three more numbers (min, max, nulls) after the list.
        common = {
            name: dict(zip(elems or [], freqs or [], strict=False))
            for name, elems, freqs in cursor.fetchall()
        }
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        row = cursor.fetchone()
    _statistics = TableStatistics(
        lexemes=common.get("search_vector", {}),
        keys=common.get("figure_keys", {}),
        rows=max(float(row[0]), 0.0) if row else 0.0,
    )
    _statistics_at = time.monotonic()
    return _statistics


# A claim's full-text lexemes (stemmed, no stop words), read from its stored vector.
_LEXEMES = Func(
    F("search_vector"),
    function="tsvector_to_array",
    output_field=ArrayField(TextField()),
)


def _lexemes(claim: Claim) -> list[str]:
    lexemes = getattr(claim, "lexemes", None)
    if lexemes is None:
        lexemes = (
            Claim.objects.filter(pk=claim.pk)
            .annotate(lexemes=_LEXEMES)
            .values_list("lexemes", flat=True)
            .first()
        )
    return list(lexemes or [])


def candidate_query(
    claim: Claim, *, limit: int = CANDIDATES_PER_METHOD
) -> tuple[str, dict[str, Any]]:
    """The candidate SQL and its parameters for this claim (bench/matching_bench.py EXPLAINs
    it). The claim needs `lexemes` (annotate with _LEXEMES) or it costs one more query."""
    stats = table_statistics()
    keys = list(claim.figure_keys or []) or matching.figure_keys(claim.quantities or [])
    rarest = matching.rarest_lexemes(_lexemes(claim), stats.lexemes, 3)
    narrowing = [w for w in rarest if stats.lexemes.get(w, 0.0) <= COMMON_WORD_SHARE]
    narrowing = narrowing or rarest[:1]
    related = matching.related_words(claim.text)
    busiest_key = max((stats.keys.get(k, 0.0) for k in keys), default=0.0) * stats.rows
    any_words = "%(any_words)s::tsquery"
    if related:
        # Stemmed by PostgreSQL, like the stored vectors.
        any_words += " || to_tsquery('english', %(related)s)"
    # A key or word the statistics do not list is counted at the rarest listed key's share (an
    # upper bound) and at none (a lower bound): in doubt, the indexes.
    rarest_key = min(stats.keys.values(), default=0.0)
    key_rows = sum(stats.keys.get(k, rarest_key) for k in keys) * stats.rows
    word_rows = sum(stats.lexemes.get(w, 0.0) for w in [*narrowing, *related]) * stats.rows
    by_key = key_rows * WORDS_OVER_KEY_ROWS < word_rows
    figure_rows = _FIGURE_ROWS_BY_KEY if by_key else _FIGURE_ROWS_BY_INDEXES
    # An unused branch still needs a valid tsquery: "'-'".
    sql = _CANDIDATES_SQL.format(
        figure_rows=figure_rows.format(any_words=any_words), any_words=any_words
    )
    return sql, {
        "has_keys": bool(keys),
        "keys": keys,
        "rare_keys": busiest_key <= ROWS_PER_METHOD / 2 or not (narrowing or related),
        "any_words": matching.tsquery_any(narrowing) if narrowing else "'-'",
        "related": " | ".join(related),
        "article": claim.article_id,
        "text": claim.text,
        "has_words": len(rarest) >= 2,
        "all_words": matching.tsquery_at_least(rarest, len(rarest)) if rarest else "'-'",
        "most_words": matching.tsquery_first_and_any(rarest) if rarest else "'-'",
        "rows": ROWS_PER_METHOD,
        "limit": limit,
        "settled": min(SETTLED_CANDIDATES, limit),
    }


def claim_match_candidates(claim: Claim, *, limit: int = CANDIDATES_PER_METHOD) -> list[Candidate]:
    """Claims in other articles that may state the same fact (unscored)."""
    sql, params = candidate_query(claim, limit=limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    # Django's connection hands jsonb back as text (the JSONField decodes it, we are below that).
    return [
        Candidate(id=r[0], text=r[1], quantities_json=_jsonb_text(r[2]), group_id=r[3])
        for r in rows
    ]


def _jsonb_text(value: Any) -> str:
    """A stored claim's quantities as PostgreSQL's text of the jsonb ("[]" for none)."""
    if value is None:
        return "[]"
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


# A stored claim's quantities as the text PostgreSQL writes for the jsonb (see Candidate).
_QUANTITIES_TEXT = Cast("quantities", TextField())


def _decided_pairs(claim_id: int, other_ids: Iterable[int]) -> set[int]:
    """Other claims already paired with this one, in either direction, whatever the status."""
    other_ids = list(other_ids)
    rows = ClaimMatch.objects.filter(
        Q(claim_id=claim_id, matched_id__in=other_ids)
        | Q(matched_id=claim_id, claim_id__in=other_ids)
    ).values_list("claim_id", "matched_id")
    return {b if a == claim_id else a for a, b in rows}


def claim_match_one(claim: Claim) -> list[ClaimMatch]:
    """Score one claim's candidates, store suggested matches, and group. See claims_match_new.
    Costs at most MAX_COMPARISONS_PER_CLAIM comparisons (matching_counters counts them)."""
    started = time.perf_counter()
    budget = _Budget()
    try:
        return _match_one(claim, budget)
    finally:
        matching_counters.claim_done(budget.spent, (time.perf_counter() - started) * 1000)


class _Budget:
    """Comparisons spent on one claim; grouping may spend GROUP_COMPARISONS of them."""

    def __init__(self) -> None:
        self.spent = 0
        self.grouping = 0

    def may_group(self) -> bool:
        return self.grouping < GROUP_COMPARISONS

    def spend(self, *, grouping: bool = False) -> None:
        self.spent += 1
        self.grouping += grouping


@functools.lru_cache(maxsize=20_000)
def _wording_features(text: str, quantities_json: str) -> matching.ClaimFeatures:
    """A wording's features, cached per process: the same stored claims come back as candidates
    of many new claims (and wire copy repeats whole sentences). Do not modify the result."""
    return matching.features(text, json.loads(quantities_json))


@functools.lru_cache(maxsize=20_000)
def _wording_sketch(text: str, quantities_json: str) -> matching.Sketch:
    """A wording's sketch (trigrams and figures), cached like _wording_features."""
    return matching.sketch(text, json.loads(quantities_json))


# What a candidate that cannot match scores (matching.may_be_same said so).
_CANNOT_MATCH = matching.MatchResult(score=0.0, method="", same=False)


def _match_one(claim: Claim, budget: _Budget) -> list[ClaimMatch]:
    candidates = claim_match_candidates(claim)
    if not candidates:
        return []
    own = matching.features(claim.text, claim.quantities or [])
    scored: list[tuple[float, str, Candidate]] = []
    # Copies of one sentence (wire copy) are scored once: same words, same quantities. A wording
    # that can match neither by its wording nor by a figure (its sketch says so) is not scored:
    # most candidates of a varied corpus are such, and their features are most of the cost.
    by_wording: dict[tuple[str, str], matching.MatchResult] = {}
    for candidate in candidates:
        if candidate.id == claim.pk:
            continue
        wording = (candidate.text, candidate.quantities_json)
        result = by_wording.get(wording)
        if result is None:
            budget.spend()
            if matching.may_be_same(own, _wording_sketch(*wording)):
                result = matching.score_features(own, _wording_features(*wording))
            else:
                result = _CANNOT_MATCH
            by_wording[wording] = result
        if result.same and result.score >= matching.MATCH_THRESHOLD:
            scored.append((result.score, result.method, candidate))
    if not scored:
        return []
    scored.sort(key=lambda s: (-s[0], -s[2].id))

    with transaction.atomic(), pghistory.context(action="match"):
        advisory_xact_lock(MATCHING_LOCK)
        decided = _decided_pairs(claim.pk, [c.id for _, _, c in scored])
        fresh = [(s, m, c) for s, m, c in scored if c.id not in decided]
        ClaimMatch.objects.bulk_create(
            [
                ClaimMatch(claim_id=claim.pk, matched_id=c.id, score=s, method=m)
                for s, m, c in fresh
            ],
            ignore_conflicts=True,
        )
        fresh_ids = [c.id for _, _, c in fresh]
        _group(claim.pk, fresh_ids, budget)
        _notify_matched_published(claim, fresh_ids)
        # ON CONFLICT DO NOTHING returns no ids; under the lock these rows are the new ones.
        return list(ClaimMatch.objects.filter(claim_id=claim.pk, matched_id__in=fresh_ids))


def _notify_matched_published(claim: Claim, matched_ids: list[int]) -> None:
    """Who worked on a published claim hears that a new article states the same fact."""
    published = list(
        Claim.objects.filter(pk__in=matched_ids, status=ClaimStatus.PUBLISHED).only(
            "pk", "assignee_id", "submitted_by_id"
        )
    )
    if not published:
        return
    title = Article.objects.filter(pk=claim.article_id).values_list("title", flat=True).first()
    for other in published:
        notify.claim_matched(other, claim, title or f"article #{claim.article_id}")


class _Compatibility:
    """Which claims may share a group. Two claims may when a reviewer confirmed their match, or
    when nobody rejected it and the scorer finds nothing that says they differ
    (`matching.in_conflict`): a claim with no year agrees with the 2022 and the 2023 figure, but
    those two must not end up together through it. Loads each claim's text and its decided
    pairs once; call under MATCHING_LOCK so the groups read stay true.

    With a `budget` (automatic matching) the work is bounded: two claims worded alike (the same
    text and quantities) are compared once, a group is represented by at most GROUP_WORDINGS
    distinct wordings of its oldest GROUP_ROWS_READ claims (plus any member with a decided pair
    with the claims compared), and once the budget is spent a pair not yet cleared counts as
    not compatible (the claim stays matched, outside the group). Reviewer decisions use no
    budget: every member is compared."""

    def __init__(self, claim_ids: Iterable[int], budget: _Budget | None = None) -> None:
        self.groups: dict[int, int | None] = {}
        # Each claim's text and quantities, the latter as PostgreSQL's text of the jsonb (the key
        # of a wording, as for the candidates: see Candidate).
        self._claims: dict[int, tuple[str, str]] = {}
        self._features: dict[int, matching.ClaimFeatures] = {}
        self._decided: dict[frozenset[int], str] = {}
        self._verdicts: dict[frozenset[tuple[str, str]], bool] = {}
        self._members: dict[int, list[int]] = {}
        self._budget = budget
        self._load(set(claim_ids))

    def _load(self, ids: set[int]) -> None:
        ids -= self._claims.keys()
        if not ids:
            return
        rows = (
            Claim.objects.filter(pk__in=ids)
            .annotate(quantities_text=_QUANTITIES_TEXT)
            .values_list("pk", "group_id", "text", "quantities_text")
        )
        for pk, group_id, text, quantities in rows:
            self.groups[pk] = group_id
            self._claims[pk] = (text, _jsonb_text(quantities))
        known = list(self._claims)
        decided = (
            ClaimMatch.objects.filter(
                Q(claim_id__in=ids, matched_id__in=known)
                | Q(matched_id__in=ids, claim_id__in=known)
            )
            .exclude(status=ClaimMatch.Status.SUGGESTED)
            .values_list("claim_id", "matched_id", "status")
        )
        for a, b, status in decided:
            pair = frozenset((a, b))
            # A rejection in either direction wins over a confirmation in the other.
            if self._decided.get(pair) != ClaimMatch.Status.REJECTED:
                self._decided[pair] = status

    def members(self, group_id: int) -> list[int]:
        """The group's claims (loaded for comparison); with a budget, its representatives."""
        if group_id in self._members:
            return self._members[group_id]
        in_group = Claim.objects.filter(group_id=group_id)
        if self._budget is None:
            ids = sorted(in_group.values_list("pk", flat=True))
        else:
            ids, seen = [], set()
            for pk, text, quantities in (
                in_group.annotate(quantities_text=_QUANTITIES_TEXT)
                .order_by("pk")
                .values_list("pk", "text", "quantities_text")[:GROUP_ROWS_READ]
            ):
                wording = (text, _jsonb_text(quantities))
                if wording not in seen and len(ids) < GROUP_WORDINGS:
                    seen.add(wording)
                    ids.append(pk)
            # Members a reviewer decided about with the claims compared always count: the other
            # claim of each decided pair of theirs, if it is in the group. (One query on the
            # pairs' own indexes, then the group filter below; joining the claims to filter by
            # group in the same query let the planner scan the whole claims table.)
            known = list(self._claims)
            decided = (
                ClaimMatch.objects.filter(Q(claim_id__in=known) | Q(matched_id__in=known))
                .exclude(status=ClaimMatch.Status.SUGGESTED)
                .order_by()
                .values_list("claim_id", "matched_id")
            )
            extra = {pk for pair in decided for pk in pair} - set(known)
            extra = set(in_group.filter(pk__in=extra).values_list("pk", flat=True))
            ids = sorted(set(ids) | extra)
        self._load(set(ids))
        self._members[group_id] = ids
        return ids

    def _feature(self, pk: int) -> matching.ClaimFeatures:
        if pk not in self._features:
            # From the per-process cache: a group's members come back for every claim of its fact.
            self._features[pk] = _wording_features(*self._wording(pk))
        return self._features[pk]

    def _wording(self, pk: int) -> tuple[str, str]:
        return self._claims[pk]

    def pair(self, a: int, b: int) -> bool:
        if a == b:
            return True
        status = self._decided.get(frozenset((a, b)))
        if status is not None:
            return status == ClaimMatch.Status.CONFIRMED
        if self._budget is None:
            return not matching.in_conflict(self._feature(a), self._feature(b))
        wa, wb = self._wording(a), self._wording(b)
        if wa == wb:
            return True  # the same words and figures: nothing can conflict
        key = frozenset((wa, wb))
        if key not in self._verdicts:
            if not self._budget.may_group():
                return False
            self._budget.spend(grouping=True)
            self._verdicts[key] = not matching.in_conflict(self._feature(a), self._feature(b))
        return self._verdicts[key]

    def with_all(self, pk: int, others: Iterable[int]) -> bool:
        return all(self.pair(pk, other) for other in others)


def _group(claim_id: int, matched_ids: list[int], budget: _Budget | None = None) -> None:
    """Group the claim with its new matches (best first). The claim joins its own group, else
    the best-scoring matched claim's group it may join (see _Compatibility: in conflict with no
    member, no rejected pair), else a new one; then each matched claim without a group joins
    too if it may join every member. Never moves a claim that already has a group."""
    if not matched_ids:
        return
    check = _Compatibility([claim_id, *matched_ids], budget)
    group_id = check.groups.get(claim_id)
    members: list[int] = check.members(group_id) if group_id is not None else []
    if group_id is None:
        tried: set[int] = set()
        for other in matched_ids:
            candidate = check.groups.get(other)
            if candidate is None or candidate in tried:
                continue
            tried.add(candidate)
            their_members = check.members(candidate)
            if check.with_all(claim_id, their_members):
                group_id, members = candidate, their_members
                break
    joining = [] if claim_id in members else [claim_id]
    for other in matched_ids:
        if check.groups.get(other) is None and check.with_all(other, [*members, *joining]):
            joining.append(other)
    if group_id is None:
        if len(joining) < 2:
            return
        group_id = ClaimGroup.objects.create().pk
    joining = [pk for pk in joining if pk not in members]
    if joining:
        Claim.objects.filter(pk__in=joining, group__isnull=True).update(group_id=group_id)


# The newest claims worded like each of the given claims (case and punctuation aside), in
# other articles and matched already: TWINS_PER_SENTENCE per claim from the text-key index
# (claim_text_key_idx, partial: the condition on matching_queued_at lets the planner use it).
_TWINS_SQL = """
SELECT m.id, t.id, t.article_id
FROM claims_claim m
CROSS JOIN LATERAL (
    SELECT c.id, c.article_id FROM claims_claim c
    WHERE {key_c} = {key_m} AND c.article_id <> m.article_id AND c.matching_queued_at IS NULL
    ORDER BY {key_c}, c.id DESC
    LIMIT %(twins)s
) t
WHERE m.id = ANY(%(ids)s)
"""


def _text_key_sql(alias: str) -> str:
    """TEXT_KEY (claims.models) as SQL over `alias`, written as the index has it."""
    return f"md5(regexp_replace(lower({alias}.text), '[^a-z0-9]+', ' ', 'g'))"


def near_duplicate_twins(claims: Sequence[Claim]) -> tuple[int | None, dict[int, int]]:
    """The earlier article these claims (of one article) are a near-duplicate of, and for each
    claim worded like one of its claims, that claim: (article id, {claim id: twin id}); (None,
    {}) when no article holds twins of NEAR_DUPLICATE_SHARE of them. Reads at most
    TWINS_PER_SENTENCE rows per claim."""
    ids = [c.pk for c in claims]
    sql = _TWINS_SQL.format(key_c=_text_key_sql("c"), key_m=_text_key_sql("m"))
    with connection.cursor() as cursor:
        cursor.execute(sql, {"ids": ids, "twins": TWINS_PER_SENTENCE})
        rows = cursor.fetchall()
    by_article: dict[int, dict[int, int]] = {}
    for claim_id, twin_id, article_id in rows:
        twins = by_article.setdefault(article_id, {})
        twins[claim_id] = max(twin_id, twins.get(claim_id, 0))
    if not by_article:
        return None, {}
    article_id = max(by_article, key=lambda a: (len(by_article[a]), a))
    twins = by_article[article_id]
    needed = max(NEAR_DUPLICATE_MIN, NEAR_DUPLICATE_SHARE * len(ids))
    if len(twins) < needed:
        return None, {}
    return article_id, twins


def _match_near_duplicate(claims: Sequence[Claim]) -> tuple[list[ClaimMatch], set[int]]:
    """The article step: pair the claims with their twins in a near-duplicate article (score
    1.0) and put each in its twin's group, without comparing: the same words and figures as a
    member conflict with no member. Returns the new matches and the claims handled."""
    started = time.perf_counter()
    _, twins = near_duplicate_twins(claims)
    if not twins:
        return [], set()
    with transaction.atomic(), pghistory.context(action="match"):
        advisory_xact_lock(MATCHING_LOCK)
        decided = {
            frozenset(pair)
            for pair in ClaimMatch.objects.filter(
                Q(claim_id__in=twins.keys(), matched_id__in=twins.values())
                | Q(matched_id__in=twins.keys(), claim_id__in=twins.values())
            ).values_list("claim_id", "matched_id")
        }
        fresh = {c: t for c, t in twins.items() if frozenset((c, t)) not in decided}
        ClaimMatch.objects.bulk_create(
            [
                ClaimMatch(claim_id=c, matched_id=t, score=1.0, method=DUPLICATE_METHOD)
                for c, t in fresh.items()
            ],
            ignore_conflicts=True,
        )
        groups = dict(
            Claim.objects.filter(pk__in=[*twins.keys(), *twins.values()]).values_list(
                "pk", "group_id"
            )
        )
        for claim_id, twin_id in twins.items():
            if groups.get(claim_id) is not None or frozenset((claim_id, twin_id)) in decided:
                continue
            group_id = groups.get(twin_id)
            if group_id is None:
                group_id = ClaimGroup.objects.create().pk
                Claim.objects.filter(pk=twin_id, group__isnull=True).update(group_id=group_id)
                groups[twin_id] = group_id
            Claim.objects.filter(pk=claim_id, group__isnull=True).update(group_id=group_id)
        published = set(
            Claim.objects.filter(pk__in=fresh.values(), status=ClaimStatus.PUBLISHED).values_list(
                "pk", flat=True
            )
        )
        for claim in claims:
            if fresh.get(claim.pk) in published:
                _notify_matched_published(claim, [fresh[claim.pk]])
        created = list(
            ClaimMatch.objects.filter(
                claim_id__in=fresh.keys(), method=DUPLICATE_METHOD, matched_id__in=fresh.values()
            )
        )
    share = (time.perf_counter() - started) * 1000 / len(twins)
    for _ in twins:
        matching_counters.claim_done(1, share)
        matching_counters.article_first += 1
    return created, set(twins)


# The claims' GIN indexes (full text, figure keys, and their settled twins) take new entries into
# a pending list, which every search through them reads in full until it is merged (factcheck/
# gin.py). After a flood of extraction the lists are full, and each of a claim's candidate queries
# read all of them: measured on 53,000 fresh claims, 35-39 ms of PostgreSQL per claim matched with
# full lists, 13-16 ms once merged. So matching merges them first, at most once every
# GIN_MERGE_SECONDS per process: the merge autovacuum or a later insert would do anyway, done
# before the searches that would pay for it, and not by the extraction that filled the lists.
GIN_MERGE_SECONDS = 5.0


class _GinMerge:
    """When this process last merged the claims' GIN indexes."""

    merged_at: float | None = None


def claim_gin_pending_lists_merge(*, force: bool = False) -> int:
    """Merge the pending lists of the claims' GIN indexes into the indexes, unless this process
    did within GIN_MERGE_SECONDS (or `force`); returns the pending pages merged."""
    now = time.monotonic()
    last = _GinMerge.merged_at
    if not force and last is not None and now - last < GIN_MERGE_SECONDS:
        return 0
    _GinMerge.merged_at = now
    return pending_lists_merge(
        [index.name for index in Claim._meta.indexes if isinstance(index, GinIndex)]
    )


def claims_match_new(*, claim_ids: Iterable[int], only_owed: bool = False) -> list[ClaimMatch]:
    """Match freshly stored claims against every other article's claims.

    Article first: the claims of one article that are worded like the claims of an earlier
    near-duplicate article (wire copy) are paired with those and join their groups
    (_match_near_duplicate); the others are matched one by one (claim_match_one), each at a
    bounded cost (MAX_COMPARISONS_PER_CLAIM).

    Call after the claims are committed (the worker does). Safe to run twice: existing pairs are
    left alone (unique constraint, ON CONFLICT DO NOTHING), a pair a reviewer rejected is never
    suggested again, and claims that already have a group keep it. Each claim's matching debt
    (`matching_queued_at`) is cleared as soon as it is matched, so `only_owed=True` (the task)
    resumes where a run cut short by its time limit stopped. Returns the new matches.
    """
    created: list[ClaimMatch] = []
    claim_ids = list(claim_ids)
    if claim_ids:
        claim_gin_pending_lists_merge()
    claims = (
        Claim.objects.filter(pk__in=claim_ids)
        .only("pk", "article_id", "text", "quantities", "figure_keys", "group_id")
        .annotate(lexemes=_LEXEMES)
    )
    if only_owed:
        claims = claims.filter(matching_queued_at__isnull=False)
    by_article: dict[int, list[Claim]] = {}
    for stored in claims.order_by("pk"):
        by_article.setdefault(stored.article_id, []).append(stored)
    for own in by_article.values():
        handled: set[int] = set()
        if len(own) >= NEAR_DUPLICATE_MIN:
            matches, handled = _match_near_duplicate(own)
            created.extend(matches)
            Claim.objects.filter(pk__in=handled, matching_queued_at__isnull=False).update(
                matching_queued_at=None
            )
        for claim in own:
            if claim.pk in handled:
                continue
            created.extend(claim_match_one(claim))
            Claim.objects.filter(pk=claim.pk, matching_queued_at__isnull=False).update(
                matching_queued_at=None
            )
    return created


# --- queueing and the sweep (the task side) ---------------------------------------------------

# Claims per `match_claims` task: bounds one task's worst case (a huge article's claims are split),
# so a time limit cuts short at most one batch, and the other queues are not held up behind it.
MATCH_BATCH = 25
# At most this many claims re-queued per sweep: the broker gets batches, not a flood.
MATCHING_SWEEP_LIMIT = 2000


def matching_enqueue(
    claim_ids: Sequence[int], *, publisher: TaskPublisher | None = None, fan_out: bool = False
) -> None:
    """Queue `match_claims` for the claims, MATCH_BATCH per task. Call it after commit; a broker
    that does not answer leaves the claims owed, for the sweep. `fan_out` (batch extraction):
    one `queue_matching` message on the matching queue instead, and the matcher publishes the
    tasks, so the extraction worker pays one publish per batch rather than one per 25 claims."""
    ids = list(claim_ids)
    publisher = publisher or TaskPublisher()
    if fan_out and len(ids) > MATCH_BATCH:
        publisher.publish(QUEUE_MATCHING, [(ids,)])
        return
    batches = [(ids[i : i + MATCH_BATCH],) for i in range(0, len(ids), MATCH_BATCH)]
    if batches:
        publisher.publish(MATCH_CLAIMS, batches)


def matching_yield_to_extraction(*, max_seconds: float | None = None, poll: float = 0.5) -> float:
    """Wait (without using the CPU) while articles are waiting for or under extraction, at most
    `max_seconds` (FACTCHECK_MATCHING_YIELD_SECONDS); returns the seconds waited. The matching
    task calls it first: matching's queries run in PostgreSQL backends at normal priority
    whatever the matcher's nice level, and on a small machine they would take the CPU from the
    extraction that editors wait for. Bounded, so matching still progresses under a steady
    stream of imports (one batch per wait), and the claims stay owed meanwhile (the sweep and
    exactly-once guarantees are unchanged)."""
    limit = float(settings.FACTCHECK_MATCHING_YIELD_SECONDS if max_seconds is None else max_seconds)
    began = time.monotonic()
    owed = ArticleExtraction.objects.filter(
        status__in=[Article.ExtractionStatus.PENDING, Article.ExtractionStatus.RUNNING]
    )
    while time.monotonic() - began < limit and owed.exists():
        time.sleep(min(poll, max(0.0, limit - (time.monotonic() - began))))
    return time.monotonic() - began


def matching_sweep(*, limit: int = MATCHING_SWEEP_LIMIT) -> list[int]:
    """Queue again the claims still owed matching since before the threshold (their message was
    lost: a broker restarted empty, a worker killed past its retries). Each gets a fresh
    `matching_queued_at`, so it is re-queued at most once per threshold. While the matching queue
    still holds a batch's worth of messages, nothing is added: the owed claims are most likely
    in it, and a flood of duplicates would only slow it down further."""
    backlog = queue_backlog(MATCH_CLAIMS)
    if backlog is None or backlog >= limit // MATCH_BATCH:
        return []
    now = timezone.now()
    stale = now - dt.timedelta(seconds=settings.FACTCHECK_MATCHING_STALE_AFTER_SECONDS)
    with transaction.atomic():
        ids = list(
            Claim.objects.select_for_update(skip_locked=True)
            .filter(matching_queued_at__lt=stale)
            .order_by("matching_queued_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            Claim.objects.filter(pk__in=ids).update(matching_queued_at=now)
            transaction.on_commit(lambda: matching_enqueue(ids))
    if ids:
        logger.info("matching sweep: %d claims re-queued", len(ids))
    return ids


# --- reviewer decisions -----------------------------------------------------------------------


def _require_reviewer(actor: Any, what: str) -> None:
    if not is_reviewer(actor):
        raise TransitionRefused(f"Only a reviewer may {what}.")


def _lock_match(match: ClaimMatch | int) -> ClaimMatch:
    pk = match.pk if isinstance(match, ClaimMatch) else match
    try:
        return ClaimMatch.objects.select_for_update().get(pk=pk)
    except ClaimMatch.DoesNotExist:
        raise WorkflowError("This match no longer exists.", field="match") from None


def _merge_groups(keep_id: int, other_id: int) -> None:
    Claim.objects.filter(group_id=other_id).update(group_id=keep_id)
    ClaimGroup.objects.filter(pk=other_id, claims__isnull=True).delete()


def claim_match_confirm(*, match: ClaimMatch | int, actor: Any) -> ClaimMatch:
    """A reviewer confirms two claims state the same fact: both end up in one group (groups are
    merged if they were apart) unless that would put claims together that conflict or were
    rejected as a pair (see _Compatibility); then the groups stay as they are and the confirmed
    match alone links the two. Confirming again is a no-op."""
    _require_reviewer(actor, "confirm a match")
    with transaction.atomic(), pghistory.context(user=actor.pk, action="confirm match"):
        advisory_xact_lock(MATCHING_LOCK)
        locked = _lock_match(match)
        if locked.status != ClaimMatch.Status.CONFIRMED:
            locked.status = ClaimMatch.Status.CONFIRMED
            locked.decided_by = actor
            locked.decided_at = timezone.now()
            locked.save(update_fields=["status", "decided_by", "decided_at"])
        check = _Compatibility([locked.claim_id, locked.matched_id])
        mine, theirs = check.groups.get(locked.claim_id), check.groups.get(locked.matched_id)
        if mine is None and theirs is None:
            new_group = ClaimGroup.objects.create().pk
            Claim.objects.filter(pk__in=[locked.claim_id, locked.matched_id]).update(
                group_id=new_group
            )
        elif mine is None or theirs is None:
            joining, group_id = (
                (locked.claim_id, theirs) if mine is None else (locked.matched_id, mine)
            )
            if group_id is not None and check.with_all(joining, check.members(group_id)):
                Claim.objects.filter(pk=joining, group__isnull=True).update(group_id=group_id)
        elif mine != theirs:
            ours, others = check.members(mine), check.members(theirs)
            if all(check.with_all(pk, others) for pk in ours):
                _merge_groups(theirs, mine)
        return locked


def _leave_group(claim_id: int, group_id: int, actor: Any) -> None:
    """Take the claim out of its group, reject its open matches with the other members (so the
    matcher does not put it back), and drop the group when one claim is left."""
    members = list(
        Claim.objects.filter(group_id=group_id).exclude(pk=claim_id).values_list("pk", flat=True)
    )
    ClaimMatch.objects.filter(
        Q(claim_id=claim_id, matched_id__in=members) | Q(matched_id=claim_id, claim_id__in=members)
    ).exclude(status=ClaimMatch.Status.REJECTED).update(
        status=ClaimMatch.Status.REJECTED, decided_by=actor, decided_at=timezone.now()
    )
    Claim.objects.filter(pk=claim_id).update(group=None)
    if len(members) <= 1:
        Claim.objects.filter(pk__in=members).update(group=None)
        ClaimGroup.objects.filter(pk=group_id).delete()


def claim_match_reject(*, match: ClaimMatch | int, actor: Any) -> ClaimMatch:
    """A reviewer says the two claims are different facts. The pair is never suggested again. If
    this match was what put the newer claim into the other's group, it leaves the group."""
    _require_reviewer(actor, "reject a match")
    with transaction.atomic(), pghistory.context(user=actor.pk, action="reject match"):
        advisory_xact_lock(MATCHING_LOCK)
        locked = _lock_match(match)
        if locked.status != ClaimMatch.Status.REJECTED:
            locked.status = ClaimMatch.Status.REJECTED
            locked.decided_by = actor
            locked.decided_at = timezone.now()
            locked.save(update_fields=["status", "decided_by", "decided_at"])
        groups = dict(
            Claim.objects.filter(pk__in=[locked.claim_id, locked.matched_id]).values_list(
                "pk", "group_id"
            )
        )
        group_id = groups.get(locked.claim_id)
        if group_id is not None and group_id == groups.get(locked.matched_id):
            members = Claim.objects.filter(group_id=group_id).exclude(pk=locked.claim_id)
            still_linked = ClaimMatch.objects.filter(
                Q(claim_id=locked.claim_id, matched__in=members)
                | Q(matched_id=locked.claim_id, claim__in=members)
            ).exclude(status=ClaimMatch.Status.REJECTED)
            if not still_linked.exists():
                _leave_group(locked.claim_id, group_id, actor)
        return locked


def claim_group_split(*, claim: Claim | int, actor: Any) -> Claim:
    """A reviewer takes a claim out of its group: its matches with the other members are
    rejected, so the matcher does not put it back. A group left with one claim is removed."""
    _require_reviewer(actor, "split a claim from its group")
    with transaction.atomic(), pghistory.context(user=actor.pk, action="split from group"):
        advisory_xact_lock(MATCHING_LOCK)
        locked = _lock(claim, None)
        if locked.group_id is None:
            raise WorkflowError("This claim is not in a group.", field="group")
        group_id = locked.group_id
        _leave_group(locked.pk, group_id, actor)
        Annotation.objects.create(
            claim=locked,
            author=actor,
            kind=Annotation.Kind.SYSTEM,
            body=f"Taken out of group #{group_id}: not the same fact as the other claims.",
        )
        locked.refresh_from_db(fields=["group"])
        return locked


# --- prior verdicts ---------------------------------------------------------------------------


def _confirmed_match(claim_id: int, other_id: int) -> bool:
    """A reviewer confirmed that the two claims state the same fact (either direction). A
    suggestion or a shared group is not enough to lend a verdict."""
    return _confirmed_with(claim_id, other_id).exists()


def _confirmed_with(claim_id: int, other: Any) -> QuerySet[ClaimMatch]:
    return ClaimMatch.objects.filter(
        Q(claim_id=claim_id, matched_id=other) | Q(claim_id=other, matched_id=claim_id),
        status=ClaimMatch.Status.CONFIRMED,
    )


def claim_apply_prior_verdict(
    *,
    claim: Claim | int,
    actor: Any,
    source: Claim | int,
    expected_version: int | None = None,
) -> Claim:
    """Copy the published verdict of a matching claim: rating, summary and evidence sources.

    Only from a claim whose match with this one a reviewer confirmed. The claim keeps its status:
    the verdict is a proposal that still goes through review and publication like any other.
    Needs the right to edit the claim (see claims.workflow). Evidence whose URL the claim already
    cites is not copied twice.
    """
    source_pk = source.pk if isinstance(source, Claim) else source
    with transaction.atomic(), pghistory.context(user=actor.pk, action="apply prior verdict"):
        locked = _lock(claim, expected_version)
        if source_pk == locked.pk:
            raise WorkflowError("A claim cannot take its own verdict.", field="source")
        origin = (
            Claim.objects.select_related("rating").filter(pk=source_pk).first()
        )  # not locked: only read
        if origin is None:
            raise WorkflowError(f"There is no claim #{source_pk}.", field="source")
        if origin.status != ClaimStatus.PUBLISHED:
            raise WorkflowError(
                f"Claim #{origin.pk} has no published verdict to apply.", field="source"
            )
        if not _confirmed_match(locked.pk, origin.pk):
            raise WorkflowError(
                f"Claim #{origin.pk} is not a confirmed match of this claim; a reviewer must "
                "confirm the match first.",
                field="source",
            )
        _check_edit(locked, actor)
        if origin.rating is not None and not origin.rating.is_active:
            raise WorkflowError(
                f"The rating {origin.rating} is no longer in use; choose a verdict by hand.",
                field="source",
            )
        locked.rating = origin.rating
        locked.summary = origin.summary
        locked.prior_verdict_from = origin
        _save(locked, actor, ["rating", "summary", "prior_verdict_from"])
        cited = set(locked.evidence.values_list("url", flat=True))
        copies = [
            Evidence(
                claim=locked,
                url=e.url,
                title=e.title,
                publisher=e.publisher,
                quote=e.quote,
                stance=e.stance,
                accessed_at=e.accessed_at,
                # Credit stays with who found the source; where it came from is recorded.
                # Who applied the verdict is in the note below and in the history.
                added_by_id=e.added_by_id,
                copied_from=origin,
            )
            for e in origin.evidence.all()
            if e.url not in cited
        ]
        for copy in copies:
            copy.save()  # one by one: pghistory records each
        # Each copy gets its own check (and snapshot) as this claim's source.
        source_check_request(evidence_ids=[copy.pk for copy in copies])
        Annotation.objects.create(
            claim=locked,
            author=actor,
            kind=Annotation.Kind.SYSTEM,
            body=(
                f"Applied the published verdict of claim #{origin.pk} ({origin.rating}) with "
                f"{len(copies)} evidence source(s). Check it still holds before submitting."
            ),
        )
        return locked


# --- reads ------------------------------------------------------------------------------------


def claim_matches(claim: Claim | int) -> QuerySet[ClaimMatch]:
    """The claim's matches in both directions, best first, with both claims and their ratings."""
    pk = claim.pk if isinstance(claim, Claim) else claim
    return (
        ClaimMatch.objects.filter(Q(claim_id=pk) | Q(matched_id=pk))
        .select_related(
            "claim__rating", "matched__rating", "claim__article", "matched__article", "decided_by"
        )
        .defer("claim__search_vector", "matched__search_vector")
        .order_by("-score", "id")
    )


def claim_prior_verdicts(claim: Claim, *, confirmed_only: bool = False) -> QuerySet[Claim]:
    """Published claims matched directly with this one (a match not rejected), newest first:
    the verdicts to show the editor. A shared group is not enough: a group may hold claims that
    each match a third but not each other. Each row has `match_confirmed`: only those may be
    applied (claim_apply_prior_verdict); `confirmed_only` leaves out the others."""
    linked = ClaimMatch.objects.filter(Q(claim_id=claim.pk) | Q(matched_id=claim.pk)).exclude(
        status=ClaimMatch.Status.REJECTED
    )
    if confirmed_only:
        linked = linked.filter(status=ClaimMatch.Status.CONFIRMED)
    ids = {a if a != claim.pk else b for a, b in linked.values_list("claim_id", "matched_id")}
    return (
        Claim.objects.filter(pk__in=ids, status=ClaimStatus.PUBLISHED)
        .exclude(pk=claim.pk)
        .annotate(match_confirmed=Exists(_confirmed_with(claim.pk, OuterRef("pk"))))
        .select_related("rating", "article")
        .defer("search_vector")
        .order_by("-published_at", "-id")
    )
