"""The claim page's workflow buttons and notes: the transition and annotate endpoints
(claims/admin/transitions.py), driven by the transition table."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from claims import workflow
from claims.models import Claim
from tests.claims.admin.support import (
    S,
    buttons,
    change_url,
    claim_in,
    client_for,
    texts,
    transition_url,
)
from tests.factories import (
    EditorFactory,
    rating,
)

pytestmark = pytest.mark.django_db


BUTTON_CASES = list(itertools.product(S.values, ["reviewer", "assignee", "other_editor"]))


@pytest.mark.parametrize(("status", "role"), BUTTON_CASES, ids=["-".join(c) for c in BUTTON_CASES])
def test_claim_page_offers_exactly_the_transitions_the_user_may_take(
    client, status, role, reviewer, editor
):
    people = {"reviewer": reviewer, "assignee": editor, "other_editor": EditorFactory()}
    claim = claim_in(status, editor)
    html = client_for(client, people[role]).get(change_url(claim)).content.decode()
    expected = {t.name for t in workflow.available_transitions(people[role], claim)}
    assert buttons(html) == expected


TRANSITION_CASES = list(
    itertools.product(workflow.TRANSITIONS, S.values, ["reviewer", "assignee", "other_editor"])
)


@pytest.mark.parametrize(
    ("name", "status", "role"), TRANSITION_CASES, ids=["-".join(c) for c in TRANSITION_CASES]
)
def test_transition_buttons_apply_or_say_why_not(client, name, status, role, reviewer, editor):
    people = {"reviewer": reviewer, "assignee": editor, "other_editor": EditorFactory()}
    claim = claim_in(status, editor)
    actor = people[role]
    refusal = workflow.refusal(workflow.TRANSITIONS[name], actor, claim)
    # A correction changes the verdict: it is given a rating other than claim_in's.
    data = {
        "version": claim.version,
        "note": "Because.",
        "assignee": editor.pk,
        "rating": rating("True").pk,
    }
    response = client_for(client, actor).post(transition_url(claim, name), data, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == change_url(claim)
    after = Claim.objects.get(pk=claim.pk)
    if refusal is None:
        assert after.status == workflow.TRANSITIONS[name].target
        assert after.version == claim.version + 1
        assert texts(response)[-1].endswith(f"The claim is now {S(after.status).label.lower()}.")
    else:
        assert after.status == status and after.version == claim.version
        assert texts(response) == [refusal]


def test_submit_button_names_what_is_missing(client, reviewer, editor):
    claim = claim_in(S.IN_PROGRESS, editor, evidence=False)
    c = client_for(client, editor)
    page = c.get(change_url(claim)).content.decode()
    assert "Still needed: at least one evidence source." in page
    response = c.post(transition_url(claim, "submit"), {"version": claim.version}, follow=True)
    assert texts(response) == ["Cannot submit for review yet: add at least one evidence source."]
    assert Claim.objects.get(pk=claim.pk).status == S.IN_PROGRESS


def test_dismiss_and_send_back_need_a_note(client, reviewer, editor):
    c = client_for(client, reviewer)
    new = claim_in(S.NEW)
    response = c.post(
        transition_url(new, "dismiss"), {"version": new.version, "note": " "}, follow=True
    )
    assert texts(response) == ["A reason is required to dismiss."]
    in_review = claim_in(S.IN_REVIEW, editor)
    response = c.post(transition_url(in_review, "send_back"), {"version": 1}, follow=True)
    assert texts(response) == ["A note is required to send back."]
    assert Claim.objects.get(pk=in_review.pk).status == S.IN_REVIEW


def test_transition_on_a_stale_page_is_refused(client, reviewer, editor):
    claim = claim_in(S.IN_REVIEW, editor)
    opened = claim.version
    Claim.objects.filter(pk=claim.pk).update(version=opened + 1, updated_by=editor)
    response = client_for(client, reviewer).post(
        transition_url(claim, "publish"), {"version": opened}, follow=True
    )
    assert texts(response)[0].startswith("This claim was changed by editor1 at ")
    assert Claim.objects.get(pk=claim.pk).status == S.IN_REVIEW


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("frobnicate", {"version": "1"}),
        ("assign", {"version": "not-a-number", "assignee": "1"}),
        ("assign", {"version": "1", "assignee": "999999"}),
        ("assign", {"version": "1", "assignee": "1", "due_date": "tomorrow"}),
        ("start", {}),
    ],
)
def test_bad_transition_input_is_a_message_never_an_error(client, reviewer, name, data):
    claim = claim_in(S.NEW)
    response = client_for(client, reviewer).post(transition_url(claim, name), data, follow=True)
    assert response.status_code == 200
    assert texts(response)
    assert Claim.objects.get(pk=claim.pk).status == S.NEW


def test_transition_urls_for_missing_claims_and_get_requests_redirect(client, reviewer):
    c = client_for(client, reviewer)
    claim = claim_in(S.NEW)
    assert c.get(transition_url(claim, "dismiss")).status_code == 302
    missing = reverse("admin:claims_claim_transition", args=[999999, "assign"])
    assert c.post(missing, {"version": 1}, follow=True).status_code == 200
    assert Claim.objects.get(pk=claim.pk).status == S.NEW


def test_notes_are_added_from_the_claim_page(client, editor):
    claim = claim_in(S.IN_PROGRESS, editor)
    url = reverse("admin:claims_claim_annotate", args=[claim.pk])
    c = client_for(client, editor)
    assert texts(c.post(url, {"body": "  "}, follow=True)) == ["The note is empty."]
    assert texts(c.post(url, {"body": "nul\x00byte"}, follow=True)) == [
        "Null characters are not allowed."
    ]
    c.post(url, {"body": "Called the <b>port</b>."})
    html = c.get(change_url(claim)).content.decode()
    assert "Called the &lt;b&gt;port&lt;/b&gt;." in html


def test_an_editor_not_assigned_reads_the_notes_but_cannot_add_one(client, editor):
    claim = claim_in(S.IN_PROGRESS, EditorFactory(username="someone-else"))
    c = client_for(client, editor)
    html = c.get(change_url(claim)).content.decode()
    assert 'name="body"' not in html
    refusal = "Only the assignee (someone-else) or a reviewer may add notes to this claim."
    assert refusal in html
    url = reverse("admin:claims_claim_annotate", args=[claim.pk])
    assert texts(c.post(url, {"body": "Drive-by remark."}, follow=True)) == [refusal]
    assert not claim.annotations.exists()


@pytest.mark.parametrize("name", list(workflow.TRANSITIONS))
def test_the_form_of_each_transition_passes_what_its_service_takes(name):
    import inspect

    from claims.admin.forms import TransitionForm
    from claims.services.workflow import TRANSITION_SERVICES

    transition = workflow.TRANSITIONS[name]
    form = TransitionForm(transition=transition)
    assert set(form.fields) == {"version", *transition.asks_for}
    form.cleaned_data = {n: None for n in transition.asks_for}
    taken = inspect.signature(TRANSITION_SERVICES[name]).parameters
    assert set(form.service_kwargs()) <= set(taken)
    assert transition.done.format(label=transition.label, assignee="editor1").endswith("done.")
