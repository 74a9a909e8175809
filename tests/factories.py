from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.cleaning import content_hash
from articles.models import Article, ArticleExtraction, ImportBatch
from claims.models import Annotation, Claim, Evidence, Rating
from claims.roles import EDITOR, REVIEWER

User = get_user_model()


def _add_roles(user, create: bool, names) -> None:
    if create:
        for name in names or []:
            user.groups.add(Group.objects.get(name=name))


class UserFactory(factory.django.DjangoModelFactory):
    """A staff user; `UserFactory(roles=[REVIEWER, EDITOR])` gives it roles."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@newsroom.example")
    is_staff = True
    password = factory.django.Password("pw-for-tests")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        _add_roles(self, create, extracted)


class ReviewerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"reviewer{n}")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        _add_roles(self, create, extracted if extracted is not None else [REVIEWER])


class EditorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"editor{n}")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        _add_roles(self, create, extracted if extracted is not None else [EDITOR])


class ImportBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportBatch

    origin = ImportBatch.Origin.COMMAND_LINE


# The extraction state is its own row (ArticleExtraction, inserted with the article by a trigger);
# ArticleFactory(extraction_status=..., extraction_queued_at=...) sets it under the article's names.
_EXTRACTION_STATE = {
    "extraction_status": "status",
    "extraction_error": "error",
    "extraction_attempts": "attempts",
    "extraction_queued_at": "queued_at",
    "extraction_started_at": "started_at",
    "extraction_finished_at": "finished_at",
    "extractor_version": "extractor_version",
    "extracted_revision": "extracted_revision",
}


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    url = factory.Sequence(lambda n: f"https://news.example/story-{n}")
    title = factory.Sequence(lambda n: f"Harbour authority reports record cargo, story {n}")
    body = factory.Sequence(
        lambda n: (
            f"The harbour handled 4.2 million containers last year, story {n}. "
            "That was 12 percent more than the year before, the authority said."
        )
    )
    outlet = "Coastal Courier"
    published_at = factory.LazyFunction(timezone.now)
    language = "en"
    content_hash = factory.LazyAttribute(lambda a: content_hash(a.title, a.body))
    extraction_status = Article.ExtractionStatus.DONE

    @classmethod
    def _create(cls, model_class: type[Article], *args: Any, **kwargs: Any) -> Article:
        state = {
            _EXTRACTION_STATE[k]: kwargs.pop(k) for k in list(kwargs) if k in _EXTRACTION_STATE
        }
        article = super()._create(model_class, *args, **kwargs)
        if state:
            ArticleExtraction.objects.filter(pk=article.pk).update(**state)
        return article


def rating(label: str = "False") -> Rating:
    return Rating.objects.get(label=label)


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    start = 0
    end = factory.LazyAttribute(lambda c: c.article.body.index(".") + 1)
    text = factory.LazyAttribute(lambda c: c.article.body[c.start : c.end])
    claim_type = "quantity"
    checkworthiness = 0.8
    quantities = factory.LazyFunction(
        lambda: [
            {
                "text": "4.2 million",
                "start": 25,
                "end": 36,
                "value": 4200000,
                "kind": "count",
                "unit": None,
                "currency": None,
                "qualifier": None,
                "noun": "containers",
            }
        ]
    )
    extractor_version = "test"


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    url = factory.Sequence(lambda n: f"https://stats.example/table-{n}")
    title = "Port statistics, annual table"
    publisher = "Statistics office"
    stance = Evidence.Stance.SUPPORTS


class AnnotationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Annotation

    claim = factory.SubFactory(ClaimFactory)
    author = factory.SubFactory(UserFactory)
    body = "Called the port authority; they confirm the annual figure."
