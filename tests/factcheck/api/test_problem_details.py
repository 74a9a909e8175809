"""Every error under /api/ is one JSON shape, RFC 9457 problem details (factcheck/api/errors.py,
middleware.py, handlers.py): real requests for each status, with DEBUG off and on (Django's own
debug pages for 404 and 500 are HTML; under /api/ they must not be)."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework.throttling import UserRateThrottle

from claims.api.ratings import RatingViewSet
from cms.models import IdempotencyKey
from tests.conftest import token_client
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request, settings):
    settings.DEBUG = request.param
    return request.param


def problem(response, status):
    """The response is a problem with `status`; its body."""
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == PROBLEM
    body = json.loads(response.content)
    assert body["type"] == "about:blank"
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["code"]
    return body


def test_400_names_the_query_parameter(debug, reviewer_api):
    body = problem(reviewer_api.get("/api/claims/?status=bogus"), 400)
    assert body["errors"] == {"status": [body["errors"]["status"][0]]}
    assert body["detail"].startswith("status: Select a valid choice.")
    body = problem(reviewer_api.get("/api/ratings/?page_size=ten"), 400)
    assert body["page_size"] == ["A whole number from 1 to 200."]


def test_400_for_a_host_this_server_does_not_answer_to(debug, reviewer_api):
    body = problem(reviewer_api.get("/api/claims/", HTTP_HOST="evil.example"), 400)
    assert body["code"] == "bad_host" and "Host header" in body["detail"]


def test_400_for_malformed_json(debug, reviewer_api):
    response = reviewer_api.post("/api/articles/", "{not json", content_type="application/json")
    assert "JSON parse error" in problem(response, 400)["detail"]


def test_401_without_or_with_bad_credentials(debug, reviewer):
    response = APIClient().get("/api/claims/")
    assert problem(response, 401)["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == "Token"
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert problem(client.get("/api/claims/"), 401)["detail"] == "Unknown or revoked token."


def test_403_for_a_user_without_a_role(debug):
    body = problem(token_client(UserFactory()).get("/api/claims/"), 403)
    assert "no newsroom role" in body["detail"]


@pytest.mark.parametrize(
    "path", ["/api/claims/999999999/", "/api/claims/-1/", "/api/no-such-thing/", "/api/claims/x"]
)
def test_404_for_a_missing_row_or_a_path_no_route_matches(debug, reviewer_api, path):
    body = problem(reviewer_api.get(path), 404)
    assert body["detail"] in {"No Claim matches the given query.", f"No API route for {path}."}


def test_404_is_json_even_for_a_browser(debug, reviewer_api):
    response = reviewer_api.get("/api/claims/999999999/", HTTP_ACCEPT="text/html")
    assert problem(response, 404)["detail"] == "No Claim matches the given query."


def test_405_names_the_allowed_methods(debug, reviewer_api):
    claim = ClaimFactory()
    response = reviewer_api.delete(f"/api/claims/{claim.pk}/")
    assert problem(response, 405)["detail"] == 'Method "DELETE" not allowed.'
    assert "PATCH" in response["Allow"]


def test_409_while_the_first_request_with_a_key_still_runs(debug, editor_api, editor):
    claim = ClaimFactory(status="assigned", assignee=editor)
    path = f"/api/claims/{claim.pk}/annotations/"
    editor_api.post(path, {"body": "Called the port."}, HTTP_IDEMPOTENCY_KEY="k")
    IdempotencyKey.objects.update(
        status=IdempotencyKey.Status.IN_PROGRESS, created_at=timezone.now() - timedelta(seconds=1)
    )
    response = editor_api.post(path, {"body": "Called the port."}, HTTP_IDEMPOTENCY_KEY="k")
    assert "still being processed" in problem(response, 409)["detail"]
    assert response["Retry-After"] == "1"


def test_412_for_a_stale_if_match_keeps_current_version(debug, reviewer_api):
    claim = ClaimFactory()
    etag = f'W/"{claim.pk}-1"'
    first = reviewer_api.patch(f"/api/claims/{claim.pk}/", {"summary": "A"}, HTTP_IF_MATCH=etag)
    assert first.status_code == 200
    response = reviewer_api.patch(f"/api/claims/{claim.pk}/", {"summary": "B"}, HTTP_IF_MATCH=etag)
    body = problem(response, 412)
    assert body["current_version"] == 2 and body["changed_by"]


def test_415_for_a_body_that_is_not_json(debug, reviewer_api):
    response = reviewer_api.post("/api/articles/", "title,body", content_type="text/csv")
    assert problem(response, 415)["code"] == "unsupported_media_type"


def test_428_without_if_match(debug, reviewer_api):
    claim = ClaimFactory()
    body = problem(reviewer_api.patch(f"/api/claims/{claim.pk}/", {"summary": "A"}), 428)
    assert "If-Match" in body["detail"]


class OnePerMinute(UserRateThrottle):
    rate = "1/min"
    scope = "problem-details-test"


def test_429_with_retry_after(debug, reviewer_api, monkeypatch, settings):
    # A real throttle (Django's cache) on a real view: the second request within the minute.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    monkeypatch.setattr(RatingViewSet, "throttle_classes", [OnePerMinute])
    assert reviewer_api.get("/api/ratings/").status_code == 200
    response = reviewer_api.get("/api/ratings/")
    assert "throttled" in problem(response, 429)["detail"]
    assert int(response["Retry-After"]) > 0


def test_500_is_a_problem_without_a_traceback(debug, reviewer_api, monkeypatch):
    # Fault injection: a bug in a view. DEBUG on would show Django's HTML traceback page.
    def broken(self):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(RatingViewSet, "get_queryset", broken)
    response = reviewer_api.get("/api/ratings/")
    body = problem(response, 500)
    assert "secret" not in response.content.decode()
    assert body["detail"] == "The server failed to handle this request; it has been logged."


def test_pages_outside_the_api_keep_django_s_html(debug, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
