"""The editorial admin: views, filters, bulk actions, the claim page, its transition buttons, the
article page and the dashboard. Everything goes through the Django test client as a user would."""

from __future__ import annotations

import datetime
import itertools
import re

import pghistory
import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from claims import workflow
from claims.models import Claim, ClaimEvent, ClaimGroup, ClaimStatus, Evidence, Rating
from claims.roles import ADMIN
from claims.services.workflow import (
    claim_assign,
    claim_start,
    claim_update,
    evidence_add,
)
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EditorFactory,
    EvidenceFactory,
    ReviewerFactory,
    UserFactory,
    rating,
)

pytestmark = pytest.mark.django_db

S = ClaimStatus
CHANGELIST = reverse("admin:claims_claim_changelist")


def change_url(claim) -> str:
    return reverse("admin:claims_claim_change", args=[claim.pk])


def transition_url(claim, name: str) -> str:
    return reverse("admin:claims_claim_transition", args=[claim.pk, name])


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Tests run with DEBUG off and without collectstatic: no manifest to look hashed names up in.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def reviewer():
    return ReviewerFactory(username="desk-lead")


@pytest.fixture
def editor():
    return EditorFactory(username="editor1")


@pytest.fixture
def admin_role_user():
    user = UserFactory(username="site-admin")
    user.groups.add(Group.objects.get(name=ADMIN))
    return user


def client_for(client, user):
    client.force_login(user)
    return client


def claim_in(status: str, assignee=None, *, evidence: bool = True, **kwargs) -> Claim:
    in_work = status in (S.ASSIGNED, S.IN_PROGRESS, S.IN_REVIEW, S.PUBLISHED)
    claim = ClaimFactory(
        status=status,
        assignee=assignee if in_work else None,
        rating=rating("Mostly false"),
        summary="The port handled 3.9 million containers, not 4.2 million.",
        dismiss_reason="Opinion, nothing to check" if status == S.DISMISSED else "",
        published_at=timezone.now() if status == S.PUBLISHED else None,
        **kwargs,
    )
    if evidence:
        EvidenceFactory(claim=claim)
    return claim


# --- changelist: landing views, filters, columns ------------------------------------------------


def test_reviewer_lands_on_triage_of_new_claims_by_check_worthiness(client, reviewer, editor):
    low = claim_in(S.NEW, checkworthiness=0.3)
    high = claim_in(S.NEW, checkworthiness=0.9)
    claim_in(S.ASSIGNED, editor)
    response = client_for(client, reviewer).get(CHANGELIST)
    assert response.status_code == 200
    assert response.context["title"] == "Triage"
    assert list(response.context["cl"].result_list) == [high, low]


def test_editor_lands_on_their_queue_by_due_date(client, reviewer, editor):
    today = timezone.localdate()
    later = claim_in(S.ASSIGNED, editor, due_date=today + datetime.timedelta(days=5))
    sooner = claim_in(S.IN_PROGRESS, editor, due_date=today + datetime.timedelta(days=1))
    undated = claim_in(S.ASSIGNED, editor)
    claim_in(S.ASSIGNED, EditorFactory())  # someone else's
    claim_in(S.NEW)
    response = client_for(client, editor).get(CHANGELIST)
    assert response.context["title"] == "My queue"
    assert list(response.context["cl"].result_list) == [sooner, later, undated]
    # Editors are not offered the reviewer views.
    assert "view=triage" not in response.content.decode()


@pytest.fixture
def pages_of_two(monkeypatch):
    from django.contrib import admin

    monkeypatch.setattr(admin.site._registry[Claim], "list_per_page", 2)


def test_triage_stays_triage_on_page_two_and_when_sorted(client, reviewer, editor, pages_of_two):
    new = [claim_in(S.NEW, checkworthiness=score) for score in (0.9, 0.7, 0.5, 0.3)]
    claim_in(S.ASSIGNED, editor, checkworthiness=0.95)
    claim_in(S.PUBLISHED, editor, checkworthiness=0.8)
    claim_in(S.DISMISSED, checkworthiness=0.6)
    c = client_for(client, reviewer)
    first = c.get(CHANGELIST)
    assert 'href="?p=2"' in first.content.decode()  # Django's page link carries no view
    second = c.get(CHANGELIST, {"p": "2"})
    assert second.context["title"] == "Triage"
    assert list(second.context["cl"].result_list) == new[2:]
    by_score_ascending = c.get(CHANGELIST, {"o": "3"})  # the score column, lowest first
    assert by_score_ascending.context["title"] == "Triage"
    assert list(by_score_ascending.context["cl"].result_list) == [new[3], new[2]]
    assert c.get(CHANGELIST, {"o": "3", "p": "2"}).context["cl"].result_list[1] == new[0]


def test_my_queue_stays_my_queue_on_page_two(client, editor, pages_of_two):
    today = timezone.localdate()
    mine = [
        claim_in(S.ASSIGNED, editor, due_date=today + datetime.timedelta(days=d)) for d in (1, 2, 3)
    ]
    claim_in(S.NEW)
    claim_in(S.ASSIGNED, EditorFactory())
    response = client_for(client, editor).get(CHANGELIST, {"p": "2"})
    assert response.context["title"] == "My queue"
    assert list(response.context["cl"].result_list) == mine[2:]


def test_any_other_filter_looks_across_all_claims(client, reviewer, editor):
    published = claim_in(S.PUBLISHED, editor)
    claim_in(S.NEW)
    response = client_for(client, reviewer).get(CHANGELIST, {"status__exact": "published"})
    assert list(response.context["cl"].result_list) == [published]
    response = client.get(CHANGELIST, {"view": "all"})
    assert response.context["cl"].result_count == 2


def test_filters_for_overdue_assignee_outlet_and_search(client, reviewer, editor):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    overdue = claim_in(S.IN_PROGRESS, editor)
    Claim.objects.filter(pk=overdue.pk).update(due_date=yesterday)
    other = claim_in(S.NEW, article=ArticleFactory(outlet="Valley Times", title="Dam levels"))
    c = client_for(client, reviewer)

    def results(**params):
        return list(c.get(CHANGELIST, params).context["cl"].result_list)

    assert results(overdue="yes") == [overdue]
    assert results(assignee=str(editor.pk)) == [overdue]
    assert results(assignee="none") == [other]
    assert results(outlet="Valley Times") == [other]
    assert results(q="dam levels") == [other]
    assert results(consistency_flag__exact="inconsistent") == []
    response = c.get(CHANGELIST, {"overdue": "yes"})
    assert "(overdue)" in response.content.decode()


def test_filters_for_type_rating_dates_and_consistency_and_search_in_the_claim_text(
    client, reviewer, editor
):
    long_ago = timezone.now() - datetime.timedelta(days=400)
    old = claim_in(S.PUBLISHED, editor, article=ArticleFactory(published_at=long_ago))
    Claim.objects.filter(pk=old.pk).update(created_at=long_ago, rating=rating("True"))
    flagged = claim_in(
        S.NEW,
        claim_type="comparison",
        consistency_flag="inconsistent",
        article=ArticleFactory(body="Exports rose 12 percent to a record. More text."),
    )
    c = client_for(client, reviewer)

    def results(**params):
        response = c.get(CHANGELIST, params)
        assert response.status_code == 200
        return list(response.context["cl"].result_list)

    assert results(claim_type__exact="comparison") == [flagged]
    assert results(rating__id__exact=str(rating("True").pk)) == [old]
    assert results(consistency_flag__exact="inconsistent") == [flagged]
    # As the date filters' own links put it: an aware datetime.
    year_ago = str(timezone.localtime() - datetime.timedelta(days=365))
    assert results(**{"created_at__gte": year_ago}) == [flagged]
    assert results(**{"article__published_at__lt": year_ago}) == [old]
    assert results(q="exports rose") == [flagged]


def test_my_queue_marks_the_due_column_as_the_sort_order(client, editor):
    claim_in(S.ASSIGNED, editor, due_date=timezone.localdate())
    html = client_for(client, editor).get(CHANGELIST).content.decode()
    due_header = re.search(r'<th scope="col" class="([^"]*column-due[^"]*)"', html)
    score_header = re.search(r'<th scope="col" class="([^"]*column-score[^"]*)"', html)
    assert {"sorted", "ascending"} <= set(due_header.group(1).split())
    assert {"sorted", "descending"} <= set(score_header.group(1).split())  # the tie-breaker


BAD_CHANGELIST_QUERIES = [
    "status__exact=bogus",
    "claim_type__exact=zzz",
    "rating__id__exact=abc",
    "rating__id__exact=99999",
    "assignee=abc",
    "assignee=-1",
    "outlet=%00",
    "q=%00port",
    "q=%27%22%5C%25",
    "created_at__gte=2024-13-45",
    "article__published_at__lt=notadate",
    "overdue=maybe",
    "view=nope",
    "o=99",
    "o=abc",
    "p=9999",
    "p=abc",
    "_facets=True",
    "foo=bar",
    # str.isdigit() says yes to these; int() does not (or PostgreSQL does not).
    "assignee=%C2%B2",
    "assignee=%D9%A1",
    "assignee=99999999999999999999999",
    "rating__id__exact=%C2%B2",
    "o=%C2%B2",
    "p=%C2%B2",
    "created_at__gte=%C2%B2",
    "view=%C2%B2",
]


@pytest.mark.parametrize("query", BAD_CHANGELIST_QUERIES)
def test_bad_changelist_parameters_are_never_an_error(client, editor, query):
    claim_in(S.ASSIGNED, editor)
    response = client_for(client, editor).get(f"{CHANGELIST}?{query}", follow=True)
    assert response.status_code == 200
    assert b"Factcheck workbench" in response.content


def test_nul_characters_in_a_search_are_dropped_not_a_server_error(client, editor):
    claim_in(S.ASSIGNED, editor, article=ArticleFactory(title="Port figures"))
    response = client_for(client, editor).get(CHANGELIST, {"q": "port\x00"}, follow=True)
    assert response.redirect_chain[0][0] == f"{CHANGELIST}?q=port"
    assert response.context["cl"].result_count == 1


def test_changelist_shows_figures_score_and_a_status_badge(client, reviewer):
    claim_in(S.NEW, checkworthiness=0.87)
    html = client_for(client, reviewer).get(CHANGELIST).content.decode()
    assert "4.2m containers" in html
    assert "0.87" in html
    assert '<span class="fc-badge fc-status-new">New</span>' in html


def _changelist_queries(client, n: int) -> int:
    editors = [EditorFactory() for _ in range(3)]
    for i in range(n - Claim.objects.count()):
        claim_in(
            [S.NEW, S.ASSIGNED, S.IN_PROGRESS][i % 3],
            editors[i % 3],
            evidence=False,
            due_date=timezone.localdate() + datetime.timedelta(days=i % 7),
        )
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST, {"view": "all"})
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == n
    return len(queries)


def test_changelist_costs_the_same_queries_for_10_and_100_claims(
    client, reviewer, django_assert_max_num_queries
):
    client_for(client, reviewer)
    with_10 = _changelist_queries(client, 10)
    with_100 = _changelist_queries(client, 100)
    assert with_10 == with_100
    with django_assert_max_num_queries(with_10):
        client.get(CHANGELIST, {"view": "all"})


# --- bulk actions --------------------------------------------------------------------------------


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
        Article.objects.filter(extraction_status="pending").values_list("pk", flat=True)
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


# --- the claim page ----------------------------------------------------------------------------


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


def _buttons(html: str) -> set[str]:
    return set(re.findall(r'name="transition" value="([a-z_]+)"', html))


BUTTON_CASES = list(itertools.product(S.values, ["reviewer", "assignee", "other_editor"]))


@pytest.mark.parametrize(("status", "role"), BUTTON_CASES, ids=["-".join(c) for c in BUTTON_CASES])
def test_claim_page_offers_exactly_the_transitions_the_user_may_take(
    client, status, role, reviewer, editor
):
    people = {"reviewer": reviewer, "assignee": editor, "other_editor": EditorFactory()}
    claim = claim_in(status, editor)
    html = client_for(client, people[role]).get(change_url(claim)).content.decode()
    expected = {t.name for t in workflow.available_transitions(people[role], claim)}
    assert _buttons(html) == expected


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
    data = {"version": claim.version, "note": "Because.", "assignee": editor.pk}
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
    assert _buttons(html) == {"assign"}


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
    assert "The claim is published; it cannot be edited (a reviewer can reopen it)." in html
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
    assert _buttons(html) == {"reopen", "unpublish"}


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
    assert _buttons(html) == set()
    assert 'name="_save"' not in html
    response = client.post(transition_url(claim, "submit"), {"version": claim.version}, follow=True)
    assert response.status_code == 200
    assert Claim.objects.get(pk=claim.pk).status == S.IN_PROGRESS


# --- rating scale --------------------------------------------------------------------------------


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


# --- article page -----------------------------------------------------------------------------


def test_article_page_highlights_every_claim_in_its_status_colour(client, reviewer, editor):
    body = "First <i>claim</i> here. Second claim there. Tail."
    article = ArticleFactory(body=body)
    first = ClaimFactory(article=article, start=0, end=24, checkworthiness=0.4)
    second = ClaimFactory(
        article=article, start=25, end=44, checkworthiness=0.9, status=S.ASSIGNED, assignee=editor
    )
    html = (
        client_for(client, reviewer)
        .get(reverse("admin:articles_article_change", args=[article.pk]))
        .content.decode()
    )
    assert (
        f'<a class="fc-hl fc-status-new" href="{change_url(first)}" title="#{first.pk} · New · '
        f'score 0.40">First &lt;i&gt;claim&lt;/i&gt; here.</a> '
        f'<a class="fc-hl fc-status-assigned" href="{change_url(second)}"'
    ) in html
    ranked = html.split("<h2>Claims by check-worthiness</h2>")[1]
    assert ranked.index(change_url(second)) < ranked.index(change_url(first))
    assert "Re-run extraction" in html


def test_article_rerun_extraction_button_queues_it_after_commit(
    client, reviewer, django_capture_on_commit_callbacks
):
    article = ArticleFactory()  # extraction done
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for(client, reviewer).post(
            reverse("admin:articles_article_extract", args=[article.pk]), follow=True
        )
    assert len(callbacks) == 1  # the task is sent only once the request has committed
    article.refresh_from_db()
    assert article.extraction_status == "pending"
    assert "Extraction queued for 1 article." in texts(response)


def test_editors_cannot_rerun_extraction(client, editor):
    article = ArticleFactory()
    url = reverse("admin:articles_article_extract", args=[article.pk])
    assert client_for(client, editor).post(url).status_code == 403


def test_article_changelist_links_to_the_upload_view(client, reviewer):
    c = client_for(client, reviewer)
    url = reverse("admin:articles_article_import")
    assert url in c.get(reverse("admin:articles_article_changelist")).content.decode()
    assert 'type="file" name="uploads"' in c.get(url).content.decode()


# --- dashboard ------------------------------------------------------------------------------


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


# --- user accounts: the Admin role manages roles, never superuser power -------------------------


def _user_form(user, **changes) -> dict:
    """The user change form as the browser posts it."""
    joined = timezone.localtime(user.date_joined)
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": "",
        "last_name": "",
        "is_active": "on",
        "is_staff": "on",
        "groups": [g.pk for g in user.groups.all()],
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
    }
    data.update(changes)
    return data


def _user_url(user) -> str:
    return reverse("admin:auth_user_change", args=[user.pk])


def test_an_admin_cannot_make_itself_or_anyone_a_superuser(client, admin_role_user, editor):
    from django.contrib.auth.models import Permission

    publish = Permission.objects.get(codename="change_claim")
    c = client_for(client, admin_role_user)
    page = c.get(_user_url(editor)).content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page
    for target in (admin_role_user, editor):
        response = c.post(
            _user_url(target),
            _user_form(target, is_superuser="on", user_permissions=[publish.pk]),
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        target.refresh_from_db()
        assert not target.is_superuser
        assert not target.user_permissions.exists()
    assert not workflow.actor_roles(admin_role_user, claim_in(S.NEW))  # still no reviewer


def test_an_admin_gives_others_desk_roles_but_not_itself(client, admin_role_user, editor):
    from claims.roles import REVIEWER

    reviewer_role = Group.objects.get(name=REVIEWER)
    secret = Group.objects.create(name="Ops (superusers only)")
    editor.groups.add(secret)
    c = client_for(client, admin_role_user)
    assert "Ops (superusers only)" not in c.get(_user_url(editor)).content.decode()
    groups = [*editor.groups.exclude(pk=secret.pk).values_list("pk", flat=True), reviewer_role.pk]
    assert c.post(_user_url(editor), _user_form(editor, groups=groups)).status_code == 302
    assert set(editor.groups.values_list("name", flat=True)) == {
        "Editor",
        "Reviewer",
        "Ops (superusers only)",  # kept, though the Admin could not see it
    }
    own = _user_form(admin_role_user, groups=[reviewer_role.pk])
    assert c.post(_user_url(admin_role_user), own).status_code == 302
    assert list(admin_role_user.groups.values_list("name", flat=True)) == [ADMIN]


def test_an_admin_cannot_change_a_superuser_or_reset_their_password(client, admin_role_user):
    boss = UserFactory(username="boss", is_superuser=True)
    c = client_for(client, admin_role_user)
    page = c.get(_user_url(boss))
    assert page.status_code == 200  # shown read-only
    assert 'name="username"' not in page.content.decode()
    assert c.post(_user_url(boss), _user_form(boss, is_staff="")).status_code == 403
    password_url = reverse("admin:auth_user_password_change", args=[boss.pk])
    response = c.post(password_url, {"password1": "Taken0ver!x", "password2": "Taken0ver!x"})
    assert response.status_code == 403
    boss.refresh_from_db()
    assert boss.is_staff and not boss.check_password("Taken0ver!x")


def test_a_superuser_still_manages_superuser_status(client, editor):
    root = UserFactory(username="root", is_superuser=True)
    c = client_for(client, root)
    assert 'name="is_superuser"' in c.get(_user_url(editor)).content.decode()
    assert c.post(_user_url(editor), _user_form(editor, is_superuser="on")).status_code == 302
    editor.refresh_from_db()
    assert editor.is_superuser
