import pytest

from claims.models import ClaimStatus
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EditorFactory,
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


def test_annotations_post_and_list(editor_api, editor):
    claim = ClaimFactory(status="assigned", assignee=editor)
    created = editor_api.post(f"/api/claims/{claim.pk}/annotations/", {"body": "Called them."})
    assert created.status_code == 201
    assert created.json()["author"] == editor.username
    assert editor_api.post(f"/api/claims/{claim.pk}/annotations/", {"body": " "}).status_code == 400
    listed = editor_api.get(f"/api/claims/{claim.pk}/annotations/").json()
    assert [a["body"] for a in listed] == ["Called them."]


def test_an_editor_cannot_post_notes_on_a_claim_assigned_to_someone_else(editor_api):
    claim = ClaimFactory(status="assigned", assignee=EditorFactory())
    response = editor_api.post(f"/api/claims/{claim.pk}/annotations/", {"body": "Mine now?"})
    assert response.status_code == 403
    assert "Only the assignee" in response.json()["detail"]
    assert not claim.annotations.exists()


def test_evidence_with_a_bad_url_is_400(reviewer_api):
    claim = ClaimFactory()
    response = reviewer_api.post(f"/api/claims/{claim.pk}/evidence/", {"url": "not a url"})
    assert response.status_code == 400
    assert "url" in response.json()


def test_evidence_on_a_published_claim_is_refused(reviewer_api, publish):
    claim = publish()
    response = reviewer_api.post(
        f"/api/claims/{claim.pk}/evidence/", {"url": "https://stats.example/x"}
    )
    assert response.status_code == 403
    assert "cannot be edited" in response.json()["detail"]


def test_rows_represented_before_are_reused_only_for_the_same_row_and_caller(
    reviewer_api, editor_api, editor
):
    """A page's rows are represented once per process for the same row and caller
    (factcheck.api.compiled.represented): what changes the row or the caller changes the
    answer, as if nothing were kept."""
    from factcheck.api import compiled

    claim = ClaimFactory()
    ClaimFactory()
    first = reviewer_api.get("/api/claims/").json()["results"]
    assert reviewer_api.get("/api/claims/").json()["results"] == first  # reused
    assert any(key[2] for key in compiled._represented._kept)
    by_id = {item["id"]: item for item in first}
    assert by_id[claim.pk]["available_transitions"] == ["assign", "dismiss"]
    # Another caller (other roles): their own transitions, not the reviewer's.
    assert editor_api.get("/api/claims/").json()["results"][0]["available_transitions"] == []
    # The row changed: its new representation.
    type(claim).objects.filter(pk=claim.pk).update(
        status=ClaimStatus.ASSIGNED, assignee=editor, speaker="The mayor"
    )
    again = {i["id"]: i for i in reviewer_api.get("/api/claims/").json()["results"]}
    assert again[claim.pk]["status"] == "assigned"
    assert again[claim.pk]["speaker"] == "The mayor"
    assert again[claim.pk]["assignee"]["username"] == editor.username
    mine = {i["id"]: i for i in editor_api.get("/api/claims/").json()["results"]}
    assert mine[claim.pk]["available_transitions"] != []  # now the editor's, as assignee
