"""Claimants: who made a claim, one row per person or organisation across all articles.

`claimant_ensure` finds or creates one by name (case ignored); `claimant_for_speaker` proposes one
from the extracted speaker with a guessed kind (`claims.claimants.guess_claimant_kind`);
`claimant_merge` folds duplicates into one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pghistory
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower

from claims.claimants import KINDS, guess_claimant_kind, tidy_claimant_name
from claims.models import Claim, Claimant
from claims.services.workflow import WorkflowError


@dataclass(frozen=True)
class ClaimantInput:
    """A claimant as an editor or an API client names it; unset fields leave a known claimant's
    as they are."""

    name: str
    kind: str | None = None
    role: str | None = None
    url: str | None = None


def claimant_ensure(*, claimant: ClaimantInput) -> Claimant:
    """The claimant of that name (case ignored), created if new (its kind guessed unless given).
    A kind, role or link given for a known claimant updates it: it is one claimant everywhere."""
    name = tidy_claimant_name(claimant.name)
    if not name:
        raise WorkflowError("The claimant needs a name.", field="claimant")
    if claimant.kind is not None and claimant.kind not in KINDS:
        raise WorkflowError(
            f"The claimant's kind must be one of {', '.join(KINDS)}, not {claimant.kind!r}.",
            field="claimant",
        )
    # No history context of its own: the caller's (add claim, edit claim, extraction) says why.
    with transaction.atomic():
        found = Claimant.objects.select_for_update().filter(name__iexact=name).first()
        if found is None:
            try:
                with transaction.atomic():
                    return Claimant.objects.create(
                        name=name,
                        kind=claimant.kind or guess_claimant_kind(name),
                        role=claimant.role or "",
                        url=claimant.url or "",
                    )
            except IntegrityError:  # created by someone else meanwhile
                found = Claimant.objects.select_for_update().get(name__iexact=name)
        changed = []
        for field in ("kind", "role", "url"):
            value = getattr(claimant, field)
            if value is not None and value != getattr(found, field):
                setattr(found, field, value)
                changed.append(field)
        if changed:
            found.save(update_fields=changed)
        return found


def claimant_for_speaker(speaker: str) -> Claimant | None:
    """The claimant an extracted speaker proposes (created with a guessed kind), or None."""
    if not tidy_claimant_name(speaker):
        return None
    return claimant_ensure(claimant=ClaimantInput(name=speaker))


def claimants_for_speakers(speakers: Iterable[str]) -> dict[str, Claimant]:
    """`claimant_for_speaker` for many speakers at once (batch extraction), in at most three
    queries whatever their number: the known claimants, one insert of the new ones (their kind
    guessed; a name another transaction adds meanwhile is skipped, not an error), and the ones
    just added. Keyed by the tidied name, lower-cased; a speaker with no usable name is absent."""
    names: dict[str, str] = {}
    for speaker in speakers:
        name = tidy_claimant_name(speaker)
        if name:
            names.setdefault(name.lower(), name)
    if not names:
        return {}

    def known(keys: Iterable[str]) -> dict[str, Claimant]:
        rows = Claimant.objects.annotate(key=Lower("name")).filter(key__in=list(keys))
        return {row.key: row for row in rows}

    found = known(names)
    missing = sorted(key for key in names if key not in found)  # one order: no deadlock
    if missing:
        Claimant.objects.bulk_create(
            [Claimant(name=names[key], kind=guess_claimant_kind(names[key])) for key in missing],
            ignore_conflicts=True,
        )
        found.update(known(missing))
    return found


def claimant_merge(*, keep: Claimant, duplicates: list[Claimant], actor: Any) -> int:
    """Fold duplicates into `keep`: their claims name `keep`, the duplicates are deleted.
    Returns how many claims moved. A role or link only a duplicate had is kept."""
    others = [c for c in duplicates if c.pk != keep.pk]
    if not others:
        raise WorkflowError("Choose at least two different claimants to merge.")
    with transaction.atomic(), pghistory.context(user=actor.pk, action="merge claimants"):
        keep = Claimant.objects.select_for_update().get(pk=keep.pk)
        rows = list(Claimant.objects.select_for_update().filter(pk__in=[c.pk for c in others]))
        fields = []
        for field in ("role", "url"):
            if not getattr(keep, field):
                value = next((getattr(c, field) for c in rows if getattr(c, field)), "")
                if value:
                    setattr(keep, field, value)
                    fields.append(field)
        if fields:
            keep.save(update_fields=fields)
        moved = Claim.objects.filter(claimant__in=rows).update(claimant=keep)
        Claimant.objects.filter(pk__in=[c.pk for c in rows]).delete()
        return moved


def claimant_update(
    *,
    claimant: Claimant | None,
    actor: Any,
    name: str,
    kind: str,
    role: str = "",
    url: str = "",
) -> Claimant:
    """Create (`claimant` None) or change a claimant as the admin's form gives it. A name another
    claimant already has (case ignored) is refused: merge the two instead."""
    name = tidy_claimant_name(name)
    if not name:
        raise WorkflowError("The claimant needs a name.", field="name")
    if kind not in KINDS:
        raise WorkflowError(f"Choose a kind: {', '.join(KINDS)}.", field="kind")
    with transaction.atomic(), pghistory.context(user=actor.pk, action="edit claimant"):
        taken = Claimant.objects.filter(name__iexact=name)
        if claimant is not None:
            taken = taken.exclude(pk=claimant.pk)
        other = taken.first()
        if other is not None:
            raise WorkflowError(
                f"“{other.name}” is already a claimant; select both in the list and merge them.",
                field="name",
            )
        row = claimant or Claimant()
        row.name, row.kind, row.role, row.url = name, kind, role, url
        row.save()
        return row
