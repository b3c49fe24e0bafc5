"""The permission matrix: what each role may do. docs/permissions.md is generated from it.

Views declare the permission they need (`@requires(Perm.CUSTOMERS_VIEW)`), API operations the
same through `api_requires`. An API token carries its owner's role, narrowed by its scope: a
read token gets only the role's view permissions.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from outward.core.roles import Role

if TYPE_CHECKING:
    from outward.accounts.models import User


class Perm(StrEnum):
    DASHBOARD_VIEW = "dashboard.view"
    CUSTOMERS_VIEW = "customers.view"
    CUSTOMERS_CHANGE = "customers.change"
    CATALOG_VIEW = "catalog.view"
    CATALOG_CHANGE = "catalog.change"
    FEEDBACK_VIEW = "feedback.view"
    FEEDBACK_ADD = "feedback.add"
    SURVEYS_VIEW = "surveys.view"
    SURVEYS_CHANGE = "surveys.change"
    SURVEYS_SEND = "surveys.send"
    PULSE_VIEW = "pulse.view"
    PULSE_CHANGE = "pulse.change"
    IMPORTS_RUN = "imports.run"
    PEOPLE_VIEW = "people.view"
    PEOPLE_CHANGE = "people.change"
    TOKENS_MANAGE = "tokens.manage"
    AUDIT_VIEW = "audit.view"
    INSIGHTS_VIEW = "insights.view"
    INSIGHTS_CHANGE = "insights.change"
    RECALLS_DECIDE = "recalls.decide"
    ALERTS_VIEW = "alerts.view"
    ALERTS_SUBSCRIBE = "alerts.subscribe"
    ALERTS_MANAGE = "alerts.manage"
    REVIEWS_VIEW = "reviews.view"
    REVIEWS_RECORD = "reviews.record"
    REVIEWS_MANAGE = "reviews.manage"
    INITIATIVES_VIEW = "initiatives.view"
    INITIATIVES_MANAGE = "initiatives.manage"
    CHECKINS_VIEW = "checkins.view"
    CHECKINS_WORK = "checkins.work"
    PROGRAMME_VIEW = "programme.view"
    PROGRAMME_MANAGE = "programme.manage"
    COMMUNITY_VIEW = "community.view"
    COMMUNITY_MODERATE = "community.moderate"
    CASES_VIEW = "cases.view"
    CASES_WORK = "cases.work"
    REMEDIES_GRANT = "remedies.grant"
    REMEDIES_APPROVE = "remedies.approve"
    POLICY_MANAGE = "policy.manage"
    USERS_MANAGE = "users.manage"
    ORGANISATION_MANAGE = "organisation.manage"
    ACCOUNT_OWN = "account.own"
    BACKOFFICE = "backoffice.access"

    @property
    def is_read(self) -> bool:
        return self.value.endswith(".view")


PERM_DESCRIPTIONS: dict[Perm, str] = {
    Perm.DASHBOARD_VIEW: "See the home page and its CX figures",
    Perm.CUSTOMERS_VIEW: "List and open customers, with their timeline",
    Perm.CUSTOMERS_CHANGE: "Create and edit customers",
    Perm.CATALOG_VIEW: "See products, batches, customer assets and touchpoints",
    Perm.CATALOG_CHANGE: "Create and edit products, batches, assets and touchpoints",
    Perm.FEEDBACK_VIEW: "Read feedback items",
    Perm.FEEDBACK_ADD: "Record feedback (one item or a batch), field observations included",
    Perm.SURVEYS_VIEW: "See surveys, their results and the coverage of the customer base",
    Perm.SURVEYS_CHANGE: "Build surveys, send them, set the contact policy",
    Perm.SURVEYS_SEND: "Ask a customer for feedback after an event (transactional survey)",
    Perm.PULSE_VIEW: "See employee pulse results (never for groups under 5)",
    Perm.PULSE_CHANGE: "Run employee pulse rounds",
    Perm.IMPORTS_RUN: "Import feedback files and manage column-mapping presets",
    Perm.PEOPLE_VIEW: "See teams, employees and the skills inventory",
    Perm.PEOPLE_CHANGE: "Edit teams and skills",
    Perm.TOKENS_MANAGE: "Create and revoke one's own API tokens",
    Perm.AUDIT_VIEW: "Read the audit log",
    Perm.INSIGHTS_VIEW: "See the issue board, themes and recall reviews",
    Perm.INSIGHTS_CHANGE: "Edit themes (rename, merge, split, rules) and start a refit",
    Perm.RECALLS_DECIDE: "Own recall reviews and record their decisions",
    Perm.ALERTS_VIEW: "See one's own alerts and alert rules",
    Perm.ALERTS_SUBSCRIBE: "Subscribe to alerts by e-mail (one's own rules)",
    Perm.ALERTS_MANAGE: "Manage webhook endpoints (Slack, Teams) and post rules to them",
    Perm.REVIEWS_VIEW: "See metric reviews, their history, targets and actions",
    Perm.REVIEWS_RECORD: "Record attendance, decisions and actions of a review; close actions",
    Perm.REVIEWS_MANAGE: "Set the review cadence, metric targets and their owners",
    Perm.INITIATIVES_VIEW: "See improvement initiatives, their customers and their results",
    Perm.INITIATIVES_MANAGE: "Start and run initiatives: design with customers, record the "
    "change, re-survey, close",
    Perm.CHECKINS_VIEW: "See the proposed check-ins, their reasons and the churn-risk model",
    Perm.CHECKINS_WORK: "Record a check-in's outcome (feedback, a case, a promise) or dismiss it",
    Perm.PROGRAMME_VIEW: "See the programme checklist, its evidence and score, the written "
    "policy and training records",
    Perm.PROGRAMME_MANAGE: "Publish the written policy, record training, set the funding plan",
    Perm.COMMUNITY_VIEW: "See the community's staff queue: held posts, reports, unanswered "
    "ideas, what customers asked for most",
    Perm.COMMUNITY_MODERATE: "Answer in the community as staff (official answers), set idea "
    "statuses, merge, moderate and ban",
    Perm.CASES_VIEW: "See cases, their timelines, promises and what slips through the cracks",
    Perm.CASES_WORK: "Open, assign and work cases; record and settle promises",
    Perm.REMEDIES_GRANT: "Grant remedies within one's latitude under the empowerment policy",
    Perm.REMEDIES_APPROVE: "Decide remedy requests above a person's latitude",
    Perm.POLICY_MANAGE: "Edit the empowerment policy and the SLA targets",
    Perm.USERS_MANAGE: "Invite employees, set their role, team and absence, deactivate them "
    "(only an admin touches the admin role)",
    Perm.ORGANISATION_MANAGE: "Name the organisation and the sender of its e-mails",
    Perm.ACCOUNT_OWN: "Change one's own password",
    Perm.BACKOFFICE: "Use the Django admin (back office)",
}

_ALL = frozenset(Perm)
_VIEW_ALL = frozenset(p for p in Perm if p.is_read)

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.ADMIN: _ALL,
    Role.MANAGER: _VIEW_ALL - {Perm.AUDIT_VIEW}
    | {
        Perm.CUSTOMERS_CHANGE,
        Perm.CATALOG_CHANGE,
        Perm.FEEDBACK_ADD,
        Perm.PEOPLE_CHANGE,
        Perm.TOKENS_MANAGE,
        Perm.SURVEYS_CHANGE,
        Perm.SURVEYS_SEND,
        Perm.PULSE_CHANGE,
        Perm.IMPORTS_RUN,
        Perm.INSIGHTS_CHANGE,
        Perm.RECALLS_DECIDE,
        Perm.ALERTS_SUBSCRIBE,
        Perm.ALERTS_MANAGE,
        Perm.REVIEWS_RECORD,
        Perm.REVIEWS_MANAGE,
        Perm.INITIATIVES_MANAGE,
        Perm.CHECKINS_WORK,
        Perm.PROGRAMME_MANAGE,
        Perm.COMMUNITY_MODERATE,
        Perm.CASES_WORK,
        Perm.REMEDIES_GRANT,
        Perm.REMEDIES_APPROVE,
        Perm.POLICY_MANAGE,
        Perm.USERS_MANAGE,
        Perm.ACCOUNT_OWN,
    },
    Role.AGENT: frozenset(
        {
            Perm.DASHBOARD_VIEW,
            Perm.CUSTOMERS_VIEW,
            Perm.CUSTOMERS_CHANGE,
            Perm.CATALOG_VIEW,
            Perm.FEEDBACK_VIEW,
            Perm.FEEDBACK_ADD,
            Perm.SURVEYS_SEND,
            Perm.INSIGHTS_VIEW,
            Perm.ALERTS_VIEW,
            Perm.ALERTS_SUBSCRIBE,
            Perm.CASES_VIEW,
            Perm.CASES_WORK,
            Perm.CHECKINS_VIEW,
            Perm.CHECKINS_WORK,
            Perm.COMMUNITY_VIEW,
            Perm.COMMUNITY_MODERATE,
            Perm.REMEDIES_GRANT,
            Perm.ACCOUNT_OWN,
        }
    ),
    Role.FIELD_TECHNICIAN: frozenset(
        {
            Perm.DASHBOARD_VIEW,
            Perm.CUSTOMERS_VIEW,
            Perm.CATALOG_VIEW,
            Perm.FEEDBACK_VIEW,
            Perm.FEEDBACK_ADD,
            Perm.SURVEYS_SEND,
            Perm.ALERTS_VIEW,
            Perm.ALERTS_SUBSCRIBE,
            Perm.CASES_VIEW,
            Perm.CASES_WORK,
            Perm.CHECKINS_VIEW,
            Perm.CHECKINS_WORK,
            Perm.REMEDIES_GRANT,
            Perm.ACCOUNT_OWN,
        }
    ),
    Role.ANALYST: _VIEW_ALL - {Perm.AUDIT_VIEW}
    | {
        Perm.TOKENS_MANAGE,
        Perm.IMPORTS_RUN,
        Perm.INSIGHTS_CHANGE,
        Perm.ALERTS_SUBSCRIBE,
        Perm.ACCOUNT_OWN,
    },
    Role.EXECUTIVE: frozenset(
        {
            Perm.DASHBOARD_VIEW,
            Perm.CUSTOMERS_VIEW,
            Perm.CATALOG_VIEW,
            Perm.FEEDBACK_VIEW,
            Perm.PEOPLE_VIEW,
            Perm.SURVEYS_VIEW,
            Perm.PULSE_VIEW,
            Perm.INSIGHTS_VIEW,
            Perm.ALERTS_VIEW,
            Perm.ALERTS_SUBSCRIBE,
            Perm.REVIEWS_VIEW,
            Perm.REVIEWS_RECORD,
            Perm.INITIATIVES_VIEW,
            Perm.CHECKINS_VIEW,
            Perm.PROGRAMME_VIEW,
            Perm.CASES_VIEW,
            Perm.ACCOUNT_OWN,
        }
    ),
}


def role_permissions(role: str) -> frozenset[Perm]:
    return ROLE_PERMISSIONS.get(role, frozenset())


def user_has(user: Any, perm: Perm) -> bool:
    """Whether a (possibly anonymous or inactive) user holds `perm` through their role."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return perm in role_permissions(user.role)


def token_has(user: User, scope: str, perm: Perm) -> bool:
    """Whether a token of `scope` owned by `user` holds `perm`: the role, narrowed by scope."""
    if scope == "read" and not perm.is_read:
        return False
    return user_has(user, perm)


ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponseBase])


def requires(perm: Perm) -> Callable[[ViewFunc], ViewFunc]:
    """View decorator: anonymous users go to the login page, others without `perm` get 403."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_has(request.user, perm):
                raise PermissionDenied(f"Your role may not do this ({perm}).")
            return view(request, *args, **kwargs)

        wrapper.required_permission = perm  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorator


def markdown_table() -> str:
    """The matrix as the Markdown table of docs/permissions.md."""
    roles = list(Role)
    header = "| Permission | What it allows | " + " | ".join(r.label for r in roles) + " |"
    rule = "|---|---|" + "---|" * len(roles)
    rows = [
        f"| `{p}` | {PERM_DESCRIPTIONS[p]} | "
        + " | ".join("yes" if p in role_permissions(r) else "—" for r in roles)
        + " |"
        for p in Perm
    ]
    return "\n".join([header, rule, *rows])
