"""The cms app's /api/ routes (included from factcheck/urls.py by string)."""

from django.urls import path

from cms.api import ClaimReviewFeedView

urlpatterns = [
    path("export/claimreviews/", ClaimReviewFeedView.as_view(), name="export-claimreviews"),
]
