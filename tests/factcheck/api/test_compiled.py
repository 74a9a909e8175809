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


def test_json_columns_read_the_same_values_as_django():
    # orjson reads them, json.loads what orjson would read otherwise (a long integer as a float).
    documents = [
        [{"kind": "count", "value": 1000000, "text": "1 million"}],
        [{"value": 0.30000000000000004, "tiny": 5e-324, "zero": -0.0, "text": "x\u2028é"}],
        [{"long": 123456789012345678901234567890, "u64": 18446744073709551615, "f": 1.5}],
        [],
    ]
    claims = [ClaimFactory(quantities=document) for document in documents]
    first = claims[0].pk - 1

    def after(ident):
        return Claim.objects.filter(id__gt=ident).order_by("id")[:4]

    for _ in range(2):  # compiled, then kept
        got = compiled.rows(after, ("test-json",), (first,), (compiled.STAND_IN_ID,))
        want = [c.quantities for c in after(first)]  # Django's own reading
        assert want == documents
        assert [repr(c.quantities) for c in got] == [repr(w) for w in want]  # int or float too


def prepared_statements():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, parameter_types FROM pg_prepared_statements")
        return cursor.fetchall()


def test_a_kept_query_is_prepared_with_its_constants_written_in():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    claims = ClaimFactory.create_batch(4, status="new")

    def new_after(after):
        return Claim.objects.filter(status="new", id__gt=after).order_by("id")[:2]

    for after in (claims[0].pk, claims[1].pk):
        with CaptureQueriesContext(connection) as ctx:
            got = compiled.rows(new_after, ("test-prepared",), (after,), (compiled.STAND_IN_ID,))
        assert [c.pk for c in got] == [c.pk for c in new_after(after)]
        # Logged with its values written in, as Django's own cursor logs a query.
        (logged,) = ctx.captured_queries
        assert f'"id" > {after}' in logged["sql"] and "'new'" in logged["sql"]
    kept = compiled._kept[(("test-prepared",), "default")]
    assert kept.prepared.count("%s") == 1 and "'new'" in kept.prepared
    (statement, types) = next(s for s in prepared_statements() if "'new'" in s[0])
    assert "$1" in statement and "$2" not in statement and len(types) == 1


def test_prepare_off_runs_the_same_sql_unprepared(settings):
    settings.DATABASE_PREPARE = False
    claims = ClaimFactory.create_batch(3)
    got = compiled.rows(ids_after, ("test-unprepared",), (claims[0].pk,), (compiled.STAND_IN_ID,))
    assert [c.pk for c in got] == [c.pk for c in ids_after(claims[0].pk)]
    assert not any('"claims_claim"."id" > $1' in s for s, _ in prepared_statements())


def test_a_percent_sign_in_a_constant_stays_one():
    claim = ClaimFactory(text="Growth was 5% a year, 50%% more")
    ClaimFactory(text="Growth was 5 a year")

    def build(after):
        return Claim.objects.filter(text__contains="5% a year", id__gt=after).order_by("id")

    got = compiled.rows(build, ("test-percent",), (0,), (compiled.STAND_IN_ID,))
    assert [c.pk for c in got] == [claim.pk]
    assert compiled._kept[(("test-percent",), "default")].prepared is not None
