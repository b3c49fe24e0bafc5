"""The insights over the API: the board the page shows, themes, recall reviews, refits."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from outward.core.roles import Role
from outward.feedback.models import FeedbackItem
from outward.insights.models import AnalysisRun, Theme
from tests.api.conftest import ApiClient
from tests.insights.fixtures import theme_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def analysed(
    corpus: dict[str, list[FeedbackItem]],
    refit: Callable[[], AnalysisRun],
) -> dict[str, list[FeedbackItem]]:
    refit()
    return corpus


def test_the_board_lists_issues_and_praise_with_their_figures(
    analysed: dict[str, list[FeedbackItem]], make_api: Callable[..., ApiClient]
) -> None:
    reader = make_api(Role.EXECUTIVE)

    board = reader.get("/insights/issues")

    assert board.status == 200
    rows = board.body["issues"] + board.body["praise"]
    assert sum(r["customers"] for r in rows) == 120
    assert board.body["items"] == 120
    assert board.body["run"]["status"] == "done"
    assert {r["prevalence"] for r in rows} <= {"single", "few", "many"}


@pytest.mark.parametrize(
    "query", ["start=2026-13-01", "source=pigeon", "touchpoint=0", "product=nope", "segment=%00"]
)
def test_a_bad_board_query_is_a_4xx_naming_the_parameter(query: str, api: ApiClient) -> None:
    response = api.call("GET", f"/insights/issues?{query}")

    assert response.status in {400, 422}
    assert query.split("=")[0] in str(response.body)


def test_a_start_after_the_end_is_refused(api: ApiClient) -> None:
    response = api.get("/insights/issues", start="2026-05-01", end="2026-01-01")

    assert response.status == 422
    assert "start" in response.body["errors"]


def test_feedback_can_be_listed_by_theme(
    analysed: dict[str, list[FeedbackItem]], api: ApiClient
) -> None:
    theme = theme_for(analysed["billing"][0])

    listed = api.get("/feedback", theme_id=theme.pk, limit=200)

    ids = {item["id"] for item in listed.body["items"]}
    assert ids == {
        str(pk)
        for pk in FeedbackItem.objects.filter(theme_id=theme.pk).values_list("pk", flat=True)
    }
    assert all(item["theme_id"] == theme.pk for item in listed.body["items"])


def test_an_analyst_renames_and_hides_a_theme_each_a_new_version(
    analysed: dict[str, list[FeedbackItem]], make_api: Callable[..., ApiClient]
) -> None:
    analyst = make_api(Role.ANALYST)
    theme = theme_for(analysed["billing"][0])

    changed = analyst.patch(
        f"/insights/themes/{theme.pk}", {"name": "Billing errors", "hidden": True}
    )
    history = analyst.get(f"/insights/themes/{theme.pk}")

    assert changed.status == 200
    assert changed.body["theme"]["name"] == "Billing errors"
    assert changed.body["theme"]["hidden"] is True
    assert [e["action"] for e in history.body["edits"]] == ["hide", "rename"]
    assert Theme.objects.get(pk=theme.pk).version == 3


def test_an_unknown_theme_field_or_theme_is_refused(
    analysed: dict[str, list[FeedbackItem]], api: ApiClient
) -> None:
    theme = theme_for(analysed["billing"][0])

    assert api.patch(f"/insights/themes/{theme.pk}", {"merged_into": 3}).status == 422
    assert api.get("/insights/themes/999999").status == 404


def test_a_refit_is_queued_once(analysed: dict[str, list[FeedbackItem]], api: ApiClient) -> None:
    first = api.post("/insights/refits")
    second = api.post("/insights/refits")

    assert (first.status, first.body["queued"]) == (202, True)
    assert (second.status, second.body["queued"]) == (202, False)
    assert second.body["run"]["id"] == first.body["run"]["id"]


def test_recall_reviews_are_listed_by_status(api: ApiClient) -> None:
    assert api.get("/insights/recall-reviews").body == []
    assert api.get("/insights/recall-reviews", status="nope").status == 422
