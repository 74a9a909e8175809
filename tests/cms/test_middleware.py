import threading
import time
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from claims.models import Annotation
from claims.services import workflow as services
from cms.models import IdempotencyKey
from cms.services import idempotency_keys_purge
from tests.conftest import token_client
from tests.factories import ClaimFactory, EditorFactory, ReviewerFactory

pytestmark = pytest.mark.django_db


def assigned_to(editor):
    # Notes come from the claim's assignee (or a reviewer): the editor works this claim.
    return ClaimFactory(status="assigned", assignee=editor)


def post_note(client, claim, body="Called the port.", key="k-1"):
    return client.post(
        f"/api/claims/{claim.pk}/annotations/", {"body": body}, HTTP_IDEMPOTENCY_KEY=key
    )


def test_a_retry_returns_the_first_response_and_does_not_run_twice(editor_api, editor):
    claim = assigned_to(editor)
    first = post_note(editor_api, claim)
    again = post_note(editor_api, claim)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Annotation.objects.filter(claim=claim).count() == 1


def test_a_refused_action_is_replayed_too(editor_api, editor):
    claim = ClaimFactory()
    path = f"/api/claims/{claim.pk}/assign/"
    first = editor_api.post(path, {"assignee": editor.pk}, HTTP_IDEMPOTENCY_KEY="a")
    again = editor_api.post(path, {"assignee": editor.pk}, HTTP_IDEMPOTENCY_KEY="a")
    assert first.status_code == again.status_code == 403
    assert again.json() == first.json()


def test_the_same_key_with_another_body_is_422(editor_api, editor):
    claim = assigned_to(editor)
    post_note(editor_api, claim, body="One")
    response = post_note(editor_api, claim, body="Two")
    assert response.status_code == 422
    assert "different request body" in response.json()["detail"]
    assert Annotation.objects.filter(claim=claim).count() == 1


def test_keys_are_scoped_per_caller(editor_api, editor):
    claim = assigned_to(editor)
    post_note(editor_api, claim)
    assert post_note(token_client(ReviewerFactory()), claim).status_code == 201
    assert Annotation.objects.count() == 2


def test_the_same_key_on_another_path_is_422_naming_the_first_request(editor_api, editor):
    claim, other_claim = assigned_to(editor), assigned_to(editor)
    assert post_note(editor_api, claim).status_code == 201
    response = post_note(editor_api, other_claim)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert f"POST /api/claims/{claim.pk}/annotations/" in detail and "new key" in detail
    assert not Annotation.objects.filter(claim=other_claim).exists()


def test_a_deactivated_user_gets_no_replay(editor_api, editor):
    claim = assigned_to(editor)
    assert post_note(editor_api, claim).status_code == 201
    editor.is_active = False
    editor.save(update_fields=["is_active"])
    response = post_note(editor_api, claim)
    assert response.status_code == 401
    assert "Idempotent-Replayed" not in response


def test_a_request_still_in_progress_is_409(editor_api, editor):
    claim = assigned_to(editor)
    now = timezone.now()
    first = post_note(editor_api, claim)
    row = IdempotencyKey.objects.get()
    IdempotencyKey.objects.filter(pk=row.pk).update(
        status=IdempotencyKey.Status.IN_PROGRESS, created_at=now
    )
    response = post_note(editor_api, claim)
    assert first.status_code == 201
    assert response.status_code == 409
    assert response["Retry-After"] == "1"


def test_an_expired_key_runs_again_and_purge_deletes_expired_keys(editor_api, editor):
    claim = assigned_to(editor)
    post_note(editor_api, claim)
    IdempotencyKey.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert post_note(editor_api, claim).status_code == 201
    assert Annotation.objects.filter(claim=claim).count() == 2
    IdempotencyKey.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert idempotency_keys_purge() == 1
    assert not IdempotencyKey.objects.exists()


def test_an_overlong_key_is_400(editor_api, editor):
    claim = assigned_to(editor)
    assert post_note(editor_api, claim, key="x" * 256).status_code == 400


def test_get_requests_ignore_the_header(editor_api):
    ClaimFactory()
    response = editor_api.get("/api/claims/", HTTP_IDEMPOTENCY_KEY="g")
    assert response.status_code == 200
    assert not IdempotencyKey.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_do_not_both_execute(monkeypatch):
    editor = EditorFactory()
    claim = assigned_to(editor)
    real = services.annotation_add

    def slow_annotation_add(**kwargs):
        time.sleep(0.5)
        return real(**kwargs)

    monkeypatch.setattr(services, "annotation_add", slow_annotation_add)
    statuses = []
    barrier = threading.Barrier(2)

    def send():
        try:
            client = token_client(editor)
            barrier.wait(5)
            statuses.append(post_note(client, claim, key="same").status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(15)
    assert sorted(statuses) == [201, 409]
    assert Annotation.objects.filter(claim=claim).count() == 1
