"""The issue board and an issue's page, as people use them."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from outward.accounts.models import User
from outward.core.roles import Role
from outward.feedback.models import FeedbackItem
from outward.insights.models import AnalysisRun, Theme
from tests.insights.fixtures import theme_for, theme_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def analysed(
    corpus: dict[str, list[FeedbackItem]], refit: Callable[[], AnalysisRun]
) -> dict[str, list[FeedbackItem]]:
    refit()
    return corpus


def test_the_board_ranks_issues_and_keeps_praise_apart(
    analysed: dict[str, list[FeedbackItem]], client: Client, login: Callable[[str], User]
) -> None:
    login(Role.EXECUTIVE)

    board = client.get(reverse("insights:board")).context["board"]

    issues = {row.theme.pk for row in board.issues}
    praise = {row.theme.pk for row in board.praise}
    assert {theme_of(i) for i in analysed["delivery"]} <= issues
    assert {theme_of(i) for i in analysed["praise"]} <= praise
    impacts = [row.impact for row in board.issues]
    assert impacts == sorted(impacts, reverse=True)
    assert sum(row.customers for row in board.issues + board.praise) == 120
    assert all(row.prevalence in {"single", "few", "many"} for row in board.issues)


def test_the_board_reads_a_fixed_number_of_queries_however_many_themes(
    analysed: dict[str, list[FeedbackItem]],
    client: Client,
    login: Callable[[str], User],
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    login(Role.ANALYST)

    with django_assert_max_num_queries(16):
        response = client.get(reverse("insights:board"))

    assert response.status_code == 200
    assert Theme.objects.count() > 5


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("start=yesterday", "start"),
        ("source=pigeon", "source"),
        ("touchpoint=x", "touchpoint"),
        ("start=2026-05-01&end=2026-01-01", "start"),
        ("product=nope", "product"),
    ],
)
def test_a_bad_filter_is_a_400_that_names_it(
    query: str, field: str, client: Client, login: Callable[[str], User]
) -> None:
    login(Role.ANALYST)

    response = client.get(f"{reverse('insights:board')}?{query}")

    assert response.status_code == 400
    assert field in response.context["errors"]


def test_the_board_downloads_as_csv(
    analysed: dict[str, list[FeedbackItem]], client: Client, login: Callable[[str], User]
) -> None:
    login(Role.ANALYST)

    response = client.get(f"{reverse('insights:board')}?format=csv")

    body = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    rows = list(csv.reader(io.StringIO(body)))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[0][:3] == ["theme", "engine label", "kind"]
    assert len(rows) - 1 == Theme.objects.filter(hidden=False).count()


def test_an_issue_page_shows_what_customers_say_and_who_said_it(
    analysed: dict[str, list[FeedbackItem]],
    client: Client,
    login: Callable[[str], User],
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    login(Role.AGENT)
    item = analysed["billing"][0]
    theme = theme_of(item)

    with django_assert_max_num_queries(30):
        response = client.get(reverse("insights:theme", args=[theme]))

    page = response.content.decode()
    assert response.status_code == 200
    assert item.text in page
    assert item.customer is not None
    assert item.customer.name in page
    assert "Edit this theme" not in page  # agents read, analysts edit


def test_an_analyst_renames_hides_and_merges_on_the_issue_page(
    analysed: dict[str, list[FeedbackItem]], client: Client, login: Callable[[str], User]
) -> None:
    login(Role.ANALYST)
    first = theme_for(analysed["billing"][0])
    other = Theme.objects.exclude(pk=first.pk).filter(kind=first.kind).first()
    assert other is not None
    edit = reverse("insights:theme_edit", args=[first.pk])

    client.post(edit, {"action": "rename", "name": "Billing <b>errors</b>"})
    shown = client.get(reverse("insights:board")).content.decode()
    client.post(edit, {"action": "hide"})
    board = client.get(reverse("insights:board")).context["board"]
    merged = client.post(edit, {"action": "merge", "into": other.pk})

    first.refresh_from_db()
    assert first.name == "Billing <b>errors</b>"
    assert first.hidden
    assert first.pk not in {row.theme.pk for row in board.issues}
    assert merged["Location"] == reverse("insights:theme", args=[other.pk])
    assert first.merged_into == other
    assert "Billing &lt;b&gt;errors&lt;/b&gt;" in shown
    assert "<b>errors</b>" not in shown
    assert [e.action for e in first.edits.order_by("version")] == ["rename", "hide", "merge"]


def test_an_unknown_edit_changes_nothing(
    analysed: dict[str, list[FeedbackItem]], client: Client, login: Callable[[str], User]
) -> None:
    login(Role.ANALYST)
    theme = theme_for(analysed["billing"][0])

    response = client.post(
        reverse("insights:theme_edit", args=[theme.pk]), {"action": "explode"}, follow=True
    )

    assert b"Not saved" in response.content
    theme.refresh_from_db()
    assert theme.version == 1


def test_a_refit_is_queued_from_the_board(
    analysed: dict[str, list[FeedbackItem]], client: Client, login: Callable[[str], User]
) -> None:
    login(Role.MANAGER)

    response = client.post(reverse("insights:refit"), follow=True)

    assert b"queued" in response.content or b"already" in response.content
    assert AnalysisRun.objects.count() == 2


def test_a_filter_change_from_htmx_gets_only_the_board(
    client: Client,
    login: Callable[[str], User],
    corpus: dict[str, list[FeedbackItem]],
    refit: Callable[[], AnalysisRun],
) -> None:
    refit()
    login(Role.ANALYST)
    url = reverse("insights:board")

    part = client.get(url, {"source": "ticket"}, headers={"HX-Request": "true"})
    page = client.get(url, {"source": "ticket"})
    wrong = client.get(url, {"start": "yesterday"}, headers={"HX-Request": "true"})

    assert part.status_code == page.status_code == 200
    assert part.content.decode().count('id="board-view"') == 1
    assert "<html" not in part.content.decode()
    assert "<html" in page.content.decode()
    assert "HX-Request" in part["Vary"]
    assert "HX-Request" in page["Vary"]  # no cache hands the part to a page load
    assert wrong.status_code == 400
    assert "A date as YYYY-MM-DD." in wrong.content.decode()
