"""One claim through the editorial workflow in a real browser, as the desk would do it.

A reviewer triages new claims (dismissing one in bulk) and assigns the top one to an editor; the
editor finds it in their queue, starts it, adds a rating, a summary, evidence and a note, and
submits it; the reviewer publishes it. Each step asserts what the person sees on the page, and the
end asserts the database and the claim's history. Screenshots: test-artifacts/browser/NN-*.png.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from claims.models import Claim, ClaimEvent, ClaimStatus, PublicationEvent
from claims.selectors import claim_history
from tests.factories import ArticleFactory, ClaimFactory, EditorFactory, ReviewerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests"  # what tests.factories.UserFactory gives every user

BODY = (
    "The Port of Easthaven handled 4.2 million containers last year, the harbour authority said "
    "on Monday. That was 12 percent more than the year before, when it handled 3.9 million.\n\n"
    "Harbour master Jane Okafor said the new quay had cut waiting times by half. "
    "“We are now the busiest port on the coast,” she said.\n\n"
    "Unions disputed the figures. They said the port employs 300 fewer dock workers than in 2019."
)
MAIN = "The Port of Easthaven handled 4.2 million containers last year"
SUMMARY = "The statistics office counted 3.9 million containers last year, not 4.2 million."


def _claim(article, sentence: str, **kwargs) -> Claim:
    start = article.body.index(sentence)
    return ClaimFactory(
        article=article, start=start, end=start + len(sentence), text=sentence, **kwargs
    )


@pytest.fixture
def newsroom():
    reviewer = ReviewerFactory(username="desk-lead", first_name="Dana")
    editor = EditorFactory(username="editor1", first_name="Eli")
    article = ArticleFactory(
        title="Port of Easthaven posts a record year as cargo surges",
        outlet="Coastal Courier",
        body=BODY,
    )
    main = _claim(
        article,
        "The Port of Easthaven handled 4.2 million containers last year, the harbour authority "
        "said on Monday.",
        checkworthiness=0.91,
    )
    growth = _claim(
        article,
        "That was 12 percent more than the year before, when it handled 3.9 million.",
        claim_type="comparison",
        checkworthiness=0.74,
        quantities=[
            {"text": "12 percent", "value": 12, "kind": "percent", "unit": "%"},
            {"text": "3.9 million", "value": 3_900_000, "kind": "count"},
        ],
        consistency=[
            {
                "kind": "change_percent",
                "status": "inconsistent",
                "expected": 7.7,
                "actual": 12.0,
                "detail": "3.9m to 4.2m is +7.7%, not +12%",
            }
        ],
        consistency_flag="inconsistent",
    )
    workers = _claim(
        article,
        "They said the port employs 300 fewer dock workers than in 2019.",
        checkworthiness=0.62,
        quantities=[{"text": "300", "value": 300, "kind": "count", "noun": "dock workers"}],
    )
    boast = _claim(
        article,
        "“We are now the busiest port on the coast,” she said.",
        claim_type="rank",
        checkworthiness=0.35,
        quantities=[],
    )
    return {
        "reviewer": reviewer,
        "editor": editor,
        "article": article,
        "main": main,
        "growth": growth,
        "workers": workers,
        "boast": boast,
    }


def test_a_claim_goes_from_triage_to_published_through_the_admin(
    browser, live_admin, shot, newsroom
):
    from playwright.sync_api import expect

    base = live_admin.url
    reviewer, editor, main = newsroom["reviewer"], newsroom["editor"], newsroom["main"]
    due = timezone.localdate() + datetime.timedelta(days=3)
    contexts = []

    def log_in(username: str, *, screenshot_login: bool = False):
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on(
            "response",
            lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None,
        )
        # The Content-Security-Policy (docs/security.md) must block nothing the pages use.
        page.on(
            "console",
            lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page._fc_errors = errors  # checked at the end: no script error, no 5xx on any page
        page.goto(f"{base}/admin/")
        expect(page).to_have_url(f"{base}/admin/login/?next=/admin/")
        if screenshot_login:
            shot(page, "login")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page).to_have_url(f"{base}/admin/")
        return page

    def success(page, text: str) -> None:
        expect(page.locator("ul.messagelist li.success")).to_contain_text(text)

    def open_claims(page) -> None:
        page.locator("tr.model-claim th a").click()
        expect(page.locator("#result_list, p.paginator").first).to_be_visible()

    def rows(page):
        return page.locator("#result_list tbody tr")

    def status_of(page):
        return page.locator(".fc-workflow .fc-badge")

    try:
        # --- The reviewer triages ----------------------------------------------------------
        desk = log_in("desk-lead", screenshot_login=True)
        dashboard = desk.locator("#fc-dashboard")
        expect(dashboard).to_be_visible()
        expect(desk.locator("td.fc-count-new")).to_have_text("4")
        expect(desk.locator("#fc-published-week")).to_have_text("0")
        expect(desk.locator("#fc-editor-load")).to_contain_text("editor1")
        shot(desk, "reviewer dashboard")

        open_claims(desk)
        expect(desk.locator("#content h1")).to_have_text("Triage")
        expect(rows(desk)).to_have_count(4)
        # New claims by check-worthiness, with figures, score, status and the consistency flag.
        expect(rows(desk).nth(0)).to_contain_text(MAIN)
        expect(rows(desk).nth(0)).to_contain_text("4.2m containers")
        expect(rows(desk).nth(0)).to_contain_text("0.91")
        expect(rows(desk).nth(0).locator(".fc-badge")).to_have_text("New")
        expect(rows(desk).nth(1)).to_contain_text("⚠ inconsistent figures")
        expect(rows(desk).nth(3)).to_contain_text("busiest port")
        shot(desk, "triage")

        # Bulk action: dismiss the boast with a reason.
        rows(desk).filter(has_text="busiest port").locator("input.action-select").check()
        desk.select_option("select[name=action]", "dismiss_with_reason")
        desk.locator("button[name=index]").click()
        expect(desk.locator("#content h1")).to_have_text("Dismiss claims")
        expect(desk.locator(".fc-bulk-list")).to_contain_text("busiest port")
        desk.fill("textarea[name=reason]", "A boast, not a checkable statement of fact.")
        shot(desk, "bulk dismiss with reason")
        desk.get_by_role("button", name="Dismiss").click()
        success(desk, "1 claim dismissed.")
        expect(desk.locator("#content h1")).to_have_text("Triage")
        expect(rows(desk)).to_have_count(3)
        shot(desk, "triage after dismissing")

        # Open the top claim and assign it from the claim page.
        rows(desk).nth(0).locator("th.field-claim a").click()
        expect(desk.locator(".fc-paragraph mark.fc-hl")).to_have_text(newsroom["main"].text)
        expect(desk.locator(".fc-paragraph")).to_contain_text("12 percent more")  # its paragraph
        expect(desk.locator(".fc-paragraph")).not_to_contain_text("Unions disputed")
        expect(status_of(desk)).to_have_text("New")
        buttons = desk.locator(".fc-transitions summary, .fc-transitions button:visible")
        expect(buttons).to_have_text(["Assign…", "Dismiss…"])
        expect(desk.locator(".fc-figures")).to_contain_text("4.2m containers")
        shot(desk, "claim new")

        desk.get_by_text("Assign…").click()
        assign = desk.locator("details.fc-transition-assign")
        assign.locator("select[name=assign-assignee]").select_option(label="editor1")
        assign.locator("input[name=assign-due_date]").fill(due.isoformat())
        shot(desk, "assign form")
        assign.get_by_role("button", name="Assign").click()
        success(desk, "Assign to editor1: done. The claim is now assigned.")
        expect(status_of(desk)).to_have_text("Assigned")
        expect(desk.locator(".fc-workflow")).to_contain_text("assigned to editor1")
        expect(desk.locator(".fc-workflow")).to_contain_text(f"due {due.isoformat()}")
        expect(desk.locator("#fc-history")).to_contain_text(
            "desk-lead: status new → assigned; assignee — → editor1"
        )
        shot(desk, "claim assigned")

        # --- The editor works on it ----------------------------------------------------------
        ed = log_in("editor1")
        shot(ed, "editor dashboard")
        open_claims(ed)
        expect(ed.locator("#content h1")).to_have_text("My queue")
        expect(rows(ed)).to_have_count(1)
        expect(rows(ed).nth(0)).to_contain_text(MAIN)
        expect(rows(ed).nth(0).locator("td.field-due")).to_have_text(due.isoformat())
        shot(ed, "my queue")

        rows(ed).nth(0).locator("th.field-claim a").click()
        expect(status_of(ed)).to_have_text("Assigned")
        expect(ed.locator(".fc-transitions button")).to_have_text(["Start work"])
        shot(ed, "claim assigned as editor")
        ed.get_by_role("button", name="Start work").click()
        success(ed, "Start work: done. The claim is now in progress.")
        expect(status_of(ed)).to_have_text("In progress")
        expect(ed.locator(".fc-transition-submit")).to_contain_text(
            "Still needed: a rating, a summary, at least one evidence source."
        )
        shot(ed, "claim in progress")

        ed.select_option("#id_rating", label="False")
        ed.fill("#id_summary", SUMMARY)
        ed.fill("#id_evidence-0-url", "https://stats.example/ports/2024")
        ed.fill("#id_evidence-0-title", "Container traffic by port, 2024")
        ed.fill("#id_evidence-0-publisher", "National statistics office")
        ed.fill("#id_evidence-0-quote", "Easthaven: 3,912,000 TEU")
        ed.select_option("#id_evidence-0-stance", "refutes")
        shot(ed, "verdict and evidence typed")
        ed.locator("input[name=_continue]").click()
        success(ed, "was changed successfully")
        expect(ed.locator(".errornote")).to_have_count(0)
        expect(ed.locator("#evidence-group")).to_contain_text("Container traffic by port, 2024")
        expect(ed.locator(".fc-transition-submit")).not_to_contain_text("Still needed")
        expect(ed.locator(".fc-workflow")).to_contain_text("rating False")

        ed.fill("#fc-note-body", "Checked with the statistics office: 3.9m is their final count.")
        ed.get_by_role("button", name="Add note").click()
        success(ed, "Note added.")
        expect(ed.locator("#fc-notes")).to_contain_text("3.9m is their final count")
        shot(ed, "claim with verdict evidence and note")

        ed.get_by_role("button", name="Submit for review").click()
        success(ed, "Submit for review: done. The claim is now in review.")
        expect(status_of(ed)).to_have_text("In review")
        expect(ed.locator(".fc-workflow")).to_contain_text(
            "The claim is in review; only a reviewer may edit it now."
        )
        expect(ed.locator(".fc-transitions")).to_have_count(0)
        expect(ed.locator("input[name=_save]")).to_have_count(0)
        shot(ed, "claim in review as editor")

        # --- The reviewer publishes ---------------------------------------------------------
        desk = log_in("desk-lead")
        open_claims(desk)
        desk.locator("#changelist-filter").get_by_role("link", name="Awaiting review").click()
        expect(desk.locator("#content h1")).to_have_text("Awaiting review")
        expect(rows(desk)).to_have_count(1)
        expect(rows(desk).nth(0).locator(".fc-badge")).to_have_text("In review")
        shot(desk, "awaiting review")

        rows(desk).nth(0).locator("th.field-claim a").click()
        expect(desk.locator("#evidence-group")).to_contain_text("Container traffic by port, 2024")
        expect(desk.locator("#id_summary")).to_have_value(SUMMARY)
        buttons = desk.locator(".fc-transitions summary, .fc-transitions button:visible")
        expect(buttons).to_have_text(["Assign…", "Send back…", "Approve and publish"])
        shot(desk, "claim in review as reviewer")
        desk.get_by_role("button", name="Approve and publish").click()
        success(desk, "Approve and publish: done. The claim is now published.")
        expect(status_of(desk)).to_have_text("Published")
        expect(desk.locator(".fc-transitions summary")).to_have_text(
            ["Reopen for correction…", "Unpublish…", "Publish correction…", "Verdict stands…"]
        )
        history = desk.locator("#fc-history")
        expect(history).to_contain_text("desk-lead: status in review → published")
        expect(history).to_contain_text("editor1: status in progress → in review")
        # One line per action: the editor's save set the verdict and added the evidence.
        expect(history.locator("li", has_text="rating — → False")).to_contain_text(
            "editor1: rating — → False; summary — → “The statistics office counted"
        )
        expect(history.locator("li", has_text="rating — → False")).to_contain_text(
            "; added evidence “Container traffic by port, 2024” (refutes)"
        )
        shot(desk, "claim published")

        # The article page shows every claim in its status colour.
        desk.locator(".fc-context").get_by_role("link", name=newsroom["article"].title).click()
        body = desk.locator(".fc-article-body")
        expect(body.locator("a.fc-hl")).to_have_count(4)
        expect(body.locator("a.fc-status-published")).to_have_text(newsroom["main"].text)
        expect(body.locator("a.fc-status-dismissed")).to_contain_text("busiest port")
        expect(body.locator("a.fc-status-new")).to_have_count(2)
        shot(desk, "article with claims")

        desk.goto(f"{base}/admin/")
        expect(desk.locator("#fc-published-week")).to_have_text("1")
        expect(desk.locator("td.fc-count-published")).to_have_text("1")
        expect(desk.locator("td.fc-count-new")).to_have_text("2")
        shot(desk, "dashboard after publishing")

        for context in contexts:
            for page in context.pages:
                assert page._fc_errors == []
    finally:
        for context in contexts:
            context.close()

    # --- What was stored ------------------------------------------------------------------------
    claim = Claim.objects.select_related("rating", "assignee").get(pk=main.pk)
    assert claim.status == ClaimStatus.PUBLISHED
    assert (claim.rating.label, claim.summary, claim.assignee) == ("False", SUMMARY, editor)
    assert claim.due_date == due
    assert claim.published_at is not None
    evidence = claim.evidence.get()
    assert (evidence.url, evidence.stance, evidence.added_by) == (
        "https://stats.example/ports/2024",
        "refutes",
        editor,
    )
    assert claim.annotations.get().author == editor
    assert PublicationEvent.objects.get(claim=claim).kind == PublicationEvent.Kind.PUBLISHED
    assert Claim.objects.get(pk=newsroom["boast"].pk).status == ClaimStatus.DISMISSED

    events = list(
        ClaimEvent.objects.filter(pgh_obj_id=claim.pk)
        .select_related("pgh_context")
        .order_by("pgh_id")
    )
    statuses = [e.status for e in events]
    assert [s for i, s in enumerate(statuses) if i == 0 or s != statuses[i - 1]] == [
        "new",
        "assigned",
        "in_progress",
        "in_review",
        "published",
    ]
    who = {e.status: e.pgh_context.metadata.get("user") for e in events if e.pgh_context}
    assert who["assigned"] == reviewer.pk
    assert who["in_review"] == editor.pk
    assert who["published"] == reviewer.pk
    rated = next(e for e in events if e.rating_id is not None)
    assert rated.pgh_context.metadata.get("user") == editor.pk
    actions = {e.pgh_context.metadata.get("action") for e in events if e.pgh_context}
    assert {"assign", "start", "submit", "publish"} <= actions

    lines = [str(entry) for entry in claim_history(claim)]
    assert any("desk-lead: status in review → published" in line for line in lines)
    assert any(
        "editor1: rating — → False; summary" in line and "; added evidence “Container" in line
        for line in lines
    )
