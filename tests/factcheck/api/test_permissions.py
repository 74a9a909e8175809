"""Who may use the API (factcheck/api/permissions.py and the authentication classes in settings):
newsroom roles by token or session, nobody anonymous, nobody without a role."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from rest_framework.test import APIClient

from claims.roles import ADMIN
from tests.conftest import token_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_nothing_is_served_to_anonymous_clients(client):
    for path in [
        "/api/",
        "/api/claims/",
        "/api/schema/",
        "/api/docs/",
        "/api/export/claimreviews/",
    ]:
        assert client.get(path).status_code in (401, 403), path


def test_user_without_a_role_sees_no_claims():
    response = token_client(UserFactory()).get("/api/claims/")
    assert response.status_code == 403


def test_admin_role_may_read_claims():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=ADMIN))
    assert token_client(user).get("/api/claims/").status_code == 200


def test_session_authentication_works(client, reviewer):
    client.force_login(reviewer)
    assert client.get("/api/claims/").status_code == 200


def test_api_token_create_gives_a_working_token(reviewer, capsys):
    call_command("api_token_create", reviewer.username)
    token = capsys.readouterr().out.strip()  # the key alone on stdout
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/claims/").status_code == 200


def test_bad_token_is_401(client):
    response = client.get("/api/claims/", HTTP_AUTHORIZATION="Token nope")
    assert response.status_code == 401


def test_schema_and_docs_need_a_login(client, reviewer):
    assert client.get("/api/schema/").status_code in (401, 403)
    assert client.get("/api/docs/").status_code in (401, 403)
    client.force_login(reviewer)
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200
