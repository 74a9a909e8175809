"""Ids in paths and query parameters (factcheck/api/params.py): a bigint or a 404/400."""

import pytest
from django import forms

from factcheck.api.params import id_in_range
from factcheck.ids import MAX_BIGINT


def test_an_id_or_name_parameter_refuses_only_ids_past_bigint():
    id_in_range(str(MAX_BIGINT))
    id_in_range("editor-1")
    id_in_range("")
    with pytest.raises(forms.ValidationError, match="at most"):
        id_in_range(str(MAX_BIGINT + 1))


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["0", "-1", "1.5", str(MAX_BIGINT + 1)])
def test_an_id_filter_out_of_range_is_400_naming_the_parameter(reviewer_api, value):
    response = reviewer_api.get("/api/evidence/", {"claim": value})
    assert response.status_code == 400
    assert "claim" in response.json()


@pytest.mark.django_db
def test_huge_id_in_path_is_404(reviewer_api):
    assert reviewer_api.get("/api/claims/99999999999999999999999/").status_code == 404
    assert reviewer_api.get("/api/claims/999999999999999999/").status_code == 404
