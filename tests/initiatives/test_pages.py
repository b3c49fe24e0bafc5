"""The initiative pages: start one from an issue, design it with customers, record the
change and read the verdict; bad input names its field; only managers act."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from outward.accounts.models import User
from outward.core.roles import Role
from outward.feedback.choices import Source
from outward.initiatives.choices import Stage
from outward.initiatives.models import Designer, DesignInput, Initiative
from tests.initiatives.fixtures import World, changed_initiative

pytestmark = pytest.mark.django_db


def test_a_manager_starts_an_initiative_from_an_issue(
    client: Client, login: Callable[[str], User], lead_time: Callable[[int], World]
) -> None:
    world = lead_time(0)
    manager = login(Role.MANAGER)
    form = client.get(reverse("initiatives:new"), {"theme": world.theme.pk})
    assert f'value="{world.theme.pk}" selected' in form.content.decode()

    response = client.post(
        reverse("initiatives:new"),
        {
            "title": "Quote real lead times",
            "hypothesis": "Customers plan around the date we give them.",
            "owner": manager.pk,
            "budget": "12000",
            "themes": [world.theme.pk],
            "metric": "nps",
            "window_days": 90,
            "resurvey_after_days": 14,
        },
    )

    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert (initiative.owner, initiative.stage) == (manager, Stage.DESIGN)
    page = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert "Quote real lead times" in page
    assert "raised it in the 90 days before the change" in page


def test_a_plan_for_nobody_is_refused_naming_the_field(
    client: Client, login: Callable[[str], User]
) -> None:
    login(Role.MANAGER)

    response = client.post(
        reverse("initiatives:new"),
        {"title": "Be nicer", "hypothesis": "Smile.", "metric": "nps", "window_days": 5,
         "resurvey_after_days": 14, "budget": "0"},
    )  # fmt: skip

    assert response.status_code == 400
    content = response.content.decode()
    assert "Ensure this value is greater than or equal to 14." in content
    assert not Initiative.objects.exists()


def test_customers_design_it_then_the_change_is_recorded_and_measured(
    client: Client, login: Callable[[str], User], lead_time: Callable[[int], World]
) -> None:
    world = lead_time(4)
    login(Role.MANAGER)
    initiative = changed_initiative(world)
    Initiative.objects.filter(pk=initiative.pk).update(stage=Stage.DESIGN, change_date=None)

    client.post(reverse("initiatives:invite_designers", args=[initiative.pk]), {"count": 3})
    designer = Designer.objects.filter(initiative=initiative).first()
    assert designer is not None
    client.post(
        reverse("initiatives:record_input", args=[initiative.pk]),
        {"kind": "interview", "customer": designer.customer.pk, "text": "Tell me the real date."},
    )
    client.post(
        reverse("initiatives:record_change", args=[initiative.pk]),
        {"change_date": world.change.isoformat()},
    )
    client.post(reverse("initiatives:measure", args=[initiative.pk]))

    assert Designer.objects.filter(initiative=initiative).count() == 3
    said = DesignInput.objects.get()
    assert (said.feedback.source, said.feedback.customer) == (Source.INTERVIEW, designer.customer)
    page = client.get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert "Validated by customers: the affected customers improved" in page
    assert "Tell me the real date." in page


def test_an_analyst_reads_but_may_not_act(
    client: Client, login: Callable[[str], User], lead_time: Callable[[int], World]
) -> None:
    initiative = changed_initiative(lead_time(0))
    login(Role.ANALYST)

    assert client.get(reverse("initiatives:detail", args=[initiative.pk])).status_code == 200
    assert client.post(reverse("initiatives:measure", args=[initiative.pk])).status_code == 403
    assert client.get(reverse("initiatives:new")).status_code == 403


def test_the_initiative_page_needs_few_queries(
    client: Client,
    login: Callable[[str], User],
    lead_time: Callable[[int], World],
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    initiative = changed_initiative(lead_time(4))
    login(Role.MANAGER)
    client.post(reverse("initiatives:measure", args=[initiative.pk]))

    with django_assert_max_num_queries(22):
        response = client.get(reverse("initiatives:detail", args=[initiative.pk]))

    assert response.status_code == 200
