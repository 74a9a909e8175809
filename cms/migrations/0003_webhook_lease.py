from django.db import migrations, models

# Attempts logged before this migration were written complete, in one go.
MARK_OLD_ATTEMPTS_FINISHED = """
UPDATE cms_webhookattempt SET finished_at = attempted_at WHERE finished_at IS NULL
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_idempotency_key_names_one_request"),
    ]

    operations = [
        migrations.AddField(
            model_name="webhookattempt",
            name="finished_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunSQL(MARK_OLD_ATTEMPTS_FINISHED, reverse_sql=migrations.RunSQL.noop),
        migrations.AddField(
            model_name="webhookdelivery",
            name="lease_token",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
    ]
