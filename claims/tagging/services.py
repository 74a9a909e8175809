"""Writes on tags and checklists. A tick is recorded in the claim's thread and history."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pghistory
from django.db import transaction
from django.db.models import Q, QuerySet

from claims import workflow
from claims.models import Annotation, Claim
from claims.roles import is_editor, is_reviewer
from claims.tagging.models import ChecklistItem, ChecklistTick, Tag, TagKind
from factcheck.api.errors import PermissionRefused, ServiceError


class TagError(ServiceError):
    pass


class TagRefused(TagError, PermissionRefused):
    pass


def checklist_items(claim: Claim | int) -> QuerySet[ChecklistItem]:
    """The active checklist items of the desks the claim is tagged with, in order."""
    pk = claim.pk if isinstance(claim, Claim) else claim
    return (
        ChecklistItem.objects.filter(is_active=True, desk__claims__pk=pk)
        .select_related("desk")
        .order_by("desk__name", "order", "id")
        .distinct()
    )


def checklist_state(claim: Claim | int) -> list[tuple[ChecklistItem, ChecklistTick | None]]:
    """Each checklist item of the claim with its tick (None when not ticked). Two queries."""
    pk = claim.pk if isinstance(claim, Claim) else claim
    items = list(checklist_items(pk))
    ticks = {
        t.item_id: t
        for t in ChecklistTick.objects.filter(claim_id=pk, item__in=items).select_related(
            "ticked_by"
        )
    }
    return [(item, ticks.get(item.pk)) for item in items]


def checklist_unticked(claim: Claim | int) -> list[str]:
    """The texts of the checklist items not ticked yet: what stops a submit."""
    return [item.text for item, tick in checklist_state(claim) if tick is None]


def _check_may_tick(claim: Claim, actor: Any) -> None:
    reason = workflow.edit_refusal(actor, claim)
    if reason:
        raise TagRefused(reason)


def checklist_tick(
    *, claim: Claim | int, actor: Any, item: ChecklistItem | int, ticked: bool
) -> bool:
    """Tick (or untick) one item of the claim's checklist; returns whether anything changed.
    Whoever may edit the claim's verdict may tick; each change is a line in the claim's thread
    (and so its history)."""
    pk = claim.pk if isinstance(claim, Claim) else claim
    item_pk = item.pk if isinstance(item, ChecklistItem) else item
    with transaction.atomic(), pghistory.context(user=actor.pk, action="checklist"):
        locked = Claim.objects.select_for_update(of=("self",)).get(pk=pk)
        _check_may_tick(locked, actor)
        found = checklist_items(locked).filter(pk=item_pk).first()
        if found is None:
            raise TagError(f"“{item_pk}” is not an item of this claim's checklist.", field="item")
        if ticked:
            _, changed = ChecklistTick.objects.get_or_create(
                claim=locked, item=found, defaults={"ticked_by": actor}
            )
        else:
            changed = ChecklistTick.objects.filter(claim=locked, item=found).delete()[0] > 0
        if changed:
            verb = "ticked" if ticked else "unticked"
            Annotation.objects.create(
                claim=locked,
                author=actor,
                kind=Annotation.Kind.SYSTEM,
                body=f"Checklist: {verb} “{found.text}”.",
            )
        return changed


def tag_get_or_create(*, kind: str, name: str) -> Tag:
    name = " ".join((name or "").split())
    if not name:
        raise TagError("A tag needs a name.", field="tags")
    if kind not in TagKind.values:
        raise TagError(
            f"“{kind}” is not a kind of tag (use {', '.join(TagKind.values)}).", field="tags"
        )
    existing = Tag.objects.filter(kind=kind, name__iexact=name).first()
    return existing or Tag.objects.create(kind=kind, name=name)


def claim_tags_set(*, claim: Claim | int, actor: Any, tags: Iterable[Tag]) -> list[Tag]:
    """Replace the claim's tags. Editors and reviewers may tag any claim."""
    if not (is_editor(actor) or is_reviewer(actor)):
        raise TagRefused("Only editors and reviewers may tag claims.")
    pk = claim.pk if isinstance(claim, Claim) else claim
    wanted = {t.pk: t for t in tags}
    with transaction.atomic(), pghistory.context(user=actor.pk, action="tags"):
        locked = Claim.objects.select_for_update(of=("self",)).get(pk=pk)
        before = set(locked.tags.values_list("pk", flat=True))
        locked.tags.set(list(wanted.values()))
        added = [wanted[p] for p in wanted.keys() - before]
        removed = list(Tag.objects.filter(pk__in=before - wanted.keys()))
        if added or removed:
            parts = [f"added {t}" for t in added] + [f"removed {t}" for t in removed]
            Annotation.objects.create(
                claim=locked,
                author=actor,
                kind=Annotation.Kind.SYSTEM,
                body="Tags: " + "; ".join(parts) + ".",
            )
    return sorted(wanted.values(), key=lambda t: (t.kind, t.name.lower()))


def tag_filter_q(value: str) -> Q:
    """Claims tagged `value`: a tag's name (any kind), or "kind:name" (desk:Economy). A
    subquery, not a join, so a claim is listed once however many of its tags match."""
    kind, sep, name = value.partition(":")
    if sep and kind.strip().lower() in TagKind.values:
        tags = Q(tag__kind=kind.strip().lower(), tag__name__iexact=name.strip())
    else:
        tags = Q(tag__name__iexact=value.strip())
    return Q(pk__in=Tag.claims.through.objects.filter(tags).values("claim_id"))
