from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import MD5, Lower

from claims.claimants import KINDS, ORGANIZATION, PERSON
from claims.extraction.anchor import CHANGED, CURRENT, REMOVED
from claims.extraction.types import CLAIM_TYPES
from factcheck import rows
from factcheck.text import shorten

# A claim's wording with case and punctuation left out, hashed: equal for copies of one sentence.
TEXT_KEY = MD5(
    Func(
        Lower("text"),
        Value("[^a-z0-9]+"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=models.TextField(),
    )
)


class Rating(models.Model):
    """The verdict scale, as data. `claimreview_value` is ClaimReview's reviewRating.ratingValue
    (null for verdicts outside the numeric scale, such as Unverifiable)."""

    label = models.CharField(max_length=100, unique=True)
    claimreview_value = models.SmallIntegerField(
        null=True,
        blank=True,
        help_text="ClaimReview ratingValue; empty when off the numeric scale.",
    )
    order = models.PositiveSmallIntegerField(unique=True, help_text="Position in the scale.")
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(claimreview_value__isnull=True)
                | Q(claimreview_value__gte=1, claimreview_value__lte=5),
                name="rating_value_between_1_and_5",
            )
        ]

    # Rows read with fields deferred are laid out without Django's per-row test (factcheck/rows.py).
    from_db = rows.from_db

    def __str__(self) -> str:
        return self.label


class ClaimGroup(models.Model):
    """Claims that state the same fact, across articles."""

    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Group #{self.pk}"


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="ClaimantEvent",
)
class Claimant(models.Model):
    """Who made a claim, shared across claims and articles ("Elon Musk" is one claimant).
    Proposed from the extracted speaker (`claims.claimants.guess_claimant_kind`), editable."""

    class Kind(models.TextChoices):
        PERSON = PERSON, "Person"
        ORGANIZATION = ORGANIZATION, "Organization"

    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PERSON)
    role = models.CharField(
        max_length=300, blank=True, help_text='Role or title, e.g. "Minister of Health".'
    )
    url = models.URLField(max_length=2000, blank=True, help_text="A page about them.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="claimant_unique_name",
                violation_error_message="This name is already a claimant (case aside): select "
                "both in the claimant list and merge them instead.",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="claimant_name_not_empty"),
            models.CheckConstraint(condition=Q(kind__in=KINDS), name="claimant_kind_valid"),
        ]

    # Rows read with fields deferred are laid out without Django's per-row test (factcheck/rows.py).
    from_db = rows.from_db

    def __str__(self) -> str:
        return self.name


# The engine's CLAIM_TYPES are the source: the model accepts exactly the types the extractor
# returns ("quantity", labelled "Quantity"). django-stubs types only the class syntax of choices,
# hence the annotation (members are read as strings, e.g. "other", not ClaimType.OTHER).
ClaimType: type[models.TextChoices] = models.TextChoices(  # type: ignore[call-overload]
    "ClaimType", [(name.upper(), (name, name.capitalize())) for name in CLAIM_TYPES]
)
OTHER_CLAIM_TYPE = "other"


class ClaimStatus(models.TextChoices):
    NEW = "new", "New"
    DISMISSED = "dismissed", "Dismissed"
    ASSIGNED = "assigned", "Assigned"
    IN_PROGRESS = "in_progress", "In progress"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"


class AnchorStatus(models.TextChoices):
    CURRENT = CURRENT, "Current"
    CHANGED = CHANGED, "Sentence changed"
    REMOVED = REMOVED, "Sentence removed"


class ConsistencyFlag(models.TextChoices):
    NONE = "none", "Nothing to cross-check"
    CONSISTENT = "consistent", "Consistent"
    INCONSISTENT = "inconsistent", "Inconsistent"


def _event_reference(to: str, help_text: str = "") -> models.ForeignKey[Any]:
    """A reference copied into a history event, as pghistory makes it (no constraint, no reverse
    relation) but without an index: history is read by claim (pgh_obj_id), never by who or what
    the claim pointed to, and each index costs every event written (one per extracted claim)."""
    return models.ForeignKey(
        to,
        null=True,
        blank=True,
        help_text=help_text,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        related_query_name="+",
    )


# Set (SET LOCAL, for one transaction) by a writer that records the "insert" history events of
# the claims it inserts itself, in bulk (claims.services.batch_extraction): the row trigger then
# does not fire. A WHEN condition costs nothing per row, where pgtrigger.ignore() still calls the
# trigger's function for every row to check its list.
CLAIM_HISTORY_WRITTEN = "factcheck.claim_insert_history_written"


@pghistory.track(
    pghistory.InsertEvent(
        condition=pgtrigger.Condition(
            f"current_setting('{CLAIM_HISTORY_WRITTEN}', true) IS DISTINCT FROM 'on'"
        )
    ),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    attrs={
        "assignee": _event_reference(settings.AUTH_USER_MODEL),
        "rating": _event_reference("claims.Rating"),
        "group": _event_reference("claims.ClaimGroup"),
        "prior_verdict_from": _event_reference(
            "claims.Claim", "The published claim whose verdict was applied to this one."
        ),
        "updated_by": _event_reference(
            settings.AUTH_USER_MODEL, "Who made the last editorial change (not the extractor)."
        ),
        "submitted_by": _event_reference(
            settings.AUTH_USER_MODEL, "Who last submitted the claim for review."
        ),
        "claimant": _event_reference("claims.Claimant"),
    },
    fields=[
        "status",
        "assignee",
        "due_date",
        "rating",
        "summary",
        "dismiss_reason",
        "group",
        "prior_verdict_from",
        "version",
        "updated_by",
        "submitted_by",
        "start",
        "end",
        "text",
        "claim_reviewed",
        "claimant",
        "anchor_status",
    ],
    model_name="ClaimEvent",
)
class Claim(models.Model):
    # No index of its own on this and the other foreign keys marked db_index=False: each is the
    # first column of an index in Meta (article: the unique span's (article, start, end); claimant:
    # claim_claimant_idx; rating: claim_rating_idx; assignee: claim_queue_idx; and so on), which
    # serves the same lookups. Every index costs each extraction's insert of its claims, so those
    # on a reference an extracted claim leaves empty hold only the rows that have one (partial).
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="claims", db_index=False
    )
    # Offsets in the article's current body; empty once the claim's sentence is gone from it.
    start = models.PositiveIntegerField(
        null=True, blank=True, help_text="Offset of the first character in the article body."
    )
    end = models.PositiveIntegerField(
        null=True, blank=True, help_text="Offset just past the last character."
    )
    text = models.TextField()
    claim_type = models.CharField(
        max_length=16, choices=ClaimType.choices, default=OTHER_CLAIM_TYPE
    )
    checkworthiness = models.FloatField(default=0.0)
    signals = models.JSONField(default=list, blank=True)
    # [{"text", "start", "end", "value", "kind", "unit", "currency", "qualifier", "noun", ...}]
    quantities = models.JSONField(default=list, blank=True)
    # [{"kind", "status", "expected", "actual", "detail", ...}]
    consistency = models.JSONField(default=list, blank=True)
    consistency_flag = models.CharField(
        max_length=12, choices=ConsistencyFlag.choices, default=ConsistencyFlag.NONE
    )
    # Normalised "kind:unit:currency:value" keys of the figures, for index-backed matching.
    figure_keys = ArrayField(models.CharField(max_length=80), default=list, blank=True)
    speaker = models.CharField(max_length=300, blank=True)
    extractor_version = models.CharField(max_length=32, blank=True)
    # The wording being checked (ClaimReview's claimReviewed) when an editor rephrased the quote
    # in `text`; empty means the quote itself. The figures above are the engine's on this wording.
    claim_reviewed = models.TextField(
        "wording checked",
        blank=True,
        help_text="What is checked, in an editor's words; empty: the quote itself.",
    )
    claimant = models.ForeignKey(
        Claimant,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims",
        db_index=False,
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        help_text="Who added the claim by hand; empty when the extractor found it.",
    )
    # Matching owed since (set when extraction stores or changes the claim; cleared once matched):
    # the matching sweep re-queues claims whose time is older than its threshold.
    matching_queued_at = models.DateTimeField(null=True, blank=True)

    status = models.CharField(max_length=12, choices=ClaimStatus.choices, default=ClaimStatus.NEW)
    dismiss_reason = models.TextField(blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_claims",
        db_index=False,
    )
    due_date = models.DateField(null=True, blank=True)
    rating = models.ForeignKey(
        Rating,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
        db_index=False,
    )
    summary = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    group = models.ForeignKey(
        ClaimGroup,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="claims",
        db_index=False,
    )
    prior_verdict_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        help_text="The published claim whose verdict was applied to this one.",
    )

    # Who last submitted the claim for review: the two-person rule (claims.workflow) keeps them
    # from publishing it themselves.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        help_text="Who last submitted the claim for review.",
    )
    version = models.PositiveIntegerField(default=1, help_text="Optimistic lock counter.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        help_text="Who made the last editorial change (not the extractor).",
    )
    # Re-anchoring across article revisions (claims.services.anchoring, docs/revisions.md):
    # "current" spans quote `text`; "changed" spans point at the rewritten sentence(s) (the old
    # and new wordings kept here); "removed" claims have no span.
    anchor_status = models.CharField(
        max_length=8, choices=AnchorStatus.choices, default=AnchorStatus.CURRENT
    )
    anchor_old_sentence = models.TextField(blank=True)
    anchor_new_sentence = models.TextField(blank=True)
    # When a revision changed or removed the sentence of a claim in work or published: back to
    # its assignee's and reviewers' attention until the claim is current again.
    anchor_changed_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_vector = models.GeneratedField(
        expression=SearchVector("text", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["-checkworthiness", "-id"]
        constraints = [
            # Deferrable so that re-anchoring can move every span of an article in one UPDATE
            # (`SET CONSTRAINTS ... DEFERRED` there); checked at once everywhere else. Removed
            # claims have no span (NULLs never collide).
            models.UniqueConstraint(
                fields=["article", "start", "end"],
                name="claim_unique_span",
                deferrable=models.Deferrable.IMMEDIATE,
            ),
            models.CheckConstraint(
                condition=Q(anchor_status__in=AnchorStatus.values), name="claim_anchor_status_valid"
            ),
            models.CheckConstraint(
                condition=(
                    Q(anchor_status=AnchorStatus.REMOVED, start__isnull=True, end__isnull=True)
                    | (
                        ~Q(anchor_status=AnchorStatus.REMOVED)
                        & Q(start__isnull=False, end__isnull=False)
                    )
                ),
                name="claim_span_null_only_when_removed",
            ),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="claim_span_not_empty"),
            models.CheckConstraint(
                condition=Q(checkworthiness__gte=0.0, checkworthiness__lte=1.0),
                name="claim_checkworthiness_0_1",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(claim_type__in=ClaimType.values), name="claim_type_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=ClaimStatus.DISMISSED) | ~Q(dismiss_reason=""),
                name="claim_dismissed_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(
                    status__in=[
                        ClaimStatus.ASSIGNED,
                        ClaimStatus.IN_PROGRESS,
                        ClaimStatus.IN_REVIEW,
                    ]
                )
                | Q(assignee__isnull=False),
                name="claim_in_work_has_assignee",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[ClaimStatus.IN_REVIEW, ClaimStatus.PUBLISHED])
                | (Q(rating__isnull=False) & ~Q(summary="")),
                name="claim_reviewed_has_verdict",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="claim_version_positive"),
        ]
        indexes = [
            models.Index(fields=["status", "-checkworthiness"], name="claim_triage_idx"),
            models.Index(fields=["claim_type"], name="claim_type_idx"),
            # The references an extracted claim is stored without: each index holds only the
            # claims that have one (what its lookups ask: assignee = X, group = X, a user's
            # deletion setting it to NULL), so an extraction's insert writes none of them.
            *(
                models.Index(fields=fields, condition=Q(**{f"{fields[0]}__isnull": False}), name=n)
                for fields, n in (
                    (["assignee", "status", "due_date"], "claim_queue_idx"),
                    (["rating"], "claim_rating_idx"),
                    (["claimant"], "claim_claimant_idx"),
                    (["group"], "claim_group_idx"),
                    (["prior_verdict_from"], "claim_prior_verdict_idx"),
                    (["submitted_by"], "claim_submitted_by_idx"),
                    (["updated_by"], "claim_updated_by_idx"),
                    (["added_by"], "claim_added_by_idx"),
                )
            ),
            models.Index(fields=["due_date"], name="claim_due_idx"),
            models.Index(fields=["-created_at", "-id"], name="claim_created_idx"),
            models.Index(fields=["-checkworthiness", "-id"], name="claim_score_idx"),
            models.Index(
                fields=["consistency_flag"],
                condition=Q(consistency_flag="inconsistent"),
                name="claim_inconsistent_idx",
            ),
            models.Index(
                fields=["matching_queued_at"],
                condition=Q(matching_queued_at__isnull=False),
                name="claim_matching_owed_idx",
            ),
            models.Index(
                fields=["anchor_status"],
                condition=~Q(anchor_status=AnchorStatus.CURRENT),
                name="claim_anchor_moved_idx",
            ),
            GinIndex(fields=["search_vector"], name="claim_search_idx"),
            GinIndex(fields=["figure_keys"], name="claim_figure_keys_idx"),
            # Matching: the same two over the claims already settled (in a group, or
            # published), so a new claim of a known fact finds the fact's group however many
            # ungrouped wordings of it come first (claims/services/matching.py, settled_rows).
            GinIndex(
                fields=["search_vector"],
                name="claim_settled_search_idx",
                condition=Q(group__isnull=False) | Q(status=ClaimStatus.PUBLISHED),
            ),
            GinIndex(
                fields=["figure_keys"],
                name="claim_settled_keys_idx",
                condition=Q(group__isnull=False) | Q(status=ClaimStatus.PUBLISHED),
            ),
            # Matching: the claims worded exactly like another (case and punctuation aside),
            # newest first, for the near-duplicate article step (claims/services/matching.py).
            # Only claims already matched: a claim enters it when its matching is done, so
            # storing an extraction's claims does not compute the key (a regular expression
            # over the text, the costliest index of a claim insert after the trigram one).
            models.Index(
                TEXT_KEY,
                F("id").desc(),
                name="claim_text_key_idx",
                condition=Q(matching_queued_at__isnull=True),
            ),
        ]

    # Rows read with fields deferred are laid out without Django's per-row test (factcheck/rows.py).
    from_db = rows.from_db

    def __str__(self) -> str:
        return shorten(self.text, 120)

    @property
    def wording(self) -> str:
        """What is being checked: the editor's wording, else the quote."""
        return self.claim_reviewed or self.text


class SourceStatus(models.TextChoices):
    """What the last check of an evidence source found (docs/evidence.md)."""

    PENDING = "pending", "not checked yet"
    FOUND = "found", "quote found"
    NOT_FOUND = "not_found", "quote not found"
    PAGE_CHANGED = "page_changed", "page changed since cited"
    PAGE_GONE = "page_gone", "page gone"
    NOT_TEXT_CHECKED = "not_text_checked", "not text-checked"
    FETCH_FAILED = "fetch_failed", "fetch failed"


SOURCE_STATUSES = [value for value, _ in SourceStatus.choices]
# Sources of a published verdict with one of these want a human look (link rot, rewritten pages).
SOURCE_STATUSES_TO_LOOK_AT = [
    SourceStatus.PAGE_CHANGED,
    SourceStatus.PAGE_GONE,
    SourceStatus.NOT_FOUND,
]


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    model_name="EvidenceEvent",
    fields=[  # not the source check's columns: a re-check is not an edit of the claim's sources
        "id",
        "claim",
        "url",
        "title",
        "publisher",
        "quote",
        "stance",
        "accessed_at",
        "added_by",
        "copied_from",
        "created_at",
    ],
)
class Evidence(models.Model):
    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        REFUTES = "refutes", "Refutes"
        CONTEXT = "context", "Context"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    url = models.URLField(max_length=2000)
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    quote = models.TextField(blank=True)
    stance = models.CharField(max_length=8, choices=Stance.choices, default=Stance.CONTEXT)
    accessed_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when the source was copied with a matched claim's published verdict: `added_by` is
    # then who cited it there, and this is where it came from.
    copied_from = models.ForeignKey(
        "Claim", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The source check (claims.services.sources, docs/evidence.md), kept here for cheap lists:
    # the latest snapshot's status, when it was taken, and when a check was last queued (the
    # sweep re-queues a check whose message was lost, and re-checks published claims' sources).
    snapshot_status = models.CharField(
        "source check",
        max_length=16,
        choices=SourceStatus.choices,
        default=SourceStatus.PENDING,
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    check_queued_at = models.DateTimeField(null=True, blank=True)
    latest_snapshot = models.ForeignKey(
        "EvidenceSnapshot", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=Q(stance__in=["supports", "refutes", "context"]),
                name="evidence_stance_valid",
            ),
            models.CheckConstraint(
                condition=Q(snapshot_status__in=SOURCE_STATUSES),
                name="evidence_snapshot_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["claim", "created_at"], name="evidence_claim_idx"),
            models.Index(fields=["snapshot_status", "checked_at"], name="evidence_check_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class EvidenceSnapshot(models.Model):
    """One fetch of an evidence source: what came back, the page's main text, and whether the
    quoted passage was in it. Written by claims.services.sources only. The raw body is kept
    (in the database: the deployment keeps no local files) when its hash differs from the
    evidence's previous snapshot, so identical re-checks cost a row, not a copy of the page."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="snapshots")
    fetched_at = models.DateTimeField()
    requested_url = models.URLField(max_length=2000)
    final_url = models.URLField(max_length=2000, blank=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the body.")
    size = models.PositiveBigIntegerField(default=0, help_text="Bytes read.")
    truncated = models.BooleanField(
        default=False, help_text="The page was larger than the size limit; the rest was not read."
    )
    text = models.TextField(blank=True, help_text="The page's main text (HTML and plain text).")
    body = models.BinaryField(null=True, blank=True, editable=False)
    quote_status = models.CharField(max_length=16, choices=SourceStatus.choices)
    quote_score = models.FloatField(
        null=True, blank=True, help_text="How closely the best passage matched the quote (0-1)."
    )
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-fetched_at", "-id"]
        get_latest_by = ["fetched_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quote_status__in=SOURCE_STATUSES) & ~Q(quote_status="pending"),
                name="snapshot_quote_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(quote_score__isnull=True)
                | Q(quote_score__gte=0.0, quote_score__lte=1.0),
                name="snapshot_quote_score_0_1",
            ),
        ]
        indexes = [models.Index(fields=["evidence", "-fetched_at"], name="snapshot_evidence_idx")]

    def __str__(self) -> str:
        return f"{self.requested_url} at {self.fetched_at:%Y-%m-%d %H:%M} ({self.quote_status})"


@pghistory.track(pghistory.InsertEvent(), model_name="AnnotationEvent")
class Annotation(models.Model):
    """A note on a claim. Workflow notes (sent back, reopened, dismissed) are annotations too."""

    class Kind(models.TextChoices):
        NOTE = "note", "Note"
        SEND_BACK = "send_back", "Sent back"
        REOPEN = "reopen", "Reopened"
        DISMISS = "dismiss", "Dismissed"
        SYSTEM = "system", "System"
        # On a published claim: a reviewer corrected the verdict (the body is the public
        # correction note) or checked it again and confirmed it stands (the body says why).
        CORRECTION = "correction", "Correction"
        CONFIRM = "confirm", "Verdict stands"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="annotations")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NOTE)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="annotation_not_empty")]
        indexes = [models.Index(fields=["claim", "created_at"], name="annotation_claim_idx")]

    def __str__(self) -> str:
        return shorten(self.body, 80)


class PublicationEvent(models.Model):
    """Append-only log of what the outside world has been told: the CMS export reads it in id order.

    The id is the export cursor, so a consumer resumes without gaps or repeats. A `corrected`
    event is the record of a correction: the verdict published before it (`previous_rating`,
    `previous_summary`), the one published by it (`rating`, `summary`), who and when, and for a
    correction made on the published claim (`claims.services.workflow.claim_correct`) the public
    correction note in `note`. (An `unpublished` event's note is the reviewer's internal reason.)
    """

    class Kind(models.TextChoices):
        PUBLISHED = "published", "Published"
        CORRECTED = "corrected", "Corrected"
        UNPUBLISHED = "unpublished", "Unpublished"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="publication_events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    rating = models.ForeignKey(Rating, null=True, on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(blank=True)
    note = models.TextField(blank=True)
    # The verdict this event replaced (a correction's "before"); empty on a first publication.
    previous_rating = models.ForeignKey(
        Rating, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    previous_summary = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["published", "corrected", "unpublished"]),
                name="publication_kind_valid",
            )
        ]
        indexes = [
            models.Index(fields=["claim", "id"], name="publication_claim_idx"),
            # The export feed filtered by type (`?type=claim.corrected&since=<cursor>`).
            models.Index(fields=["kind", "id"], name="publication_kind_idx"),
        ]

    # Rows read with fields deferred are laid out without Django's per-row test (factcheck/rows.py).
    from_db = rows.from_db

    def __str__(self) -> str:
        return f"{self.kind} #{self.claim_id}"


class ClaimMatch(models.Model):
    """A suggested or confirmed link between a claim and an earlier claim of the same fact."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="matches")
    matched = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="matched_by")
    score = models.FloatField()
    method = models.CharField(max_length=32, help_text="What made the match: figures, wording.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUGGESTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "id"]
        verbose_name_plural = "claim matches"
        constraints = [
            models.UniqueConstraint(fields=["claim", "matched"], name="claimmatch_unique_pair"),
            models.CheckConstraint(condition=~Q(claim=F("matched")), name="claimmatch_not_self"),
            models.CheckConstraint(
                condition=Q(score__gte=0.0, score__lte=1.0), name="claimmatch_score_0_1"
            ),
        ]
        indexes = [
            models.Index(fields=["matched", "status"], name="claimmatch_matched_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} ~ {self.matched_id} ({self.status})"


if TYPE_CHECKING:  # the event models pghistory.track adds to this module at import time
    ClaimEvent: Any
    ClaimantEvent: Any
    EvidenceEvent: Any
    AnnotationEvent: Any


# Models of the claims app kept in their own packages; imported here so Django registers them.
# API tokens and the account/role history live in claims.accounts (docs/security.md).
from claims.accounts.models import UserToken  # noqa: E402,F401
from claims.notifications.models import Notification, NotificationPreference  # noqa: E402, F401
from claims.tagging.models import ChecklistItem, ChecklistTick, Tag  # noqa: E402, F401
