"""The ClaimReview's itemReviewed.author is the claimant, typed Person or Organization, and its
claimReviewed is the wording checked (an editor's rephrasing, or the quote)."""

import pytest

from claims.models import Claimant
from claims.services.claimants import ClaimantInput
from claims.services.editing import claim_edit
from claims.services.workflow import claim_publish, claim_submit
from tests.cms.test_export import assert_valid_claimreview, feed
from tests.conftest import ready_for_review
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def author_of(doc):
    return doc["itemReviewed"].get("author")


@pytest.mark.parametrize(
    ("speaker", "expected_type"),
    [
        ("The company", "Organization"),
        ("Tesla", "Organization"),
        ("the Ministry of Health", "Organization"),
        ("the government", "Organization"),
        ("Elon Musk", "Person"),
        ("the minister", "Person"),
    ],
)
def test_a_speaker_without_a_claimant_is_typed_by_its_guessed_kind(
    reviewer_api, publish, speaker, expected_type
):
    publish(speaker=speaker)
    [item] = feed(reviewer_api)["items"]
    assert_valid_claimreview(item["claimReview"])
    assert author_of(item["claimReview"]) == {"@type": expected_type, "name": speaker}


def test_the_claimant_an_editor_set_is_the_author_with_its_kind_and_link(
    reviewer_api, publish, reviewer
):
    claimant = Claimant.objects.create(
        name="Easthaven Port Ltd", kind="organization", url="https://port.example/"
    )
    publish(speaker="The company", claimant=claimant)
    person = Claimant.objects.create(name="Jane Okafor", kind="person", role="Harbour master")
    publish(speaker="Harbour master Jane Okafor", claimant=person)
    first, second = (i["claimReview"] for i in feed(reviewer_api)["items"])
    for doc in (first, second):
        assert_valid_claimreview(doc)
    assert author_of(first) == {
        "@type": "Organization",
        "name": "Easthaven Port Ltd",
        "url": "https://port.example/",
    }
    assert author_of(second) == {"@type": "Person", "name": "Jane Okafor"}


def test_a_corrected_kind_changes_the_type_in_the_claims_claimreview(reviewer_api, publish):
    claim = publish(speaker="Acme", claimant=Claimant.objects.create(name="Acme", kind="person"))
    url = f"/api/claims/{claim.pk}/claimreview/"
    assert reviewer_api.get(url).json()["itemReviewed"]["author"]["@type"] == "Person"
    # An editor corrects the proposed claimant's kind (one claimant, every claim naming it).
    Claimant.objects.filter(pk=claim.claimant_id).update(kind="organization")
    assert reviewer_api.get(url).json()["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "Acme",
    }


def test_claim_reviewed_is_the_edited_wording_not_the_quote(reviewer_api, editor, reviewer):
    claim = ready_for_review(ClaimFactory(), editor, reviewer)
    claim = claim_edit(
        claim=claim.pk,
        actor=editor,
        expected_version=claim.version,
        claim_reviewed="The harbour handled 4.2 million containers in 2025.",
        claimant=ClaimantInput(name="Harbour authority"),
    )
    claim_publish(claim=claim_submit(claim=claim, actor=editor), actor=reviewer)
    [item] = feed(reviewer_api)["items"]
    doc = item["claimReview"]
    assert_valid_claimreview(doc)
    assert doc["claimReviewed"] == "The harbour handled 4.2 million containers in 2025."
    assert doc["claimReviewed"] != claim.text
    assert author_of(doc) == {"@type": "Organization", "name": "Harbour authority"}
