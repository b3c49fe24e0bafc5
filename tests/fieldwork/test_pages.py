"""The observation pages: the phone form, the list, the detail and the guarded photo."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from outward.core.permissions import Perm, role_permissions
from outward.core.roles import Role
from outward.feedback.choices import Source
from outward.feedback.models import FeedbackItem
from outward.fieldwork.models import FieldObservation
from outward.fieldwork.services import record_observation
from tests.factories import (
    AssetFactory,
    CustomerFactory,
    FeedbackFactory,
    TeamFactory,
    UserFactory,
)
from tests.fieldwork.conftest import image_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_photo() -> FieldObservation:
    asset = AssetFactory.create()
    return record_observation(
        customer_id=asset.customer_id,
        asset_id=asset.pk,
        observed_by=None,
        state="Leaking hose behind the dishwasher.",
        photo=upload(image_bytes()),
        client_key="p" * 24,
    ).observation


@pytest.mark.parametrize("role", list(Role))
def test_the_photo_is_served_only_to_roles_that_may_read_feedback(
    client: Client, login: Callable[[str], Any], with_photo: FieldObservation, role: str
) -> None:
    login(role)

    response = client.get(reverse("fieldwork:photo", args=[with_photo.pk]))

    if role == Role.FIELD_TECHNICIAN:  # not theirs nor their team's
        assert response.status_code == 404
    elif Perm.FEEDBACK_VIEW in role_permissions(role):
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"] == "private, max-age=3600"
        assert b"".join(response.streaming_content).startswith(b"\xff\xd8")  # type: ignore[attr-defined]
    else:
        assert response.status_code == 403


def test_an_anonymous_visitor_gets_no_photo(client: Client, with_photo: FieldObservation) -> None:
    response = client.get(reverse("fieldwork:photo", args=[with_photo.pk]))

    assert response.status_code == 302


def test_the_photo_has_no_public_media_url(client: Client, with_photo: FieldObservation) -> None:
    assert client.get(f"/media/{with_photo.photo.name}").status_code == 404


def test_the_form_finds_the_customer_and_lists_only_their_products(
    client: Client, login: Callable[[str], Any]
) -> None:
    mine = AssetFactory.create(customer=CustomerFactory.create(name="Northwind Traders"))
    AssetFactory.create()  # another customer's
    login(Role.FIELD_TECHNICIAN)

    response = client.get(reverse("fieldwork:new"), {"q": "Northwind"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'capture="environment"' in html
    assert 'accept="image/*"' in html
    assert f'value="{mine.customer_id}" selected' in html
    # blank + Northwind, blank + its one asset, and the four urgencies
    assert html.count("<option") == 2 + 2 + 4
    assert mine.serial_number in html


def test_customer_search_and_assets_answer_json(client: Client, login: Any) -> None:
    mine = AssetFactory.create(customer=CustomerFactory.create(name="Northwind Traders"))
    login(Role.AGENT)

    found = client.get(reverse("fieldwork:customer_search"), {"q": "northw"}).json()
    assets = client.get(reverse("fieldwork:customer_assets", args=[mine.customer_id])).json()

    assert [c["id"] for c in found["customers"]] == [str(mine.customer_id)]
    assert [a["id"] for a in assets["assets"]] == [str(mine.pk)]


def test_submitting_the_form_twice_stores_one_observation(
    client: Client, login: Callable[[str], Any]
) -> None:
    asset = AssetFactory.create()
    login(Role.FIELD_TECHNICIAN)
    form = {
        "client_key": "d" * 32,
        "customer": str(asset.customer_id),
        "asset": str(asset.pk),
        "state": "Filter clogged.",
        "suggestion": "",
        "urgency": "normal",
    }

    first = client.post(reverse("fieldwork:new"), {**form, "photo": upload(image_bytes())})
    second = client.post(reverse("fieldwork:new"), {**form, "photo": upload(image_bytes())})

    observation = FieldObservation.objects.get()
    assert first.status_code == second.status_code == 302
    assert second["Location"] == reverse("fieldwork:detail", args=[observation.pk])
    assert FeedbackItem.objects.count() == 1


def test_a_bad_submission_is_answered_with_named_errors(
    client: Client, login: Callable[[str], Any]
) -> None:
    login(Role.FIELD_TECHNICIAN)
    asset, other = AssetFactory.create(), AssetFactory.create()

    response = client.post(
        reverse("fieldwork:new"),
        {
            "client_key": "e" * 32,
            "customer": str(asset.customer_id),
            "asset": str(other.pk),
            "state": "Something",
            "urgency": "normal",
            "photo": upload(b"GIF89a not really", name="x.gif", content_type="image/gif"),
        },
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "asset" in errors or "photo" in errors
    assert not FieldObservation.objects.exists()


def test_the_list_runs_a_fixed_number_of_queries(
    client: Client, login: Callable[[str], Any], django_assert_max_num_queries: Any
) -> None:
    for n in range(12):
        asset = AssetFactory.create()
        record_observation(
            customer_id=asset.customer_id,
            asset_id=asset.pk,
            observed_by=None,
            state=f"Observation {n}",
            client_key=f"{n:024d}",
        )
    login(Role.MANAGER)

    with django_assert_max_num_queries(6):
        response = client.get(reverse("fieldwork:list"))

    assert response.status_code == 200
    html = response.content.decode()
    for observation in FieldObservation.objects.all():
        assert reverse("fieldwork:detail", args=[observation.pk]) in html


def test_the_list_shows_every_observation_the_home_page_counts(
    client: Client, login: Callable[[str], Any]
) -> None:
    record_observation(
        customer_id=CustomerFactory.create().pk,
        asset_id=None,
        observed_by=None,
        state="Seen on the form.",
        client_key="f" * 24,
    )
    FeedbackFactory.create(source=Source.FIELD_OBSERVATION, text="Sent through the API.")
    FeedbackFactory.create(source=Source.TICKET, text="A ticket, not an observation.")
    login(Role.MANAGER)

    html = client.get(reverse("fieldwork:list")).content.decode()

    assert "Seen on the form." in html
    assert "Sent through the API." in html
    assert "A ticket" not in html
    assert "2 observations" in html


def test_a_technician_sees_their_own_and_their_teams_observations(
    client: Client, login: Callable[[str], Any]
) -> None:
    east, west = TeamFactory.create(name="East"), TeamFactory.create(name="West")
    me = login(Role.FIELD_TECHNICIAN)
    me.team = east
    me.save()
    mate = UserFactory.create(role=Role.FIELD_TECHNICIAN, team=east)
    other = UserFactory.create(role=Role.FIELD_TECHNICIAN, team=west)
    seen = {}
    for n, (who, text) in enumerate([(me, "Mine."), (mate, "My mate's."), (other, "West's.")]):
        seen[text] = record_observation(
            customer_id=CustomerFactory.create().pk,
            asset_id=None,
            observed_by=who,
            state=text,
            client_key=f"{n:024d}",
        ).observation

    html = client.get(reverse("fieldwork:list")).content.decode()

    assert "Mine." in html
    assert "My mate&#x27;s." in html
    assert "West&#x27;s." not in html
    assert client.get(reverse("fieldwork:detail", args=[seen["West's."].pk])).status_code == 404
    assert client.get(reverse("fieldwork:detail", args=[seen["Mine."].pk])).status_code == 200


def test_the_detail_shows_the_observation_and_its_photo(
    client: Client, login: Callable[[str], Any], with_photo: FieldObservation
) -> None:
    login(Role.EXECUTIVE)

    html = client.get(reverse("fieldwork:detail", args=[with_photo.pk])).content.decode()

    assert "Leaking hose behind the dishwasher." in html
    assert reverse("fieldwork:photo", args=[with_photo.pk]) in html


def test_the_customer_page_shows_the_observation_as_a_field_observation(
    client: Client, login: Callable[[str], Any], with_photo: FieldObservation
) -> None:
    login(Role.AGENT)

    html = client.get(reverse("customers:detail", args=[with_photo.customer_id])).content.decode()

    assert "Field observation" in html
    assert "Leaking hose behind the dishwasher." in html
