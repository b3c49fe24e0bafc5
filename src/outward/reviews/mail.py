"""The review digest: what changed since the last review, to everyone invited to it."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from outward.accounts.organisation import sender
from outward.reviews.models import Review
from outward.reviews.services import cadence


def send_review_digest(review_id: int) -> int:
    """E-mail the prepared review's figures to the participants; how many were sent to."""
    review = Review.objects.get(pk=review_id)
    to = sorted({u.email for u in cadence().participants.filter(is_active=True) if u.email})
    if not to:
        return 0
    context = {
        "review": review,
        "figures": review.figures,
        "url": f"{settings.SITE_URL}{reverse('reviews:detail', args=[review.pk])}",
    }
    message = EmailMultiAlternatives(
        f"[Outward] Metric review of {review.scheduled_for:%d %b %Y}: what changed",
        render_to_string("reviews/email/digest.txt", context),
        sender(),
        to,
    )
    message.attach_alternative(render_to_string("reviews/email/digest.html", context), "text/html")
    message.send()
    return len(to)
