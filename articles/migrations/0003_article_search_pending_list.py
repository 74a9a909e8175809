"""article_search_idx keeps a 32 MB pending list (articles.models): the index is not rebuilt, its
storage parameter is set in place."""

import django.contrib.postgres.indexes
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_article_revisions"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="article", name="article_search_idx"),
                migrations.AddIndex(
                    model_name="article",
                    index=django.contrib.postgres.indexes.GinIndex(
                        fields=["search_vector"],
                        gin_pending_list_limit=32768,
                        name="article_search_idx",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    "ALTER INDEX article_search_idx SET (gin_pending_list_limit = 32768)",
                    reverse_sql="ALTER INDEX article_search_idx RESET (gin_pending_list_limit)",
                ),
            ],
        ),
    ]
