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


def django_csp_headers(request, response):
    """The headers django-csp's own middleware writes on this response."""
    from csp.middleware import CSPMiddleware

    CSPMiddleware(lambda r: response).process_response(request, response)
    return {k: v for k, v in response.items() if k.startswith("Content-Security-Policy")}


@pytest.mark.parametrize("case", ["plain", "update", "exempt", "nonce", "report_only", "debug"])
def test_the_policy_written_once_is_django_csps(rf, settings, case):
    """factcheck.csp writes the settings' policy built once: the same headers as django-csp's
    own middleware, whatever the response or request asks for."""
    from csp.exceptions import CSPNonceError
    from django.http import HttpResponse

    from factcheck.csp import CSPMiddleware

    if case == "report_only":
        settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {
            "DIRECTIVES": {"default-src": ["'none'"]},
            "EXCLUDE_URL_PREFIXES": ["/static/"],
        }
    if case == "debug":
        settings.DEBUG = True

    def respond():
        response = HttpResponse(status=404 if case == "debug" else 200)
        if case == "update":
            response._csp_update = {"img-src": ["https://images.example"]}
        if case == "exempt":
            response._csp_exempt = True
        return response

    for path in ("/api/claims/", "/static/x.css"):
        ours, theirs = rf.get(path), rf.get(path)
        for request in (ours, theirs):
            CSPMiddleware(lambda r: None).process_request(request)
            if case == "nonce":
                str(request.csp_nonce)
        response = CSPMiddleware(lambda r: None).process_response(ours, respond())
        got = {k: v for k, v in response.items() if k.startswith("Content-Security-Policy")}
        want = django_csp_headers(theirs, respond())
        if case == "nonce":  # each request its own nonce (in the header if the policy names it)
            got = {k: v.replace(ours._csp_nonce, "N") for k, v in got.items()}
            want = {k: v.replace(theirs._csp_nonce, "N") for k, v in want.items()}
        assert got == want
        if case not in ("nonce", "debug"):  # (DEBUG's 404 is left as it is)
            with pytest.raises(CSPNonceError):
                str(ours.csp_nonce)
