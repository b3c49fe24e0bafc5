"""Signals of the feedback stream, for the apps that build on it (insights)."""

from django.dispatch import Signal

items_analysed = Signal()
"""Sent inside the transaction that stores a chunk's analysis, with `items`: the analysed
FeedbackItem instances (id, text, customer_id, occurred_at, sentiment, root cause loaded).
A receiver's writes commit or roll back with the chunk."""
