"""Content-Security-Policy on the admin and the API (django-csp): scripts only from this site (and
Swagger UI's CDN), never inline; no framing; forms post here only."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


@pytest.mark.parametrize("path", ["/admin/login/", "/api/claims/", "/api/docs/", "/api/"])
def test_every_page_carries_a_policy_without_inline_script(client, reviewer, path):
    client.force_login(reviewer)
    policy = directives(client.get(path))
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


def test_swagger_ui_loads_its_start_script_from_a_url_not_inline(client, reviewer):
    client.force_login(reviewer)
    html = client.get("/api/docs/").content.decode()
    assert '<script src="/api/docs/?script=' in html or "/api/docs/?script" in html
    assert "<script>" not in html
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()
