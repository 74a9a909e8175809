"""Claim extraction engine: plain Python, no Django. Text in, dataclasses out.

from claims.extraction import extract, to_dict
for claim in extract(body):
    print(claim.type, claim.checkworthiness, claim.text)
"""

from .engine import extract, to_dict
from .figures import find_quantities
from .sentences import split_sentences
from .types import CLAIM_TYPES, QUANTITY_KINDS, ConsistencyCheck, ExtractedClaim, Quantity

# Bump whenever the output for some input changes (stored claims record which version made them).
EXTRACTOR_VERSION = "2026.12.5"

__all__ = [
    "CLAIM_TYPES",
    "EXTRACTOR_VERSION",
    "QUANTITY_KINDS",
    "ConsistencyCheck",
    "ExtractedClaim",
    "Quantity",
    "extract",
    "find_quantities",
    "split_sentences",
    "to_dict",
]
