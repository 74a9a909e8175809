"""What the admin tests share: URLs, messages, and claims in a given status."""

from __future__ import annotations

import re

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, ClaimStatus
from tests.factories import (
    ClaimFactory,
    EvidenceFactory,
    rating,
)

S = ClaimStatus
CHANGELIST = reverse("admin:claims_claim_changelist")


def change_url(claim) -> str:
    return reverse("admin:claims_claim_change", args=[claim.pk])


def transition_url(claim, name: str) -> str:
    return reverse("admin:claims_claim_transition", args=[claim.pk, name])


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def client_for(client, user):
    client.force_login(user)
    return client


def claim_in(status: str, assignee=None, *, evidence: bool = True, **kwargs) -> Claim:
    in_work = status in (S.ASSIGNED, S.IN_PROGRESS, S.IN_REVIEW, S.PUBLISHED)
    claim = ClaimFactory(
        status=status,
        assignee=assignee if in_work else None,
        rating=rating("Mostly false"),
        summary="The port handled 3.9 million containers, not 4.2 million.",
        dismiss_reason="Opinion, nothing to check" if status == S.DISMISSED else "",
        published_at=timezone.now() if status == S.PUBLISHED else None,
        **kwargs,
    )
    if evidence:
        EvidenceFactory(claim=claim)
    return claim


def buttons(html: str) -> set[str]:
    return set(re.findall(r'name="transition" value="([a-z_]+)"', html))
