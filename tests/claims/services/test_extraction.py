"""The extraction service and its storage: idempotent, concurrent-safe, never touching edited
claims; and the sweep. The tasks that wrap it: tests/claims/test_tasks.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

import claims.services.extraction as extraction
from articles.models import Article, ArticleExtraction
from claims.extraction import EXTRACTOR_VERSION
from claims.models import Claim, ClaimStatus
from claims.services.extraction import (
    MAX_ATTEMPTS,
    article_extract,
    extraction_request,
    extraction_start,
    extraction_sweep,
)
from claims.services.workflow import claim_assign
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EditorFactory,
    EvidenceFactory,
    ReviewerFactory,
)

HARBOUR = (
    "The port of Eastmouth handled 4.2 million containers last year, the harbour authority said.\n"
    "That was an increase of 600,000 containers from 3.6 million the year before, or 20 percent.\n"
    "Transit fees rose from $358.19 million to $372.07 million, a $13.88 million increase."
)


@pytest.fixture
def reviewer():
    return ReviewerFactory()


@pytest.fixture
def editor():
    return EditorFactory()


def pending(**kwargs) -> Article:
    return ArticleFactory(
        extraction_status=Article.ExtractionStatus.PENDING,
        extraction_queued_at=timezone.now(),
        **kwargs,
    )


@pytest.mark.django_db
def test_claims_are_stored_with_figures_scores_and_consistency():
    article = pending(body=HARBOUR)
    outcome = article_extract(article_id=article.pk)
    assert outcome.status == "done" and outcome.claims == 3
    article.refresh_from_db()
    assert article.extraction_status == "done" and article.extractor_version == EXTRACTOR_VERSION
    assert article.extraction_attempts == 1 and article.extraction_finished_at is not None
    claims = list(Claim.objects.filter(article=article).order_by("start"))
    for claim in claims:
        assert article.body[claim.start : claim.end] == claim.text
        assert claim.extractor_version == EXTRACTOR_VERSION and claim.status == ClaimStatus.NEW
        assert 0 <= claim.checkworthiness <= 1 and claim.signals
    first, percent, fees = claims
    assert first.quantities[0]["value"] == 4_200_000 and "count:" in first.figure_keys[0]
    assert percent.consistency_flag == "inconsistent"
    assert percent.consistency[0]["expected"] == pytest.approx(16.6667, abs=1e-3)
    assert fees.consistency_flag == "consistent"
    assert {q["currency"] for q in fees.quantities} == {"USD"}


@pytest.mark.django_db
def test_running_twice_changes_nothing_the_second_time():
    article = pending(body=HARBOUR)
    article_extract(article_id=article.pk)
    before = list(Claim.objects.filter(article=article).values_list("pk", "updated_at"))
    assert article_extract(article_id=article.pk).status == "skipped"
    assert list(Claim.objects.filter(article=article).values_list("pk", "updated_at")) == before
    article.refresh_from_db()
    assert article.extraction_attempts == 1


@pytest.mark.django_db
def test_only_one_of_two_concurrent_deliveries_starts():
    article = pending(body=HARBOUR)
    assert extraction_start(article.pk) is not None
    assert extraction_start(article.pk) is None  # the second worker finds it running


@pytest.mark.django_db
def test_a_run_left_by_a_dead_worker_is_taken_over_once_stale(settings):
    article = pending(body=HARBOUR)
    assert extraction_start(article.pk) is not None
    ArticleExtraction.objects.filter(pk=article.pk).update(
        started_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert article_extract(article_id=article.pk).status == "done"


@pytest.mark.django_db
def test_result_is_dropped_when_the_body_changed_meanwhile():
    article = pending(body=HARBOUR)
    body, token = extraction_start(article.pk)
    # An import replaces the text while the engine runs: the article goes back to pending.
    Article.objects.filter(pk=article.pk).update(body="Prices rose 5 percent.")
    ArticleExtraction.objects.filter(pk=article.pk).update(status="pending")
    outcome = extraction._store(article.pk, token, extraction.extract(body))
    assert outcome.status == "superseded"
    assert not Claim.objects.filter(article=article).exists()


@pytest.mark.django_db
def test_rerun_replaces_untouched_machine_claims_and_never_touches_edited_ones(reviewer, editor):
    article = pending(body=HARBOUR)
    article_extract(article_id=article.pk)
    first, percent, fees = Claim.objects.filter(article=article).order_by("start")
    # An old extractor's claims: one nobody touched, one an editor is working on, one with
    # evidence cited, and one at a span the new extractor no longer reports.
    Claim.objects.filter(pk__in=[first.pk, percent.pk, fees.pk]).update(
        extractor_version="2020.1", checkworthiness=0.01
    )
    claim_assign(claim=percent, actor=reviewer, assignee=editor)
    EvidenceFactory(claim=fees)
    gone = ClaimFactory(article=article, start=0, end=8, extractor_version="2020.1")
    percent.refresh_from_db()
    percent_before = (percent.version, percent.checkworthiness, percent.extractor_version)

    assert extraction_request(article_ids=[article.pk]) == 1
    outcome = article_extract(article_id=article.pk)
    assert outcome.detail == "0 new, 1 updated, 1 removed"

    first.refresh_from_db()
    assert first.extractor_version == EXTRACTOR_VERSION and first.checkworthiness > 0.01
    percent.refresh_from_db()
    assert (percent.version, percent.checkworthiness, percent.extractor_version) == percent_before
    assert percent.status == ClaimStatus.ASSIGNED
    fees.refresh_from_db()
    assert fees.extractor_version == "2020.1"  # evidence cited: left as it is
    assert not Claim.objects.filter(pk=gone.pk).exists()


@pytest.mark.django_db
def test_an_extractor_error_is_recorded_on_the_article(monkeypatch):
    article = pending(body=HARBOUR)

    def broken(text):
        raise ValueError("unexpected numeral")

    monkeypatch.setattr(extraction, "extract", broken)
    assert article_extract(article_id=article.pk).status == "failed"
    article.refresh_from_db()
    assert article.extraction_status == "failed"
    assert article.extraction_error == "The extractor failed: ValueError: unexpected numeral"


@pytest.mark.django_db
def test_a_fault_while_storing_claims_marks_the_article_failed_with_the_reason(monkeypatch):
    article = pending(body=HARBOUR)

    def overflowing(quantities):
        raise OverflowError("int too large to convert to float")

    monkeypatch.setattr(extraction, "figure_keys", overflowing)
    outcome = article_extract(article_id=article.pk)
    assert outcome.status == "failed"
    article.refresh_from_db()
    assert article.extraction_status == "failed"  # not left running for the sweep
    assert article.extraction_error == (
        "Storing the claims failed: OverflowError: int too large to convert to float"
    )
    assert not article.claims.exists()  # nothing half-stored


@pytest.mark.django_db
def test_sweep_requeues_stale_pending_and_running_and_gives_up_on_repeat_offenders():
    old = timezone.now() - dt.timedelta(hours=2)
    never_delivered = pending()
    ArticleExtraction.objects.filter(pk=never_delivered.pk).update(queued_at=old)
    fresh = pending()
    dead_worker = ArticleFactory(
        extraction_status="running", extraction_started_at=old, extraction_attempts=1
    )
    poison = ArticleFactory(
        extraction_status="running", extraction_started_at=old, extraction_attempts=MAX_ATTEMPTS
    )
    result = extraction_sweep()
    assert sorted(result.requeued) == sorted([never_delivered.pk, dead_worker.pk])
    assert result.gave_up == [poison.pk]
    poison.refresh_from_db()
    assert poison.extraction_status == "failed"
    assert poison.extraction_error.startswith(f"Gave up after {MAX_ATTEMPTS} attempts")
    assert fresh.pk not in result.requeued
    assert extraction_sweep().requeued == []  # just re-queued: not sent again straight away
