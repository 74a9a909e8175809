"""The JSON error shape (factcheck/api/errors.py): service errors by their class's status, Django's
validation and data errors as 400s; and the claims API answering with it."""

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as DRFValidationError

from claims.services.workflow import StaleClaim, TransitionRefused, WorkflowError
from factcheck.api.errors import (
    PermissionRefused,
    ServiceError,
    VersionConflict,
    api_exception_handler,
)
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


class Someone:
    def get_username(self):
        return "rita"


def answer(exc):
    response = api_exception_handler(exc, {})
    return response.status_code, response.data


def keeps(data, legacy):
    """The body is a problem (RFC 9457) and still has every member the pre-problem body had, so
    clients written against that body keep working."""
    assert data["type"] == "about:blank"
    assert isinstance(data["status"], int) and isinstance(data["title"], str)
    for key, value in legacy.items():
        assert data[key] == value, key
    return True


def test_a_service_error_is_400_naming_its_field():
    status, data = answer(ServiceError("Too long.", field="summary"))
    assert status == 400 and data["status"] == 400 and data["title"] == "Bad Request"
    assert keeps(data, {"detail": "Too long.", "summary": ["Too long."]})
    assert data["errors"] == {"summary": ["Too long."]} and data["code"] == "invalid"
    status, data = answer(ServiceError("No."))
    assert status == 400 and keeps(data, {"detail": "No."}) and "errors" not in data


def test_a_refusal_is_403_with_the_message_only():
    status, data = answer(PermissionRefused("Reviewers only.", field="x"))
    assert status == 403 and keeps(data, {"detail": "Reviewers only."})
    assert "x" not in data and "errors" not in data and data["code"] == "permission_denied"


def test_a_version_conflict_is_412_with_the_current_version_and_who_changed_it():
    class Stale(VersionConflict):
        current_version = 4
        changed_by = Someone()

    status, data = answer(Stale("Changed."))
    assert status == 412 and data["title"] == "Precondition Failed"
    assert keeps(data, {"detail": "Changed.", "current_version": 4, "changed_by": "rita"})
    status, data = answer(VersionConflict("Changed."))
    assert status == 412 and keeps(data, {"detail": "Changed.", "current_version": 0})
    assert "changed_by" not in data


def test_django_validation_and_data_errors_are_400():
    status, data = answer(DjangoValidationError({"url": ["Enter a valid URL."]}))
    assert status == 400
    assert data["url"] == ["Enter a valid URL."]
    assert data["errors"] == {"url": ["Enter a valid URL."]}
    assert data["detail"] == "url: Enter a valid URL."
    status, data = answer(DjangoValidationError("Bad."))
    assert status == 400 and keeps(data, {"detail": "Bad."})
    status, data = answer(DataError("integer out of range"))
    assert status == 400 and "out of range" in data["detail"]


def test_a_field_named_like_a_problem_member_is_only_in_errors():
    status, data = answer(DRFValidationError({"status": ["Select a valid choice."]}))
    assert status == 400 and data["status"] == 400
    assert data["errors"] == {"status": ["Select a valid choice."]}
    assert data["detail"] == "status: Select a valid choice."


def test_other_errors_are_left_to_drf_and_answered_as_problems():
    status, data = answer(NotFound("Nothing here."))
    assert status == 404 and keeps(data, {"detail": "Nothing here."})
    assert data["title"] == "Not Found" and data["code"] == "not_found"
    assert api_exception_handler(ValueError("bug"), {}) is None


def test_the_workflow_errors_carry_their_http_meaning():
    assert answer(WorkflowError("A note is required.", field="note"))[0] == 400
    assert answer(TransitionRefused("Only a reviewer may publish."))[0] == 403
    stale = StaleClaim("Changed.", changed_by=Someone(), current_version=3)
    status, data = answer(stale)
    assert status == 412
    assert keeps(data, {"detail": "Changed.", "current_version": 3, "changed_by": "rita"})


# --- the claims API ---------------------------------------------------------------------------


def test_patch_with_stale_etag_is_412_naming_who_changed_it(reviewer_api, reviewer):
    claim = ClaimFactory()
    first = reviewer_api.patch(
        f"/api/claims/{claim.pk}/", {"summary": "First"}, HTTP_IF_MATCH=f'W/"{claim.pk}-1"'
    )
    assert first.status_code == 200
    second = reviewer_api.patch(
        f"/api/claims/{claim.pk}/", {"summary": "Second"}, HTTP_IF_MATCH=f'W/"{claim.pk}-1"'
    )
    assert second.status_code == 412
    assert reviewer.username in second.json()["detail"]
    assert second.json()["current_version"] == 2


def test_wrong_state_is_403_with_message(reviewer_api):
    claim = ClaimFactory()
    response = reviewer_api.post(f"/api/claims/{claim.pk}/publish/")
    assert response.status_code == 403
    assert "only possible when it is in review" in response.json()["detail"]
