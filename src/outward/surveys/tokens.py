"""Invitation links: a token signed with the secret key around the invitation's 128-bit nonce.

The nonce alone is unguessable; the signature means a database copy or a guessed nonce is not
enough to forge a link without the secret key, and a tampered token fails before any query.
Single use and expiry are properties of the invitation (`responded_at`, `expires_at`), checked
by the services that accept answers.
"""

from __future__ import annotations

from django.core import signing

from outward.core.errors import NotFound
from outward.surveys.models import Invitation

_SIGNER = signing.Signer(salt="outward.surveys.invitation")


class InvalidToken(NotFound):
    """The link is not one we issued (forged, truncated, or its invitation is gone)."""


def invitation_token(invitation: Invitation) -> str:
    return _SIGNER.sign(invitation.nonce)


def find_invitation(token: str, *, for_update: bool = False) -> Invitation:
    """The invitation a token was issued for; InvalidToken for anything else.

    `for_update`: read it under a lock on its row (inside a transaction), as the services
    that accept answers need it; see `responses.save_answers(locked=True)`."""
    try:
        nonce = _SIGNER.unsign(token)
    except signing.BadSignature as bad:
        raise InvalidToken("This survey link is not valid.") from bad
    query = Invitation.objects.select_related("survey")
    if for_update:
        query = query.select_for_update(of=("self",))
    try:
        return query.get(nonce=nonce)
    except Invitation.DoesNotExist as missing:
        raise InvalidToken("This survey link is not valid.") from missing
