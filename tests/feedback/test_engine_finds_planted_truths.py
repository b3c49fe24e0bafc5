"""The analysis engine finds the eight planted truths of docs/demo-data.md (issue 3 acceptance).

The full-size demo company (seed 42, today 2025-06-30) is generated once for the module, read
into plain tables by `feedback.analysis`, and run through the engine once: sentiment, root
causes, themes. Each test then asks one question an analyst would ask, with the engine's own
functions. Where a check has to pick a theme it does so the way an analyst reading the theme
list would (by its key phrases), never by the generator's internals; thresholds come from the
planted parameters in docs/demo-data.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest
from django.db import transaction
from numpy.typing import NDArray
from pytest_django import DjangoDbBlocker

from outward.analytics import cx
from outward.analytics.competitors import Competitor, find_competitors
from outward.analytics.drivers import key_drivers
from outward.analytics.pipeline_steps import MAX_THEME_FEATURES, MIN_FEATURE_ITEMS
from outward.analytics.prevalence import Prevalence, batch_concentration, theme_prevalence
from outward.analytics.rootcause import (
    RootCause,
    RootCauseResult,
    ThemeRootCause,
    classify_root_causes,
    root_causes_by_theme,
)
from outward.analytics.sentiment import NEGATIVE_THRESHOLD, score_texts
from outward.analytics.themes import OTHER_ID, ThemeModel, discover_themes
from outward.customers.choices import CustomerKind
from outward.customers.models import Customer
from outward.demo.services import generate_demo
from outward.feedback.analysis import feedback_frame, ownership_frame

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 30)
WINDOW = (
    dt.datetime(2025, 5, 19, tzinfo=dt.UTC),  # the defect's 42 days before TODAY
    dt.datetime(2025, 6, 30, tzinfo=dt.UTC),
)
DEFECT_LOT = "KST-BMP/BMP-105"


@dataclass(frozen=True)
class Analysed:
    """The demo's tables and what the engine made of them (one row of `items` per item)."""

    items: pd.DataFrame  # feedback_frame + sentiment, root_cause, theme columns
    owners: pd.DataFrame
    themes: ThemeModel
    root_causes: RootCauseResult
    active_people: int

    def theme_causes(self) -> dict[int, ThemeRootCause]:
        return {int(c.theme): c for c in self.causes_by(self.items["theme"])}

    def causes_by(self, groups: pd.Series) -> tuple[ThemeRootCause, ...]:
        """Root causes aggregated over the groups of `groups` (e.g. touchpoints), via the engine."""
        members = {
            str(key): np.flatnonzero((groups == key).to_numpy()).tolist()
            for key in groups.dropna().unique()
        }
        return root_causes_by_theme(self.root_causes, members)

    def themes_mentioning(self, word: str) -> list[int]:
        """Themes whose key phrases contain `word`: how an analyst spots a theme in the list."""
        return [t.id for t in self.themes.themes if any(word in p.phrase for p in t.key_phrases)]


@pytest.fixture(scope="module")
def analysed(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[Analysed]:
    # One transaction for the module, rolled back at the end: faster than deleting the demo,
    # and each test's own transaction nests inside it as a savepoint.
    with django_db_blocker.unblock(), transaction.atomic():
        generate_demo(seed=42, today=TODAY)
        items, owners = feedback_frame(), ownership_frame()
        active_people = Customer.objects.active().filter(kind=CustomerKind.PERSON).count()
        texts = items["text"].tolist()
        causes = classify_root_causes(texts)
        model = discover_themes(texts, seed=0)
        items["sentiment"] = score_texts(texts)
        items["root_cause"] = [str(c) for c in causes.categories]
        items["theme"] = model.assignments
        yield Analysed(items, owners, model, causes, active_people)
        transaction.set_rollback(True)


def the_defect_theme(analysed: Analysed) -> int:
    heating = analysed.themes_mentioning("heat")
    assert len(heating) == 1, f"expected one heating theme, got {heating}"
    return heating[0]


def test_batch_defect_is_many_and_flagged_for_recall_review(analysed: Analysed) -> None:
    items = analysed.items
    defect = the_defect_theme(analysed)
    themed = items["theme"].astype(str).where(items["theme"] != OTHER_ID, None)

    prevalence = theme_prevalence(
        themed.to_numpy(object),
        items["customer_id"].to_numpy(object),
        base_size=analysed.active_people,
        timestamps=items["occurred_at"],
        window=WINDOW,
    )
    reporting = items[
        (items["theme"] == defect)
        & (items["occurred_at"] >= WINDOW[0])
        & (items["occurred_at"] < WINDOW[1])
    ]
    owners = analysed.owners[analysed.owners["status"] == "active"]
    concentration = batch_concentration(
        owners["customer_id"], owners["product"], owners["batch"], reporting["customer_id"]
    )

    by_theme = {p.theme: p for p in prevalence.themes}
    assert by_theme[str(defect)].prevalence is Prevalence.MANY
    assert concentration.flagged == (DEFECT_LOT,)
    lot = next(b for b in concentration.batches if f"{b.product}/{b.batch}" == DEFECT_LOT)
    # Planted: 45 % of the lot's owners report it; the demo's own check asks for 30 %.
    assert lot.share >= 0.30
    assert lot.affected > by_theme[str(defect)].few_max


def test_batch_defect_theme_is_classified_as_product_defect(analysed: Analysed) -> None:
    defect = the_defect_theme(analysed)

    assert analysed.theme_causes()[defect].dominant is RootCause.PRODUCT_DEFECT


def test_battery_advert_is_found_as_an_expectation_gap(analysed: Analysed) -> None:
    items = analysed.items
    battery = analysed.themes_mentioning("battery")
    quoting_the_ad = items[
        (items["product"] == "KST-SWP")
        & items["text"].str.contains(r"\bad\b|advert|website|commercial|\bbox\b", case=False)
        & items["text"].str.contains("batter", case=False)
    ]

    assert len(battery) == 1
    in_theme = items[items["theme"] == battery[0]]
    assert (in_theme["product"] == "KST-SWP").mean() > 0.8
    assert "marketing" in set(in_theme["touchpoint"])
    assert analysed.theme_causes()[battery[0]].dominant is RootCause.EXPECTATION_GAP
    assert len(quoting_the_ad) >= 50
    (ad_cause,) = analysed.causes_by(
        pd.Series("ad", index=quoting_the_ad.index).reindex(items.index)
    )
    assert ad_cause.dominant is RootCause.EXPECTATION_GAP


def test_descaling_misuse_is_put_down_to_unclear_directions(analysed: Analysed) -> None:
    items = analysed.items
    descaling = items["text"].str.contains("descal", case=False)

    (cause,) = analysed.causes_by(pd.Series("descaling", index=items.index).where(descaling))

    assert descaling.sum() >= 50
    assert set(items.loc[descaling, "product"]) == {"KST-VSO"}
    assert cause.dominant is RootCause.UNCLEAR_DIRECTIONS
    assert cause.shares[RootCause.UNCLEAR_DIRECTIONS] >= 0.5


def csat_by_touchpoint(items: pd.DataFrame) -> dict[str, float]:
    return {
        str(slug): cx.csat(group["csat"].dropna()).satisfied.share
        for slug, group in items.groupby("touchpoint")
    }


def test_late_delivery_is_a_process_failure_with_the_lowest_csat(analysed: Analysed) -> None:
    causes = {c.theme: c for c in analysed.causes_by(analysed.items["touchpoint"])}

    csat = csat_by_touchpoint(analysed.items)

    assert causes["delivery"].dominant is RootCause.PROCESS_FAILURE
    assert min(csat, key=csat.__getitem__) == "delivery"


def test_field_service_is_the_most_praised_touchpoint(analysed: Analysed) -> None:
    items = analysed.items
    causes = {c.theme: c for c in analysed.causes_by(items["touchpoint"])}
    # Customers' voice only: field observations are the technicians' own job notes.
    voice = items[items["source"] != "field_observation"]
    sentiment = voice.groupby("touchpoint")["sentiment"].mean()

    csat = csat_by_touchpoint(items)

    assert sentiment.idxmax() == "field-service"
    assert max(csat, key=csat.__getitem__) == "field-service"
    assert causes["field-service"].dominant is RootCause.PRAISE


def test_brightline_is_found_with_switching_intent_among_detractors(
    analysed: Analysed,
) -> None:
    items = analysed.items

    found = find_competitors(
        items["text"].tolist(), [Competitor("Brightline")], items["nps"].to_numpy()
    )

    (brightline,) = found.summary
    naming = np.array([bool(names) for names in found.competitors])
    scored = items.loc[naming, "nps"].dropna()
    assert brightline.mentions >= 100
    # Planted: named only when threatening to leave, so switching intent is far above the rest.
    assert found.switching[naming].mean() >= 5 * found.switching[~naming].mean()
    assert (scored <= 6).mean() >= 0.85
    assert brightline.nps is not None
    assert brightline.nps < 0


def indicators(theme_ids: NDArray[np.int64], themes: list[int]) -> pd.DataFrame:
    return pd.DataFrame({f"theme {t}": (theme_ids == t).astype(np.float64) for t in themes})


def test_defect_and_delay_themes_drive_nps_down(analysed: Analysed) -> None:
    items = analysed.items
    scored = items[items["nps"].notna()]
    counts = scored.loc[scored["theme"] != OTHER_ID, "theme"].value_counts()
    # As the pipeline does: the most frequent themes among scored items, plus the defect theme.
    defect = the_defect_theme(analysed)
    frequent = [int(t) for t in counts[counts >= MIN_FEATURE_ITEMS].index[:MAX_THEME_FEATURES]]
    themes = sorted({*frequent, defect})
    causes = analysed.theme_causes()
    delays = {f"theme {t}" for t in themes if causes[t].dominant is RootCause.PROCESS_FAILURE}

    report = key_drivers(
        indicators(scored["theme"].to_numpy(), themes),
        scored["nps"].to_numpy(),
        groups=scored["customer_id"].to_numpy(object),
        seed=0,
    )

    assert not report.validation.weak
    assert report.validation.value >= report.validation.threshold
    assert report.fix_first[0] in delays
    assert f"theme {defect}" in report.fix_first


def test_churn_follows_bad_experiences(analysed: Analysed) -> None:
    items = analysed.items.assign(
        buyer=analysed.items["account_id"].fillna(analysed.items["customer_id"]),
        negative=analysed.items["sentiment"] < NEGATIVE_THRESHOLD,
        process_failure=analysed.items["root_cause"] == RootCause.PROCESS_FAILURE,
        product_defect=analysed.items["root_cause"] == RootCause.PRODUCT_DEFECT,
        price_billing=analysed.items["root_cause"] == RootCause.PRICE_BILLING,
    )
    per_buyer = items.groupby("buyer")
    features = pd.DataFrame(
        {
            "share negative": per_buyer["negative"].mean(),
            "had a process failure": per_buyer["process_failure"].max().astype(float),
            "had a product defect": per_buyer["product_defect"].max().astype(float),
            "had a billing problem": per_buyer["price_billing"].max().astype(float),
        }
    )
    churned = (per_buyer["status"].first() == "churned").astype(float)
    before = items[
        items["churned_on"].notna()
        & (items["occurred_at"].dt.tz_convert(None) >= items["churned_on"] - pd.Timedelta(days=90))
        & (items["occurred_at"].dt.tz_convert(None) < items["churned_on"])
    ]
    active = items[items["status"] == "active"]

    report = key_drivers(features, churned, outcome="binary", higher_is_better=False, seed=0)
    sentiment = cx.compare_means(active["sentiment"], before["sentiment"])

    assert report.validation.metric == "auc"
    assert report.validation.value >= 0.7
    assert report.fix_first[0] == "share negative"
    assert sentiment.effect < 0
    assert sentiment.p_value < 0.01


def test_support_desk_south_leaves_its_customers_least_satisfied(analysed: Analysed) -> None:
    # The employee side of the link (the pulse survey) arrives in a later issue; this checks
    # the customer side: CSAT by the team that handled the interaction (raw["team"]).
    items = analysed.items
    scores = {str(team): g["csat"].dropna() for team, g in items.groupby("team")}
    csat = {team: cx.csat(values).satisfied.share for team, values in scores.items()}
    south = scores["Support Desk South"]

    comparisons = [
        cx.compare_csat(values, south)
        for team, values in scores.items()
        if team.startswith("Support Desk") and team != "Support Desk South"
    ]

    assert min(csat, key=csat.__getitem__) == "Support Desk South"
    assert len(comparisons) == 2
    assert all(c.effect < 0 and c.p_value < 0.01 for c in comparisons)
