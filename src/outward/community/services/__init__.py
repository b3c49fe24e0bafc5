"""Writes of the community: members and their sign-in, posts and what members do with them,
and what staff do (answers, statuses and the e-mails they owe, merges, moderation)."""
