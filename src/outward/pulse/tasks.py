"""Background tasks of the pulse: they take ids only."""

from __future__ import annotations

from django_tasks import task

from outward.pulse import services


@task()
def send_round_invitations(round_id: str) -> int:
    """E-mail the round's unsent invitations."""
    return services.send_round_invitations(round_id)
