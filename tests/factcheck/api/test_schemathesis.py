"""The schema is the contract: schemathesis runs every operation of the generated schema with all
of its checks (status code, content type, response headers and schema conformance, negative data
rejected, positive data accepted, authentication enforced, no 5xx), positive and negative cases,
through the real WSGI application with a newsroom user's token."""

from __future__ import annotations

import uuid

import hypothesis
import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, Phase
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from claims.accounts.services import user_token_create
from cms.models import WebhookEndpoint
from tests.conftest import published_claim, ready_for_review
from tests.factories import AnnotationFactory, ArticleFactory, ClaimFactory, EvidenceFactory

# Examples per operation and generation mode (plus schemathesis's explicit examples): about
# 40 operations x 2 modes x this, with the auth probes, in about a minute on a laptop.
MAX_EXAMPLES = 6

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


# Positive data acceptance: a schema-valid request is answered 2xx, or refused for a reason the
# schema cannot state. Beyond schemathesis's defaults (401, 403, 404, 409, 429): 412, an If-Match
# that names another version or row (the condition is on the server's state, by design, RFC 9110);
# and for article imports and edits 400, as the import's cleaning reads URLs, dates and markup
# more closely than JSON Schema can describe; its per-item report is asserted in
# tests/articles/test_bad_input.py.
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "412", "429", "5xx"]
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTED}},
        "operations": [
            {
                "include-path-regex": "^/api/articles/",
                "include-method": ["POST", "PUT", "PATCH"],
                "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, "400"]}},
            }
        ],
    }
)


def as_a_client_sends_it(case: schemathesis.Case) -> schemathesis.Case:
    """Two rules of the API a schema cannot state, kept by a well-behaved client in positive
    cases (negative cases still send anything): a cursor is only ever one the server issued (a
    made-up one is a 400, see test_pagination), and an Idempotency-Key names one request (a key
    reused for another request is a 422, see tests/cms/test_middleware.py)."""
    if case.query:
        case.query.pop("cursor", None)
    if case.headers and "Idempotency-Key" in case.headers:
        case.headers["Idempotency-Key"] = uuid.uuid4().hex
    return case


@pytest.fixture
def wsgi_app(settings) -> object:
    """The project's WSGI application. Each request commits or rolls back on its own, as in
    production (hence a transactional test: a request's failed query must not poison a test-wide
    transaction)."""
    settings.ALLOWED_HOSTS = ["localhost"]  # the host schemathesis's WSGI client sends
    return get_wsgi_application()


@pytest.fixture
def unthrottled(settings) -> None:
    """Hundreds of requests in one test, from one address and one token: past the API's rates
    (claims.accounts.throttles, read per request), which tests/claims/accounts/test_throttles.py
    pins. Raised here the way that test sets them, so every case reaches the view it checks."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            scope: "100000/min" for scope in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        },
    }


@pytest.fixture
def newsroom(editor, reviewer):
    """Rows for the generated ids to find: claims in several states, with evidence and notes."""
    for _ in range(3):
        claim = ClaimFactory()
        EvidenceFactory(claim=claim)
        AnnotationFactory(claim=claim)
    ready_for_review(ClaimFactory(), editor, reviewer)
    published_claim(editor, reviewer)
    ArticleFactory()
    WebhookEndpoint.objects.create(
        name="nowhere", url="http://127.0.0.1:9/", secret="s", active=False
    )


def test_every_operation_honours_the_schema_with_all_checks(
    wsgi_app, unthrottled, newsroom, reviewer
):
    _, raw = user_token_create(user=reviewer, actor=reviewer, name="schemathesis")
    auth = {"Authorization": f"Token {raw}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app, config=CONFIG, headers=auth)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30

    failures: list[str] = []
    no_negative_case: list[str] = []
    cases = 0
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(generation_mode=mode)
            if mode is GenerationMode.POSITIVE:
                strategy = strategy.map(as_a_client_sends_it)

            @hypothesis.settings(
                max_examples=MAX_EXAMPLES,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @hypothesis.given(case=strategy)
            def check(case: schemathesis.Case) -> None:
                nonlocal cases
                cases += 1
                case.call_and_validate(headers=auth)  # every check schemathesis has

            try:
                check()
            except hypothesis.errors.Unsatisfiable:
                # An operation that takes nothing (no parameters, no body) has no invalid input
                # to send: its negative mode has no case at all, which is not a failure.
                if mode is GenerationMode.POSITIVE:
                    raise
                no_negative_case.append(operation.label)
            except (Exception, BaseExceptionGroup) as exc:  # collect them all, report together
                failures.append(f"{operation.label} ({mode.value}): {exc}"[:3000])
    print(f"schemathesis: {cases} cases over {len(operations)} operations")  # shown with -s
    assert not failures, f"{len(failures)} failing operations\n\n" + "\n\n".join(failures)
    assert len(no_negative_case) <= 3, no_negative_case
    assert cases >= len(operations) * 2, cases
