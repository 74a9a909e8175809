"""Recall and precision per class of the gold cases; print the table with
`python -m tests.claims.extraction.gold.metrics`.

A figure counts as found when one figure read from the sentence has the same text, value (to one
part in 10^4) and kind, and every other attribute the case names. Precision is over all figures
read from the class's sentences: one read with a wrong value or kind is both a miss and a false
positive."""

from __future__ import annotations

import math
from dataclasses import dataclass

from claims.extraction import extract, find_quantities
from claims.extraction.figures import Context
from claims.extraction.types import Quantity

from . import compact, currencies, formats, fractions_signs, furniture, not_quantities, number_words
from . import units as units_cases
from .cases import GoldCase, GoldFigure

FIGURE_CLASSES: dict[str, list[GoldCase]] = {
    "number words": number_words.CASES,
    "compact magnitudes": compact.CASES,
    "currencies": currencies.CASES,
    "units": units_cases.CASES,
    "fractions and signs": fractions_signs.CASES,
    "formats": formats.CASES,
    "not quantities": not_quantities.CASES,
}


@dataclass
class Score:
    expected: int = 0
    found: int = 0
    read: int = 0
    right: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.read if self.read else 1.0


def figure_matches(q: Quantity, gold: GoldFigure) -> bool:
    text, value, kind, attrs = gold
    if q.text != text or q.kind != kind:
        return False
    if not math.isclose(float(q.value), value, rel_tol=1e-4, abs_tol=1e-9):
        return False
    return all(getattr(q, k) == v for k, v in attrs.items())


def score_case(case: GoldCase, score: Score) -> list[str]:
    """Adds the case to `score`; returns what went wrong, readably."""
    sentence, golds = case
    got = find_quantities(sentence, ctx=Context.of(sentence))
    problems = []
    score.expected += len(golds)
    score.read += len(got)
    for g in golds:
        if any(figure_matches(q, g) for q in got):
            score.found += 1
        else:
            problems.append(f"missed {g[0]!r}={g[1]} {g[2]} {g[3]} in {sentence!r}")
    for q in got:
        if any(figure_matches(q, g) for g in golds):
            score.right += 1
        else:
            problems.append(
                f"read {q.text!r}={q.value} {q.kind} unit={q.unit} cur={q.currency} "
                f"qual={q.qualifier} change={q.change} in {sentence!r}"
            )
    return problems


def score_figures(cases: list[GoldCase]) -> tuple[Score, list[str]]:
    score = Score()
    problems: list[str] = []
    for case in cases:
        problems += score_case(case, score)
    return score, problems


def score_furniture() -> tuple[Score, Score, list[str]]:
    """Claims kept (recall over "claim" lines, precision over kept "claim"/"furniture" lines), and
    vague lines ranked below figure lines (recall: pairs in the right order)."""
    kept_score, order = Score(), Score()
    problems: list[str] = []
    for doc in furniture.DOCS:
        body = "\n\n".join(line for line, _ in doc)
        claims = extract(body)
        scores: dict[str, float] = {}
        for c in claims:
            for line, _ in doc:
                if line.find(c.text) >= 0:
                    scores[line] = max(scores.get(line, 0.0), c.checkworthiness)
        for line, label in doc:
            if label == "claim":
                kept_score.expected += 1
                kept_score.found += line in scores
                if line not in scores:
                    problems.append(f"dropped claim {line!r}")
            if line in scores and label != "vague":
                kept_score.read += 1
                kept_score.right += label == "claim"
                if label != "claim":
                    problems.append(f"kept furniture {line!r}")
        figure_lines = [ln for ln, lab in doc if lab == "claim"]
        for vague in (ln for ln, lab in doc if lab == "vague"):
            for fl in figure_lines:
                order.expected += 1
                ok = scores.get(vague, -1.0) < scores.get(fl, -0.5)
                order.found += ok
                if not ok:
                    problems.append(f"vague {vague!r} not below {fl!r}")
    order.read, order.right = order.expected, order.found
    return kept_score, order, problems


def table() -> dict[str, Score]:
    out = {name: score_figures(cases)[0] for name, cases in FIGURE_CLASSES.items()}
    kept, order, _ = score_furniture()
    out["page furniture (claims kept)"] = kept
    out["vague below figures"] = order
    return out


def main() -> None:
    print(f"{'class':32} {'n':>4} {'recall':>7} {'precision':>9}")
    for name, s in table().items():
        print(f"{name:32} {s.expected:>4} {s.recall:>7.2f} {s.precision:>9.2f}")


if __name__ == "__main__":
    main()
