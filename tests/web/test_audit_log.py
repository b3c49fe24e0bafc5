"""The audit log page: who wrote what, in words, filterable by kind of thing, for admins
only; the task queue's own rows never show."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from outward.accounts.models import User
from outward.core.audit import acting_as
from outward.core.models import AuditEntry
from outward.core.roles import Role
from outward.customers.services import create_customer, update_customer
from outward.surveys.models import Survey
from outward.surveys.services.building import activate_survey, close_survey, create_survey

pytestmark = pytest.mark.django_db


def _audited_writes(user: User) -> None:
    with acting_as(user=user):
        customer = create_customer(name="Audited Ltd", kind="account")
        update_customer(customer, segment="enterprise")


def test_audit_log_renders_with_no_entries(client: Client, login: Callable[[str], User]) -> None:
    login(Role.ADMIN)

    response = client.get(reverse("core:audit"))

    assert response.status_code == 200
    assert b"No entries yet" in response.content


def test_audit_log_shows_who_changed_what(client: Client, login: Callable[[str], User]) -> None:
    admin = login(Role.ADMIN)
    _audited_writes(admin)

    response = client.get(reverse("core:audit"))

    content = response.content.decode()
    assert f"Customer &#x27;Audited Ltd&#x27; created by {admin.get_full_name()}" in content
    assert f"Customer &#x27;Audited Ltd&#x27; changed by {admin.get_full_name()}" in content
    assert "<dt>Segment</dt><dd>— → enterprise</dd>" in content


def test_a_change_of_state_reads_as_what_happened(
    client: Client, login: Callable[[str], User]
) -> None:
    admin = login(Role.ADMIN)
    admin.first_name, admin.last_name = "Ada", "Admin"
    admin.save()
    with acting_as(user=admin):
        survey = create_survey(name="Q4 relationship", created_by=admin)
        activate_survey(add_question(survey))
        close_survey(survey)

    sentences = [e.sentence for e in client.get(reverse("core:audit")).context["page"]]

    assert "Survey 'Q4 relationship' closed by Ada Admin" in sentences
    assert "Survey 'Q4 relationship' activated by Ada Admin" in sentences


def test_the_task_queues_bookkeeping_is_not_shown(
    client: Client, login: Callable[[str], User]
) -> None:
    admin = login(Role.ADMIN)
    AuditEntry.objects.create(
        user=admin, action="create", object_type="django_tasks_database.dbtaskresult", object_id="1"
    )

    response = client.get(reverse("core:audit"))

    assert list(response.context["page"]) == []
    assert response.context["object_types"] == []


def test_audit_log_filters_by_object_type(client: Client, login: Callable[[str], User]) -> None:
    admin = login(Role.ADMIN)
    _audited_writes(admin)
    AuditEntry.objects.create(
        user=admin, action="create", object_type="accounts.team", object_id="1"
    )

    response = client.get(reverse("core:audit"), {"object_type": "accounts.team"})

    assert {e.object_type for e in response.context["page"].object_list} == {"accounts.team"}


@pytest.mark.parametrize("role", [Role.AGENT, Role.MANAGER, Role.ANALYST, Role.EXECUTIVE])
def test_only_admins_open_the_audit_log(
    client: Client, login: Callable[[str], User], role: str
) -> None:
    login(role)

    response = client.get(reverse("core:audit"))

    assert response.status_code == 403


def test_audit_log_query_count_does_not_grow_with_entries(
    client: Client, login: Callable[[str], User], django_assert_max_num_queries: Callable
) -> None:
    admin = login(Role.ADMIN)
    for _ in range(10):
        _audited_writes(admin)

    with django_assert_max_num_queries(6):
        response = client.get(reverse("core:audit"))

    assert response.status_code == 200


def add_question(survey: Survey) -> Survey:
    survey.questions.create(key="nps", type="nps", text={"en": "Recommend us?"}, position=0)
    return survey
