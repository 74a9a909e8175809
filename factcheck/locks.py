"""Transaction-scoped PostgreSQL advisory locks, and the one table of their keys.

Keys live here so two features can never pick the same number by accident.
"""

from __future__ import annotations

from django.db import connection

# pg_advisory_xact_lock keys ("pub!" and "matc" in ASCII).
PUBLICATION_LOG_LOCK = 0x70756221
MATCHING_LOCK = 0x6D617463


def advisory_xact_lock(key: int) -> None:
    """Block until this transaction holds the advisory lock `key`; it is released at commit or
    rollback. Call it inside `transaction.atomic()`: in autocommit it would be released at once."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
