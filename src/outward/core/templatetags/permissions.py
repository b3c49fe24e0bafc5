"""`{% load permissions %}` then `{% if user|can:"cases.work" %}`: the permission matrix in
templates, so a page shows only the actions the person may take."""

from __future__ import annotations

from typing import Any

from django import template

from outward.core.permissions import Perm, user_has

register = template.Library()


@register.filter
def can(user: Any, perm: str) -> bool:
    return user_has(user, Perm(perm))
