"""The audit log: who (a user or an API token) wrote what.

A request sets the actor once (web middleware, API authentication); model signals then record
every save and delete made while an actor is set. Bulk writes, which send no signals, call
`record_bulk` from their service. Writes with no actor (migrations, the demo generator, the
worker acting on its own) are not people's writes and are not logged.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

if TYPE_CHECKING:
    from outward.accounts.models import ApiToken, User


@dataclass
class Actor:
    user: User | None = None
    token: ApiToken | None = None

    @property
    def is_set(self) -> bool:
        return self.user is not None or self.token is not None


_actor: ContextVar[Actor | None] = ContextVar("outward_audit_actor", default=None)
_EXCLUDED_APPS = {"core", "sessions", "admin", "contenttypes", "django_tasks_database"}
# A webhook's signing `secret` never lands in the log; nor a review's frozen `figures`.
_SKIPPED_FIELDS = {"updated_at", "created_at", "password", "last_login", "last_used_at", "digest",
                   "secret", "figures"}  # fmt: skip


@contextlib.contextmanager
def acting_as(user: User | None = None, token: ApiToken | None = None) -> Iterator[Actor]:
    """Attribute every write inside the block to this user or token."""
    actor = Actor(user=user, token=token)
    reset = _actor.set(actor)
    try:
        yield actor
    finally:
        _actor.reset(reset)


def current_actor() -> Actor | None:
    actor = _actor.get()
    return actor if actor is not None and actor.is_set else None


def _audited(sender: type[models.Model]) -> bool:
    return sender._meta.app_label not in _EXCLUDED_APPS and not sender._meta.auto_created


def _label(instance: models.Model) -> str:
    return f"{instance._meta.app_label}.{instance._meta.model_name}"


def _field_values(instance: models.Model) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in instance._meta.concrete_fields:
        if f.name in _SKIPPED_FIELDS:
            continue
        value = f.value_from_object(instance)
        if isinstance(value, Decimal) and isinstance(f, models.DecimalField):
            value = format(value, f".{f.decimal_places}f")  # 0 and 0.00 are one value
        values[f.attname] = value if isinstance(value, int | float | bool | None) else str(value)
    return values


def _on_pre_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if current_actor() is None or not _audited(sender) or instance._state.adding:
        return
    previous = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = _field_values(previous) if previous else {}  # type: ignore[attr-defined]


def _on_post_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    actor = current_actor()
    if actor is None or not _audited(sender):
        return
    after = _field_values(instance)
    if created:
        changes = {k: [None, v] for k, v in after.items() if v not in (None, "")}
    else:
        before: dict[str, Any] = getattr(instance, "_audit_before", {})
        changes = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
        if not changes:
            return
    _write(actor, "create" if created else "update", instance, changes)


def _on_post_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    actor = current_actor()
    if actor is None or not _audited(sender):
        return
    _write(actor, "delete", instance, {})


def _write(
    actor: Actor, action: str, instance: models.Model, changes: dict[str, Any], count: int = 1
) -> None:
    from outward.core.models import AuditEntry

    AuditEntry.objects.create(
        user=actor.user,
        token=actor.token,
        action=action,
        object_type=_label(instance),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=changes,
        count=count,
    )


def record_bulk(action: str, objects: Sequence[models.Model]) -> None:
    """Log a bulk write (which sends no signals) as one entry naming the first object."""
    actor = current_actor()
    if actor is None or not objects:
        return
    ids = [str(o.pk) for o in objects[:1000]]
    _write(actor, action, objects[0], {"ids": ids}, count=len(objects))


def connect_signals() -> None:
    pre_save.connect(_on_pre_save, dispatch_uid="outward_audit_pre_save")
    post_save.connect(_on_post_save, dispatch_uid="outward_audit_post_save")
    post_delete.connect(_on_post_delete, dispatch_uid="outward_audit_post_delete")
