"""Model rows built without Django's per-row work that a row's shape already decides.

Django's `Model.from_db` lays out a row that lacks some fields (a queryset's `defer()` or
`only()`, as the API's reads of claims without their `search_vector`) by testing each of the
model's fields for membership in the row's field names, on every row, then `Model.__init__`
walks the fields again, setting each value through its descriptor and sending the pre_init and
post_init signals. For a page of 50 claims and their related rows (the feed: events, claims,
articles, claimants, ratings) that was a fifth of the request's CPU.

`from_db` here decides once per (model, field names) which attribute each value of the row is,
and puts the values in the instance's `__dict__` as `__init__` would, when that is all `__init__`
would do: the model's fields are Django's plain deferred attributes (no descriptor of its own
that does something when set), the model does not override `__init__` or `__setattr__`, and no
receiver of pre_init or post_init is connected (checked on every row). Otherwise it calls the
model as Django does, with the row laid out once per shape. A model opts in with
`from_db = rows.from_db` in its body.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from django.db.models import DEFERRED, Model
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init

Layout = Callable[[tuple[Any, ...]], tuple[Any, ...]]

_PLAIN = (DeferredAttribute, ForeignKeyDeferredAttribute)


class _Shape:
    """What a row of this shape is: its values' attribute names, whether they can be put in the
    instance's `__dict__` directly, and the layout Django's `__init__` takes (None: as read)."""

    __slots__ = ("attnames", "direct", "lay_out")

    def __init__(self, model: type[Model], field_names: tuple[str, ...] | None) -> None:
        fields = model._meta.concrete_fields
        if field_names is None:  # a value for every field, in the model's order
            self.attnames = tuple(field.attname for field in fields)
            self.lay_out: Layout | None = None
        else:
            read = set(field_names)
            self.attnames = tuple(field.attname for field in fields if field.attname in read)
            self.lay_out = layout(model, field_names)
        self.direct = (
            model.__init__ is Model.__init__
            and model.__setattr__ is object.__setattr__
            and all(type(getattr(model, field.attname, None)) in _PLAIN for field in fields)
        )


# (model, the row's field names or None for all of them) -> its shape: a few keys, one per set
# of fields the code reads.
_shapes: dict[tuple[type[Model], tuple[str, ...] | None], _Shape] = {}


def _from_db(cls: type[Model], db: str | None, field_names: Sequence[str], values: Any) -> Any:
    """Django's `Model.from_db`, the row's shape decided once (see the module's docstring)."""
    key = (cls, None if len(values) == len(cls._meta.concrete_fields) else tuple(field_names))
    shape = _shapes.get(key)
    if shape is None:
        shape = _shapes[key] = _Shape(cls, key[1])
    if shape.direct and not pre_init.receivers and not post_init.receivers:
        new = cls.__new__(cls)
        state = new._state = ModelState()
        new.__dict__.update(zip(shape.attnames, values, strict=True))
    else:
        if shape.lay_out is not None:
            values = shape.lay_out((*values, DEFERRED))
        new = cls(*values)
        state = new._state
    state.adding = False
    state.db = db
    return new


# Typed Any: Django's stubs describe a later Django's signature (its `fetch_mode`, which this one's
# `from_db` does not take; a Django that passes it fails here loudly, every read).
from_db: Any = classmethod(_from_db)


def layout(model: type[Model], field_names: Sequence[str]) -> Layout:
    """As Django's `Model.from_db`: the row's values are the read fields' in the model's field
    order, DEFERRED for the others. The getter takes the row followed by DEFERRED."""
    read = set(field_names)
    missing = len(field_names)
    positions, taken = [], 0
    for field in model._meta.concrete_fields:
        if field.attname in read:
            positions.append(taken)
            taken += 1
        else:
            positions.append(missing)
    pick = itemgetter(*positions)
    if len(positions) == 1:
        return lambda row: (pick(row),)
    return pick
