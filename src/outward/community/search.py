"""Full-text search over posts and their comments, ranked: PostgreSQL's text search (a
weighted tsvector per post, GIN-indexed) in production, SQLite's FTS5 (BM25) on the
embedded default (migration 0002 makes the table). One row per post holds its title
(weighted up) and its body with its comments; `index_post` refreshes it whenever one of
them changes.
"""

from __future__ import annotations

import re

from django.db import connection

from outward.community.models import Comment, Post

MAX_INDEXED = 100_000  # characters of a post's comments kept in its search row
_WORD = re.compile(r"\w+", re.UNICODE)


def _texts(post: Post) -> tuple[str, str]:
    comments = Comment.objects.filter(post=post).values_list("body", flat=True)
    body = "\n".join([post.body, *comments])[:MAX_INDEXED]
    return post.title, body


def index_post(post: Post) -> None:
    """Store (or refresh) the post's row: its title, body and comments."""
    title, body = _texts(post)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM community_search WHERE rowid = %s", [post.pk])
            cursor.execute(
                "INSERT INTO community_search(rowid, title, body) VALUES (%s, %s, %s)",
                [post.pk, title, body],
            )
        else:
            cursor.execute(
                "INSERT INTO community_search (post_id, document) VALUES (%s, "
                "setweight(to_tsvector('english', %s), 'A') || "
                "setweight(to_tsvector('english', %s), 'B')) "
                "ON CONFLICT (post_id) DO UPDATE SET document = EXCLUDED.document",
                [post.pk, title, body],
            )


def _fts5_query(text: str) -> str:
    """The words of what someone typed, each quoted (no FTS5 syntax gets through), all
    required; the last one may be the start of a word."""
    words = _WORD.findall(text)[:12]
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def _tsquery(text: str) -> str:
    """The same for PostgreSQL's `to_tsquery`: every word required (stemmed, stop words
    dropped), the last one a prefix. Words are letters, digits and underscores only, so
    quoting each one lets no tsquery syntax through."""
    words = _WORD.findall(text)[:12]
    terms = [f"'{w}'" for w in words]
    terms[-1] += ":*"
    return " & ".join(terms)


def ranked_ids(text: str, limit: int = 50) -> list[int]:
    """Post ids matching `text`, the best first."""
    text = text.replace("\x00", "").strip()[:200]
    if not _WORD.search(text):
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT rowid FROM community_search WHERE community_search MATCH %s "
                "ORDER BY bm25(community_search, 5.0, 1.0) LIMIT %s",
                [_fts5_query(text), limit],
            )
        else:
            cursor.execute(
                "SELECT post_id FROM community_search, to_tsquery('english', %s) query "
                "WHERE document @@ query ORDER BY ts_rank_cd(document, query) DESC, post_id DESC "
                "LIMIT %s",
                [_tsquery(text), limit],
            )
        return [row[0] for row in cursor.fetchall()]


def rebuild() -> int:
    """Index every post again, in SQL (after a bulk load or a restore); how many rows."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM community_search")
        if connection.vendor == "sqlite":
            cursor.execute(
                "INSERT INTO community_search(rowid, title, body) "
                "SELECT p.id, p.title, p.body || char(10) || coalesce(group_concat(c.body, "
                "char(10)), '') FROM community_post p LEFT JOIN community_comment c "
                "ON c.post_id = p.id GROUP BY p.id"
            )
        else:
            cursor.execute(
                "INSERT INTO community_search (post_id, document) "
                "SELECT p.id, setweight(to_tsvector('english', p.title), 'A') || "
                "setweight(to_tsvector('english', left(p.body || ' ' || "
                "coalesce(string_agg(c.body, ' '), ''), %s)), 'B') "
                "FROM community_post p LEFT JOIN community_comment c ON c.post_id = p.id "
                "GROUP BY p.id",
                [MAX_INDEXED],
            )
        return cursor.rowcount


def forget() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM community_search")
