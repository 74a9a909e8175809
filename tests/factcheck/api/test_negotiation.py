"""DRF's content negotiation, its choice remembered (factcheck/api/negotiation.py): the same
renderer and media type as DRF's own, asked twice; refusals every time."""

import pytest
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from factcheck.api.negotiation import RememberedNegotiation
from factcheck.api.renderers import FastJSONRenderer

CASES = [
    ("", None),
    ("*/*", None),
    ("application/json", None),
    ("application/json; indent=4", None),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", None),
    ("application/*", None),
    ("text/html", None),
    ("", "json"),
    ("", "api"),
    ("text/html", "json"),
]


def choose(negotiation, accept, fmt, query=""):
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    request = Request(APIRequestFactory().get("/api/claims/" + query, **headers))
    renderers = [FastJSONRenderer(), BrowsableAPIRenderer()]
    try:
        renderer, media_type = negotiation.select_renderer(request, renderers, fmt)
    except Exception as exc:  # a refusal: the same one
        return type(exc).__name__, str(exc)
    return renderers.index(renderer), media_type


@pytest.mark.parametrize(("accept", "fmt"), CASES)
def test_the_choice_is_drfs(accept, fmt):
    want = choose(DefaultContentNegotiation(), accept, fmt)
    assert choose(RememberedNegotiation(), accept, fmt) == want
    assert choose(RememberedNegotiation(), accept, fmt) == want  # remembered
    want_query = choose(DefaultContentNegotiation(), accept, None, "?format=json")
    assert choose(RememberedNegotiation(), accept, None, "?format=json") == want_query


def test_a_refusal_is_drfs_every_time():
    from factcheck.api import negotiation

    for _ in range(2):
        assert choose(RememberedNegotiation(), "image/png", None)[0] == NotAcceptable.__name__
    assert not any(key[3] == "image/png" for key in negotiation._chosen._kept)


def test_other_renderers_are_other_choices():
    request = Request(APIRequestFactory().get("/api/claims/"))
    renderers = [JSONRenderer()]
    renderer, media_type = RememberedNegotiation().select_renderer(request, renderers)
    assert renderer is renderers[0] and media_type == "application/json"
