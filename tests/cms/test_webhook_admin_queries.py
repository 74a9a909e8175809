"""The webhook admin pages cost a fixed number of queries, however long the log."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cms.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from tests.cms.test_webhooks import SECRET, _publish

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _more_log(editor, reviewer, endpoints):
    _publish(editor, reviewer)
    for delivery in WebhookDelivery.objects.filter(attempts__isnull=True):
        for code in (500, 200):
            WebhookAttempt.objects.create(
                delivery=delivery, attempted_at=timezone.now(), status_code=code
            )


def test_the_delivery_log_and_endpoint_pages_do_not_grow_with_the_log(
    admin_client, editor, reviewer, django_assert_max_num_queries
):
    endpoints = [
        WebhookEndpoint.objects.create(name=n, url=f"https://{n}.example/", secret=SECRET)
        for n in ("a", "b")
    ]
    _more_log(editor, reviewer, endpoints)
    changelist = reverse("admin:cms_webhookdelivery_changelist")
    endpoint_list = reverse("admin:cms_webhookendpoint_changelist")
    first = WebhookDelivery.objects.order_by("pk").first()
    change = reverse("admin:cms_webhookdelivery_change", args=[first.pk])
    for url in (changelist, endpoint_list, change):  # warm the per-process caches (content types)
        admin_client.get(url)
    small = [_queries(admin_client, u) for u in (changelist, endpoint_list, change)]
    for _ in range(5):
        _more_log(editor, reviewer, endpoints)
    WebhookAttempt.objects.bulk_create(
        WebhookAttempt(delivery=first, attempted_at=timezone.now(), status_code=503)
        for _ in range(10)
    )
    large = [_queries(admin_client, u) for u in (changelist, endpoint_list, change)]
    assert WebhookDelivery.objects.count() == 12
    assert large == small
    with django_assert_max_num_queries(12):
        admin_client.get(changelist)
