"""ETags and the conditional headers (factcheck/api/etags.py): the functions, and the claims
API that uses them (If-None-Match on a read, If-Match on an edit or a workflow action)."""

import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from claims.models import ClaimStatus
from factcheck.api.etags import (
    PreconditionFailed,
    PreconditionRequired,
    expected_version,
    if_none_match_hits,
    representation_etag,
    version_etag,
)
from tests.factories import AnnotationFactory, ClaimFactory, EvidenceFactory

pytestmark = pytest.mark.django_db


class Row:
    pk = 7
    version = 3


def request_with(**headers):
    return Request(APIRequestFactory().get("/", **headers))


def test_a_version_tag_is_weak_and_names_id_and_version():
    assert version_etag(Row()) == 'W/"7-3"'


def test_a_representation_tag_adds_a_digest_of_the_data():
    first = representation_etag(Row(), {"summary": "a"})
    assert first.startswith('W/"7-3-') and first.endswith('"')
    assert first == representation_etag(Row(), {"summary": "a"})
    assert first != representation_etag(Row(), {"summary": "b"})


def test_if_match_is_read_with_djangos_parser():
    assert (
        expected_version(request_with(HTTP_IF_MATCH='W/"7-3"'), 7, noun="row", required=True) == 3
    )
    # A list passes when any tag names the current version; a digest suffix is allowed.
    header = '"7-1", W/"7-3-0123abcd"'
    assert (
        expected_version(
            request_with(HTTP_IF_MATCH=header), 7, noun="row", required=True, current=3
        )
        == 3
    )
    assert expected_version(request_with(HTTP_IF_MATCH=" * "), 7, noun="row", required=True) is None
    assert expected_version(request_with(), 7, noun="row", required=False) is None


@pytest.mark.parametrize("header", ['W/"8-3"', "7-3", '"7-x"', "W/", '"7-3'])
def test_an_if_match_naming_no_version_of_this_row_is_412(header):
    with pytest.raises(PreconditionFailed, match="this row's ETag"):
        expected_version(request_with(HTTP_IF_MATCH=header), 7, noun="row", required=False)


def test_a_missing_if_match_is_428_when_required():
    with pytest.raises(PreconditionRequired):
        expected_version(request_with(), 7, noun="row", required=True)


def test_if_none_match_compares_weakly():
    etag = 'W/"7-3-abc"'
    assert if_none_match_hits(request_with(HTTP_IF_NONE_MATCH='"7-3-abc"'), etag)
    assert if_none_match_hits(request_with(HTTP_IF_NONE_MATCH='"1-1", W/"7-3-abc"'), etag)
    assert if_none_match_hits(request_with(HTTP_IF_NONE_MATCH="*"), etag)
    assert not if_none_match_hits(request_with(HTTP_IF_NONE_MATCH='W/"7-3"'), etag)
    assert not if_none_match_hits(request_with(), etag)


# --- the claims API ---------------------------------------------------------------------------


def test_retrieve_has_evidence_annotations_and_an_etag(reviewer_api):
    claim = ClaimFactory()
    EvidenceFactory(claim=claim)
    AnnotationFactory(claim=claim)
    response = reviewer_api.get(f"/api/claims/{claim.pk}/")
    assert response.status_code == 200
    assert response["ETag"].startswith(f'W/"{claim.pk}-1-')
    body = response.json()
    assert len(body["evidence"]) == 1 and len(body["annotations"]) == 1


def test_if_none_match_gives_304_while_unchanged(reviewer_api):
    claim = ClaimFactory()
    etag = reviewer_api.get(f"/api/claims/{claim.pk}/")["ETag"]
    response = reviewer_api.get(f"/api/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag
    listed = reviewer_api.get(f"/api/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=f'"x", {etag}')
    assert listed.status_code == 304
    assert reviewer_api.get(f"/api/claims/{claim.pk}/", HTTP_IF_NONE_MATCH="*").status_code == 304
    other = reviewer_api.get(f"/api/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=f'W/"{claim.pk}-1"')
    assert other.status_code == 200


@pytest.mark.parametrize(
    ("path", "body", "nested"),
    [
        ("evidence", {"url": "https://stats.example/ports", "stance": "refutes"}, "evidence"),
        ("annotations", {"body": "Called the port authority."}, "annotations"),
    ],
)
def test_adding_evidence_or_a_note_changes_the_etag(reviewer_api, path, body, nested):
    claim = ClaimFactory()
    old = reviewer_api.get(f"/api/claims/{claim.pk}/")
    assert old.json()[nested] == []
    added = reviewer_api.post(f"/api/claims/{claim.pk}/{path}/", body)
    assert added.status_code == 201, added.content
    response = reviewer_api.get(f"/api/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=old["ETag"])
    assert response.status_code == 200
    assert [row["id"] for row in response.json()[nested]] == [added.json()["id"]]
    assert response["ETag"] != old["ETag"]
    again = reviewer_api.get(f"/api/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_removing_evidence_changes_the_etag(reviewer_api):
    claim = ClaimFactory()
    evidence = EvidenceFactory(claim=claim)
    old = reviewer_api.get(f"/api/claims/{claim.pk}/")["ETag"]
    assert reviewer_api.delete(f"/api/evidence/{evidence.pk}/").status_code == 204
    response = reviewer_api.get(f"/api/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=old)
    assert response.status_code == 200 and response.json()["evidence"] == []


def test_the_etag_of_a_get_is_accepted_as_if_match(reviewer_api):
    claim = ClaimFactory()
    etag = reviewer_api.get(f"/api/claims/{claim.pk}/")["ETag"]
    response = reviewer_api.patch(f"/api/claims/{claim.pk}/", {"summary": "x"}, HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    stale = reviewer_api.patch(f"/api/claims/{claim.pk}/", {"summary": "y"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412


def test_if_match_star_passes_for_an_existing_claim(reviewer_api, editor):
    claim = ClaimFactory()
    response = reviewer_api.patch(f"/api/claims/{claim.pk}/", {"summary": "x"}, HTTP_IF_MATCH="*")
    assert response.status_code == 200, response.content
    action = reviewer_api.post(
        f"/api/claims/{claim.pk}/assign/", {"assignee": editor.username}, HTTP_IF_MATCH="*"
    )
    assert action.status_code == 200, action.content
    missing = reviewer_api.patch("/api/claims/999999999/", {"summary": "x"}, HTTP_IF_MATCH="*")
    assert missing.status_code == 404


def test_if_match_list_passes_when_one_tag_is_current(reviewer_api):
    claim = ClaimFactory()
    header = f'W/"{claim.pk}-7", W/"{claim.pk}-1"'
    response = reviewer_api.patch(
        f"/api/claims/{claim.pk}/", {"summary": "x"}, HTTP_IF_MATCH=header
    )
    assert response.status_code == 200, response.content


def test_patch_needs_if_match(reviewer_api):
    claim = ClaimFactory()
    response = reviewer_api.patch(f"/api/claims/{claim.pk}/", {"summary": "x"})
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]


def test_patch_with_current_etag_updates_and_returns_the_new_etag(reviewer_api):
    claim = ClaimFactory()
    response = reviewer_api.patch(
        f"/api/claims/{claim.pk}/",
        {"summary": "Port figures are from 2021.", "rating": "False"},
        HTTP_IF_MATCH=f'W/"{claim.pk}-1"',
    )
    assert response.status_code == 200, response.content
    assert response["ETag"].startswith(f'W/"{claim.pk}-2-')
    assert response.json()["rating"]["label"] == "False"
    assert response.json()["summary"] == "Port figures are from 2021."


def test_patch_with_etag_of_another_claim_is_412(reviewer_api):
    claim, other = ClaimFactory(), ClaimFactory()
    response = reviewer_api.patch(
        f"/api/claims/{claim.pk}/", {"summary": "x"}, HTTP_IF_MATCH=f'W/"{other.pk}-1"'
    )
    assert response.status_code == 412


def test_action_with_stale_if_match_is_412_and_does_nothing(reviewer_api, editor):
    claim = ClaimFactory()
    reviewer_api.post(f"/api/claims/{claim.pk}/assign/", {"assignee": editor.pk})
    response = reviewer_api.post(
        f"/api/claims/{claim.pk}/dismiss/", {"reason": "x"}, HTTP_IF_MATCH=f'W/"{claim.pk}-1"'
    )
    assert response.status_code == 412
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.ASSIGNED


def test_action_with_current_if_match_succeeds(reviewer_api):
    claim = ClaimFactory()
    response = reviewer_api.post(
        f"/api/claims/{claim.pk}/dismiss/", {"reason": "x"}, HTTP_IF_MATCH=f'W/"{claim.pk}-1"'
    )
    assert response.status_code == 200
