"""The desk's admin site and its dashboard (claims/admin_site.py)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim
from tests.claims.admin.support import (
    S,
    claim_in,
    client_for,
)
from tests.factories import (
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_admin_index_shows_counts_overdue_load_and_published_this_week(
    client, reviewer, editor, django_assert_max_num_queries
):
    claim_in(S.NEW)
    claim_in(S.NEW)
    late = claim_in(S.IN_PROGRESS, editor)
    Claim.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - datetime.timedelta(3))
    claim_in(S.ASSIGNED, editor)
    claim_in(S.PUBLISHED, editor)
    c = client_for(client, reviewer)
    with django_assert_max_num_queries(12):
        response = c.get(reverse("admin:index"))
    dashboard = response.context["fc_dashboard"]
    counts = {s["status"]: s["count"] for s in dashboard["by_status"]}
    assert counts == {
        "new": 2,
        "dismissed": 0,
        "assigned": 1,
        "in_progress": 1,
        "in_review": 0,
        "published": 1,
    }
    assert dashboard["overdue_count"] == 1
    assert dashboard["published_this_week"] == 1
    load = {row["username"]: row for row in dashboard["editor_load"]}
    assert (load["editor1"]["assigned"], load["editor1"]["in_progress"]) == (1, 1)
    html = response.content.decode()
    assert 'id="fc-overdue-count"' in html
    assert "editor1" in html


def test_the_default_site_is_the_desks_and_its_index_is_not_patched():
    from django.contrib import admin

    from claims.admin_site import DeskAdminSite

    assert isinstance(admin.site, DeskAdminSite)
    assert "index" not in vars(admin.site)  # the class's method, not an instance attribute
    assert admin.site.site_header == "Factcheck workbench"


def test_a_user_who_may_not_see_claims_gets_the_index_without_the_dashboard(client):
    client.force_login(UserFactory(is_staff=True))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "fc_dashboard" not in response.context
    assert 'id="fc-dashboard"' not in response.content.decode()


def test_no_view_site_link_leads_to_a_404(client, reviewer, editor):
    from tests.claims.admin.support import change_url

    claim = claim_in(S.IN_PROGRESS, editor)
    c = client_for(client, reviewer)
    for url in (
        reverse("admin:index"),
        change_url(claim),
        reverse("admin:claims_claim_changelist"),
    ):
        html = c.get(url).content.decode()
        assert "View site" not in html
        assert 'href="/"' not in html
