"""The articles -> claims seam, from the articles side: `extraction_requested` is sent after
commit, once per committed batch, with the articles whose text is new."""

from __future__ import annotations

import pytest

from articles.models import Article, ImportBatch
from articles.readers import RawRow
from articles.services import article_import, article_update
from articles.signals import extraction_requested
from factcheck.queueing import TaskPublisher
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def requests():
    sent: list[tuple[list[int], object]] = []

    def receiver(sender, *, article_ids, publisher=None, **kwargs):
        sent.append((list(article_ids), publisher))

    extraction_requested.connect(receiver, dispatch_uid="test-extraction-requested")
    yield sent
    extraction_requested.disconnect(dispatch_uid="test-extraction-requested")


def rows(*bodies: str) -> list[RawRow]:
    return [
        RawRow("test", f"item {i}", {"title": f"T{i}", "body": b}) for i, b in enumerate(bodies)
    ]


def test_an_import_requests_extraction_of_its_new_articles_only_after_commit(
    requests, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = article_import(
            rows=rows("Oslo has 700,000 people.", "Lyon has 500,000 people."),
            origin=ImportBatch.Origin.API,
        )
        assert requests == []  # nothing before commit
    assert len(callbacks) == 1
    ((ids, publisher),) = requests
    assert sorted(ids) == sorted(Article.objects.values_list("pk", flat=True))
    assert isinstance(publisher, TaskPublisher)  # the import's own (background) publisher
    assert result.enqueued == 2


def test_importing_the_same_text_again_requests_nothing(
    requests, django_capture_on_commit_callbacks
):
    article_import(rows=rows("Oslo has 700,000 people."), origin=ImportBatch.Origin.API)
    requests.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article_import(rows=rows("Oslo has 700,000 people."), origin=ImportBatch.Origin.API)
    assert requests == []


def test_a_new_body_resets_extraction_and_requests_it_after_commit(
    requests, django_capture_on_commit_callbacks
):
    article = ArticleFactory(
        extraction_status=Article.ExtractionStatus.FAILED,
        extraction_error="boom",
        extraction_attempts=5,
    )
    with django_capture_on_commit_callbacks(execute=True):
        article_update(article=article, data={"body": "Oslo has 710,000 people now."})
    assert requests == [([article.pk], None)]
    article.refresh_from_db()
    assert article.extraction_status == Article.ExtractionStatus.PENDING
    assert (article.extraction_error, article.extraction_attempts) == ("", 0)
    assert article.extraction_queued_at is not None


def test_a_metadata_change_requests_no_extraction(requests, django_capture_on_commit_callbacks):
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        article_update(article=article, data={"outlet": "Another desk"})
    assert requests == []
