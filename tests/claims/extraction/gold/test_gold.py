"""Recall and precision per class on the gold cases must not fall below what the engine reached.

The floors are the measured figures of the engine as committed (table in docs/extraction.md);
raise them when the engine gets better, never lower them to make a change pass."""

from __future__ import annotations

import pytest

from .metrics import FIGURE_CLASSES, score_figures, score_furniture

# (recall, precision) floors per class.
FLOORS: dict[str, tuple[float, float]] = {
    "number words": (1.0, 1.0),
    "compact magnitudes": (1.0, 1.0),
    "currencies": (1.0, 1.0),
    "units": (1.0, 1.0),
    "fractions and signs": (1.0, 1.0),
    "formats": (1.0, 1.0),
    "not quantities": (1.0, 1.0),
}


@pytest.mark.parametrize("name", list(FIGURE_CLASSES))
def test_figure_class_keeps_its_recall_and_precision(name: str) -> None:
    score, problems = score_figures(FIGURE_CLASSES[name])
    recall_floor, precision_floor = FLOORS[name]
    detail = "\n".join(problems)
    assert score.recall >= recall_floor, detail
    assert score.precision >= precision_floor, detail


def test_every_class_has_dozens_of_cases() -> None:
    for name, cases in FIGURE_CLASSES.items():
        assert len(cases) >= 24, name


def test_furniture_is_dropped_and_vague_lines_rank_below_figures() -> None:
    kept, order, problems = score_furniture()
    detail = "\n".join(problems)
    assert kept.recall == 1.0, detail
    assert kept.precision == 1.0, detail
    assert order.recall == 1.0, detail
