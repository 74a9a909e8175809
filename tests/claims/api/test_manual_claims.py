"""Claims by hand through the API: add a claim the engine missed, edit its wording and claimant,
split one in two and merge two into one, without losing the work done on them."""

import pytest

from claims.models import Claim, Claimant, ClaimEvent
from claims.services.workflow import claim_assign, claim_start, evidence_add
from tests.conftest import ready_for_review
from tests.factories import ArticleFactory, ClaimFactory, EditorFactory, UserFactory, rating

pytestmark = pytest.mark.django_db

BODY = (
    "The Port of Easthaven handled 4.2 million containers last year, the harbour authority said. "
    "Tesla said it would build 500,000 cars in the town by 2030. "
    "Unions disputed the figures. The mayor promised 300 new jobs."
)
MISSED = "Unions disputed the figures."


def etag(claim):
    return f'W/"{claim.pk}-{claim.version}"'


FIRST = (
    "The Port of Easthaven handled 4.2 million containers last year, the harbour authority said."
)


@pytest.fixture
def article():
    return ArticleFactory(body=BODY)


def first_claim(article, **kwargs):
    return ClaimFactory(article=article, start=0, end=len(FIRST), text=FIRST, **kwargs)


def test_editor_adds_a_missed_claim_by_its_offsets(editor_api, editor, article):
    start = BODY.index("Tesla said")
    end = BODY.index("2030.") + len("2030.")
    response = editor_api.post(
        "/api/claims/", {"article": article.pk, "start": start, "end": end}, format="json"
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["text"] == BODY[start:end]
    assert data["span"] == {"start": start, "end": end}
    assert data["status"] == "new"
    assert data["added_by"] == editor.username
    assert data["claim_reviewed"] == data["text"]  # nobody rephrased it
    # The engine's figures, computed for the claim the engine did not pick.
    assert [q["value"] for q in data["quantities"]] == [500000, 2030]
    assert data["checkworthiness"] > 0
    # The speaker proposes the claimant, an organisation.
    assert data["claimant"]["name"] == "Tesla"
    assert data["claimant"]["kind"] == "organization"
    assert response["Location"] == f"/api/claims/{data['id']}/"
    assert response["ETag"].startswith(f'W/"{data["id"]}-1-')
    history = editor_api.get(f"/api/claims/{data['id']}/history/").json()
    assert history[0]["action"] == "add claim" and history[0]["updated_by"] == editor.username


def test_a_claim_can_be_added_by_its_exact_quote_with_a_claimant(reviewer_api, article):
    response = reviewer_api.post(
        "/api/claims/",
        {
            "article": article.pk,
            "quote": MISSED,
            "claimant": {"name": "Dock Workers Union", "kind": "organization"},
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["span"]["start"] == BODY.index(MISSED)
    assert data["text"] == MISSED
    assert data["claimant"]["name"] == "Dock Workers Union"
    assert data["claimant"]["kind"] == "organization"


@pytest.mark.parametrize(
    ("body", "field", "says"),
    [
        ({"quote": "Unions disputed the numbers."}, "quote", "does not occur"),
        ({"quote": "the"}, "quote", "more than once"),
        ({"start": 10, "end": 5}, "start", "not inside the article"),
        ({"start": 0, "end": len(BODY) + 1}, "end", "not inside the article"),
        ({"start": 0}, "end", "both start and end"),
        ({}, "quote", "start and end offsets"),
        ({"start": 0, "end": 5, "quote": MISSED}, "quote", "not both"),
        ({"quote": MISSED, "claimant": {"name": "X", "kind": "robot"}}, "claimant", "robot"),
        ({"quote": MISSED, "claimant": {"kind": "person"}}, "claimant", "required"),
    ],
)
def test_bad_spans_and_quotes_are_refused_naming_the_field(
    reviewer_api, article, body, field, says
):
    response = reviewer_api.post("/api/claims/", {"article": article.pk, **body}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert says in str(response.json()[field])
    assert not Claim.objects.exists()


def test_a_claim_on_a_span_already_claimed_is_a_conflict(reviewer_api, article):
    existing = ClaimFactory(
        article=article, start=BODY.index(MISSED), end=BODY.index(MISSED) + len(MISSED)
    )
    response = reviewer_api.post(
        "/api/claims/", {"article": article.pk, "quote": MISSED}, format="json"
    )
    assert response.status_code == 409
    assert f"#{existing.pk}" in response.json()["detail"]
    # Spaces around the span are trimmed, so the same span padded is the same claim.
    start = BODY.index(MISSED) - 1
    response = reviewer_api.post(
        "/api/claims/",
        {"article": article.pk, "start": start, "end": start + len(MISSED) + 2},
        format="json",
    )
    assert response.status_code == 409


def test_an_unknown_article_is_a_clear_400(reviewer_api):
    response = reviewer_api.post("/api/claims/", {"article": 999999, "quote": "x"}, format="json")
    assert response.status_code == 400
    assert "No article 999999" in response.json()["article"][0]


def test_a_user_without_a_desk_role_cannot_add_claims(article):
    from tests.conftest import token_client

    response = token_client(UserFactory()).post(
        "/api/claims/", {"article": article.pk, "quote": MISSED}, format="json"
    )
    assert response.status_code == 403
    assert not Claim.objects.exists()


def test_an_api_key_cannot_add_claims(key_api, article):
    response = key_api.post("/api/claims/", {"article": article.pk, "quote": MISSED}, format="json")
    assert response.status_code in (401, 403)
    assert not Claim.objects.exists()


def test_patch_edits_the_wording_apart_from_the_quote_and_recomputes_figures(
    reviewer_api, reviewer, article
):
    claim = first_claim(article)
    quote = claim.text
    response = reviewer_api.patch(
        f"/api/claims/{claim.pk}/",
        {"claim_reviewed": "Easthaven handled 5 million containers in 2025."},
        format="json",
        HTTP_IF_MATCH=etag(claim),
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["claim_reviewed"] == "Easthaven handled 5 million containers in 2025."
    assert data["text"] == quote  # the quote is the article's words, untouched
    assert [q["value"] for q in data["quantities"]] == [5000000, 2025]
    assert data["version"] == 2
    history = reviewer_api.get(f"/api/claims/{claim.pk}/history/").json()
    assert history[-1]["action"] == "edit claim"
    assert history[-1]["updated_by"] == reviewer.username
    assert history[-1]["claim_reviewed"] == "Easthaven handled 5 million containers in 2025."

    # A stale ETag is refused and changes nothing.
    stale = reviewer_api.patch(
        f"/api/claims/{claim.pk}/",
        {"claim_reviewed": "Something else."},
        format="json",
        HTTP_IF_MATCH=etag(claim),
    )
    assert stale.status_code == 412
    claim.refresh_from_db()
    assert claim.claim_reviewed == "Easthaven handled 5 million containers in 2025."

    # Clearing the wording checks the quote again, with the quote's figures.
    response = reviewer_api.patch(
        f"/api/claims/{claim.pk}/",
        {"claim_reviewed": ""},
        format="json",
        HTTP_IF_MATCH=f'W/"{claim.pk}-2"',
    )
    assert response.json()["claim_reviewed"] == quote
    assert [q["value"] for q in response.json()["quantities"]] == [4200000]


def test_patch_sets_wording_claimant_and_summary_in_one_version_step(
    editor_api, editor, reviewer, article
):
    claim = claim_start(
        claim=claim_assign(claim=ClaimFactory(article=article), actor=reviewer, assignee=editor),
        actor=editor,
    )
    response = editor_api.patch(
        f"/api/claims/{claim.pk}/",
        {
            "claim_reviewed": "The port handled 4.2 million containers in 2025.",
            "claimant": {"name": "Easthaven Harbour Authority"},
            "summary": "The statistics office says 3.9 million.",
        },
        format="json",
        HTTP_IF_MATCH=etag(claim),
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["claimant"]["kind"] == "organization"  # guessed: "Authority"
    assert data["summary"] == "The statistics office says 3.9 million."
    assert data["version"] == claim.version + 2

    # A claimant by a known name is the same claimant; an explicit kind corrects the guess.
    other = ClaimFactory(assignee=editor, status="in_progress")
    response = editor_api.patch(
        f"/api/claims/{other.pk}/",
        {"claimant": {"name": "easthaven harbour authority", "kind": "organization"}},
        format="json",
        HTTP_IF_MATCH=etag(other),
    )
    assert response.json()["claimant"]["id"] == data["claimant"]["id"]
    assert Claimant.objects.count() == 1

    # null: nobody known.
    response = editor_api.patch(
        f"/api/claims/{other.pk}/",
        {"claimant": None},
        format="json",
        HTTP_IF_MATCH=f'W/"{other.pk}-{other.version + 1}"',
    )
    assert response.json()["claimant"] is None


def test_an_editor_not_assigned_cannot_edit_the_wording(article, reviewer):
    from tests.conftest import token_client

    editor = EditorFactory()
    claim = ClaimFactory(article=article, assignee=EditorFactory(), status="in_progress")
    response = token_client(editor).patch(
        f"/api/claims/{claim.pk}/",
        {"claim_reviewed": "Changed."},
        format="json",
        HTTP_IF_MATCH=etag(claim),
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.claim_reviewed == ""


def test_split_keeps_the_work_on_the_first_part(editor_api, editor, reviewer, article):
    sentence_two = "Tesla said it would build 500,000 cars in the town by 2030."
    start = BODY.index("The Port")
    end = BODY.index(sentence_two) + len(sentence_two)
    claim = ready_for_review(
        ClaimFactory(article=article, start=start, end=end, text=BODY[start:end]), editor, reviewer
    )
    at = BODY.index(sentence_two)
    response = editor_api.post(
        f"/api/claims/{claim.pk}/split-span/",
        {"at": at},
        format="json",
        HTTP_IF_MATCH=etag(claim),
    )
    assert response.status_code == 201, response.content
    first, second = response.json()
    assert first["id"] == claim.pk
    assert first["text"] == BODY[start : at - 1]  # the space between is neither's
    assert first["rating"]["label"] == "Mostly false"
    assert first["summary"] and len(first["evidence"]) == 1
    assert first["status"] == "in_progress"
    assert [q["value"] for q in first["quantities"]] == [4200000]
    assert second["text"] == sentence_two
    assert second["status"] == "new" and second["rating"] is None and second["evidence"] == []
    assert [q["value"] for q in second["quantities"]] == [500000, 2030]
    assert f"#{claim.pk}" in second["annotations"][0]["body"]
    history = editor_api.get(f"/api/claims/{claim.pk}/history/").json()
    assert history[-1]["action"] == "split" and history[-1]["end"] == at - 1


def test_split_outside_the_claim_is_refused(reviewer_api, article):
    claim = ClaimFactory(article=article)
    response = reviewer_api.post(
        f"/api/claims/{claim.pk}/split-span/", {"at": claim.end + 5}, format="json"
    )
    assert response.status_code == 400
    assert "Split inside the claim" in response.json()["at"][0]


def test_merge_moves_evidence_and_notes_and_keeps_a_second_verdict_in_a_note(
    reviewer_api, reviewer, editor, article
):
    one = FIRST
    two = "Tesla said it would build 500,000 cars in the town by 2030."
    first = ready_for_review(
        ClaimFactory(article=article, start=0, end=len(one), text=one), editor, reviewer
    )
    s2 = BODY.index(two)
    second = ClaimFactory(article=article, start=s2, end=s2 + len(two), text=two)
    second = ready_for_review(second, editor, reviewer, label="True")
    evidence_add(claim=second, actor=editor, url="https://tesla.example/plan")

    response = reviewer_api.post(
        f"/api/claims/{first.pk}/merge/", {"other": second.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["span"] == {"start": 0, "end": s2 + len(two)}
    assert data["rating"]["label"] == "Mostly false"  # the surviving claim's verdict
    assert len(data["evidence"]) == 3  # one of its own, two moved over
    merged_note = data["annotations"][-1]["body"]
    assert f"Merged claim #{second.pk}" in merged_note
    assert "rating True" in merged_note  # the other's verdict is kept, not lost
    assert [q["value"] for q in data["quantities"]] == [4200000, 500000, 2030]
    assert not Claim.objects.filter(pk=second.pk).exists()
    # The merged-away claim's history stays, ending with its deletion during the merge.
    gone = ClaimEvent.objects.filter(pgh_obj_id=second.pk).order_by("pgh_id").last()
    assert gone.pgh_label == "delete"
    assert gone.pgh_context.metadata["action"] == "merge"


def test_merge_takes_over_a_verdict_the_survivor_lacks(reviewer_api, editor, reviewer, article):
    one_end = BODY.index(". ") + 1
    first = ClaimFactory(article=article, start=0, end=one_end, text=BODY[:one_end])
    s2 = BODY.index(MISSED)
    second = ready_for_review(
        ClaimFactory(article=article, start=s2, end=s2 + len(MISSED), text=MISSED),
        editor,
        reviewer,
    )
    response = reviewer_api.post(
        f"/api/claims/{first.pk}/merge/", {"other": second.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["rating"]["label"] == "Mostly false"
    assert response.json()["summary"] == second.summary


def test_merge_refuses_claims_of_different_articles_and_published_claims(
    reviewer_api, publish, article
):
    first = first_claim(article)
    elsewhere = ClaimFactory()
    response = reviewer_api.post(
        f"/api/claims/{first.pk}/merge/", {"other": elsewhere.pk}, format="json"
    )
    assert response.status_code == 400
    assert "different articles" in response.json()["other"][0]

    published = publish()
    body = published.article.body
    same_article = ClaimFactory(
        article=published.article,
        start=published.end + 1,
        end=len(body),
        text=body[published.end + 1 :],
    )
    response = reviewer_api.post(
        f"/api/claims/{same_article.pk}/merge/", {"other": published.pk}, format="json"
    )
    assert response.status_code == 403
    assert Claim.objects.filter(pk=published.pk).exists()
    assert rating("Mostly false") == Claim.objects.get(pk=published.pk).rating


def test_a_retried_post_with_its_idempotency_key_adds_the_claim_once(editor_api, article):
    body = {"article": article.pk, "quote": MISSED}
    first = editor_api.post("/api/claims/", body, format="json", HTTP_IDEMPOTENCY_KEY="add-1")
    again = editor_api.post("/api/claims/", body, format="json", HTTP_IDEMPOTENCY_KEY="add-1")
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"]
    assert Claim.objects.count() == 1


def test_put_without_wording_or_claimant_leaves_them_as_they_are(reviewer_api, article):
    claimant = Claimant.objects.create(name="Harbour authority", kind="organization")
    claim = first_claim(article, claimant=claimant, claim_reviewed="The port handled 4.2m boxes.")
    response = reviewer_api.put(
        f"/api/claims/{claim.pk}/",
        {"rating": None, "summary": "", "due_date": None},
        format="json",
        HTTP_IF_MATCH=etag(claim),
    )
    assert response.status_code == 200, response.content
    assert response.json()["claimant"]["name"] == "Harbour authority"
    assert response.json()["claim_reviewed"] == "The port handled 4.2m boxes."


def test_the_claim_list_costs_the_same_with_5_or_50_claimants(reviewer_api):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(n):
        for i in range(n - Claim.objects.count()):
            ClaimFactory(
                claimant=Claimant.objects.create(name=f"Speaker {n}-{i}"),
                added_by=EditorFactory(),
            )
        with CaptureQueriesContext(connection) as ctx:
            response = reviewer_api.get("/api/claims/?page_size=100")
        assert response.status_code == 200
        assert all(c["claimant"] for c in response.json()["results"])
        return len(ctx.captured_queries)

    # The token's first request also writes its last_used_at (at most once a minute, see
    # claims.accounts.tokens): made first, so both counts are of a request like every later one.
    assert reviewer_api.get("/api/claims/").status_code == 200
    assert count(5) == count(50)
