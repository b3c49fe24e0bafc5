"""The audit log in the words people use: "Survey 'Q4 relationship' closed by Ada Admin",
not `surveys.survey update`. Each entry is read back through its model: the model's own
name, the label of a status it moved to, and the fields it changed."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models

from outward.core.models import AuditEntry

# Rows the task queue writes for itself, not anybody's work: never shown.
BOOKKEEPING_TYPES = ("django_tasks_database.", "django_tasks_db.", "sessions.", "core.jobrun")
STATE_FIELDS = ("status", "state", "is_active", "visibility")
SAID_AS = {"active": "activated", "open": "opened", "done": "marked done", "draft": "made a draft"}


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def kind(object_type: str, plural: bool = False) -> str:
    """'Survey', 'Customer asset': the model's own name, capitalised."""
    model = _model(object_type)
    if model is None:
        return object_type
    name = model._meta.verbose_name_plural if plural else model._meta.verbose_name
    return str(name)[:1].upper() + str(name)[1:]


def _field(model: type[models.Model] | None, attname: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field
    return None


def field_name(object_type: str, attname: str) -> str:
    field = _field(_model(object_type), attname)
    return str(field.verbose_name) if field is not None else attname.replace("_", " ")


def _state_change(entry: AuditEntry) -> str | None:
    """'closed', 'moved to in progress', 'deactivated': what a change of state reads as."""
    model = _model(entry.object_type)
    for name in STATE_FIELDS:
        if name not in entry.changes:
            continue
        new = entry.changes[name][1]
        if name == "is_active":
            return "activated" if new else "deactivated"
        field = _field(model, name)
        label = str(dict(field.flatchoices).get(new, new)) if field is not None else str(new)
        label = label.lower()
        if label in SAID_AS:
            return SAID_AS[label]
        return label if label.endswith("ed") else f"moved to {label}"
    return None


def who(entry: AuditEntry) -> str:
    if entry.user is not None:
        return entry.user.get_full_name() or entry.user.username
    if entry.token is not None:
        return f"the API token {entry.token.name!r}"
    return "the system"


def sentence(entry: AuditEntry) -> str:
    """The entry as one sentence."""
    if entry.count > 1:
        verb = {"create": "added", "update": "changed", "delete": "deleted"}[entry.action]
        return (
            f"{entry.count} {kind(entry.object_type, plural=True).lower()} {verb} by {who(entry)}"
        )
    name = entry.object_repr or entry.object_id
    if entry.action == "create":
        done = "created"
    elif entry.action == "delete":
        done = "deleted"
    else:
        done = _state_change(entry) or "changed"
    return f"{kind(entry.object_type)} '{name}' {done} by {who(entry)}"


def changed_fields(entry: AuditEntry) -> list[tuple[str, Any, Any]]:
    """(field in words, before, after) for each changed field of a single write."""
    if entry.count > 1:
        return []
    return [
        (field_name(entry.object_type, attname), _shown(change[0]), _shown(change[1]))
        for attname, change in entry.changes.items()
    ]


def _shown(value: Any) -> Any:
    return "—" if value is None or value == "" else value
