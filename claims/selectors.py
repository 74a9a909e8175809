"""Reads for the admin: the dashboard, a claim's history timeline, the people work goes to.

Each function costs a fixed number of queries, whatever the number of claims or events.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from claims.models import (
    Annotation,
    AnnotationEvent,
    Claim,
    Claimant,
    ClaimEvent,
    ClaimStatus,
    Evidence,
    EvidenceEvent,
    Rating,
)
from claims.roles import EDITOR, REVIEWER

User = get_user_model()

OPEN_WORK = (ClaimStatus.ASSIGNED, ClaimStatus.IN_PROGRESS, ClaimStatus.IN_REVIEW)


def assignable_users() -> QuerySet:
    """Active users a claim may be assigned to (editors and reviewers), by username."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(groups__name__in=[EDITOR, REVIEWER]) | Q(is_superuser=True))
        .distinct()
        .order_by("username")
    )


def overdue_q(today: datetime.date | None = None) -> Q:
    return Q(status__in=OPEN_WORK, due_date__lt=today or timezone.localdate())


def dashboard_counts() -> dict[str, Any]:
    """What the admin index shows: claims by status, overdue work, each editor's load, and what
    was published this week. Four queries."""
    today = timezone.localdate()
    week_start = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=today.weekday()), datetime.time())
    )
    aggregates = {f"status_{s}": Count("id", filter=Q(status=s)) for s in ClaimStatus.values}
    aggregates["overdue"] = Count("id", filter=overdue_q(today))
    aggregates["published_this_week"] = Count(
        "id", filter=Q(status=ClaimStatus.PUBLISHED, published_at__gte=week_start)
    )
    row = Claim.objects.aggregate(**aggregates)
    by_status = [
        {"status": s, "label": label, "count": row[f"status_{s}"]}
        for s, label in ClaimStatus.choices
    ]
    overdue = list(
        Claim.objects.filter(overdue_q(today))
        .select_related("assignee")
        .only("id", "text", "status", "due_date", "assignee__username")
        .order_by("due_date", "id")[:10]
    )
    load = list(
        User.objects.filter(is_active=True, groups__name=EDITOR)
        .annotate(
            assigned=Count("assigned_claims", filter=Q(assigned_claims__status="assigned")),
            in_progress=Count("assigned_claims", filter=Q(assigned_claims__status="in_progress")),
            in_review=Count("assigned_claims", filter=Q(assigned_claims__status="in_review")),
            overdue=Count(
                "assigned_claims",
                filter=Q(
                    assigned_claims__status__in=OPEN_WORK, assigned_claims__due_date__lt=today
                ),
            ),
        )
        .order_by("-in_progress", "-assigned", "username")
        .values("id", "username", "assigned", "in_progress", "in_review", "overdue")
    )
    return {
        "by_status": by_status,
        "total": sum(s["count"] for s in by_status),
        "overdue_count": row["overdue"],
        "overdue": overdue,
        "editor_load": load,
        "published_this_week": row["published_this_week"],
        "week_start": week_start.date(),
    }


@dataclass
class HistoryEntry:
    at: datetime.datetime
    who: str
    changes: list[str] = field(default_factory=list)
    action: str = ""
    order: tuple = ()
    context: Any = None  # the pghistory context id: one request or one service call

    def __str__(self) -> str:
        when = timezone.localtime(self.at).strftime("%Y-%m-%d %H:%M")
        return f"{when} — {self.who}: {'; '.join(self.changes)}"


_CLAIM_FIELDS = [
    ("status", "status"),
    ("assignee_id", "assignee"),
    ("due_date", "due date"),
    ("rating_id", "rating"),
    ("summary", "summary"),
    ("dismiss_reason", "dismiss reason"),
    ("group_id", "group"),
    ("prior_verdict_from_id", "verdict taken from claim"),
    ("text", "quote"),
    ("claim_reviewed", "wording"),
    ("claimant_id", "claimant"),
]


# What the history calls writes made under a context with no user, by their action.
_MACHINE_ACTORS = {"extraction": "extractor", "match": "matching"}


def _short(text: str, limit: int = 80) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _merge_by_context(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """One entry per user action: events written under the same pghistory context by the same
    person (one admin save that changed the verdict and added evidence) become one line, claim
    changes first, then evidence, then notes."""
    merged: dict[tuple, HistoryEntry] = {}
    out: list[HistoryEntry] = []
    for entry in sorted(entries, key=lambda h: h.order):
        if entry.context is None:
            out.append(entry)
            continue
        key = (entry.context, entry.who)
        first = merged.get(key)
        if first is None:
            merged[key] = entry
            out.append(entry)
            continue
        first.changes.extend(entry.changes)
        first.at = min(first.at, entry.at)
        if entry.action and entry.action not in first.action.split(", "):
            first.action = f"{first.action}, {entry.action}" if first.action else entry.action
    return out


def claim_history(claim: Claim | int) -> list[HistoryEntry]:
    """The claim's history, newest first, from the pghistory events of the claim, its evidence
    and its annotations: who, when and what changed, one entry per action. Five queries (six
    once a claimant is named)."""
    reader = _HistoryReader(claim.pk if isinstance(claim, Claim) else claim)
    entries = [*reader.claim_entries(), *reader.evidence_entries(), *reader.annotation_entries()]
    entries = _merge_by_context(entries)
    entries.sort(key=lambda h: (h.at, -h.order[0], h.order[1]), reverse=True)
    return entries


def _context_user(event: Any) -> int | None:
    """The user a pghistory event's context names (the request's or the service call's)."""
    ctx = event.pgh_context
    user = ctx.metadata.get("user") if ctx is not None else None
    return user if isinstance(user, int) else None


class _HistoryReader:
    """Loads one claim's events and the names they refer to (a fixed number of queries), then
    words each event as a history entry."""

    def __init__(self, pk: int) -> None:
        self.claim_events = list(
            ClaimEvent.objects.filter(pgh_obj_id=pk)
            .select_related("pgh_context")
            .order_by("pgh_id")
        )
        self.evidence_events = list(
            EvidenceEvent.objects.filter(claim_id=pk)
            .select_related("pgh_context")
            .order_by("pgh_id")
        )
        self.annotation_events = list(
            AnnotationEvent.objects.filter(claim_id=pk)
            .select_related("pgh_context")
            .order_by("pgh_id")
        )
        self.names = dict(
            User.objects.filter(pk__in=self._user_ids()).values_list("pk", User.USERNAME_FIELD)
        )
        self.ratings = dict(Rating.objects.values_list("pk", "label"))
        claimant_ids = {e.claimant_id for e in self.claim_events if e.claimant_id}
        self.claimants = (
            dict(Claimant.objects.filter(pk__in=claimant_ids).values_list("pk", "name"))
            if claimant_ids
            else {}
        )
        self.statuses = dict(ClaimStatus.choices)

    def _user_ids(self) -> set[int]:
        ids: set[int] = set()
        for e in self.claim_events:
            ids.update(i for i in (e.assignee_id, e.updated_by_id, _context_user(e)) if i)
        for e in self.evidence_events:
            ids.update(i for i in (e.added_by_id, _context_user(e)) if i)
        for e in self.annotation_events:
            ids.update(i for i in (e.author_id, _context_user(e)) if i)
        return ids

    def name(self, user_id: int | None, fallback: str = "system") -> str:
        return self.names.get(user_id, f"user #{user_id}") if user_id else fallback

    def show(self, field_name: str, value: Any) -> str:
        if value in (None, ""):
            return "—"
        lookups: dict[str, Any] = {
            "status": lambda v: str(self.statuses.get(v, v)).lower(),
            "assignee_id": self.name,
            "rating_id": lambda v: self.ratings.get(v, f"#{v}"),
            "claimant_id": lambda v: self.claimants.get(v, f"#{v}"),
            "group_id": lambda v: f"#{v}",
            "prior_verdict_from_id": lambda v: f"#{v}",
        }
        if field_name in lookups:
            return str(lookups[field_name](value))
        if isinstance(value, datetime.date):
            return value.isoformat()
        return f"“{_short(str(value))}”"

    def _claim_actor(self, event: Any, action: str) -> str:
        if _context_user(event):
            return self.name(_context_user(event))
        if event.pgh_context is not None:
            # A task wrote it. `updated_by` would name the last editor, who did not do this.
            return _MACHINE_ACTORS.get(action, "system")
        return self.name(event.updated_by_id, "extractor")

    def _claim_changes(self, event: Any, previous: Any) -> list[str]:
        if event.pgh_label == "insert" or previous is None:
            return [f"created, status {self.show('status', event.status)}"]
        if event.pgh_label == "delete":
            return ["deleted"]
        return [
            f"{label} {self.show(f, getattr(previous, f))} → {self.show(f, getattr(event, f))}"
            for f, label in _CLAIM_FIELDS
            if getattr(previous, f) != getattr(event, f)
        ]

    def claim_entries(self) -> list[HistoryEntry]:
        entries: list[HistoryEntry] = []
        previous = None
        for e in self.claim_events:
            action = (e.pgh_context.metadata.get("action", "") if e.pgh_context else "") or ""
            changes = self._claim_changes(e, previous)
            previous = e
            if changes:
                entries.append(
                    HistoryEntry(
                        e.pgh_created_at,
                        self._claim_actor(e, action),
                        changes,
                        action,
                        (0, e.pgh_id),
                        e.pgh_context_id,
                    )
                )
        return entries

    def evidence_entries(self) -> list[HistoryEntry]:
        stances = dict(Evidence.Stance.choices)
        verbs = {"insert": "added", "delete": "removed", "update": "changed"}
        return [
            HistoryEntry(
                ev.pgh_created_at,
                self.name(_context_user(ev) or ev.added_by_id),
                [
                    f"{verbs.get(ev.pgh_label, ev.pgh_label)} evidence "
                    f"“{_short(ev.title or ev.url, 60)}” "
                    f"({stances.get(ev.stance, ev.stance).lower()})"
                ],
                "evidence",
                (1, ev.pgh_id),
                ev.pgh_context_id,
            )
            for ev in self.evidence_events
        ]

    def annotation_entries(self) -> list[HistoryEntry]:
        kinds = dict(Annotation.Kind.choices)
        entries = []
        for an in self.annotation_events:
            kind = (
                "note" if an.kind == Annotation.Kind.NOTE else kinds.get(an.kind, an.kind).lower()
            )
            entries.append(
                HistoryEntry(
                    an.pgh_created_at,
                    self.name(_context_user(an) or an.author_id),
                    [f"{kind}: “{_short(an.body, 120)}”"],
                    "annotation",
                    (2, an.pgh_id),
                    an.pgh_context_id,
                )
            )
        return entries
