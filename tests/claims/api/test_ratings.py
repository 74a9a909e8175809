"""/api/ratings/ (claims/api/ratings.py)."""

import pytest

from tests.factories import rating

pytestmark = pytest.mark.django_db


def test_ratings_list_the_scale(reviewer_api):
    labels = [r["label"] for r in reviewer_api.get("/api/ratings/").json()["results"]]
    assert labels[0] == "True" and "Unverifiable" in labels
    assert rating("Unverifiable").claimreview_value is None
