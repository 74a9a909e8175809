"""FastRepresentation (factcheck/api/representations.py) writes exactly what the serializers write:
the same keys in the same order, the same values, the same bytes once rendered."""

import datetime as dt
import decimal
import uuid
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Value
from django.utils import timezone
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from claims.api.claims import FAST, ClaimViewSet
from claims.models import Claim, Claimant, ClaimStatus, Evidence, EvidenceSnapshot
from claims.serializers import (
    HIGHLIGHT_START,
    HIGHLIGHT_STOP,
    ClaimDetailSerializer,
    ClaimSerializer,
    PublicClaimSerializer,
)
from factcheck.api.renderers import FastJSONRenderer
from factcheck.api.representations import FastRepresentation
from tests.factories import AnnotationFactory, ClaimFactory, EditorFactory, EvidenceFactory, rating

pytestmark = pytest.mark.django_db


def context_for(user):
    request = Request(APIRequestFactory().get("/api/claims/"))
    request.user = user
    return {"request": request, "format": None, "view": None}


def rich_claim(reviewer, editor):
    """A claim with every optional field set, with evidence and notes that have theirs set."""
    claimant = Claimant.objects.create(
        name="Jane Doe", kind="person", role="Harbour minister", url="https://gov.example/jane"
    )
    claim = ClaimFactory(
        claim_reviewed="The harbour handled 4.2 million containers in 2023",
        claimant=claimant,
        added_by=editor,
        assignee=editor,
        status=ClaimStatus.IN_REVIEW,
        due_date=dt.date(2026, 3, 4),
        rating=rating("Mostly false"),
        summary="Not 4.2 million: 3.9 million (port statistics) \u2028 ünïcode",
        dismiss_reason="kept for the record",
        published_at=dt.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=dt.UTC),
        signals={"numbers": 1, "hedges": ["about"]},
        consistency=[{"kind": "sum", "ok": False}],
        consistency_flag="inconsistent",
        speaker="the minister",
        checkworthiness=0.123456789,
    )
    other = ClaimFactory()
    checked = EvidenceFactory(
        claim=claim,
        added_by=editor,
        copied_from=other,
        quote="3.9 million TEU",
        accessed_at=timezone.now(),
        stance=Evidence.Stance.REFUTES,
    )
    snapshot = EvidenceSnapshot.objects.create(  # its `snapshot` is a URL (a nested method)
        evidence=checked,
        fetched_at=timezone.now(),
        requested_url=checked.url,
        quote_status="found",
    )
    Evidence.objects.filter(pk=checked.pk).update(latest_snapshot=snapshot)
    EvidenceFactory(claim=claim, added_by=None)
    AnnotationFactory(claim=claim, author=reviewer, body="Checked with the port.")
    AnnotationFactory(claim=claim, author=None)
    return claim


def rows(action):
    """The claims as the view reads them (select_related / prefetch), with a search snippet."""
    view = ClaimViewSet()
    view.action = action
    view.request = None
    qs = view.get_queryset().annotate(
        snippet=Value(f"a {HIGHLIGHT_START}harbour{HIGHLIGHT_STOP} <b> & co")
    )
    return list(qs.order_by("id"))


@pytest.mark.parametrize(
    ("serializer_class", "action"),
    [
        (ClaimSerializer, "list"),
        (PublicClaimSerializer, "list"),
        (ClaimDetailSerializer, "retrieve"),
    ],
)
@pytest.mark.parametrize("who", ["reviewer", "editor"])
def test_claims_are_represented_exactly_as_the_serializer_does(
    reviewer, editor, serializer_class, action, who
):
    rich_claim(reviewer, editor)
    ClaimFactory()  # and one with every optional field empty
    user = {"reviewer": reviewer, "editor": editor}[who]
    claims = rows(action)
    context = context_for(user)

    expected = serializer_class(claims, many=True, context=context).data
    got = FAST[serializer_class].many(claims, context)

    assert got == [dict(item) for item in expected]
    assert [list(item) for item in got] == [list(item) for item in expected]  # key order
    assert FastJSONRenderer().render(got) == JSONRenderer().render(expected)
    assert got[0]["claimant"]["url"] == "https://gov.example/jane"  # the rich row is rich
    if serializer_class is ClaimDetailSerializer:
        assert len(got[0]["evidence"]) == 2 and len(got[0]["annotations"]) == 2
        assert got[0]["evidence"][0]["snapshot"].startswith("/api/evidence/")


def test_datetimes_are_written_in_the_current_time_zone_as_drf_does(reviewer, editor):
    rich_claim(reviewer, editor)
    claims = rows("list")
    context = context_for(reviewer)
    with timezone.override(ZoneInfo("Europe/Berlin")):
        expected = ClaimSerializer(claims, many=True, context=context).data
        got = FAST[ClaimSerializer].many(claims, context)
    assert (
        got[0]["published_at"] == expected[0]["published_at"] == "2026-01-02T04:04:05.678901+01:00"
    )
    assert got == [dict(item) for item in expected]


class Thing:
    """Not a model: every field below reads plain attributes."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)

    def get_label(self) -> str:
        return f"label of {self.name}"


class InnerSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    shout = serializers.SerializerMethodField()

    def get_shout(self, obj: Any) -> str:
        return obj.name.upper() + self.context.get("suffix", "")


class ParentReadingSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    where = serializers.SerializerMethodField()

    def get_where(self, obj: Any) -> str:  # reads more than the context: left to DRF
        return f"{obj.name} in {self.parent.field_name}"


class KitchenSinkSerializer(serializers.Serializer[Any]):
    """Field kinds FastRepresentation compiles, and kinds it leaves to DRF (decimal, `source="*"`,
    dotted sources, a nested serializer with a method field, a write-only field)."""

    name = serializers.CharField()
    label = serializers.CharField(source="get_label")
    count = serializers.IntegerField()
    price = serializers.DecimalField(max_digits=6, decimal_places=2)
    ratio = serializers.FloatField(allow_null=True)
    ok = serializers.BooleanField()
    day = serializers.DateField()
    moment = serializers.DateTimeField()
    token = serializers.UUIDField()
    whole = serializers.SerializerMethodField()
    owner_name = serializers.CharField(source="owner.name")
    inner = InnerSerializer()
    inners = InnerSerializer(many=True)
    placed = ParentReadingSerializer(source="inners", many=True)
    secret = serializers.CharField(write_only=True)

    def get_whole(self, obj: Any) -> str:
        return f"{obj.name}/{self.context['suffix']}"


def test_fields_left_to_drf_give_drfs_output():
    owner = Thing(name="owner")
    thing = Thing(
        name="widget",
        count=3,
        price=decimal.Decimal("9.50"),
        ratio=None,
        ok=1,
        day=dt.date(2026, 1, 2),
        moment=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        token=uuid.UUID(int=5),
        owner=owner,
        inner=Thing(name="in"),
        inners=[Thing(name="a"), Thing(name="b")],
        secret="x",
    )
    context = {"suffix": "!"}
    expected = KitchenSinkSerializer([thing], many=True, context=context).data
    got = FastRepresentation(KitchenSinkSerializer).many([thing], context)
    assert got == [dict(item) for item in expected]
    assert [list(item) for item in got] == [list(item) for item in expected]
    assert got[0]["inner"] == {"name": "in", "shout": "IN!"}
    assert got[0]["placed"][1] == {"name": "b", "where": "b in placed"}
    assert "secret" not in got[0]


def test_the_renderer_writes_drfs_bytes():
    data = {
        "text": "ünïcode \u2028 \u2029 <mark>",
        "when": dt.datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=dt.UTC),
        "berlin": dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=ZoneInfo("Europe/Berlin")),
        "day": dt.date(2026, 1, 2),
        "price": decimal.Decimal("1.10"),
        "id": uuid.UUID(int=7),
        "lazy": gettext_lazy("Published"),
        "numbers": [1, 2.5, None, True],
        3: "an int key",
        "nested": ({"a": []},),
    }
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)
    assert FastJSONRenderer().render(None) == JSONRenderer().render(None) == b""
    indented = "application/json; indent=2"
    assert FastJSONRenderer().render(data, indented) == JSONRenderer().render(data, indented)
    huge = {"n": 2**70}  # wider than orjson writes: DRF's renderer takes over
    assert FastJSONRenderer().render(huge) == JSONRenderer().render(huge)


def test_the_claims_list_and_detail_answer_what_the_serializers_say(reviewer_api, reviewer):
    editor = EditorFactory()
    claim = rich_claim(reviewer, editor)
    listed = reviewer_api.get("/api/claims/?ordering=id").json()["results"][0]
    detail = reviewer_api.get(f"/api/claims/{claim.pk}/").json()
    context = context_for(reviewer)
    fresh = Claim.objects.get(pk=claim.pk)
    assert listed == dict(ClaimSerializer(fresh, context=context).data)
    assert detail == dict(ClaimDetailSerializer(fresh, context=context).data)
