"""The API docs pages name only this server's static files (drf-spectacular-sidecar): nothing is
loaded from a CDN. The browser test (tests/browser/test_api_docs.py) shows they then render."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders

from tests.factories import ReviewerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_the_docs_pages_load_their_scripts_and_styles_from_this_server(client, settings, url):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client.force_login(ReviewerFactory())
    html = client.get(url).content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    for asset in assets:
        assert asset.startswith("/"), asset  # this server, never a CDN
        if asset.startswith(settings.STATIC_URL):
            assert finders.find(asset.removeprefix(settings.STATIC_URL)), asset


def test_the_swagger_start_up_script_is_a_file_not_inline(client):
    client.force_login(ReviewerFactory())
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()
