"""The anonymity threshold holds in every place results appear: page, CSV export and API.

Scenario "five": Five (5 respondents, four promoters and a passive: +80) and Big (6, five
detractors and a passive: -83): both shown. Scenario "four": Four (4, +75), Big (6, -83) and
Mid (7, six passives and a promoter: +14): Four is hidden, and so is Big, the next smallest
team, or "overall minus Mid" would give Four away. (Each team has one answer off its band:
a small unanimous team shows only its band, tested in test_results_figures.)
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outward.accounts.services import create_api_token
from outward.core.roles import Role
from outward.pulse.models import PulseRound
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SUPPRESSED = "fewer than 5 responses"


def _round(
    sizes: dict[str, tuple[int, int, int]],
    staff: Callable[..., Any],
    start: Callable[..., PulseRound],
    respond: Callable[..., Any],
) -> PulseRound:
    """Teams of n answering `enps`, but the last member `last`."""
    people = staff({name: n for name, (n, _, _) in sizes.items()})
    pulse = start()
    for name, (_, enps, last) in sizes.items():
        members = people.members[name]
        for person in members:
            respond(pulse, person, enps=last if person == members[-1] else enps, equipped=3)
    return pulse


@pytest.fixture
def five(staff: Any, start: Any, respond: Any) -> PulseRound:
    return _round({"Five": (5, 10, 8), "Big": (6, 0, 8)}, staff, start, respond)


@pytest.fixture
def four(staff: Any, start: Any, respond: Any) -> PulseRound:
    return _round({"Four": (4, 10, 8), "Big": (6, 0, 8), "Mid": (7, 7, 10)}, staff, start, respond)


def _row_html(page: str, team: str) -> str:
    match = re.search(rf'<tr>\s*<th scope="row">{team}</th>(.*?)</tr>', page, re.S)
    assert match, f"no row for {team}"
    return match.group(1)


def _csv_rows(client: Client, pulse: PulseRound) -> dict[tuple[str, str], dict[str, str]]:
    response = client.get(reverse("pulse:export", args=[pulse.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    reader = csv.DictReader(io.StringIO(response.content.decode()))
    return {(row["group"], row["statistic"]): row for row in reader if row["section"] == "team"}


def _api_teams(client: Client, pulse: PulseRound) -> dict[str, dict[str, Any]]:
    issued = create_api_token(user=UserFactory.create(role=Role.ANALYST), name="t")
    response = client.get(
        f"/api/v1/pulse/rounds/{pulse.pk}/results",
        HTTP_AUTHORIZATION=f"Bearer {issued.secret}",
    )
    assert response.status_code == 200
    body = response.json()
    return {row["label"]: row for row in [*body["teams"], body["overall"]]}


@pytest.mark.parametrize("page", ["pulse:results", "pulse:round"])
def test_page_shows_a_team_of_five(
    client: Client, login: Callable[[str], Any], five: PulseRound, page: str
) -> None:
    login(Role.EXECUTIVE)
    url = reverse(page, args=[five.pk] if page == "pulse:round" else [])

    html = client.get(url).content.decode()

    assert SUPPRESSED not in _row_html(html, "Five")
    assert "+80" in _row_html(html, "Five")
    assert "-83" in _row_html(html, "Big")


@pytest.mark.parametrize("page", ["pulse:results", "pulse:round"])
def test_page_hides_a_team_of_four_and_the_team_that_would_give_it_away(
    client: Client, login: Callable[[str], Any], four: PulseRound, page: str
) -> None:
    login(Role.MANAGER)
    url = reverse(page, args=[four.pk] if page == "pulse:round" else [])

    html = client.get(url).content.decode()

    assert SUPPRESSED in _row_html(html, "Four")
    assert "+75" not in _row_html(html, "Four")
    assert SUPPRESSED in _row_html(html, "Big")
    assert "-83" not in html.split("<table", 1)[1]  # in no table cell
    assert SUPPRESSED not in _row_html(html, "Mid")


def test_csv_export_shows_a_team_of_five(
    client: Client, login: Callable[[str], Any], five: PulseRound
) -> None:
    login(Role.ANALYST)

    rows = _csv_rows(client, five)

    assert rows[("Five", "enps")]["value"] == "80.00"
    assert rows[("Five", "enps")]["n"] == "5"
    assert rows[("Big", "enps")]["value"] == "-83.33"


def test_csv_export_hides_a_team_of_four_and_its_complement(
    client: Client, login: Callable[[str], Any], four: PulseRound
) -> None:
    login(Role.ANALYST)

    rows = _csv_rows(client, four)

    for team in ("Four", "Big"):
        for statistic in ("enps", "equipped", "response_rate"):
            row = rows[(team, statistic)]
            assert (row["n"], row["value"], row["ci_low"], row["ci_high"]) == ("", "", "", "")
            assert row["note"] == SUPPRESSED
    assert rows[("Mid", "enps")]["n"] == "7"
    assert rows[("All teams", "enps")]["n"] == "17"


def test_api_shows_a_team_of_five(client: Client, five: PulseRound) -> None:
    teams = _api_teams(client, five)

    assert teams["Five"]["suppressed"] is False
    assert teams["Five"]["enps"]["value"] == pytest.approx(80.0)
    assert teams["Five"]["respondents"] == 5


def test_api_hides_a_team_of_four_and_its_complement(client: Client, four: PulseRound) -> None:
    teams = _api_teams(client, four)

    for team in ("Four", "Big"):
        assert teams[team]["suppressed"] is True
        assert teams[team]["respondents"] is None
        assert teams[team]["enps"] == {
            "value": None,
            "ci_low": None,
            "ci_high": None,
            "n": None,
            "suppressed": True,
            "band": None,
        }
        assert teams[team]["response_rate"] is None
    assert teams["Mid"]["enps"]["value"] == pytest.approx(100 / 7)
    assert teams["All teams"]["respondents"] == 17


def test_api_lists_rounds_with_their_counts(client: Client, four: PulseRound) -> None:
    issued = create_api_token(user=UserFactory.create(role=Role.EXECUTIVE), name="t")

    response = client.get("/api/v1/pulse/rounds", HTTP_AUTHORIZATION=f"Bearer {issued.secret}")

    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["id"] == str(four.pk)
    assert (item["invited"], item["responded"]) == (17, 17)


def test_results_of_an_unknown_round_are_404(client: Client, login: Any) -> None:
    login(Role.ADMIN)

    assert (
        client.get(
            reverse("pulse:round", args=["8c1f2c1e-0000-4000-8000-000000000000"])
        ).status_code
        == 404
    )
    assert (
        client.get("/api/v1/pulse/rounds/8c1f2c1e-0000-4000-8000-000000000000/results").status_code
        == 404
    )


def test_results_page_query_count_does_not_grow_with_rounds(
    client: Client,
    login: Callable[[str], Any],
    staff: Any,
    start: Callable[..., PulseRound],
    respond: Any,
) -> None:
    people = staff({"Desk": 5, "Shop": 5})
    login(Role.EXECUTIVE)
    counts = []
    for n in range(6):
        pulse = start(rated=[people.teams["Shop"]], name=f"Round {n}")
        for member in people.members["Desk"]:
            respond(pulse, member, enps=n, equipped=3)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("pulse:results"))
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[1] == counts[-1], counts
    assert counts[-1] <= 20
