"""The drivers, journey, outcomes and quality figures over the API, and every chart of the
insight pages as a Plotly figure the pages draw."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID, uuid4

import pytest

from outward.core.roles import Role
from outward.customers.models import ProductBatch, Touchpoint
from outward.feedback.models import FeedbackItem
from outward.insights.models import AnalysisRun, Competitor
from outward.insights.services.state import current_run_id
from outward.surveys.services.building import create_from_template
from tests.api.conftest import ApiClient
from tests.insights.survey_fixtures import answered_survey

pytestmark = pytest.mark.django_db

Items = dict[str, list[FeedbackItem]]


def test_drivers_come_with_intervals_a_fix_order_and_accuracy_in_words(
    journeyed: Items, make_api: Callable[..., ApiClient]
) -> None:
    reader = make_api(Role.EXECUTIVE)

    found = reader.get("/insights/drivers", target="csat")

    assert found.status == 200
    assert (found.body["target"], found.body["metric"]) == ("csat", "r2")
    assert found.body["run_id"] == current_run_id()
    rows = found.body["drivers"]
    ranked = [r["fix_rank"] for r in rows if r["fix_rank"] is not None]
    assert ranked == list(range(1, len(ranked) + 1))
    assert all(r["effect_ci"]["low"] <= r["effect"] <= r["effect_ci"]["high"] for r in rows)
    assert "did not see" in found.body["accuracy_explained"]


def test_an_unknown_driver_target_is_a_422_naming_it(api: ApiClient) -> None:
    response = api.get("/insights/drivers", target="happiness")

    assert response.status == 422
    assert "target" in str(response.body)


def test_the_journey_lists_stages_in_order_with_the_worst_marked(
    journeyed: Items, api: ApiClient
) -> None:
    found = api.get("/insights/journey")

    stages = found.body["stages"]
    order = [t.name for t in Touchpoint.objects.order_by("position")]
    assert [s["name"] for s in stages] == [
        n for n in order if n in {"Delivery", "Billing", "Support"}
    ]
    assert [s["name"] for s in stages if s["worst"]] == ["Delivery"]
    assert found.body["worst_by"] == "CSAT"
    delivery = next(s for s in stages if s["name"] == "Delivery")
    assert (delivery["items"], delivery["csat_answers"], delivery["csat_satisfied"]) == (40, 40, 0)
    assert delivery["top_issues"]
    assert delivery["top_issues"][0]["negative_items"] > 0


def test_a_bad_journey_filter_names_the_parameter(api: ApiClient) -> None:
    response = api.call("GET", "/insights/journey?start=2026-02-30")

    assert response.status == 422
    assert "start" in str(response.body)


def test_outcomes_give_churn_by_group_exposure_and_competitor_months(
    journeyed: Items, api: ApiClient
) -> None:
    found = api.get("/insights/outcomes")

    body = found.body
    groups = {g["group"]: g for g in body["nps_groups"]}
    assert groups["detractor"]["churned"] == 20
    assert groups["promoter"]["churned"] == 0
    assert body["customers"] == 120
    assert body["churned"] == 20
    assert body["exposure"][0]["difference_ci"]["low"] <= body["exposure"][0]["difference"]
    assert body["competitor_names"] == ["Brightline"]
    assert sum(body["competitors"]["mentions"]["Brightline"]) == 12


def test_before_any_refit_the_figures_are_empty_not_an_error(api: ApiClient) -> None:
    outcomes = api.get("/insights/outcomes")
    drivers = api.get("/insights/drivers")

    assert (outcomes.status, drivers.status) == (200, 200)
    assert outcomes.body["run_id"] is None
    assert outcomes.body["nps_groups"] == []
    assert drivers.body["drivers"] == []


def test_quality_lists_each_batch_with_its_defect_share_and_review(
    defect: tuple[ProductBatch, ProductBatch],
    refit: Callable[[], AnalysisRun],
    api: ApiClient,
) -> None:
    bad, good = defect
    refit()

    products = api.get("/insights/quality").body

    kettle = next(p for p in products if p["product_id"] == str(bad.product_id))
    batches = {UUID(b["batch_id"]): b for b in kettle["batches"]}
    flagged = batches[bad.pk]["themes"][0]
    assert (flagged["name"], flagged["affected"], flagged["flagged"]) == (
        "Heating element",
        15,
        True,
    )
    assert flagged["p_adjusted"] < 0.01
    assert batches[bad.pk]["recall_review_id"] is not None
    assert batches[good.pk]["recall_review_id"] is None


@pytest.mark.parametrize("name", ["drivers", "journey", "churn", "competitors"])
def test_each_chart_is_a_plotly_figure_with_data(
    name: str, journeyed: Items, api: ApiClient
) -> None:
    figure = api.get(f"/insights/charts/{name}")

    assert figure.status == 200
    assert figure.body["data"]
    assert all("type" in trace for trace in figure.body["data"])
    assert figure.body["layout"]["title"]["text"]


def test_the_quality_chart_draws_one_product(
    defect: tuple[ProductBatch, ProductBatch],
    refit: Callable[[], AnalysisRun],
    api: ApiClient,
) -> None:
    bad, _ = defect
    refit()

    figure = api.get("/insights/charts/quality", product=bad.product_id)
    missing = api.get("/insights/charts/quality", product=uuid4())
    malformed = api.get("/insights/charts/quality", product="nope")

    assert figure.status == 200
    assert figure.body["data"][0]["type"] == "bar"
    assert missing.status == 404
    assert "product" in missing.body["detail"]
    assert malformed.status == 422
    assert "product" in malformed.body["errors"]


def test_an_unknown_chart_is_a_422(api: ApiClient) -> None:
    response = api.get("/insights/charts/pie")

    assert response.status == 422
    assert "name" in str(response.body)


def test_competitor_names_are_the_apps_own_list(journeyed: Items, api: ApiClient) -> None:
    Competitor.objects.create(name="Acme")

    assert api.get("/insights/outcomes").body["competitor_names"] == ["Acme", "Brightline"]


def test_a_surveys_results_come_per_question_with_breakdown_and_trend(
    make_api: Callable[..., ApiClient],
) -> None:
    survey = answered_survey()
    reader = make_api(Role.EXECUTIVE)

    found = reader.get(f"/insights/surveys/{survey.pk}/results", by="region")

    assert found.status == 200
    body = found.body
    assert (body["completed"], body["main_question"], body["by"]) == (50, "nps", "region")
    questions = {q["key"]: q for q in body["questions"]}
    assert questions["nps"]["headline"]["metric"] == "nps"
    bought = {c["value"]: c for c in questions["bought"]["choices"]}
    assert bought["web"]["count"] == 30
    assert bought["web"]["ci"]["low"] < bought["web"]["share"] < bought["web"]["ci"]["high"]
    assert {g["group"] for g in body["breakdown"]} == {"north", "south"}
    assert sum(p["answers"] for p in body["trend"]) == 50


@pytest.mark.parametrize(("name", "key"), [("question", "nps"), ("question", "bought"),
                                           ("trend", ""), ("breakdown", "")])  # fmt: skip
def test_each_survey_chart_is_a_plotly_figure(
    name: str, key: str, make_api: Callable[..., ApiClient]
) -> None:
    survey = answered_survey()
    reader = make_api(Role.MANAGER)

    figure = reader.get(f"/insights/surveys/{survey.pk}/charts/{name}", key=key)

    assert figure.status == 200
    assert figure.body["data"][0]["x"]


def test_survey_results_refuse_what_they_cannot_show(make_api: Callable[..., ApiClient]) -> None:
    survey = answered_survey()
    pulse = create_from_template("employee_pulse", name="Pulse", created_by=None)
    reader = make_api(Role.ANALYST)

    assert reader.get(f"/insights/surveys/{pulse.pk}/results").status == 404
    assert reader.get(f"/insights/surveys/{uuid4()}/results").status == 404
    assert reader.get(f"/insights/surveys/{survey.pk}/results", by="shoe").status == 422
    text = reader.get(f"/insights/surveys/{survey.pk}/charts/question", key="fix_first")
    assert text.status == 404
    assert "key" in text.body["detail"]
    assert make_api(Role.AGENT).get(f"/insights/surveys/{survey.pk}/results").status == 403
