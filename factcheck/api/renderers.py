"""The API's JSON renderer: DRF's JSONRenderer output, written by orjson.

Same bytes as DRF's renderer for what the API returns (compact separators, UTF-8 rather than
\\u escapes, U+2028/U+2029 escaped, datetimes/dates/decimals/UUIDs/lazy strings through DRF's
own encoder), several times faster on a page of claims. An `indent` in the Accept header, and
anything orjson cannot write (an integer wider than 64 bits), go through DRF's renderer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
_encoder = JSONEncoder()


def _default(obj: Any) -> Any:
    """Types orjson does not write natively (or writes otherwise): DRF's encoder decides."""
    return _encoder.default(obj)


def dumps(data: Any) -> bytes:
    """`data` as compact JSON, as the API writes it."""
    return (
        orjson.dumps(data, default=_default, option=OPTIONS)
        .replace(b"\xe2\x80\xa8", b"\\u2028")
        .replace(b"\xe2\x80\xa9", b"\\u2029")
    )


def json_bytes(data: Any) -> bytes:
    """`data` as this renderer writes it (without an `indent`)."""
    try:
        return dumps(data)
    except orjson.JSONEncodeError:
        return JSONRenderer().render(data)  # type: ignore[no-any-return]


class FastJSONRenderer(JSONRenderer):
    """A view that already wrote its answer's JSON (to digest it for the ETag: factcheck.api.
    conditional) leaves the bytes on the response as `json_body`; they are sent as they are."""

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if data is None:
            return b""
        renderer_context = renderer_context or {}
        if self.get_indent(accepted_media_type or "", renderer_context) is None:
            response = renderer_context.get("response")
            written = getattr(response, "json_body", None)
            if written is not None and getattr(response, "data", None) is data:
                return written  # type: ignore[no-any-return]
            try:
                return dumps(data)
            except orjson.JSONEncodeError:
                pass
        return super().render(data, accepted_media_type, renderer_context)
