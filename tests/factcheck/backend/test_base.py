"""The backend reads timestamps in C (factcheck/backend/base.py): the same values as Django's
own loader, with the same tzinfo."""

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import register_tzloader

pytestmark = pytest.mark.django_db

TIMESTAMPS = [
    "2026-12-05 21:33:05.772061+00",
    "2026-12-05 21:33:05+00",
    "2026-06-30 23:59:59.5+05:30",
    "1999-01-01 00:00:00.000001-08",
    "2000-02-29 12:00:00-03:30",
    "0001-01-02 00:00:00+00",
]


def read(cursor):
    cursor.execute(
        "SELECT " + ", ".join("%s::timestamptz" for _ in TIMESTAMPS) + ", NULL::timestamptz",
        TIMESTAMPS,
    )
    return cursor.fetchone()


def test_timestamps_read_as_djangos_loader_reads_them():
    with connection.cursor() as cursor:
        loader = cursor.connection.adapters.get_loader(1184, 0)
        assert loader.__module__ == "factcheck.backend.base"
        got = read(cursor)
    with connection.cursor() as cursor:
        register_tzloader(connection.timezone, cursor.cursor)  # Django's own, on this cursor
        assert cursor.cursor.adapters.get_loader(1184, 0).__module__ != "factcheck.backend.base"
        want = read(cursor)
    assert got == want
    assert [repr(value) for value in got] == [repr(value) for value in want]
    assert got[0].tzinfo is connection.timezone
