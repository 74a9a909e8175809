"""Fit the check-worthiness model and write `claims/extraction/weights.py`.

Data: ClaimBuster (Arslan, Hassan, Li and Tremayne, "A Benchmark Dataset of Check-worthy Factual
Claims", ICWSM 2020; Zenodo 10.5281/zenodo.3609356), CC BY 4.0, read in place from
../shared/corpus/claimbuster.jsonl. Fits on the rows whose subset starts with "3xNCS", reports on
the 1,032 expert "groundtruth" rows against the baseline "the sentence has a digit".

The model is a logistic regression over the interpretable features of
`claims.extraction.features`, fitted by Newton's method with a small L2 penalty, in plain Python.

    .venv/bin/python bench/fit_checkworthiness.py           # fit, report, write weights.py
    .venv/bin/python bench/fit_checkworthiness.py --dry-run # fit and report only
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from claims.extraction import find_quantities  # noqa: E402
from claims.extraction.features import FEATURES, sentence_features  # noqa: E402

CORPUS = REPO / ".." / "shared" / "corpus" / "claimbuster.jsonl"
WEIGHTS = REPO / "claims" / "extraction" / "weights.py"
L2 = 1.0


def load() -> tuple[list[tuple[list[float], int]], list[tuple[list[float], int, str]]]:
    train, test = [], []
    with CORPUS.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            text = row["text"]
            qs = find_quantities(text)
            f = sentence_features(text, 0, len(text), qs)
            x = [f[name] for name in FEATURES]
            if row["subset"].startswith("3xNCS"):
                train.append((x, int(row["label"])))
            elif row["subset"].startswith("groundtruth"):
                test.append((x, int(row["label"]), text))
    return train, test


def sigmoid(z: float) -> float:
    if z < -30:
        return 0.0
    if z > 30:
        return 1.0
    return 1.0 / (1.0 + math.exp(-z))


def solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the system is small and positive definite)."""
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        for r in range(col + 1, n):
            factor = m[r][col] / m[col][col]
            if factor:
                for c in range(col, n + 1):
                    m[r][c] -= factor * m[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


def fit(rows: list[tuple[list[float], int]]) -> list[float]:
    """Weights [bias, w1..wk] maximising the L2-penalised log-likelihood (bias not penalised)."""
    k = len(rows[0][0]) + 1
    w = [0.0] * k
    for _ in range(25):
        grad = [0.0] * k
        hess = [[0.0] * k for _ in range(k)]
        for x, y in rows:
            xs = [1.0, *x]
            p = sigmoid(sum(wi * xi for wi, xi in zip(w, xs, strict=True)))
            d = p - y
            s = p * (1 - p)
            for i in range(k):
                if xs[i]:
                    grad[i] += d * xs[i]
                    hi = hess[i]
                    sx = s * xs[i]
                    for j in range(k):
                        if xs[j]:
                            hi[j] += sx * xs[j]
        for i in range(1, k):
            grad[i] += L2 * w[i]
            hess[i][i] += L2
        step = solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return w


def prf(pred: list[int], gold: list[int]) -> tuple[float, float, float]:
    tp = sum(1 for p, g in zip(pred, gold, strict=True) if p and g)
    fp = sum(1 for p, g in zip(pred, gold, strict=True) if p and not g)
    fn = sum(1 for p, g in zip(pred, gold, strict=True) if not p and g)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


def score(w: list[float], x: list[float]) -> float:
    return sigmoid(w[0] + sum(wi * xi for wi, xi in zip(w[1:], x, strict=True)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dry-run", action="store_true", help="do not write weights.py")
    args = ap.parse_args()
    if not CORPUS.exists():
        sys.exit(f"corpus not found: {CORPUS}")
    train, test = load()
    w = fit(train)
    train_scores = [score(w, x) for x, _ in train]
    train_gold = [y for _, y in train]
    best = max(
        (prf([int(s >= t) for s in train_scores], train_gold)[2], t)
        for t in [i / 100 for i in range(5, 95)]
    )
    threshold = best[1]
    gold = [y for _, y, _ in test]
    ours = prf([int(score(w, x) >= threshold) for x, _, _ in test], gold)
    base = prf([int(bool(re.search(r"\d", t))) for _, _, t in test], gold)
    print(f"fitted on {len(train)} 3xNCS rows, threshold {threshold:.2f} (best F1 on training)")
    print(f"groundtruth ({len(test)} rows)  precision  recall  F1")
    print(f"  has-a-digit baseline      {base[0]:.3f}    {base[1]:.3f}   {base[2]:.3f}")
    print(f"  logistic model            {ours[0]:.3f}    {ours[1]:.3f}   {ours[2]:.3f}")
    for name, wi in sorted(zip(FEATURES, w[1:], strict=True), key=lambda t: -abs(t[1])):
        print(f"    {name:14s} {wi:+.3f}")
    print(f"    {'(bias)':14s} {w[0]:+.3f}")
    if args.dry_run:
        return
    lines = [
        '"""Check-worthiness weights. GENERATED by bench/fit_checkworthiness.py: do not edit.',
        "",
        'Fitted on the ClaimBuster dataset (Arslan, Hassan, Li and Tremayne, "A Benchmark Dataset',
        'of Check-worthy Factual Claims", ICWSM 2020; Zenodo 10.5281/zenodo.3609356), licensed',
        "CC BY 4.0: 3xNCS rows for fitting. Evaluation on the 1,032 groundtruth rows:",
        f"model precision {ours[0]:.3f} recall {ours[1]:.3f} F1 {ours[2]:.3f} at threshold"
        f" {threshold:.2f};",
        f'baseline "has a digit" precision {base[0]:.3f} recall {base[1]:.3f} F1 {base[2]:.3f}.',
        '"""',
        "",
        f"BIAS = {w[0]:.4f}",
        f"THRESHOLD = {threshold:.2f}",
        "WEIGHTS = {",
        *(f'    "{name}": {wi:.4f},' for name, wi in zip(FEATURES, w[1:], strict=True)),
        "}",
        "EVALUATION = {",
        *(
            f'    "{k}": {v:.3f},'
            for k, v in zip(
                ("precision", "recall", "f1", "baseline_precision", "baseline_recall"),
                (*ours, base[0], base[1]),
                strict=True,
            )
        ),
        f'    "baseline_f1": {base[2]:.3f},',
        "}",
        "",
    ]
    WEIGHTS.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {WEIGHTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
