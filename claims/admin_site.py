"""The desk's admin site: its titles, and its index page with the dashboard above the app list
(claims/templates/admin/claims/index.html renders `fc_dashboard`).

The default site (`django.contrib.admin.site`) is an instance of this class through
claims.admin_config.DeskAdminConfig, so every app registers on it as usual.
"""

from __future__ import annotations

from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from claims.accounts.two_factor import two_factor_pending
from claims.selectors import dashboard_counts


class DeskAdminSite(admin.AdminSite):
    site_header = "Factcheck workbench"
    site_title = "Factcheck"
    index_title = "The desk"
    index_template = "admin/claims/index.html"

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        """Every page of the site asks for the two-factor code first when it is due
        (claims.accounts.two_factor)."""
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if two_factor_pending(request.user):
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse('two_factor')}?{query}")
            return inner(request, *args, **kwargs)

        return wrapper

    def index(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> TemplateResponse:
        extra = dict(extra_context or {})
        if request.user.has_perm("claims.view_claim"):
            extra["fc_dashboard"] = dashboard_counts()
        return super().index(request, extra_context=extra)
