"""Batch extraction: many articles per task, stored in one transaction with a fixed number of
queries, each article still extracted exactly once and failing on its own."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

import claims.services.batch_extraction as batch_extraction
from articles.models import Article, ArticleExtraction
from articles.services import extraction_reset_values
from claims.extraction import EXTRACTOR_VERSION, extract
from claims.models import Claim, Claimant, ClaimEvent, ClaimStatus
from claims.services.batch_extraction import articles_extract
from claims.services.claimants import claimants_for_speakers
from claims.services.extraction import article_extract, extraction_batches
from claims.services.workflow import claim_assign
from tests.claims.services.test_extraction import HARBOUR, pending
from tests.factories import ClaimFactory, EditorFactory, ReviewerFactory


def town(i: int, mayor: str = "") -> str:
    mayor = mayor or f"Ann Lee{i % 3}"
    return (
        f"Town {i} opened {i + 3} new parks last year, the mayor {mayor} said.\n"
        f"Its budget rose from $1{i}.2 million to $1{i}.9 million, an increase of 5 percent."
    )


def spans(article: Article) -> list[tuple[int, int]]:
    return sorted(article.claims.values_list("start", "end"))


@pytest.mark.django_db
def test_a_batch_stores_each_articles_claims_as_the_engine_found_them_with_their_history():
    articles = [pending(body=town(i)) for i in range(4)] + [pending(body=HARBOUR)]
    outcomes = articles_extract(article_ids=[a.pk for a in articles])
    assert [o.status for o in outcomes.values()] == ["done"] * 5
    for article in articles:
        article.refresh_from_db()
        assert article.extraction_status == "done"
        assert article.extractor_version == EXTRACTOR_VERSION
        assert article.extraction_attempts == 1
        found = extract(article.body)
        assert spans(article) == sorted((f.start, f.end) for f in found)
        assert outcomes[article.pk].claims == len(found)
    harbour = Claim.objects.get(article=articles[-1], text__contains="4.2 million containers")
    assert harbour.quantities and harbour.figure_keys and harbour.status == ClaimStatus.NEW
    assert harbour.matching_queued_at is not None  # owed matching, for the matcher or its sweep
    # Searchable at once: the generated search vector is there.
    assert Claim.objects.filter(pk=harbour.pk, search_vector="containers").exists()
    # Every claim's history starts with its creation, by the extraction.
    claims = Claim.objects.filter(article__in=articles)
    events = ClaimEvent.objects.filter(pgh_obj__in=claims).select_related("pgh_context")
    assert sorted(e.pgh_obj_id for e in events) == sorted(c.pk for c in claims)
    assert {e.pgh_label for e in events} == {"insert"}
    assert {e.pgh_context.metadata["action"] for e in events} == {"extraction"}
    assert {e.text for e in events if e.pgh_obj_id == harbour.pk} == {harbour.text}


@pytest.mark.django_db
def test_speakers_become_one_claimant_each_across_the_batch_and_known_ones_are_reused():
    known = Claimant.objects.create(name="The Mayor Ann Lee1", kind="person")
    articles = [pending(body=town(i)) for i in range(6)]
    articles_extract(article_ids=[a.pk for a in articles])
    speakers = Claim.objects.filter(article__in=articles).exclude(speaker="")
    assert speakers.exists()
    for claim in speakers.select_related("claimant"):
        assert claim.claimant is not None
        assert claim.claimant.name.lower() == claim.speaker.lower()
    assert Claimant.objects.filter(name__iexact="the mayor ann lee1").get() == known
    # Towns 0 and 3 quote the same mayor: one claimant.
    assert Claimant.objects.filter(name__iexact="the mayor ann lee0").count() == 1
    assert (
        Claim.objects.filter(speaker="the mayor Ann Lee0").values("claimant").distinct().count()
        == 1
    )


@pytest.mark.django_db
def test_claimants_for_speakers_tidies_names_and_ignores_case():
    Claimant.objects.create(name="The Harbour Authority", kind="organization")
    found = claimants_for_speakers(['"the harbour  authority"', "Ann Lee", "ann lee", "  "])
    assert set(found) == {"the harbour authority", "ann lee"}
    assert found["the harbour authority"].name == "The Harbour Authority"
    assert Claimant.objects.filter(name__iexact="ann lee").count() == 1


@pytest.mark.django_db
def test_storing_a_batch_costs_the_same_queries_for_3_or_12_articles():
    def queries(n: int, offset: int) -> int:
        # Each with a new speaker: the claimants are created too.
        ids = [pending(body=town(offset + i, mayor=f"Mayor {offset + i}")).pk for i in range(n)]
        with CaptureQueriesContext(connection) as captured:
            outcomes = articles_extract(article_ids=ids)
        assert [o.status for o in outcomes.values()] == ["done"] * n
        return len(captured.captured_queries)

    small, large = queries(3, 0), queries(12, 100)
    assert small == large
    # Which articles have claims, claim, bodies; in the transaction: no fsync wait, lock, which
    # have claims now, claimants (find, add, find the added), ids, history, done, and the
    # trigger switch reset. (COPY goes past the Django cursor and is not counted: one more.)
    assert large <= 15


@pytest.mark.django_db
def test_one_article_the_engine_fails_on_fails_alone_with_its_reason(monkeypatch):
    good = [pending(body=town(i)) for i in range(3)]
    bad = pending(body="Town 99 has a roman numeral MMXXIV that breaks the engine.")

    def engine(text):
        if "roman numeral" in text:
            raise ValueError("unexpected numeral")
        return extract(text)

    monkeypatch.setattr(batch_extraction, "extract", engine)
    outcomes = articles_extract(article_ids=[good[0].pk, bad.pk, good[1].pk, good[2].pk])
    assert outcomes[bad.pk].status == "failed"
    bad.refresh_from_db()
    assert bad.extraction_status == "failed"
    assert bad.extraction_error == "The extractor failed: ValueError: unexpected numeral"
    assert not bad.claims.exists()
    for article in good:
        article.refresh_from_db()
        assert outcomes[article.pk].status == "done"
        assert article.extraction_status == "done" and article.claims.exists()


@pytest.mark.django_db
def test_one_article_whose_claims_cannot_be_stored_fails_alone_the_others_are_stored(
    monkeypatch,
):
    import claims.services.extraction as extraction

    good = [pending(body=town(i)) for i in range(3)]
    bad = pending(body=HARBOUR)
    real = extraction.figure_keys

    def overflowing(quantities):
        if "containers" in str(quantities):
            raise OverflowError("int too large to convert to float")
        return real(quantities)

    monkeypatch.setattr(extraction, "figure_keys", overflowing)
    outcomes = articles_extract(article_ids=[a.pk for a in [*good, bad]])
    bad.refresh_from_db()
    assert outcomes[bad.pk].status == "failed"
    assert bad.extraction_status == "failed"
    assert bad.extraction_error == (
        "Storing the claims failed: OverflowError: int too large to convert to float"
    )
    assert not bad.claims.exists()  # nothing half-stored
    for article in good:
        article.refresh_from_db()
        assert article.extraction_status == "done"
        assert spans(article) == sorted((f.start, f.end) for f in extract(article.body))


@pytest.mark.django_db
def test_an_article_changed_while_its_batch_ran_is_skipped_and_left_for_its_new_task(
    monkeypatch,
):
    first, changed, last = (pending(body=town(i)) for i in range(3))

    def engine(text):
        if text == first.body:  # an import rewrites `changed` while the batch is running
            Article.objects.filter(pk=changed.pk).update(body=town(50))
            ArticleExtraction.objects.filter(pk=changed.pk).update(**extraction_reset_values())
        return extract(text)

    monkeypatch.setattr(batch_extraction, "extract", engine)
    outcomes = articles_extract(article_ids=[first.pk, changed.pk, last.pk])
    assert outcomes[changed.pk].status == "superseded"
    changed.refresh_from_db()
    assert changed.extraction_status == "pending" and not changed.claims.exists()
    assert {outcomes[first.pk].status, outcomes[last.pk].status} == {"done"}
    # Its own task then extracts the new body, once.
    assert articles_extract(article_ids=[changed.pk])[changed.pk].status == "done"
    assert spans(changed) == sorted((f.start, f.end) for f in extract(town(50)))


@pytest.mark.django_db
def test_a_batch_redelivered_after_it_committed_creates_nothing_new():
    articles = [pending(body=town(i)) for i in range(5)]
    ids = [a.pk for a in articles]
    articles_extract(article_ids=ids)
    before = sorted(Claim.objects.filter(article_id__in=ids).values_list("pk", "start", "end"))
    # The broker hands the batch back (its worker died after the commit): takeover.
    outcomes = articles_extract(article_ids=ids, takeover=True)
    assert {o.status for o in outcomes.values()} == {"skipped"}
    after = sorted(Claim.objects.filter(article_id__in=ids).values_list("pk", "start", "end"))
    assert after == before
    assert set(
        Article.objects.filter(pk__in=ids).values_list("extraction__attempts", flat=True)
    ) == {1}


@pytest.mark.django_db
def test_a_redelivered_batch_takes_over_what_the_dead_attempt_left_running():
    done, left = pending(body=town(1)), pending(body=town(2))
    articles_extract(article_ids=[done.pk])
    # The dead attempt had claimed `left` (running, not stale) but not stored it.
    ArticleExtraction.objects.filter(pk=left.pk).update(status="running")
    assert articles_extract(article_ids=[done.pk, left.pk])[left.pk].status == "skipped"
    outcomes = articles_extract(article_ids=[done.pk, left.pk], takeover=True)
    assert (outcomes[done.pk].status, outcomes[left.pk].status) == ("skipped", "done")
    left.refresh_from_db()
    assert spans(left) == sorted((f.start, f.end) for f in extract(left.body))


@pytest.mark.django_db
def test_an_article_with_claims_goes_the_per_article_way_keeping_edited_claims():
    reviewer, editor = ReviewerFactory(), EditorFactory()
    rerun, fresh = pending(body=HARBOUR), pending(body=town(4))
    article_extract(article_id=rerun.pk)
    worked_on = Claim.objects.filter(article=rerun).order_by("start").first()
    claim_assign(claim=worked_on, actor=reviewer, assignee=editor)
    ArticleExtraction.objects.filter(pk=rerun.pk).update(**extraction_reset_values())

    outcomes = articles_extract(article_ids=[rerun.pk, fresh.pk])
    assert outcomes[rerun.pk].status == outcomes[fresh.pk].status == "done"
    assert outcomes[rerun.pk].detail.endswith("0 removed")  # the per-article report
    worked_on.refresh_from_db()
    assert worked_on.status == ClaimStatus.ASSIGNED
    assert spans(rerun) == sorted((f.start, f.end) for f in extract(HARBOUR))


@pytest.mark.django_db
def test_a_claim_added_by_hand_while_the_batch_ran_is_kept(monkeypatch):
    article, other = pending(body=HARBOUR), pending(body=town(7))

    def engine(text):
        if text == HARBOUR and not article.claims.exists():
            ClaimFactory(article=article, start=0, end=8, text="The port", summary="By hand.")
        return extract(text)

    monkeypatch.setattr(batch_extraction, "extract", engine)
    monkeypatch.setattr("claims.services.extraction.extract", engine)
    outcomes = articles_extract(article_ids=[article.pk, other.pk])
    assert outcomes[article.pk].status == outcomes[other.pk].status == "done"
    assert article.claims.filter(start=0, end=8).exists()
    expected = sorted((f.start, f.end) for f in extract(HARBOUR))
    assert sorted(set(spans(article)) - {(0, 8)}) == expected


def test_batches_are_even_and_at_most_the_batch_size():
    assert extraction_batches(list(range(60)), 25) == [
        list(range(20)),
        list(range(20, 40)),
        list(range(40, 60)),
    ]
    assert [len(b) for b in extraction_batches(list(range(51)), 25)] == [17, 17, 17]
    assert extraction_batches([7], 25) == [[7]]
    assert extraction_batches([], 25) == []


class WorkerKilled(BaseException):
    """What the engine sees of a SIGKILL: nothing after it runs."""


@pytest.mark.django_db
def test_a_batch_killed_midway_keeps_what_it_stored_and_its_redelivery_does_the_rest(
    monkeypatch,
):
    monkeypatch.setattr(batch_extraction, "STORE_EVERY_SECONDS", 0.0)  # long articles: in parts
    articles = [pending(body=town(i)) for i in range(5)]
    ids = [a.pk for a in articles]
    calls = []

    def engine(text):
        calls.append(text)
        if len(calls) == 4:
            raise WorkerKilled
        return extract(text)

    monkeypatch.setattr(batch_extraction, "extract", engine)
    with pytest.raises(WorkerKilled):
        articles_extract(article_ids=ids)
    statuses = dict(Article.objects.filter(pk__in=ids).values_list("pk", "extraction__status"))
    assert [statuses[pk] for pk in ids] == ["done"] * 3 + ["running"] * 2
    stored = sorted(Claim.objects.filter(article_id__in=ids).values_list("pk", flat=True))

    monkeypatch.setattr(batch_extraction, "extract", extract)
    outcomes = articles_extract(article_ids=ids, takeover=True)  # the broker hands it back
    assert [outcomes[pk].status for pk in ids] == ["skipped"] * 3 + ["done"] * 2
    assert set(stored) <= set(Claim.objects.filter(article_id__in=ids).values_list("pk", flat=True))
    for article in articles:
        article.refresh_from_db()
        assert article.extraction_status == "done"
        assert spans(article) == sorted((f.start, f.end) for f in extract(article.body))


@pytest.mark.django_db(transaction=True)
def test_an_import_holding_the_article_while_the_batch_stores_wins_and_nothing_is_stored_twice(
    monkeypatch,
):
    # A concurrent import locks the article, rewrites it and queues it again, and commits while
    # the batch waits to store: the batch finds its attempt superseded (the lock order is the
    # article, then its extraction state, for both), and the article's own task extracts the
    # new text exactly once.
    article = pending(body=town(1))
    locked, release = threading.Event(), threading.Event()

    def import_meanwhile() -> None:
        try:
            with transaction.atomic():
                Article.objects.select_for_update().get(pk=article.pk)
                Article.objects.filter(pk=article.pk).update(body=town(60))
                ArticleExtraction.objects.filter(pk=article.pk).update(**extraction_reset_values())
                locked.set()
                release.wait(5)
        finally:
            connection.close()

    thread = threading.Thread(target=import_meanwhile)

    def engine(text):
        found = extract(text)
        thread.start()
        assert locked.wait(5)
        threading.Timer(0.3, release.set).start()
        return found

    monkeypatch.setattr(batch_extraction, "extract", engine)
    outcomes = articles_extract(article_ids=[article.pk])
    thread.join()
    assert outcomes[article.pk].status == "superseded"
    assert not Claim.objects.filter(article=article).exists()
    monkeypatch.setattr(batch_extraction, "extract", extract)
    assert articles_extract(article_ids=[article.pk])[article.pk].status == "done"
    article.refresh_from_db()
    assert article.extraction_status == "done"
    assert spans(article) == sorted((f.start, f.end) for f in extract(town(60)))
