"""The seam the cms app plugs into: `CmsConfig.ready()` connects the claims app's
`publication_event_created`, so a publication writes its webhook deliveries in its own
transaction (at-least-once: no event without its deliveries, no delivery without its event)."""

from __future__ import annotations

import pytest
from django.db import transaction

from claims.signals import publication_event_created
from cms.models import WebhookDelivery, WebhookEndpoint
from cms.services import publication_event_created_receiver
from tests.claims.test_signals import in_review
from tests.factories import EditorFactory, ReviewerFactory

pytestmark = pytest.mark.django_db


def test_the_cms_app_is_connected_to_publication_event_created():
    # Each entry starts with its lookup key, (dispatch_uid, sender id).
    uids = [entry[0][0] for entry in publication_event_created.receivers]
    assert "cms.publication_event_created" in uids
    assert publication_event_created_receiver.__module__ == "cms.services"


def test_a_publication_writes_its_deliveries_and_a_rollback_takes_them_back():
    from claims.services.workflow import claim_publish

    endpoint = WebhookEndpoint.objects.create(name="a", url="https://a.example/", secret="s")
    editor, reviewer = EditorFactory(), ReviewerFactory()
    claim = in_review(editor, reviewer)
    with pytest.raises(RuntimeError), transaction.atomic():
        claim_publish(claim=claim, actor=reviewer)
        assert WebhookDelivery.objects.filter(endpoint=endpoint).count() == 1
        raise RuntimeError("crash before commit")
    assert not WebhookDelivery.objects.exists()
