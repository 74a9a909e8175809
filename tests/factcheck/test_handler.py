"""The WSGI handler remembers each path's URL match (factcheck/handler.py): the same match as
Django's resolution, a copy of its own for each request, and a 404 every time."""

import pytest
from django.urls import Resolver404, get_resolver

from factcheck import handler

PATHS = [
    "/api/claims/",
    "/api/claims/12/",
    "/api/claims/12/claimreview/",
    "/api/claims/12/evidence/",
    "/api/claims.json",
    "/api/export/claimreviews/",
    "/api/",
    "/api/docs/",
    "/admin/login/",
    "/healthz",
]

FIELDS = (
    "func",
    "args",
    "kwargs",
    "url_name",
    "route",
    "app_names",
    "namespaces",
    "view_name",
    "captured_kwargs",
    "extra_kwargs",
    "tried",
    "_func_path",
)


@pytest.mark.parametrize("path", PATHS)
def test_a_remembered_match_is_djangos_own_and_each_requests_own(path):
    resolver = get_resolver()
    want = resolver.resolve(path)
    first, second = handler.resolve(resolver, path), handler.resolve(resolver, path)
    for match in (first, second):
        assert {f: getattr(match, f) for f in FIELDS} == {f: getattr(want, f) for f in FIELDS}
    first.kwargs["pk"] = "changed"
    assert handler.resolve(resolver, path).kwargs == want.kwargs


def test_a_path_that_does_not_resolve_is_refused_every_time():
    resolver = get_resolver()
    for _ in range(2):
        with pytest.raises(Resolver404):
            handler.resolve(resolver, "/api/no-such-route/")
    assert (resolver, "/api/no-such-route/") not in handler._matches._kept


def test_the_site_is_served_by_it(client):
    from factcheck.wsgi import application

    assert isinstance(application, handler.Handler)
    assert client.get("/healthz").status_code in (200, 503)
