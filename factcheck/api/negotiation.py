"""DRF's content negotiation, its choice remembered.

DRF picks a view's renderer for every request by parsing the Accept header and matching each
accepted media type against each renderer's, building media-type objects as it goes (a fortieth
of an API request's CPU). The choice depends only on the renderers (their classes), the format
asked for (the URL suffix or `?format=`) and the Accept header, so here DRF's own
`select_renderer` decides once for each of those and the choice (which renderer, which media
type) is reused: the same renderer instance of this request's list, the same media type. A
request it refuses (406, or 404 for an unknown format) is refused by DRF every time. At most 256
choices a process, the most recently used kept.
"""

from __future__ import annotations

from typing import Any

from rest_framework.negotiation import DefaultContentNegotiation

from factcheck.memo import Memo

_chosen: Memo[tuple[int, str]] = Memo(256)


class RememberedNegotiation(DefaultContentNegotiation):
    def select_renderer(
        self, request: Any, renderers: Any, format_suffix: Any = None
    ) -> tuple[Any, str]:
        override = self.settings.URL_FORMAT_OVERRIDE
        key = (
            tuple(type(renderer) for renderer in renderers),
            format_suffix,
            request.query_params.get(override) if override else None,
            request.META.get("HTTP_ACCEPT"),
        )
        found = _chosen.get(key, None)
        if found is None:
            renderer, media_type = super().select_renderer(request, renderers, format_suffix)
            index = next(i for i, r in enumerate(renderers) if r is renderer)
            found = (index, media_type)
            _chosen.put(key, found)
        index, media_type = found
        return renderers[index], media_type
