"""The OpenAPI schema builds without warnings and validates, and the API honours it: a bounded
schemathesis run against a live server finds no 5xx and no response that violates the schema."""

import json
import time

import hypothesis
import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, Phase
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from claims.accounts.services import user_token_create
from cms.models import WebhookEndpoint
from tests.conftest import ready_for_review
from tests.factories import AnnotationFactory, ClaimFactory, EvidenceFactory

MAX_EXAMPLES = 5
TIME_BUDGET_SECONDS = 150


@pytest.mark.django_db
def test_schema_builds_without_warnings_and_validates(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for path in ["/api/claims/{id}/send-back/", "/api/export/claimreviews/", "/api/users/"]:
        assert path in text


@pytest.mark.django_db
def test_ids_are_integers_and_every_error_is_a_documented_problem(tmp_path):
    out = tmp_path / "schema.json"
    call_command("spectacular", "--format", "openapi-json", "--file", str(out))
    schema = json.loads(out.read_text())
    operations = [
        (path, method, op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    assert len(operations) >= 30
    for path, method, op in operations:
        where = f"{method.upper()} {path}"
        for parameter in op.get("parameters", []):
            if parameter["in"] == "path":
                assert parameter["schema"]["type"] == "integer", (where, parameter)
        codes = set(op["responses"])
        assert {"403", "406", "429", "500"} <= codes, where
        if op.get("security"):
            assert "401" in codes, where
        if method in {"post", "put", "patch"}:
            assert {"400", "413", "415"} <= codes, where
        for code, response in op["responses"].items():
            if int(code) >= 400:
                assert list(response["content"]) == ["application/problem+json"], (where, code)
    problem = schema["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail", "code"}


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_no_server_error_or_schema_violation(live_server, reviewer, editor):
    from claims.services.workflow import claim_publish, claim_submit

    for _ in range(3):
        claim = ClaimFactory()
        EvidenceFactory(claim=claim)
        AnnotationFactory(claim=claim)
    published = claim_submit(claim=ready_for_review(ClaimFactory(), editor, reviewer), actor=editor)
    claim_publish(claim=published, actor=reviewer)
    WebhookEndpoint.objects.create(
        name="nowhere", url="http://127.0.0.1:9/", secret="s", active=False
    )
    _, raw = user_token_create(user=reviewer, actor=reviewer, name="schemathesis")
    auth = {"Authorization": f"Token {raw}"}

    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/", headers=auth)
    failures = []
    deadline = time.monotonic() + TIME_BUDGET_SECONDS
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 25
    for operation in operations:
        if time.monotonic() > deadline:
            break

        @hypothesis.settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @hypothesis.given(case=operation.as_strategy())
        def check(case):
            response = case.call(base_url=f"{live_server.url}", headers=auth, timeout=30)
            case.validate_response(
                response,
                checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
                headers=auth,
            )

        try:
            check()
        except Exception as exc:  # collect all, report together
            failures.append(f"{operation.label}: {exc}"[:2000])
    assert not failures, "\n\n".join(failures)
    assert time.monotonic() <= deadline, "schemathesis run exceeded its time budget"
