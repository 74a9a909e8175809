"""Filters for the claims API. Every filter is backed by an index (see Claim.Meta.indexes)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db.models import QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from claims.models import Annotation, Claim, ClaimStatus, ClaimType, ConsistencyFlag, Evidence
from claims.serializers import HIGHLIGHT_START, HIGHLIGHT_STOP, MAX_BIGINT


class IdFilter(django_filters.NumberFilter):
    """An id: a positive integer that fits PostgreSQL's bigint (else 400, not a DataError)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_BIGINT)
        super().__init__(*args, **kwargs)


def id_in_range(value: str) -> None:
    """An all-digits value names a row by id: it must fit a bigint (a 400, not an empty page)."""
    text = value.strip()
    if text.isascii() and text.isdigit() and int(text) > MAX_BIGINT:
        raise forms.ValidationError(f"Ids are at most {MAX_BIGINT}.", code="max_value")


def search_query(value: str) -> SearchQuery:
    return SearchQuery(value, search_type="websearch", config="english")


class PublicClaimFilter(django_filters.FilterSet):
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
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")
    published_after = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_before = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="lt")

    class Meta:
        model = Claim
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
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

    def filter_rating(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if value.isascii() and value.isdigit():
            return queryset.filter(rating_id=int(value))  # in range: id_in_range
        return queryset.filter(rating__label__iexact=value)


class ClaimFilter(PublicClaimFilter):
    """Newsroom users: the public filters plus the workflow's."""

    # distinct=False: a claim has one status, and DISTINCT would defeat the index scan.
    status = django_filters.MultipleChoiceFilter(choices=ClaimStatus.choices, distinct=False)
    consistency_flag = django_filters.ChoiceFilter(choices=ConsistencyFlag.choices)
    assignee = django_filters.CharFilter(
        method="filter_assignee",
        max_length=150,
        label='Username, user id, or "none".',
        validators=[id_in_range],
    )
    min_checkworthiness = django_filters.NumberFilter(
        field_name="checkworthiness", lookup_expr="gte", min_value=0, max_value=1
    )
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")

    class Meta(PublicClaimFilter.Meta):
        pass

    def filter_assignee(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if value.lower() == "none":
            return queryset.filter(assignee__isnull=True)
        if value.isascii() and value.isdigit():
            return queryset.filter(assignee_id=int(value))  # in range: id_in_range
        return queryset.filter(assignee__username=value)


class EvidenceFilter(django_filters.FilterSet):
    claim = IdFilter(field_name="claim_id")
    stance = django_filters.ChoiceFilter(choices=Evidence.Stance.choices)

    class Meta:
        model = Evidence
        fields: list[str] = []


class AnnotationFilter(django_filters.FilterSet):
    claim = IdFilter(field_name="claim_id")
    kind = django_filters.ChoiceFilter(choices=Annotation.Kind.choices)

    class Meta:
        model = Annotation
        fields: list[str] = []


class TiebreakOrderingFilter(OrderingFilter):
    """`?ordering=field` or `-field` (one of the view's `ordering_fields`); id is appended in the
    same direction so the order is total, which the keyset cursor relies on. Anything else is a
    400 naming `ordering`, not a silently different order."""

    def get_ordering(self, request: Any, queryset: Any, view: Any) -> list[str] | None:
        raw = request.query_params.get(self.ordering_param)
        if raw is None:
            return None
        terms = [term.strip() for term in raw.split(",") if term.strip()]
        allowed = [name for name, _ in self.get_valid_fields(queryset, view, {"request": request})]
        if len(terms) != 1 or terms[0].lstrip("-") not in allowed:
            choices = ", ".join(f"{name}, -{name}" for name in allowed)
            raise ValidationError({self.ordering_param: [f"Order by one of: {choices}."]})
        ordering = terms
        if ordering[0].lstrip("-") != "id":
            ordering.append("-id" if ordering[0].startswith("-") else "id")
        return ordering
