"""factcheck/rows.py builds model rows as Django's `Model.from_db` does: the same attributes and
values, deferred fields still read on access, the same state; through `__init__` when a pre_init
or post_init receiver is connected."""

from typing import Any

import pytest
from django.db.models import Model
from django.db.models.signals import post_init

from articles.models import Article
from claims.models import Claim
from tests.factories import ClaimFactory, rating

pytestmark = pytest.mark.django_db


def _django(model: type[Model], instance: Model) -> Model:
    """The same row built by Django's own `from_db`."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in instance.__dict__]
    values = [instance.__dict__[name] for name in names]
    return Model.from_db.__func__(model, instance._state.db, names, values)  # type: ignore[attr-defined]


def _fields(instance: Model) -> dict[str, Any]:
    return {k: v for k, v in instance.__dict__.items() if k != "_state"}


@pytest.mark.parametrize(
    "shape",
    [
        lambda qs: qs.all(),
        lambda qs: qs.defer("search_vector"),
        lambda qs: qs.only("id", "text", "status"),
        lambda qs: qs.select_related("article", "rating").defer("search_vector", "article__body"),
    ],
)
def test_rows_are_djangos(shape: Any) -> None:
    ClaimFactory(rating=rating(), claim_reviewed="Edited wording")
    claim = shape(Claim.objects).get()
    expected = _django(Claim, claim)
    assert _fields(claim) == _fields(expected)
    assert list(_fields(claim)) == list(_fields(expected))  # the same attribute order
    assert claim._state.adding is False
    assert claim._state.db == "default"
    assert claim.text == Claim.objects.get().text
    assert claim.search_vector == Claim.objects.get().search_vector  # a deferred field loads
    assert claim.wording == "Edited wording"
    if "article" in claim._state.fields_cache:
        article = claim._state.fields_cache["article"]
        assert isinstance(article, Article)
        assert _fields(article) == _fields(_django(Article, article))


def test_a_post_init_receiver_is_still_called() -> None:
    ClaimFactory()
    seen: list[Claim] = []

    def receiver(sender: Any, instance: Claim, **kwargs: Any) -> None:
        seen.append(instance)

    post_init.connect(receiver, sender=Claim)
    try:
        claim = Claim.objects.defer("search_vector").get()
    finally:
        post_init.disconnect(receiver, sender=Claim)
    assert seen == [claim]
    assert claim._state.adding is False
    assert "search_vector" not in claim.__dict__
