"""Writes about people and access: API tokens, teams, skills."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from outward.accounts.choices import TokenScope
from outward.accounts.models import ApiToken, Organisation, Skill, Team, User, UserSkill
from outward.accounts.tasks import send_email
from outward.core.errors import NotFound, ValidationError
from outward.core.roles import Role
from outward.core.writes import apply_changes, save_validated

TOKEN_PREFIX = "ow_"  # noqa: S105 (a prefix, not a secret)
# Don't write last_used_at more often than this per token: it would make every read a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown to its owner once, never stored


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_token(
    *, user: User, name: str, scope: str = TokenScope.READ, expires_at: datetime | None = None
) -> IssuedToken:
    name = name.strip()
    if not name:
        raise ValidationError("A token needs a name.", field_errors={"name": "Required."})
    if scope not in TokenScope.values:
        raise ValidationError(
            "Unknown scope.", field_errors={"scope": f"One of {TokenScope.values}."}
        )
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        scope=scope,
        prefix=secret[:10],
        digest=_digest(secret),
        expires_at=expires_at,
    )
    return IssuedToken(token=token, secret=secret)


def revoke_api_token(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens (admins may revoke anyone's)."""
    qs = ApiToken.objects.all() if user.role == "admin" else user.api_tokens.all()
    token = qs.filter(pk=token_id).first()
    if token is None:
        raise NotFound("No such token.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def authenticate_api_token(secret: str) -> ApiToken | None:
    """The active token with this secret, its last use recorded; None for any other string."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    digest = _digest(secret)
    token = ApiToken.objects.active().select_related("user").filter(digest=digest).first()
    # Looked up by the digest: the secret itself is never compared, so timing leaks nothing.
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


@transaction.atomic
def set_skill_level(
    *, user: User, skill: Skill, level: int, verified_on: date | None = None
) -> UserSkill:
    if not 1 <= level <= 5:
        raise ValidationError("Skill level is 1 to 5.", field_errors={"level": "1 to 5."})
    entry, _ = UserSkill.objects.update_or_create(
        user=user,
        skill=skill,
        defaults={"level": level, "verified_on": verified_on},
    )
    return entry


@transaction.atomic
def remove_skill(*, user: User, skill: Skill) -> bool:
    """Take a skill off an employee's inventory; False when they did not hold it."""
    deleted, _ = UserSkill.objects.filter(user=user, skill=skill).delete()
    return deleted > 0


@transaction.atomic
def create_employee(
    *,
    username: str,
    email: str,
    role: str,
    password: str | None = None,
    team: Team | None = None,
    first_name: str = "",
    last_name: str = "",
    job_title: str = "",
) -> User:
    """Create a user; the admin role also opens the back office (staff and superuser)."""
    if role not in Role.values:
        raise ValidationError("Unknown role.", field_errors={"role": f"One of {Role.values}."})
    user = User(
        username=username,
        email=email.strip().lower(),
        role=role,
        team=team,
        first_name=first_name,
        last_name=last_name,
        job_title=job_title,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    save_validated(user, what="user")
    return user


EMPLOYEE_FIELDS = frozenset(
    {"username", "email", "first_name", "last_name", "role", "team", "job_title", "is_active"}
)
"""What `update_employee` may change; staff and superuser follow from the role."""


@transaction.atomic
def change_role(user: User, role: str) -> User:
    return update_employee(user, role=role)


@transaction.atomic
def update_employee(user: User, **changes: Any) -> User:
    """Change an employee's details, role or activity.

    The back office opens to the admin role only (staff and superuser follow the role, never
    set on their own), and the last active admin can be neither demoted nor deactivated: the
    product would have nobody left to manage it.
    """
    unknown = sorted(set(changes) - EMPLOYEE_FIELDS)
    if unknown:
        raise ValidationError(
            "These fields are not changed here.",
            field_errors=dict.fromkeys(unknown, "Not editable."),
        )
    role = changes.get("role", user.role)
    if role not in Role.values:
        raise ValidationError("Unknown role.", field_errors={"role": f"One of {Role.values}."})
    if "email" in changes:
        changes["email"] = changes["email"].strip().lower()
    stored = User.objects.select_for_update().filter(pk=user.pk).first()
    was_admin = stored is not None and stored.role == Role.ADMIN and stored.is_active
    stays_admin = role == Role.ADMIN and changes.get("is_active", user.is_active)
    if was_admin and not stays_admin:
        others = User.objects.filter(role=Role.ADMIN, is_active=True).exclude(pk=user.pk)
        if not others.exists():
            field = "role" if role != Role.ADMIN else "is_active"
            raise ValidationError(
                "The last active admin cannot be demoted or deactivated.",
                field_errors={field: "Make someone else an admin first."},
            )
    user = apply_changes(user, changes)
    user.is_staff = user.is_superuser = role == Role.ADMIN
    return save_validated(user, what="user")


@transaction.atomic
def create_team(**fields: Any) -> Team:
    return save_validated(Team(**fields), what="team")


@transaction.atomic
def update_team(team: Team, **changes: Any) -> Team:
    return save_validated(apply_changes(team, changes), what="team")


@transaction.atomic
def create_skill(**fields: Any) -> Skill:
    return save_validated(Skill(**fields), what="skill")


@transaction.atomic
def update_skill(skill: Skill, **changes: Any) -> Skill:
    return save_validated(apply_changes(skill, changes), what="skill")


def _guard_role(by: User | None, role: str, target: User | None = None) -> None:
    """Only an admin hands out (or takes away) the admin role."""
    touches_admin = role == Role.ADMIN or (target is not None and target.role == Role.ADMIN)
    if touches_admin and (by is None or by.role != Role.ADMIN):
        raise ValidationError(
            "Only an admin gives or changes the admin role.", field_errors={"role": "Admin only."}
        )


def _free_username(email: str) -> str:
    base = "".join(c for c in email.split("@")[0].lower() if c.isalnum() or c in "._-")[:120]
    base = base or "user"
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}{n}"
    return name


@transaction.atomic
def invite_employee(
    *,
    email: str,
    role: str,
    by: User | None,
    team: Team | None = None,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """Create an employee without a password and e-mail them a link to choose one."""
    _guard_role(by, role)
    address = email.strip().lower()
    if not address or "@" not in address:
        raise ValidationError("An e-mail address is needed.", field_errors={"email": "Required."})
    user = create_employee(
        username=_free_username(address),
        email=address,
        role=role,
        team=team,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
    )
    transaction.on_commit(lambda: _send_invitation(user, by))
    return user


def _send_invitation(user: User, by: User | None) -> None:
    context = {
        "user": user,
        "by": by,
        "site_url": settings.SITE_URL,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }
    send_email.enqueue(
        subject="You are invited to Outward",
        body=render_to_string("registration/invite_email.txt", context),
        to=[user.email],
    )


@transaction.atomic
def manage_employee(user: User, by: User | None, **changes: Any) -> User:
    """A manager's change to an employee (role, team, absence, activity): nobody deactivates
    themselves, and only an admin touches the admin role."""
    allowed = {"role", "team", "away_until", "is_active", "job_title"}
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise ValidationError("Not editable here.", field_errors=dict.fromkeys(unknown, "No."))
    if "role" in changes and changes["role"] != user.role:
        _guard_role(by, changes["role"], user)
    if by is not None and by.pk == user.pk and changes.get("is_active") is False:
        raise ValidationError(
            "You cannot deactivate yourself.", field_errors={"is_active": "Ask someone else."}
        )
    away = changes.pop("away_until", user.away_until)
    user.away_until = away
    return update_employee(user, **changes) if changes else save_validated(user, what="user")


def save_organisation(
    *, name: str, sender_name: str = "", sender_address: str = "", reply_to: str = ""
) -> Organisation:
    """Name the organisation and the sender of its e-mails (the one row, made if missing)."""
    found = Organisation.objects.order_by("pk").first() or Organisation()
    found.name, found.sender_name = name.strip(), sender_name.strip()
    found.sender_address, found.reply_to = sender_address.strip(), reply_to.strip()
    return save_validated(found, what="organisation")


def forget_organisation(*, name: str, sender_address: str) -> bool:
    """Back to the settings' name, if the organisation is still exactly this one (the demo's
    reset removes the name it gave, never one an admin chose)."""
    deleted, _ = Organisation.objects.filter(name=name, sender_address=sender_address).delete()
    return deleted > 0
