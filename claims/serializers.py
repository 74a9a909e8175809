"""API representations of claims and their evidence, notes, ratings, history and people; of their
matches and groups; and of search results."""

from __future__ import annotations

import html
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.search import MAX_QUERY_LENGTH
from claims import workflow
from claims.claimants import KINDS
from claims.models import (
    Annotation,
    Claim,
    Claimant,
    ClaimEvent,
    ClaimMatch,
    Evidence,
    EvidenceSnapshot,
    Rating,
)
from claims.services.claimants import ClaimantInput
from factcheck.ids import MAX_BIGINT, fits_bigint, id_from_text

User = get_user_model()

# Sentinels SearchHeadline puts around matches; swapped for <mark> after HTML-escaping the text.
HIGHLIGHT_START = "\u0001"
HIGHLIGHT_STOP = "\u0002"


class UserBriefSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    full_name = serializers.CharField(source="get_full_name", read_only=True)


class UserSerializer(serializers.ModelSerializer[Any]):
    full_name = serializers.CharField(source="get_full_name", read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "roles"]
        read_only_fields = fields

    def get_roles(self, user: Any) -> list[str]:
        # `groups` is prefetched by the view: no query per user.
        return sorted(g.name for g in user.groups.all())


class RatingSerializer(serializers.ModelSerializer[Rating]):
    class Meta:
        model = Rating
        fields = ["id", "label", "claimreview_value", "order", "description", "is_active"]
        read_only_fields = fields


class RatingBriefSerializer(serializers.ModelSerializer[Rating]):
    class Meta:
        model = Rating
        fields = ["id", "label", "claimreview_value"]
        read_only_fields = fields


class SpanSerializer(serializers.Serializer[Any]):
    start = serializers.IntegerField(read_only=True)
    end = serializers.IntegerField(read_only=True)


class ClaimantSerializer(serializers.ModelSerializer[Claimant]):
    """Who made a claim: a person or an organisation, shared across claims and articles."""

    class Meta:
        model = Claimant
        fields = ["id", "name", "kind", "role", "url"]
        read_only_fields = fields


class ClaimantInputSerializer(serializers.Serializer[Any]):
    """A claimant by name: the known one of that name (case ignored) or a new one. `kind`, `role`
    and `url`, when given, set the claimant's (it is one claimant on every claim naming it); a
    new claimant without a kind gets a guessed one."""

    name = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=list(KINDS), required=False)
    role = serializers.CharField(max_length=300, required=False, allow_blank=True)
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True)

    def to_internal_value(self, data: Any) -> ClaimantInput:
        values = super().to_internal_value(data)
        return ClaimantInput(
            name=values["name"],
            kind=values.get("kind"),
            role=values.get("role"),
            url=values.get("url"),
        )


class ClaimSerializer(serializers.ModelSerializer[Claim]):
    """A claim in lists: everything but the nested evidence, notes and history.

    `text` is the quote (the article's words at `span`); `claim_reviewed` is the wording being
    checked (ClaimReview's claimReviewed): the editor's, or the quote when nobody rephrased it."""

    type = serializers.CharField(source="claim_type", read_only=True)
    claim_reviewed = serializers.CharField(source="wording", read_only=True)
    claimant = ClaimantSerializer(read_only=True, allow_null=True)
    added_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        allow_null=True,
        help_text="Who added the claim by hand; null when the extractor found it.",
    )
    span = serializers.SerializerMethodField()
    assignee = UserBriefSerializer(read_only=True, allow_null=True)
    rating = RatingBriefSerializer(read_only=True, allow_null=True)
    available_transitions = serializers.SerializerMethodField()
    snippet = serializers.SerializerMethodField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "text",
            "span",
            "type",
            "checkworthiness",
            "quantities",
            "signals",
            "consistency",
            "consistency_flag",
            "speaker",
            "claim_reviewed",
            "claimant",
            "added_by",
            "status",
            "assignee",
            "due_date",
            "rating",
            "summary",
            "dismiss_reason",
            "published_at",
            "version",
            "available_transitions",
            "snippet",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(SpanSerializer)
    def get_span(self, claim: Claim) -> dict[str, int]:
        return {"start": claim.start, "end": claim.end}

    def get_available_transitions(self, claim: Claim) -> list[str]:
        """Workflow actions the caller may take now (path segment: name with `_` → `-`)."""
        request = self.context.get("request")
        if request is None:
            return []
        return [t.name for t in workflow.available_transitions(request.user, claim)]

    @extend_schema_field({"type": "string", "nullable": True})
    def get_snippet(self, claim: Claim) -> str | None:
        """With `q`: the claim text as HTML, matches wrapped in <mark>; otherwise null."""
        raw = getattr(claim, "snippet", None)
        if raw is None:
            return None
        return (
            html.escape(raw).replace(HIGHLIGHT_START, "<mark>").replace(HIGHLIGHT_STOP, "</mark>")
        )


class PublicClaimSerializer(ClaimSerializer):
    """A published claim as the CMS (an API key) sees it: what the fact check says, nothing of
    the newsroom's internals (assignee, due date, dismiss reason, extraction signals and scores,
    consistency checks, workflow transitions)."""

    class Meta(ClaimSerializer.Meta):
        fields = [
            "id",
            "article",
            "text",
            "span",
            "type",
            "quantities",
            "speaker",
            "claim_reviewed",
            "claimant",
            "status",
            "rating",
            "summary",
            "published_at",
            "version",
            "snippet",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class EvidenceSerializer(serializers.ModelSerializer[Evidence]):
    added_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = Evidence
        fields = [
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
            "snapshot_status",
            "checked_at",
            "snapshot",
        ]
        read_only_fields = [
            "id",
            "claim",
            "added_by",
            "copied_from",
            "created_at",
            "snapshot_status",
            "checked_at",
            "snapshot",
        ]
        extra_kwargs = {"quote": {"max_length": 20000}}

    snapshot = serializers.SerializerMethodField(
        help_text="Path of the latest stored copy of the page (its text and what the check "
        "found); null until the first check."
    )

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_snapshot(self, obj: Evidence) -> str | None:
        # From the row's own column: no query per source.
        if obj.latest_snapshot_id is None:
            return None
        return reverse(
            "evidence-snapshot-detail",
            kwargs={"pk": obj.pk, "snapshot_pk": obj.latest_snapshot_id},
        )


class EvidenceSnapshotSerializer(serializers.ModelSerializer[EvidenceSnapshot]):
    class Meta:
        model = EvidenceSnapshot
        fields = [
            "id",
            "evidence",
            "fetched_at",
            "requested_url",
            "final_url",
            "http_status",
            "content_type",
            "content_hash",
            "size",
            "truncated",
            "quote_status",
            "quote_score",
            "error",
            "text",
        ]
        read_only_fields = fields


class AnnotationSerializer(serializers.ModelSerializer[Annotation]):
    author: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = Annotation
        fields = ["id", "claim", "author", "kind", "body", "created_at"]
        read_only_fields = ["id", "claim", "author", "kind", "created_at"]
        extra_kwargs = {"body": {"max_length": 20000, "allow_blank": True}}


class ClaimHistorySerializer(serializers.ModelSerializer[ClaimEvent]):
    """One row of the claim's history (written by PostgreSQL triggers)."""

    id = serializers.IntegerField(source="pgh_id", read_only=True)
    at = serializers.DateTimeField(source="pgh_created_at", read_only=True)
    event = serializers.CharField(source="pgh_label", read_only=True)
    action = serializers.SerializerMethodField()
    updated_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    assignee: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    rating: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="label", read_only=True, allow_null=True
    )

    class Meta:
        model = ClaimEvent
        fields = [
            "id",
            "at",
            "event",
            "action",
            "updated_by",
            "status",
            "assignee",
            "due_date",
            "rating",
            "summary",
            "dismiss_reason",
            "version",
            "start",
            "end",
            "text",
            "claim_reviewed",
            "claimant",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "nullable": True})
    def get_action(self, event: Any) -> str | None:
        context = event.pgh_context
        return (context.metadata or {}).get("action") if context else None


class ClaimDetailSerializer(ClaimSerializer):
    """One claim with its sources and notes (history: `/api/claims/{id}/history/`)."""

    evidence = EvidenceSerializer(many=True, read_only=True)
    annotations = AnnotationSerializer(many=True, read_only=True)

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "evidence", "annotations"]
        read_only_fields = fields


@extend_schema_field(
    {"oneOf": [{"type": "integer"}, {"type": "string"}], "description": "Id or exact name."}
)
class IdOrNameField(serializers.Field[Any, Any, Any, Any]):
    """A related row named by id or by a unique text field (username, rating label)."""

    default_error_messages = {
        "does_not_exist": "No {what} {value!r}.",
        "invalid": "Give an id or a {what}.",
    }

    def __init__(self, *, queryset: Any, name_field: str, what: str, **kwargs: Any):
        self.queryset = queryset
        self.name_field = name_field
        self.what = what
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("invalid", what=self.what)
        text = str(data).strip()
        if not text or len(text) > 300 or "\x00" in text:
            self.fail("invalid", what=self.what)
        lookup: dict[str, Any]
        number = id_from_text(text)
        if number is not None:
            if not fits_bigint(number):
                self.fail("does_not_exist", what=self.what, value=data)
            lookup = {"pk": number}
        else:
            lookup = {f"{self.name_field}__iexact": text}
        found = self.queryset.filter(**lookup).first()
        if found is None:
            self.fail("does_not_exist", what=self.what, value=data)
        return found

    def to_representation(self, value: Any) -> Any:
        return value.pk


class ClaimUpdateSerializer(serializers.Serializer[Any]):
    """Editable fields. Send `If-Match` with the ETag you read."""

    rating = IdOrNameField(
        queryset=Rating.objects.all(), name_field="label", what="rating", allow_null=True
    )
    summary = serializers.CharField(allow_blank=True, max_length=20000)
    due_date = serializers.DateField(allow_null=True)
    # Not required on PUT either: a client that replaces the verdict leaves these as they are.
    claim_reviewed = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text="The wording being checked; empty: the quote itself. Figures are recomputed.",
    )
    claimant = ClaimantInputSerializer(
        required=False, allow_null=True, help_text="null: nobody known."
    )


class ClaimCreateSerializer(serializers.Serializer[Any]):
    """A claim the engine missed: its span (`start`/`end`, offsets in the article's body) or its
    exact `quote` (which must occur once in the body); not both (the service says which is
    missing or extra, with the field)."""

    article = serializers.IntegerField(min_value=1, max_value=MAX_BIGINT)
    start = serializers.IntegerField(required=False, min_value=0, max_value=MAX_BIGINT)
    end = serializers.IntegerField(required=False, min_value=1, max_value=MAX_BIGINT)
    quote = serializers.CharField(required=False, max_length=5000)
    claim_reviewed = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, help_text="Optional wording."
    )
    claimant = ClaimantInputSerializer(
        required=False, help_text="Optional; by default proposed from the speaker."
    )


class ClaimSplitSerializer(serializers.Serializer[Any]):
    at = serializers.IntegerField(
        min_value=0,
        max_value=MAX_BIGINT,
        help_text="Offset in the article's body where the second claim starts (inside the claim).",
    )


class ClaimMergeSerializer(serializers.Serializer[Any]):
    other = serializers.IntegerField(
        min_value=1,
        max_value=MAX_BIGINT,
        help_text="The claim (same article) merged into this one; it is deleted, its work moves.",
    )


class AssignSerializer(serializers.Serializer[Any]):
    assignee = IdOrNameField(queryset=User.objects.all(), name_field="username", what="user")
    due = serializers.DateField(required=False, allow_null=True, source="due_date")


class NoteSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(allow_blank=True, max_length=20000)


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(allow_blank=True, max_length=20000)


class EmptySerializer(serializers.Serializer[Any]):
    pass


class CorrectionSerializer(serializers.Serializer[Any]):
    """A correction of the published verdict: a new rating and/or summary, and the public note."""

    rating = IdOrNameField(
        queryset=Rating.objects.all(),
        name_field="label",
        what="rating",
        required=False,
        help_text="The corrected rating (id or label); omit to keep the published one.",
    )
    summary = serializers.CharField(
        required=False,
        max_length=20000,
        help_text="The corrected summary; omit to keep the published one.",
    )
    note = serializers.CharField(
        allow_blank=True,
        max_length=20000,
        help_text="The public correction note (ClaimReview `correction`): what changed and why.",
    )


class VerdictConfirmSerializer(serializers.Serializer[Any]):
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20000,
        help_text="Optional: why the verdict stands (recorded in the claim's notes).",
    )


class VerdictSerializer(serializers.Serializer[Any]):
    rating = serializers.CharField(source="rating.label", allow_null=True)
    summary = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)


class OtherClaimSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    text = serializers.CharField()
    status = serializers.CharField()
    article = serializers.IntegerField(source="article_id")
    article_title = serializers.CharField(source="article.title")
    outlet = serializers.CharField(source="article.outlet")
    group = serializers.IntegerField(source="group_id", allow_null=True)
    verdict = serializers.SerializerMethodField(
        help_text="The published verdict, when the claim is published."
    )

    @extend_schema_field(VerdictSerializer(allow_null=True))
    def get_verdict(self, claim: Claim) -> dict[str, Any] | None:
        if claim.status != "published":
            return None
        return dict(VerdictSerializer(claim).data)


class PriorVerdictSerializer(OtherClaimSerializer):
    match_confirmed = serializers.BooleanField(
        help_text="A reviewer confirmed the match: only then may its verdict be applied."
    )


class MatchSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    score = serializers.FloatField()
    method = serializers.CharField()
    status = serializers.CharField(help_text="suggested, confirmed or rejected.")
    direction = serializers.SerializerMethodField(
        help_text='"earlier": the other claim was matched by this one; "later": it matched us.'
    )
    other = serializers.SerializerMethodField()
    decided_by = serializers.CharField(source="decided_by.username", allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)

    def _is_ours(self, match: ClaimMatch) -> bool:
        return bool(match.claim_id == self.context["claim_id"])

    def get_direction(self, match: ClaimMatch) -> str:
        return "earlier" if self._is_ours(match) else "later"

    @extend_schema_field(OtherClaimSerializer)
    def get_other(self, match: ClaimMatch) -> dict[str, Any]:
        other = match.matched if self._is_ours(match) else match.claim
        return dict(OtherClaimSerializer(other).data)


class GroupSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    claims = OtherClaimSerializer(many=True)


class ClaimMatchesSerializer(serializers.Serializer[Any]):
    claim = serializers.IntegerField()
    group = GroupSerializer(allow_null=True)
    matches = MatchSerializer(many=True)
    prior_verdicts = PriorVerdictSerializer(
        many=True,
        help_text="Published claims matched with this one (not rejected). Their verdicts may be "
        "applied once the match is confirmed (`match_confirmed`).",
    )


# `source` cannot be a declared field (it would shadow Field.source): the class is built here.
ApplyPriorVerdictSerializer = type(
    "ApplyPriorVerdictSerializer",
    (serializers.Serializer,),
    {
        "source": serializers.IntegerField(
            min_value=1,
            max_value=MAX_BIGINT,
            help_text="The published claim whose verdict to copy.",
        )
    },
)


class ClaimVerdictSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    status = serializers.CharField()
    rating = serializers.CharField(source="rating.label", allow_null=True)
    summary = serializers.CharField()
    prior_verdict_from = serializers.IntegerField(source="prior_verdict_from_id", allow_null=True)
    group = serializers.IntegerField(source="group_id", allow_null=True)
    version = serializers.IntegerField()


class SearchQuerySerializer(serializers.Serializer[Any]):
    q = serializers.CharField(
        max_length=MAX_QUERY_LENGTH, help_text='Web-search syntax: words, "phrase", -not, or.'
    )


class ClaimHitSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    article = serializers.IntegerField(source="article_id")
    text = serializers.CharField()
    status = serializers.CharField()
    rank = serializers.FloatField()
    snippet = serializers.CharField(help_text="HTML: the text escaped, hits in <mark>.")


class ArticleHitSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    outlet = serializers.CharField()
    url = serializers.CharField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)
    rank = serializers.FloatField()
    title_html = serializers.CharField(help_text="HTML: the title escaped, hits in <mark>.")
    snippet = serializers.CharField(help_text="HTML: the body escaped, hits in <mark>.")


class SearchResultSerializer(serializers.Serializer[Any]):
    q = serializers.CharField()
    claims = ClaimHitSerializer(many=True)
    articles = ArticleHitSerializer(many=True)
