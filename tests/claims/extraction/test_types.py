"""The fast constructors build the same objects as the dataclasses' own."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from claims.extraction.types import (
    ConsistencyCheck,
    ExtractedClaim,
    Quantity,
    new_claim,
    new_quantity,
)


def test_new_quantity_is_the_quantity_the_dataclass_builds():
    args = ("$5 million", 3, 13, 5_000_000, "money", None, "USD", "about", None, 6_000_000, "to")
    fast, slow = new_quantity(*args), Quantity(*args)
    assert fast == slow and repr(fast) == repr(slow) and hash(fast) == hash(slow)
    assert dataclasses.astuple(fast) == args
    assert pickle.loads(pickle.dumps(fast)) == slow
    assert new_quantity("5", 0, 1, 5, "count") == Quantity("5", 0, 1, 5, "count")
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.value = 6  # type: ignore[misc]


def test_new_claim_is_the_claim_the_dataclass_builds():
    q = Quantity("5", 0, 1, 5, "count")
    check = ConsistencyCheck("parts_total", "consistent", 5.0, 5.0, "ok", (0,), ())
    args = ("5 people came.", 0, 14, "quantity", 0.7, ["+number"], [q], [check], "Tao")
    fast, slow = new_claim(*args), ExtractedClaim(*args)
    assert fast == slow and repr(fast) == repr(slow)
    assert dataclasses.astuple(fast) == dataclasses.astuple(slow)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.type = "other"  # type: ignore[misc]
