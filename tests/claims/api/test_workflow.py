import datetime

import pytest
from django.utils import timezone

from claims.models import Annotation, ClaimStatus, PublicationEvent
from tests.conftest import ready_for_review
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_reviewer_assigns_by_username_with_due_date(reviewer_api, editor):
    claim = ClaimFactory()
    due = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = reviewer_api.post(
        f"/api/claims/{claim.pk}/assign/", {"assignee": editor.username, "due": due}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "assigned"
    assert body["assignee"]["username"] == editor.username
    assert body["due_date"] == due
    assert response["ETag"].startswith(f'W/"{claim.pk}-2-')


def test_assign_by_id_works(reviewer_api, editor):
    claim = ClaimFactory()
    response = reviewer_api.post(f"/api/claims/{claim.pk}/assign/", {"assignee": editor.pk})
    assert response.status_code == 200
    assert response.json()["assignee"]["id"] == editor.pk


def test_assigning_a_user_without_role_is_400_on_the_assignee_field(reviewer_api):
    claim = ClaimFactory()
    nobody = UserFactory()
    response = reviewer_api.post(f"/api/claims/{claim.pk}/assign/", {"assignee": nobody.username})
    assert response.status_code == 400
    assert "neither an editor nor a reviewer" in response.json()["assignee"][0]


def test_assigning_an_unknown_user_is_400(reviewer_api):
    claim = ClaimFactory()
    response = reviewer_api.post(f"/api/claims/{claim.pk}/assign/", {"assignee": "ghost"})
    assert response.status_code == 400
    assert "assignee" in response.json()


def test_past_due_date_is_400_on_due(reviewer_api, editor):
    claim = ClaimFactory()
    response = reviewer_api.post(
        f"/api/claims/{claim.pk}/assign/", {"assignee": editor.username, "due": "2001-01-01"}
    )
    assert response.status_code == 400
    assert "due" in response.json()


def test_editor_cannot_assign_gets_403_with_the_service_message(editor_api, editor):
    claim = ClaimFactory()
    response = editor_api.post(f"/api/claims/{claim.pk}/assign/", {"assignee": editor.username})
    assert response.status_code == 403
    body = response.json()  # a problem (RFC 9457): the service's message, and nothing else
    assert body["detail"] == "Only a reviewer may assign a claim."
    assert set(body) == {"type", "title", "status", "detail", "code"}
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.NEW


def test_full_workflow_over_the_api(reviewer_api, editor_api, editor):
    claim = ClaimFactory()
    assigned = reviewer_api.post(f"/api/claims/{claim.pk}/assign/", {"assignee": editor.pk})
    assert assigned.status_code == 200
    assert editor_api.post(f"/api/claims/{claim.pk}/start/").status_code == 200
    refused = editor_api.post(f"/api/claims/{claim.pk}/submit/")
    assert refused.status_code == 403
    assert "add a rating, a summary, at least one evidence source" in refused.json()["detail"]

    evidence = editor_api.post(
        f"/api/claims/{claim.pk}/evidence/",
        {"url": "https://stats.example/ports", "stance": "refutes", "title": "Port table"},
    )
    assert evidence.status_code == 201, evidence.content
    etag = editor_api.get(f"/api/claims/{claim.pk}/")["ETag"]
    patched = editor_api.patch(
        f"/api/claims/{claim.pk}/",
        {"rating": "Mostly false", "summary": "3.9 million, not 4.2 million."},
        HTTP_IF_MATCH=etag,
    )
    assert patched.status_code == 200
    submitted = editor_api.post(f"/api/claims/{claim.pk}/submit/")
    assert submitted.json()["status"] == "in_review"
    assert submitted.json()["available_transitions"] == []

    sent_back = reviewer_api.post(f"/api/claims/{claim.pk}/send-back/", {"note": "Cite 2023."})
    assert sent_back.json()["status"] == "in_progress"
    editor_api.post(f"/api/claims/{claim.pk}/submit/")
    published = reviewer_api.post(f"/api/claims/{claim.pk}/publish/")
    assert published.json()["status"] == "published"
    assert published.json()["available_transitions"] == [
        "reopen",
        "unpublish",
        "correct",
        "confirm_verdict",
    ]
    assert PublicationEvent.objects.filter(claim=claim).count() == 1

    reopened = reviewer_api.post(f"/api/claims/{claim.pk}/reopen/", {"note": "New figures."})
    assert reopened.json()["status"] == "in_progress"
    kinds = list(Annotation.objects.filter(claim=claim).values_list("kind", flat=True))
    assert kinds == ["send_back", "reopen"]


def test_send_back_without_note_is_400_on_note(reviewer, reviewer_api, editor):
    from claims.services.workflow import claim_submit

    claim = ready_for_review(ClaimFactory(), editor, reviewer)
    claim_submit(claim=claim, actor=editor)
    response = reviewer_api.post(f"/api/claims/{claim.pk}/send-back/", {"note": "  "})
    assert response.status_code == 400
    assert response.json()["note"] == ["A note is required."]


def test_dismiss_needs_a_reason_and_records_it(reviewer_api):
    claim = ClaimFactory()
    assert reviewer_api.post(f"/api/claims/{claim.pk}/dismiss/", {}).status_code == 400
    response = reviewer_api.post(f"/api/claims/{claim.pk}/dismiss/", {"reason": "Opinion."})
    assert response.status_code == 200
    assert response.json()["status"] == "dismissed"
    assert response.json()["dismiss_reason"] == "Opinion."


def test_unpublish_records_a_publication_event(reviewer_api, publish):
    claim = publish()
    response = reviewer_api.post(f"/api/claims/{claim.pk}/unpublish/", {"note": "Wrong source."})
    assert response.status_code == 200
    assert response.json()["status"] == "in_review"
    assert list(PublicationEvent.objects.values_list("kind", flat=True)) == [
        "published",
        "unpublished",
    ]


def test_action_on_a_missing_claim_is_404(reviewer_api):
    assert reviewer_api.post("/api/claims/987654321/start/").status_code == 404


# --- Corrections of published verdicts: POST /correct/ and /confirm-verdict/ ---


@pytest.fixture
def published(editor, reviewer):
    from tests.conftest import published_claim

    return published_claim(editor, reviewer, label="Mostly false")


def test_a_reviewer_publishes_a_correction_with_if_match(reviewer_api, published):
    etag = reviewer_api.get(f"/api/claims/{published.pk}/")["ETag"]
    response = reviewer_api.post(
        f"/api/claims/{published.pk}/correct/",
        {"rating": "False", "note": "The office revised its count."},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "published"
    assert body["rating"]["label"] == "False"
    assert response["ETag"].startswith(f'W/"{published.pk}-{published.version + 1}-')
    event = PublicationEvent.objects.filter(claim=published).latest("id")
    assert (event.kind, event.previous_rating.label, event.note) == (
        "corrected",
        "Mostly false",
        "The office revised its count.",
    )


def test_a_stale_if_match_on_a_correction_is_412_and_nothing_changes(reviewer_api, published):
    etag = reviewer_api.get(f"/api/claims/{published.pk}/")["ETag"]
    first = reviewer_api.post(
        f"/api/claims/{published.pk}/confirm-verdict/", {}, format="json", HTTP_IF_MATCH=etag
    )
    assert first.status_code == 200, first.content
    stale = reviewer_api.post(
        f"/api/claims/{published.pk}/correct/",
        {"rating": "False", "note": "Revised."},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert stale.status_code == 412
    assert "This claim was changed by" in stale.json()["detail"]
    assert PublicationEvent.objects.filter(claim=published).count() == 1


def test_an_editor_may_not_correct_or_confirm_403_problem(editor_api, published):
    for path, data in [
        ("correct", {"rating": "False", "note": "Revised."}),
        ("confirm-verdict", {"note": "Fine."}),
    ]:
        response = editor_api.post(f"/api/claims/{published.pk}/{path}/", data, format="json")
        assert response.status_code == 403, response.content
        body = response.json()
        assert body["status"] == 403
        assert body["detail"].startswith("Only a reviewer may ")
        assert response["Content-Type"].startswith("application/problem+json")
    published.refresh_from_db()
    assert published.rating.label == "Mostly false"
    assert PublicationEvent.objects.filter(claim=published).count() == 1


def test_a_claim_not_published_cannot_be_corrected_and_says_why(reviewer_api, editor, reviewer):
    claim = ready_for_review(ClaimFactory(), editor, reviewer)
    response = reviewer_api.post(
        f"/api/claims/{claim.pk}/correct/", {"rating": "False", "note": "Revised."}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Cannot publish a correction: the claim is in progress; "
        "this is only possible when it is published."
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"rating": "False", "note": ""}, "note"),
        ({"rating": "False"}, "note"),
        ({"note": "Nothing changed."}, "rating"),
        ({"rating": "Nonsense", "note": "Revised."}, "rating"),
        ({"summary": "", "note": "Revised."}, "summary"),
    ],
)
def test_a_bad_correction_is_400_on_its_field(reviewer_api, published, data, field):
    response = reviewer_api.post(f"/api/claims/{published.pk}/correct/", data, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()
    assert PublicationEvent.objects.filter(claim=published).count() == 1


def test_verdict_stands_over_the_api_is_recorded_in_the_notes(reviewer_api, published):
    response = reviewer_api.post(
        f"/api/claims/{published.pk}/confirm-verdict/",
        {"note": "The office confirmed the count."},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "published"
    kinds = list(Annotation.objects.filter(claim=published).values_list("kind", "body"))
    assert kinds == [("confirm", "The office confirmed the count.")]
    assert PublicationEvent.objects.filter(claim=published).count() == 1
