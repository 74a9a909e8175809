"""The rating scale and the read-only records (claims/admin/records.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Rating
from tests.claims.admin.support import (
    client_for,
)

pytestmark = pytest.mark.django_db


def test_admin_role_edits_the_rating_scale_and_editors_cannot(client, admin_role_user, editor):
    scale = Rating.objects.get(label="Misleading")
    url = reverse("admin:claims_rating_change", args=[scale.pk])
    data = {
        "label": "Misleading",
        "claimreview_value": 3,
        "order": scale.order,
        "description": "Gives a wrong impression.",
        "is_active": "on",
    }
    assert client_for(client, editor).post(url, data).status_code == 403
    assert client.get(reverse("admin:claims_rating_add")).status_code == 403
    response = client_for(client, admin_role_user).post(url, data)
    assert response.status_code == 302
    assert Rating.objects.get(pk=scale.pk).description == "Gives a wrong impression."
