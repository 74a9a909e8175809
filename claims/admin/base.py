"""What the ClaimAdmin mixins share: their typing base, ids from request text, a URL's claim."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from claims.models import Claim
from factcheck.ids import fits_bigint, id_from_text

# The mixins go before admin.ModelAdmin in a ModelAdmin's bases; the checker sees them as one.
if TYPE_CHECKING:
    ModelAdminMixin = admin.ModelAdmin[Claim]
else:
    ModelAdminMixin = object


def pk_or_none(text: str) -> int | None:
    """A primary key from request text, or None: not digits (Unicode digits such as "²" are
    not), or past bigint, which PostgreSQL refuses."""
    value = id_from_text(text)
    return value if value is not None and fits_bigint(value) else None


class ClaimLookupMixin(ModelAdminMixin):
    def claim_or_redirect(
        self, request: HttpRequest, object_id: str
    ) -> Claim | HttpResponseRedirect:
        claim = self.get_object(request, unquote(object_id))
        if claim is None:
            return self._get_obj_does_not_exist_redirect(  # type: ignore[attr-defined,no-any-return]
                request, self.opts, object_id
            )
        if not self.has_view_or_change_permission(request, claim):
            # Not a bare 403: the user is signed in to the admin and should learn what is missing.
            self.message_user(
                request,
                "Your account may not see claims: it holds no Editor, Reviewer or Admin role. "
                "Ask an Admin to give it one.",
                messages.ERROR,
            )
            return HttpResponseRedirect(reverse("admin:index"))
        return claim
