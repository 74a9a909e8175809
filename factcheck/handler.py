"""The WSGI handler (factcheck/wsgi.py): Django's, with each path's URL resolution remembered.

Django resolves a request's path by trying the URL patterns in order, on every request: an API
path is matched after the admin's, the accounts', the schema's and every router's patterns before
it (a twentieth of an API request's CPU). The result depends on the path and the URL
configuration only, so here a path's match is kept (per resolver, so a changed configuration
starts afresh: Django makes a new resolver when its URL caches are cleared) and each request gets
its own copy of it (its own dictionaries of arguments), as a fresh resolution would give it. A
path that does not resolve (404) is resolved, and refused, every time. At most 1,024 paths a
process, the most recently used kept.
"""

from __future__ import annotations

from typing import Any

from django.core.handlers.wsgi import WSGIHandler
from django.urls import ResolverMatch, get_resolver, set_urlconf

from factcheck.memo import Memo

_matches: Memo[ResolverMatch] = Memo(1024)


def _copy(match: Any) -> ResolverMatch:
    """A match of its own: what a request or view may change is not shared."""
    fresh: Any = ResolverMatch.__new__(ResolverMatch)  # (copy.copy: it refuses to be pickled)
    fresh.__dict__.update(match.__dict__)
    fresh.kwargs = dict(match.kwargs)
    if match.captured_kwargs is not None:
        fresh.captured_kwargs = dict(match.captured_kwargs)
    if match.extra_kwargs is not None:
        fresh.extra_kwargs = dict(match.extra_kwargs)
    if match.tried is not None:
        fresh.tried = [list(entry) for entry in match.tried]
    fresh.app_names = list(match.app_names)
    fresh.namespaces = list(match.namespaces)
    return fresh  # type: ignore[no-any-return]


def resolve(resolver: Any, path: str) -> ResolverMatch:
    """`resolver.resolve(path)`, the match remembered per resolver and path."""
    key = (resolver, path)
    match = _matches.get(key, None)
    if match is None:
        match = resolver.resolve(path)  # raises Resolver404: nothing kept
        _matches.put(key, match)
    return _copy(match)


class Handler(WSGIHandler):
    def resolve_request(self, request: Any) -> ResolverMatch:
        # Django's BaseHandler.resolve_request, the resolution remembered.
        if hasattr(request, "urlconf"):
            set_urlconf(request.urlconf)
            resolver = get_resolver(request.urlconf)
        else:
            resolver = get_resolver()
        match = resolve(resolver, request.path_info)
        request.resolver_match = match
        return match
