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
from claims.notifications.services import unread_count
from claims.selectors import dashboard_counts


class DeskAdminSite(admin.AdminSite):
    site_header = "Factcheck workbench"
    site_title = "Factcheck"
    index_title = "The desk"
    index_template = "admin/claims/index.html"
    # No "View site" link: this project serves no public site of its own (the newsroom's site
    # reads the API), and "/" is no page - the link led to a 404.
    site_url = None

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        """Every admin page: the notification bell with the user's unread count (one query)."""
        context = super().each_context(request)
        user = request.user
        if user.is_authenticated and user.is_active and user.is_staff:
            context["fc_unread"] = unread_count(user)
            context["site_usertools"] = ["admin/claims/notification/bell.html"]
        return context

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

    def get_urls(self) -> list[Any]:
        from django.urls import path

        from claims.admin.pipeline import pipeline_view

        page = self.admin_view(lambda request: pipeline_view(request, self))
        return [path("pipeline/", page, name="pipeline"), *super().get_urls()]
