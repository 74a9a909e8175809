"""The claims app's /api/ routes (included from factcheck/urls.py by string)."""

from django.urls import include, re_path
from rest_framework.routers import DefaultRouter

from claims.api.annotations import AnnotationViewSet
from claims.api.claims import ClaimViewSet
from claims.api.evidence import EvidenceViewSet
from claims.api.matching import (
    ApplyPriorVerdictView,
    ClaimMatchesView,
    GroupSplitView,
    MatchConfirmView,
    MatchRejectView,
)
from claims.api.notifications import NotificationPreferenceView, NotificationViewSet
from claims.api.ratings import RatingViewSet
from claims.api.search import SearchView
from claims.api.tags import ClaimChecklistView, ClaimTagsView, TagViewSet
from claims.api.users import UserViewSet
from factcheck.api.params import ID_REGEX as ID

router = DefaultRouter()
router.include_root_view = False  # one API root for all apps, in factcheck/urls.py
router.register("claims", ClaimViewSet, basename="claim")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("annotations", AnnotationViewSet, basename="annotation")
router.register("ratings", RatingViewSet, basename="rating")
router.register("users", UserViewSet, basename="user")
router.register("notifications", NotificationViewSet, basename="notification")
router.register("tags", TagViewSet, basename="tag")

urlpatterns = [
    # Before the router: "preferences" is not a notification id.
    re_path(
        r"^notifications/preferences/$",
        NotificationPreferenceView.as_view(),
        name="notification-preferences",
    ),
    re_path("", include(router.urls)),
    re_path(rf"^claims/(?P<pk>{ID})/tags/$", ClaimTagsView.as_view(), name="claim-tags"),
    re_path(
        rf"^claims/(?P<pk>{ID})/checklist/$", ClaimChecklistView.as_view(), name="claim-checklist"
    ),
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
