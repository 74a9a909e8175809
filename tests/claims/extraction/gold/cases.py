"""The shape of a gold case, shared by the class modules."""

from __future__ import annotations

from typing import Any

# (sentence, every figure in it: (text, value, kind, {other attributes that must match})).
# A sentence with an empty list has no figure at all: anything read from it is a false positive.
GoldFigure = tuple[str, float, str, dict[str, Any]]
GoldCase = tuple[str, list[GoldFigure]]
