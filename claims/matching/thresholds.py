"""The cut-offs the scorer decides by."""

from __future__ import annotations

# A pair scoring at least this is stored as a suggested match.
MATCH_THRESHOLD = 0.6
# Trigram similarity at which two sentences count as near-identical wording.
WORDING_THRESHOLD = 0.6
# Subject overlap (weighted, see subjects.subject_similarity) the figures path needs.
SUBJECT_THRESHOLD = 0.5
# Two figures agree when equal after rounding to the less precise one, and at most this far apart.
MAX_RELATIVE_GAP = 0.05
