"""Every /api/ route: viewsets from articles/api.py, claims/api.py; the export from cms/api.py."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from articles.api import ArticleViewSet
from claims.api.annotations import AnnotationViewSet
from claims.api.claims import ClaimViewSet
from claims.api.evidence import EvidenceViewSet
from claims.api.ratings import RatingViewSet
from claims.api.users import UserViewSet
from cms.api import ClaimReviewFeedView

router = DefaultRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("claims", ClaimViewSet, basename="claim")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("annotations", AnnotationViewSet, basename="annotation")
router.register("ratings", RatingViewSet, basename="rating")
router.register("users", UserViewSet, basename="user")

urlpatterns = [
    path("export/claimreviews/", ClaimReviewFeedView.as_view(), name="export-claimreviews"),
    path("", include(router.urls)),
    path("", include("claims.api.urls")),  # matches, groups, prior verdicts, search
]
