"""Django's PostgreSQL backend, timestamps read by psycopg's C loader (`base.py`)."""
