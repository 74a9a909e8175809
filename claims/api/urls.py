"""The claims app's /api/ routes (included from factcheck/urls.py by string)."""

from django.urls import re_path

from claims.api.matching import (
    ApplyPriorVerdictView,
    ClaimMatchesView,
    GroupSplitView,
    MatchConfirmView,
    MatchRejectView,
)
from claims.api.search import SearchView
from factcheck.api.params import ID_REGEX as ID

urlpatterns = [
    re_path(rf"^claims/(?P<pk>{ID})/matches/$", ClaimMatchesView.as_view(), name="claim-matches"),
    re_path(
        rf"^claims/(?P<pk>{ID})/matches/(?P<match_id>{ID})/confirm/$",
        MatchConfirmView.as_view(),
        name="claim-match-confirm",
    ),
    re_path(
        rf"^claims/(?P<pk>{ID})/matches/(?P<match_id>{ID})/reject/$",
        MatchRejectView.as_view(),
        name="claim-match-reject",
    ),
    re_path(rf"^claims/(?P<pk>{ID})/split/$", GroupSplitView.as_view(), name="claim-split"),
    re_path(
        rf"^claims/(?P<pk>{ID})/apply-prior-verdict/$",
        ApplyPriorVerdictView.as_view(),
        name="claim-apply-prior-verdict",
    ),
    re_path(r"^search/$", SearchView.as_view(), name="search"),
]
