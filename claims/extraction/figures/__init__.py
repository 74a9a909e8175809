"""Figures in text: numbers with kind, unit, currency, qualifier, counted noun, range and change.

Everything is anchored regular expressions (stdlib `re`): a scan finds candidate numbers, then short
`match` calls at the candidate's edges read what is around it (currency before, scale and unit
after, qualifier and change verb before). Offsets are always into the full text given.

`scan` drives the search; `digit_figures` and `word_figures` read one figure each; the other
modules each hold one concern (currencies, dates, units, ranges, ...). Several regexes are guarded
by a cheap test named `<regex>_may_match`: it answers False only when the regex cannot match.
"""

from .currencies import DEFAULT_CONTEXT, Context, context_matters
from .scan import find_quantities

__all__ = ["DEFAULT_CONTEXT", "Context", "context_matters", "find_quantities"]
