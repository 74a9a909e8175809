"""The names of the claims app's Celery tasks.

Services send these by name (`factcheck.queueing`) and never import `claims.tasks`, which imports
the services: the dependency runs one way, tasks -> services. `claims.tasks` registers each task
under the name given here, and the beat schedule in the settings uses the same names.
"""

from __future__ import annotations

EXTRACT_ARTICLES = "claims.tasks.extract_articles"
# One article per message: what was sent before batches; still accepted (messages in flight).
EXTRACT_ARTICLE_CLAIMS = "claims.tasks.extract_article_claims"
QUEUE_EXTRACTIONS = "claims.tasks.queue_extractions"
MATCH_CLAIMS = "claims.tasks.match_claims"
QUEUE_MATCHING = "claims.tasks.queue_matching"
SWEEP_STALE_EXTRACTIONS = "claims.tasks.sweep_stale_extractions"
SWEEP_UNMATCHED_CLAIMS = "claims.tasks.sweep_unmatched_claims"
CHECK_EVIDENCE_SOURCE = "claims.tasks.check_evidence_source"
SWEEP_EVIDENCE_SOURCES = "claims.tasks.sweep_evidence_sources"
