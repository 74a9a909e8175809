"""The notification bell after an assignment, in a real browser: a reviewer assigns a claim to an
editor; the editor's admin pages show the bell with 1 unread; opening the list shows the
notification and marks it read. Screenshots: test-artifacts/browser/NN-*.png."""

from __future__ import annotations

import pytest

from claims.models import Notification
from tests.factories import ClaimFactory, EditorFactory, ReviewerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "pw-for-tests"  # what tests.factories.UserFactory gives every user


def test_the_bell_counts_an_assignment_and_the_list_marks_it_read(browser, live_admin, shot):
    from playwright.sync_api import expect

    base = live_admin.url
    ReviewerFactory(username="desk-lead")
    editor = EditorFactory(username="editor1")
    claim = ClaimFactory(checkworthiness=0.9)
    contexts = []
    errors: list[str] = []

    def log_in(username: str):
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on(
            "response",
            lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None,
        )
        page.goto(f"{base}/admin/login/?next=/admin/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page).to_have_url(f"{base}/admin/")
        return page

    try:
        ed = log_in("editor1")
        expect(ed.locator("#fc-bell-count")).to_have_text("0")
        shot(ed, "editor before the assignment")

        desk = log_in("desk-lead")
        desk.goto(f"{base}/admin/claims/claim/{claim.pk}/change/")
        desk.get_by_text("Assign…").click()
        # The transition's inputs are part of the claim form (prefixed "assign-").
        assign = desk.locator("details.fc-transition-assign")
        assign.locator("select[name=assign-assignee]").select_option(label="editor1")
        assign.get_by_role("button", name="Assign").click()
        expect(desk.locator("ul.messagelist li.success")).to_contain_text(
            "Assign to editor1: done."
        )
        expect(desk.locator("#fc-bell-count")).to_have_text("0")  # the reviewer's own: nothing

        ed.reload()
        bell = ed.locator("#fc-bell")
        expect(ed.locator("#fc-bell-count")).to_have_text("1")
        expect(bell).to_have_attribute("title", "1 unread notification")
        shot(ed, "editor sees the bell with one unread")
        ed.goto(f"{base}/admin/claims/claim/?view=mine")  # any admin page carries it
        expect(ed.locator("#fc-bell-count")).to_have_text("1")

        bell.click()
        expect(ed.locator("#content h1")).to_have_text("Your notifications")
        row = ed.locator("#result_list tbody tr")
        expect(row).to_have_count(1)
        expect(row).to_contain_text(f"desk-lead assigned you claim #{claim.pk}")
        expect(row.locator(".fc-notification-new")).to_have_text("new")
        expect(ed.locator("#fc-bell-count")).to_have_text("0")
        shot(ed, "notification list marks it read")

        assert Notification.objects.get(recipient=editor).read_at is not None
        row.get_by_role("link").click()  # the notification leads to the claim
        expect(ed).to_have_url(f"{base}/admin/claims/claim/{claim.pk}/change/")
        expect(ed.locator("#fc-bell-count")).to_have_text("0")
        assert errors == []
    finally:
        for context in contexts:
            context.close()
