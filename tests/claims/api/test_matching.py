"""The matching and search API (claims/api/matching.py, claims/api/search.py): what a newsroom
client sees."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from claims.models import ClaimMatch, ClaimStatus
from claims.services.matching import claim_match_confirm, claims_match_new
from claims.services.workflow import claim_assign
from tests.claims.services.test_matching import (
    ACME,
    ACME_REWORDED,
    GLOBEX,
    claim_of,
    publish,
)
from tests.conftest import token_client
from tests.factories import ArticleFactory, EditorFactory, ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    return token_client(user)


@pytest.fixture
def reviewer():
    return ReviewerFactory()


@pytest.fixture
def editor():
    return EditorFactory()


@pytest.fixture
def pair():
    earlier = claim_of(ACME)
    new = claim_of(ACME_REWORDED)
    [match] = claims_match_new(claim_ids=[new.pk])
    return earlier, new, match


def test_matches_need_an_authenticated_newsroom_user(pair):
    _, new, match = pair
    assert APIClient().get(f"/api/claims/{new.pk}/matches/").status_code in (401, 403)
    assert APIClient().get("/api/search/?q=acme").status_code in (401, 403)
    outsider = client_for(UserFactory())  # no role
    assert outsider.get(f"/api/claims/{new.pk}/matches/").status_code == 403
    confirm = f"/api/claims/{new.pk}/matches/{match.pk}/confirm/"
    assert outsider.post(confirm).status_code == 403


def test_an_api_key_cannot_use_the_matching_api(pair, reviewer):
    from cms.services import api_key_create

    _, new, _ = pair
    _, raw = api_key_create(name="CMS", created_by=reviewer)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert client.get(f"/api/claims/{new.pk}/matches/").status_code == 403


def test_a_claim_lists_its_matches_and_group_from_both_sides(pair, editor):
    earlier, new, match = pair
    api = client_for(editor)

    body = api.get(f"/api/claims/{new.pk}/matches/").json()
    assert body["claim"] == new.pk
    assert [m["other"]["id"] for m in body["matches"]] == [earlier.pk]
    assert body["matches"][0]["direction"] == "earlier"
    assert body["matches"][0]["status"] == "suggested"
    assert body["matches"][0]["other"]["text"] == ACME
    assert [c["id"] for c in body["group"]["claims"]] == [earlier.pk]

    reverse = api.get(f"/api/claims/{earlier.pk}/matches/").json()
    assert [(m["id"], m["direction"]) for m in reverse["matches"]] == [(match.pk, "later")]


def test_the_prior_verdict_of_a_published_match_is_shown(editor, reviewer):
    earlier = publish(claim_of(ACME), editor, reviewer)
    new = claim_of(ACME_REWORDED)
    claims_match_new(claim_ids=[new.pk])

    body = client_for(editor).get(f"/api/claims/{new.pk}/matches/").json()

    assert [c["id"] for c in body["prior_verdicts"]] == [earlier.pk]
    assert body["prior_verdicts"][0]["verdict"]["rating"] == "Mostly false"
    assert body["prior_verdicts"][0]["match_confirmed"] is False
    assert body["matches"][0]["other"]["verdict"]["summary"] == earlier.summary


def test_a_reviewer_confirms_and_rejects_through_the_api(pair, reviewer):
    _, new, match = pair
    api = client_for(reviewer)

    confirmed = api.post(f"/api/claims/{new.pk}/matches/{match.pk}/confirm/")
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "confirmed"
    assert confirmed.json()["decided_by"] == reviewer.username

    rejected = api.post(f"/api/claims/{new.pk}/matches/{match.pk}/reject/")
    assert rejected.status_code == 200
    assert rejected.json()["status"] == "rejected"


def test_an_editor_gets_403_with_a_message_on_confirm_reject_and_split(pair, editor):
    _, new, match = pair
    api = client_for(editor)
    for path in [
        f"/api/claims/{new.pk}/matches/{match.pk}/confirm/",
        f"/api/claims/{new.pk}/matches/{match.pk}/reject/",
        f"/api/claims/{new.pk}/split/",
    ]:
        response = api.post(path)
        assert response.status_code == 403, path
        assert "Only a reviewer" in response.json()["detail"]
    match.refresh_from_db()
    assert match.status == ClaimMatch.Status.SUGGESTED


def test_a_match_of_another_claim_is_404(pair, reviewer):
    _, _, match = pair
    stranger = claim_of(GLOBEX)
    response = client_for(reviewer).post(f"/api/claims/{stranger.pk}/matches/{match.pk}/confirm/")
    assert response.status_code == 404


def test_a_reviewer_splits_a_claim_from_its_group(pair, reviewer):
    _, new, _ = pair
    api = client_for(reviewer)

    response = api.post(f"/api/claims/{new.pk}/split/")
    assert response.status_code == 200
    assert response.json()["group"] is None

    again = api.post(f"/api/claims/{new.pk}/split/")
    assert again.status_code == 400
    assert "not in a group" in again.json()["detail"]


def test_applying_a_prior_verdict_through_the_api(editor, reviewer):
    earlier = publish(claim_of(ACME), editor, reviewer)
    new = claim_of(ACME_REWORDED)
    [match] = claims_match_new(claim_ids=[new.pk])
    new = claim_assign(claim=new, actor=reviewer, assignee=editor)
    api = client_for(editor)

    unconfirmed = api.post(f"/api/claims/{new.pk}/apply-prior-verdict/", {"source": earlier.pk})
    assert unconfirmed.status_code == 400
    assert "confirm the match first" in unconfirmed.json()["detail"]

    claim_match_confirm(match=match, actor=reviewer)
    shown = api.get(f"/api/claims/{new.pk}/matches/").json()["prior_verdicts"]
    assert [(c["id"], c["match_confirmed"]) for c in shown] == [(earlier.pk, True)]

    stale = api.post(
        f"/api/claims/{new.pk}/apply-prior-verdict/",
        {"source": earlier.pk},
        HTTP_IF_MATCH=f'W/"{new.pk}-{new.version - 1}"',
    )
    assert stale.status_code == 412

    response = api.post(f"/api/claims/{new.pk}/apply-prior-verdict/", {"source": earlier.pk})
    assert response.status_code == 200
    body = response.json()
    assert body["rating"] == "Mostly false"
    assert body["prior_verdict_from"] == earlier.pk
    assert body["status"] == ClaimStatus.ASSIGNED
    assert response["ETag"] == f'W/"{new.pk}-{body["version"]}"'


@pytest.mark.parametrize(
    "payload",
    [{}, {"source": "abc"}, {"source": -1}, {"source": 2**70}, {"source": None}, []],
)
def test_bad_apply_input_is_a_400_not_a_500(pair, editor, payload):
    _, new, _ = pair
    response = client_for(editor).post(
        f"/api/claims/{new.pk}/apply-prior-verdict/", payload, format="json"
    )
    assert response.status_code == 400


def test_applying_from_an_unpublished_or_unknown_claim_is_a_400(pair, reviewer):
    earlier, new, _ = pair
    api = client_for(reviewer)
    for source in [earlier.pk, 999_999_999]:
        response = api.post(f"/api/claims/{new.pk}/apply-prior-verdict/", {"source": source})
        assert response.status_code == 400
        assert response.json()["source"]


def test_unknown_or_oversized_ids_are_404(reviewer):
    api = client_for(reviewer)
    assert api.get("/api/claims/999999999/matches/").status_code == 404
    assert api.get(f"/api/claims/{'9' * 30}/matches/").status_code == 404
    assert api.post("/api/claims/999999999/split/").status_code == 404


def test_search_returns_ranked_claims_and_articles_with_snippets(editor):
    claim_of(ACME)
    ArticleFactory(title="Acme revenue beats forecasts", body="Analysts were surprised.")
    ArticleFactory(title="Markets", body="Acme shares rose. Acme revenue was the talk of the day.")

    response = client_for(editor).get("/api/search/", {"q": "acme revenue"})

    assert response.status_code == 200
    body = response.json()
    assert [c["text"] for c in body["claims"]] == [ACME]
    assert "<mark>" in body["claims"][0]["snippet"]
    titles = [a["title"] for a in body["articles"]]
    assert titles.index("Acme revenue beats forecasts") < titles.index("Markets")
    first = body["articles"][0]
    assert first["title_html"] == "<mark>Acme</mark> <mark>revenue</mark> beats forecasts"
    assert "<mark>Acme</mark>" in body["articles"][1]["snippet"]


@pytest.mark.parametrize("query", ["", "?q=", "?q=%20%20", f"?q={'a' * 600}"])
def test_search_without_a_usable_query_is_a_400(editor, query):
    response = client_for(editor).get(f"/api/search/{query}")
    assert response.status_code == 400
    assert "q" in response.json()


@pytest.mark.parametrize("q", ['"unclosed', "&&&", "-", "<script>", "acme OR"])
def test_odd_search_syntax_never_fails(editor, q):
    assert client_for(editor).get("/api/search/", {"q": q}).status_code == 200
