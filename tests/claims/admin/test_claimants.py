"""Claims by hand in the admin: the claimant list (autocomplete, merge duplicates), the wording and
claimant on the claim page, the split and merge actions, and adding a claim from the article."""

import json

import pytest
from django.contrib.admin import helpers
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Annotation, Claim, Claimant, ClaimEvent
from claims.selectors import claim_history
from tests.claims.admin.support import CHANGELIST, S, change_url, claim_in, client_for, texts
from tests.claims.admin.test_page import _form_data
from tests.factories import ArticleFactory, ClaimFactory, EditorFactory, UserFactory

pytestmark = pytest.mark.django_db

CLAIMANTS = reverse("admin:claims_claimant_changelist")
BODY = (
    "The port handled 4.2 million containers last year, the harbour authority said. "
    "Tesla said it would build 500,000 cars by 2030."
)
FIRST = "The port handled 4.2 million containers last year, the harbour authority said."
SECOND = "Tesla said it would build 500,000 cars by 2030."


def two_sentence_claim(**kwargs):
    article = ArticleFactory(body=BODY)
    return ClaimFactory(article=article, start=0, end=len(BODY), text=BODY, **kwargs)


def test_the_claimant_list_shows_kind_and_how_many_claims_name_each(client, editor):
    musk = Claimant.objects.create(name="Elon Musk", kind="person")
    Claimant.objects.create(name="Tesla", kind="organization")
    ClaimFactory(claimant=musk)
    ClaimFactory(claimant=musk)
    response = client_for(client, editor).get(CLAIMANTS)
    assert response.status_code == 200
    rows = {c.name: c.n_claims for c in response.context["cl"].result_list}
    assert rows == {"Elon Musk": 2, "Tesla": 0}
    assert "Organization" in response.content.decode()
    assert "delete_selected" not in response.context["action_form"].fields["action"].choices[1]


def test_the_claimant_list_costs_the_same_queries_for_5_and_50_claimants(client, editor):
    c = client_for(client, editor)

    def count(n):
        for i in range(n - Claimant.objects.count()):
            ClaimFactory(claimant=Claimant.objects.create(name=f"Speaker {n}-{i}"))
        with CaptureQueriesContext(connection) as queries:
            response = c.get(CLAIMANTS)
        assert response.status_code == 200
        assert len(response.context["cl"].result_list) == n
        return len(queries)

    assert count(5) == count(50)


def test_a_user_without_a_desk_role_does_not_see_claimants(client):
    response = client_for(client, UserFactory()).get(CLAIMANTS)
    assert response.status_code == 403


def test_the_claim_page_autocompletes_claimants_by_name(client, editor):
    Claimant.objects.create(name="Elon Musk", kind="person")
    Claimant.objects.create(name="Tesla", kind="organization")
    response = client_for(client, editor).get(
        reverse("admin:autocomplete"),
        {"app_label": "claims", "model_name": "claim", "field_name": "claimant", "term": "mus"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in json.loads(response.content)["results"]] == ["Elon Musk"]


def test_merge_duplicates_moves_their_claims_to_the_one_kept(client, reviewer):
    keep = Claimant.objects.create(name="Elon Musk", kind="person")
    dup = Claimant.objects.create(name="Musk", kind="person", url="https://musk.example/")
    moved = ClaimFactory(claimant=dup)
    c = client_for(client, reviewer)
    post = {"action": "merge_duplicates", helpers.ACTION_CHECKBOX_NAME: [keep.pk, dup.pk]}
    confirm = c.post(CLAIMANTS, post)
    assert confirm.status_code == 200
    assert "Merge duplicate claimants" in confirm.content.decode()
    response = c.post(CLAIMANTS, {**post, "apply": "1", "keep": keep.pk}, follow=True)
    assert "Merged 1 claimant into “Elon Musk”; 1 claim now name it." in texts(response)
    moved.refresh_from_db()
    assert moved.claimant == keep
    assert not Claimant.objects.filter(pk=dup.pk).exists()
    keep.refresh_from_db()
    assert keep.url == "https://musk.example/"  # what only the duplicate knew is kept


def test_a_second_claimant_of_the_same_name_is_refused_with_the_way_out(client, editor):
    Claimant.objects.create(name="Elon Musk", kind="person")
    response = client_for(client, editor).post(
        reverse("admin:claims_claimant_add"),
        {"name": "elon musk", "kind": "person", "role": "", "url": ""},
    )
    assert response.status_code == 200  # the form again, with the reason on it
    assert "already a claimant (case aside)" in response.content.decode()
    assert Claimant.objects.count() == 1


def test_reviewer_edits_wording_and_claimant_on_the_claim_page(client, reviewer):
    claim = two_sentence_claim()
    tesla = Claimant.objects.create(name="Tesla", kind="organization")
    c = client_for(client, reviewer)
    data = _form_data(c.get(change_url(claim)))
    data.update({"claim_reviewed": "Tesla will build 600,000 cars by 2031.", "claimant": tesla.pk})
    response = c.post(change_url(claim), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    claim.refresh_from_db()
    assert claim.claim_reviewed == "Tesla will build 600,000 cars by 2031."
    assert claim.text == BODY  # the quote is untouched
    assert [q["value"] for q in claim.quantities] == [600000, 2031]
    assert claim.claimant == tesla
    assert claim.version == 2
    last = ClaimEvent.objects.filter(pgh_obj_id=claim.pk).order_by("pgh_id").last()
    assert last.pgh_context.metadata["action"] == "edit claim"
    assert last.pgh_context.metadata["user"] == reviewer.pk
    [entry] = [h for h in claim_history(claim) if "edit claim" in h.action]
    assert entry.who == reviewer.username
    assert "wording — → “Tesla will build 600,000 cars by 2031.”" in entry.changes
    assert "claimant — → Tesla" in entry.changes


def test_an_editor_not_assigned_sees_wording_and_claimant_read_only(client, editor):
    claim = claim_in(S.IN_PROGRESS, EditorFactory())
    response = client_for(client, editor).get(change_url(claim))
    form = response.context["adminform"].form
    assert "claim_reviewed" not in form.fields and "claimant" not in form.fields


def _action(c, action, claims, **extra):
    return c.post(
        CHANGELIST + "?view=all",
        {
            "action": action,
            helpers.ACTION_CHECKBOX_NAME: [x.pk for x in claims],
            "apply": "1",
            **extra,
        },
        follow=True,
    )


def test_split_action_splits_where_the_second_part_starts(client, reviewer):
    claim = two_sentence_claim()
    response = _action(
        client_for(client, reviewer), "split_claim", [claim], second_starts_with="Tesla said"
    )
    second = Claim.objects.exclude(pk=claim.pk).get()
    assert f"Claim #{claim.pk} split: the second part is now claim #{second.pk}." in texts(response)
    claim.refresh_from_db()
    assert claim.text == FIRST and second.text == SECOND


def test_split_action_names_words_it_cannot_find(client, reviewer):
    claim = two_sentence_claim()
    response = _action(
        client_for(client, reviewer), "split_claim", [claim], second_starts_with="Ford said"
    )
    assert response.status_code == 200
    assert "“Ford said” is not in the claim" in response.content.decode()
    assert Claim.objects.count() == 1


def test_merge_action_keeps_the_chosen_claim_and_moves_the_others_work(client, reviewer, editor):
    article = ArticleFactory(body=BODY)
    first = ClaimFactory(article=article, start=0, end=len(FIRST), text=FIRST)
    s = BODY.index(SECOND)
    second = claim_in(
        S.IN_PROGRESS, editor, article=article, start=s, end=s + len(SECOND), text=SECOND
    )
    response = _action(client_for(client, reviewer), "merge_claims", [first, second], keep=first.pk)
    assert f"Claim #{second.pk} merged into claim #{first.pk}." in texts(response)
    first.refresh_from_db()
    assert first.text == BODY
    assert first.rating is not None and first.summary  # taken over: first had none
    assert first.evidence.count() == 1
    assert Annotation.objects.filter(claim=first, body__contains=f"Merged claim #{second.pk}")
    assert not Claim.objects.filter(pk=second.pk).exists()


def test_merge_action_wants_exactly_two_claims(client, reviewer):
    claim = two_sentence_claim()
    response = _action(client_for(client, reviewer), "merge_claims", [claim])
    assert "Select exactly two claims to merge." in texts(response)


def test_article_add_claim_refuses_a_span_outside_the_text_with_the_reason(client, editor):
    article = ArticleFactory(body=BODY)
    url = reverse("admin:articles_article_add_claim", args=[article.pk])
    response = client_for(client, editor).post(url, {"start": 5, "end": 9999}, follow=True)
    assert any("No claim added: The span 5-9999 is not inside" in t for t in texts(response))
    response = client.post(url, {"start": "", "end": ""}, follow=True)
    assert any("Select the claim's words" in t for t in texts(response))
    assert not Claim.objects.exists()


def test_article_add_claim_needs_a_desk_role(client, admin_role_user):
    article = ArticleFactory(body=BODY)
    url = reverse("admin:articles_article_add_claim", args=[article.pk])
    response = client_for(client, admin_role_user).post(url, {"start": 0, "end": 10})
    assert response.status_code == 403
    assert not Claim.objects.exists()
