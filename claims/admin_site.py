"""The desk's admin site: its titles, and its index page with the dashboard above the app list
(claims/templates/admin/claims/index.html renders `fc_dashboard`).

The default site (`django.contrib.admin.site`) is an instance of this class through
claims.admin_config.DeskAdminConfig, so every app registers on it as usual.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse

from claims.selectors import dashboard_counts


class DeskAdminSite(admin.AdminSite):
    site_header = "Factcheck workbench"
    site_title = "Factcheck"
    index_title = "The desk"
    index_template = "admin/claims/index.html"

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
