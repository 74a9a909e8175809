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
