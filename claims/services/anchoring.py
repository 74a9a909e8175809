"""Re-anchoring an article's claims to its current body after a revision (docs/revisions.md).

`claims_reanchor` runs inside the re-extraction's transaction (`extraction._store`), the article
row locked, before the new claims are stored. The claims' spans index the revision the last
extraction stored them against (`ArticleExtraction.extracted_revision`); the engine
(`claims.extraction.anchor.reanchor`) maps them to the current body. Each claim becomes
current (new offsets), changed (its span on the rewritten sentence, both wordings kept) or
removed (no span; kept, never deleted). A changed or removed claim someone is working on, or
that is published, is marked for attention (`anchor_changed_at`) and its people notified.
History records all of it under the context action="reanchor".
"""

from __future__ import annotations

from dataclasses import dataclass

import pghistory
from django.db import connection
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from articles.models import Article, ArticleRevision
from claims.extraction.anchor import Anchor, reanchor
from claims.models import AnchorStatus, Claim, ClaimStatus, PublicationEvent
from claims.notifications.events import claim_article_changed

# Claims whose people must hear that their sentence changed: work in progress and published.
ATTENTION_STATUSES = [
    ClaimStatus.ASSIGNED,
    ClaimStatus.IN_PROGRESS,
    ClaimStatus.IN_REVIEW,
    ClaimStatus.PUBLISHED,
]
ANCHOR_FIELDS = [
    "start",
    "end",
    "anchor_status",
    "anchor_old_sentence",
    "anchor_new_sentence",
    "anchor_changed_at",
]
# How many earlier revisions are tried for the body the claims index when it is not recorded.
SEARCH_REVISIONS = 20


@dataclass(frozen=True)
class Reanchored:
    revision: int | None  # the revision the claims index now
    # Spans of the sentences new in this revision: the only ones a re-extraction may add claims
    # in. None: the body is the one the claims already indexed (extract everything, as before).
    new_sentences: frozenset[tuple[int, int]] | None = None
    current: int = 0
    changed: int = 0
    removed: int = 0


def latest_revision(article_id: int) -> int | None:
    return (
        ArticleRevision.objects.filter(article_id=article_id)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )


def _anchored_body(article: Article, claims: list[Claim], latest: int) -> str | None:
    """The body the claims index: the recorded revision's, else the newest earlier revision at
    whose spans every current claim finds its text."""
    revisions = ArticleRevision.objects.filter(article_id=article.pk)
    if article.extraction.extracted_revision is not None:
        return (
            revisions.filter(number=article.extraction.extracted_revision)
            .values_list("body", flat=True)
            .first()
        )
    current = [c for c in claims if c.anchor_status == AnchorStatus.CURRENT]
    for body in (
        revisions.filter(number__lte=latest)
        .order_by("-number")
        .values_list("body", flat=True)[:SEARCH_REVISIONS]
    ):
        if all(body[c.start : c.end] == c.text for c in current):
            return body
    return None


def claims_reanchor(*, article_id: int) -> Reanchored:
    """Re-anchor the article's claims to its current body (see the module text). Call inside a
    transaction that holds the article row locked."""
    article = (
        Article.objects.select_related("extraction")
        .only("body", "extraction__extracted_revision")
        .get(pk=article_id)
    )
    latest = latest_revision(article_id)
    if latest is None or article.extraction.extracted_revision == latest:
        return Reanchored(latest)
    claims = list(
        Claim.objects.select_for_update()
        .filter(article_id=article_id, start__isnull=False)
        .only(
            "id",
            "text",
            "status",
            "version",
            "assignee_id",
            "submitted_by_id",
            *ANCHOR_FIELDS,
        )
        .order_by("id")
    )
    old = _anchored_body(article, claims, latest) if claims else article.body
    new = article.body
    if old is None:
        # Nothing says which text the spans index: read each claim where its text is now.
        old = new
    if old == new:
        return Reanchored(latest)
    result = reanchor(old, new, [(c.start or 0, c.end or 0) for c in claims])
    new_sentences = frozenset(result.new_sentences)
    now = timezone.now()
    to_update: list[Claim] = []
    attention: list[Claim] = []
    held: set[tuple[int, int]] = set()
    # Current claims first: a changed one gives way to them if both land on one span.
    order = sorted(
        zip(claims, result.anchors, strict=True), key=lambda p: p[1].status != AnchorStatus.CURRENT
    )
    counts = {s: 0 for s in AnchorStatus.values}
    for claim, anchor in order:
        before = tuple(getattr(claim, f) for f in ANCHOR_FIELDS)
        _apply(claim, anchor, held, new)
        counts[claim.anchor_status] += 1
        if claim.anchor_status != AnchorStatus.CURRENT and claim.status in ATTENTION_STATUSES:
            moved = before[2] != claim.anchor_status or before[4] != claim.anchor_new_sentence
            if moved:
                claim.anchor_changed_at = now
                attention.append(claim)
        if tuple(getattr(claim, f) for f in ANCHOR_FIELDS) != before:
            to_update.append(claim)
    with pghistory.context(action="reanchor", revision=latest):
        if to_update:
            # Spans swap places in one UPDATE: the unique span is checked at commit.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS claim_unique_span DEFERRED")
            _anchors_write(to_update)
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS claim_unique_span IMMEDIATE")
    _notify(attention, article_id=article_id, revision=latest)
    return Reanchored(
        latest,
        new_sentences,
        current=counts[AnchorStatus.CURRENT],
        changed=counts[AnchorStatus.CHANGED],
        removed=counts[AnchorStatus.REMOVED],
    )


def _anchors_write(claims: list[Claim]) -> None:
    """One UPDATE from arrays (Django's bulk_update builds a CASE per field and row in Python:
    seconds for a few hundred claims)."""
    qn = connection.ops.quote_name
    table = qn(Claim._meta.db_table)
    columns = {f: qn(f) for f in ANCHOR_FIELDS}  # plain fields: the column is the name
    sets = ", ".join(f"{columns[f]} = v.{columns[f]}" for f in ANCHOR_FIELDS)
    names = ", ".join(columns[f] for f in ANCHOR_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS c SET {sets} FROM unnest("
            "%s::bigint[], %s::integer[], %s::integer[], %s::text[], %s::text[], %s::text[], "
            f"%s::timestamptz[]) AS v(id, {names}) WHERE c.id = v.id",
            [
                [c.pk for c in claims],
                *([getattr(c, f) for c in claims] for f in ANCHOR_FIELDS),
            ],
        )


def _apply(claim: Claim, anchor: Anchor, held: set[tuple[int, int]], new: str) -> None:
    """Put the anchor on the claim. A claim already marked changed stays changed while its span
    moves (its text is still the old wording); a span another claim holds is not taken twice."""
    status = anchor.status
    span = None
    if anchor.start is not None and anchor.end is not None:
        span = (anchor.start, anchor.end)
    if span is not None and span in held:
        status, span = AnchorStatus.REMOVED, None
    if status == AnchorStatus.CURRENT and claim.anchor_status == AnchorStatus.CHANGED:
        status = AnchorStatus.CHANGED  # still on the rewritten sentence, which did not move
    if span is None:
        status = AnchorStatus.REMOVED
    if status == AnchorStatus.CHANGED and claim.anchor_status != AnchorStatus.CHANGED:
        claim.anchor_old_sentence = anchor.old_sentence
    if status == AnchorStatus.CHANGED and span is not None:
        claim.anchor_new_sentence = new[span[0] : span[1]]
    if status == AnchorStatus.CURRENT:
        claim.anchor_old_sentence = claim.anchor_new_sentence = ""
        claim.anchor_changed_at = None
    if status == AnchorStatus.REMOVED and not claim.anchor_old_sentence:
        claim.anchor_old_sentence = claim.text
    if status == AnchorStatus.REMOVED:
        claim.anchor_new_sentence = ""
    claim.anchor_status = status
    claim.start, claim.end = span if span is not None else (None, None)
    if span is not None:
        held.add(span)


def _notify(claims: list[Claim], *, article_id: int, revision: int) -> None:
    """The assignee, the submitter and who published each claim hear of it, once a revision."""
    if not claims:
        return
    publishers = dict(
        Claim.objects.filter(pk__in=[c.pk for c in claims])
        .annotate(
            publisher=Subquery(
                PublicationEvent.objects.filter(claim=OuterRef("pk"))
                .order_by("-id")
                .values("created_by")[:1]
            )
        )
        .values_list("pk", "publisher")
    )
    for claim in claims:
        how = (
            "its sentence was rewritten"
            if claim.anchor_status == AnchorStatus.CHANGED
            else "its sentence was removed"
        )
        claim_article_changed(
            claim,
            f"a{article_id}r{revision}",
            how=how,
            also=[publishers.get(claim.pk)],
        )
