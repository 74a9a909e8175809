"""Matching quality on labelled claim pairs: precision and recall of `claims.matching`.

Each line of bench/matching_pairs.jsonl is {"a", "b", "label", "kind", "split"}: label "same"
(the same fact reworded) or "different"/"updated" (same figure about another subject, another
year, another unit, another time frame, a forecast against an outcome, an updated figure...);
split "tune" (the pairs the scorer was developed on) or "heldout" (written before the scorer
was run on them, never tuned on). Both sentences go through the real extraction engine (for
their quantities), then the scorer. A pair predicted "same" counts as a true positive when
labelled "same". Prints precision / recall at the operating threshold (MATCH_THRESHOLD) for
each split and all pairs, correct answers by kind, and a precision/recall curve (a pair counts
as predicted "same" at threshold t when nothing conflicts and its score is >= t). No database.

    .venv/bin/python bench/matching_quality.py [--show-errors] [--split tune|heldout] [--no-curve]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from claims.extraction import extract, to_dict  # noqa: E402
from claims.matching import MATCH_THRESHOLD, MatchResult, score_pair  # noqa: E402

PAIRS = REPO / "bench" / "matching_pairs.jsonl"
KEPT_APART = ("different", "updated")
CURVE = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0]


def quantities(sentence: str) -> list[dict]:
    return [q for claim in extract(sentence) for q in to_dict(claim)["quantities"]]


def load_pairs(split: str | None = None) -> list[dict]:
    rows = [json.loads(line) for line in PAIRS.read_text().splitlines() if line.strip()]
    return [r for r in rows if split is None or r.get("split", "tune") == split]


@dataclass
class Scored:
    row: dict
    result: MatchResult

    @property
    def actual(self) -> bool:
        return self.row["label"] == "same"

    def predicted(self, threshold: float = MATCH_THRESHOLD) -> bool:
        # A conflict scores 0; below MATCH_THRESHOLD the score is still the one computed.
        if threshold == MATCH_THRESHOLD:
            return self.result.same and self.result.score >= threshold
        return self.result.score >= threshold and self.result.relation not in KEPT_APART


def score_all(rows: list[dict]) -> list[Scored]:
    out = []
    for row in rows:
        result = score_pair(row["a"], quantities(row["a"]), row["b"], quantities(row["b"]))
        out.append(Scored(row, result))
    return out


def precision_recall(scored: list[Scored], threshold: float = MATCH_THRESHOLD) -> dict:
    tp = sum(s.predicted(threshold) and s.actual for s in scored)
    fp = sum(s.predicted(threshold) and not s.actual for s in scored)
    fn = sum(s.actual and not s.predicted(threshold) for s in scored)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def _line(name: str, scored: list[Scored]) -> str:
    m = precision_recall(scored)
    same = sum(s.actual for s in scored)
    return (
        f"{name:<8} {len(scored):>4} pairs ({same} same): precision {m['precision']:.3f}  "
        f"recall {m['recall']:.3f}  F1 {m['f1']:.3f}  (tp {m['tp']} fp {m['fp']} fn {m['fn']})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true", help="print every wrong pair")
    parser.add_argument("--split", choices=["tune", "heldout"], help="only this part")
    parser.add_argument("--no-curve", action="store_true", help="leave out the PR curve")
    args, _ = parser.parse_known_args()  # `make bench ARGS=...` passes other scripts' options

    started = time.perf_counter()
    scored = score_all(load_pairs(args.split))
    elapsed = time.perf_counter() - started
    print(f"matching quality at the operating threshold {MATCH_THRESHOLD}:")
    for split in ("tune", "heldout"):
        part = [s for s in scored if s.row.get("split", "tune") == split]
        if part:
            print("  " + _line(split, part))
    print("  " + _line("all", scored))
    by_kind: Counter[tuple[str, bool]] = Counter()
    for s in scored:
        by_kind[(s.row["kind"], s.predicted() == s.actual)] += 1
    print("correct by kind (all pairs):")
    for kind in sorted({k for k, _ in by_kind}):
        right, wrong = by_kind[(kind, True)], by_kind[(kind, False)]
        print(f"  {kind:<22} {right}/{right + wrong}")
    if not args.no_curve:
        print("precision/recall curve (threshold: tune P/R, heldout P/R, all P/R):")
        for t in CURVE:
            cells = []
            for split in ("tune", "heldout", None):
                part = [s for s in scored if split is None or s.row.get("split", "tune") == split]
                m = precision_recall(part, t) if part else None
                cells.append(f"{m['precision']:.3f}/{m['recall']:.3f}" if m else "-")
            print(f"  {t:.2f}   {'   '.join(cells)}")
    print(f"time: {elapsed * 1000 / max(len(scored), 1):.2f} ms per pair (extraction included)")
    if args.show_errors:
        for s in scored:
            if s.predicted() != s.actual:
                print(
                    f"\n[{s.row['label']}/{s.row['kind']}/{s.row.get('split')}] "
                    f"score {s.result.score} {s.result.reasons}"
                )
                print(f"  a: {s.row['a']}\n  b: {s.row['b']}")


if __name__ == "__main__":
    main()
