"""Fixtures for the API tests: token-authenticated clients per role, and an export API key."""

from __future__ import annotations

import os

import pytest

# Read by the celery worker subprocess (started later, with a copy of this environment).
os.environ.setdefault("FACTCHECK_WEBHOOK_RETRY_BASE_SECONDS", "1")


def token_client(user):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def reviewer():
    from tests.factories import ReviewerFactory

    return ReviewerFactory(first_name="Rita", last_name="Reviewer")


@pytest.fixture
def editor():
    from tests.factories import EditorFactory

    return EditorFactory(first_name="Ed", last_name="Editor")


@pytest.fixture
def reviewer_api(reviewer):
    return token_client(reviewer)


@pytest.fixture
def editor_api(editor):
    return token_client(editor)


@pytest.fixture
def api_key(reviewer):
    from cms.services import api_key_create

    key, raw = api_key_create(name="CMS", created_by=reviewer)
    return key, raw


@pytest.fixture
def key_api(api_key):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {api_key[1]}")
    return client


def ready_for_review(claim, editor, reviewer, label="Mostly false"):
    from claims.services.workflow import claim_assign, claim_start, claim_update, evidence_add
    from tests.factories import rating

    claim = claim_assign(claim=claim, actor=reviewer, assignee=editor)
    claim = claim_start(claim=claim, actor=editor)
    claim = evidence_add(
        claim=claim, actor=editor, url="https://stats.example/ports", stance="refutes"
    ).claim
    return claim_update(
        claim=claim,
        actor=editor,
        expected_version=claim.version,
        rating=rating(label),
        summary="The port handled 3.9 million containers, not 4.2 million.",
    )


def published_claim(editor, reviewer, label="Mostly false", **claim_kwargs):
    from claims.services.workflow import claim_publish, claim_submit
    from tests.factories import ClaimFactory

    claim = ready_for_review(ClaimFactory(**claim_kwargs), editor, reviewer, label)
    claim = claim_submit(claim=claim, actor=editor)
    return claim_publish(claim=claim, actor=reviewer)


@pytest.fixture
def publish(editor, reviewer):
    def _publish(label="Mostly false", **claim_kwargs):
        return published_claim(editor, reviewer, label, **claim_kwargs)

    return _publish
