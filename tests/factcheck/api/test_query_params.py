"""A query parameter of the wrong type or value is a 400 that names it, on every list; before,
these were ignored (every row came back) or answered 404."""

import pytest

from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def refused(response, name):
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert list(body["errors"]) == [name]
    assert body["detail"].startswith(f"{name}: ")
    return body["errors"][name][0]


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("/api/ratings/?page=two", "page"),
        ("/api/ratings/?page=0", "page"),
        ("/api/ratings/?page=last", "page"),
        ("/api/ratings/?page_size=-5", "page_size"),
        ("/api/articles/?page_size=lots", "page_size"),
        ("/api/ratings/?is_active=maybe", "is_active"),
        ("/api/ratings/?ordering=label", "ordering"),
        ("/api/articles/?ordering=title", "ordering"),
        ("/api/users/?role=Publisher", "role"),
        ("/api/claims/?published_after=", "published_after"),
        ("/api/claims/?status=", "status"),
        ("/api/evidence/?claim=", "claim"),
        ("/api/evidence/?claim=1.5", "claim"),
        ("/api/articles/?import_batch=abc", "import_batch"),
        ("/api/claims/?created_after=9999-12-31T23:00:00-10:00", "created_after"),
    ],
)
def test_a_malformed_query_parameter_is_a_400_naming_it(reviewer_api, query, name):
    assert refused(reviewer_api.get(query), name)


def test_the_values_a_caller_may_send_still_work(reviewer_api):
    ArticleFactory()
    ClaimFactory()
    for query in [
        "/api/ratings/?page=1&page_size=2&is_active=true&ordering=-order",
        "/api/articles/?ordering=-published_at&page_size=10&import_batch=1",
        "/api/users/?role=Editor",
        "/api/claims/?created_after=2020-01-01T00:00:00-22:30",  # a legal RFC 3339 offset
    ]:
        assert reviewer_api.get(query).status_code == 200, query


def test_messages_say_what_to_send(reviewer_api):
    assert (
        refused(reviewer_api.get("/api/ratings/?page=two"), "page") == "A page number: 1, 2, 3, ..."
    )
    message = refused(reviewer_api.get("/api/users/?role=Publisher"), "role")
    assert message == "One of: Reviewer, Editor, Admin."
    message = refused(reviewer_api.get("/api/ratings/?is_active=maybe"), "is_active")
    assert message == "Give true or false."


def test_a_page_past_the_last_is_a_404(reviewer_api):
    response = reviewer_api.get("/api/ratings/?page=99")
    assert response.status_code == 404 and response.json()["detail"] == "Invalid page."
