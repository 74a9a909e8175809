"""Import from the admin in a real browser: an editor pastes an article, then uploads two files
of which one is empty, and sees each outcome on the import batch page."""

from __future__ import annotations

import json

import pytest

from articles.models import Article, ImportBatch
from tests.factories import EditorFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pw-for-tests"  # what tests.factories.UserFactory gives every user
BODY = "The mill employs 300 people, the owners said on Monday."


def test_an_editor_pastes_an_article_and_uploads_files_one_of_them_empty(browser, live_admin):
    from playwright.sync_api import expect

    EditorFactory(username="editor-import")
    base = live_admin.url
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    failures: list[str] = []
    page.on("pageerror", lambda exc: failures.append(str(exc)))
    page.on(
        "response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 500 else None
    )
    try:
        page.goto(f"{base}/admin/login/?next=/admin/articles/article/")
        page.fill("#id_username", "editor-import")
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("link", name="Import articles").click()

        page.fill("#id_title", "Mill jobs")
        page.fill("#id_text", BODY)
        page.get_by_role("button", name="Import the pasted text").click()
        expect(page.locator("ul.messagelist li")).to_contain_text(
            "Imported: 1 created, 0 updated, 0 unchanged, 0 failed"
        )

        page.goto(f"{base}/admin/articles/article/import/")
        page.set_input_files(
            "#id_uploads",
            [
                {
                    "name": "wire.jsonl",
                    "mimeType": "application/json",
                    "buffer": json.dumps({"title": "Dam", "body": "The dam is full."}).encode(),
                },
                {"name": "empty.csv", "mimeType": "text/csv", "buffer": b""},
            ],
        )
        page.locator("#import-upload").get_by_role("button", name="Import").click()
        expect(page.locator("ul.messagelist li")).to_contain_text(
            "Imported: 1 created, 0 updated, 0 unchanged, 1 failed"
        )
        expect(page.locator("table.fc-import-errors")).to_contain_text(
            "empty file (0 bytes): nothing to import"
        )
    finally:
        context.close()
    assert failures == []
    assert sorted(Article.objects.values_list("title", flat=True)) == ["Dam", "Mill jobs"]
    assert ImportBatch.objects.count() == 2
