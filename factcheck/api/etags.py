"""ETags for versioned rows, and the conditional headers that use them.

A row with a `version` column (bumped by every write) has the weak ETag `W/"<id>-<version>"`:
what `If-Match` is checked against (an optimistic lock the service re-checks under its row
lock). A representation's ETag adds a digest of what is shown, `W/"<id>-<version>-<digest>"`,
for `If-None-Match`; `If-Match` reads only its id and version, so it works there too.

Headers are split with Django's `parse_etags` (so `*`, lists and weak tags are read as Django
reads them); a tag that is not well formed names nothing.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, Protocol

from django.utils.http import parse_etags, quote_etag
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.request import Request

from factcheck.api.renderers import json_bytes

# The opaque part of our tags: "<id>-<version>" or "<id>-<version>-<digest>".
VERSION_TAG = re.compile(r"(\d{1,18})-(\d{1,18})(?:-[0-9a-f]{1,64})?")


class Versioned(Protocol):
    @property
    def pk(self) -> Any: ...

    @property
    def version(self) -> int: ...


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = (
        'Send the ETag you read in an If-Match header (If-Match: W/"<id>-<version>"), '
        "so that you do not overwrite someone else's change."
    )
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "If-Match does not match."
    default_code = "precondition_failed"


def version_etag(row: Versioned) -> str:
    """`W/"<id>-<version>"`: what If-Match is checked against."""
    return "W/" + quote_etag(f"{row.pk}-{row.version}")


def body_digest(body: bytes) -> str:
    """A short digest of an answer's JSON."""
    return hashlib.sha256(body).hexdigest()[:16]


def representation_etag(row: Versioned, data: Any, body: bytes | None = None) -> str:
    """The ETag of one representation of `row`: its version tag plus a digest of `data` (of
    `body`, its JSON as sent, when the caller has written it already).

    The version alone misses changes that do not bump it (nested rows, fields a background job
    rewrites), so `If-None-Match` would answer 304 for a changed page. The digest is over the
    serialized data itself, so it is right whatever changed."""
    digest = body_digest(json_bytes(data) if body is None else body)
    return "W/" + quote_etag(f"{row.pk}-{row.version}-{digest}")


def _opaque(tag: str) -> str:
    """The text between the quotes of a tag from `parse_etags` (weak or strong)."""
    return tag.removeprefix("W/")[1:-1]


def expected_version(
    request: Request, pk: int, *, noun: str, required: bool, current: int | None = None
) -> int | None:
    """The version If-Match names for the row `pk`, or None when the caller sets no condition
    (no header, when optional; or `*`, which RFC 9110 makes true for any existing row).

    A list of tags passes if any names `current` (the row's version now, when the caller knows
    it); the service re-checks the version under its row lock either way. `noun` names the row
    in the error message ("claim")."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        if required:
            raise PreconditionRequired()
        return None
    tags = parse_etags(header)
    if tags == ["*"]:
        return None
    versions = []
    for tag in tags:
        match = VERSION_TAG.fullmatch(_opaque(tag))
        if match is not None and int(match[1]) == pk:
            versions.append(int(match[2]))
    if not versions:
        raise PreconditionFailed(
            f'If-Match must be this {noun}\'s ETag, W/"{pk}-<version>" (got {header[:80]!r}).'
        )
    return current if current in versions else versions[0]


def if_none_match_hits(request: Request, etag: str) -> bool:
    """Weak comparison (RFC 9110 13.1.2): `*`, or any listed tag equal to `etag`."""
    tags = parse_etags(request.headers.get("If-None-Match", ""))
    return tags == ["*"] or _opaque(etag) in {_opaque(tag) for tag in tags}
