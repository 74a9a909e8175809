"""Fixtures for the cms tests (the API clients and `publish` are in tests/conftest.py)."""

import os

# Read by the celery worker subprocess (started later, with a copy of this environment).
os.environ.setdefault("FACTCHECK_WEBHOOK_RETRY_BASE_SECONDS", "1")

# Webhook receivers the worker must reach listen on this loopback address, allowlisted for the
# outbound guard in the worker only (an address of its own, so a test elsewhere that expects
# 127.0.0.1 or localhost to be refused in the worker still sees the refusal).
WORKER_RECEIVER_HOST = "127.0.0.2"
os.environ.setdefault("OUTBOUND_ALLOWED_HOSTS", WORKER_RECEIVER_HOST)
