"""The bell on every admin page, the list behind it (opening it marks what it shows read), mark
all read, and one's own preferences."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Notification
from claims.services.workflow import claim_assign
from tests.claims.admin.support import CHANGELIST, client_for, texts
from tests.factories import ClaimFactory, EditorFactory

pytestmark = pytest.mark.django_db

LIST = reverse("admin:claims_notification_changelist")


def _bell(html: str) -> str:
    start = html.index('id="fc-bell-count"')
    return html[html.index(">", start) + 1 : html.index("</span>", start)]


def test_the_bell_shows_the_unread_count_on_every_admin_page(client, reviewer, editor):
    for _ in range(2):
        claim_assign(claim=ClaimFactory(), actor=reviewer, assignee=editor)
    c = client_for(client, editor)
    for url in [reverse("admin:index"), CHANGELIST, reverse("admin:password_change")]:
        assert _bell(c.get(url).content.decode()) == "2"


def test_opening_the_list_marks_what_it_shows_read_and_still_marks_them_new(
    client, reviewer, editor
):
    claim = claim_assign(claim=ClaimFactory(), actor=reviewer, assignee=editor)
    c = client_for(client, editor)
    html = c.get(LIST).content.decode()
    assert f"assigned you claim #{claim.pk}" in html
    assert 'class="fc-notification-new"' in html
    assert _bell(html) == "0"
    assert not Notification.objects.filter(recipient=editor, read_at__isnull=True).exists()
    html = c.get(LIST).content.decode()
    assert 'class="fc-notification-new"' not in html


def test_the_list_shows_only_my_notifications(client, reviewer, editor):
    claim_assign(claim=ClaimFactory(), actor=reviewer, assignee=editor)
    other = EditorFactory()
    html = client_for(client, other).get(LIST).content.decode()
    assert "assigned you claim" not in html
    assert Notification.objects.filter(recipient=editor, read_at__isnull=True).count() == 1


def test_mark_all_read(client, reviewer, editor):
    for _ in range(3):
        claim_assign(claim=ClaimFactory(), actor=reviewer, assignee=editor)
    c = client_for(client, editor)
    response = c.post(reverse("admin:claims_notification_read_all"), follow=True)
    assert "3 marked read." in texts(response)
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_preferences_are_my_own_and_saved(client, editor):
    c = client_for(client, editor)
    url = reverse("admin:claims_notification_preferences")
    assert 'value="instant" selected' in c.get(url).content.decode()
    response = c.post(url, {"email": "digest", "chat": "off"}, follow=True)
    assert "Your notification preferences are saved." in texts(response)
    editor.notification_preference.refresh_from_db()
    assert (editor.notification_preference.email, editor.notification_preference.chat) == (
        "digest",
        "off",
    )
    response = c.post(url, {"email": "weekly", "chat": "off"})
    assert "Select a valid choice. weekly is not one of the available choices." in (
        response.content.decode()
    )


def test_the_list_costs_the_same_queries_for_2_and_12_notifications(client, reviewer, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(client, editor)

    def queries(n: int) -> int:
        for _ in range(n):
            claim_assign(claim=ClaimFactory(), actor=reviewer, assignee=editor)
        with CaptureQueriesContext(connection) as captured:
            assert c.get(LIST).status_code == 200
        return len(captured)

    assert queries(2) == queries(10)
