"""Existing claims get a claimant from their extracted speaker: one claimant per name (case
ignored), its kind guessed as the services guess it for new claims."""

from django.db import migrations
from django.db.models import Count

from claims.claimants import guess_claimant_kind, tidy_claimant_name


def claimants_from_speakers(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    Claimant = apps.get_model("claims", "Claimant")
    by_name: dict[str, int] = {c.name.lower(): c.pk for c in Claimant.objects.only("id", "name")}
    # The most used spelling of a name first: it becomes the claimant's name.
    speakers = (
        Claim.objects.filter(claimant__isnull=True)
        .exclude(speaker="")
        .values("speaker")
        .annotate(n=Count("id"))
        .order_by("-n", "speaker")
        .values_list("speaker", flat=True)
    )
    for speaker in speakers.iterator():
        name = tidy_claimant_name(speaker)
        if not name:
            continue
        pk = by_name.get(name.lower())
        if pk is None:
            pk = Claimant.objects.create(name=name, kind=guess_claimant_kind(name)).pk
            by_name[name.lower()] = pk
        # A plain UPDATE: history triggers record it as a data migration's change.
        Claim.objects.filter(speaker=speaker, claimant__isnull=True).update(claimant_id=pk)


class Migration(migrations.Migration):
    dependencies = [("claims", "0004_claims_by_hand_claimants")]

    operations = [migrations.RunPython(claimants_from_speakers, migrations.RunPython.noop)]
