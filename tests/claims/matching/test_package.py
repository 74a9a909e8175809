"""claims.matching as a package: plain Python, and one import path for what other code uses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import claims.matching

REPO = Path(__file__).resolve().parents[3]


def test_the_engine_imports_no_django():
    probe = "import sys, claims.matching; print(sorted(m for m in sys.modules if 'django' in m))"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_what_the_services_extraction_and_bench_use_is_importable_from_the_package():
    used = {
        "ClaimFeatures",
        "MATCH_THRESHOLD",
        "features",
        "figure_keys",
        "in_conflict",
        "rarest_lexemes",
        "related_words",
        "score_features",
        "score_pair",
        "tsquery_any",
        "tsquery_at_least",
        "tsquery_first_and_any",
    }
    assert used <= set(claims.matching.__all__)
    assert all(callable(getattr(claims.matching, n)) for n in used - {"MATCH_THRESHOLD"})
