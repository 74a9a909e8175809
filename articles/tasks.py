"""The articles' housekeeping task (the beat schedules it; factcheck/settings.py)."""

from __future__ import annotations

from celery import shared_task

from factcheck.gin import gin_indexes, pending_lists_merge

MERGE_SEARCH_PENDING_LISTS = "articles.tasks.merge_search_pending_lists"


@shared_task(name=MERGE_SEARCH_PENDING_LISTS, acks_late=True, time_limit=600, soft_time_limit=540)
def merge_search_pending_lists() -> int:
    """Every GIN index's pending list merged (factcheck/gin.py): the article search index's
    holds up to 32 MB of what imports appended, and a search reads all of it until merged. Safe
    to run twice: a merged list is empty."""
    return pending_lists_merge(gin_indexes())
