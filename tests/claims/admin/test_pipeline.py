"""The admin's pipeline page (claims/admin/pipeline.py): what waits, since when, and the workers."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticleExtraction
from claims.models import Claim, PublicationEvent
from cms.models import WebhookDelivery, WebhookEndpoint
from factcheck import health
from tests.claims.admin.support import client_for
from tests.factories import ArticleFactory, ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def heartbeats(settings):
    settings.FACTCHECK_WORKER_HEARTBEAT_SECONDS = 10
    health.broker_client().delete(health.HEARTBEAT_KEY)
    yield
    health.broker_client().delete(health.HEARTBEAT_KEY)


def test_the_page_shows_each_backlog_its_oldest_item_and_the_workers(
    client, reviewer, heartbeats, django_assert_num_queries
):
    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    waiting = ArticleFactory(extraction_status="pending")
    ArticleExtraction.objects.filter(pk=waiting.pk).update(queued_at=an_hour_ago)
    ArticleFactory(extraction_status="done")
    owed = ClaimFactory()
    Claim.objects.filter(pk=owed.pk).update(matching_queued_at=an_hour_ago)
    ClaimFactory()  # matched
    endpoint = WebhookEndpoint.objects.create(name="CMS", url="https://cms.example/", secret="s")
    event = PublicationEvent.objects.create(claim=owed, kind="published")
    WebhookDelivery.objects.create(
        endpoint=endpoint,
        publication_event=event,
        event_type="claim.published",
        next_attempt_at=an_hour_ago,
    )
    health.heartbeat_write("worker@host")
    health.broker_client().hset(health.HEARTBEAT_KEY, "old@host", f"{time.time() - 300:.3f}")
    c = client_for(client, reviewer)

    # Session, user, the user's group names (roles, read once per request), the two-factor
    # check's confirmed-device lookup, the user's two permission queries, the notification
    # bell's unread count, and one query per backlog (three).
    with django_assert_num_queries(10):
        response = c.get(reverse("admin:pipeline"))

    assert response.status_code == 200
    rows = {r["backlog"].queue: r["backlog"] for r in response.context["fc_pipeline"]["rows"]}
    assert {k: (b.count, b.oldest) for k, b in rows.items()} == {
        "extraction": (1, an_hour_ago),
        "matching": (1, an_hour_ago),
        "webhooks": (1, an_hour_ago),
    }
    html = response.content.decode()
    assert "Articles waiting for extraction" in html and "Webhook deliveries due" in html
    assert "1\xa0hour" in html  # how long the oldest waits
    assert "worker@host" in html and "old@host" in html and "(gone)" in html
    assert 'id="fc-no-workers"' not in html and 'id="fc-broker-down"' not in html


def test_a_broker_that_does_not_answer_is_said_plainly(client, reviewer, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client_for(client, reviewer).get(reverse("admin:pipeline"))
    assert response.status_code == 200
    assert 'id="fc-broker-down"' in response.content.decode()


def test_no_worker_heartbeat_is_said_plainly(client, reviewer, heartbeats):
    response = client_for(client, reviewer).get(reverse("admin:pipeline"))
    assert 'id="fc-no-workers"' in response.content.decode()


def test_the_dashboard_links_to_the_page(client, reviewer):
    html = client_for(client, reviewer).get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("admin:pipeline")}" id="fc-pipeline-link"' in html


def test_staff_who_may_not_see_claims_are_refused(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse("admin:pipeline")).status_code == 403
