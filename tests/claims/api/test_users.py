"""/api/users/ (claims/api/users.py)."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_users_list_gives_id_username_full_name_and_roles(reviewer_api, reviewer, editor):
    UserFactory(is_active=False)
    response = reviewer_api.get("/api/users/?role=Editor")
    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "id": editor.pk,
            "username": editor.username,
            "full_name": "Ed Editor",
            "roles": ["Editor"],
        }
    ]
