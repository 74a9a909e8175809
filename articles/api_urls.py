"""The articles app's /api/ routes (included from factcheck/urls.py by string)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from articles.api import ArticleViewSet

router = DefaultRouter()
router.include_root_view = False  # one API root for all apps, in factcheck/urls.py
router.register("articles", ArticleViewSet, basename="article")

urlpatterns = [path("", include(router.urls))]
