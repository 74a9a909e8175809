"""Filters for the claims API. Every filter is backed by an index (see Claim.Meta.indexes)."""

from __future__ import annotations

import django_filters
from django.contrib.postgres.search import SearchHeadline
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field

from articles.search import search_query
from claims.models import (
    AnchorStatus,
    Annotation,
    Claim,
    ClaimStatus,
    ClaimType,
    ConsistencyFlag,
    Evidence,
)
from claims.serializers import HIGHLIGHT_START, HIGHLIGHT_STOP
from claims.tagging.services import tag_filter_q
from factcheck.api.filters import DateTimeFilter
from factcheck.api.params import IdFilter, id_in_range
from factcheck.ids import id_from_text


@extend_schema_field({"type": "number", "minimum": 0, "maximum": 1})
class ScoreFilter(django_filters.NumberFilter):  # type: ignore[misc]  # django-filter has no types
    """A score from 0 to 1 (the schema says so too)."""


class PublicClaimFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter has no types
    """What an API key (the CMS) may filter published claims by: nothing internal."""

    q = django_filters.CharFilter(
        method="filter_q", max_length=500, label="Full-text search (web search syntax)."
    )
    type = django_filters.MultipleChoiceFilter(
        field_name="claim_type", choices=ClaimType.choices, distinct=False
    )
    rating = django_filters.CharFilter(
        method="filter_rating",
        max_length=100,
        label="Rating label or id.",
        validators=[id_in_range],
    )
    article = IdFilter(field_name="article_id")
    outlet = django_filters.CharFilter(
        field_name="article__outlet", lookup_expr="iexact", max_length=300
    )
    created_after = DateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = DateTimeFilter(field_name="created_at", lookup_expr="lt")
    published_after = DateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = DateTimeFilter(field_name="published_at", lookup_expr="lt")

    class Meta:
        model = Claim
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        if not value.strip():
            return queryset
        query = search_query(value)
        return queryset.filter(search_vector=query).annotate(
            snippet=SearchHeadline(
                "text",
                query,
                config="english",
                start_sel=HIGHLIGHT_START,
                stop_sel=HIGHLIGHT_STOP,
                max_fragments=2,
            )
        )

    def filter_rating(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        value = value.strip()
        number = id_from_text(value)
        if number is not None:
            return queryset.filter(rating_id=number)  # in range: id_in_range
        return queryset.filter(rating__label__iexact=value)


class ClaimFilter(PublicClaimFilter):
    """Newsroom users: the public filters plus the workflow's."""

    # distinct=False: a claim has one status, and DISTINCT would defeat the index scan.
    status = django_filters.MultipleChoiceFilter(choices=ClaimStatus.choices, distinct=False)
    consistency_flag = django_filters.ChoiceFilter(choices=ConsistencyFlag.choices)
    anchor_status = django_filters.ChoiceFilter(
        choices=AnchorStatus.choices,
        label="Where the claim stands after article revisions: current, changed or removed.",
    )
    anchor_attention = django_filters.BooleanFilter(
        field_name="anchor_changed_at",
        lookup_expr="isnull",
        exclude=True,
        label="true: claims in work or published whose sentence a revision changed or removed.",
    )
    assignee = django_filters.CharFilter(
        method="filter_assignee",
        max_length=150,
        label='Username, user id, or "none".',
        validators=[id_in_range],
    )
    tag = django_filters.CharFilter(
        method="filter_tag", max_length=120, label='A tag\'s name, or "kind:name" (desk:Economy).'
    )
    min_checkworthiness = ScoreFilter(
        field_name="checkworthiness", lookup_expr="gte", min_value=0, max_value=1
    )
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")

    class Meta(PublicClaimFilter.Meta):
        pass

    def filter_assignee(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        value = value.strip()
        if value.lower() == "none":
            return queryset.filter(assignee__isnull=True)
        number = id_from_text(value)
        if number is not None:
            return queryset.filter(assignee_id=number)  # in range: id_in_range
        return queryset.filter(assignee__username=value)

    def filter_tag(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        return queryset.filter(tag_filter_q(value)) if value.strip() else queryset


class EvidenceFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter has no types
    claim = IdFilter(field_name="claim_id")
    stance = django_filters.ChoiceFilter(choices=Evidence.Stance.choices)

    class Meta:
        model = Evidence
        fields: list[str] = []


class AnnotationFilter(django_filters.FilterSet):  # type: ignore[misc]  # django-filter has no types
    claim = IdFilter(field_name="claim_id")
    kind = django_filters.ChoiceFilter(choices=Annotation.Kind.choices)

    class Meta:
        model = Annotation
        fields: list[str] = []
