from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from factcheck.views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("factcheck.api_urls")),
    path("healthz", healthz, name="healthz"),
]

handler404 = "factcheck.views.not_found"
handler500 = "factcheck.views.server_error"
