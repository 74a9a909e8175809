"""The workflow actions, `POST /api/claims/{id}/<action>/`: one generic action, routed once per
row of `claims.workflow.TRANSITIONS` (the path is the transition's name with `_` -> `-`).

Each takes an optional If-Match and the request body its transition asks for, calls the
transition's service (`claims.services.workflow.TRANSITION_SERVICES`) and answers with the claim.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from claims import workflow
from claims.api.schema import ERRORS, IF_MATCH_OPTIONAL
from claims.serializers import (
    AssignSerializer,
    ClaimDetailSerializer,
    CorrectionSerializer,
    EmptySerializer,
    NoteSerializer,
    ReasonSerializer,
    VerdictConfirmSerializer,
)
from claims.services import workflow as services
from factcheck.api.etags import expected_version
from factcheck.api.schema import IDEMPOTENCY_KEY

# Bodies that are more than "a note, if the transition needs one".
REQUEST_BODIES: dict[str, type[serializers.Serializer[Any]]] = {
    "assign": AssignSerializer,  # assignee and due date
    "dismiss": ReasonSerializer,  # its note is called the reason
    "correct": CorrectionSerializer,  # a new rating and/or summary, and the public note
    "confirm_verdict": VerdictConfirmSerializer,  # an optional note
}


def request_body(transition: workflow.Transition) -> type[serializers.Serializer[Any]]:
    """The request body `transition` takes over the API; its fields are the service's kwargs."""
    if transition.name in REQUEST_BODIES:
        return REQUEST_BODIES[transition.name]
    return NoteSerializer if transition.needs_note else EmptySerializer


class ClaimActionView(Protocol):
    def get_object(self) -> Any: ...

    def detail_response(self, claim_pk: int) -> Response: ...


def take_transition(view: ClaimActionView, request: Request, name: str) -> Response:
    """The generic action: check If-Match, validate the body, call the transition's service."""
    claim = view.get_object()
    version = expected_version(
        request, claim.pk, noun="claim", required=False, current=claim.version
    )
    body = request_body(workflow.TRANSITIONS[name])(data=request.data)
    body.is_valid(raise_exception=True)
    services.TRANSITION_SERVICES[name](
        claim=claim.pk, actor=request.user, expected_version=version, **body.validated_data
    )
    return view.detail_response(claim.pk)


def _route(transition: workflow.Transition) -> Callable[..., Response]:
    """The routed action for one transition: `take_transition` under the transition's name."""

    def route(self: ClaimActionView, request: Request, pk: str) -> Response:
        return take_transition(self, request, transition.name)

    route.__name__ = route.__qualname__ = transition.name
    routed = action(detail=True, methods=["post"], url_path=transition.name.replace("_", "-"))
    documented = extend_schema(
        request=request_body(transition),
        parameters=[IF_MATCH_OPTIONAL, IDEMPOTENCY_KEY],
        responses={200: ClaimDetailSerializer, **ERRORS},
        description=f"Workflow action `{transition.name}` (see claims/workflow.py).",
    )
    return documented(routed(route))


ViewSet = TypeVar("ViewSet", bound=type)


def with_workflow_actions(viewset: ViewSet) -> ViewSet:
    """Class decorator: one action per transition of the table, before DRF's router reads the
    viewset's actions."""
    for transition in workflow.TRANSITIONS.values():
        setattr(viewset, transition.name, _route(transition))
    return viewset
