"""Conditional GETs on the claims list, a claim and the export feed (factcheck/api/conditional.py):
ETag and Last-Modified on every answer, 304 for If-None-Match / If-Modified-Since while unchanged,
a 200 with new validators as soon as anything shown changes."""

import time

import pytest
from django.contrib.auth.models import Group
from django.utils.http import http_date, parse_http_date
from redis.exceptions import ConnectionError as RedisConnectionError

from claims.models import Claim, Claimant
from factcheck.api import conditional
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

LIST = "/api/claims/?status=new&ordering=id"
FEED = "/api/export/claimreviews/?since=0&limit=50"


def test_a_list_page_carries_an_etag_and_last_modified_and_304s_on_either(reviewer_api):
    ClaimFactory.create_batch(3)
    first = reviewer_api.get(LIST)
    assert first.status_code == 200
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('W/"') and parse_http_date(modified) <= time.time()

    by_tag = reviewer_api.get(LIST, HTTP_IF_NONE_MATCH=etag)
    assert by_tag.status_code == 304 and by_tag.content == b""
    assert by_tag["ETag"] == etag  # (a 304 for a tag repeats the tag; RFC 9110 15.4.5)

    by_date = reviewer_api.get(LIST, HTTP_IF_MODIFIED_SINCE=modified)
    assert by_date.status_code == 304 and by_date["ETag"] == etag
    assert by_date["Last-Modified"] == modified

    # If-None-Match decides when both are sent (RFC 9110): a stale tag is a 200.
    both = reviewer_api.get(LIST, HTTP_IF_NONE_MATCH='W/"other"', HTTP_IF_MODIFIED_SINCE=modified)
    assert both.status_code == 200 and both.json() == first.json()
    # An older date, or one that is not a date, is a 200.
    older = http_date(parse_http_date(modified) - 1)
    assert reviewer_api.get(LIST, HTTP_IF_MODIFIED_SINCE=older).status_code == 200
    assert reviewer_api.get(LIST, HTTP_IF_MODIFIED_SINCE="yesterday").status_code == 200


def test_a_claim_leaving_the_page_changes_both_validators_even_within_the_second(reviewer_api):
    claims = ClaimFactory.create_batch(3)
    first = reviewer_api.get(LIST)
    # Nothing on the remaining rows changes: the page changes because a row left it.
    Claim.objects.filter(pk=claims[0].pk).update(status="dismissed", dismiss_reason="Not a claim.")
    second = reviewer_api.get(LIST)
    assert second.status_code == 200
    assert len(second.json()["results"]) == 2
    assert second["ETag"] != first["ETag"]
    assert parse_http_date(second["Last-Modified"]) > parse_http_date(first["Last-Modified"])
    for header in (
        {"HTTP_IF_NONE_MATCH": first["ETag"]},
        {"HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]},
    ):
        assert reviewer_api.get(LIST, **header).status_code == 200
    assert reviewer_api.get(LIST, HTTP_IF_MODIFIED_SINCE=second["Last-Modified"]).status_code == 304


def test_a_nested_change_that_bumps_no_claim_changes_the_detail(reviewer_api):
    claimant = Claimant.objects.create(name="Jane Doe", kind="person")
    claim = ClaimFactory(claimant=claimant)
    path = f"/api/claims/{claim.pk}/"
    first = reviewer_api.get(path)
    assert first["Last-Modified"]
    assert reviewer_api.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    Claimant.objects.filter(pk=claimant.pk).update(role="Mayor")  # the claim's row is untouched
    second = reviewer_api.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert second.status_code == 200 and second.json()["claimant"]["role"] == "Mayor"
    assert second["ETag"] != first["ETag"]


def test_the_feed_is_conditional_and_a_new_event_is_a_200(key_api, publish):
    publish()
    first = key_api.get(FEED)
    assert first.status_code == 200 and len(first.json()["items"]) == 1
    assert key_api.get(FEED, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert key_api.get(FEED, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    publish()
    again = key_api.get(FEED, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200 and len(again.json()["items"]) == 2


def test_each_caller_has_its_own_validators_for_its_own_view(reviewer_api, editor_api):
    ClaimFactory.create_batch(2)
    as_reviewer = reviewer_api.get(LIST)
    as_editor = editor_api.get(LIST)
    # available_transitions differ: so do the representations and their tags.
    assert as_reviewer.json() != as_editor.json()
    assert as_reviewer["ETag"] != as_editor["ETag"]
    assert editor_api.get(LIST, HTTP_IF_NONE_MATCH=as_reviewer["ETag"]).status_code == 200


def test_without_redis_there_is_no_last_modified_and_if_modified_since_is_ignored(
    reviewer_api, monkeypatch
):
    ClaimFactory()
    first = reviewer_api.get(LIST)

    class Down:
        def get(self, *args, **kwargs):
            raise RedisConnectionError("down")

        set = get

    monkeypatch.setattr(conditional, "caches", {"default": Down()})
    response = reviewer_api.get(LIST, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert response.status_code == 200 and "Last-Modified" not in response
    # The ETag needs no Redis.
    assert reviewer_api.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


# A 304 for If-None-Match is answered from the rows without building the page when the same rows
# were answered before (conditional.unchanged): anything shown that changes must still be a 200.


def test_a_nested_change_on_a_list_page_is_a_200_for_the_old_tag(reviewer_api):
    claimant = Claimant.objects.create(name="Jane Doe", kind="person")
    ClaimFactory(claimant=claimant)
    first = reviewer_api.get(LIST)
    assert reviewer_api.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    Claimant.objects.filter(pk=claimant.pk).update(role="Mayor")  # no claim row changes
    second = reviewer_api.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second.json()["results"][0]["claimant"]["role"] == "Mayor"
    assert second["ETag"] != first["ETag"]
    assert reviewer_api.get(LIST, HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304


def test_a_callers_new_role_on_unchanged_rows_is_a_200_for_the_old_tag(reviewer, reviewer_api):
    ClaimFactory.create_batch(2)
    first = reviewer_api.get(LIST)
    assert first.json()["results"][0]["available_transitions"]
    assert reviewer_api.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    reviewer.groups.set([Group.objects.get(name="Editor")])  # an editor now: fewer actions
    second = reviewer_api.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    transitions = [row["available_transitions"] for row in second.json()["results"]]
    assert transitions != [row["available_transitions"] for row in first.json()["results"]]


def test_a_change_to_a_published_claims_article_is_a_200_for_the_feeds_old_tag(key_api, publish):
    claim = publish()
    first = key_api.get(FEED)
    assert key_api.get(FEED, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    type(claim.article).objects.filter(pk=claim.article_id).update(title="A new headline")
    second = key_api.get(FEED, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    appearance = second.json()["items"][0]["claimReview"]["itemReviewed"]["appearance"]
    assert appearance["headline"] == "A new headline"
    assert key_api.get(FEED, HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304
