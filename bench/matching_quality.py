"""Matching quality on labelled claim pairs: precision and recall of `claims.matching`.

Each line of bench/matching_pairs.jsonl is {"a", "b", "label", "kind"}: label "same" (the same
fact reworded) or "different"/"updated" (same figure about another subject, another year, another
unit, an updated figure, a changed number, the opposite direction). Both sentences go through the
real extraction engine (for their quantities), then the scorer. A pair predicted "same" counts as a
true positive when labelled "same". No database needed.

    .venv/bin/python bench/matching_quality.py [--show-errors]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from claims.extraction import extract, to_dict  # noqa: E402
from claims.matching import MATCH_THRESHOLD, score_pair  # noqa: E402

PAIRS = REPO / "bench" / "matching_pairs.jsonl"


def quantities(sentence: str) -> list[dict]:
    return [q for claim in extract(sentence) for q in to_dict(claim)["quantities"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true", help="print every wrong pair")
    args, _ = parser.parse_known_args()  # `make bench ARGS=...` passes other scripts' options

    rows = [json.loads(line) for line in PAIRS.read_text().splitlines() if line.strip()]
    started = time.perf_counter()
    tp = fp = fn = tn = 0
    by_kind: Counter[tuple[str, bool]] = Counter()
    errors = []
    for row in rows:
        result = score_pair(row["a"], quantities(row["a"]), row["b"], quantities(row["b"]))
        predicted = result.same and result.score >= MATCH_THRESHOLD
        actual = row["label"] == "same"
        tp += predicted and actual
        fp += predicted and not actual
        fn += actual and not predicted
        tn += not actual and not predicted
        by_kind[(row["kind"], predicted == actual)] += 1
        if predicted != actual:
            errors.append((row, result))
    elapsed = time.perf_counter() - started

    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"pairs: {len(rows)} ({tp + fn} same, {fp + tn} different or updated)")
    print(f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}  (tp {tp} fp {fp} fn {fn})")
    print("correct by kind:")
    for kind in sorted({k for k, _ in by_kind}):
        right, wrong = by_kind[(kind, True)], by_kind[(kind, False)]
        print(f"  {kind:<20} {right}/{right + wrong}")
    print(f"time: {elapsed * 1000 / max(len(rows), 1):.2f} ms per pair (extraction included)")
    if args.show_errors:
        for row, result in errors:
            print(f"\n[{row['label']}/{row['kind']}] score {result.score} {result.reasons}")
            print(f"  a: {row['a']}\n  b: {row['b']}")


if __name__ == "__main__":
    main()
