"""Claims by hand: add a claim the engine missed, edit the wording being checked and the claimant,
split one claim in two, merge two into one; claimants shared across claims, and their merging.

Every write locks what it changes (`select_for_update`), checks the caller against
`claims.workflow` as the verdict edits do, and records who did it and which action in the
history (pghistory context). The engine's figures, type and score are recomputed for whatever
text a claim now checks: its span of the article, or the editor's wording.
"""

from __future__ import annotations

from typing import Any

import pghistory
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import status

from articles.models import Article
from claims import workflow
from claims.extraction.classify import claim_type, speaker_of
from claims.extraction.consistency import check
from claims.extraction.engine import consistency_to_dict, quantity_to_dict
from claims.extraction.features import sentence_features
from claims.extraction.figures import Context, context_matters, find_quantities
from claims.extraction.lexicon import Tokens
from claims.extraction.scoring import checkworthiness
from claims.matching import figure_keys
from claims.models import (
    OTHER_CLAIM_TYPE,
    AnchorStatus,
    Annotation,
    Claim,
    Claimant,
    ClaimStatus,
    ClaimType,
    Evidence,
)
from claims.roles import is_editor, is_reviewer
from claims.services.claimants import ClaimantInput, claimant_ensure, claimant_for_speaker
from claims.services.extraction import consistency_flag
from claims.services.matching import matching_enqueue
from claims.services.workflow import TransitionRefused, WorkflowError, _lock, _save

_UNSET: Any = object()


class SpanTaken(WorkflowError):
    """Another claim already quotes exactly this span of the article."""

    status_code = status.HTTP_409_CONFLICT
    code = "conflict"


# --- the engine on one span -------------------------------------------------------------------


def claim_analysis(text: str, start: int = 0, end: int | None = None) -> dict[str, Any]:
    """The engine's reading of `text[start:end]` as one claim (type, score, figures and their
    consistency, the speaker), whether or not the engine would have picked it out by itself.
    `text` is the article body for a quoted span (currencies are read from the whole body) or
    the editor's wording alone."""
    end = len(text) if end is None else end
    ctx = Context.of(text) if context_matters(text) else Context()
    tokens = Tokens(text, start, end)
    quantities = find_quantities(text, start, end, ctx, tokens.low)
    ctype = claim_type(tokens, quantities, text, start, end)
    score, signals = checkworthiness(sentence_features(text, start, end, quantities, tokens), ctype)
    figures = [quantity_to_dict(q) for q in quantities]
    checks = (
        [consistency_to_dict(c) for c in check(text, quantities)] if len(quantities) > 1 else []
    )
    return {
        "claim_type": ctype if ctype in ClaimType.values else OTHER_CLAIM_TYPE,
        "checkworthiness": min(1.0, max(0.0, float(score))),
        "signals": list(signals),
        "quantities": figures,
        "consistency": checks,
        "consistency_flag": consistency_flag(checks),
        "figure_keys": figure_keys(figures),
        "speaker": (speaker_of(text[start:end], tokens) or "")[:300],
    }


def _reanalyse(claim: Claim, body: str) -> list[str]:
    """Recompute the engine's fields for what the claim now checks; returns the changed fields."""
    if claim.claim_reviewed:
        values = claim_analysis(claim.claim_reviewed)
    else:
        if claim.start is None or claim.end is None:
            return []  # removed from the article: nothing to read it from
        values = claim_analysis(body, claim.start, claim.end)
    values.pop("speaker")  # who said it is the claimant's business once a person has edited it
    changed = [k for k, v in values.items() if getattr(claim, k) != v]
    for k in changed:
        setattr(claim, k, values[k])
    return changed


def _rematch_on_commit(*claim_ids: int) -> None:
    """Mark the claims as owed matching in this transaction (the matching task only matches
    claims that are owed, and the sweep finds them if the message is lost), then queue the
    matching after commit."""
    ids = list(claim_ids)
    Claim.objects.filter(pk__in=ids).update(matching_queued_at=timezone.now())
    transaction.on_commit(lambda: matching_enqueue(ids))


# --- claims -----------------------------------------------------------------------------------


def _may_add_claims(actor: Any) -> None:
    if not (is_editor(actor) or is_reviewer(actor)):
        raise TransitionRefused("Only editors and reviewers may add claims.")


def _refuse_published(claim: Claim, what: str) -> None:
    if claim.status == ClaimStatus.PUBLISHED or claim.publication_events.exists():
        raise TransitionRefused(
            f"Claim #{claim.pk} has been published; it cannot be {what} "
            "(unpublish it first, or add a new claim)."
        )


def _check_edit(claim: Claim, actor: Any) -> None:
    reason = workflow.edit_refusal(actor, claim)
    if reason:
        raise TransitionRefused(reason)


def _current_span(claim: Claim, doing: str) -> tuple[int, int]:
    """The claim's span, for an edit of it; refused once a revision changed or removed its
    sentence (its text no longer stands at a span of the article)."""
    if claim.anchor_status != AnchorStatus.CURRENT or claim.start is None or claim.end is None:
        raise WorkflowError(
            f"Claim #{claim.pk} cannot be {doing}: a newer revision of its article "
            f"{'removed' if claim.start is None else 'rewrote'} its sentence.",
            field="claim",
        )
    return claim.start, claim.end


def _span_from_quote(body: str, quote: str) -> tuple[int, int]:
    quote = quote.strip()
    if not quote:
        raise WorkflowError("The quote is empty.", field="quote")
    first = body.find(quote)
    if first < 0:
        raise WorkflowError(
            "The quote does not occur in the article's text (it must be copied exactly).",
            field="quote",
        )
    second = body.find(quote, first + 1)
    if second >= 0:
        raise WorkflowError(
            f"The quote occurs more than once in the article (at {first} and {second}); "
            "quote more of the sentence, or give start and end.",
            field="quote",
        )
    return first, first + len(quote)


def _checked_span(body: str, start: int, end: int) -> tuple[int, int]:
    if start < 0 or end > len(body) or start >= end:
        raise WorkflowError(
            f"The span {start}-{end} is not inside the article's text (0-{len(body)}): "
            "start must be before end, both within the text.",
            field="start" if start < 0 or start >= end else "end",
        )
    # Spaces at either edge are not part of what was said.
    text = body[start:end]
    start += len(text) - len(text.lstrip())
    end -= len(text) - len(text.rstrip())
    if start >= end:
        raise WorkflowError(f"The span {start}-{end} holds only spaces.", field="start")
    return start, end


def _refuse_taken(article_id: int, start: int, end: int, but: int | None = None) -> None:
    taken = Claim.objects.filter(article_id=article_id, start=start, end=end)
    if but is not None:
        taken = taken.exclude(pk=but)
    other = taken.values_list("pk", flat=True).first()
    if other is not None:
        raise SpanTaken(
            f"Claim #{other} already quotes exactly this span ({start}-{end}); edit that one.",
            field="start",
        )


def claim_add(
    *,
    article: Article | int,
    actor: Any,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
    claimant: ClaimantInput | None = None,
    claim_reviewed: str = "",
) -> Claim:
    """Add a claim the engine missed, by its span of the article's text or its exact quote (which
    must occur once). The engine's figures, type and score are computed for it; its speaker
    proposes the claimant unless one is given. Editors and reviewers; status *new*."""
    _may_add_claims(actor)
    with transaction.atomic(), pghistory.context(user=actor.pk, action="add claim"):
        # The article row lock orders this against an extraction storing its claims.
        pk = article.pk if isinstance(article, Article) else article
        locked = Article.objects.select_for_update().only("id", "body").filter(pk=pk).first()
        if locked is None:
            raise WorkflowError(f"No article {pk}.", field="article")
        body = locked.body
        if quote is not None and (start is not None or end is not None):
            raise WorkflowError("Give either start and end, or the quote; not both.", field="quote")
        if quote is not None:
            start, end = _span_from_quote(body, quote)
        elif start is None and end is None:
            raise WorkflowError(
                "Give the claim's start and end offsets in the article, or its exact quote.",
                field="quote",
            )
        elif start is None or end is None:
            raise WorkflowError(
                "Give both start and end.", field="start" if start is None else "end"
            )
        start, end = _checked_span(body, start, end)
        _refuse_taken(locked.pk, start, end)
        wording = (claim_reviewed or "").strip()
        values = claim_analysis(wording) if wording else claim_analysis(body, start, end)
        speaker = values.pop("speaker")
        if wording:  # the speaker is read from the article's own words
            speaker = claim_analysis(body, start, end)["speaker"]
        if claimant is not None:
            who: Claimant | None = claimant_ensure(claimant=claimant)
        else:
            who = claimant_for_speaker(speaker)
        claim = Claim(
            article_id=locked.pk,
            start=start,
            end=end,
            text=body[start:end],
            claim_reviewed=wording,
            speaker=speaker,
            claimant=who,
            extractor_version="",
            added_by=actor,
            updated_by=actor,
            **values,
        )
        try:
            with transaction.atomic():
                claim.save()
        except IntegrityError as exc:
            if "claim_unique_span" in str(exc):
                _refuse_taken(locked.pk, start, end)
            raise
        _rematch_on_commit(claim.pk)
        return claim


def claim_edit(
    *,
    claim: Claim | int,
    actor: Any,
    expected_version: int | None,
    claim_reviewed: str = _UNSET,
    claimant: Claimant | ClaimantInput | None = _UNSET,
) -> Claim:
    """Edit the wording being checked (empty: the quote itself) and who made the claim (None:
    nobody known). New wording gets the engine's figures, type and score. Same rights and version
    check as a verdict edit (`workflow.edit_refusal`); the quoted span never changes here."""
    with transaction.atomic(), pghistory.context(user=actor.pk, action="edit claim"):
        locked = _lock(claim, expected_version)
        fields: list[str] = []
        if claim_reviewed is not _UNSET:
            wording = (claim_reviewed or "").strip()
            if wording == locked.text:
                wording = ""  # the quote itself: nothing kept apart
            if wording != locked.claim_reviewed:
                _check_edit(locked, actor)
                locked.claim_reviewed = wording
                fields += ["claim_reviewed", *_reanalyse(locked, locked.article.body)]
        if claimant is not _UNSET:
            _check_edit(locked, actor)
            who = (
                claimant
                if claimant is None or isinstance(claimant, Claimant)
                else claimant_ensure(claimant=claimant)
            )
            if who != locked.claimant:
                locked.claimant = who
                fields.append("claimant")
        if fields:
            _save(locked, actor, fields)
            if "figure_keys" in fields:
                _rematch_on_commit(locked.pk)
        return locked


def claim_split(
    *, claim: Claim | int, actor: Any, at: int, expected_version: int | None = None
) -> tuple[Claim, Claim]:
    """Split a claim at `at` (an offset in the article, inside the claim) into two. The first
    keeps everything done on it (status, assignee, rating, summary, evidence, notes); the second
    is a new claim, by the same claimant. An edited wording no longer fits either half: it is
    cleared, and kept in a note. Not for a published claim."""
    with transaction.atomic(), pghistory.context(user=actor.pk, action="split"):
        locked = _lock(claim, expected_version)
        _check_edit(locked, actor)
        _refuse_published(locked, "split")
        body = locked.article.body
        locked_start, locked_end = _current_span(locked, "split")
        if not locked_start < at < locked_end:
            raise WorkflowError(
                f"Split inside the claim: between {locked_start} and {locked_end}, not at {at}.",
                field="at",
            )
        if body[at - 1].isalnum() and body[at].isalnum():
            word = body[max(locked_start, at - 20) : at + 20].split()
            raise WorkflowError(
                f"Split between words, not inside one (at {at}: “{' '.join(word)}”).", field="at"
            )
        first_end = locked_start + len(body[locked_start:at].rstrip())
        second_start = at + (len(body[at:locked_end]) - len(body[at:locked_end].lstrip()))
        if first_end <= locked_start or second_start >= locked_end:
            raise WorkflowError("Both parts of a split need some text.", field="at")
        _refuse_taken(locked.article_id, second_start, locked_end)
        _refuse_taken(locked.article_id, locked_start, first_end, but=locked.pk)
        second_end = locked_end
        if locked.claim_reviewed:
            Annotation.objects.create(
                claim=locked,
                author=actor,
                kind=Annotation.Kind.SYSTEM,
                body=f"Split: the edited wording was cleared. It read: {locked.claim_reviewed}",
            )
            locked.claim_reviewed = ""
        locked.end = first_end
        locked.text = body[locked_start:first_end]
        fields = ["end", "text", "claim_reviewed", *_reanalyse(locked, body)]
        _save(locked, actor, list(dict.fromkeys(fields)))
        values = claim_analysis(body, second_start, second_end)
        speaker = values.pop("speaker") or locked.speaker
        second = Claim.objects.create(
            article_id=locked.article_id,
            start=second_start,
            end=second_end,
            text=body[second_start:second_end],
            speaker=speaker,
            claimant=locked.claimant,
            added_by=actor,
            updated_by=actor,
            group=locked.group,
            **values,
        )
        note = f"Split from claim #{locked.pk} by {actor.get_username()}."
        Annotation.objects.create(
            claim=second, author=actor, kind=Annotation.Kind.SYSTEM, body=note
        )
        Annotation.objects.create(
            claim=locked,
            author=actor,
            kind=Annotation.Kind.SYSTEM,
            body=f"Split: the rest of the claim is now claim #{second.pk}.",
        )
        _rematch_on_commit(locked.pk, second.pk)
        return locked, second


def claim_merge(
    *,
    claim: Claim | int,
    other: Claim | int,
    actor: Any,
    expected_version: int | None = None,
) -> Claim:
    """Merge `other` into `claim` (same article): `claim` then quotes from the first's start to
    the last's end, and takes over `other`'s evidence and notes; a rating or summary only `other`
    had moves over; one both had stays `claim`'s and `other`'s is kept in a note. `other` is
    deleted (its history stays). Not for published claims."""
    with transaction.atomic(), pghistory.context(user=actor.pk, action="merge"):
        first_pk = claim.pk if isinstance(claim, Claim) else claim
        other_pk = other.pk if isinstance(other, Claim) else other
        if first_pk == other_pk:
            raise WorkflowError("Choose two different claims to merge.", field="other")
        # Both rows locked, in id order (two merges of the same pair cannot deadlock).
        for pk in sorted((first_pk, other_pk)):
            Claim.objects.select_for_update(of=("self",)).filter(pk=pk).first()
        locked = _lock(first_pk, expected_version)
        gone = Claim.objects.select_related("rating").filter(pk=other_pk).first()
        if gone is None:
            raise WorkflowError(f"No claim {other_pk}.", field="other")
        if gone.article_id != locked.article_id:
            raise WorkflowError(
                f"Claims #{locked.pk} and #{gone.pk} are from different articles; only claims "
                "of one article can be merged.",
                field="other",
            )
        for c in (locked, gone):
            _check_edit(c, actor)
            _refuse_published(c, "merged")
        (a_start, a_end), (b_start, b_end) = (_current_span(c, "merged") for c in (locked, gone))
        lost = []
        fields: list[str] = []
        if gone.rating_id and gone.rating_id != locked.rating_id:
            if locked.rating_id is None:
                locked.rating = gone.rating
                fields.append("rating")
            else:
                lost.append(f"rating {gone.rating}")
        if gone.summary and gone.summary != locked.summary:
            if not locked.summary:
                locked.summary = gone.summary
                fields.append("summary")
            else:
                lost.append(f"summary: {gone.summary}")
        if locked.group_id is None and gone.group_id is not None:
            locked.group_id = gone.group_id
            fields.append("group")
        if locked.claimant_id is None and gone.claimant_id is not None:
            locked.claimant_id = gone.claimant_id
            fields.append("claimant")
        moved_evidence = Evidence.objects.filter(claim=gone).update(claim=locked)
        Annotation.objects.filter(claim=gone).update(claim=locked)
        Claim.objects.filter(prior_verdict_from=gone).update(prior_verdict_from=locked)
        note = (
            f"Merged claim #{gone.pk} into this one ({gone.get_status_display().lower()}"
            f"{', assigned to ' + str(gone.assignee) if gone.assignee_id else ''}; "
            f"{moved_evidence} source(s) moved). It quoted: {gone.text}"
        )
        if gone.claim_reviewed:
            note += f" Its edited wording: {gone.claim_reviewed}"
        if lost:
            note += " Its own " + "; ".join(lost)
        Annotation.objects.create(
            claim=locked, author=actor, kind=Annotation.Kind.SYSTEM, body=note
        )
        start, end = min(a_start, b_start), max(a_end, b_end)
        gone.delete()
        body = locked.article.body
        locked.start, locked.end, locked.text = start, end, body[start:end]
        fields += ["start", "end", "text", *_reanalyse(locked, body)]
        _save(locked, actor, list(dict.fromkeys(fields)))
        _rematch_on_commit(locked.pk)
        return locked
