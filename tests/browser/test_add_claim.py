"""Claims by hand in a real browser: an editor selects, in the article view, a sentence the
extraction missed and adds it as a claim; selecting a sentence that is already a claim is refused
with the reason. Screenshots: test-artifacts/browser/add-claim/NN-*.png."""

from __future__ import annotations

import pytest

from claims.models import Claim, ClaimEvent
from tests.browser.conftest import ARTIFACTS, Screenshots
from tests.factories import ArticleFactory, ClaimFactory, EditorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests"  # what tests.factories.UserFactory gives every user

BODY = (
    "The Port of Easthaven handled 4.2 million containers last year, the harbour authority said.\n"
    "Tesla said it would build 500,000 cars in the town by 2030.\n\n"
    "Unions disputed the figures. The mayor promised 300 new jobs by the spring."
)
KNOWN = (
    "The Port of Easthaven handled 4.2 million containers last year, the harbour authority said."
)
MISSED = "Tesla said it would build 500,000 cars in the town by 2030."

# Select `phrase` in the article body as a user's drag would: a range over the body's text nodes.
SELECT_JS = """
([phrase]) => {
  const body = document.querySelector('[data-fc-article-body]');
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  let pos = 0, startNode = null, startOff = 0, endNode = null, endOff = 0;
  const at = body.textContent.indexOf(phrase);
  if (at < 0) throw new Error('phrase not on the page: ' + phrase);
  const stop = at + phrase.length;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const len = n.textContent.length;
    if (!startNode && at < pos + len) { startNode = n; startOff = at - pos; }
    if (stop <= pos + len) { endNode = n; endOff = stop - pos; break; }
    pos += len;
  }
  const range = document.createRange();
  range.setStart(startNode, startOff);
  range.setEnd(endNode, endOff);
  const sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
}
"""


@pytest.fixture
def shots() -> Screenshots:
    return Screenshots(ARTIFACTS / "add-claim")


def test_an_editor_adds_a_missed_claim_by_selecting_its_text(browser, live_admin, shots):
    from playwright.sync_api import expect

    editor = EditorFactory(username="editor1")
    article = ArticleFactory(title="Port of Easthaven posts a record year", body=BODY)
    known = ClaimFactory(article=article, start=0, end=len(KNOWN), text=KNOWN)
    base = live_admin.url

    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    try:
        page.goto(f"{base}/admin/login/?next=/admin/")
        page.fill("#id_username", editor.username)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page).to_have_url(f"{base}/admin/")

        page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
        button = page.get_by_role("button", name="Add claim from selection")
        expect(button).to_be_disabled()  # nothing selected yet
        page.evaluate(SELECT_JS, [MISSED])
        expect(button).to_be_enabled()
        expect(page.locator("[data-fc-selection]")).to_contain_text(MISSED)
        shots(page, "sentence selected")
        button.click()

        # The new claim's page, with the quote and the engine's figures for it.
        expect(page.locator("ul.messagelist li.success")).to_contain_text("added")
        claim = Claim.objects.exclude(pk=known.pk).get()
        expect(page).to_have_url(f"{base}/admin/claims/claim/{claim.pk}/change/")
        shots(page, "claim page")
        assert claim.text == MISSED
        assert (claim.start, claim.end) == (BODY.index(MISSED), BODY.index(MISSED) + len(MISSED))
        assert claim.added_by == editor
        assert [q["value"] for q in claim.quantities] == [500000, 2030]
        assert claim.claimant is not None and claim.claimant.name == "Tesla"
        assert claim.claimant.kind == "organization"
        [event] = ClaimEvent.objects.filter(pgh_obj_id=claim.pk)
        metadata = event.pgh_context.metadata
        assert (metadata["user"], metadata["action"]) == (editor.pk, "add claim")

        # The article now highlights it; selecting the known claim's words again is refused.
        page.goto(f"{base}/admin/articles/article/{article.pk}/change/")
        expect(page.locator(".fc-article-body a.fc-hl")).to_have_count(2)
        page.evaluate(SELECT_JS, [KNOWN])
        page.get_by_role("button", name="Add claim from selection").click()
        refusal = page.locator("ul.messagelist li.error")
        expect(refusal).to_contain_text(f"Claim #{known.pk} already quotes exactly this span")
        expect(page).to_have_url(f"{base}/admin/articles/article/{article.pk}/change/")
        shots(page, "same span refused")
        assert Claim.objects.count() == 2
        assert errors == []
    finally:
        context.close()
