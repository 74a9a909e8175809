"""Fixtures for the cms tests (the API clients and `publish` are in tests/conftest.py)."""

import os

# Read by the celery worker subprocess (started later, with a copy of this environment).
os.environ.setdefault("FACTCHECK_WEBHOOK_RETRY_BASE_SECONDS", "1")
