"""GIN indexes' pending lists, merged on purpose.

A GIN index with fastupdate (PostgreSQL's default) appends new entries to a pending list, which
every search through the index reads in full until the list is merged into the index: by
autovacuum, by the insert that takes it past its limit (4 MB; the article search index's is
32 MB, migration articles/0003), or here. A full list is slow to search: 20-25 ms an index scan
for a claim's candidates (4 MB), and over 100,000 freshly imported articles the planner scanned
the whole table instead (37 ms a search). Merging is the work autovacuum would do anyway; done on
purpose, it is done before the searches pay for it, and not by the imports and extractions that
filled the lists. The matcher merges the claims' indexes before its candidate queries
(claims.services.matching); the beat's housekeeping merges every GIN index every
FACTCHECK_GIN_MERGE_INTERVAL_SECONDS (articles.tasks.merge_search_pending_lists).

Only the owner of an index may merge it: a database user that is not is told once in the log (per
process), and nothing else changes (the lists are merged as before, by autovacuum).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.db import DatabaseError, connection, transaction

logger = logging.getLogger(__name__)


class _Refused:
    """Whether the database refused a merge to this process (then it is not asked again)."""

    refused: bool = False


def gin_indexes() -> list[str]:
    """The GIN indexes of the current schema, by name."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c "
            "JOIN pg_am am ON am.oid = c.relam "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'i' AND am.amname = 'gin' AND n.nspname = current_schema() "
            "ORDER BY c.relname"
        )
        return [name for (name,) in cursor.fetchall()]


def pending_lists_merge(names: Sequence[str]) -> int:
    """Merge the pending lists of these GIN indexes (names; one that does not exist is skipped)
    into the indexes; the pending pages merged."""
    if _Refused.refused or not names:
        return 0
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT coalesce(sum(gin_clean_pending_list(to_regclass(name))), 0) "
                "FROM unnest(%s::text[]) AS name",
                [list(names)],
            )
            (pages,) = cursor.fetchone()
    except DatabaseError as exc:
        _Refused.refused = True
        logger.warning("the GIN indexes' pending lists could not be merged: %s", exc)
        return 0
    return int(pages)
