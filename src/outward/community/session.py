"""Who is behind a community request: a signed-in member (their id in the session, set by a
redeemed sign-in link), staff (a signed-in employee who may moderate), or a visitor."""

from __future__ import annotations

from django.http import HttpRequest

from outward.community.models import Member
from outward.community.services.posts import Author
from outward.core.permissions import Perm, user_has

SESSION_KEY = "community_member"


def current_member(request: HttpRequest) -> Member | None:
    pk = request.session.get(SESSION_KEY)
    if not isinstance(pk, int):
        return None
    member = Member.objects.filter(pk=pk, banned_at__isnull=True).first()
    if member is None:
        request.session.pop(SESSION_KEY, None)
    return member


def sign_in(request: HttpRequest, member: Member) -> None:
    request.session.cycle_key()  # a new session id: no fixation
    request.session[SESSION_KEY] = member.pk


def sign_out(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def is_staff(request: HttpRequest) -> bool:
    return user_has(request.user, Perm.COMMUNITY_MODERATE)


def author_of(request: HttpRequest) -> Author | None:
    """Staff write as staff; otherwise the signed-in member; None for a visitor."""
    if is_staff(request):
        return Author(staff=request.user)  # type: ignore[arg-type]
    member = current_member(request)
    return Author(member=member) if member else None
