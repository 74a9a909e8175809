"""The dataclasses the engine returns: plain data that the Django side, API and CLI serialise."""

from __future__ import annotations

from dataclasses import dataclass, field

CLAIM_TYPES = (
    "quantity",
    "comparison",
    "rank",
    "event",
    "prediction",
    "causal",
    "rule",
    "personal",
    "other",
)
QUANTITY_KINDS = (
    "count",
    "percent",
    "percentage_point",
    "money",
    "ordinal",
    "year",
    "date",
    "duration",
    "ratio",
    "measure",
)
# `Quantity.change`: how the figure takes part in a change.
#   "increase" / "decrease": the figure is the size of a rise or fall ("rose 2.03 percent",
#       "a drop of NT$50"); "change": a change of unstated direction ("changed by 5");
#   "from" / "to": the figure is the start or end point of a change ("from $358.19 billion to ...").
CHANGE_ROLES = ("increase", "decrease", "change", "from", "to")


@dataclass(frozen=True, slots=True)
class Quantity:
    """One figure. `start`/`end` are offsets into the whole input text; `text == body[start:end]`.

    `value` is the number as stated with its scale applied (1.88 million -> 1880000, 1.08 crore ->
    10800000); for kind "date" it is an int YYYYMMDD with 0 for parts not stated (April 25 -> 425),
    and `unit` then holds the ISO-like form ("2024-04-25", "--04-25", "2022-05").
    `range_to` is the upper bound of a range ("700-800": value 700, range_to 800).
    """

    text: str
    start: int
    end: int
    value: float | int
    kind: str
    unit: str | None = None
    currency: str | None = None
    qualifier: str | None = None
    noun: str | None = None
    range_to: float | int | None = None
    change: str | None = None


@dataclass(frozen=True, slots=True)
class ConsistencyCheck:
    """Whether figures that imply each other agree.

    `quantity_indexes` index `ExtractedClaim.quantities`; `related_spans` are the (start, end)
    offsets in the article of figures from earlier sentences of the paragraph that the check also
    used (the level before a change stated in the next sentence)."""

    kind: str  # "change_endpoints", "change_percent", "parts_total"
    status: str  # "consistent" or "inconsistent"
    expected: float
    actual: float
    detail: str
    quantity_indexes: tuple[int, ...] = ()
    related_spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class ExtractedClaim:
    """One check-worthy sentence. `text == body[start:end]`."""

    text: str
    start: int
    end: int
    type: str
    checkworthiness: float
    signals: list[str] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    consistency: list[ConsistencyCheck] = field(default_factory=list)
    speaker: str | None = None


# Fast constructors for the engine's hot paths. A frozen dataclass's __init__ sets each field with
# `object.__setattr__` (about 2.5 us for a Quantity); setting the slots through their descriptors
# gives the same object (equal, same repr and hash; tests/claims/extraction/test_types.py) in
# under half the time, which is a few percent of the engine on figure-dense text.
_new = object.__new__
_Q = Quantity.__dict__
_q_text, _q_start, _q_end, _q_value, _q_kind = (
    _Q[f].__set__ for f in ("text", "start", "end", "value", "kind")
)
_q_unit, _q_currency, _q_qualifier, _q_noun, _q_range_to, _q_change = (
    _Q[f].__set__ for f in ("unit", "currency", "qualifier", "noun", "range_to", "change")
)


def new_quantity(
    text: str,
    start: int,
    end: int,
    value: float | int,
    kind: str,
    unit: str | None = None,
    currency: str | None = None,
    qualifier: str | None = None,
    noun: str | None = None,
    range_to: float | int | None = None,
    change: str | None = None,
) -> Quantity:
    """`Quantity(...)` with the same arguments, built faster."""
    q: Quantity = _new(Quantity)
    _q_text(q, text)
    _q_start(q, start)
    _q_end(q, end)
    _q_value(q, value)
    _q_kind(q, kind)
    _q_unit(q, unit)
    _q_currency(q, currency)
    _q_qualifier(q, qualifier)
    _q_noun(q, noun)
    _q_range_to(q, range_to)
    _q_change(q, change)
    return q


_C = ExtractedClaim.__dict__
_c_text, _c_start, _c_end, _c_type, _c_checkworthiness = (
    _C[f].__set__ for f in ("text", "start", "end", "type", "checkworthiness")
)
_c_signals, _c_quantities, _c_consistency, _c_speaker = (
    _C[f].__set__ for f in ("signals", "quantities", "consistency", "speaker")
)


def new_claim(
    text: str,
    start: int,
    end: int,
    type: str,
    checkworthiness: float,
    signals: list[str],
    quantities: list[Quantity],
    consistency: list[ConsistencyCheck],
    speaker: str | None,
) -> ExtractedClaim:
    """`ExtractedClaim(...)` with every field given, built faster."""
    c: ExtractedClaim = _new(ExtractedClaim)
    _c_text(c, text)
    _c_start(c, start)
    _c_end(c, end)
    _c_type(c, type)
    _c_checkworthiness(c, checkworthiness)
    _c_signals(c, signals)
    _c_quantities(c, quantities)
    _c_consistency(c, consistency)
    _c_speaker(c, speaker)
    return c
