"""The cms app's /api/ routes (included from factcheck/urls.py by string)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from cms.api import ClaimReviewFeedView, ClaimReviewViewSet

router = DefaultRouter()
router.include_root_view = False  # one API root for all apps, in factcheck/urls.py
# Only `claims/{id}/claimreview/`: the claims themselves are the claims app's routes.
router.register("claims", ClaimReviewViewSet, basename="claim")

urlpatterns = [
    path("export/claimreviews/", ClaimReviewFeedView.as_view(), name="export-claimreviews"),
    path("", include(router.urls)),
]
