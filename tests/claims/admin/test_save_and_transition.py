"""A workflow button on the claim page saves what was typed first, in the same request: both
happen, or neither, and a refusal brings the page back with everything typed still in it
(claims/admin/page.py, claims.services.workflow.claim_save)."""

from __future__ import annotations

import pytest

from claims.models import Claim, Evidence, PublicationEvent
from claims.services.workflow import claim_update
from tests.claims.admin.support import S, change_url, claim_in, client_for, texts
from tests.claims.admin.test_page import _form_data
from tests.factories import EditorFactory, rating

pytestmark = pytest.mark.django_db

SUMMARY = "The statistics office counted 3.9 million containers, not 4.2 million."


def _typed(page) -> dict:
    data = _form_data(page)
    data.update(
        {
            "rating": rating("False").pk,
            "summary": SUMMARY,
            "evidence-0-url": "https://stats.example/ports/2024",
            "evidence-0-title": "Container traffic by port, 2024",
            "evidence-0-stance": "refutes",
        }
    )
    return data


@pytest.fixture
def fresh(editor):
    claim = claim_in(S.IN_PROGRESS, editor, evidence=False)
    Claim.objects.filter(pk=claim.pk).update(rating=None, summary="")
    claim.refresh_from_db()
    return claim


def test_submit_without_save_saves_the_verdict_and_evidence_and_submits(client, editor, fresh):
    c = client_for(client, editor)
    data = _typed(c.get(change_url(fresh)))
    data["transition"] = "submit"
    response = c.post(change_url(fresh), data, follow=True)
    assert response.redirect_chain[-1][0] == change_url(fresh)
    assert texts(response) == [
        "Your changes were saved. Submit for review: done. The claim is now in review."
    ]
    claim = Claim.objects.select_related("rating").get(pk=fresh.pk)
    assert (claim.status, claim.rating.label, claim.summary) == (S.IN_REVIEW, "False", SUMMARY)
    evidence = claim.evidence.get()
    assert (evidence.url, evidence.stance, evidence.added_by) == (
        "https://stats.example/ports/2024",
        "refutes",
        editor,
    )
    # The save and the step each bumped the version once.
    assert claim.version == fresh.version + 3  # rating+summary, evidence, submit


def test_a_stale_page_refuses_both_and_keeps_what_was_typed(client, reviewer, editor, fresh):
    c = client_for(client, editor)
    data = _typed(c.get(change_url(fresh)))  # the editor opens the page ...
    claim_update(  # ... the reviewer saves first ...
        claim=fresh, actor=reviewer, expected_version=fresh.version, summary="Reviewer's words."
    )
    data["transition"] = "submit"
    response = c.post(change_url(fresh), data)  # ... the editor's submit is refused.
    assert response.status_code == 200
    html = response.content.decode()
    assert "This claim was changed by desk-lead at " in html
    assert SUMMARY in html
    assert 'value="https://stats.example/ports/2024"' in html
    assert 'data-unsaved="yes"' in html
    claim = Claim.objects.get(pk=fresh.pk)
    assert (claim.status, claim.rating_id, claim.summary) == (
        S.IN_PROGRESS,
        None,
        "Reviewer's words.",
    )
    assert not Evidence.objects.filter(claim=fresh).exists()


def test_a_step_refused_after_the_edits_rolls_the_edits_back(client, editor, fresh):
    c = client_for(client, editor)
    data = _typed(c.get(change_url(fresh)))
    for key in [k for k in data if k.startswith("evidence-0-")]:
        data[key] = ""
    data["evidence-0-stance"] = "context"  # the empty row, as the page shows it
    data["transition"] = "submit"
    response = c.post(change_url(fresh), data)
    html = response.content.decode()
    assert "Cannot submit for review yet: add at least one evidence source." in html
    assert SUMMARY in html  # still in the form
    claim = Claim.objects.get(pk=fresh.pk)
    assert (claim.status, claim.rating_id, claim.summary, claim.version) == (
        S.IN_PROGRESS,
        None,
        "",
        fresh.version,
    )


def test_a_missing_answer_to_the_step_refuses_the_save_too(client, reviewer, editor):
    claim = claim_in(S.IN_REVIEW, editor)
    c = client_for(client, reviewer)
    data = _form_data(c.get(change_url(claim)))
    data["summary"] = "Reworded by the reviewer."
    data["transition"] = "send_back"
    data["send_back-note"] = "  "
    response = c.post(change_url(claim), data)
    html = response.content.decode()
    assert "A note is required to send back. Nothing was saved." in html
    assert "Reworded by the reviewer." in html
    assert '<details class="fc-transition fc-transition-send_back" open>' in html
    after = Claim.objects.get(pk=claim.pk)
    assert (after.status, after.summary) == (S.IN_REVIEW, claim.summary)

    data["send_back-note"] = "Name the source of the 3.9 million."
    response = c.post(change_url(claim), data, follow=True)
    assert texts(response) == [
        "Your changes were saved. Send back: done. The claim is now in progress."
    ]
    after = Claim.objects.get(pk=claim.pk)
    assert (after.status, after.summary) == (S.IN_PROGRESS, "Reworded by the reviewer.")
    assert after.annotations.get().body == "Name the source of the 3.9 million."


def test_a_reviewer_edits_and_publishes_in_one_request(client, reviewer, editor):
    claim = claim_in(S.IN_REVIEW, editor)
    c = client_for(client, reviewer)
    data = _form_data(c.get(change_url(claim)))
    data.update({"summary": "Final wording.", "transition": "publish"})
    c.post(change_url(claim), data)
    event = PublicationEvent.objects.get(claim=claim)
    assert (event.kind, event.summary) == (PublicationEvent.Kind.PUBLISHED, "Final wording.")


def test_assign_from_the_page_takes_its_answers(client, reviewer):
    claim = claim_in(S.NEW)
    other = EditorFactory(username="editor2")
    c = client_for(client, reviewer)
    data = _form_data(c.get(change_url(claim)))
    data.update({"transition": "assign", "assign-assignee": other.pk, "assign-due_date": ""})
    response = c.post(change_url(claim), data, follow=True)
    assert texts(response) == ["Assign to editor2: done. The claim is now assigned."]
    assert Claim.objects.get(pk=claim.pk).assignee == other


def test_a_step_on_a_read_only_claim_is_taken_without_a_save(client, reviewer, editor):
    claim = claim_in(S.PUBLISHED, editor)
    c = client_for(client, reviewer)
    data = _form_data(c.get(change_url(claim)))
    data.update({"transition": "reopen", "reopen-note": "The office revised its count."})
    response = c.post(change_url(claim), data, follow=True)
    assert texts(response) == ["Reopen for correction: done. The claim is now in progress."]


@pytest.mark.parametrize("name", ["frobnicate", "publish"])
def test_a_step_the_user_may_not_take_refuses_the_save_too(client, editor, fresh, name):
    c = client_for(client, editor)
    data = _typed(c.get(change_url(fresh)))
    data["transition"] = name
    response = c.post(change_url(fresh), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "errornote" in html
    assert SUMMARY in html
    assert Claim.objects.get(pk=fresh.pk).summary == ""
    assert not Evidence.objects.filter(claim=fresh).exists()


def test_the_buttons_belong_to_the_main_form_after_an_invisible_save_button(client, editor):
    claim = claim_in(S.IN_PROGRESS, editor)
    html = client_for(client, editor).get(change_url(claim)).content.decode()
    default = html.index('form="claim_form" name="_continue"')
    assert default < html.index('form="claim_form" class="button default" name="transition"')
    assert default < html.index('id="claim_form"')
    assert 'data-unsaved=""' in html
    assert "claims/claim_page.js" in html
    assert "{#" not in html and "{%" not in html


# --- Corrections of a published verdict from the claim page ---

CORRECTED = "The final count of the statistics office is 3.1 million containers."


def _correction(page, **fields) -> dict:
    data = _form_data(page)
    data.update({"transition": "correct", **{f"correct-{k}": v for k, v in fields.items()}})
    return data


def test_a_reviewer_publishes_a_correction_from_the_claim_page(client, reviewer, editor):
    claim = claim_in(S.PUBLISHED, editor)
    c = client_for(client, reviewer)
    page = c.get(change_url(claim))
    html = page.content.decode()
    # The form starts from the published verdict.
    assert f'<option value="{rating("Mostly false").pk}" selected>Mostly false</option>' in html
    assert f'name="correct-summary" rows="4" cols="50">{claim.summary}</textarea>' in html
    data = _correction(
        page, rating=rating("False").pk, summary=CORRECTED, note="The office revised its count."
    )
    response = c.post(change_url(claim), data, follow=True)
    assert texts(response) == ["Publish correction: done. The claim is now published."]
    after = Claim.objects.select_related("rating").get(pk=claim.pk)
    assert (after.status, after.rating.label, after.summary) == (S.PUBLISHED, "False", CORRECTED)
    event = PublicationEvent.objects.get(claim=claim)
    assert (event.kind, event.previous_rating.label, event.note) == (
        PublicationEvent.Kind.CORRECTED,
        "Mostly false",
        "The office revised its count.",
    )
    # The page now shows the correction in the notes and the old rating in the history.
    html = response.content.decode()
    assert "The office revised its count." in html
    assert "rating Mostly false → False" in html


def test_a_refused_correction_comes_back_with_what_was_typed(client, reviewer, editor):
    claim = claim_in(S.PUBLISHED, editor)
    c = client_for(client, reviewer)
    page = c.get(change_url(claim))
    # No note: refused before anything is saved, the panel open with the typed verdict.
    response = c.post(
        change_url(claim), _correction(page, rating=rating("False").pk, summary=CORRECTED, note="")
    )
    html = response.content.decode()
    assert (
        "A public correction note is required to publish a correction. Nothing was saved." in html
    )
    assert '<details class="fc-transition fc-transition-correct" open>' in html
    assert f"{CORRECTED}</textarea>" in html
    assert f'<option value="{rating("False").pk}" selected>False</option>' in html
    # Nothing changed: refused by the service, the typed note kept.
    response = c.post(
        change_url(claim),
        _correction(page, rating="", summary=claim.summary, note="Just checking."),
    )
    html = response.content.decode()
    assert "neither differs from the published verdict" in html
    assert "Just checking.</textarea>" in html
    after = Claim.objects.get(pk=claim.pk)
    assert (after.rating_id, after.summary, after.version) == (
        claim.rating_id,
        claim.summary,
        claim.version,
    )
    assert not PublicationEvent.objects.filter(claim=claim).exists()


def test_an_editor_is_offered_no_correction_and_a_forged_one_is_refused(client, editor):
    claim = claim_in(S.PUBLISHED, editor)
    c = client_for(client, editor)
    page = c.get(change_url(claim))
    assert 'value="correct"' not in page.content.decode()
    assert 'value="confirm_verdict"' not in page.content.decode()
    data = _correction(page, rating=rating("False").pk, summary=CORRECTED, note="Mine.")
    response = c.post(change_url(claim), data)
    assert response.status_code == 200
    assert "Only a reviewer may publish a correction." in response.content.decode()
    after = Claim.objects.get(pk=claim.pk)
    assert (after.rating_id, after.summary) == (claim.rating_id, claim.summary)
    assert not PublicationEvent.objects.filter(claim=claim).exists()


def test_verdict_stands_from_the_claim_page(client, reviewer, editor):
    claim = claim_in(S.PUBLISHED, editor)
    c = client_for(client, reviewer)
    data = _form_data(c.get(change_url(claim)))
    data.update({"transition": "confirm_verdict", "confirm_verdict-note": ""})
    response = c.post(change_url(claim), data, follow=True)
    assert texts(response) == ["Verdict stands: done. The claim is now published."]
    note = Claim.objects.get(pk=claim.pk).annotations.get()
    assert (note.kind, note.author, note.body) == ("confirm", reviewer, "Checked again; no change.")
    assert "Verdict stands" in response.content.decode()  # the note's kind on the page
    assert not PublicationEvent.objects.filter(claim=claim).exists()
