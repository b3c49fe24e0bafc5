"""The main menu: each entry shows only to roles holding its permission."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse

from outward.core.permissions import Perm, user_has


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: Perm


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    active: bool


MENU: tuple[NavItem, ...] = (
    NavItem("Home", "web:home", Perm.DASHBOARD_VIEW),
    NavItem("Issues", "insights:board", Perm.INSIGHTS_VIEW),
    NavItem("Cases", "cases:list", Perm.CASES_VIEW),
    NavItem("Initiatives", "initiatives:list", Perm.INITIATIVES_VIEW),
    NavItem("Check-ins", "checkins:list", Perm.CHECKINS_VIEW),
    NavItem("Reviews", "reviews:list", Perm.REVIEWS_VIEW),
    NavItem("Programme", "programme:overview", Perm.PROGRAMME_VIEW),
    NavItem("Community", "community:queue", Perm.COMMUNITY_VIEW),
    NavItem("Customers", "customers:list", Perm.CUSTOMERS_VIEW),
    NavItem("Surveys", "surveys:list", Perm.SURVEYS_VIEW),
    NavItem("Coverage", "surveys:coverage", Perm.SURVEYS_VIEW),
    NavItem("Pulse", "pulse:results", Perm.PULSE_VIEW),
    NavItem("Field observation", "fieldwork:new", Perm.FEEDBACK_ADD),
    NavItem("Imports", "imports:list", Perm.IMPORTS_RUN),
    NavItem("People", "accounts:people", Perm.PEOPLE_VIEW),
    NavItem("Alerts", "alerts:list", Perm.ALERTS_VIEW),
    NavItem("API tokens", "accounts:tokens", Perm.TOKENS_MANAGE),
    NavItem("Audit log", "core:audit", Perm.AUDIT_VIEW),
    NavItem("Back office", "admin:index", Perm.BACKOFFICE),
)


def menu_for(user: Any, path: str) -> list[NavLink]:
    """The entries the user may see; the one whose address is the longest prefix of the path
    is the active one (on /surveys/coverage/ that is Coverage, not Surveys too)."""
    entries: list[tuple[str, str]] = []
    for item in MENU:
        if not user_has(user, item.perm):
            continue
        try:
            entries.append((item.label, reverse(item.url_name)))
        except NoReverseMatch:
            continue
    matching = [url for _, url in entries if path == url or (url != "/" and path.startswith(url))]
    current = max(matching, key=len, default=None)
    return [NavLink(label, url, url == current) for label, url in entries]
