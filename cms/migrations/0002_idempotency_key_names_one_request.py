from django.db import migrations, models

# Before: one key per (caller, key, method, path). A caller may hold the same key for several
# paths; keep the newest row of each (they are a 24-hour replay cache, not data).
DROP_DUPLICATE_KEYS = """
DELETE FROM cms_idempotencykey a
USING cms_idempotencykey b
WHERE a.owner = b.owner AND a.key = b.key AND a.id < b.id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="idempotencykey",
            name="idempotency_unique_request",
        ),
        migrations.RunSQL(DROP_DUPLICATE_KEYS, reverse_sql=migrations.RunSQL.noop),
        migrations.AddConstraint(
            model_name="idempotencykey",
            constraint=models.UniqueConstraint(
                fields=("owner", "key"), name="idempotency_unique_key"
            ),
        ),
    ]
