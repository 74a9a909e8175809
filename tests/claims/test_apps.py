"""The seams the claims app plugs into: `ClaimsConfig.ready()` connects the articles app's
`extraction_requested`, so an imported or changed article gets its extraction task."""

from __future__ import annotations

import pytest

from articles.models import Article, ImportBatch
from articles.readers import RawRow
from articles.services import article_import, article_update
from articles.signals import extraction_requested
from claims.queueing import EXTRACT_ARTICLES, QUEUE_EXTRACTIONS
from claims.services.extraction import FAN_OUT_OVER, extraction_requested_receiver
from factcheck.queueing import TaskPublisher
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(monkeypatch):
    """What the claims app hands the broker: (task name, argument tuples), not sent."""
    sent: list[tuple[str, list[tuple]]] = []
    monkeypatch.setattr(
        TaskPublisher,
        "publish",
        lambda self, name, argsets: sent.append((name, [tuple(a) for a in argsets])),
    )
    return sent


def test_the_claims_app_is_connected_to_extraction_requested():
    # Each entry starts with its lookup key, (dispatch_uid, sender id).
    uids = [entry[0][0] for entry in extraction_requested.receivers]
    assert "claims.extraction_requested" in uids
    assert extraction_requested_receiver.__module__ == "claims.services.extraction"


def test_importing_an_article_queues_its_extraction_after_commit(
    published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article_import(
            rows=[RawRow("test", "item 1", {"title": "Oslo", "body": "Oslo has 700,000 people."})],
            origin=ImportBatch.Origin.API,
        )
        assert published == []
    article_id = Article.objects.get().pk
    assert published == [(EXTRACT_ARTICLES, [([article_id],)])]  # a batch of one


def test_a_bulk_import_queues_one_fan_out_message_per_chunk(
    published, django_capture_on_commit_callbacks
):
    n = FAN_OUT_OVER + 1
    with django_capture_on_commit_callbacks(execute=True):
        article_import(
            rows=[
                RawRow("test", f"item {i}", {"title": f"T{i}", "body": f"Town {i} has {i} parks."})
                for i in range(n)
            ],
            origin=ImportBatch.Origin.API,
        )
    ((name, argsets),) = published
    assert name == QUEUE_EXTRACTIONS
    assert len(argsets) == 1 and len(argsets[0][0]) == n


def test_an_import_of_50_articles_queues_two_batches_of_25(
    published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article_import(
            rows=[
                RawRow("test", f"item {i}", {"title": f"T{i}", "body": f"Town {i} has {i} parks."})
                for i in range(50)
            ],
            origin=ImportBatch.Origin.API,
        )
    ((name, argsets),) = published
    assert name == EXTRACT_ARTICLES
    ids = sorted(Article.objects.values_list("pk", flat=True))
    assert [len(batch) for (batch,) in argsets] == [25, 25]
    assert sorted(pk for (batch,) in argsets for pk in batch) == ids


def test_changing_an_article_body_queues_its_extraction_again(
    published, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        article_update(article=article, data={"body": "A new text with 12 figures."})
    assert published == [(EXTRACT_ARTICLES, [([article.pk],)])]
