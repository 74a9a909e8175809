"""The claim list's bulk actions and their confirmation pages (claims/admin/actions.py)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from claims.models import Claim
from tests.claims.admin.support import (
    CHANGELIST,
    S,
    claim_in,
    client_for,
    texts,
)
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EditorFactory,
)

pytestmark = pytest.mark.django_db


def _action(client, action: str, claims, **data):
    payload = {"action": action, "_selected_action": [c.pk for c in claims], **data}
    return client.post(CHANGELIST + "?view=all", payload, follow=True)


def test_assign_action_asks_for_an_editor_then_reports_each_refusal(client, reviewer, editor):
    fresh = [claim_in(S.NEW), claim_in(S.NEW)]
    published = claim_in(S.PUBLISHED, editor)
    c = client_for(client, reviewer)

    page = _action(c, "assign_to", [*fresh, published])
    assert page.status_code == 200
    assert b"Assign claims to an editor" in page.content
    assert Claim.objects.filter(status=S.ASSIGNED).count() == 0

    due = timezone.localdate() + datetime.timedelta(days=2)
    done = _action(c, "assign_to", [*fresh, published], apply="1", assignee=editor.pk, due_date=due)
    assert done.status_code == 200
    for claim in fresh:
        claim.refresh_from_db()
        assert (claim.status, claim.assignee, claim.due_date) == (S.ASSIGNED, editor, due)
    assert "2 claims assigned to editor1." in texts(done)
    assert (
        f"Claim #{published.pk}: Cannot assign: the claim is published; this is only possible "
        "when it is assigned, dismissed, in progress, in review, new." in texts(done)
    )


def test_assign_action_with_a_bad_editor_shows_the_form_again(client, reviewer):
    claim = claim_in(S.NEW)
    page = _action(client_for(client, reviewer), "assign_to", [claim], apply="1", assignee="x")
    assert page.status_code == 200
    assert b"Select a valid choice" in page.content
    assert Claim.objects.get(pk=claim.pk).status == S.NEW


def test_dismiss_action_records_the_reason(client, reviewer):
    claim = claim_in(S.NEW)
    c = client_for(client, reviewer)
    assert (
        b"This field is required" in _action(c, "dismiss_with_reason", [claim], apply="1").content
    )
    done = _action(c, "dismiss_with_reason", [claim], apply="1", reason="Opinion.")
    claim.refresh_from_db()
    assert (claim.status, claim.dismiss_reason) == (S.DISMISSED, "Opinion.")
    assert "1 claim dismissed." in texts(done)


def test_set_due_date_action_refuses_past_dates(client, reviewer, editor):
    claim = claim_in(S.ASSIGNED, editor)
    c = client_for(client, reviewer)
    past = timezone.localdate() - datetime.timedelta(days=1)
    assert (
        b"is in the past" in _action(c, "set_due_date", [claim], apply="1", due_date=past).content
    )
    due = timezone.localdate() + datetime.timedelta(days=4)
    _action(c, "set_due_date", [claim], apply="1", due_date=due)
    claim.refresh_from_db()
    assert claim.due_date == due


def test_set_due_date_action_is_refused_for_claims_nobody_is_working_on(client, reviewer, editor):
    assigned = claim_in(S.ASSIGNED, editor)
    idle = [claim_in(S.NEW), claim_in(S.DISMISSED), claim_in(S.PUBLISHED, editor)]
    due = timezone.localdate() + datetime.timedelta(days=4)
    done = _action(
        client_for(client, reviewer), "set_due_date", [assigned, *idle], apply="1", due_date=due
    )
    assert Claim.objects.get(pk=assigned.pk).due_date == due
    assert [Claim.objects.get(pk=c.pk).due_date for c in idle] == [None, None, None]
    messages_shown = texts(done)
    assert messages_shown[0] == f"1 claim due {due:%Y-%m-%d}."
    assert messages_shown[1] == (
        f"Claim #{idle[0].pk}: The claim is new; only a claim being worked on (assigned, "
        "in progress, in review) has a due date. Assign it to give it one."
    )
    assert messages_shown[3].startswith(f"Claim #{idle[2].pk}: The claim is published; ")


def _hidden_inputs(html: str) -> list[tuple[str, str]]:
    form = html.split('<form method="post"', 1)[1].split("</form>", 1)[0]
    return re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form)


def _form_action(html: str) -> str:
    import html as html_lib

    return html_lib.unescape(re.search(r'<form method="post" action="([^"]*)"', html).group(1))


@pytest.mark.slow
def test_a_bulk_action_on_all_of_more_than_a_thousand_claims_goes_through(
    client, reviewer, settings
):
    article = ArticleFactory(body="x" * 2000)
    Claim.objects.bulk_create(
        Claim(article=article, start=i, end=i + 1, text="x", checkworthiness=0.5)
        for i in range(1001)
    )
    other = claim_in(S.ASSIGNED, EditorFactory())  # not in Triage: must stay as it is
    on_page = list(Claim.objects.filter(status=S.NEW).values_list("pk", flat=True)[:100])
    c = client_for(client, reviewer)
    # "Select all 1001" on the Triage page, then "Dismiss with reason…".
    page = c.post(
        CHANGELIST + "?view=triage",
        {
            "action": "dismiss_with_reason",
            "select_across": "1",
            "index": "0",
            "_selected_action": on_page,
        },
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "1001 claims selected (all the claims the list shows)" in html
    fields = _hidden_inputs(html)
    assert len(fields) < 200 < settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    data["reason"] = ["Not checkable."]
    done = c.post(_form_action(html), data, follow=True)
    assert done.status_code == 200
    assert "1001 claims dismissed." in texts(done)
    assert Claim.objects.filter(status=S.DISMISSED).count() == 1001
    assert Claim.objects.get(pk=other.pk).status == S.ASSIGNED


def test_a_bulk_action_on_ticked_claims_acts_on_those_only(client, reviewer):
    ticked, untouched = claim_in(S.NEW), claim_in(S.NEW)
    c = client_for(client, reviewer)
    page = c.post(
        CHANGELIST,
        {"action": "dismiss_with_reason", "index": "0", "_selected_action": [ticked.pk]},
    )
    html = page.content.decode()
    assert ("select_across", "0") in _hidden_inputs(html)
    data: dict[str, list[str]] = {}
    for name, value in _hidden_inputs(html):
        data.setdefault(name, []).append(value)
    data["reason"] = ["Opinion."]
    c.post(_form_action(html), data)
    assert Claim.objects.get(pk=ticked.pk).status == S.DISMISSED
    assert Claim.objects.get(pk=untouched.pk).status == S.NEW


def test_rerun_extraction_queues_each_article_once_after_commit(
    client, reviewer, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    a = claim_in(S.NEW, article=article)
    b = ClaimFactory(article=article, start=a.end + 1, end=a.end + 5)
    other = claim_in(S.NEW)
    with django_capture_on_commit_callbacks() as callbacks:
        done = _action(client_for(client, reviewer), "rerun_extraction", [a, b, other])
    assert len(callbacks) == 1  # one publish, after commit, for both articles
    assert set(
        Article.objects.filter(extraction__status="pending").values_list("pk", flat=True)
    ) == {article.pk, other.article_id}
    assert "Extraction queued for 2 articles." in texts(done)


def test_a_garbled_bulk_selection_is_a_message_not_an_error(client, reviewer):
    claim = claim_in(S.NEW)
    c = client_for(client, reviewer)
    for selected in (["abc"], [str(claim.pk), "9" * 30], ["²"], [str(claim.pk), "\u0661"]):
        response = c.post(
            CHANGELIST, {"action": "dismiss_with_reason", "_selected_action": selected}, follow=True
        )
        assert response.status_code == 200
        assert texts(response) == ["The selection was not understood; select the claims again."]
    assert Claim.objects.get(pk=claim.pk).status == S.NEW


def test_editors_are_not_offered_the_bulk_actions_and_are_told_why_when_they_post_one(
    client, editor
):
    claim_in(S.ASSIGNED, editor)
    response = client_for(client, editor).get(CHANGELIST)
    assert response.context["action_form"] is None or not any(
        name in response.content.decode() for name in ("assign_to", "dismiss_with_reason")
    )
    fresh = claim_in(S.NEW)
    done = _action(client, "assign_to", [fresh], apply="1", assignee=editor.pk)
    assert done.status_code == 200
    assert texts(done) == ["Only a reviewer may use “Assign to”. No claims were changed."]
    assert Claim.objects.get(pk=fresh.pk).status == S.NEW
    done = _action(client, "delete_selected", [fresh], post="yes")
    assert texts(done) == ["Claims are not deleted; dismiss them instead. No claims were changed."]
    assert Claim.objects.filter(pk=fresh.pk).exists()


def test_objects_that_are_not_numbers_are_a_redirect_not_an_error(client, reviewer):
    c = client_for(client, reviewer)
    for object_id in ("²", "9" * 30, "abc"):
        for url in (
            reverse("admin:claims_claim_change", args=[object_id]),
            reverse("admin:claims_claim_transition", args=[object_id, "assign"]),
            reverse("admin:claims_claim_annotate", args=[object_id]),
        ):
            assert c.get(url, follow=True).status_code == 200
            assert c.post(url, {"version": "1", "body": "x"}, follow=True).status_code == 200
