"""GET /api/notifications/ and marking read: each user sees and marks only their own."""

from __future__ import annotations

import pytest

from claims.models import Notification
from claims.services.workflow import claim_assign
from tests.conftest import token_client
from tests.factories import ClaimFactory, EditorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assigned(reviewer, editor):
    return [claim_assign(claim=ClaimFactory(), actor=reviewer, assignee=editor) for _ in range(3)]


def test_the_list_shows_my_notifications_newest_first_with_kind_claim_text_time_and_read_flag(
    editor_api, assigned, reviewer
):
    response = editor_api.get("/api/notifications/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    first = body["results"][0]
    assert first["kind"] == "assigned"
    assert first["claim"] == assigned[-1].pk
    assert first["text"].startswith(f"{reviewer.username} assigned you claim #{assigned[-1].pk}")
    assert first["read"] is False
    assert first["created_at"]
    assert [r["claim"] for r in body["results"]] == [c.pk for c in reversed(assigned)]


def test_the_list_is_paginated(editor_api, assigned):
    body = editor_api.get("/api/notifications/", {"page_size": 2}).json()
    assert len(body["results"]) == 2
    assert body["next"]
    assert len(editor_api.get(body["next"]).json()["results"]) == 1


def test_nobody_sees_or_marks_another_users_notifications(assigned, editor):
    other = token_client(EditorFactory())
    assert other.get("/api/notifications/").json()["count"] == 0
    mine = Notification.objects.filter(recipient=editor).first()
    assert other.get(f"/api/notifications/{mine.pk}/").status_code == 404
    response = other.post(f"/api/notifications/{mine.pk}/read/", {}, format="json")
    assert response.status_code == 404
    mine.refresh_from_db()
    assert mine.read_at is None


def test_marking_one_read_then_unread(editor_api, assigned, editor):
    n = Notification.objects.filter(recipient=editor).first()
    response = editor_api.post(f"/api/notifications/{n.pk}/read/", {}, format="json")
    assert response.status_code == 200
    assert response.json()["read"] is True
    unread = editor_api.get("/api/notifications/", {"unread": "true"}).json()
    assert unread["count"] == 2
    response = editor_api.post(f"/api/notifications/{n.pk}/read/", {"read": False}, format="json")
    assert response.json()["read"] is False
    assert editor_api.get("/api/notifications/", {"unread": "true"}).json()["count"] == 3


def test_mark_all_read(editor_api, assigned):
    response = editor_api.post("/api/notifications/read-all/", {}, format="json")
    assert response.json() == {"marked_read": 3}
    assert editor_api.get("/api/notifications/", {"unread": "true"}).json()["count"] == 0
    assert editor_api.post("/api/notifications/read-all/").json() == {"marked_read": 0}


def test_bad_input_is_a_400_naming_the_field(editor_api, assigned):
    response = editor_api.get("/api/notifications/", {"unread": "maybe"})
    assert response.status_code == 400
    assert "unread" in response.json()
    response = editor_api.put(
        "/api/notifications/preferences/", {"email": "hourly", "chat": "off"}, format="json"
    )
    assert response.status_code == 400
    assert "email" in response.json()


def test_preferences_default_to_instant_and_can_be_set(editor_api, editor):
    assert editor_api.get("/api/notifications/preferences/").json() == {
        "email": "instant",
        "chat": "instant",
    }
    response = editor_api.put(
        "/api/notifications/preferences/", {"email": "digest", "chat": "off"}, format="json"
    )
    assert response.status_code == 200
    editor.notification_preference.refresh_from_db()
    assert (editor.notification_preference.email, editor.notification_preference.chat) == (
        "digest",
        "off",
    )


def test_an_api_key_has_no_inbox(key_api):
    assert key_api.get("/api/notifications/").status_code in (401, 403)


def test_the_list_costs_a_fixed_number_of_queries(
    editor_api, reviewer, editor, django_assert_num_queries
):
    def assign(n: int) -> None:
        for _ in range(n):
            claim_assign(claim=ClaimFactory(), actor=reviewer, assignee=editor)

    assign(2)
    # The token's first request also writes its last_used_at (at most once a minute, see
    # claims.accounts.tokens): made here, so the pins count what every later request costs.
    assert editor_api.get("/api/notifications/").status_code == 200
    # the token with its user, roles and permissions (one query), count, page with its claims:
    # the same for 2 rows as for 12
    with django_assert_num_queries(3):
        assert len(editor_api.get("/api/notifications/").json()["results"]) == 2
    assign(10)
    with django_assert_num_queries(3):
        assert len(editor_api.get("/api/notifications/").json()["results"]) == 12
