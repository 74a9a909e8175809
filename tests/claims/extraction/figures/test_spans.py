"""Taken spans keep the figure scan linear."""

from __future__ import annotations

import math
import time

from claims.extraction import (
    find_quantities,
)


def test_many_figures_in_one_sentence_cost_linear_time():
    def best_time(n: int) -> float:
        text = "Counts were " + ", ".join(f"{i + 10} cars" for i in range(n)) + "."
        best = math.inf
        for _ in range(5):
            t0 = time.process_time()  # CPU time: other processes on the machine do not count
            find_quantities(text)
            best = min(best, time.process_time() - t0)
        return best

    # Quadrupling the figures quadruples the time when linear, and took 12-16x when quadratic.
    assert best_time(8000) / best_time(2000) < 9
