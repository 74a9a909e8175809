"""Turning one raw input row (a dict from JSONL, CSV, a feed item, an API body) into the fields
of an Article, or a `RowInvalid` naming the field and what is wrong with it.

Plain Python apart from Django's URL validator and settings: no database access.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

MAX_TITLE = 1000
MAX_URL = 2000
MAX_OUTLET = 300
MAX_LANGUAGE = 16
MAX_AUTHOR = 300
MAX_AUTHORS = 100

BODY_KEYS = ("body", "text", "content")


class RowInvalid(ValueError):
    """One row cannot be imported; `field` names the culprit ("" for the row as a whole)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class ArticleFields:
    url: str | None
    title: str
    body: str
    outlet: str
    authors: list[str]
    published_at: dt.datetime | None
    language: str
    content_hash: str


# --- HTML to text -----------------------------------------------------------------------------

# Tags that make a string HTML rather than prose that happens to contain "<" (e.g. "a < b").
_HTML_HINT = re.compile(
    r"<\s*/?\s*(?:p|div|br|hr|span|a|b|i|u|em|strong|h[1-6]|ul|ol|li|html|head|body|script|style|"
    r"iframe|img|table|tr|td|th|blockquote|figure|figcaption|section|article|header|footer|nav|"
    r"aside|noscript|svg|meta|link|form|input|button|pre|code|sup|sub|small|time)\b[^>]*>"
    r"|<!--|&(?:[a-z]{2,8}|#\d{1,6}|#x[0-9a-f]{1,6});",
    re.IGNORECASE,
)
_DROP = {"script", "style", "noscript", "template", "svg", "iframe", "head", "object", "form"}
_BLOCK = {
    "p", "div", "section", "article", "header", "footer", "aside", "nav", "blockquote", "figure",
    "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "tr", "pre",
    "main", "dl", "dt", "dd", "address", "details", "summary",
}  # fmt: skip
_VOID = {"br", "hr", "img", "meta", "link", "input", "source", "wbr", "area", "col", "embed"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP:
            self.dropping += 1
        elif tag in ("br", "hr"):
            self.parts.append("\n")
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self.dropping = max(0, self.dropping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    if "<" not in text and "&" not in text:  # every hint starts with one; a scan is cheap
        return False
    return _HTML_HINT.search(text) is not None


def html_to_text(html: str) -> str:
    """Visible text of an HTML fragment: scripts, styles and comments dropped, entities decoded,
    paragraphs separated by a blank line. The result is stored as plain text, never as markup."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return normalise_text("".join(parser.parts))


_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANKS = re.compile(r"\n{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ASCII_NORMAL = bytes(range(0x20, 0x7F)) + b"\n"


def normalise_text(text: str) -> str:
    """Line endings to \\n, runs of spaces to one, at most one blank line between paragraphs,
    control characters removed. Claim offsets point into this normalised text."""
    if _is_normal(text):
        return text
    return _normalise(text)


def _is_normal(text: str) -> bool:
    """True when `_normalise` would return the text unchanged: the common case for exports,
    checked with a few C-speed scans (about a tenth of the cost of normalising)."""
    if text.isascii():  # deleting every printable byte and "\n" leaves the control characters
        plain = not text.encode("ascii").translate(None, _ASCII_NORMAL)
    else:  # str.isprintable counts tabs, no-break and other spaces as unprintable
        plain = text.replace("\n", "").isprintable()
    return (
        plain
        and "  " not in text
        and " \n" not in text
        and "\n " not in text
        and "\n\n\n" not in text
        and text[:1] not in (" ", "\n")
        and text[-1:] not in (" ", "\n")
    )


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def one_line(text: str) -> str:
    return _SPACES.sub(" ", _CONTROL.sub("", text.replace("\r", " ").replace("\n", " "))).strip()


# --- fields -----------------------------------------------------------------------------------


def check_unicode(field_name: str, text: str) -> str:
    """Refuse text that cannot be stored: a lone surrogate (JSON allows `\\ud800` without its
    pair, but it is not a character and PostgreSQL cannot hold it). We refuse rather than
    replace it, because a surrogate means the exporter mangled the text and a silent
    replacement would change the words claims are quoted from."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(exc.object[exc.start])
        raise RowInvalid(
            field_name,
            f"is not valid Unicode: a lone surrogate U+{code:04X} at character {exc.start + 1} "
            "(the exporter split a character in two)",
        ) from None
    return text


_url_validator = URLValidator(schemes=["http", "https"])
_TRACKING = re.compile(r"^(?:utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid)$", re.IGNORECASE)


def canonical_url(raw: str) -> str:
    """The form used for dedupe: scheme and host lower-cased, default port, fragment and tracking
    parameters (utm_*, fbclid, gclid, ...) removed. Raises RowInvalid("url", ...)."""
    raw = check_unicode("url", raw.strip())
    if len(raw) > MAX_URL:
        raise RowInvalid("url", f"is {len(raw):,} characters long; the limit is {MAX_URL:,}")
    if _CONTROL.search(raw):  # the validator lets a NUL byte through in the path
        raise RowInvalid("url", f"{raw[:200]!r} contains a control character")
    try:
        _url_validator(raw)
    except ValidationError:
        raise RowInvalid("url", f"{raw[:200]!r} is not an http(s) URL") from None
    try:
        parts = urlsplit(raw)
        host = (parts.hostname or "").lower()
        port = parts.port  # ValueError when not a number in 0-65535
    except ValueError:
        raise RowInvalid(
            "url", f"{raw[:200]!r} has a port that is not a number from 0 to 65535"
        ) from None
    scheme = parts.scheme.lower()
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.match(k)
        ]
    )
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def parse_published(value: Any) -> dt.datetime | None:
    """ISO 8601 (date or date-time, `Z` allowed) or RFC 2822; a time without zone is UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        text = value.strip()
        parsed_or_none = _parse_iso(text) or _parse_rfc2822(text)
        if parsed_or_none is None:
            raise RowInvalid(
                "published_at",
                f"cannot read {text[:80]!r} as a date (use ISO 8601, e.g. 2024-05-03T08:00:00Z, "
                "or RFC 2822, e.g. Fri, 03 May 2024 08:00:00 GMT)",
            )
        parsed = parsed_or_none
    else:
        raise RowInvalid("published_at", f"must be a date string, not {type(value).__name__}")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    if not 1800 <= parsed.year <= 2200:
        raise RowInvalid("published_at", f"year {parsed.year} is out of range")
    return parsed


def _parse_iso(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        d = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return dt.datetime(d.year, d.month, d.day)


def _parse_rfc2822(text: str) -> dt.datetime | None:
    try:
        return email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):  # e.g. a 20-digit year
        return None


_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,|\band\b|&)\s*")


def parse_authors(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        names = _AUTHOR_SPLIT.split(value)
    elif isinstance(value, list):
        names = []
        for item in value:
            if isinstance(item, Mapping):  # feeds: {"name": ...}
                item = item.get("name", "")
            if not isinstance(item, str):
                raise RowInvalid("authors", "must be a list of names or one string")
            names.append(item)
    else:
        raise RowInvalid("authors", "must be a list of names or one string")
    if len(names) > MAX_AUTHORS:
        raise RowInvalid("authors", f"has {len(names):,} names; the limit is {MAX_AUTHORS}")
    cleaned = [one_line(n) for n in names]
    for name in cleaned:
        if len(name) > MAX_AUTHOR:
            raise RowInvalid("authors", f"a name is over {MAX_AUTHOR} characters")
        check_unicode("authors", name)
    return [n for n in cleaned if n]


def _text_field(data: Mapping[str, Any], key: str, limit: int) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise RowInvalid(key, f"must be text, not {type(value).__name__}")
    text = one_line(check_unicode(key, str(value)))
    if looks_like_html(text):
        text = one_line(html_to_text(text))
    if len(text) > limit:
        raise RowInvalid(key, f"is {len(text):,} characters long; the limit is {limit:,}")
    return text


_HASH_PIECE = 2000


def content_hash(title: str, body: str) -> str:
    """SHA-256 of the title and body with whitespace and case folded: the same text re-exported
    with other line breaks is the same article."""
    folded = " ".join(title.split()).casefold() + "\n" + " ".join(body.split()).casefold()
    data = folded.encode()
    digest = hashlib.sha256()
    # Fed in pieces under 2 KB, below which hashlib keeps the GIL: releasing it for a few
    # microseconds of hashing lets the import's writer threads take it for milliseconds.
    for start in range(0, len(data), _HASH_PIECE):
        digest.update(data[start : start + _HASH_PIECE])
    return digest.hexdigest()


def article_clean(data: Mapping[str, Any]) -> ArticleFields:
    """Validate one row. The body may be given as `body`, `text` or `content`; HTML is turned
    into plain text (scripts and styles dropped)."""
    if not isinstance(data, Mapping):
        raise RowInvalid("", f"must be an object with article fields, not {type(data).__name__}")
    body_key = next(
        (
            k
            for k in BODY_KEYS
            if data.get(k) is not None and not (isinstance(data[k], str) and not data[k].strip())
        ),
        None,
    )
    if body_key is None:
        raise RowInvalid("body", "is missing or empty (give `body`, `text` or `content`)")
    raw_body = data[body_key]
    if not isinstance(raw_body, str):
        raise RowInvalid(body_key, f"must be text, not {type(raw_body).__name__}")
    limit = settings.FACTCHECK_MAX_BODY_CHARS
    if len(raw_body) > 4 * limit:  # too big even before cleaning: do not parse it
        raise RowInvalid(
            body_key,
            f"is {len(raw_body):,} characters long; the limit is {limit:,} "
            "(FACTCHECK_MAX_BODY_CHARS)",
        )
    check_unicode(body_key, raw_body)
    body = html_to_text(raw_body) if looks_like_html(raw_body) else normalise_text(raw_body)
    if not body:
        raise RowInvalid(body_key, "has no text once markup and whitespace are removed")
    if len(body) > limit:
        raise RowInvalid(
            body_key,
            f"is {len(body):,} characters long; the limit is {limit:,} (FACTCHECK_MAX_BODY_CHARS)",
        )
    title = _text_field(data, "title", MAX_TITLE)
    if not title:
        raise RowInvalid("title", "is missing or empty")
    raw_url = data.get("url")
    if raw_url is not None and not isinstance(raw_url, str):
        raise RowInvalid("url", f"must be text, not {type(raw_url).__name__}")
    url = canonical_url(raw_url) if raw_url and raw_url.strip() else None
    return ArticleFields(
        url=url,
        title=title,
        body=body,
        outlet=_text_field(data, "outlet", MAX_OUTLET),
        authors=parse_authors(data.get("authors", data.get("author"))),
        published_at=parse_published(data.get("published_at", data.get("published"))),
        language=_text_field(data, "language", MAX_LANGUAGE).lower(),
        content_hash=content_hash(title, body),
    )
