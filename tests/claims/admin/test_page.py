"""The claim page: the claim in context, the verdict form and evidence saved through the services,
read-only states, history (claims/admin/page.py)."""

from __future__ import annotations

import datetime

import pghistory
import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from claims.models import Claim, ClaimEvent, ClaimGroup, Evidence
from claims.services.workflow import (
    claim_assign,
    claim_start,
    claim_update,
    evidence_add,
)
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
    ArticleFactory,
    ClaimFactory,
    EditorFactory,
    UserFactory,
    rating,
)

pytestmark = pytest.mark.django_db


def test_claim_page_shows_the_sentence_in_its_paragraph_escaped(client, reviewer):
    body = (
        "Intro paragraph.\n\n"
        "Officials said <script>alert(1)</script> that 4.2 million containers passed. "
        "The rest of the paragraph.\n\nAnother paragraph."
    )
    start = body.index("4.2")
    claim = ClaimFactory(
        article=ArticleFactory(body=body, title="Ports <b>bold</b>"),
        start=start,
        end=start + len("4.2 million containers passed."),
        consistency=[
            {
                "kind": "change_percent",
                "status": "inconsistent",
                "expected": 12.0,
                "actual": 9.0,
                "detail": "4.1m to 4.6m is +12%, not +9%",
            }
        ],
        consistency_flag="inconsistent",
    )
    html = client_for(client, reviewer).get(change_url(claim)).content.decode()
    assert (
        "Officials said &lt;script&gt;alert(1)&lt;/script&gt; that "
        '<mark class="fc-hl fc-status-new">4.2 million containers passed.</mark>'
        " The rest of the paragraph."
    ) in html
    assert "<script>alert(1)" not in html
    assert "Intro paragraph." not in html.split('class="fc-paragraph"')[1].split("</p>")[0]
    assert "Ports &lt;b&gt;bold&lt;/b&gt;" in html
    assert reverse("admin:articles_article_change", args=[claim.article_id]) in html
    assert "The figures in this claim do not add up." in html
    assert "4.1m to 4.6m is +12%, not +9%" in html


def test_a_claim_whose_article_text_changed_is_not_highlighted_on_other_words(client, reviewer):
    article = ArticleFactory(body="Exports rose 12 percent last year. Imports fell.")
    claim = ClaimFactory(article=article, start=0, end=34)
    assert claim.text == "Exports rose 12 percent last year."
    # A re-import rewrote the body: the offsets still fit, but point at other words.
    Article.objects.filter(pk=article.pk).update(
        body="The minister denied everything on Tuesday. Exports rose 12 percent last year."
    )
    c = client_for(client, reviewer)
    html = c.get(change_url(claim)).content.decode()
    assert (
        '<mark class="fc-hl fc-status-new">Exports rose 12 percent last year.</mark> '
        '<span class="fc-muted">(the article text no longer contains this span)</span>'
    ) in html
    assert "The minister denied everything" not in html
    article_page = c.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert f'href="{change_url(claim)}" title=' not in article_page.content.decode()


def _form_data(response) -> dict:
    """The change form as the browser would post it, from the rendered page."""
    form = response.context["adminform"].form
    data = {
        name: form[name].value() if form[name].value() is not None else "" for name in form.fields
    }
    for formset in response.context["inline_admin_formsets"]:
        fs = formset.formset
        data.update(
            {
                f"{fs.prefix}-TOTAL_FORMS": fs.total_form_count(),
                f"{fs.prefix}-INITIAL_FORMS": fs.initial_form_count(),
                f"{fs.prefix}-MIN_NUM_FORMS": 0,
                f"{fs.prefix}-MAX_NUM_FORMS": 1000,
            }
        )
        for i, f in enumerate(fs.initial_forms):
            data[f"{fs.prefix}-{i}-id"] = f.instance.pk
            data[f"{fs.prefix}-{i}-claim"] = f.instance.claim_id
        for i in range(fs.initial_form_count(), fs.total_form_count()):
            data[f"{fs.prefix}-{i}-stance"] = "context"  # the select's preselected option
    return data


def test_editor_saves_rating_summary_and_evidence_through_the_services(client, reviewer, editor):
    claim = claim_in(S.IN_PROGRESS, editor, evidence=False)
    Claim.objects.filter(pk=claim.pk).update(rating=None, summary="")
    c = client_for(client, editor)
    page = c.get(change_url(claim))
    data = _form_data(page)
    data.update(
        {
            "rating": rating("False").pk,
            "summary": "There were 3.9 million.",
            "evidence-0-url": "https://stats.example/annual",
            "evidence-0-title": "Annual port statistics",
            "evidence-0-stance": "refutes",
        }
    )
    response = c.post(change_url(claim), data, follow=True)
    assert response.status_code == 200, response.content
    claim.refresh_from_db()
    assert (claim.rating.label, claim.summary, claim.updated_by) == (
        "False",
        "There were 3.9 million.",
        editor,
    )
    evidence = claim.evidence.get()
    assert (evidence.title, evidence.added_by, evidence.stance) == (
        "Annual port statistics",
        editor,
        "refutes",
    )
    latest = ClaimEvent.objects.filter(pgh_obj=claim).select_related("pgh_context").latest("pgh_id")
    assert latest.pgh_context.metadata["user"] == editor.pk


def test_evidence_is_removed_through_the_inline(client, editor):
    claim = claim_in(S.IN_PROGRESS, editor)
    evidence = claim.evidence.get()
    c = client_for(client, editor)
    data = _form_data(c.get(change_url(claim)))
    data["evidence-0-DELETE"] = "on"
    response = c.post(change_url(claim), data, follow=True)
    assert response.status_code == 200
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


def test_concurrent_edit_is_refused_naming_who_changed_it_and_keeps_the_input(
    client, reviewer, editor
):
    claim = claim_in(S.IN_PROGRESS, editor)
    c = client_for(client, editor)
    data = _form_data(c.get(change_url(claim)))  # the editor opens the page ...
    claim_update(  # ... the reviewer saves first ...
        claim=claim, actor=reviewer, expected_version=claim.version, summary="Reviewer's words."
    )
    data["summary"] = "Editor's words, typed for ten minutes."
    response = c.post(change_url(claim), data)  # ... the editor's save is refused.
    assert response.status_code == 200
    html = response.content.decode()
    assert "This claim was changed by desk-lead at " in html
    assert "Editor&#x27;s words, typed for ten minutes." in html
    assert Claim.objects.get(pk=claim.pk).summary == "Reviewer's words."


def test_a_save_from_a_page_that_has_since_turned_read_only_is_refused_not_dropped(
    client, reviewer, editor
):
    claim = claim_in(S.IN_PROGRESS, editor)
    c = client_for(client, editor)
    data = _form_data(c.get(change_url(claim)))  # the editor opens the page ...
    claim_assign(  # ... the reviewer hands the claim to someone else ...
        claim=claim, actor=reviewer, assignee=EditorFactory(), expected_version=claim.version
    )
    data["summary"] = "Typed while the claim was taken away."
    response = c.post(change_url(claim), data)  # ... the editor's save is refused, not lost.
    assert response.status_code == 200
    html = response.content.decode()
    assert "This claim was changed by desk-lead at " in html
    assert "was changed successfully" not in html
    assert Claim.objects.get(pk=claim.pk).summary == claim.summary


def test_reviewer_cannot_set_a_past_due_date_on_the_claim_page(client, reviewer, editor):
    claim = claim_in(S.ASSIGNED, editor)
    c = client_for(client, reviewer)
    data = _form_data(c.get(change_url(claim)))
    data["due_date"] = (timezone.localdate() - datetime.timedelta(days=2)).isoformat()
    response = c.post(change_url(claim), data)
    assert response.status_code == 200
    assert "is in the past." in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).due_date is None


def test_the_page_of_a_dismissed_claim_shows_why(client, reviewer):
    claim = claim_in(S.DISMISSED)
    html = client_for(client, reviewer).get(change_url(claim)).content.decode()
    assert "Dismissed: Opinion, nothing to check" in html
    assert buttons(html) == {"assign"}


def test_an_unassigned_editor_posting_the_change_form_changes_nothing_and_is_told_why(
    client, editor
):
    claim = claim_in(S.IN_PROGRESS, EditorFactory(username="someone-else"), evidence=False)
    before = Claim.objects.get(pk=claim.pk)
    c = client_for(client, editor)
    data = _form_data(c.get(change_url(claim)))
    data.update(
        {
            "rating": rating("True").pk,
            "summary": "Rewritten by a passer-by.",
            "due_date": "2099-01-01",
            "evidence-TOTAL_FORMS": 1,
            "evidence-0-url": "https://stats.example/not-mine",
            "evidence-0-title": "Not my claim",
            "evidence-0-stance": "supports",
        }
    )
    response = c.post(change_url(claim), data, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "was changed successfully" not in html
    assert (
        "Only the assignee (someone-else) or a reviewer may edit this claim. Nothing was saved."
    ) in html
    after = Claim.objects.get(pk=claim.pk)
    assert (after.rating, after.summary, after.due_date, after.version) == (
        before.rating,
        before.summary,
        before.due_date,
        before.version,
    )
    assert not Evidence.objects.filter(claim=claim).exists()


def test_a_reviewer_saving_a_published_claim_is_told_it_cannot_be_edited(client, reviewer, editor):
    claim = claim_in(S.PUBLISHED, editor)
    c = client_for(client, reviewer)
    response = c.post(change_url(claim), _form_data(c.get(change_url(claim))))
    html = response.content.decode()
    assert (
        "The claim is published; it cannot be edited "
        "(a reviewer can publish a correction or reopen it)."
    ) in html
    assert "was changed successfully" not in html
    assert Claim.objects.get(pk=claim.pk).version == claim.version


def test_a_view_only_user_posting_the_change_form_is_told_why_not_a_bare_403(
    client, admin_role_user, editor
):
    claim = claim_in(S.IN_PROGRESS, editor)
    response = client_for(client, admin_role_user).post(
        change_url(claim),
        {"summary": "Admin's words.", "expected_version": claim.version},
        follow=True,
    )
    assert response.status_code == 200
    assert texts(response) == ["You may view claims but not change them. Nothing was saved."]
    assert Claim.objects.get(pk=claim.pk).summary == claim.summary


def test_a_user_without_access_to_claims_is_told_why_not_a_bare_403(client, editor):
    claim = claim_in(S.ASSIGNED, editor)
    nobody = UserFactory(username="new-hire")  # staff, no role yet
    c = client_for(client, nobody)
    for url in (
        transition_url(claim, "start"),
        reverse("admin:claims_claim_annotate", args=[claim.pk]),
    ):
        response = c.post(url, {"version": claim.version, "body": "Hi."}, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == reverse("admin:index")
        assert texts(response) == [
            "Your account may not see claims: it holds no Editor, Reviewer or Admin role. "
            "Ask an Admin to give it one."
        ]
    assert Claim.objects.get(pk=claim.pk).status == S.ASSIGNED
    assert not claim.annotations.exists()


def test_editor_cannot_edit_a_claim_they_are_not_assigned(client, editor):
    claim = claim_in(S.IN_PROGRESS, EditorFactory(username="someone-else"))
    html = client_for(client, editor).get(change_url(claim)).content.decode()
    assert 'name="summary"' not in html
    assert 'name="evidence-0-url"' not in html
    assert "Only the assignee (someone-else) or a reviewer may edit this claim." in html
    assert 'name="_save"' not in html


def test_published_claim_is_read_only_even_for_reviewers(client, reviewer, editor):
    claim = claim_in(S.PUBLISHED, editor)
    html = client_for(client, reviewer).get(change_url(claim)).content.decode()
    assert 'name="summary"' not in html
    assert 'name="rating"' not in html
    # The verdict changes only through a correction (or a reopen), each a step of its own.
    assert buttons(html) == {"reopen", "unpublish", "correct", "confirm_verdict"}


def test_history_on_the_claim_page_says_who_changed_what(client, reviewer, editor):
    claim = claim_in(S.NEW, evidence=False)
    Claim.objects.filter(pk=claim.pk).update(rating=None, summary="")
    claim = claim_assign(claim=claim, actor=reviewer, assignee=editor)
    claim = claim_start(claim=claim, actor=editor)
    claim = evidence_add(
        claim=claim, actor=editor, url="https://stats.example/t", title="Port table"
    ).claim
    claim_update(claim=claim, actor=editor, expected_version=claim.version, rating=rating("False"))
    html = client_for(client, reviewer).get(change_url(claim)).content.decode()
    history = html.split('id="fc-history"')[1]
    today = timezone.localtime().strftime("%Y-%m-%d")
    assert f"{today}" in history
    assert "<strong>desk-lead</strong>: status new → assigned; assignee — → editor1" in history
    assert "<strong>editor1</strong>: status assigned → in progress" in history
    assert "<strong>editor1</strong>: added evidence “Port table” (context)" in history
    assert "<strong>editor1</strong>: rating — → False" in history


def test_history_shows_one_line_per_save_from_the_claim_page(client, reviewer, editor):
    claim = claim_in(S.IN_PROGRESS, editor, evidence=False)
    Claim.objects.filter(pk=claim.pk).update(rating=None, summary="")
    c = client_for(client, editor)
    data = _form_data(c.get(change_url(claim)))
    data.update(
        {
            "rating": rating("False").pk,
            "summary": "There were 3.9 million.",
            "evidence-0-url": "https://stats.example/annual",
            "evidence-0-title": "Annual port statistics",
        }
    )
    c.post(change_url(claim), data)
    history = c.get(change_url(claim)).content.decode().split('id="fc-history"')[1]
    assert (
        "<strong>editor1</strong>: rating — → False; summary — → “There were 3.9 million.”; "
        "added evidence “Annual port statistics” (context)"
    ) in history


def test_history_credits_a_task_not_the_last_editor(client, reviewer, editor):
    claim = claim_in(S.IN_PROGRESS, editor)
    claim_update(claim=claim, actor=editor, expected_version=claim.version, summary="Checked.")
    with pghistory.context(action="match"):  # as claims.services.matching groups claims
        Claim.objects.filter(pk=claim.pk).update(group=ClaimGroup.objects.create())
    html = client_for(client, reviewer).get(change_url(claim)).content.decode()
    history = html.split('id="fc-history"')[1]
    assert "<strong>matching</strong>: group — → #" in history
    assert "<strong>editor1</strong>: group" not in history


def test_view_only_admin_role_sees_the_claim_without_buttons(client, admin_role_user, editor):
    claim = claim_in(S.IN_PROGRESS, editor)
    html = client_for(client, admin_role_user).get(change_url(claim)).content.decode()
    assert buttons(html) == set()
    assert 'name="_save"' not in html
    response = client.post(transition_url(claim, "submit"), {"version": claim.version}, follow=True)
    assert response.status_code == 200
    assert Claim.objects.get(pk=claim.pk).status == S.IN_PROGRESS
