"""Background tasks of the reviews app: JSON primitives in, one service call each."""

from __future__ import annotations

from django_tasks import task

from outward.reviews import mail


@task()
def send_review_digest_task(review_id: int) -> int:
    """E-mail a prepared review's digest to its participants; returns how many."""
    return mail.send_review_digest(review_id)
