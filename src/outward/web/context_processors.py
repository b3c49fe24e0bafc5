"""Template context shared by every page: the navigation the signed-in user may see."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from outward.web.navigation import menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    return {"nav_items": menu_for(request.user, request.path)}
