"""Shared fixtures. Tests run against real PostgreSQL and Redis (DATABASE_URL / REDIS_URL).

`make test` exports both; run bare `pytest` and the machine's local servers are used.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

# Read before Django settings load (this conftest is an initial conftest of the `tests` path).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-" + "k" * 40)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/factcheck")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")  # admin pages render without collectstatic
# Each test session gets its own queue, so no other worker on this broker takes our tasks.
os.environ.setdefault("CELERY_QUEUE", f"factcheck-test-{uuid.uuid4().hex[:10]}")

import pytest
from django.conf import settings as _settings

# Load the settings now, so pytest-django sets Django up in its pytest_configure.
_ = _settings.INSTALLED_APPS


def worker_allow_outbound(host: str) -> None:
    """Let the session's celery worker reach `host` through the outbound guard. The worker is
    started once per session with a copy of this environment, so every test directory that needs
    a host adds it here (a plain setdefault would let whichever conftest is collected first decide
    for all of them). The test process itself loaded its settings above and is not affected."""
    hosts = [h for h in os.environ.get("OUTBOUND_ALLOWED_HOSTS", "").split(",") if h]
    if host not in hosts:
        os.environ["OUTBOUND_ALLOWED_HOSTS"] = ",".join([*hosts, host])


REPO = Path(__file__).resolve().parent.parent
SHARED_CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _own_throttle_window(settings):
    """Each test counts API requests from zero (as at the start of a new minute): its own key
    prefix in the Redis throttle cache, so earlier tests' requests from 127.0.0.1 do not count."""
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {**settings.CACHES["throttle"], "KEY_PREFIX": f"throttle-{uuid.uuid4().hex}"},
    }


_DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


@pytest.fixture(autouse=True)
def _roles_and_ratings(request):
    """Transactional tests (the Celery, live-server and browser ones) end with a flush that empties
    the groups and ratings the data migration made; put them back before each database test."""
    if not (
        _DB_FIXTURES & set(request.fixturenames) or request.node.get_closest_marker("django_db")
    ):
        return
    request.getfixturevalue("django_db_setup")
    from django.contrib.auth.models import Group, Permission

    from claims.models import Rating
    from claims.roles import roles_and_ratings_ensure

    with request.getfixturevalue("django_db_blocker").unblock():
        if not Group.objects.exists() or not Rating.objects.exists():
            roles_and_ratings_ensure(Group, Permission, Rating)


@pytest.fixture
def corpus_dir() -> Path:
    if not SHARED_CORPUS.is_dir():
        if os.environ.get("CI") == "true":  # CI has shared/ beside the clone: never skip there
            pytest.fail(f"shared corpus not found at {SHARED_CORPUS}")
        pytest.skip(f"shared corpus not found at {SHARED_CORPUS}")
    return SHARED_CORPUS


def pipeline_queues() -> list[str]:
    """The session's queues (one per kind of work), which the session's worker consumes."""
    from django.conf import settings

    return list(settings.PIPELINE_QUEUES.values())


def _wait_for_worker(proc: subprocess.Popen, queue: str, timeout: float = 30.0) -> None:
    from factcheck.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"celery worker exited with status {proc.returncode}")
        replies = app.control.inspect(timeout=0.5).active_queues() or {}
        for queues in replies.values():
            if any(q.get("name") == queue for q in queues):
                return
        time.sleep(0.2)
    raise RuntimeError(f"celery worker did not come up within {timeout:.0f}s")


def _wait_until_idle(queue: str, timeout: float = 30.0) -> None:
    """Until the queue is empty and the worker answers that it runs nothing: a task left running
    (the matching a test's extraction queued) would race the flush that ends the test."""
    import redis
    from django.conf import settings

    from factcheck.celery import app

    client = redis.Redis.from_url(settings.REDIS_URL)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sum(client.llen(q) for q in pipeline_queues()) == 0:
            # The solo pool answers only between tasks: a reply with nothing active means idle.
            replies = app.control.inspect(timeout=0.5).active() or {}
            if replies and not any(replies.values()):
                return
        time.sleep(0.1)


@pytest.fixture
def celery_worker(_celery_worker_process: str) -> Iterator[str]:
    """A real `celery worker` process on the real Redis broker, using the test database; the
    test ends only once the worker is idle again.

    Tests that use it must commit their data (`@pytest.mark.django_db(transaction=True)`), since
    the worker reads from its own connection. Yields the name of the session's extraction queue
    (the worker consumes all of the session's queues, `pipeline_queues()`).
    """
    yield _celery_worker_process
    _wait_until_idle(_celery_worker_process)


@pytest.fixture(scope="session")
def _celery_worker_process(django_db_setup, tmp_path_factory) -> Iterator[str]:
    """The worker process itself, started once per test session."""
    from django.db import connection

    test_db = connection.settings_dict["NAME"]
    prefix = os.environ["CELERY_QUEUE"]
    queue = _settings.PIPELINE_QUEUES["extraction"]
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + test_db
    env = {**os.environ, "DATABASE_URL": url, "DATABASE_POOL": "0", "CELERY_QUEUE": prefix}
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    log = open(log_path, "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "factcheck",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "-Q",
            ",".join(pipeline_queues()),
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"test-{prefix}@%h",
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for_worker(proc, queue)
        yield queue
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


# --- API clients and claims in a given state (for the API tests of every app) -------------------


def token_client(user):
    from rest_framework.test import APIClient

    from claims.accounts.services import user_token_create

    client = APIClient()
    _, raw = user_token_create(user=user, actor=user, name="tests")
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


@pytest.fixture
def reviewer():
    from tests.factories import ReviewerFactory

    return ReviewerFactory(first_name="Rita", last_name="Reviewer")


@pytest.fixture
def editor():
    from tests.factories import EditorFactory

    return EditorFactory(first_name="Ed", last_name="Editor")


@pytest.fixture
def reviewer_api(reviewer):
    return token_client(reviewer)


@pytest.fixture
def editor_api(editor):
    return token_client(editor)


@pytest.fixture
def api_key(reviewer):
    from cms.services import api_key_create

    key, raw = api_key_create(name="CMS", created_by=reviewer)
    return key, raw


@pytest.fixture
def key_api(api_key):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {api_key[1]}")
    return client


def ready_for_review(claim, editor, reviewer, label="Mostly false"):
    from claims.services.workflow import claim_assign, claim_start, claim_update, evidence_add
    from tests.factories import rating

    claim = claim_assign(claim=claim, actor=reviewer, assignee=editor)
    claim = claim_start(claim=claim, actor=editor)
    claim = evidence_add(
        claim=claim, actor=editor, url="https://stats.example/ports", stance="refutes"
    ).claim
    return claim_update(
        claim=claim,
        actor=editor,
        expected_version=claim.version,
        rating=rating(label),
        summary="The port handled 3.9 million containers, not 4.2 million.",
    )


def published_claim(editor, reviewer, label="Mostly false", **claim_kwargs):
    from claims.services.workflow import claim_publish, claim_submit
    from tests.factories import ClaimFactory

    claim = ready_for_review(ClaimFactory(**claim_kwargs), editor, reviewer, label)
    claim = claim_submit(claim=claim, actor=editor)
    return claim_publish(claim=claim, actor=reviewer)


@pytest.fixture
def publish(editor, reviewer):
    def _publish(label="Mostly false", **claim_kwargs):
        return published_claim(editor, reviewer, label, **claim_kwargs)

    return _publish
