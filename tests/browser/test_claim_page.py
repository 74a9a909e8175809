"""The claim page never loses typed work, in a real browser: a workflow button saves the form
first; a stale page refuses both and keeps the typed text; leaving with unsaved edits asks first.
Screenshots: test-artifacts/browser/claim-page/NN-*.png."""

from __future__ import annotations

import pytest

from claims.models import Claim, ClaimStatus
from claims.services.workflow import claim_update
from tests.browser.conftest import ARTIFACTS, Screenshots
from tests.factories import ArticleFactory, ClaimFactory, EditorFactory, ReviewerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests"  # what tests.factories.UserFactory gives every user
SENTENCE = "The Port of Easthaven handled 4.2 million containers last year."
BODY = f"{SENTENCE} That was a record, the harbour authority said.\n\nUnions disputed it."
SUMMARY = "The statistics office counted 3.9 million containers last year, not 4.2 million."


@pytest.fixture(scope="module")
def shot() -> Screenshots:
    return Screenshots(ARTIFACTS / "claim-page")  # one numbering for the module


@pytest.fixture
def desk():
    reviewer = ReviewerFactory(username="desk-lead")
    editor = EditorFactory(username="editor1")
    article = ArticleFactory(title="Port of Easthaven posts a record year", body=BODY)
    claim = ClaimFactory(
        article=article,
        start=0,
        end=len(SENTENCE),
        text=SENTENCE,
        status=ClaimStatus.IN_PROGRESS,
        assignee=editor,
        rating=None,
        summary="",
        quantities=[],
    )
    return {"reviewer": reviewer, "editor": editor, "claim": claim}


@pytest.fixture
def editor_page(browser, live_admin, desk):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    page.goto(f"{live_admin.url}/admin/login/")
    page.fill("#id_username", "editor1")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_admin.url}/admin/")
    yield page
    context.close()
    assert errors == []


def _open(page, live_admin, claim) -> None:
    from playwright.sync_api import expect

    page.goto(f"{live_admin.url}/admin/claims/claim/{claim.pk}/change/")
    expect(page.locator(".fc-workflow .fc-badge")).to_have_text("In progress")


def _type_verdict_and_evidence(page) -> None:
    page.select_option("#id_rating", label="False")
    page.fill("#id_summary", SUMMARY)
    page.fill("#id_evidence-0-url", "https://stats.example/ports/2024")
    page.fill("#id_evidence-0-title", "Container traffic by port, 2024")
    page.select_option("#id_evidence-0-stance", "refutes")


def test_submit_without_save_saves_everything_and_submits(editor_page, live_admin, desk, shot):
    from playwright.sync_api import expect

    page, claim = editor_page, desk["claim"]
    _open(page, live_admin, claim)
    _type_verdict_and_evidence(page)
    shot(page, "typed, not saved")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.type), d.dismiss()))
    page.get_by_role("button", name="Submit for review").click()

    expect(page.locator("ul.messagelist li.success")).to_have_text(
        "Your changes were saved. Submit for review: done. The claim is now in review."
    )
    expect(page.locator(".fc-workflow .fc-badge")).to_have_text("In review")
    expect(page.locator(".fc-workflow")).to_contain_text("rating False")
    expect(page.locator("#evidence-group")).to_contain_text("Container traffic by port, 2024")
    expect(page.locator("#fc-history")).to_contain_text("status in progress → in review")
    shot(page, "submitted")
    assert dialogs == []  # a submit is leaving on purpose: no "unsaved changes" prompt

    claim = Claim.objects.select_related("rating").get(pk=claim.pk)
    assert (claim.status, claim.rating.label, claim.summary) == (
        ClaimStatus.IN_REVIEW,
        "False",
        SUMMARY,
    )
    evidence = claim.evidence.get()
    assert (evidence.url, evidence.stance, evidence.added_by) == (
        "https://stats.example/ports/2024",
        "refutes",
        desk["editor"],
    )


def test_a_stale_page_refuses_the_save_and_the_step_and_keeps_the_typed_text(
    editor_page, live_admin, desk, shot
):
    from playwright.sync_api import expect

    page, claim = editor_page, desk["claim"]
    _open(page, live_admin, claim)
    _type_verdict_and_evidence(page)
    # Meanwhile the reviewer saves the claim.
    claim_update(
        claim=claim, actor=desk["reviewer"], expected_version=claim.version, summary="Reviewer's."
    )
    page.get_by_role("button", name="Submit for review").click()

    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator("ul.errorlist")).to_contain_text("This claim was changed by desk-lead at")
    expect(page.locator("#id_summary")).to_have_value(SUMMARY)
    expect(page.locator("#id_rating option:checked")).to_have_text("False")
    expect(page.locator("#id_evidence-0-url")).to_have_value("https://stats.example/ports/2024")
    expect(page.locator(".fc-workflow .fc-badge")).to_have_text("In progress")
    shot(page, "stale page refused, typed text kept")

    # What is shown is not saved: leaving now asks first.
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.type), d.dismiss()))
    page.locator("#site-name a").click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    expect(page.locator("#id_summary")).to_have_value(SUMMARY)

    claim = Claim.objects.get(pk=claim.pk)
    assert (claim.status, claim.rating_id, claim.summary) == (
        ClaimStatus.IN_PROGRESS,
        None,
        "Reviewer's.",
    )
    assert not claim.evidence.exists()


def test_leaving_with_unsaved_edits_asks_first_and_without_edits_does_not(
    editor_page, live_admin, desk, shot
):
    from playwright.sync_api import expect

    page, claim = editor_page, desk["claim"]
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.type), d.dismiss()))

    # No edits: clicking around and leaving goes without a question.
    _open(page, live_admin, claim)
    page.locator("#id_summary").click()
    page.locator("#site-name a").click()
    page.wait_for_url(f"{live_admin.url}/admin/")
    assert dialogs == []

    # A typed summary: leaving asks, and staying keeps the text.
    _open(page, live_admin, claim)
    page.fill("#id_summary", SUMMARY)
    page.locator("#site-name a").click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    expect(page).to_have_url(f"{live_admin.url}/admin/claims/claim/{claim.pk}/change/")
    expect(page.locator("#id_summary")).to_have_value(SUMMARY)
    shot(page, "stayed after the prompt")

    # Typed back to what was saved: nothing to lose, no question.
    page.fill("#id_summary", "")
    page.locator("#site-name a").click()
    page.wait_for_url(f"{live_admin.url}/admin/")
    assert dialogs == ["beforeunload"]

    # A note typed but not added counts too, when the main form's Save leaves the page.
    _open(page, live_admin, claim)
    page.fill("#fc-note-body", "Called the port.")
    page.locator("input[name=_continue]").click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload", "beforeunload"]

    # Saving is leaving on purpose: no question, and afterwards the page is clean again.
    page.fill("#fc-note-body", "")
    page.fill("#id_summary", SUMMARY)
    page.locator("input[name=_continue]").click()
    expect(page.locator("ul.messagelist li.success")).to_contain_text("was changed successfully")
    page.locator("#site-name a").click()
    page.wait_for_url(f"{live_admin.url}/admin/")
    assert dialogs == ["beforeunload", "beforeunload"]
    assert Claim.objects.get(pk=claim.pk).summary == SUMMARY


def test_a_reviewer_publishes_a_correction_and_a_refusal_keeps_what_was_typed(
    browser, live_admin, desk, shot
):
    """A correction of a published verdict from the claim page: the form starts from the
    published verdict; without the public note it is refused and comes back as typed."""
    from django.utils import timezone
    from playwright.sync_api import expect

    from claims.models import PublicationEvent
    from tests.factories import rating

    claim = desk["claim"]
    Claim.objects.filter(pk=claim.pk).update(
        status=ClaimStatus.PUBLISHED,
        rating=rating("Mostly false"),
        summary=SUMMARY,
        published_at=timezone.now(),
    )
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    try:
        page.goto(f"{live_admin.url}/admin/login/")
        page.fill("#id_username", "desk-lead")
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_admin.url}/admin/")
        page.goto(f"{live_admin.url}/admin/claims/claim/{claim.pk}/change/")
        expect(page.locator(".fc-workflow .fc-badge")).to_have_text("Published")

        panel = page.locator(".fc-transition-correct")
        panel.locator("summary").click()
        rating_select = panel.locator("select[name=correct-rating]")
        expect(rating_select.locator("option:checked")).to_have_text("Mostly false")
        expect(panel.locator("textarea[name=correct-summary]")).to_have_value(SUMMARY)
        rating_select.select_option(label="False")
        corrected = "The final count is 3.1 million containers, not 4.2 million."
        panel.locator("textarea[name=correct-summary]").fill(corrected)
        panel.get_by_role("button", name="Publish correction").click()
        expect(page.locator(".errornote")).to_be_visible()
        expect(page.locator("ul.errorlist")).to_contain_text(
            "A public correction note is required to publish a correction. Nothing was saved."
        )
        panel = page.locator(".fc-transition-correct")
        expect(panel).to_have_attribute("open", "")
        expect(panel.locator("select[name=correct-rating] option:checked")).to_have_text("False")
        expect(panel.locator("textarea[name=correct-summary]")).to_have_value(corrected)
        shot(page, "correction refused without a note")

        panel.locator("textarea[name=correct-note]").fill("The office revised its count.")
        panel.get_by_role("button", name="Publish correction").click()
        expect(page.locator("ul.messagelist li.success")).to_contain_text(
            "Publish correction: done. The claim is now published."
        )
        expect(page.locator(".fc-workflow")).to_contain_text("rating False")
        expect(page.locator("#fc-notes")).to_contain_text("The office revised its count.")
        expect(page.locator("#fc-history")).to_contain_text("rating Mostly false → False")
        shot(page, "correction published")
    finally:
        context.close()
    assert errors == []
    event = PublicationEvent.objects.get(claim=claim)
    assert (event.kind, event.previous_rating.label, event.rating.label) == (
        "corrected",
        "Mostly false",
        "False",
    )
