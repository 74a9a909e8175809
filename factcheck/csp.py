"""django-csp's middleware, with the policy written once per process.

django-csp builds the Content-Security-Policy header anew for every response: it copies the
settings' directives into a dict of every known directive, copies each value and joins them (a
twentieth of an API request's CPU). Unless the response carries a policy of its own (django-csp's
decorators: `_csp_config`, `_csp_update`, `_csp_replace` and their report-only twins) or the
request asked for a nonce (`request.csp_nonce` read), the header is the settings' policy alone,
so here it is built once, by django-csp's own `build_policy`, and kept until a
CONTENT_SECURITY_POLICY setting changes. Those other responses are django-csp's, unchanged. The
rest is as django-csp does it: no header on DEBUG's 404 and 500 pages, none over a header the
response already has, nor on an exempt response or an excluded URL prefix, and a nonce asked for
after the header is written is an error.
"""

from __future__ import annotations

import http.client
from typing import Any

from csp import middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponseBase

# A response's own policy (django-csp's decorators set these).
_OWN_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)
# (header, report only, the response attribute exempting it, its setting)
_HEADERS = (
    (HEADER, False, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
    (HEADER_REPORT_ONLY, True, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
)
_DEBUG_EXEMPT = (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)

# report only -> (the policy, the URL prefixes it is not sent for)
_policies: dict[bool, tuple[str, tuple[str, ...]]] = {}


def _forget(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _policies.clear()


setting_changed.connect(_forget)


def _policy(report_only: bool, setting: str) -> tuple[str, tuple[str, ...]]:
    found = _policies.get(report_only)
    if found is None:
        config = getattr(settings, setting, None) or {}
        found = (
            build_policy(report_only=report_only),
            tuple(config.get("EXCLUDE_URL_PREFIXES", None) or ()),
        )
        _policies[report_only] = found
    return found


class CSPMiddleware(middleware.CSPMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _OWN_POLICY
        ):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in _DEBUG_EXEMPT:
            return response
        for header, report_only, exempt, setting in _HEADERS:
            policy, excluded = _policy(report_only, setting)
            if (
                policy
                and header not in response
                and getattr(response, exempt, False) is False
                and not request.path_info.startswith(excluded)
            ):
                response[header] = policy
        # No nonce was asked for: one asked for now could no longer be in the header.
        request.csp_nonce = middleware.CheckableLazyObject(  # type: ignore[attr-defined]
            self._csp_nonce_post_response
        )
        return response
