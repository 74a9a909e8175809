"""Move DRF authtoken tokens (plaintext keys) to claims.UserToken (SHA-256 of the key), so every
token in use keeps working, then delete the plaintext rows. Raw SQL: rest_framework.authtoken is no
longer installed, so its table exists only in databases that had it."""

import hashlib

from django.db import migrations


def hash_plaintext_tokens(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if "authtoken_token" not in connection.introspection.table_names(cursor):
            return
        cursor.execute("SELECT key, user_id, created FROM authtoken_token")
        rows = cursor.fetchall()
    UserToken = apps.get_model("claims", "UserToken")
    UserToken.objects.bulk_create(
        [
            UserToken(
                user_id=user_id,
                name="moved from authtoken",
                prefix=key[:6],
                key_hash=hashlib.sha256(key.encode()).hexdigest(),
                created_at=created,
            )
            for key, user_id, created in rows
        ],
        ignore_conflicts=True,
    )
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM authtoken_token")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0007_accounts_tokens_history"),
    ]

    operations = [migrations.RunPython(hash_plaintext_tokens, migrations.RunPython.noop)]
