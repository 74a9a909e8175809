"""The project's routes. Each app's API routes live in that app and are included by string, so
this package imports no app; the API root names the apps' list routes by URL name."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import APIRootView
from rest_framework.urlpatterns import format_suffix_patterns

from factcheck.views import healthz

api_root = APIRootView.as_view(
    api_root_dict={
        "articles": "article-list",
        "claims": "claim-list",
        "evidence": "evidence-list",
        "annotations": "annotation-list",
        "ratings": "rating-list",
        "users": "user-list",
    }
)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("claims.accounts.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI and ReDoc from drf-spectacular-sidecar's static files (no CDN); the split view
    # serves Swagger UI's start-up script as a file, not inline.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path(
        "api/redoc/",
        SpectacularRedocView.as_view(url_name="api-schema", template_name="api/redoc.html"),
        name="api-redoc",
    ),
    path("api/", include(format_suffix_patterns([path("", api_root, name="api-root")]))),
    path("api/", include("cms.api_urls")),
    path("api/", include("articles.api_urls")),
    path("api/", include("claims.api.urls")),
    path("healthz", healthz, name="healthz"),
]

# Problem details under /api/, Django's pages elsewhere (see factcheck.api.handlers).
handler400 = "factcheck.api.handlers.bad_request"
handler403 = "factcheck.api.handlers.permission_denied"
handler404 = "factcheck.api.handlers.not_found"
handler500 = "factcheck.api.handlers.server_error"
