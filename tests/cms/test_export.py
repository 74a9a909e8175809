import datetime
import json
import threading
import time
from urllib.parse import urlsplit

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from claims.models import PublicationEvent
from claims.services.workflow import claim_publish, claim_reopen, claim_submit, claim_unpublish
from tests.conftest import ready_for_review, token_client
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def _absolute_public_url(value):
    parts = urlsplit(value)
    assert parts.scheme in ("http", "https") and parts.netloc, value
    assert not parts.path.startswith("/api/"), f"an internal API URL in public JSON-LD: {value}"


def _iso_date(value):
    assert isinstance(value, str)
    datetime.date.fromisoformat(value[:10])
    if len(value) > 10:
        datetime.datetime.fromisoformat(value)


def _organization_or_person(value, types=("Organization", "Person")):
    assert set(value) <= {"@type", "name", "url"}, value
    assert value["@type"] in types and isinstance(value["name"], str) and value["name"].strip()
    if "url" in value:
        _absolute_public_url(value["url"])


def assert_valid_claimreview(doc):
    """The shape of schema.org ClaimReview as we publish it: only known properties, each of the
    right type; Google's required ones present; every URL absolute and public (never this API,
    which needs a login); nothing attributed that we do not know."""
    json.loads(json.dumps(doc))  # plain JSON
    assert set(doc) <= {
        "@context",
        "@type",
        "url",
        "claimReviewed",
        "reviewBody",
        "reviewRating",
        "itemReviewed",
        "author",
        "datePublished",
        "dateModified",
        "correction",
    }, doc
    assert doc["@context"] == "https://schema.org"
    assert doc["@type"] == "ClaimReview"
    assert isinstance(doc["claimReviewed"], str) and doc["claimReviewed"].strip()
    _absolute_public_url(doc["url"])
    assert doc["url"].startswith("https://")
    _organization_or_person(doc["author"], types=("Organization",))
    assert doc["author"]["url"]
    _iso_date(doc["datePublished"])
    _iso_date(doc["dateModified"])
    # A corrected fact check: CreativeWork's `correction`, as CorrectionComments (text, date).
    for comment in doc.get("correction", []):
        assert set(comment) == {"@type", "text", "datePublished"}, comment
        assert comment["@type"] == "CorrectionComment"
        assert isinstance(comment["text"], str) and comment["text"].strip()
        _iso_date(comment["datePublished"])
    if "correction" in doc:
        assert doc["correction"], "no empty list"
    rating = doc["reviewRating"]
    assert set(rating) <= {"@type", "alternateName", "ratingValue", "bestRating", "worstRating"}
    assert rating["@type"] == "Rating"
    assert isinstance(rating["alternateName"], str) and rating["alternateName"]
    if "ratingValue" in rating:
        bounds = (rating["worstRating"], rating["ratingValue"], rating["bestRating"])
        assert all(isinstance(n, int) for n in bounds)
        assert bounds[0] <= bounds[1] <= bounds[2]
    else:
        assert "bestRating" not in rating and "worstRating" not in rating
    item = doc["itemReviewed"]
    assert set(item) <= {"@type", "author", "datePublished", "appearance"}, item
    assert item["@type"] == "Claim"
    if "author" in item:
        _organization_or_person(item["author"])
    if "datePublished" in item:
        _iso_date(item["datePublished"])
    if "appearance" in item:
        appearance = item["appearance"]
        assert set(appearance) <= {"@type", "url", "headline", "publisher"}, appearance
        assert appearance["@type"] == "CreativeWork" and len(appearance) > 1
        if "url" in appearance:
            _absolute_public_url(appearance["url"])
        if "publisher" in appearance:
            _organization_or_person(appearance["publisher"], types=("Organization",))


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


def test_without_article_url_or_speaker_nothing_is_made_up(reviewer_api, publish):
    """No internal API URL for the appearance, and the outlet that reported the claim is not
    named as its author (it did not make the claim)."""
    publish(article=ArticleFactory(url=None, outlet="Radio North"), speaker="")
    doc = feed(reviewer_api)["items"][0]["claimReview"]
    assert_valid_claimreview(doc)
    item = doc["itemReviewed"]
    assert "author" not in item
    assert "url" not in item["appearance"]
    assert item["appearance"]["publisher"] == {"@type": "Organization", "name": "Radio North"}
    assert item["appearance"]["headline"]


def test_feed_claimreview_endpoint_and_webhook_give_the_same_document(
    reviewer_api, key_api, publish, settings
):
    from cms.models import WebhookDelivery, WebhookEndpoint
    from cms.services import webhook_payload

    settings.FACTCHECK_NEWSROOM_URL = "https://check.example"
    settings.ALLOWED_HOSTS = ["testserver", "elsewhere.example"]
    WebhookEndpoint.objects.create(name="CMS", url="https://cms.example/hook", secret="s")
    claim = publish(article=ArticleFactory(url=None), speaker="")
    [item] = feed(reviewer_api)["items"]
    payload = json.loads(webhook_payload(WebhookDelivery.objects.get()))
    assert payload["data"] == item
    assert key_api.get("/api/export/claimreviews/").json()["items"] == [item]
    one = reviewer_api.get(f"/api/claims/{claim.pk}/claimreview/", HTTP_HOST="elsewhere.example")
    assert one.json() == item["claimReview"]
    assert_valid_claimreview(item["claimReview"])


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
    # Public fields only: the reason for unpublishing is an internal note, not for the CMS.
    assert set(tombstone) == {"cursor", "type", "claim_id", "occurred_at", "url", "claimReview"}
    assert "Source retracted" not in json.dumps(items)


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


def count_queries(client, path):
    # A fresh client per request: nothing cached on the user object between requests.
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


def test_export_feed_costs_the_same_for_5_and_50_events(reviewer, publish):
    for _ in range(5):
        publish()
    small = count_queries(token_client(reviewer), "/api/export/claimreviews/")
    for _ in range(45):
        publish()
    large = count_queries(token_client(reviewer), "/api/export/claimreviews/")
    assert small == large


# --- Corrections of published verdicts in the feed ---

NOTE = "We cited the preliminary count; the final count is 3.1 million."


def _correct(claim, reviewer, label="False", note=NOTE, **kwargs):
    from claims.services.workflow import claim_correct
    from tests.factories import rating

    return claim_correct(
        claim=claim.pk, actor=reviewer, rating=rating(label) if label else None, note=note, **kwargs
    )


def test_a_correction_is_in_the_feed_with_its_note_its_date_and_the_verdict_it_replaced(
    reviewer_api, key_api, publish, reviewer
):
    claim = publish()
    _correct(claim, reviewer, summary="The final count is 3.1 million containers.")
    body = feed(reviewer_api)
    first, corrected = body["items"]
    assert [first["type"], corrected["type"]] == ["claim.published", "claim.corrected"]
    doc = corrected["claimReview"]
    assert_valid_claimreview(doc)
    event = PublicationEvent.objects.get(pk=corrected["cursor"])
    # The current verdict, modified when the correction was published, first published before.
    assert doc["reviewRating"]["alternateName"] == "False"
    assert doc["reviewBody"] == "The final count is 3.1 million containers."
    assert doc["dateModified"] == event.created_at.isoformat() == corrected["occurred_at"]
    assert doc["dateModified"] > first["claimReview"]["dateModified"]
    assert doc["datePublished"] == first["claimReview"]["datePublished"]
    assert doc["correction"] == [
        {"@type": "CorrectionComment", "text": NOTE, "datePublished": doc["dateModified"]}
    ]
    # The feed's own account: the note and the verdict the correction replaced.
    assert corrected["correction"] == {
        "note": NOTE,
        "previous": {
            "reviewRating": {
                "@type": "Rating",
                "alternateName": "Mostly false",
                "ratingValue": 2,
                "bestRating": 5,
                "worstRating": 1,
            },
            "reviewBody": "The port handled 3.9 million containers, not 4.2 million.",
        },
    }
    # The published entry is the snapshot it was; the claim's ClaimReview is the corrected one.
    assert "correction" not in first and "correction" not in first["claimReview"]
    assert first["claimReview"]["reviewRating"]["alternateName"] == "Mostly false"
    assert reviewer_api.get(f"/api/claims/{claim.pk}/claimreview/").json() == doc
    assert key_api.get(f"/api/claims/{claim.pk}/claimreview/").json() == doc


def test_every_public_correction_note_stays_on_the_claimreview_oldest_first(
    reviewer_api, publish, reviewer
):
    claim = publish()
    _correct(claim, reviewer, label="False", note="First correction.")
    _correct(claim, reviewer, label="Mostly false", note="Second correction.")
    items = feed(reviewer_api)["items"]
    assert [c["text"] for c in items[1]["claimReview"]["correction"]] == ["First correction."]
    latest = items[2]["claimReview"]
    assert [c["text"] for c in latest["correction"]] == ["First correction.", "Second correction."]
    assert items[2]["correction"]["previous"]["reviewRating"]["alternateName"] == "False"
    assert_valid_claimreview(latest)


def test_verdict_stands_changes_nothing_in_the_export(reviewer_api, publish, reviewer):
    from claims.services.workflow import claim_verdict_confirm

    claim = publish()
    before = feed(reviewer_api)
    document = reviewer_api.get(f"/api/claims/{claim.pk}/claimreview/").json()
    claim_verdict_confirm(claim=claim.pk, actor=reviewer, note="Still right.")
    assert feed(reviewer_api) == before
    assert reviewer_api.get(f"/api/claims/{claim.pk}/claimreview/").json() == document


def test_a_reopen_note_is_internal_a_correction_note_is_public(
    reviewer_api, publish, reviewer, editor
):
    claim = publish()
    claim = claim_reopen(claim=claim, actor=reviewer, note="Internal: the desk disagrees.")
    claim = claim_submit(claim=claim, actor=editor)
    claim_publish(claim=claim, actor=reviewer)
    [_, corrected] = feed(reviewer_api)["items"]
    assert corrected["correction"]["note"] == ""
    assert "correction" not in corrected["claimReview"]  # no public note was written
    assert "Internal" not in json.dumps(corrected)


def test_the_feed_filtered_to_corrections_since_a_cursor(reviewer_api, publish, reviewer):
    a, b, c = publish(), publish(), publish()
    _correct(a, reviewer, note="A corrected.")
    publish()
    claim_unpublish(claim=b, actor=reviewer, note="Retracted.")
    _correct(c, reviewer, note="C corrected.")
    _correct(a, reviewer, label="True", note="A corrected again.")

    body = reviewer_api.get("/api/export/claimreviews/?type=claim.corrected&limit=2").json()
    assert [(i["type"], i["claim_id"]) for i in body["items"]] == [
        ("claim.corrected", a.pk),
        ("claim.corrected", c.pk),
    ]
    assert body["has_more"] is True
    # The cursor is the event id, as unfiltered; `next` keeps the filter.
    assert body["next_since"] == body["items"][-1]["cursor"]
    assert "type=claim.corrected" in body["next"]
    rest = reviewer_api.get(body["next"]).json()
    assert [i["claimReview"]["correction"][-1]["text"] for i in rest["items"]] == [
        "A corrected again."
    ]
    assert rest["has_more"] is False
    since = rest["next_since"]
    after = reviewer_api.get(f"/api/export/claimreviews/?type=claim.corrected&since={since}")
    assert after.json()["items"] == []
    # Several types, repeated; an unknown one is a 400 naming it.
    both = reviewer_api.get(
        "/api/export/claimreviews/?type=claim.corrected&type=claim.unpublished"
    ).json()
    assert [i["type"] for i in both["items"]] == [
        "claim.corrected",
        "claim.unpublished",
        "claim.corrected",
        "claim.corrected",
    ]
    bad = reviewer_api.get("/api/export/claimreviews/?type=claim.edited")
    assert bad.status_code == 400
    assert "type" in bad.json()["errors"]


def test_the_feed_with_corrections_costs_the_same_for_5_and_50_events_filtered_or_not(
    reviewer, publish
):
    def corrected_claims(n):
        for _ in range(n):
            _correct(publish(), reviewer, note="Corrected.")

    corrected_claims(3)
    paths = ["/api/export/claimreviews/", "/api/export/claimreviews/?type=claim.corrected"]
    small = [count_queries(token_client(reviewer), p) for p in paths]
    corrected_claims(25)
    large = [count_queries(token_client(reviewer), p) for p in paths]
    assert small == large
    assert small[0] == small[1]


def test_feed_entries_seen_before_follow_the_claim_and_the_newsroom_settings(
    reviewer_api, publish, settings
):
    # Entries are kept per event row and settings (cms.api.feed_items): a change to either is new.
    claim = publish()
    path = "/api/export/claimreviews/?since=0"
    first = reviewer_api.get(path).json()["items"][0]
    assert reviewer_api.get(path).json()["items"][0] == first
    type(claim).objects.filter(pk=claim.pk).update(claim_reviewed="A new wording")
    item = reviewer_api.get(path).json()["items"][0]
    assert item["claimReview"]["claimReviewed"] == "A new wording"
    settings.FACTCHECK_NEWSROOM_URL = "https://other.example"
    item = reviewer_api.get(path).json()["items"][0]
    assert item["url"].startswith("https://other.example/")
    assert item["claimReview"]["author"]["url"] == "https://other.example"
