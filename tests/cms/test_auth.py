import pytest
from rest_framework.test import APIClient

from cms.models import ApiKey
from cms.services import api_key_revoke
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_api_key_is_stored_hashed_and_shown_once(api_key):
    key, raw = api_key
    assert raw.startswith("fck_")
    stored = ApiKey.objects.get(pk=key.pk)
    assert raw not in (stored.key_hash, stored.prefix)
    assert stored.prefix in raw


def test_api_key_reads_the_export_and_records_last_use(key_api, api_key, publish):
    publish()
    response = key_api.get("/api/export/claimreviews/")
    assert response.status_code == 200
    assert len(response.json()["items"]) == 1
    assert ApiKey.objects.get(pk=api_key[0].pk).last_used_at is not None


def test_api_key_reads_published_claims_only(key_api, publish):
    published = publish()
    draft = ClaimFactory()
    ids = [c["id"] for c in key_api.get("/api/claims/").json()["results"]]
    assert ids == [published.pk]
    assert key_api.get(f"/api/claims/{published.pk}/").status_code == 200
    assert key_api.get(f"/api/claims/{draft.pk}/").status_code == 404
    assert key_api.get(f"/api/claims/{published.pk}/claimreview/").status_code == 200


INTERNAL_FIELDS = {
    "assignee",
    "due_date",
    "dismiss_reason",
    "signals",
    "checkworthiness",
    "consistency",
    "consistency_flag",
    "available_transitions",
    "evidence",
    "annotations",
}


def test_api_key_sees_public_fields_only(key_api, publish, reviewer_api):
    published = publish(speaker="Harbour master")
    detail = key_api.get(f"/api/claims/{published.pk}/").json()
    [listed] = key_api.get("/api/claims/").json()["results"]
    for body in (detail, listed):
        assert not INTERNAL_FIELDS & set(body), body
        assert body["id"] == published.pk and body["rating"]["label"] == "Mostly false"
        assert body["speaker"] == "Harbour master" and body["summary"]
    # The newsroom still sees them.
    assert INTERNAL_FIELDS - {"evidence", "annotations"} <= set(
        reviewer_api.get("/api/claims/").json()["results"][0]
    )


def test_api_key_cannot_filter_or_order_by_internal_fields(key_api, publish, editor):
    first, second = publish(), publish()
    assert key_api.get("/api/claims/?ordering=checkworthiness").status_code == 400
    # Internal filters are not offered to keys: the parameter is ignored, like any unknown one.
    ids = [c["id"] for c in key_api.get(f"/api/claims/?assignee={editor.pk}").json()["results"]]
    assert ids == [second.pk, first.pk]
    page = key_api.get("/api/claims/?page_size=1").json()
    assert "ordering" not in page["next"]
    assert [c["id"] for c in key_api.get(page["next"]).json()["results"]] == [first.pk]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/users/"),
        ("get", "/api/ratings/"),
        ("get", "/api/articles/"),
        ("get", "/api/schema/"),
        ("get", "/api/claims/{pk}/annotations/"),
        ("get", "/api/claims/{pk}/history/"),
        ("post", "/api/claims/{pk}/publish/"),
        ("post", "/api/claims/{pk}/annotations/"),
        ("patch", "/api/claims/{pk}/"),
    ],
)
def test_api_key_reaches_nothing_else(key_api, publish, method, path):
    claim = publish()
    response = getattr(key_api, method)(path.format(pk=claim.pk), {})
    assert response.status_code == 403, response.content
    if response["Content-Type"].startswith("application/json"):
        assert "export" in response.json()["detail"]


def test_revoked_or_unknown_key_is_401(key_api, api_key):
    api_key_revoke(api_key=api_key[0])
    assert key_api.get("/api/export/claimreviews/").status_code == 401
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Api-Key fck_nothing_here")
    assert client.get("/api/export/claimreviews/").status_code == 401
