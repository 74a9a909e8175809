import pytest
from django.contrib.auth.models import Group

from claims.models import ClaimStatus
from claims.roles import ADMIN
from tests.factories import (
    AnnotationFactory,
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    UserFactory,
    rating,
)

pytestmark = pytest.mark.django_db


def test_list_shows_claims_with_workflow_fields_and_transitions_for_the_caller(reviewer_api):
    claim = ClaimFactory(speaker="Harbour master")
    response = reviewer_api.get("/api/claims/")
    assert response.status_code == 200
    [item] = response.json()["results"]
    assert item["id"] == claim.pk
    assert item["status"] == "new"
    assert item["type"] == "quantity"
    assert item["article"] == claim.article_id
    assert item["span"] == {"start": claim.start, "end": claim.end}
    assert item["quantities"][0]["value"] == 4200000
    assert item["assignee"] is None and item["rating"] is None
    assert item["available_transitions"] == ["assign", "dismiss"]
    assert item["version"] == 1


def test_editor_sees_no_transitions_on_a_new_claim(editor_api):
    ClaimFactory()
    [item] = editor_api.get("/api/claims/").json()["results"]
    assert item["available_transitions"] == []


def test_retrieve_has_evidence_annotations_and_an_etag(reviewer_api):
    claim = ClaimFactory()
    EvidenceFactory(claim=claim)
    AnnotationFactory(claim=claim)
    response = reviewer_api.get(f"/api/claims/{claim.pk}/")
    assert response.status_code == 200
    assert response["ETag"].startswith(f'W/"{claim.pk}-1-')
    body = response.json()
    assert len(body["evidence"]) == 1 and len(body["annotations"]) == 1


def test_if_none_match_gives_304_while_unchanged(reviewer_api):
    claim = ClaimFactory()
    etag = reviewer_api.get(f"/api/claims/{claim.pk}/")["ETag"]
    response = reviewer_api.get(f"/api/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag
    listed = reviewer_api.get(f"/api/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=f'"x", {etag}')
    assert listed.status_code == 304
    assert reviewer_api.get(f"/api/claims/{claim.pk}/", HTTP_IF_NONE_MATCH="*").status_code == 304
    other = reviewer_api.get(f"/api/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=f'W/"{claim.pk}-1"')
    assert other.status_code == 200


@pytest.mark.parametrize(
    ("path", "body", "nested"),
    [
        ("evidence", {"url": "https://stats.example/ports", "stance": "refutes"}, "evidence"),
        ("annotations", {"body": "Called the port authority."}, "annotations"),
    ],
)
def test_adding_evidence_or_a_note_changes_the_etag(reviewer_api, path, body, nested):
    claim = ClaimFactory()
    old = reviewer_api.get(f"/api/claims/{claim.pk}/")
    assert old.json()[nested] == []
    added = reviewer_api.post(f"/api/claims/{claim.pk}/{path}/", body)
    assert added.status_code == 201, added.content
    response = reviewer_api.get(f"/api/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=old["ETag"])
    assert response.status_code == 200
    assert [row["id"] for row in response.json()[nested]] == [added.json()["id"]]
    assert response["ETag"] != old["ETag"]
    again = reviewer_api.get(f"/api/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_removing_evidence_changes_the_etag(reviewer_api):
    claim = ClaimFactory()
    evidence = EvidenceFactory(claim=claim)
    old = reviewer_api.get(f"/api/claims/{claim.pk}/")["ETag"]
    assert reviewer_api.delete(f"/api/evidence/{evidence.pk}/").status_code == 204
    response = reviewer_api.get(f"/api/claims/{claim.pk}/", HTTP_IF_NONE_MATCH=old)
    assert response.status_code == 200 and response.json()["evidence"] == []


def test_the_etag_of_a_get_is_accepted_as_if_match(reviewer_api):
    claim = ClaimFactory()
    etag = reviewer_api.get(f"/api/claims/{claim.pk}/")["ETag"]
    response = reviewer_api.patch(f"/api/claims/{claim.pk}/", {"summary": "x"}, HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    stale = reviewer_api.patch(f"/api/claims/{claim.pk}/", {"summary": "y"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412


def test_if_match_star_passes_for_an_existing_claim(reviewer_api, editor):
    claim = ClaimFactory()
    response = reviewer_api.patch(f"/api/claims/{claim.pk}/", {"summary": "x"}, HTTP_IF_MATCH="*")
    assert response.status_code == 200, response.content
    action = reviewer_api.post(
        f"/api/claims/{claim.pk}/assign/", {"assignee": editor.username}, HTTP_IF_MATCH="*"
    )
    assert action.status_code == 200, action.content
    missing = reviewer_api.patch("/api/claims/999999999/", {"summary": "x"}, HTTP_IF_MATCH="*")
    assert missing.status_code == 404


def test_if_match_list_passes_when_one_tag_is_current(reviewer_api):
    claim = ClaimFactory()
    header = f'W/"{claim.pk}-7", W/"{claim.pk}-1"'
    response = reviewer_api.patch(
        f"/api/claims/{claim.pk}/", {"summary": "x"}, HTTP_IF_MATCH=header
    )
    assert response.status_code == 200, response.content


def test_filters_by_status_type_min_checkworthiness_outlet_and_rating(reviewer_api, editor):
    low = ClaimFactory(checkworthiness=0.2, claim_type="event")
    high = ClaimFactory(checkworthiness=0.9, article=ArticleFactory(outlet="Daily Bugle"))
    assigned = ClaimFactory(checkworthiness=0.5, assignee=editor, status=ClaimStatus.ASSIGNED)

    def ids(query):
        response = reviewer_api.get("/api/claims/?" + query)
        assert response.status_code == 200, response.content
        return [c["id"] for c in response.json()["results"]]

    assert ids("") == [high.pk, assigned.pk, low.pk]
    assert ids("min_checkworthiness=0.5") == [high.pk, assigned.pk]
    assert ids("type=event") == [low.pk]
    assert ids("outlet=daily bugle") == [high.pk]
    assert ids("status=assigned") == [assigned.pk]
    assert ids(f"assignee={editor.username}") == [assigned.pk]
    assert ids(f"assignee={editor.pk}") == [assigned.pk]
    assert ids("assignee=none") == [high.pk, low.pk]
    assert ids(f"article={low.article_id}") == [low.pk]
    assert ids("rating=False") == []
    assert ids("ordering=checkworthiness") == [low.pk, assigned.pk, high.pk]


def test_full_text_search_returns_a_highlighted_escaped_snippet(reviewer_api):
    article = ArticleFactory(body="Exports of timber & pulp doubled in 2023. Unrelated sentence.")
    match = ClaimFactory(article=article)
    ClaimFactory()
    response = reviewer_api.get("/api/claims/?q=timber")
    [item] = response.json()["results"]
    assert item["id"] == match.pk
    assert "<mark>timber</mark>" in item["snippet"]
    assert "&amp;" in item["snippet"]
    assert reviewer_api.get("/api/claims/").json()["results"][0]["snippet"] is None


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("article=99999999999999999999999", "article"),
        ("article=-1", "article"),
        ("assignee=99999999999999999999999", "assignee"),
        ("rating=99999999999999999999999", "rating"),
        ("min_checkworthiness=1e400", "min_checkworthiness"),
        ("min_checkworthiness=2", "min_checkworthiness"),
        ("created_after=notadate", "created_after"),
        ("due_before=2024-13-40", "due_before"),
        ("status=bogus", "status"),
        ("type=opinion", "type"),
        ("q=" + "x" * 600, "q"),
        ("q=%00", "q"),
        ("cursor=garbage", "cursor"),
        ("page_size=-5", "page_size"),
        ("page_size=abc", "page_size"),
        ("ordering=text", "ordering"),
        ("ordering=checkworthiness,created_at", "ordering"),
    ],
)
def test_bad_filters_are_400_naming_the_parameter(reviewer_api, query, field):
    ClaimFactory()
    response = reviewer_api.get("/api/claims/?" + query)
    assert response.status_code == 400, (query, response.content)
    assert field in response.json(), response.json()


def test_huge_id_in_path_is_404(reviewer_api):
    assert reviewer_api.get("/api/claims/99999999999999999999999/").status_code == 404
    assert reviewer_api.get("/api/claims/999999999999999999/").status_code == 404


def test_cursor_pagination_walks_every_claim_once(reviewer_api):
    claims = [ClaimFactory(checkworthiness=0.5) for _ in range(7)]  # ties on the ordering field
    seen = []
    url = "/api/claims/?page_size=3"
    while url:
        body = reviewer_api.get(url).json()
        seen += [c["id"] for c in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(c.pk for c in claims)
    assert len(seen) == len(set(seen))


def test_patch_needs_if_match(reviewer_api):
    claim = ClaimFactory()
    response = reviewer_api.patch(f"/api/claims/{claim.pk}/", {"summary": "x"})
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]


def test_patch_with_current_etag_updates_and_returns_the_new_etag(reviewer_api):
    claim = ClaimFactory()
    response = reviewer_api.patch(
        f"/api/claims/{claim.pk}/",
        {"summary": "Port figures are from 2021.", "rating": "False"},
        HTTP_IF_MATCH=f'W/"{claim.pk}-1"',
    )
    assert response.status_code == 200, response.content
    assert response["ETag"].startswith(f'W/"{claim.pk}-2-')
    assert response.json()["rating"]["label"] == "False"
    assert response.json()["summary"] == "Port figures are from 2021."


def test_patch_with_stale_etag_is_412_naming_who_changed_it(reviewer_api, reviewer):
    claim = ClaimFactory()
    first = reviewer_api.patch(
        f"/api/claims/{claim.pk}/", {"summary": "First"}, HTTP_IF_MATCH=f'W/"{claim.pk}-1"'
    )
    assert first.status_code == 200
    second = reviewer_api.patch(
        f"/api/claims/{claim.pk}/", {"summary": "Second"}, HTTP_IF_MATCH=f'W/"{claim.pk}-1"'
    )
    assert second.status_code == 412
    assert reviewer.username in second.json()["detail"]
    assert second.json()["current_version"] == 2


def test_patch_with_etag_of_another_claim_is_412(reviewer_api):
    claim, other = ClaimFactory(), ClaimFactory()
    response = reviewer_api.patch(
        f"/api/claims/{claim.pk}/", {"summary": "x"}, HTTP_IF_MATCH=f'W/"{other.pk}-1"'
    )
    assert response.status_code == 412


def test_patch_with_unknown_rating_is_400_with_the_field(reviewer_api):
    claim = ClaimFactory()
    response = reviewer_api.patch(
        f"/api/claims/{claim.pk}/", {"rating": "Pants on fire"}, HTTP_IF_MATCH=f'W/"{claim.pk}-1"'
    )
    assert response.status_code == 400
    assert "rating" in response.json()


def test_editor_may_not_edit_a_claim_that_is_not_theirs(editor_api):
    claim = ClaimFactory()
    response = editor_api.patch(
        f"/api/claims/{claim.pk}/", {"summary": "x"}, HTTP_IF_MATCH=f'W/"{claim.pk}-1"'
    )
    assert response.status_code == 403
    assert "reviewer" in response.json()["detail"]


def test_history_lists_changes_with_who_and_action(reviewer_api, reviewer, editor):
    claim = ClaimFactory()
    reviewer_api.post(f"/api/claims/{claim.pk}/assign/", {"assignee": editor.username})
    history = reviewer_api.get(f"/api/claims/{claim.pk}/history/").json()
    assert [h["event"] for h in history][:2] == ["insert", "update"]
    assert history[-1]["action"] == "assign"
    assert history[-1]["updated_by"] == reviewer.username
    assert history[-1]["assignee"] == editor.username


def test_users_list_gives_id_username_full_name_and_roles(reviewer_api, reviewer, editor):
    UserFactory(is_active=False)
    response = reviewer_api.get("/api/users/?role=Editor")
    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "id": editor.pk,
            "username": editor.username,
            "full_name": "Ed Editor",
            "roles": ["Editor"],
        }
    ]


def test_ratings_list_the_scale(reviewer_api):
    labels = [r["label"] for r in reviewer_api.get("/api/ratings/").json()["results"]]
    assert labels[0] == "True" and "Unverifiable" in labels
    assert rating("Unverifiable").claimreview_value is None


def test_nothing_is_served_to_anonymous_clients(client):
    for path in [
        "/api/",
        "/api/claims/",
        "/api/schema/",
        "/api/docs/",
        "/api/export/claimreviews/",
    ]:
        assert client.get(path).status_code in (401, 403), path


def test_user_without_a_role_sees_no_claims():
    from tests.api.conftest import token_client

    response = token_client(UserFactory()).get("/api/claims/")
    assert response.status_code == 403


def test_admin_role_may_read_claims():
    from tests.api.conftest import token_client

    user = UserFactory()
    user.groups.add(Group.objects.get(name=ADMIN))
    assert token_client(user).get("/api/claims/").status_code == 200


def test_session_authentication_works(client, reviewer):
    client.force_login(reviewer)
    assert client.get("/api/claims/").status_code == 200
