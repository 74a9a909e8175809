"""SQL compiled once per process (factcheck/api/compiled.py): a kept query answers with the
request's own values, the same rows as Django's own evaluation."""

import pytest
from django.db.models import Prefetch

from claims.models import Annotation, Claim, Evidence
from factcheck.api import compiled
from tests.factories import AnnotationFactory, ClaimFactory, EvidenceFactory

pytestmark = pytest.mark.django_db


def ids_after(after):
    return Claim.objects.filter(id__gt=after).order_by("id")[:3]


def test_a_kept_query_binds_each_requests_value():
    claims = ClaimFactory.create_batch(6)
    first = claims[0].pk
    for after in (first, claims[2].pk, first - 1, claims[-1].pk):
        got = compiled.rows(ids_after, ("test-ids",), (after,), (compiled.STAND_IN_ID,))
        assert [c.pk for c in got] == [c.pk for c in ids_after(after)]
    assert compiled._kept[(("test-ids",), "default")] is not None


def test_a_stand_in_seen_twice_is_not_kept_and_still_answers():
    claims = ClaimFactory.create_batch(3)

    def build(after):
        return Claim.objects.filter(id__gt=after).exclude(id=compiled.STAND_IN_ID).order_by("id")

    got = compiled.rows(build, ("test-twice",), (claims[0].pk,), (compiled.STAND_IN_ID,))
    assert [c.pk for c in got] == [c.pk for c in claims[1:]]
    assert compiled._kept[(("test-twice",), "default")] is None


def test_one_reads_the_row_and_its_prefetches_as_get_does():
    claim = ClaimFactory()
    other = ClaimFactory()
    EvidenceFactory.create_batch(2, claim=claim)
    EvidenceFactory(claim=other)
    AnnotationFactory(claim=claim)
    queryset = Claim.objects.prefetch_related(
        Prefetch("evidence", Evidence.objects.select_related("added_by")),
        Prefetch("annotations", Annotation.objects.select_related("author")),
    )
    for row in (claim, other, claim):
        got = compiled.one(queryset, row.pk, "test-one")
        want = queryset.get(pk=row.pk)
        assert got == want
        assert list(got.evidence.all()) == list(want.evidence.all())
        assert list(got.annotations.all()) == list(want.annotations.all())
        assert all(e.claim is got for e in got.evidence.all())
    assert compiled.one(queryset, other.pk + 1000, "test-one") is None
