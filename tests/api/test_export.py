import threading
import time

import pytest
from django.db import connection, connections, transaction

from claims.models import PublicationEvent
from claims.services.workflow import claim_publish, claim_reopen, claim_submit, claim_unpublish
from tests.api.conftest import ready_for_review
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def assert_valid_claimreview(doc):
    """schema.org ClaimReview plus Google's required properties for fact-check rich results."""
    assert doc["@context"] == "https://schema.org"
    assert doc["@type"] == "ClaimReview"
    assert isinstance(doc["claimReviewed"], str) and doc["claimReviewed"]
    assert doc["url"].startswith("https://")
    author = doc["author"]
    assert author["@type"] == "Organization" and author["name"] and author["url"]
    rating = doc["reviewRating"]
    assert rating["@type"] == "Rating"
    assert rating.get("alternateName") or "ratingValue" in rating
    if "ratingValue" in rating:
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    item = doc["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["appearance"]["@type"] == "CreativeWork" and item["appearance"]["url"]
    assert doc["datePublished"]


def feed(client, since=0, limit=50):
    response = client.get(f"/api/export/claimreviews/?since={since}&limit={limit}")
    assert response.status_code == 200, response.content
    return response.json()


def test_feed_lists_published_claims_as_claimreview(reviewer_api, publish, settings):
    settings.FACTCHECK_NEWSROOM_NAME = "Coast Check"
    settings.FACTCHECK_NEWSROOM_URL = "https://check.example"
    claim = publish(article=ArticleFactory(outlet="Coastal Courier"), speaker="Harbour master")
    ClaimFactory()  # never published: not in the feed
    body = feed(reviewer_api)
    [item] = body["items"]
    assert item["type"] == "claim.published"
    assert item["claim_id"] == claim.pk
    doc = item["claimReview"]
    assert_valid_claimreview(doc)
    assert doc["claimReviewed"] == claim.text
    assert doc["author"] == {
        "@type": "Organization",
        "name": "Coast Check",
        "url": "https://check.example",
    }
    assert doc["url"] == f"https://check.example/fact-checks/claims/{claim.pk}"
    assert doc["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly false",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert doc["itemReviewed"]["author"] == {"@type": "Person", "name": "Harbour master"}
    assert doc["itemReviewed"]["appearance"]["url"] == claim.article.url
    assert doc["itemReviewed"]["datePublished"] == claim.article.published_at.date().isoformat()
    assert body["next_since"] == item["cursor"]
    assert body["has_more"] is False


def test_unverifiable_rating_has_no_rating_value(reviewer_api, publish):
    publish(label="Unverifiable")
    doc = feed(reviewer_api)["items"][0]["claimReview"]
    assert doc["reviewRating"] == {"@type": "Rating", "alternateName": "Unverifiable"}
    assert_valid_claimreview(doc)


def test_article_without_url_appears_at_its_api_url_and_outlet_is_the_author(reviewer_api, publish):
    claim = publish(article=ArticleFactory(url=None, outlet="Radio North"))
    doc = feed(reviewer_api)["items"][0]["claimReview"]
    assert doc["itemReviewed"]["appearance"]["url"] == (
        f"http://testserver/api/articles/{claim.article_id}/"
    )
    assert doc["itemReviewed"]["author"] == {"@type": "Organization", "name": "Radio North"}


def test_corrections_and_unpublications_follow_in_order_with_a_tombstone(
    reviewer_api, publish, reviewer, editor
):
    claim = publish()
    claim = claim_reopen(claim=claim, actor=reviewer, note="New data")
    claim = claim_submit(claim=claim, actor=editor)
    claim = claim_publish(claim=claim, actor=reviewer)
    claim_unpublish(claim=claim, actor=reviewer, note="Source retracted")
    items = feed(reviewer_api)["items"]
    assert [i["type"] for i in items] == ["claim.published", "claim.corrected", "claim.unpublished"]
    first, corrected, tombstone = items
    assert corrected["claimReview"]["datePublished"] == first["claimReview"]["datePublished"]
    assert corrected["url"] == first["url"] == tombstone["url"]
    assert tombstone["claimReview"] is None
    assert tombstone["note"] == "Source retracted"


def test_feed_resumes_from_the_cursor_without_gaps_or_repeats(reviewer_api, publish):
    claims = [publish() for _ in range(5)]
    seen = []
    since = 0
    while True:
        body = feed(reviewer_api, since=since, limit=2)
        seen += [i["claim_id"] for i in body["items"]]
        since = body["next_since"]
        if not body["has_more"]:
            break
    assert seen == [c.pk for c in claims]
    assert feed(reviewer_api, since=since)["items"] == []
    assert feed(reviewer_api, since=since)["next_since"] == since


def test_feed_keeps_the_snapshot_that_was_published(reviewer_api, publish, reviewer):
    claim = publish()
    claim_reopen(claim=claim, actor=reviewer, note="Check again")
    from claims.services.workflow import claim_update
    from tests.factories import rating

    claim.refresh_from_db()
    claim_update(claim=claim, actor=reviewer, expected_version=claim.version, rating=rating("True"))
    item = feed(reviewer_api)["items"][0]
    assert item["claimReview"]["reviewRating"]["alternateName"] == "Mostly false"


@pytest.mark.parametrize(
    "query", ["since=-1", "since=abc", "since=99999999999999999999", "limit=0"]
)
def test_bad_cursor_is_400(reviewer_api, query):
    assert reviewer_api.get(f"/api/export/claimreviews/?{query}").status_code == 400


def test_one_claimreview_per_claim(reviewer_api, publish, reviewer):
    claim = publish()
    response = reviewer_api.get(f"/api/claims/{claim.pk}/claimreview/")
    assert response.status_code == 200
    assert_valid_claimreview(response.json())
    never = ClaimFactory()
    assert reviewer_api.get(f"/api/claims/{never.pk}/claimreview/").status_code == 404
    claim_unpublish(claim=claim, actor=reviewer, note="Retracted")
    assert reviewer_api.get(f"/api/claims/{claim.pk}/claimreview/").status_code == 404


def test_a_reopened_claim_keeps_its_published_claimreview(reviewer_api, publish, reviewer):
    claim = publish()
    claim_reopen(claim=claim, actor=reviewer, note="Correction coming")
    response = reviewer_api.get(f"/api/claims/{claim.pk}/claimreview/")
    assert response.status_code == 200
    assert response.json()["reviewRating"]["alternateName"] == "Mostly false"


@pytest.mark.django_db(transaction=True)
def test_an_uncommitted_publication_holds_back_later_ones_so_the_cursor_never_skips(
    reviewer, editor, reviewer_api
):
    """Writers of the log hold an advisory lock until commit: a later event cannot commit (and
    be read, moving a consumer's cursor past) while an earlier id is still in flight."""
    first = ready_for_review(ClaimFactory(), editor, reviewer)
    first = claim_submit(claim=first, actor=editor)
    second = ready_for_review(ClaimFactory(), editor, reviewer)
    second = claim_submit(claim=second, actor=editor)
    first_published = threading.Event()
    release_first = threading.Event()
    second_done = threading.Event()

    def publish_first_slowly():
        try:
            with transaction.atomic():
                claim_publish(claim=first.pk, actor=reviewer)
                first_published.set()
                release_first.wait(10)
        finally:
            connections.close_all()

    def publish_second():
        try:
            claim_publish(claim=second.pk, actor=reviewer)
            second_done.set()
        finally:
            connections.close_all()

    a = threading.Thread(target=publish_first_slowly)
    a.start()
    assert first_published.wait(10)
    b = threading.Thread(target=publish_second)
    b.start()
    time.sleep(0.5)
    assert not second_done.is_set()  # waits for the first to commit
    assert feed(reviewer_api)["items"] == []
    release_first.set()
    a.join(10)
    b.join(10)
    items = feed(reviewer_api)["items"]
    assert [i["claim_id"] for i in items] == [first.pk, second.pk]
    assert PublicationEvent.objects.count() == 2
    connection.close()
