"""The full-text search table (`community.search`): FTS5 on SQLite, a GIN-indexed tsvector
on PostgreSQL. The statements are written out here so the migration never changes."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS community_search USING fts5(title, body, "
    "tokenize = 'porter unicode61')"
]
POSTGRES = [
    # No foreign key: Django does not know this table, and its test flush truncates posts;
    # a deleted post's row is never shown (results are read through the posts).
    "CREATE TABLE IF NOT EXISTS community_search (post_id bigint PRIMARY KEY, "
    "document tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS community_search_document ON community_search "
    "USING gin(document)",
]


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    for statement in SQLITE if schema_editor.connection.vendor == "sqlite" else POSTGRES:
        schema_editor.execute(statement)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    schema_editor.execute("DROP TABLE IF EXISTS community_search")


class Migration(migrations.Migration):
    dependencies = [("community", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
