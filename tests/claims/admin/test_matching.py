"""The matching pieces of the admin (claims/admin/matching.py, matching_panel.py, search.py): the
claim page's "Same fact elsewhere" panel, its buttons, the bulk actions and full-text search.

These tests mount them on a site of their own (this module is the URLconf), on top of the real
ClaimAdmin; one test checks the real site."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.urls import path, reverse
from django.utils.html import escape

from articles.models import Article
from claims.admin import ClaimAdmin
from claims.admin.article import ArticleAdmin
from claims.admin.matching import ClaimMatchAdminMixin
from claims.models import Claim, ClaimEvent, ClaimMatch, ClaimStatus
from claims.services.matching import claim_match_confirm, claims_match_new
from claims.services.workflow import claim_assign
from tests.claims.services.test_matching import ACME, ACME_REWORDED, claim_of, publish
from tests.factories import ArticleFactory, ClaimFactory, EditorFactory, ReviewerFactory


class _ClaimAdmin(ClaimAdmin):
    pass


class _ClaimMatchAdmin(ClaimMatchAdminMixin, admin.ModelAdmin):
    list_display = ["claim", "matched", "score", "status"]


site = admin.AdminSite(name="admin")
site.register(Claim, _ClaimAdmin)
site.register(Article, ArticleAdmin)
site.register(ClaimMatch, _ClaimMatchAdmin)
urlpatterns = [path("admin/", site.urls)]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@pytest.fixture
def reviewer():
    return ReviewerFactory()


@pytest.fixture
def editor():
    return EditorFactory()


@pytest.fixture
def published_and_new(editor, reviewer):
    earlier = publish(claim_of(ACME), editor, reviewer)
    new = claim_of(ACME_REWORDED)
    [match] = claims_match_new(claim_ids=[new.pk])
    new = claim_assign(claim=new, actor=reviewer, assignee=editor)
    return earlier, new, match


def page(client, user, claim):
    client.force_login(user)
    response = client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    assert response.status_code == 200
    return str(response.context["fc_matching"])


def post(client, user, claim, action, **data):
    client.force_login(user)
    url = reverse("admin:claims_claim_matching", args=[claim.pk, action])
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{claim.pk}/change/#fc-matching")
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def test_the_claim_page_shows_the_prior_verdict_matches_and_group(
    client, editor, published_and_new
):
    earlier, new, _ = published_and_new

    panel = page(client, editor, new)

    assert "Same fact elsewhere" in panel
    assert "Prior verdicts" in panel and "Mostly false" in panel
    assert escape(earlier.summary) in panel
    # A suggested match shows the verdict; only a confirmed one lends it.
    assert "Apply prior verdict" not in panel
    assert "must confirm the match" in panel
    assert f"#{earlier.pk}" in panel and "earlier" in panel and "Suggested" in panel
    assert f"Group #{new.group_id}" in panel
    # Deciding matches is for reviewers.
    assert ">Confirm<" not in panel and "out of the group" not in panel


def test_the_apply_button_appears_once_the_match_is_confirmed(
    client, editor, reviewer, published_and_new
):
    _, new, match = published_and_new
    claim_match_confirm(match=match, actor=reviewer)

    panel = page(client, editor, new)

    assert "Apply prior verdict" in panel  # the assignee may edit the claim
    assert "must confirm the match" not in panel


def test_a_reviewer_sees_confirm_reject_and_split(client, reviewer, published_and_new):
    _, new, _ = published_and_new
    panel = page(client, reviewer, new)
    assert ">Confirm<" in panel and ">Reject<" in panel
    assert "Take this claim out of the group" in panel


def test_the_panel_escapes_claim_text(client, reviewer):
    earlier = claim_of(ACME)
    text = "Acme <script>alert(1)</script> said its revenue was $4.2 billion in 2023."
    new = ClaimFactory(article=ArticleFactory(body=text), start=0, end=len(text), text=text)
    ClaimMatch.objects.create(claim=new, matched=earlier, score=0.9, method="figures")
    panel = page(client, reviewer, earlier)
    assert "<script>" not in panel
    assert "&lt;script&gt;" in panel


def test_apply_prior_verdict_button_copies_the_verdict_and_keeps_the_status(
    client, editor, reviewer, published_and_new
):
    earlier, new, match = published_and_new
    notes = post(client, editor, new, "apply", source=earlier.pk, version=new.version)
    assert "confirm the match first" in notes
    new.refresh_from_db()
    assert new.rating_id is None
    claim_match_confirm(match=match, actor=reviewer)

    notes = post(client, editor, new, "apply", source=earlier.pk, version=new.version)

    new.refresh_from_db()
    assert new.rating_id == earlier.rating_id and new.summary == earlier.summary
    assert new.prior_verdict_from_id == earlier.pk
    assert new.status == ClaimStatus.ASSIGNED
    assert "still goes through review" in notes
    latest = ClaimEvent.objects.filter(pgh_obj=new).select_related("pgh_context").latest("pgh_id")
    assert latest.pgh_context.metadata["action"] == "apply prior verdict"
    assert "applied from claim" in page(client, editor, new)


def test_a_stale_apply_is_refused_with_a_message(client, editor, reviewer, published_and_new):
    earlier, new, match = published_and_new
    claim_match_confirm(match=match, actor=reviewer)
    notes = post(client, editor, new, "apply", source=earlier.pk, version=new.version - 1)
    new.refresh_from_db()
    assert new.rating_id is None
    assert "changed" in notes.lower()


def test_a_reviewer_confirms_rejects_and_splits_from_the_claim_page(
    client, reviewer, published_and_new
):
    _, new, match = published_and_new

    assert post(client, reviewer, new, "confirm", match=match.pk).startswith("Match confirmed")
    match.refresh_from_db()
    assert match.status == ClaimMatch.Status.CONFIRMED

    assert post(client, reviewer, new, "reject", match=match.pk).startswith("Match rejected")
    match.refresh_from_db()
    new.refresh_from_db()
    assert match.status == ClaimMatch.Status.REJECTED
    assert new.group_id is None


def test_split_from_the_claim_page(client, reviewer, published_and_new):
    _, new, _ = published_and_new
    assert post(client, reviewer, new, "split") == "The claim was taken out of its group."
    new.refresh_from_db()
    assert new.group_id is None


def test_an_editor_is_refused_and_bad_input_is_a_message_not_an_error(
    client, editor, published_and_new
):
    _, new, match = published_and_new
    assert "Only a reviewer" in post(client, editor, new, "confirm", match=match.pk)
    assert "not one of this claim's" in post(client, editor, new, "reject", match="x" * 30)
    assert "incomplete" in post(client, editor, new, "apply", source="", version="1")
    assert "not a matching action" in post(client, editor, new, "explode")
    match.refresh_from_db()
    assert match.status == ClaimMatch.Status.SUGGESTED


def test_bulk_actions_for_reviewers(client, reviewer, editor, published_and_new):
    _, new, match = published_and_new
    client.force_login(reviewer)
    changelist = reverse("admin:claims_claimmatch_changelist")
    response = client.post(
        changelist, {"action": "confirm_matches", "_selected_action": [match.pk]}
    )
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.status == ClaimMatch.Status.CONFIRMED

    claims = reverse("admin:claims_claim_changelist") + "?view=all"
    client.post(claims, {"action": "split_from_group", "_selected_action": [new.pk]})
    new.refresh_from_db()
    assert new.group_id is None

    client.force_login(editor)
    actions = client.get(claims).context["action_form"].fields["action"].choices
    names = {name for name, _ in actions}
    assert "apply_prior_verdict" in names and "split_from_group" not in names


def test_the_bulk_apply_takes_a_verdict_only_from_a_confirmed_match(
    client, editor, reviewer, published_and_new
):
    earlier, new, match = published_and_new
    claims = reverse("admin:claims_claim_changelist") + "?view=all"
    client.force_login(editor)

    response = client.post(
        claims, {"action": "apply_prior_verdict", "_selected_action": [new.pk]}, follow=True
    )
    assert any("confirmed match" in str(m) for m in response.context["messages"])
    new.refresh_from_db()
    assert new.rating_id is None and new.prior_verdict_from_id is None

    claim_match_confirm(match=match, actor=reviewer)
    client.post(claims, {"action": "apply_prior_verdict", "_selected_action": [new.pk]})
    new.refresh_from_db()
    assert new.prior_verdict_from_id == earlier.pk
    assert new.status == ClaimStatus.ASSIGNED


def test_admin_search_finds_claims_by_text_or_article_title_and_by_id(client, reviewer):
    by_text = ClaimFactory(text="The desalination plant cost $1.2 billion.")
    by_title = ClaimFactory(
        article=ArticleFactory(title="Desalination plans shelved", body="Budget cut."),
        text="The budget was cut by 40 percent.",
    )
    ClaimFactory(
        article=ArticleFactory(title="Water", body="The desalination plant is mentioned here."),
        text="Rainfall was 20 percent below average.",
    )
    client.force_login(reviewer)
    changelist = reverse("admin:claims_claim_changelist")

    found = client.get(changelist, {"view": "all", "q": "desalination"}).context["cl"].result_list
    assert {c.pk for c in found} == {by_text.pk, by_title.pk}

    found = client.get(changelist, {"view": "all", "q": str(by_title.pk)}).context["cl"]
    assert [c.pk for c in found.result_list] == [by_title.pk]
    odd = client.get(changelist, {"view": "all", "q": '"unclosed & | !'})
    assert odd.status_code == 200


@pytest.mark.urls("factcheck.urls")
def test_the_real_claim_page_shows_the_panel(client, editor, published_and_new):
    _, new, _ = published_and_new
    client.force_login(editor)
    response = client.get(reverse("admin:claims_claim_change", args=[new.pk]))
    assert 'id="fc-matching"' in response.content.decode()


def test_the_panel_costs_the_same_queries_whatever_the_number_of_matches(rf, reviewer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims.admin.matching_panel import matching_panel

    earlier = claim_of(ACME)
    request = rf.get("/")
    request.user = reviewer

    def queries() -> int:
        earlier.refresh_from_db()
        with CaptureQueriesContext(connection) as captured:
            matching_panel(request, earlier)
        return len(captured)

    first = claim_of(ACME_REWORDED)
    claims_match_new(claim_ids=[first.pk])
    queries()  # the user's roles are read once and kept on the user
    one = queries()
    for sentence in (
        "Acme's revenue reached $4.2 billion in 2023, according to its annual report.",
        "Acme said its 2023 revenue was $4.2 billion.",
    ):
        claims_match_new(claim_ids=[claim_of(sentence).pk])
    assert ClaimMatch.objects.filter(matched=earlier).count() == 3
    assert queries() == one


@pytest.mark.urls("factcheck.urls")
def test_a_reviewer_posting_the_match_change_form_changes_nothing(
    client, reviewer, editor, published_and_new
):
    earlier, new, match = published_and_new
    other = claim_of("Globex reported revenue of $4.2 billion in 2023.")
    client.force_login(reviewer)
    url = reverse("admin:claims_claimmatch_change", args=[match.pk])

    shown = client.get(url)
    assert shown.status_code == 200
    assert 'name="status"' not in shown.content.decode()
    forged = client.post(
        url,
        {
            "claim": other.pk,
            "matched": earlier.pk,
            "score": "1.0",
            "method": "figures",
            "status": ClaimMatch.Status.CONFIRMED,
            "decided_by": editor.pk,
            "decided_at_0": "2020-01-01",
            "decided_at_1": "00:00:00",
        },
    )

    assert forged.status_code == 403
    match.refresh_from_db()
    assert (match.claim_id, match.matched_id, match.status) == (
        new.pk,
        earlier.pk,
        ClaimMatch.Status.SUGGESTED,
    )
    assert match.decided_by_id is None and match.decided_at is None
    assert client.get(reverse("admin:claims_claimmatch_add")).status_code == 403
    assert (
        client.post(reverse("admin:claims_claimmatch_delete", args=[match.pk])).status_code == 403
    )
    assert ClaimMatch.objects.filter(pk=match.pk).exists()


@pytest.mark.urls("factcheck.urls")
def test_the_real_match_admin_still_confirms_through_the_service(
    client, reviewer, published_and_new
):
    earlier, new, match = published_and_new
    client.force_login(reviewer)
    changelist = reverse("admin:claims_claimmatch_changelist")

    client.post(changelist, {"action": "confirm_matches", "_selected_action": [match.pk]})

    match.refresh_from_db()
    new.refresh_from_db()
    earlier.refresh_from_db()
    assert match.status == ClaimMatch.Status.CONFIRMED
    assert match.decided_by == reviewer and match.decided_at is not None
    assert new.group_id == earlier.group_id is not None
