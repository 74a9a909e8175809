"""Claims across article revisions: re-imported with a new body, the article's claims are
re-anchored (current / changed / removed), only new sentences become new claims, and work on
claims is never reset or duplicated (claims.services.anchoring, via extraction._store)."""

from __future__ import annotations

import io
import json
import time

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, ArticleExtraction, ArticleRevision
from claims.models import Annotation, Claim, ClaimEvent, ClaimStatus
from claims.notifications.models import Notification, NotificationKind
from claims.services.editing import claim_split
from claims.services.extraction import article_extract
from claims.services.workflow import WorkflowError, annotation_add, claim_assign, claim_start

URL = "https://news.example/port"
L1 = "The port of Eastmouth handled 4.2 million containers last year, the harbour authority said."
L2 = "That was an increase of 600,000 containers from 3.6 million the year before, or 20 percent."
L3 = "Transit fees rose from $358.19 million to $372.07 million, a $13.88 million increase."
L4 = "The city spent $45 million on 6 new cranes in 2022, the council said."
NEW = "Exports to Asia grew 12 percent to $2.1 billion in 2024, the trade ministry said."
L3_EDITED = "Transit fees rose from $358.19 million to $371.50 million, a $13.31 million increase."

BODY = "\n".join([L1, L2, L3, L4])
REVISED = "\n".join([NEW, L1, L2, L3_EDITED])  # one added, one rewritten, one gone


def import_file(tmp_path, body: str, name: str = "a.jsonl") -> str:
    path = tmp_path / name
    path.write_text(json.dumps({"url": URL, "title": "Port traffic", "body": body}) + "\n")
    out = io.StringIO()
    call_command("import_articles", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def claim_at(article: Article, sentence: str) -> Claim:
    return Claim.objects.get(article=article, text=sentence)


def assert_spans_index_the_body(article: Article) -> None:
    article.refresh_from_db()
    for c in Claim.objects.filter(article=article, anchor_status="current"):
        assert article.body[c.start : c.end] == c.text, c.pk


@pytest.fixture
def extracted(tmp_path):
    import_file(tmp_path, BODY)
    article = Article.objects.get(url=URL)
    assert article_extract(article_id=article.pk).status == "done"
    assert set(Claim.objects.filter(article=article).values_list("text", flat=True)) == {
        L1,
        L2,
        L3,
        L4,
    }
    return article


@pytest.mark.django_db
def test_a_changed_body_re_anchors_every_claim_and_extracts_only_the_new_sentence(
    tmp_path, extracted, reviewer, editor
):
    article = extracted
    untouched = claim_at(article, L1)
    in_work = claim_start(
        claim=claim_assign(claim=claim_at(article, L3), actor=reviewer, assignee=editor),
        actor=editor,
    )
    noted = claim_at(article, L4)
    annotation_add(claim=noted, actor=reviewer, body="Check the council's budget.")
    moved = claim_assign(claim=claim_at(article, L2), actor=reviewer, assignee=editor)
    before = set(Claim.objects.filter(article=article).values_list("pk", flat=True))

    assert "1 updated" in import_file(tmp_path, REVISED, "b.jsonl")
    assert article_extract(article_id=article.pk).status == "done"
    article.refresh_from_db()
    assert article.body == REVISED

    # Unchanged sentences: same claims (ids, work), new offsets that quote their text.
    assert_spans_index_the_body(article)
    for claim, line in ((untouched, L1), (moved, L2)):
        claim.refresh_from_db()
        assert claim.anchor_status == "current" and REVISED[claim.start : claim.end] == line
    moved.refresh_from_db()
    assert moved.status == ClaimStatus.ASSIGNED and moved.assignee == editor
    assert moved.anchor_changed_at is None  # its sentence did not change: nothing to look at

    # The rewritten sentence: the claim keeps its quote and its work, points at the new wording.
    in_work.refresh_from_db()
    assert in_work.anchor_status == "changed"
    assert in_work.text == L3 and in_work.status == ClaimStatus.IN_PROGRESS
    assert in_work.anchor_old_sentence == L3 and in_work.anchor_new_sentence == L3_EDITED
    assert REVISED[in_work.start : in_work.end] == L3_EDITED
    assert in_work.anchor_changed_at is not None

    # The deleted sentence: kept, with its note, without a span.
    noted.refresh_from_db()
    assert noted.anchor_status == "removed" and noted.start is None and noted.end is None
    assert Annotation.objects.filter(claim=noted, body="Check the council's budget.").exists()

    # Only the new sentence became a claim; no second claim on the rewritten one.
    after = Claim.objects.filter(article=article)
    assert set(after.values_list("pk", flat=True)) - before == {claim_at(article, NEW).pk}
    assert not after.filter(text=L3_EDITED).exists()
    assert after.count() == 5

    # The revision and its diff; the article's claims now index revision 2.
    revision = article.revisions.get(number=2)
    assert (
        revision.body == REVISED
        and revision.origin == "cli"
        and revision.source.endswith("b.jsonl")
    )
    assert (
        f"-{L3}" in revision.diff
        and f"+{L3_EDITED}" in revision.diff
        and f"+{NEW}" in revision.diff
    )
    assert article.extracted_revision == 2


@pytest.mark.django_db
def test_the_people_of_a_changed_claim_in_work_are_told_once(tmp_path, extracted, reviewer, editor):
    article = extracted
    claim = claim_assign(claim=claim_at(article, L3), actor=reviewer, assignee=editor)
    import_file(tmp_path, REVISED, "b.jsonl")
    article_extract(article_id=article.pk)
    notes = Notification.objects.filter(kind=NotificationKind.ARTICLE_CHANGED, claim=claim)
    assert [n.recipient for n in notes] == [editor]
    assert "rewritten" in notes[0].text
    # Extraction run again on the same revision: no second notification, nothing moves.
    ArticleExtraction.objects.filter(pk=article.pk).update(status="pending")
    article_extract(article_id=article.pk)
    assert notes.count() == 1
    claim.refresh_from_db()
    assert claim.anchor_status == "changed" and REVISED[claim.start : claim.end] == L3_EDITED


@pytest.mark.django_db
def test_untouched_machine_claims_follow_the_extractor_on_a_rewritten_sentence(tmp_path, extracted):
    article = extracted
    machine = claim_at(article, L3)
    import_file(tmp_path, REVISED, "b.jsonl")
    article_extract(article_id=article.pk)
    machine.refresh_from_db()
    # Nobody worked on it: it is the extractor's claim on the new wording, same id, current.
    assert machine.anchor_status == "current" and machine.text == L3_EDITED
    assert REVISED[machine.start : machine.end] == L3_EDITED and machine.anchor_changed_at is None
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_an_unchanged_re_import_creates_no_revision_and_moves_nothing(tmp_path, extracted):
    article = extracted
    spans = sorted(Claim.objects.filter(article=article).values_list("pk", "start", "end"))
    assert "1 unchanged" in import_file(tmp_path, BODY, "again.jsonl")
    assert list(article.revisions.values_list("number", flat=True)) == [1]
    article.refresh_from_db()
    assert article.extraction_status == "done"
    assert sorted(Claim.objects.filter(article=article).values_list("pk", "start", "end")) == spans


@pytest.mark.django_db
def test_history_records_the_re_anchoring_as_its_own_action(tmp_path, extracted, reviewer, editor):
    article = extracted
    claim = claim_assign(claim=claim_at(article, L4), actor=reviewer, assignee=editor)
    import_file(tmp_path, REVISED, "b.jsonl")
    article_extract(article_id=article.pk)
    events = ClaimEvent.objects.filter(
        pgh_obj_id=claim.pk, pgh_context__metadata__action="reanchor"
    )
    assert [(e.anchor_status, e.start) for e in events] == [("removed", None)]


@pytest.mark.django_db
def test_a_second_revision_moves_a_changed_claim_with_its_new_sentence(
    tmp_path, extracted, reviewer, editor
):
    article = extracted
    claim = claim_assign(claim=claim_at(article, L3), actor=reviewer, assignee=editor)
    import_file(tmp_path, REVISED, "b.jsonl")
    article_extract(article_id=article.pk)
    third = "A headline sentence was put on top of the story today.\n" + REVISED
    import_file(tmp_path, third, "c.jsonl")
    article_extract(article_id=article.pk)
    claim.refresh_from_db()
    assert claim.anchor_status == "changed" and third[claim.start : claim.end] == L3_EDITED
    assert claim.anchor_old_sentence == L3  # the wording the claim was checked against
    assert ArticleRevision.objects.filter(article=article).count() == 3
    assert_spans_index_the_body(article)


def wait_for(predicate, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.django_db(transaction=True)
def test_the_worker_re_anchors_after_an_api_update(celery_worker, reviewer, editor, reviewer_api):
    response = reviewer_api.post(
        "/api/articles/", {"url": URL, "title": "Port traffic", "body": BODY}, format="json"
    )
    assert response.status_code == 201, response.content
    article = Article.objects.get(url=URL)
    assert wait_for(lambda: Claim.objects.filter(article=article).count() == 4)
    claim = claim_assign(claim=claim_at(article, L2), actor=reviewer, assignee=editor)

    response = reviewer_api.patch(f"/api/articles/{article.pk}/", {"body": REVISED}, format="json")
    assert response.status_code == 200, response.content
    revision = article.revisions.get(number=2)
    assert revision.origin == "update" and revision.created_by == reviewer
    assert wait_for(lambda: Article.objects.get(pk=article.pk).extracted_revision == 2)
    claim.refresh_from_db()
    assert claim.anchor_status == "current" and REVISED[claim.start : claim.end] == L2
    assert_spans_index_the_body(article)
    assert Claim.objects.filter(article=article, text=NEW).count() == 1


@pytest.fixture
def revised(tmp_path, extracted, reviewer, editor):
    """The article after REVISED: L3 in work (changed), L4 with a note (removed), L2 untouched."""
    article = extracted
    changed = claim_assign(claim=claim_at(article, L3), actor=reviewer, assignee=editor)
    removed = claim_assign(claim=claim_at(article, L4), actor=reviewer, assignee=editor)
    import_file(tmp_path, REVISED, "b.jsonl")
    article_extract(article_id=article.pk)
    changed.refresh_from_db()
    removed.refresh_from_db()
    return article, changed, removed


@pytest.mark.django_db
def test_the_api_shows_the_anchor_and_filters_by_it(revised, reviewer_api):
    article, changed, removed = revised
    rows = reviewer_api.get(f"/api/claims/?article={article.pk}&anchor_status=changed").json()
    assert [r["id"] for r in rows["results"]] == [changed.pk]
    row = rows["results"][0]
    assert row["anchor_status"] == "changed"
    assert row["anchor_sentences"] == {"old": L3, "new": L3_EDITED}
    assert REVISED[row["span"]["start"] : row["span"]["end"]] == L3_EDITED
    gone = reviewer_api.get(f"/api/claims/{removed.pk}/").json()
    assert gone["anchor_status"] == "removed" and gone["span"] is None
    assert gone["anchor_sentences"] == {"old": L4, "new": ""}
    attention = reviewer_api.get(f"/api/claims/?article={article.pk}&anchor_attention=true").json()
    assert {r["id"] for r in attention["results"]} == {changed.pk, removed.pk}
    current = reviewer_api.get(f"/api/claims/?article={article.pk}&anchor_status=current").json()
    for r in current["results"]:
        assert r["anchor_sentences"] is None
        assert REVISED[r["span"]["start"] : r["span"]["end"]] == r["text"]
    bad = reviewer_api.get("/api/claims/?anchor_status=moved")
    assert bad.status_code == 400 and "anchor_status" in bad.json()["errors"]


@pytest.mark.django_db
def test_the_admin_queue_marks_and_filters_claims_whose_sentence_moved(revised, client, editor):
    _, changed, removed = revised
    client.force_login(editor)
    url = reverse("admin:claims_claim_changelist")
    html = client.get(url, {"anchor": "attention"}).content.decode()
    listed = client.get(url, {"anchor": "attention"}).context["cl"].result_list
    assert {c.pk for c in listed} == {changed.pk, removed.pk}
    assert "⚠ sentence changed" in html and "⚠ sentence removed" in html
    assert f'title="Now: {L3_EDITED}"' in html.replace("&#x27;", "'")
    page = client.get(reverse("admin:claims_claim_change", args=[changed.pk])).content.decode()
    assert "A newer revision of the article reads" in page and "$371.50 million" in page
    # Splitting or merging a claim whose sentence moved is refused with the reason, not a 500.
    with pytest.raises(WorkflowError, match="removed its sentence"):
        claim_split(claim=removed.pk, actor=editor, at=5)


@pytest.mark.django_db
def test_a_reviewer_who_confirms_the_verdict_clears_the_article_revised_marker(
    tmp_path, extracted, reviewer, editor
):
    from claims.services.workflow import claim_publish, claim_submit, claim_verdict_confirm
    from tests.conftest import ready_for_review

    published = claim_at(extracted, L3)
    published = ready_for_review(published, editor, reviewer)
    published = claim_publish(claim=claim_submit(claim=published, actor=editor), actor=reviewer)
    import_file(tmp_path, REVISED, "b.jsonl")
    assert article_extract(article_id=extracted.pk).status == "done"
    published.refresh_from_db()
    assert published.anchor_status == "changed" and published.anchor_changed_at is not None

    confirmed = claim_verdict_confirm(claim=published, actor=reviewer, note="Still false.")
    confirmed.refresh_from_db()
    assert confirmed.anchor_changed_at is None
    assert confirmed.anchor_status == "changed"  # the wording changed; only the marker is cleared


@pytest.mark.django_db
def test_an_article_first_extracted_in_a_batch_re_anchors_from_its_revision(tmp_path):
    from claims.services.batch_extraction import articles_extract

    import_file(tmp_path, BODY)
    article = Article.objects.get(url=URL)
    assert articles_extract(article_ids=[article.pk])[article.pk].status == "done"
    article.refresh_from_db()
    assert article.extracted_revision == 1  # the batch path records what its claims index
    first = {c.text: c.pk for c in Claim.objects.filter(article=article)}
    assert set(first) == {L1, L2, L3, L4}

    import_file(tmp_path, REVISED, "b.jsonl")
    assert article_extract(article_id=article.pk).status == "done"
    assert_spans_index_the_body(article)
    assert claim_at(article, L1).pk == first[L1] and claim_at(article, L2).pk == first[L2]
    assert article.extracted_revision == 2
