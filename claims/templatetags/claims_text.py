"""`{{ text|shortened:60 }}`: text cut on a word boundary with an ellipsis, the whole text in a
tooltip when it was cut (claims.admin.display.shortened)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from claims.admin.display import shortened as _shortened
from factcheck.text import shorten as _shorten

register = template.Library()


@register.filter
def shortened(text: str, limit: int) -> SafeString:
    return _shortened(str(text), int(limit))


@register.filter
def shorten(text: str, limit: int) -> str:
    """Plain text cut on a word boundary, for places that give the tooltip themselves."""
    return _shorten(str(text), int(limit))
