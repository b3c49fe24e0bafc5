"""The drivers, journey, outcomes and product-quality pages, as people use them."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from outward.accounts.models import User
from outward.core.roles import Role
from outward.customers.models import ProductBatch
from outward.feedback.models import FeedbackItem
from outward.insights import reports
from outward.insights.models import AnalysisRun, Competitor, RecallReview
from outward.insights.services import themes
from tests.insights.fixtures import theme_for

pytestmark = pytest.mark.django_db
Items = dict[str, list[FeedbackItem]]


def test_drivers_put_the_complaints_first_and_say_how_far_to_trust_them(
    journeyed: Items, client: Client, login: Callable[[str], User]
) -> None:
    login(Role.EXECUTIVE)

    page = client.get(reverse("insights:drivers")).context["page"]

    fix_first = [r for r in page.rows if r.fix_rank is not None]
    assert fix_first
    assert [r.fix_rank for r in fix_first] == list(range(1, len(fix_first) + 1))
    assert page.rows[: len(fix_first)] == fix_first
    complaints = {theme_for(i).pk for i in journeyed["delivery"] + journeyed["billing"]}
    praise = {theme_for(i).pk for i in journeyed["praise"]}
    assert all(r.effect < 0 for r in fix_first)
    assert {r.theme.pk for r in fix_first if r.theme} <= complaints
    assert not {r.theme.pk for r in fix_first if r.theme} & praise
    assert any(r.kind == "touchpoint" and r.name == "delivery" for r in fix_first)
    assert all(r.effect_ci[0] <= r.effect <= r.effect_ci[1] for r in page.rows)
    assert page.metric == "r2"
    assert "did not see" in page.accuracy_sentence
    assert "lower than the rest" in fix_first[0].sentence


@pytest.mark.parametrize("target", ["csat", "ces", "churn"])
def test_every_target_has_its_drivers(
    target: str, journeyed: Items, client: Client, login: Callable[[str], User]
) -> None:
    login(Role.MANAGER)

    response = client.get(reverse("insights:drivers"), {"target": target})

    page = response.context["page"]
    assert response.status_code == 200
    assert page.target.key == target
    assert page.rows
    assert not page.skipped
    assert page.metric == ("auc" if target == "churn" else "r2")
    # Churn: a harmful driver raises it; scores: a harmful one lowers them.
    harmful = [r for r in page.rows if r.fix_rank is not None]
    assert all((r.effect > 0) == (target == "churn") for r in harmful)


def test_an_unknown_target_is_a_400_that_shows_nps(
    journeyed: Items, client: Client, login: Callable[[str], User]
) -> None:
    login(Role.ANALYST)

    response = client.get(reverse("insights:drivers"), {"target": "happiness"})

    assert response.status_code == 400
    assert response.context["page"].target.key == "nps"


def test_before_any_refit_the_pages_say_so(client: Client, login: Callable[[str], User]) -> None:
    login(Role.ANALYST)

    drivers = client.get(reverse("insights:drivers"))
    outcomes = client.get(reverse("insights:outcomes"))
    quality = client.get(reverse("insights:quality"))

    assert drivers.status_code == outcomes.status_code == quality.status_code == 200
    assert "No analysis" in drivers.content.decode()
    assert "No analysis has run yet" in outcomes.content.decode()


def test_the_journey_keeps_the_stage_order_and_marks_the_worst(
    journeyed: Items, client: Client, login: Callable[[str], User]
) -> None:
    login(Role.AGENT)

    journey = client.get(reverse("insights:journey")).context["journey"]

    stages = {s.touchpoint.slug: s for s in journey.stages}
    positions = [s.touchpoint.position for s in journey.stages]
    assert positions == sorted(positions)
    assert set(stages) == {"delivery", "billing", "support"}
    assert journey.worst_by == "CSAT"
    assert [s.touchpoint.slug for s in journey.stages if s.worst] == ["delivery"]
    delivery = stages["delivery"]
    assert (delivery.items, delivery.csat_n, delivery.csat, delivery.ces) == (40, 40, 0.0, 3.0)
    assert delivery.nps == -100.0
    assert stages["support"].nps == 100.0
    assert {t.pk for t, _ in delivery.top_issues} <= {
        theme_for(i).pk for i in journeyed["delivery"]
    }
    assert stages["support"].top_issues == []  # praise is not an issue


def test_the_journey_follows_the_filters(
    journeyed: Items, client: Client, login: Callable[[str], User]
) -> None:
    login(Role.AGENT)

    journey = client.get(reverse("insights:journey"), {"source": "review"}).context["journey"]
    bad = client.get(reverse("insights:journey"), {"start": "someday"})

    assert journey.stages == []
    assert bad.status_code == 400
    assert "start" in bad.context["errors"]


def test_outcomes_show_churn_by_nps_group_exposure_and_competitors(
    journeyed: Items, client: Client, login: Callable[[str], User]
) -> None:
    login(Role.EXECUTIVE)

    found = client.get(reverse("insights:outcomes")).context["found"]

    groups = {g["group"]: g for g in found.groups}
    assert groups["detractor"]["churned"] == 20
    assert groups["promoter"]["churned"] == 0
    assert groups["detractor"]["churn_rate"] > groups["promoter"]["churn_rate"]
    exposed = {e.theme.pk: e for e in found.exposure}
    delivery = {theme_for(i).pk for i in journeyed["delivery"]} & set(exposed)
    assert delivery  # half of these customers churned after complaining
    assert all(exposed[t].exposed_churn > exposed[t].unexposed_churn for t in delivery)
    months = found.figures["competitors"]
    assert sum(months["items"]) == 120
    assert sum(months["mentions"]["Brightline"]) == 12
    assert sum(months["switching"]) >= 12
    assert [c.name for c in found.competitors] == ["Brightline"]


def test_people_who_may_change_insights_keep_the_competitor_list(
    client: Client, login: Callable[[str], User]
) -> None:
    login(Role.ANALYST)
    url = reverse("insights:competitor_add")

    client.post(url, {"name": "  Acme   Appliances ", "aliases": "Acme, ACME Ltd"})
    duplicate = client.post(url, {"name": "acme appliances"}, follow=True)
    empty = client.post(url, {"name": "   "}, follow=True)

    acme = Competitor.objects.get()
    assert (acme.name, acme.aliases) == ("Acme Appliances", ["ACME Ltd", "Acme"])
    assert "on the list already" in duplicate.content.decode()
    assert "needs a name" in empty.content.decode()
    client.post(reverse("insights:competitor_remove", args=[acme.pk]))
    assert not Competitor.objects.exists()


def test_people_who_may_only_look_cannot_change_competitors(
    client: Client, login: Callable[[str], User]
) -> None:
    login(Role.EXECUTIVE)

    response = client.post(reverse("insights:competitor_add"), {"name": "Acme"})

    assert response.status_code == 403
    assert not Competitor.objects.exists()


def test_the_quality_page_shows_the_defective_batch_with_its_review(
    defect: tuple[ProductBatch, ProductBatch],
    refit: Callable[[], AnalysisRun],
    client: Client,
    login: Callable[[str], User],
) -> None:
    bad, good = defect
    refit()
    login(Role.MANAGER)

    products = client.get(reverse("insights:quality")).context["products"]

    kettle = next(p for p in products if p.product.pk == bad.product_id)
    assert kettle.flagged
    assert kettle.themes[0].display_name == "Heating element"
    rows = {row.batch.pk: row for row in kettle.batches}
    assert rows[bad.pk].owners == rows[good.pk].owners == 40
    cell = rows[bad.pk].cells[0][1]
    assert cell is not None
    assert cell.flagged
    assert cell.affected == 15
    assert cell.share == pytest.approx(15 / 40)
    assert cell.other_share == pytest.approx(1 / 40)
    assert cell.p_adjusted is not None
    assert cell.p_adjusted < 0.01
    assert rows[bad.pk].review == RecallReview.objects.get(batch=bad)
    good_cell = rows[good.pk].cells[0][1]
    assert good_cell is not None
    assert not good_cell.flagged
    assert rows[good.pk].review is None


@pytest.mark.parametrize(
    ("name", "first_column"),
    [("insights:drivers", "rank"), ("insights:journey", "stage"),
     ("insights:outcomes", "table"), ("insights:quality", "product")],
)  # fmt: skip
def test_every_table_downloads_as_csv_and_as_excel(
    name: str,
    first_column: str,
    journeyed: Items,
    defect: tuple[ProductBatch, ProductBatch],
    refit: Callable[[], AnalysisRun],
    client: Client,
    login: Callable[[str], User],
) -> None:
    refit()
    login(Role.ANALYST)

    as_csv = client.get(reverse(name), {"format": "csv"})
    as_xlsx = client.get(reverse(name), {"format": "xlsx"})

    rows = list(csv.reader(io.StringIO(b"".join(as_csv.streaming_content).decode())))  # type: ignore[attr-defined]
    sheet = openpyxl.load_workbook(io.BytesIO(as_xlsx.content), read_only=True).active
    assert sheet is not None
    cells = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert as_csv["Content-Disposition"].endswith('.csv"')
    assert as_xlsx["Content-Disposition"].endswith('.xlsx"')
    assert rows[0][0] == cells[0][0] == first_column
    assert len(rows) == len(cells) > 1
    assert [row[0] for row in rows] == ["" if r[0] is None else str(r[0]) for r in cells]


def test_a_spreadsheet_formula_in_a_theme_name_stays_text(
    journeyed: Items, client: Client, login: Callable[[str], User]
) -> None:
    user = login(Role.ANALYST)
    theme = reports.outcomes().exposure[0].theme
    themes.rename_theme(theme, '=HYPERLINK("http://evil.example","x")', by=user)

    as_xlsx = client.get(reverse("insights:outcomes"), {"format": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(as_xlsx.content)).active
    assert sheet is not None
    names = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert '\'=HYPERLINK("http://evil.example","x")' in names
    assert all(row[1].data_type == "s" for row in sheet.iter_rows(min_row=2))


@pytest.mark.parametrize(
    ("name", "limit"),
    [("insights:drivers", 8), ("insights:journey", 12), ("insights:outcomes", 10),
     ("insights:quality", 12)],
)  # fmt: skip
def test_each_page_reads_a_fixed_number_of_queries(
    name: str,
    limit: int,
    journeyed: Items,
    defect: tuple[ProductBatch, ProductBatch],
    refit: Callable[[], AnalysisRun],
    client: Client,
    login: Callable[[str], User],
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    refit()
    login(Role.ANALYST)

    with django_assert_max_num_queries(limit):
        response = client.get(reverse(name))

    assert response.status_code == 200
