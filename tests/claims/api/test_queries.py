"""Each page costs a fixed number of queries, however many rows it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import token_client
from tests.factories import (
    AnnotationFactory,
    ClaimFactory,
    EditorFactory,
    EvidenceFactory,
    rating,
)

pytestmark = pytest.mark.django_db


def count_queries(client, path):
    # A fresh client per request: nothing cached on the user object between requests.
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def make_claims(n, editor):
    for _ in range(n):
        claim = ClaimFactory(assignee=editor, status="assigned", rating=rating("False"))
        EvidenceFactory(claim=claim)
        AnnotationFactory(claim=claim, author=editor)


@pytest.mark.parametrize(
    "path",
    [
        "/api/claims/",
        "/api/claims/?q=harbour",
        "/api/claims/?status=assigned&min_checkworthiness=0.1&ordering=-created_at",
        "/api/evidence/",
        "/api/annotations/",
        "/api/users/",
    ],
)
def test_list_pages_cost_the_same_for_5_and_50_rows(reviewer, path):
    editor = EditorFactory()
    make_claims(5, editor)
    small = count_queries(token_client(reviewer), path)
    make_claims(45, editor)
    for _ in range(45):
        EditorFactory()
    large = count_queries(token_client(reviewer), path)
    assert small == large


def test_claim_detail_costs_the_same_with_5_or_50_sources_and_notes(reviewer, editor):
    claim = ClaimFactory(assignee=editor, status="assigned")
    for _ in range(5):
        EvidenceFactory(claim=claim, added_by=editor)
        AnnotationFactory(claim=claim, author=editor)
    small = count_queries(token_client(reviewer), f"/api/claims/{claim.pk}/")
    for _ in range(45):
        EvidenceFactory(claim=claim, added_by=editor)
        AnnotationFactory(claim=claim, author=editor)
    large = count_queries(token_client(reviewer), f"/api/claims/{claim.pk}/")
    assert small == large


def test_claims_list_query_count_is_pinned(reviewer, django_assert_max_num_queries):
    make_claims(50, EditorFactory())
    client = token_client(reviewer)
    # the token with its user, roles and permissions; its last use (once a minute); the page
    with django_assert_max_num_queries(3):
        assert client.get("/api/claims/").status_code == 200
