"""schema.org ClaimReview JSON-LD, built from the PublicationEvent log (the published snapshot of
rating and summary, not the claim's current draft)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import JSONObject

from claims.claimants import ORGANIZATION, guess_claimant_kind, tidy_claimant_name
from claims.models import Claim, PublicationEvent, Rating

BEST_RATING = 5
WORST_RATING = 1


def newsroom() -> dict[str, Any]:
    return {
        "@type": "Organization",
        "name": settings.FACTCHECK_NEWSROOM_NAME,
        "url": settings.FACTCHECK_NEWSROOM_URL,
    }


def claim_public_url(claim_id: int) -> str:
    """The stable URL of a claim's fact check on the newsroom site."""
    base = str(settings.FACTCHECK_NEWSROOM_URL or "").rstrip("/")
    return f"{base}/fact-checks/claims/{claim_id}"


def review_rating(rating: Rating) -> dict[str, Any]:
    """ratingValue (and the scale bounds) only for verdicts on the numeric scale; a rating such
    as Unverifiable carries only its alternateName."""
    data: dict[str, Any] = {"@type": "Rating", "alternateName": rating.label}
    if rating.claimreview_value is not None:
        data["ratingValue"] = rating.claimreview_value
        data["bestRating"] = BEST_RATING
        data["worstRating"] = WORST_RATING
    return data


def claim_author(claim: Claim) -> dict[str, Any] | None:
    """Who made the claim, as schema.org Person or Organization: the claimant an editor confirmed
    (or the one proposed from the speaker), else the bare speaker with its kind guessed."""
    claimant = claim.claimant
    if claimant is not None:
        name, kind = claimant.name, claimant.kind
    elif tidy_claimant_name(claim.speaker):
        name = tidy_claimant_name(claim.speaker)
        kind = guess_claimant_kind(name)
    else:
        return None
    author: dict[str, Any] = {
        "@type": "Organization" if kind == ORGANIZATION else "Person",
        "name": name,
    }
    if claimant is not None and claimant.url:
        author["url"] = claimant.url
    return author


def _item_reviewed(event: PublicationEvent) -> dict[str, Any]:
    """The Claim reviewed. Only what is known: no author when the speaker is unknown (the outlet
    that reported a claim did not make it), no appearance URL when the article has none (this
    API's article URL needs a login, so it means nothing to a reader or a search engine)."""
    claim = event.claim
    article = claim.article
    item: dict[str, Any] = {"@type": "Claim"}
    author = claim_author(claim)
    if author is not None:
        item["author"] = author
    if article.published_at:
        item["datePublished"] = article.published_at.date().isoformat()
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    if article.url:
        appearance["url"] = article.url
    if article.title:
        appearance["headline"] = article.title
    if article.outlet:
        appearance["publisher"] = {"@type": "Organization", "name": article.outlet}
    if len(appearance) > 1:
        item["appearance"] = appearance
    return item


def correction_comments(event: PublicationEvent) -> list[dict[str, Any]]:
    """The public correction notes published up to and with `event`, oldest first, as schema.org
    CorrectionComment (ClaimReview has no correction property of its own; `correction` is
    CreativeWork's, which ClaimReview inherits)."""
    return [
        {
            "@type": "CorrectionComment",
            "text": c["text"],
            # PostgreSQL's JSON trims the fraction of a second: written as dateModified is.
            "datePublished": datetime.datetime.fromisoformat(c["at"]).isoformat(),
        }
        for c in getattr(event, "corrections", None) or []
    ]


def claimreview_document(event: PublicationEvent) -> dict[str, Any]:
    """The ClaimReview for a published/corrected event. `event` comes from `events_queryset()`.

    Depends on the event and settings only (not on the request), so the feed, the per-claim
    endpoint and the webhooks give one document for one event. `dateModified` is the event's
    time: for a correction, when it was published."""
    first = getattr(event, "first_published_at", None) or event.created_at
    assert event.rating is not None, "a published claim has a rating (claim_reviewed_has_verdict)"
    document = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": claim_public_url(event.claim_id),
        # The wording checked (an editor's, or the article's own words when nobody rephrased it).
        "claimReviewed": event.claim.wording,
        "reviewBody": event.summary,
        "reviewRating": review_rating(event.rating),
        "itemReviewed": _item_reviewed(event),
        "author": newsroom(),
        "datePublished": first.date().isoformat(),
        "dateModified": event.created_at.isoformat(),
    }
    corrections = correction_comments(event)
    if corrections:
        document["correction"] = corrections
    return document


def correction_summary(event: PublicationEvent) -> dict[str, Any]:
    """The feed's own account of a correction (beside the ClaimReview): its public note, if one
    was written, and the verdict it replaced."""
    previous = event.previous_rating
    return {
        "note": event.note,
        "previous": {
            "reviewRating": review_rating(previous) if previous is not None else None,
            "reviewBody": event.previous_summary,
        },
    }


def feed_item(event: PublicationEvent) -> dict[str, Any]:
    """One entry of the export feed. `claim.unpublished` is a tombstone: `claimReview` is null and
    the consumer should take down the fact check at `url`. Only public fields: the reviewer's
    reason for unpublishing is an internal note (it stays in the claim's notes and history)."""
    item: dict[str, Any] = {
        "cursor": event.pk,
        "type": f"claim.{event.kind}",
        "claim_id": event.claim_id,
        "occurred_at": event.created_at.isoformat(),
        "url": claim_public_url(event.claim_id),
    }
    if event.kind == PublicationEvent.Kind.UNPUBLISHED:
        item["claimReview"] = None
    else:
        item["claimReview"] = claimreview_document(event)
    if event.kind == PublicationEvent.Kind.CORRECTED:
        item["correction"] = correction_summary(event)
    return item


_events: QuerySet[PublicationEvent] | None = None


def events_queryset() -> QuerySet[PublicationEvent]:
    """Events with what the documents need, in one query. Built once (resolving its subqueries
    was a tenth of a feed page's CPU); each call returns a fresh copy, never evaluated here."""
    global _events
    if _events is None:
        _events = _events_queryset()
    return _events.all()


def _events_queryset() -> QuerySet[PublicationEvent]:
    first_published = (
        PublicationEvent.objects.filter(
            claim_id=OuterRef("claim_id"), kind=PublicationEvent.Kind.PUBLISHED
        )
        .order_by("id")
        .values("created_at")[:1]
    )
    # The public notes of the claim's corrections so far, in the same query (a JSON array).
    corrections = ArraySubquery(
        PublicationEvent.objects.filter(
            claim_id=OuterRef("claim_id"),
            id__lte=OuterRef("id"),
            kind=PublicationEvent.Kind.CORRECTED,
        )
        .exclude(note="")
        .order_by("id")
        .values(json=JSONObject(text=F("note"), at=F("created_at")))
    )
    return (
        PublicationEvent.objects.select_related(
            "claim__article", "claim__claimant", "rating", "previous_rating"
        )
        .only(
            "id",
            "kind",
            "summary",
            "note",
            "previous_summary",
            "created_at",
            "claim_id",
            "rating__label",
            "rating__claimreview_value",
            "previous_rating__label",
            "previous_rating__claimreview_value",
            "claim__text",
            "claim__claim_reviewed",
            "claim__speaker",
            "claim__claimant__name",
            "claim__claimant__kind",
            "claim__claimant__url",
            "claim__article__url",
            "claim__article__title",
            "claim__article__outlet",
            "claim__article__published_at",
        )
        .annotate(first_published_at=Subquery(first_published), corrections=corrections)
        .order_by("id")
    )


def claimreview_for_claim(claim_id: int) -> dict[str, Any] | None:
    """The claim's live ClaimReview, or None if never published or withdrawn since."""
    latest = events_queryset().filter(claim_id=claim_id).order_by("-id").first()
    if latest is None or latest.kind == PublicationEvent.Kind.UNPUBLISHED:
        return None
    return claimreview_document(latest)
