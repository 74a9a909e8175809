"""The notification tests' worker settings: read by the celery worker subprocess, which starts
later with a copy of this environment. Its mail goes to a folder the tests read, and its
outbound requests may reach the local chat server on 127.0.0.1."""

from __future__ import annotations

import os
import uuid

from tests.conftest import worker_allow_outbound

os.environ.setdefault(
    "EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)  # pytest-django keeps locmem for the test process itself
os.environ.setdefault("EMAIL_FILE_PATH", f"/tmp/factcheck-test-mail-{uuid.uuid4().hex[:10]}")
worker_allow_outbound("127.0.0.1")  # the chat server (tests/claims/notifications/chat.py)
