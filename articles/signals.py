"""The seam between articles and the apps above it.

`articles` knows that an article's text must be read for claims (its extraction fields say so),
not who reads it: it sends `extraction_requested` and the claims app, which connects to it in
`ClaimsConfig.ready()`, queues the extraction tasks.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent after commit, once per committed batch, with
#   article_ids: list[int]  the articles just set to extraction *pending* (new, or new text);
#   publisher: factcheck.queueing.TaskPublisher | None  the import's publisher (bulk imports
#     publish from a background thread), or None for a publisher of the receiver's choosing.
# A receiver must not raise for a broker outage: the articles stay pending and the extraction
# sweep queues them later.
extraction_requested = Signal()
